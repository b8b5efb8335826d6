// Package bundletest builds bundles that package bundle would never write
// (unsigned, forwarded, oversized, deeply nested, of another version), for
// tests of the import checks. It implements the format from
// docs/bundle-format.md independently of package bundle, so it also checks
// that the document and the code agree. Use it in tests only.
package bundletest

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/safehouse-app/safehouse/internal/identity"
)

// Spec describes a raw bundle.
type Spec struct {
	Sender *identity.Identity
	// Payload is the payload JSON, compressed as it is.
	Payload []byte
	// Recipients named in the manifest (fingerprints); nil means the
	// fingerprints of EncryptTo.
	Recipients []string
	// EncryptTo are the keys the age layer is encrypted to.
	EncryptTo []identity.Keys
	Sequence  int64
	// Format overrides the manifest format version (0: 1).
	Format int
	// EnvelopeVersion overrides the inner envelope version (0: 1).
	EnvelopeVersion byte
	// Unsigned leaves the signature out.
	Unsigned bool
	// Counts is the manifest's counts object (nil: all zero).
	Counts map[string]int
	// ID is the bundle UUID (default fixed).
	ID string
	// Created is the creation time (default fixed).
	Created time.Time
	// SigningKey, when set, replaces the sender's public signing key in
	// the manifest (the fingerprint follows it), to forge bundles "from"
	// weak keys.
	SigningKey []byte
	// Signature, when set, replaces the signature.
	Signature []byte
	// ExpandedSize, when not 0, is the expanded size the manifest claims.
	ExpandedSize int
}

// Inner returns the signed inner plaintext (unpadded; padding is optional
// for readers as long as it is zeros).
func Inner(s Spec) []byte {
	var comp bytes.Buffer
	w, _ := flate.NewWriter(&comp, flate.BestCompression)
	w.Write(s.Payload)
	w.Close()
	sum := sha256.Sum256(comp.Bytes())
	keys := s.Sender.Keys()
	if s.SigningKey != nil {
		keys.SigningKey = s.SigningKey
	}
	expanded := len(s.Payload)
	if s.ExpandedSize != 0 {
		expanded = s.ExpandedSize
	}
	recips := s.Recipients
	if recips == nil {
		recips = []string{}
		for _, k := range s.EncryptTo {
			recips = append(recips, k.Fingerprint().String())
		}
	}
	format := s.Format
	if format == 0 {
		format = 1
	}
	counts := map[string]int{"events": 0, "tasks": 0, "participants": 0, "contacts": 0, "tutorials": 0,
		"builtin_tutorials": 0, "deleted": 0}
	for k, v := range s.Counts {
		counts[k] = v
	}
	id := s.ID
	if id == "" {
		id = "00000000-0000-4000-8000-000000000001"
	}
	created := s.Created
	if created.IsZero() {
		created = time.Date(2027, 10, 21, 12, 0, 0, 0, time.UTC)
	}
	m := map[string]any{
		"format":  format,
		"id":      id,
		"created": created,
		"sender": map[string]string{"fingerprint": keys.Fingerprint().String(), "age_recipient": keys.Recipient,
			"ed25519": keys.SigningKeyText()},
		"recipients": recips,
		"passphrase": len(recips) == 0,
		"sequence":   s.Sequence,
		"payload": map[string]any{"compression": "deflate", "sha256": hex.EncodeToString(sum[:]),
			"size": comp.Len(), "expanded_size": expanded},
		"counts": counts,
	}
	mb, _ := json.Marshal(m)
	msg := append([]byte("safehouse-bundle-v1\n"), mb...)
	msg = append(msg, sum[:]...)
	var sig []byte
	switch {
	case s.Signature != nil:
		sig = s.Signature
	case !s.Unsigned:
		sig = s.Sender.Sign(msg)
	}
	var b bytes.Buffer
	b.WriteString("SHBUNDLE")
	v := s.EnvelopeVersion
	if v == 0 {
		v = 1
	}
	b.WriteByte(v)
	binary.Write(&b, binary.BigEndian, uint32(len(mb)))
	b.Write(mb)
	binary.Write(&b, binary.BigEndian, uint32(comp.Len()))
	b.Write(comp.Bytes())
	binary.Write(&b, binary.BigEndian, uint16(len(sig)))
	b.Write(sig)
	return b.Bytes()
}

// Encrypt age-encrypts an inner plaintext to keys.
func Encrypt(inner []byte, to ...identity.Keys) []byte {
	var rs []age.Recipient
	for _, k := range to {
		r, err := k.AgeRecipient()
		if err != nil {
			panic(err)
		}
		rs = append(rs, r)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rs...)
	if err != nil {
		panic(err)
	}
	w.Write(inner)
	w.Close()
	return buf.Bytes()
}

