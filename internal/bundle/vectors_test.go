package bundle_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age/armor"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/identity"
)

// seedComment starts the line of a test key file holding the Ed25519 seed.
const seedComment = "# ed25519-seed: "

var update = flag.Bool("update", false, "write missing test keys and test vectors")

// testKey returns the fixed test-only identity testdata/keys/NAME.txt: a
// comment "# ed25519-seed: HEX" with the signing key's seed, then the age
// identity line, so that `age -d -i NAME.txt` reads the file as it is.
func testKey(t testing.TB, name string) *identity.Identity {
	t.Helper()
	path := filepath.Join("testdata", "keys", name+".txt")
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) && *update {
		id, err := identity.Generate()
		if err != nil {
			t.Fatal(err)
		}
		a, seed := id.Secret()
		b = []byte("# test-only key, never use it for anything else\n" + seedComment + hex.EncodeToString(seed) + "\n" + a + "\n")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	var ageLine, seedHex string
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, seedComment):
			seedHex = strings.TrimPrefix(l, seedComment)
		case l != "" && !strings.HasPrefix(l, "#"):
			ageLine = l
		}
	}
	seed, err := hex.DecodeString(seedHex)
	if err != nil || len(seed) != 32 {
		t.Fatalf("%s: no 32-byte ed25519-seed comment (%v)", path, err)
	}
	id, err := identity.Parse(ageLine, seed)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// vectorPayload is a small payload with one event, one task and one
