package bundle_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/identity"
)

func open(t *testing.T, file []byte, me *identity.Identity, lim bundle.Limits) error {
	t.Helper()
	_, err := bundle.Open(file, bundle.OpenOptions{Identity: me, Limits: lim})
	return err
}

// TestHostileBundles covers THREATS.md test 7 at the format level; the
// app tests check the same cases leave a vault byte-identical.
func TestHostileBundles(t *testing.T) {
	alice, bob := testKey(t, "alice"), testKey(t, "bob")
	spec := bundletest.Spec{Sender: alice, Payload: bundletest.Empty, EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 1}
	with := func(f func(*bundletest.Spec)) []byte {
		s := spec
		f(&s)
		return bundletest.Build(s)
	}
	wrongVersion := bundletest.Inner(spec)
	wrongVersion[8] = 2
	garbage := bytes.Repeat([]byte("A"), 100)
	cases := []struct {
		name string
		file []byte
		lim  bundle.Limits
		want error
	}{
		{"million items", with(func(s *bundletest.Spec) { s.Payload = bundletest.ManyItems(1_000_000) }), bundle.Limits{}, bundle.ErrTooManyItems},
		{"deep", with(func(s *bundletest.Spec) { s.Payload = bundletest.Deep(33) }), bundle.Limits{}, bundle.ErrTooDeep},
		{"long string", with(func(s *bundletest.Spec) {
			s.Payload = []byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[],"x":"` + strings.Repeat("a", 70000) + `"}`)
		}), bundle.Limits{}, bundle.ErrTooLarge},
		{"bomb", with(func(s *bundletest.Spec) {
			s.Payload = []byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[],"x":"` + strings.Repeat("a", 60000) + `"}`)
		}), bundle.Limits{Expanded: 4096}, bundle.ErrTooLarge},
		{"file too large", bundletest.Build(spec), bundle.Limits{File: 100}, bundle.ErrTooLarge},
		{"envelope version", bundletest.Encrypt(wrongVersion, bob.Keys()), bundle.Limits{}, bundle.ErrVersion},
		{"not age", garbage, bundle.Limits{}, bundle.ErrTampered},
		{"truncated", bundletest.Build(spec)[:300], bundle.Limits{}, bundle.ErrTampered},
		{"unknown field", with(func(s *bundletest.Spec) {
			s.Payload = []byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[],"x":1}`)
		}), bundle.Limits{}, bundle.ErrTampered},
		{"counts lie", with(func(s *bundletest.Spec) { s.Counts = map[string]int{"events": 1} }), bundle.Limits{}, bundle.ErrTampered},
		{"invalid record", with(func(s *bundletest.Spec) {
			s.Payload = []byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[{"id":"../../etc","kind":"event"}]}`)
			s.Counts = map[string]int{"deleted": 1}
		}), bundle.Limits{}, bundle.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := open(t, c.file, bob, c.lim); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	// Every single-byte flip of a valid bundle is refused (sampled).
	valid := bundletest.Build(spec)
	if err := open(t, valid, bob, bundle.Limits{}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(valid); i += 1 + len(valid)/200 {
		b := bytes.Clone(valid)
		b[i] ^= 0x20
		if err := open(t, b, bob, bundle.Limits{}); err == nil {
			t.Fatalf("flip at %d accepted", i)
		}
	}
}

// TestHostileEnvelope: each check of the envelope and of the age header
// is the one that refuses its own kind of crafted file (a wrong error
// text means another check caught it by luck, and removing this one
// would go unnoticed).
func TestHostileEnvelope(t *testing.T) {
	alice, bob := testKey(t, "alice"), testKey(t, "bob")
	spec := bundletest.Spec{Sender: alice, Payload: bundletest.Empty, EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 1}
	badMagic := bundletest.Pad(bundletest.Inner(spec))
	badMagic[0] ^= 0x01
	padded := bundletest.Pad(bundletest.Inner(spec))
	if len(padded) == len(bundletest.Inner(spec)) {
		t.Fatal("test setup: the inner plaintext has no padding to spoil")
	}
	padded[len(padded)-1] = 0x01
	// 257 recipient stanzas: refused from the header, before any key work.
	var many []age.Recipient
	for range tooManyRecipients {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			t.Fatal(err)
		}
		many = append(many, id.Recipient())
	}
	var crowd bytes.Buffer
	w, err := age.Encrypt(&crowd, many...)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bundletest.Pad(bundletest.Inner(spec)))
	w.Close()
	for _, c := range []struct {
		name string
		file []byte
		want error
		text string
	}{
		{"bad magic", bundletest.Encrypt(badMagic, bob.Keys()), bundle.ErrTampered, "not a Safehouse bundle"},
		{"non-zero padding", bundletest.Encrypt(padded, bob.Keys()), bundle.ErrTampered, "data after the signature"},
		{"too many recipients", crowd.Bytes(), bundle.ErrTooLarge, "257 recipients"},
		{"passphrase without one", bundletest.EncryptPassphrase(bundletest.Pad(bundletest.Inner(spec)), "pw", 10), bundle.ErrNeedPassphrase, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := open(t, c.file, bob, bundle.Limits{})
			if !errors.Is(err, c.want) || !strings.Contains(fmt.Sprint(err), c.text) {
				t.Fatalf("got %v, want %v (%q)", err, c.want, c.text)
			}
		})
	}
}