// EncryptPassphrase age-encrypts an inner plaintext to a passphrase with
// the scrypt work factor logN.
func EncryptPassphrase(inner []byte, passphrase string, logN int) []byte {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		panic(err)
	}
	r.SetWorkFactor(logN)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		panic(err)
	}
	w.Write(inner)
	w.Close()
	return buf.Bytes()
}

// Build returns the encrypted bundle of s.
func Build(s Spec) []byte { return Encrypt(Inner(s), s.EncryptTo...) }

// BuildPadded returns the bundle with its inner plaintext padded as the
// format requires (see [Pad]).
func BuildPadded(s Spec) []byte { return Encrypt(Pad(Inner(s)), s.EncryptTo...) }

// Pad appends zero bytes to inner up to its Padmé bucket with a floor of
// 4096 bytes, as docs/bundle-format.md describes it: for a length L
// above the floor, E = floor(log2 L), S = floor(log2 E) + 1, and L is
// rounded up to a multiple of 2^(E-S).
func Pad(inner []byte) []byte {
	n := len(inner)
	size := 4096
	if n > size {
		e := 0
		for 1<<(e+1) <= n {
			e++
		}
		s := 0
		for 1<<s <= e {
			s++
		}
		step := 1 << (e - s)
		size = (n + step - 1) / step * step
	}
	out := make([]byte, size)
	copy(out, inner)
	return out
}

// Decrypt returns the inner plaintext of a bundle, as a recipient who
// wants to forward it would.
func Decrypt(file []byte, id *identity.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(file), id.AgeIdentity())
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	_, err = b.ReadFrom(r)
	return b.Bytes(), err
}

// Deep returns payload JSON nested depth arrays deep.
func Deep(depth int) []byte {
	return []byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[],"x":` +
		string(bytes.Repeat([]byte("["), depth)) + string(bytes.Repeat([]byte("]"), depth)) + `}`)
}

// ManyItems returns payload JSON with n items in one array.
func ManyItems(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("0")
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// Empty is the JSON of an empty payload.
var Empty = []byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[]}`)

// The worst payloads for a reader, each as large as the expanded size
// limit allows when size is that limit (THREATS.md test 14). They are
// all syntactically valid JSON.

// emptyTail closes an empty payload whose first member was opened.
const emptyTail = `[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[]}`

// Whitespace returns an empty payload of size bytes, nearly all of them
// one run of white space (the run that made encoding/json's Decoder
// quadratic).
func Whitespace(size int) []byte {
	head := `{"events":`
	n := size - len(head) - len(emptyTail)
	return []byte(head + strings.Repeat(" ", max(n, 0)) + emptyTail)
}

// DuplicateKeys returns a payload of about size bytes whose top-level
// object repeats one known key: {"deleted":[],"deleted":[],...}.
func DuplicateKeys(size int) []byte {
	const member = `"deleted":[],`
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],`)
	for b.Len()+len(member)+len(`"deleted":[]}`) <= size {
		b.WriteString(member)
	}
	b.WriteString(`"deleted":[]}`)
	return b.Bytes()
}

// DeepNesting returns a payload of about size bytes that nests arrays
// depth levels deep again and again: [[[…]]],[[[…]]],….
func DeepNesting(depth, size int) []byte {
	unit := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[`)
	for i := 0; b.Len()+len(unit)+3 <= size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(unit)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// ManySmallItems returns a payload of about size bytes holding one list
// of as many one-character items as fit: [0,0,0,…].
func ManySmallItems(size int) []byte {
	return ManyItems(max((size-len(Empty))/2, 1))
}

// LongTexts returns a payload of about size bytes of events whose
// descriptions are text long bytes long; every event is valid except
// that descriptions that long are not (the decoder still has to read
// them all).
func LongTexts(size, long int) (payload []byte, events int) {
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(`{"events":[`)
	text := strings.Repeat("Safety first. ", long/14+1)[:long]
	for i := 0; ; i++ {
		ev := fmt.Sprintf(`{"id":"11111111-1111-4111-8111-%012d","created":"2027-09-01T10:00:00Z",`+
			`"updated":"2027-09-01T10:00:00Z","version":1,"title":"Event %d","kind":"workshop",`+
			`"start":"2027-10-21T10:00:00Z","end":"0001-01-01T00:00:00Z","time_zone":"UTC","online":false,`+
			`"status":"planned","description":%q,"safety":{},"tasks":[],"participants":[]}`, i, i, text)
		if b.Len()+len(ev)+len(emptyTail)+1 > size {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(ev)
		events++
	}
	b.WriteString(`],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[]}`)
	return b.Bytes(), events
}
