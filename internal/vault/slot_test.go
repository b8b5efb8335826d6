package vault

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"filippo.io/age"
)

var duressPass = []byte("tea with the neighbours on thursday")

// newDuressVault makes a vault holding realImg with a decoy holding
// decoyImg behind duressPass. It returns the folder, the real recovery
// key and the decoy's key text; the vault is closed.
func newDuressVault(t *testing.T, realImg, decoyImg []byte) (dir, recovery, decoyKey string) {
	t.Helper()
	dir, v := newVault(t, realImg)
	var err error
	if recovery, err = v.RecoveryKey(); err != nil {
		t.Fatal(err)
	}
	if decoyKey, err = v.SetSecond(duressPass, decoyImg); err != nil {
		t.Fatalf("SetSecond: %v", err)
	}
	// A second save, so data.age.prev exists as in a vault in use.
	if err := v.Save(realImg); err != nil {
		t.Fatal(err)
	}
	v.Close()
	return dir, recovery, decoyKey
}

// stanzaShape describes an age file's header without its random parts:
// the stanza types and the lengths of their arguments and bodies.
func stanzaShape(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var shape []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("%s: header ends early: %v", path, err)
		}
		if strings.HasPrefix(line, "---") {
			return strings.Join(shape, "|")
		}
		fields := strings.Fields(line)
		var lens []string
		for i, f := range fields {
			if strings.HasPrefix(line, "-> ") && i == 1 {
				lens = append(lens, f) // the stanza type
				continue
			}
			lens = append(lens, strings.Repeat("x", len(f)))
		}
		shape = append(shape, strings.Join(lens, " "))
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestSecondSlotIndistinguishable: a vault without a duress passphrase and
// one with a decoy have the same files, of the same sizes, with headers
// of the same shape.
func TestSecondSlotIndistinguishable(t *testing.T) {
	plain, v := newVault(t, image("real", 1000))
	v.Save(image("real", 1000))
	v.Close()
	withDecoy, _, _ := newDuressVault(t, image("real", 1000), image("decoy", 100_000))

	names := func(dir string) []string {
		entries, _ := os.ReadDir(dir)
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	if a, b := names(plain), names(withDecoy); !slices.Equal(a, b) {
		t.Fatalf("files differ: %v and %v", a, b)
	}
	for _, name := range []string{KeyFile2, DataFile2} {
		a, b := filepath.Join(plain, name), filepath.Join(withDecoy, name)
		if sa, sb := fileSize(t, a), fileSize(t, b); sa != sb {
			t.Errorf("%s: %d bytes without a decoy, %d with one", name, sa, sb)
		}
		if sa, sb := stanzaShape(t, a), stanzaShape(t, b); sa != sb {
			t.Errorf("%s: header %q without a decoy, %q with one", name, sa, sb)
		}
	}
	if got := stanzaShape(t, filepath.Join(plain, KeyFile2)); got != stanzaShape(t, filepath.Join(plain, KeyFile)) {
		t.Errorf("key2.age header %q differs from key.age's", got)
	}
	// Neither file of an unconfigured slot opens with the vault's key or
	// passphrase.
	if id, _ := openSecondKey(plain, testPass); id != nil {
		t.Error("the vault passphrase opens an unconfigured second slot")
	}
}

// TestOldVaultGainsSecondSlot: a vault without the second slot (made by an
// earlier release) gets one at its next unlock, and it stays the same
// across later unlocks.
func TestOldVaultGainsSecondSlot(t *testing.T) {
	dir, v := newVault(t, image("real", 1000))
	v.Close()
	os.Remove(filepath.Join(dir, KeyFile2))
	os.Remove(filepath.Join(dir, DataFile2))
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if !hasSecond(dir) {
		t.Fatal("no second slot after unlock")
	}
	key2, _ := os.ReadFile(filepath.Join(dir, KeyFile2))
	v, err = Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if again, _ := os.ReadFile(filepath.Join(dir, KeyFile2)); !bytes.Equal(again, key2) {
		t.Error("an unlock rewrote a whole second slot")
	}
}

// decryptsWith reports which files in dir the identity id opens.
func decryptsWith(t *testing.T, dir string, id age.Identity) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if headerMatches(filepath.Join(dir, e.Name()), id) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestDuressPassphraseOpensDecoy(t *testing.T) {
	dir, recovery, _ := newDuressVault(t, image("real", 1000), image("decoy", 5000))
	realID, err := ParseRecoveryKey(recovery)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(dir, duressPass)
	if err != nil {
		t.Fatalf("Open with the duress passphrase: %v", err)
	}
	img, err := v.Load(Current)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(img, []byte("decoy")) {
		t.Fatalf("loaded %q, want the decoy", img[:8])
	}
	if v.Rollback() != nil {
		t.Error("the decoy reports a rollback")
	}
	v.Close()

	if got := decryptsWith(t, dir, realID); len(got) != 0 {
		t.Fatalf("the real key still opens %v", got)
	}
	if _, err := Open(dir, testPass); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Open with the real passphrase afterwards: %v, want ErrWrongPassphrase", err)
	}
	if err := CheckRecoveryKey(dir, recovery); err == nil {
		t.Fatal("the real recovery key still matches")
	}
	// An ordinary vault: the same files as any used vault, a fresh
	// second slot the duress passphrase does not open.
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{DataFile, PrevFile, DataFile2, KeyFile, KeySumFile, KeyFile2, LockFile}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("files after the duress unlock: %v, want %v", names, want)
	}
	if id, _ := openSecondKey(dir, duressPass); id != nil {
		t.Error("the duress passphrase still opens the second slot")
	}
	v, err = Open(dir, duressPass)
	if err != nil {
		t.Fatalf("second unlock with the duress passphrase: %v", err)
	}
	defer v.Close()
	if img, err := v.Load(Current); err != nil || !bytes.HasPrefix(img, []byte("decoy")) {
		t.Fatalf("second unlock loads %v", err)
	}
}