// tooManyRecipients is one recipient more than a bundle may have.
const tooManyRecipients = bundle.MaxRecipients + 1

func TestPassphraseWorkFactorRefusedAtOnce(t *testing.T) {
	alice := testKey(t, "alice")
	file, _, err := bundle.Seal(alice, &bundle.Payload{Events: []bundle.Event{}}, bundle.SealOptions{Passphrase: "pw", WorkFactor: 10, Sequence: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bundle.Open(file, bundle.OpenOptions{Passphrase: "pw"}); err != nil {
		t.Fatal(err)
	}
	// Rewrite the work factor in the header to 19, 21 and 23: refused
	// before scrypt runs (the header MAC would fail only after it).
	for _, wf := range []string{"19", "21", "23"} {
		s := string(file)
		i := strings.Index(s, "-> scrypt ")
		end := strings.IndexByte(s[i:], '\n') + i
		hostile := s[:end-2] + wf + s[end:]
		if _, err := bundle.Open([]byte(hostile), bundle.OpenOptions{Passphrase: "pw"}); !errors.Is(err, bundle.ErrTooLarge) {
			t.Fatalf("work factor %s: %v", wf, err)
		}
	}
	// 18, the work factor Safehouse writes, is tried (and fails only at
	// the header's MAC, since the header was changed).
	s := string(file)
	i := strings.Index(s, "-> scrypt ")
	end := strings.IndexByte(s[i:], '\n') + i
	if _, err := bundle.Open([]byte(s[:end-2]+"18"+s[end:]), bundle.OpenOptions{Passphrase: "pw"}); err == nil || errors.Is(err, bundle.ErrTooLarge) {
		t.Fatalf("work factor 18: %v", err)
	}
}

func TestFileNamesAreNeutral(t *testing.T) {
	seen := map[string]bool{}
	neutral := regexp.MustCompile(`^[0-9a-f]{8}\.age$`)
	for range 50 {
		n := bundle.FileName()
		if !neutral.MatchString(n) || seen[n] {
			t.Fatalf("name %q", n)
		}
		seen[n] = true
	}
}

func TestPaddingBuckets(t *testing.T) {
	if bundle.PaddedSize(1) != 4096 || bundle.PaddedSize(4097) < 4097 {
		t.Fatal("padding floor")
	}
	for n := 4097; n < 1<<24; n = n*3/2 + 7 {
		p := bundle.PaddedSize(n)
		if p < n || float64(p-n) > 0.12*float64(n) {
			t.Fatalf("PaddedSize(%d) = %d", n, p)
		}
	}
}

// TestAgeCLIInterop builds the age command from filippo.io/age (the
// version in go.mod, from the module cache: no network) and decrypts a
// bundle with `age -d -i IDENTITY`, then verifies the inner signed
// structure with our code.
func TestAgeCLIInterop(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("not on Windows")
	}
	ageBin := buildAge(t)
	alice, bob := testKey(t, "alice"), testKey(t, "bob")
	for _, armored := range []bool{false, true} {
		file, m, err := bundle.Seal(alice, vectorPayload(t), bundle.SealOptions{Recipients: []identity.Keys{bob.Keys()}, Sequence: 7, Armor: armored})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		idFile := filepath.Join(dir, "bob.key")
		a, _ := bob.Secret()
		if err := os.WriteFile(idFile, []byte(a+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, bundle.FileName())
		if err := os.WriteFile(in, file, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(ageBin, "-d", "-i", idFile, in).Output()
		if err != nil {
			t.Fatalf("age -d: %v", err)
		}
		o, err := bundle.OpenInner(out, bundle.Limits{})
		if err != nil {
			t.Fatalf("inner from age CLI: %v", err)
		}
		if o.Manifest.ID != m.ID || o.Manifest.Sequence != 7 || len(o.Payload.Events) != 1 {
			t.Fatalf("manifest %+v", o.Manifest)
		}
	}
}

// buildAge builds the age command (a tool dependency in go.mod, so its
// version is pinned and its sources come from the module cache) into a
// temporary folder.
func buildAge(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "age")
	cmd := exec.Command("go", "build", "-o", bin, "filippo.io/age/cmd/age")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the age command: %v\n%s", err, out)
	}
	return bin
}