// custom tutorial.
func vectorPayload(t testing.TB) *bundle.Payload {
	t.Helper()
	p, err := bundle.ParsePayloadJSON([]byte(`{
	"events": [{"id": "11111111-1111-4111-8111-111111111111", "created": "2027-09-01T10:00:00Z",
		"updated": "2027-09-01T10:00:00Z", "version": 1, "title": "Crypto party", "kind": "workshop",
		"start": "2027-10-21T10:00:00Z", "end": "0001-01-01T00:00:00Z", "time_zone": "Europe/Berlin",
		"online": false, "status": "planned", "safety": {"threats": "doxxing"},
		"tasks": [{"id": "22222222-2222-4222-8222-222222222222", "created": "2027-09-01T10:00:00Z",
			"updated": "2027-09-01T10:00:00Z", "version": 1, "event_id": "11111111-1111-4111-8111-111111111111",
			"title": "Book a room", "due": "", "done": false, "position": 0}],
		"participants": []}],
	"tutorials": [{"id": "33333333-3333-4333-8333-333333333333", "created": "2027-09-01T10:00:00Z",
		"updated": "2027-09-01T10:00:00Z", "version": 1, "slug": "our-guide", "language": "en",
		"title": "Our guide", "body": "- [ ] step one", "content_version": 1, "source": "custom"}],
	"builtin_tutorials": [], "contacts": [], "deleted": []}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type vector struct {
	expect    string
	recipient string
	known     bool
	lastSeq   int64
	limits    bundle.Limits
	file      []byte
}

// expectations maps the expect: header to the error it names.
var expectations = map[string]error{
	"success":        nil,
	"tampered":       bundle.ErrTampered,
	"not for us":     bundle.ErrNotForUs,
	"forwarded":      bundle.ErrForwarded,
	"replay":         bundle.ErrReplay,
	"too large":      bundle.ErrTooLarge,
	"unsigned":       bundle.ErrUnsigned,
	"too deep":       bundle.ErrTooDeep,
	"too many items": bundle.ErrTooManyItems,
	"version":        bundle.ErrVersion,
	"unknown sender": bundle.ErrUnknownSender,
}

func writeVector(t *testing.T, name string, v vector) {
	t.Helper()
	path := filepath.Join("testdata", "vectors", name)
	if _, err := os.Stat(path); err == nil {
		return // old vectors are never replaced
	}
	if !*update {
		t.Errorf("test vector %s is missing: run go test -run TestGenerateVectors -update", name)
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "expect: %s\nrecipient: %s\nknown-sender: %v\nlast-sequence: %d\n", v.expect, v.recipient, v.known, v.lastSeq)
	if v.limits.Expanded > 0 {
		fmt.Fprintf(&b, "limit-expanded: %d\n", v.limits.Expanded)
	}
	b.WriteString("\n")
	file := v.file
	if !bytes.HasPrefix(file, []byte("-----BEGIN")) {
		var a bytes.Buffer
		w := armor.NewWriter(&a)
		w.Write(file)
		w.Close()
		file = a.Bytes()
	}
	b.Write(file)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readVector(t *testing.T, path string) vector {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v vector
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		line := sc.Text()
		n += len(line) + 1
		if line == "" {
			break
		}
		k, val, _ := strings.Cut(line, ": ")
		switch k {
		case "expect":
			v.expect = val
		case "recipient":
			v.recipient = val
		case "known-sender":
			v.known = val == "true"
		case "last-sequence":
			v.lastSeq, _ = strconv.ParseInt(val, 10, 64)
		case "limit-expanded":
			v.limits.Expanded, _ = strconv.ParseInt(val, 10, 64)
		default:
			t.Fatalf("%s: unknown header %q", path, k)
		}
	}
	v.file = b[n:]
	return v
}

// TestGenerateVectors writes the vectors that do not exist yet (go test
// -run TestGenerateVectors -update); without -update it checks that every
// vector it would write is already committed. Existing vectors are never
// changed.
func TestGenerateVectors(t *testing.T) {
	alice, bob, carol := testKey(t, "alice"), testKey(t, "bob"), testKey(t, "carol")
	now := time.Date(2027, 10, 21, 12, 0, 0, 0, time.UTC)
	seal := func(seq int64, to ...*identity.Identity) []byte {
		var keys []identity.Keys
		for _, id := range to {
			keys = append(keys, id.Keys())
		}
		f, _, err := bundle.Seal(alice, vectorPayload(t), bundle.SealOptions{Recipients: keys, Sequence: seq, Now: now,
			ID: "44444444-4444-4444-8444-44444444444" + strconv.FormatInt(seq, 10), Armor: true})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	valid := seal(1, bob)
	writeVector(t, "valid", vector{expect: "success", recipient: "bob", known: true, file: valid})
	writeVector(t, "valid-two-recipients", vector{expect: "success", recipient: "carol", known: true, file: seal(2, bob, carol)})
	raw, err := armorDecode(valid)
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(raw)
	tampered[len(tampered)-40] ^= 0x01
	writeVector(t, "tampered", vector{expect: "tampered", recipient: "bob", known: true, file: tampered})
	writeVector(t, "wrong-recipient", vector{expect: "not for us", recipient: "carol", known: true, file: valid})
	inner, err := bundletest.Decrypt(raw, bob)
	if err != nil {
		t.Fatal(err)
	}
	writeVector(t, "forwarded", vector{expect: "forwarded", recipient: "carol", known: true,
		file: bundletest.Encrypt(inner, carol.Keys())})
	writeVector(t, "replayed", vector{expect: "replay", recipient: "bob", known: true, lastSeq: 1, file: valid})
	writeVector(t, "unknown-sender", vector{expect: "unknown sender", recipient: "bob", known: false, file: valid})
	writeVector(t, "oversized", vector{expect: "too large", recipient: "bob", known: true,
		limits: bundle.Limits{Expanded: 512}, file: valid})
	spec := bundletest.Spec{Sender: alice, Payload: bundletest.Empty, EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 3}
	unsigned := spec
	unsigned.Unsigned = true
	writeVector(t, "unsigned", vector{expect: "unsigned", recipient: "bob", known: true, file: bundletest.Build(unsigned)})
	deep := spec
	deep.Payload = bundletest.Deep(40)
	writeVector(t, "deep", vector{expect: "too deep", recipient: "bob", known: true, file: bundletest.Build(deep)})
	v2 := spec
	v2.Format = 2
	writeVector(t, "format-2", vector{expect: "version", recipient: "bob", known: true, file: bundletest.Build(v2)})
	// Padded as the format requires; readers accept an unpadded one too.
	writeVector(t, "independent-writer", vector{expect: "success", recipient: "bob", known: true, file: bundletest.BuildPadded(spec)})
	writeVector(t, "independent-writer-unpadded", vector{expect: "success", recipient: "bob", known: true, file: bundletest.Build(spec)})
	// A manifest that says "passphrase" in a file encrypted to a key:
	// someone who knew the passphrase re-encrypted it.
	passManifest := spec
	passManifest.Recipients = []string{}
	writeVector(t, "passphrase-manifest-to-key", vector{expect: "forwarded", recipient: "bob", known: true,
		file: bundletest.Build(passManifest)})
}

func armorDecode(b []byte) ([]byte, error) {
	var out bytes.Buffer
	_, err := out.ReadFrom(armor.NewReader(bytes.NewReader(b)))
	return out.Bytes(), err
}

// TestVectors opens every committed vector and checks its expect: header.
func TestVectors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "vectors", "*"))
	if err != nil || len(files) < 10 {
		t.Fatalf("found %d vectors: %v", len(files), err)
	}
	keys := map[string]*identity.Identity{"alice": testKey(t, "alice"), "bob": testKey(t, "bob"), "carol": testKey(t, "carol")}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			v := readVector(t, path)
			want, ok := expectations[v.expect]
			if !ok {
				t.Fatalf("unknown expectation %q", v.expect)
			}
			me := keys[v.recipient]
			o, err := bundle.Open(v.file, bundle.OpenOptions{Identity: me, Limits: v.limits})
			if err == nil {
				// last-sequence names the last bundle imported from the
				// sender: a vector at or below it was imported already.
				err = bundle.Check(o.Manifest, me.Fingerprint().String(), bundle.SenderState{Known: v.known,
					LastSequence: v.lastSeq, Imported: o.Manifest.Sequence <= v.lastSeq})
			}
			if want == nil && err != nil || want != nil && !errors.Is(err, want) {
				t.Fatalf("got %v, want %v", err, want)
			}
		})
	}
}

// TestVectorKeysWorkWithAgeCLI: the test key files are identity files the
// age command reads as they are, and the independent writer's vector is
// padded to its Padmé bucket as the format requires (the unpadded one is
// read too, but is not what a writer should produce).
func TestVectorKeysWorkWithAgeCLI(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("not on Windows")
	}
	ageBin := buildAge(t)
	for _, tc := range []struct {
		vector string
		padded bool
	}{{"independent-writer", true}, {"independent-writer-unpadded", false}, {"valid", true}} {
		data, err := os.ReadFile(filepath.Join("testdata", "vectors", tc.vector))
		if err != nil {
			t.Fatal(err)
		}
		_, armored, ok := bytes.Cut(data, []byte("\n\n"))
		if !ok {
			t.Fatalf("%s: no blank line after the headers", tc.vector)
		}
		in := filepath.Join(t.TempDir(), "bundle.age")
		if err := os.WriteFile(in, armored, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(ageBin, "-d", "-i", filepath.Join("testdata", "keys", "bob.txt"), in).Output()
		if err != nil {
			t.Fatalf("%s: age -d -i testdata/keys/bob.txt: %v", tc.vector, err)
		}
		if _, err := bundle.OpenInner(out, bundle.Limits{}); err != nil {
			t.Fatalf("%s: inner from age CLI: %v", tc.vector, err)
		}
		if padded := len(out) == bundle.PaddedSize(len(out)) && len(out) >= 4096; padded != tc.padded {
			t.Errorf("%s: inner of %d bytes, padded %v, want %v", tc.vector, len(out), padded, tc.padded)
		}
	}
}