func TestDuressClearsGenerationRecords(t *testing.T) {
	seen := t.TempDir()
	SetSeenDir(seen)
	defer SetSeenDir(os.Getenv("SAFEHOUSE_VAULT_SEEN"))
	dir, _, _ := newDuressVault(t, image("real", 1000), image("decoy", 5000))
	if entries, _ := os.ReadDir(seen); len(entries) != 1 {
		t.Fatalf("%d records before, want the vault's only (none for the decoy)", len(entries))
	}
	before, _ := os.ReadDir(seen)
	v, err := Open(dir, duressPass)
	if err != nil {
		t.Fatal(err)
	}
	v.Load(Current)
	v.Close()
	after, _ := os.ReadDir(seen)
	if len(after) != 1 || after[0].Name() == before[0].Name() {
		t.Fatalf("records after the duress unlock: %v (before %v), want only the decoy's", after, before)
	}
}

func TestPassphrasesMustDiffer(t *testing.T) {
	dir, v := newVault(t, image("real", 1000))
	if _, err := v.SetSecond(testPass, image("decoy", 100)); !errors.Is(err, ErrPassphraseTaken) {
		t.Fatalf("SetSecond with the vault passphrase: %v", err)
	}
	if _, err := v.SetSecond(duressPass, image("decoy", 100)); err != nil {
		t.Fatal(err)
	}
	if !v.SecondOpens(duressPass) || v.SecondOpens(testPass) {
		t.Fatal("SecondOpens is wrong")
	}
	if err := v.ChangePassphrase(testPass, duressPass); !errors.Is(err, ErrPassphraseTaken) {
		t.Fatalf("ChangePassphrase to the duress passphrase: %v", err)
	}
	key, _ := v.RecoveryKey()
	if err := v.RecoverPassphrase(key, duressPass); !errors.Is(err, ErrPassphraseTaken) {
		t.Fatalf("RecoverPassphrase to the duress passphrase: %v", err)
	}
	v.Close()
	if _, err := Recover(dir, key, duressPass); !errors.Is(err, ErrPassphraseTaken) {
		t.Fatalf("Recover to the duress passphrase: %v", err)
	}
	// The vault and the decoy are both still intact.
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
}

