package vault

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"filippo.io/age"
)

// Tests use a low scrypt work factor; the shipped binary always writes 18.
func TestMain(m *testing.M) {
	SetWorkFactorForTesting(10)
	// Generation records go to a test folder, never the user's.
	seen := os.Getenv("SAFEHOUSE_VAULT_SEEN")
	if seen == "" {
		var err error
		if seen, err = os.MkdirTemp("", "safehouse-seen-"); err != nil {
			panic(err)
		}
		os.Setenv("SAFEHOUSE_VAULT_SEEN", seen)
	}
	SetSeenDir(seen)
	if dir := os.Getenv("SAFEHOUSE_VAULT_CHILD"); dir != "" {
		os.Exit(runChild(dir, os.Getenv("SAFEHOUSE_VAULT_CHILD_MODE")))
	}
	code := m.Run()
	os.RemoveAll(seen)
	os.Exit(code)
}

var testPass = []byte("correct horse battery staple")

func image(tag string, size int) []byte {
	b := bytes.Repeat([]byte{0xA5}, size)
	copy(b, tag)
	return b
}

func newVault(t *testing.T, img []byte) (string, *Vault) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, img)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return dir, v
}

// snapshot returns the contents of every file in dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = b
	}
	return m
}

func assertSnapshot(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	got := snapshot(t, dir)
	if len(got) != len(want) {
		names := []string{}
		for n := range got {
			names = append(names, n)
		}
		t.Fatalf("files changed: have %v, want %d files", names, len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Fatalf("%s changed", name)
		}
	}
}

func trimPad(b []byte) []byte { return bytes.TrimRight(b, "\x00") }

func TestCreateOpenLoad(t *testing.T) {
	img := image("first", 1000)
	dir, v := newVault(t, img)
	if err := v.Save(image("second", 200_000)); err != nil {
		t.Fatalf("Save: %v", err)
	}
	v.Close()

	v2, err := Open(dir, testPass)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer v2.Close()
	got, err := v2.Load(Current)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if want := PaddedSize(200_000+TrailerSize) - TrailerSize; len(got) != want {
		t.Errorf("loaded %d bytes, want padded size without trailer %d", len(got), want)
	}
	if !bytes.Equal(got[:200_000], image("second", 200_000)) {
		t.Error("loaded image differs from saved one")
	}
	prev, err := v2.Load(Previous)
	if err != nil {
		t.Fatalf("Load(Previous): %v", err)
	}
	if !bytes.Equal(prev[:1000], img) || len(trimPad(prev)) != 1000 {
		t.Error("previous generation is not the first image")
	}
	for _, name := range []string{KeyFile, KeySumFile, DataFile, PrevFile, LockFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}
	st, _ := os.Stat(dir)
	if st.Mode().Perm() != 0o700 {
		t.Errorf("vault folder mode %v, want 0700", st.Mode().Perm())
	}
}

func TestCreateRefusesExistingVault(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	v.Close()
	before := snapshot(t, dir)
	if _, err := Create(dir, []byte("other"), image("y", 10)); !errors.Is(err, ErrExists) {
		t.Fatalf("Create over a vault: %v, want ErrExists", err)
	}
	assertSnapshot(t, dir, before)
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open(t.TempDir(), testPass); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
}

func TestWrongPassphrase(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	v.Close()
	before := snapshot(t, dir)
	for _, p := range []string{"wrong", "correct horse battery stapl", "Correct horse battery staple"} {
		_, err := Open(dir, []byte(p))
		if !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("Open(%q): %v, want ErrWrongPassphrase", p, err)
		}
	}
	assertSnapshot(t, dir, before)
	// The lock was released: the right passphrase still works.
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
}

func TestSecondInstanceRefused(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	if _, err := Open(dir, testPass); !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	v.Close()
	v2, err := Open(dir, testPass)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	v2.Close()
}

func TestRecipientNeverWritten(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	if err := v.Save(image("y", 10)); err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase(testPass, []byte("new pass")); err != nil {
		t.Fatal(err)
	}
	rcpt := v.recipient.(*age.HybridRecipient).String()
	key, _ := v.RecoveryKey()
	if !strings.HasPrefix(rcpt, "age1pq1") || !strings.HasPrefix(key, "AGE-SECRET-KEY-PQ-1") {
		t.Fatalf("unexpected key types: %.12s / %.20s", rcpt, key)
	}
	for name, b := range snapshot(t, dir) {
		for _, s := range []string{rcpt, rcpt[:40], strings.ToUpper(rcpt[:40]), key[:40]} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s contains key material %.16s…", name, s)
			}
		}
	}
}

