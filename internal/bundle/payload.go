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
	// Items is the most array elements and object members in the
	// payload, counted at every depth (each event, each of its fields,
	// each task, tag... is one).
	Items int
	// String is the longest JSON string (key or value) in bytes.
	String int
	// Depth is the deepest nesting of JSON objects and arrays.
	Depth int
}

// DefaultLimits are the limits of format version 1. Expanded and Items
// bound the work of opening a bundle: decoding 16 MiB of JSON takes about
// half a second here (docs/performance.md), and whatever a file holds,
// opening it stays within about 2 s of CPU and 200 MB of memory.
var DefaultLimits = Limits{
	File:       32 << 20,
	Compressed: 16 << 20,
	Expanded:   16 << 20,
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
	if err := scanPayload(plain, lim); err != nil {
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

// decodePayload decompresses a payload into a buffer of exactly the size
// the signed manifest gives (checked against the limit before), scans it
// in one linear pass (see [scanPayload]) and only then decodes it. A
// stream longer or shorter than the manifest says is refused.
func decodePayload(compressed []byte, expandedSize int64, lim Limits) (*Payload, error) {
	if int64(len(compressed)) > lim.Compressed {
		return nil, errf(ErrTooLarge, "compressed payload is %d bytes, limit %d", len(compressed), lim.Compressed)
	}
	if expandedSize < 0 || expandedSize > lim.Expanded {
		return nil, errf(ErrTooLarge, "expanded payload is %d bytes, limit %d", expandedSize, lim.Expanded)
	}
	fr := flate.NewReader(bytes.NewReader(compressed))
	defer fr.Close()
	plain := make([]byte, expandedSize)
	if _, err := io.ReadFull(fr, plain); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errf(ErrTampered, "payload is shorter than the manifest says")
		}
		return nil, errf(ErrTampered, "payload: %v", err)
	}
	var more [1]byte
	if n, err := io.ReadFull(fr, more[:]); n > 0 {
		return nil, errf(ErrTampered, "payload is longer than the manifest says")
	} else if !errors.Is(err, io.EOF) {
		return nil, errf(ErrTampered, "payload: %v", err)
	}
	if err := scanPayload(plain, lim); err != nil {
		return nil, err
	}
	return unmarshalPayload(plain)
}

// unmarshalPayload decodes payload JSON that [scanPayload] accepted: its
// grammar, limits and fields were checked, so encoding/json's Unmarshal
// (one more linear pass, no copy of the input) only fills the types.
func unmarshalPayload(b []byte) (*Payload, error) {
	var p Payload
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, errf(ErrTampered, "payload: %v", err)
	}
	return &p, nil
}

// ParsePayloadJSON decodes payload JSON with the default limits and
// validates its records, as [Open] does after decompression.
func ParsePayloadJSON(b []byte) (*Payload, error) {
	lim := DefaultLimits
	if int64(len(b)) > lim.Expanded {
		return nil, errf(ErrTooLarge, "payload is %d bytes, limit %d", len(b), lim.Expanded)
	}
	if err := scanPayload(b, lim); err != nil {
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