func TestClearSecond(t *testing.T) {
	dir, _, _ := newDuressVault(t, image("real", 1000), image("decoy", 100))
	size := fileSize(t, filepath.Join(dir, DataFile2))
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.ClearSecond(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := Open(dir, duressPass); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("duress passphrase after clearing: %v", err)
	}
	if got := fileSize(t, filepath.Join(dir, DataFile2)); got != size {
		t.Errorf("data2.age is %d bytes after clearing, %d before", got, size)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 7 {
		t.Errorf("left %d files, want 7", len(entries))
	}
}

// TestReviewDecoy: the decoy is read and edited through its key, without
// the duress passphrase and without leaving a previous generation or a
// generation record behind.
func TestReviewDecoy(t *testing.T) {
	seen := t.TempDir()
	SetSeenDir(seen)
	defer SetSeenDir(os.Getenv("SAFEHOUSE_VAULT_SEEN"))
	dir, _, key := newDuressVault(t, image("real", 1000), image("decoy", 100))
	records, _ := os.ReadDir(seen)

	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.OpenSecond("AGE-SECRET-KEY-PQ-1NOTAKEY"); !errors.Is(err, ErrNoSecond) {
		t.Fatalf("OpenSecond with a wrong key: %v", err)
	}
	d, err := v.OpenSecond(key)
	if err != nil {
		t.Fatal(err)
	}
	img, err := d.Load(Current)
	if err != nil || !bytes.HasPrefix(img, []byte("decoy")) {
		t.Fatalf("decoy Load: %v", err)
	}
	if _, err := d.Load(Previous); !IsDamaged(err) {
		t.Errorf("decoy Load(Previous): %v", err)
	}
	size := fileSize(t, filepath.Join(dir, DataFile2))
	if err := d.Save(image("edited decoy", 200)); err != nil {
		t.Fatal(err)
	}
	if got := fileSize(t, filepath.Join(dir, DataFile2)); got != size {
		t.Errorf("data2.age grew from %d to %d bytes for a small edit", size, got)
	}
	if _, err := d.RecoveryKey(); err == nil {
		t.Error("the decoy handle gives out its key")
	}
	if err := d.ChangePassphrase(duressPass, []byte("x")); err == nil {
		t.Error("the decoy handle changes a passphrase")
	}
	if _, err := d.Wipe(); err == nil {
		t.Error("the decoy handle wipes")
	}
	d.Close()
	v.Close()
	if after, _ := os.ReadDir(seen); len(after) != len(records) {
		t.Errorf("reviewing the decoy left %d generation records, want %d", len(after), len(records))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), DataFile2) && e.Name() != DataFile2 {
			t.Errorf("reviewing left %s", e.Name())
		}
	}
	v, err = Open(dir, duressPass)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if img, err := v.Load(Current); err != nil || !bytes.HasPrefix(img, []byte("edited decoy")) {
		t.Fatalf("duress unlock after an edit loads %v", err)
	}
}

// cutFS is a power cut: the first n operations on the vault folder
// succeed, and from then on every one fails (a write is torn halfway).
type cutFS struct {
	n int
}

var errCut = errors.New("power cut")

func (c *cutFS) step() bool {
	if c.n <= 0 {
		return false
	}
	c.n--
	return true
}

type cutFile struct {
	*os.File
	c *cutFS
}

func (f *cutFile) Write(p []byte) (int, error) {
	if !f.c.step() {
		n, _ := f.File.Write(p[:len(p)/2])
		return n, errCut
	}
	return f.File.Write(p)
}

func (f *cutFile) Sync() error {
	if !f.c.step() {
		return errCut
	}
	return f.File.Sync()
}

func (f *cutFile) Close() error {
	err := f.File.Close()
	if !f.c.step() {
		return errCut
	}
	return err
}