func TestChangePassphrase(t *testing.T) {
	dir, v := newVault(t, image("data", 100))
	if _, err := v.Load(Current); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	if err := v.ChangePassphrase([]byte("nope"), []byte("new")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong old passphrase: %v", err)
	}
	assertSnapshot(t, dir, before)
	if err := v.ChangePassphrase(testPass, []byte("new passphrase")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if bytes.Equal(before[DataFile], snapshot(t, dir)[DataFile]) {
		t.Error("changing the passphrase did not re-encrypt data.age")
	}
	if _, err := Open(dir, testPass); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase still opens: %v", err)
	}
	v2, err := Open(dir, []byte("new passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	got, err := v2.Load(Current)
	if err != nil || !bytes.HasPrefix(got, image("data", 100)) {
		t.Fatalf("Load after passphrase change: %v", err)
	}
}

func TestExternalChangeRefused(t *testing.T) {
	dir, v := newVault(t, image("mine", 100))
	// Someone else (a sync tool, another copy of the vault) writes data.age.
	other := filepath.Join(t.TempDir(), "other")
	ov, err := Create(other, testPass, image("theirs", 100))
	if err != nil {
		t.Fatal(err)
	}
	ov.Close()
	theirs, _ := os.ReadFile(filepath.Join(other, DataFile))
	if err := os.WriteFile(filepath.Join(dir, DataFile), theirs, 0o600); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	if err := v.Save(image("mine2", 100)); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("Save over external change: %v, want ErrChangedOnDisk", err)
	}
	assertSnapshot(t, dir, before)

	// Deleting data.age is an external change too.
	os.Remove(filepath.Join(dir, DataFile))
	if err := v.Save(image("mine2", 100)); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("Save after data.age vanished: %v, want ErrChangedOnDisk", err)
	}
}

func TestSaveAfterCloseAndBeforeLoad(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	v.Close()
	if err := v.Save(image("y", 10)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Save after Close: %v", err)
	}
	v2, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if err := v2.Save(image("y", 10)); !errors.Is(err, ErrNotLoaded) {
		t.Fatalf("Save before Load: %v", err)
	}
}

func TestStaleTempFilesRemoved(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	v.Close()
	stale := filepath.Join(dir, tempPrefix+"123")
	os.WriteFile(stale, []byte("leftover"), 0o600)
	v2, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	v2.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("stale temporary file survived Open")
	}
}

func TestPaddedSize(t *testing.T) {
	prev := 0
	for n := 0; n < 50<<20; n = n*5/4 + 1 {
		p := PaddedSize(n)
		if p < n || p < MinPaddedSize {
			t.Fatalf("PaddedSize(%d) = %d", n, p)
		}
		if n > MinPaddedSize && float64(p-n)/float64(n) > 0.12 {
			t.Fatalf("PaddedSize(%d) = %d: overhead over 12%%", n, p)
		}
		if p < prev {
			t.Fatalf("PaddedSize not monotonic at %d", n)
		}
		prev = p
	}
	// Nearby sizes share a bucket.
	if PaddedSize(1_000_000) != PaddedSize(1_000_100) {
		t.Error("sizes 100 bytes apart land in different buckets")
	}
}

func TestWorkFactorLimit(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	v.Close()
	key, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	// Rewrite the work factor in the scrypt stanza to 21 and 23: refused
	// before any scrypt work is done, and reported as damage.
	for _, wf := range []string{"21", "23"} {
		lines := strings.SplitN(string(key), "\n", 3)
		f := strings.Fields(lines[1])
		f[len(f)-1] = wf
		lines[1] = strings.Join(f, " ")
		os.WriteFile(filepath.Join(dir, KeyFile), []byte(strings.Join(lines, "\n")), 0o600)
		_, err := Open(dir, testPass)
		if !IsDamaged(err) || !errors.Is(err, ErrWorkFactor) {
			t.Fatalf("Open with work factor %s: %v", wf, err)
		}
	}
}

func TestShippedWorkFactor(t *testing.T) {
	if WorkFactor != 18 || MaxWorkFactor != 20 {
		t.Fatalf("work factors %d/%d, want 18/20", WorkFactor, MaxWorkFactor)
	}
	restore := SetWorkFactorForTesting(WorkFactor)
	defer restore()
	dir, v := newVault(t, image("x", 10))
	v.Close()
	key, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if !strings.Contains(strings.SplitN(string(key), "\n", 3)[1], " 18") {
		t.Fatalf("key.age stanza does not use work factor 18: %q", strings.SplitN(string(key), "\n", 3)[1])
	}
}

