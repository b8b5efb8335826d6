package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeSeeds writes a committed seed corpus file for a fuzz target when
// it is missing (go test -run Fuzz -update writes them once).
func writeSeeds(f *testing.F, name string, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	if os.Getenv("SAFEHOUSE_WRITE_SEEDS") == "" {
		return
	}
	dir := filepath.Join("testdata", "fuzz", name)
	os.MkdirAll(dir, 0o755)
	for i, s := range seeds {
		path := filepath.Join(dir, fmt.Sprintf("seed-%02d", i))
		if _, err := os.Stat(path); err == nil {
			continue
		}
		os.WriteFile(path, []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)), 0o644)
	}
}

const seedPayload = `{"events":[{"id":"11111111-1111-4111-8111-111111111111","created":"2027-09-01T10:00:00Z","updated":"2027-09-01T10:00:00Z","version":1,"title":"Party","kind":"workshop","start":"2027-10-21T10:00:00Z","end":"0001-01-01T00:00:00Z","time_zone":"UTC","online":false,"status":"planned","safety":{},"tasks":[],"participants":[]}],"tutorials":[],"builtin_tutorials":[{"slug":"make-the-switch","language":"en","content_version":1}],"contacts":[],"deleted":[]}`

// FuzzPayload checks that the payload parser never panics, enforces its
// limits, and that what it accepts re-encodes to JSON it accepts again
// with the same records.
func FuzzPayload(f *testing.F) {
	writeSeeds(f, "FuzzPayload",
		[]byte(seedPayload),
		[]byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[]}`),
		[]byte(`{"events":[[[[[[[[[[]]]]]]]]]]}`),
		[]byte(`{"contacts":[{"id":"x"}]}`),
		[]byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePayloadJSON(b)
		if err != nil {
			return
		}
		plain, _, err := encodePayload(p, DefaultLimits)
		if err != nil {
			t.Fatalf("accepted payload does not re-encode: %v", err)
		}
		q, err := ParsePayloadJSON(plain)
		if err != nil {
			t.Fatalf("re-encoded payload rejected: %v", err)
		}
		again, _, _ := encodePayload(q, DefaultLimits)
		if !bytes.Equal(plain, again) {
			t.Fatalf("payload does not round-trip:\n%s\n%s", plain, again)
		}
	})
}

// FuzzManifest checks the manifest parser: no panics, and accepted
// manifests re-encode to a manifest that parses the same.
func FuzzManifest(f *testing.F) {
	id, _ := newTestIdentity()
	m := newManifest(id, &Payload{}, SealOptions{Passphrase: "x", Sequence: 1}, []byte("{}"), []byte{1})
	mb, _ := json.Marshal(m)
	writeSeeds(f, "FuzzManifest", mb, []byte(`{"format":2}`), []byte(`{"format":1}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseManifest(b)
		if err != nil {
			return
		}
		again, _ := json.Marshal(m)
		m2, err := parseManifest(again)
		if err != nil {
			t.Fatalf("re-encoded manifest rejected: %v", err)
		}
		if a, _ := json.Marshal(m2); !bytes.Equal(a, again) {
			t.Fatal("manifest does not round-trip")
		}
	})
}

// FuzzEnvelope checks the inner envelope parser (what comes out of age
// decryption): no panics, and only validly signed input is accepted.
func FuzzEnvelope(f *testing.F) {
	id, _ := newTestIdentity()
	p := &Payload{}
	plain, compressed, _ := encodePayload(p, DefaultLimits)
	m := newManifest(id, p, SealOptions{Passphrase: "x", Sequence: 1}, plain, compressed)
	mb, _ := json.Marshal(m)
	good := assemble(mb, compressed, id.Sign(signedMessage(mb, compressed)))
	writeSeeds(f, "FuzzEnvelope", good, assemble(mb, compressed, nil), []byte("SHBUNDLE\x01"), []byte("SHBUNDLE\x02\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := openInner(b, DefaultLimits)
		if err != nil {
			return
		}
		if !o.SenderKeys.Verify(signedMessage(mustManifestBytes(t, b), mustPayload(t, b)), mustSig(t, b)) {
			t.Fatal("accepted an envelope whose signature does not verify")
		}
	})
}

func fields(b []byte) (m, p, s []byte) {
	b = b[9:]
	n := int(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
	m, b = b[4:4+n], b[4+n:]
	n = int(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
	p, b = b[4:4+n], b[4+n:]
	n = int(b[0])<<8 | int(b[1])
	return m, p, b[2 : 2+n]
}

func mustManifestBytes(t *testing.T, b []byte) []byte { m, _, _ := fields(b); return m }
func mustPayload(t *testing.T, b []byte) []byte       { _, p, _ := fields(b); return p }
func mustSig(t *testing.T, b []byte) []byte           { _, _, s := fields(b); return s }