func (c *cutFS) CreateTemp(dir, pattern string) (file, error) {
	if !c.step() {
		return nil, errCut
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &cutFile{File: f, c: c}, nil
}

func (c *cutFS) OpenFile(name string, flag int, perm os.FileMode) (file, error) {
	if !c.step() {
		return nil, errCut
	}
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &cutFile{File: f, c: c}, nil
}

func (c *cutFS) Rename(o, n string) error {
	if !c.step() {
		return errCut
	}
	return os.Rename(o, n)
}

func (c *cutFS) Link(o, n string) error {
	if !c.step() {
		return errCut
	}
	return os.Link(o, n)
}

func (c *cutFS) Remove(name string) error {
	if !c.step() {
		return errCut
	}
	return os.Remove(name)
}

func (c *cutFS) SyncDir(dir string) error {
	if !c.step() {
		return syscall.EIO
	}
	return osFS{}.SyncDir(dir)
}

// TestDuressCrashAtEveryStep cuts the power after every single file
// operation of the duress unlock. Whatever state that leaves, the real
// passphrase never opens the real data once the sequence has started,
// the duress passphrase always ends in the decoy (running the sequence
// again from where it stopped), and afterwards the folder is an ordinary
// vault with nothing left over.
func TestDuressCrashAtEveryStep(t *testing.T) {
	base, recovery, _ := newDuressVault(t, image("real", 70_000), image("decoy", 5000))
	realID, _ := ParseRecoveryKey(recovery)
	orig := snapshot(t, base)
	completed := false
	for n := 0; n < 500 && !completed; n++ {
		dir := filepath.Join(t.TempDir(), "vault")
		os.MkdirAll(dir, 0o700)
		for name, b := range orig {
			os.WriteFile(filepath.Join(dir, name), b, 0o600)
		}
		v, err := open(dir, duressPass, &cutFS{n: n})
		if err == nil {
			completed = true
			img, lerr := v.Load(Current)
			v.Close()
			if lerr != nil || !bytes.HasPrefix(img, []byte("decoy")) {
				t.Fatalf("uncut sequence loads %v", lerr)
			}
		}
		// The key file is the first thing destroyed: once one operation
		// has gone through, the real passphrase opens nothing.
		if n > 0 {
			if v, err := Open(dir, testPass); err == nil {
				v.Close()
				t.Fatalf("cut after %d operations: the real passphrase still opens the vault", n)
			}
		}
		// The duress passphrase finishes the job.
		v, err = Open(dir, duressPass)
		if err != nil {
			t.Fatalf("cut after %d operations: duress unlock afterwards: %v", n, err)
		}
		img, err := v.Load(Current)
		v.Close()
		if err != nil || !bytes.HasPrefix(img, []byte("decoy")) {
			t.Fatalf("cut after %d operations: the duress passphrase loads %v", n, err)
		}
		if got := decryptsWith(t, dir, realID); len(got) != 0 {
			t.Fatalf("cut after %d operations: the real key still opens %v", n, got)
		}
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		want := []string{DataFile, PrevFile, DataFile2, KeyFile, KeySumFile, KeyFile2, LockFile}
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Fatalf("cut after %d operations: files afterwards %v, want %v", n, names, want)
		}
	}
	if !completed {
		t.Fatal("the duress sequence never completed")
	}
}

// TestUnlockDerivesBothSlots: the vault passphrase, the duress passphrase
// and a wrong one all cost the same key derivations, so the time an
// unlock takes does not say which one was typed.
func TestUnlockDerivesBothSlots(t *testing.T) {
	for _, c := range []struct {
		name string
		pass []byte
	}{{"vault", testPass}, {"duress", duressPass}, {"wrong", []byte("not it")}} {
		t.Run(c.name, func(t *testing.T) {
			dir, _, _ := newDuressVault(t, image("real", 1000), image("decoy", 100))
			before := derivations.Load()
			v, err := Open(dir, c.pass)
			if err == nil {
				v.Close()
			}
			if got := derivations.Load() - before; got != 2 {
				t.Fatalf("%d derivations, want 2 (one per key slot)", got)
			}
		})
	}
}