// TestRecoveryWithStandardTools opens a vault the way the age command line
// tool does (`age -d -i key.age data.age`): key.age is a passphrase-encrypted
// identity file, and data.age decrypts with the identity inside it.
func TestRecoveryWithStandardTools(t *testing.T) {
	dir, v := newVault(t, image("recover me", 5000))
	v.Close()

	keyFile, err := os.Open(filepath.Join(dir, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	defer keyFile.Close()
	// The age CLI recognises an encrypted identity file by its header...
	head := make([]byte, 21)
	io.ReadFull(keyFile, head)
	if string(head) != "age-encryption.org/v1" {
		t.Fatalf("key.age header %q", head)
	}
	keyFile.Seek(0, io.SeekStart)
	// ...decrypts it with the passphrase it prompts for...
	sid, _ := age.NewScryptIdentity(string(testPass))
	r, err := age.Decrypt(keyFile, sid)
	if err != nil {
		t.Fatal(err)
	}
	// ...parses the identities inside...
	ids, err := age.ParseIdentities(r)
	if err != nil || len(ids) != 1 {
		t.Fatalf("ParseIdentities: %v (%d)", err, len(ids))
	}
	// ...and decrypts the data file with them.
	data, _ := os.Open(filepath.Join(dir, DataFile))
	defer data.Close()
	pr, err := age.Decrypt(data, ids...)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(pr)
	if err != nil {
		t.Fatal(err)
	}
	// The image, zero padding (which SQLite ignores), then the trailer.
	if len(plain) != PaddedSize(5000+TrailerSize) || !bytes.Equal(trimPad(plain[:len(plain)-TrailerSize]), image("recover me", 5000)) {
		t.Fatal("recovered plaintext differs")
	}
	if tr, ok := parseTrailer(plain); !ok || tr.gen != 1 {
		t.Fatalf("recovered plaintext has no generation trailer: %v %v", ok, tr.gen)
	}
	// The checksum file verifies with sha256sum.
	sum, _ := os.ReadFile(filepath.Join(dir, KeySumFile))
	keyData, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	want := fmt.Sprintf("%x  key.age\n", sha256.Sum256(keyData))
	if string(sum) != want {
		t.Fatalf("key.age.sha256 = %q, want %q", sum, want)
	}
}

// faultFS injects a failure at one step of the save sequence.
type faultFS struct {
	osFS
	op      string // create, write, sync, close, rename, link, syncdir, corrupt
	err     error
	renames int // fail the rename with this index (0 = first)
}

type faultFile struct {
	*os.File
	fs *faultFS
}

func (f *faultFile) Write(p []byte) (int, error) {
	switch f.fs.op {
	case "write":
		n, _ := f.File.Write(p[:len(p)/2])
		return n, f.fs.err
	case "corrupt":
		q := bytes.Clone(p)
		q[len(q)/2] ^= 1
		return f.File.Write(q)
	}
	return f.File.Write(p)
}

func (f *faultFile) Sync() error {
	if f.fs.op == "sync" {
		return f.fs.err
	}
	return f.File.Sync()
}

func (f *faultFile) Close() error {
	err := f.File.Close()
	if f.fs.op == "close" {
		return f.fs.err
	}
	return err
}

func (fs *faultFS) CreateTemp(dir, pattern string) (file, error) {
	if fs.op == "create" {
		return nil, &os.PathError{Op: "open", Path: dir, Err: fs.err}
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{File: f, fs: fs}, nil
}

func (fs *faultFS) Rename(o, n string) error {
	if fs.op == "rename" {
		if fs.renames == 0 {
			return &os.LinkError{Op: "rename", Old: o, New: n, Err: fs.err}
		}
		fs.renames--
	}
	return os.Rename(o, n)
}

func (fs *faultFS) Link(o, n string) error {
	if fs.op == "link" {
		return &os.LinkError{Op: "link", Old: o, New: n, Err: fs.err}
	}
	return os.Link(o, n)
}

func TestSaveFaults(t *testing.T) {
	cases := []struct {
		op   string
		err  error
		kind FaultKind
	}{
		{"create", syscall.EACCES, FaultPermission},
		{"create", syscall.EROFS, FaultReadOnly},
		{"write", syscall.ENOSPC, FaultNoSpace},
		{"write", syscall.EDQUOT, FaultNoSpace},
		{"sync", syscall.EIO, FaultIO},
		{"close", syscall.ENOSPC, FaultNoSpace},
		{"rename", syscall.EROFS, FaultReadOnly},
		{"rename", syscall.EPERM, FaultPermission},
		{"corrupt", nil, FaultIO},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s-%v", c.op, c.err), func(t *testing.T) {
			dir, v := newVault(t, image("gen1", 100))
			if err := v.Save(image("gen2", 100)); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			v.fs = &faultFS{op: c.op, err: c.err}
			err := v.Save(image("gen3", 100))
			var se *SaveError
			if !errors.As(err, &se) {
				t.Fatalf("Save with %s fault: %v, want *SaveError", c.op, err)
			}
			if se.Kind != c.kind {
				t.Errorf("fault kind %v, want %v", se.Kind, c.kind)
			}
			if c.err != nil && !errors.Is(err, c.err) {
				t.Errorf("error %v does not wrap %v", err, c.err)
			}
			// Old files byte-identical, no stray temporary files.
			assertSnapshot(t, dir, before)

			// Once the fault is gone, a retry succeeds.
			v.fs = osFS{}
			if err := v.Save(image("gen3", 100)); err != nil {
				t.Fatalf("retry: %v", err)
			}
			v.Close()
			v2, err := Open(dir, testPass)
			if err != nil {
				t.Fatal(err)
			}
			defer v2.Close()
			got, err := v2.Load(Current)
			if err != nil || !bytes.HasPrefix(got, []byte("gen3")) {
				t.Fatalf("after retry: %v %q", err, got[:4])
			}
			prev, err := v2.Load(Previous)
			if err != nil || !bytes.HasPrefix(prev, []byte("gen2")) {
				t.Fatalf("previous after retry: %v", err)
			}
		})
	}
}

func TestSaveWithoutHardLinks(t *testing.T) {
	dir, v := newVault(t, image("gen1", 100))
	v.fs = &faultFS{op: "link", err: syscall.EPERM}
	for _, g := range []string{"gen2", "gen3"} {
		if err := v.Save(image(g, 100)); err != nil {
			t.Fatalf("Save without links: %v", err)
		}
	}
	if err := v.Save(image("gen4", 100)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v2, _ := Open(dir, testPass)
	defer v2.Close()
	prev, err := v2.Load(Previous)
	if err != nil || !bytes.HasPrefix(prev, []byte("gen3")) {
		t.Fatalf("previous generation via copy: %v", err)
	}
}

func TestKeyFaultsLeaveKeyIntact(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	before := snapshot(t, dir)
	v.fs = &faultFS{op: "write", err: syscall.ENOSPC}
	err := v.ChangePassphrase(testPass, []byte("new"))
	var se *SaveError
	if !errors.As(err, &se) || se.Kind != FaultNoSpace {
		t.Fatalf("ChangePassphrase on a full disk: %v", err)
	}
	assertSnapshot(t, dir, before)
	v.Close()
	if v2, err := Open(dir, testPass); err != nil {
		t.Fatalf("old passphrase after failed change: %v", err)
	} else {
		v2.Close()
	}
}

// TestInterruptedPassphraseChange: key.age replaced, checksum not yet.
func TestInterruptedPassphraseChange(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	oldSum, _ := os.ReadFile(filepath.Join(dir, KeySumFile))
	if err := v.ChangePassphrase(testPass, []byte("new")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	os.WriteFile(filepath.Join(dir, KeySumFile), oldSum, 0o600)
	v2, err := Open(dir, []byte("new"))
	if err != nil {
		t.Fatalf("Open after interrupted change: %v", err)
	}
	v2.Close()
	if sum, _ := os.ReadFile(filepath.Join(dir, KeySumFile)); bytes.Equal(sum, oldSum) {
		t.Error("stale checksum was not repaired")
	}
}

func TestOpenFromPrevious(t *testing.T) {
	dir, v := newVault(t, image("gen1", 100))
	if err := v.Save(image("gen2", 100)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	data, _ := os.ReadFile(filepath.Join(dir, DataFile))
	data[len(data)-10] ^= 0xff
	os.WriteFile(filepath.Join(dir, DataFile), data, 0o600)
	prevBefore, _ := os.ReadFile(filepath.Join(dir, PrevFile))

	v2, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if _, err := v2.Load(Current); !IsDamaged(err) {
		t.Fatalf("Load of damaged data.age: %v", err)
	}
	got, err := v2.Load(Previous)
	if err != nil || !bytes.HasPrefix(got, []byte("gen1")) {
		t.Fatalf("Load(Previous): %v", err)
	}
	if err := v2.Save(image("gen1-edited", 100)); err != nil {
		t.Fatal(err)
	}
	prevAfter, _ := os.ReadFile(filepath.Join(dir, PrevFile))
	if !bytes.Equal(prevBefore, prevAfter) {
		t.Error("saving after opening the previous generation overwrote data.age.prev")
	}
	damaged, _ := os.ReadFile(filepath.Join(dir, DamagedFile))
	if !bytes.Equal(damaged, data) {
		t.Error("damaged data.age was not set aside")
	}
	cur, err := v2.Load(Current)
	if err != nil || !bytes.HasPrefix(cur, []byte("gen1-edited")) {
		t.Fatalf("Load after recovery save: %v", err)
	}
}

func TestCheckPassphrase(t *testing.T) {
	dir, v := newVault(t, image("x", 10))
	before := snapshot(t, dir)
	if err := v.CheckPassphrase(testPass); err != nil {
		t.Fatalf("right passphrase: %v", err)
	}
	if err := v.CheckPassphrase([]byte("nope")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	assertSnapshot(t, dir, before)
	v.Close()
	if err := v.CheckPassphrase(testPass); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}
