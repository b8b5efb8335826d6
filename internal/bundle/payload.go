package bundle

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Payload is the plain data a bundle carries (docs/bundle-format.md).
type Payload struct {
	Events    []Event              `json:"events"`
	Tutorials []*tutorial.Tutorial `json:"tutorials"`
	// BuiltinTutorials name shipped tutorials by slug and version only:
	// their text ships with the app.
	BuiltinTutorials []BuiltinRef `json:"builtin_tutorials"`
	Contacts         []Contact    `json:"contacts"`
	// Deleted lists records the sender originated and deleted.
	Deleted []Deletion `json:"deleted"`
}

// Event is an event with its tasks and participants.
type Event struct {
	event.Event
	Tasks []*event.Task `json:"tasks"`
	// Participants reference contacts carried in the same bundle; the
	// sender drops participants whose contact is not included.
	Participants []Participant `json:"participants"`
}

// Participant links a contact of the bundle to the event.
type Participant struct {
	ContactID string `json:"contact_id"`
	Role      string `json:"role,omitempty"`
}

// Contact is a contact with the names of the fields left out.
type Contact struct {
	contact.Contact
	// Redacted names the fields the sender left out: any of "channels",
	// "notes", "consent". The receiver keeps its own values of those.
	Redacted []string `json:"redacted,omitempty"`
}

// Redactable contact fields.
const (
	FieldChannels = "channels"
	FieldNotes    = "notes"
	FieldConsent  = "consent"
)

// BuiltinRef names a built-in tutorial.
type BuiltinRef struct {
	Slug           string `json:"slug"`
	Language       string `json:"language"`
	ContentVersion int    `json:"content_version"`
}

// Deletion names a deleted record.
type Deletion struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
}

// Counts returns the number of records of each kind in p.
func (p *Payload) Counts() Counts {
	c := Counts{Events: len(p.Events), Contacts: len(p.Contacts), Tutorials: len(p.Tutorials),
		BuiltinTutorials: len(p.BuiltinTutorials), Deleted: len(p.Deleted)}
	for _, e := range p.Events {
		c.Tasks += len(e.Tasks)
		c.Participants += len(e.Participants)
	}
	return c
}

// Limits bound what [Open] accepts. [DefaultLimits] are used for zero
// fields.
type Limits struct {
	// File is the largest bundle file (armored or not), checked before
	// decryption.
	File int64
	// Compressed is the largest compressed payload.
	Compressed int64
	// Expanded is the largest payload JSON after decompression.
	Expanded int64
	// Items is the most array elements in the payload, counted at every
	// depth (each event, task, contact, tag... is one).
	Items int
	// String is the longest JSON string (key or value) in bytes.
	String int
	// Depth is the deepest nesting of JSON objects and arrays.
	Depth int
}

// DefaultLimits are the limits of format version 1.
var DefaultLimits = Limits{
	File:       32 << 20,
	Compressed: 16 << 20,
	Expanded:   64 << 20,
	Items:      50000,
	String:     64 << 10,
	Depth:      32,
}

func (l Limits) orDefault() Limits {
	d := DefaultLimits
	if l.File > 0 {
		d.File = l.File
	}
	if l.Compressed > 0 {
		d.Compressed = l.Compressed
	}
	if l.Expanded > 0 {
		d.Expanded = l.Expanded
	}
	if l.Items > 0 {
		d.Items = l.Items
	}
	if l.String > 0 {
		d.String = l.String
	}
	if l.Depth > 0 {
		d.Depth = l.Depth
	}
	return d
}

// encodePayload returns the payload JSON and its deflate compression,
// refusing payloads a receiver would refuse.
func encodePayload(p *Payload, lim Limits) (plain, compressed []byte, err error) {
	n := *p
	// Empty lists are written as [], never null.
	if n.Events == nil {
		n.Events = []Event{}
	}
	if n.Tutorials == nil {
		n.Tutorials = []*tutorial.Tutorial{}
	}
	if n.BuiltinTutorials == nil {
		n.BuiltinTutorials = []BuiltinRef{}
	}
	if n.Contacts == nil {
		n.Contacts = []Contact{}
	}
	if n.Deleted == nil {
		n.Deleted = []Deletion{}
	}
	plain, err = json.Marshal(&n)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to encode payload: %w", err)
	}
	if err := scanJSON(bytes.NewReader(plain), lim); err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(plain)
	if err := w.Close(); err != nil {
		return nil, nil, fmt.Errorf("failed to compress payload: %w", err)
	}
	if int64(buf.Len()) > lim.Compressed {
		return nil, nil, errf(ErrTooLarge, "compressed payload is %d bytes, limit %d", buf.Len(), lim.Compressed)
	}
	return plain, buf.Bytes(), nil
}

// decodePayload decompresses and decodes a payload, enforcing the limits
// while it decompresses: it stops at the first byte over a limit.
func decodePayload(compressed []byte, lim Limits) (*Payload, int64, error) {
	if int64(len(compressed)) > lim.Compressed {
		return nil, 0, errf(ErrTooLarge, "compressed payload is %d bytes, limit %d", len(compressed), lim.Compressed)
	}
	fr := flate.NewReader(bytes.NewReader(compressed))
	defer fr.Close()
	lr := &limitReader{r: fr, n: lim.Expanded}
	var plain bytes.Buffer
	if err := scanJSON(io.TeeReader(lr, &plain), lim); err != nil {
		return nil, 0, err
	}
	// Nothing but white space may follow the JSON value.
	if _, err := io.Copy(&plain, lr); err != nil {
		return nil, 0, classifyRead(err)
	}
	p, err := unmarshalPayload(plain.Bytes())
	if err != nil {
		return nil, 0, err
	}
	return p, int64(plain.Len()), nil
}

// unmarshalPayload decodes payload JSON strictly: unknown fields and
// trailing data are refused.
func unmarshalPayload(b []byte) (*Payload, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var p Payload
	if err := d.Decode(&p); err != nil {
		return nil, errf(ErrTampered, "payload: %v", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errf(ErrTampered, "payload: trailing data")
	}
	return &p, nil
}

var errExpandedTooLarge = errors.New("expanded payload too large")

// limitReader fails with errExpandedTooLarge once more than n bytes were
// read.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errExpandedTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errExpandedTooLarge
	}
	return n, err
}

func classifyRead(err error) error {
	if errors.Is(err, errExpandedTooLarge) {
		return errf(ErrTooLarge, "expanded payload exceeds the limit")
	}
	return errf(ErrTampered, "payload: %v", err)
}

// scanJSON walks the tokens of one JSON value from r and enforces the
// depth, string length and item limits as it reads, so a hostile payload
// is refused after reading at most one token past a limit.
func scanJSON(r io.Reader, lim Limits) error {
	d := json.NewDecoder(r)
	d.UseNumber()
	type frame struct {
		array     bool
		expectKey bool
	}
	var stack []frame
	items := 0
	started := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !started || len(stack) > 0 {
				return errf(ErrTampered, "payload: unexpected end")
			}
			return nil
		}
		if err != nil {
			return classifyRead(err)
		}
		if started && len(stack) == 0 {
			return errf(ErrTampered, "payload: trailing data")
		}
		started = true
		if delim, ok := tok.(json.Delim); ok && (delim == '}' || delim == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			if !top.array && top.expectKey {
				if s, ok := tok.(string); ok && len(s) > lim.String {
					return errf(ErrTooLarge, "a key of %d bytes, limit %d", len(s), lim.String)
				}
				top.expectKey = false
				continue
			}
			if top.array {
				items++
				if items > lim.Items {
					return errf(ErrTooManyItems, "more than %d items", lim.Items)
				}
			} else {
				top.expectKey = true
			}
		}
		switch v := tok.(type) {
		case json.Delim:
			if len(stack) >= lim.Depth {
				return errf(ErrTooDeep, "nesting deeper than %d", lim.Depth)
			}
			stack = append(stack, frame{array: v == '[', expectKey: v == '{'})
		case string:
			if len(v) > lim.String {
				return errf(ErrTooLarge, "a text of %d bytes, limit %d", len(v), lim.String)
			}
		case json.Number:
			if len(v) > 64 {
				return errf(ErrTampered, "payload: number too long")
			}
		}
	}
}

// ParsePayloadJSON decodes payload JSON with the default limits and
// validates its records, as [Open] does after decompression.
func ParsePayloadJSON(b []byte) (*Payload, error) {
	lim := DefaultLimits
	if int64(len(b)) > lim.Expanded {
		return nil, errf(ErrTooLarge, "payload is %d bytes, limit %d", len(b), lim.Expanded)
	}
	if err := scanJSON(bytes.NewReader(b), lim); err != nil {
		return nil, err
	}
	p, err := unmarshalPayload(b)
	if err != nil {
		return nil, err
	}
	if err := validatePayload(p); err != nil {
		return nil, err
	}
	return p, nil
}
