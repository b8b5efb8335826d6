package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var rotatePass = []byte("a brand new passphrase")

// rotationVault makes a vault with two generations (gen1 in data.age.prev,
// gen2 in data.age) and a data.age.damaged set aside by an earlier
// recovery. It returns the folder and the data key (recovery key) before
// any change.
func rotationVault(t *testing.T) (string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, image("gen1", 100_000))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Save(image("gen2", 100_000)); err != nil {
		t.Fatal(err)
	}
	key, _ := v.RecoveryKey()
	v.Close()
	data, _ := os.ReadFile(filepath.Join(dir, DataFile))
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(filepath.Join(dir, DamagedFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, key
}

// openWith opens dir with pass and checks both generations' contents. It
// returns nil when the vault opens and holds what it should.
func openWith(dir string, pass []byte) error {
	v, err := Open(dir, pass)
	if err != nil {
		return err
	}
	defer v.Close()
	cur, err := v.Load(Current)
	if err != nil {
		return fmt.Errorf("load data.age: %w", err)
	}
	if !bytes.HasPrefix(cur, []byte("gen2")) {
		return errors.New("data.age holds the wrong state")
	}
	prev, err := v.Load(Previous)
	if err != nil {
		return fmt.Errorf("load data.age.prev: %w", err)
	}
	if !bytes.HasPrefix(prev, []byte("gen1")) {
		return errors.New("data.age.prev holds the wrong state")
	}
	return nil
}

// readableBy reports whether the age file at path decrypts (header and
// whole payload) with the identity typed as key.
func readableBy(t *testing.T, path, key string) bool {
	t.Helper()
	id, err := ParseRecoveryKey(key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	_, err = decryptAll(b, id)
	return err == nil
}

// oldKeyFileReads reports whether key.age as it was before the change,
// opened with the old passphrase, still reads the data file at path.
func oldKeyFileReads(t *testing.T, oldKeyFile []byte, path string) bool {
	t.Helper()
	id, err := decryptIdentity(oldKeyFile, testPass)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = decryptAll(b, id)
	return err == nil
}

func noTemps(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("stray temporary file %s", e.Name())
		}
	}
}

// TestChangePassphraseRotatesDataKey: after a change, the old key.age with
// the old passphrase, and the old recovery key, read no file of the vault;
// the new passphrase opens both generations; the recovery key changed;
// the damaged file of the old key is destroyed; putting the old key.age
// back does not open the data.
func TestChangePassphraseRotatesDataKey(t *testing.T) {
	dir, oldKey := rotationVault(t)
	oldKeyFile, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Load(Current); err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase(testPass, rotatePass); err != nil {
		t.Fatal(err)
	}
	newKey, _ := v.RecoveryKey()
	if newKey == oldKey || !strings.HasPrefix(newKey, hybridPrefix) {
		t.Fatal("the recovery key did not change")
	}
	// The vault keeps working in this process: the next save too is
	// encrypted to the new key only.
	if err := v.Save(image("gen3", 100_000)); err != nil {
		t.Fatalf("save after change: %v", err)
	}
	v.Close()

	for _, name := range []string{DataFile, PrevFile} {
		path := filepath.Join(dir, name)
		if oldKeyFileReads(t, oldKeyFile, path) {
			t.Errorf("the old key.age and passphrase still read %s", name)
		}
		if readableBy(t, path, oldKey) {
			t.Errorf("the old recovery key still reads %s", name)
		}
		if !readableBy(t, path, newKey) {
			t.Errorf("the new recovery key does not read %s", name)
		}
		if n, err := recipientCount(path); err != nil || n != 1 {
			t.Errorf("%s has %d recipients (%v), want 1", name, n, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, DamagedFile)); !os.IsNotExist(err) {
		t.Error("data.age.damaged of the old key survived")
	}
	noTemps(t, dir)
	if err := CheckRecoveryKey(dir, oldKey); !errors.Is(err, ErrWrongRecoveryKey) {
		t.Errorf("old recovery key: %v, want ErrWrongRecoveryKey", err)
	}
	if err := CheckRecoveryKey(dir, newKey); err != nil {
		t.Errorf("new recovery key: %v", err)
	}
	if _, err := Open(dir, testPass); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase: %v, want ErrWrongPassphrase", err)
	}
	v2, err := Open(dir, rotatePass)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := v2.Load(Current)
	if err != nil || !bytes.HasPrefix(cur, []byte("gen3")) {
		t.Fatalf("new passphrase, data.age: %v", err)
	}
	prev, err := v2.Load(Previous)
	if err != nil || !bytes.HasPrefix(prev, []byte("gen2")) {
		t.Fatalf("new passphrase, data.age.prev: %v", err)
	}
	v2.Close()

	// Someone puts the old key.age back: the old passphrase opens it,
	// but it holds a key that no data file is encrypted to any more.
	os.WriteFile(filepath.Join(dir, KeyFile), oldKeyFile, 0o600)
	os.Remove(filepath.Join(dir, KeySumFile))
	v3, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer v3.Close()
	for _, g := range []Generation{Current, Previous} {
		if _, err := v3.Load(g); !IsDamaged(err) {
			t.Errorf("old key.age put back, Load(%d): %v, want damaged", g, err)
		}
	}
}

// TestChangePassphraseRefusals: a wrong old passphrase, a vault not yet
// loaded or loaded from the previous generation, and a key.age or
// data.age replaced by someone else are refused with every file as it was.
func TestChangePassphraseRefusals(t *testing.T) {
	dir, _ := rotationVault(t)
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	before := snapshot(t, dir)
	if err := v.ChangePassphrase(testPass, rotatePass); !errors.Is(err, ErrNotLoaded) {
		t.Errorf("before Load: %v, want ErrNotLoaded", err)
	}
	if _, err := v.Load(Previous); err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase(testPass, rotatePass); !errors.Is(err, ErrNotSaved) {
		t.Errorf("after Load(Previous): %v, want ErrNotSaved", err)
	}
	if _, err := v.Load(Current); err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase([]byte("not it"), rotatePass); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong old passphrase: %v", err)
	}
	if err := v.ChangePassphrase(testPass, nil); err == nil {
		t.Error("empty new passphrase accepted")
	}
	assertSnapshot(t, dir, before)

	// key.age replaced by another vault's (same passphrase).
	other := filepath.Join(t.TempDir(), "other")
	ov, err := Create(other, testPass, image("other", 10))
	if err != nil {
		t.Fatal(err)
	}
	ov.Close()
	otherKey, _ := os.ReadFile(filepath.Join(other, KeyFile))
	os.WriteFile(filepath.Join(dir, KeyFile), otherKey, 0o600)
	if err := v.ChangePassphrase(testPass, rotatePass); !errors.Is(err, ErrChangedOnDisk) {
		t.Errorf("key.age replaced: %v, want ErrChangedOnDisk", err)
	}
	os.WriteFile(filepath.Join(dir, KeyFile), before[KeyFile], 0o600)
	// data.age replaced.
	os.WriteFile(filepath.Join(dir, DataFile), before[PrevFile], 0o600)
	if err := v.ChangePassphrase(testPass, rotatePass); !errors.Is(err, ErrChangedOnDisk) {
		t.Errorf("data.age replaced: %v, want ErrChangedOnDisk", err)
	}
	os.WriteFile(filepath.Join(dir, DataFile), before[DataFile], 0o600)
	assertSnapshot(t, dir, before)
}

// TestChangePassphraseFaults injects a disk fault at each kind of step of
// the change. Before the commit point the old passphrase still opens
// both generations and nothing of the new key is left; no temporary file
// survives.
func TestChangePassphraseFaults(t *testing.T) {
	cases := []struct {
		name string
		fs   *faultFS
	}{
		{"create", &faultFS{op: "create", err: syscall.ENOSPC}},
		{"write", &faultFS{op: "write", err: syscall.ENOSPC}},
		{"sync", &faultFS{op: "sync", err: syscall.EIO}},
		{"close", &faultFS{op: "close", err: syscall.EDQUOT}},
		{"corrupt", &faultFS{op: "corrupt"}},
		{"rename-data", &faultFS{op: "rename", err: syscall.EROFS, renames: 0}},
		{"rename-prev", &faultFS{op: "rename", err: syscall.EROFS, renames: 1}},
		{"rename-key", &faultFS{op: "rename", err: syscall.EPERM, renames: 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, oldKey := rotationVault(t)
			before := snapshot(t, dir)
			v, err := Open(dir, testPass)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Load(Current); err != nil {
				t.Fatal(err)
			}
			v.fs = c.fs
			err = v.ChangePassphrase(testPass, rotatePass)
			var se *SaveError
			if !errors.As(err, &se) {
				t.Fatalf("ChangePassphrase with a %s fault: %v, want *SaveError", c.name, err)
			}
			if key, _ := v.RecoveryKey(); key != oldKey {
				t.Error("the recovery key changed though the change failed")
			}
			v.fs = osFS{}
			// The vault goes on working with the old key.
			if err := v.Save(image("gen2", 100_000)); err != nil {
				t.Fatalf("save after a failed change: %v", err)
			}
			v.Close()
			if c.name != "rename-prev" && c.name != "rename-key" {
				// Nothing was replaced: only the save above changed
				// the data files.
				after := snapshot(t, dir)
				if !bytes.Equal(after[KeyFile], before[KeyFile]) || !bytes.Equal(after[DamagedFile], before[DamagedFile]) {
					t.Error("key.age or data.age.damaged changed")
				}
			}
			noTemps(t, dir)
			if _, err := Open(dir, rotatePass); err == nil {
				t.Fatal("the new passphrase opens the vault after a failed change")
			}
			v2, err := Open(dir, testPass)
			if err != nil {
				t.Fatalf("old passphrase after a failed change: %v", err)
			}
			v2.Close()
			for _, name := range []string{DataFile, PrevFile} {
				path := filepath.Join(dir, name)
				if n, err := recipientCount(path); err != nil || n != 1 {
					t.Errorf("%s has %d recipients after a failed change (%v)", name, n, err)
				}
				if !readableBy(t, path, oldKey) {
					t.Errorf("%s is not readable with the old key", name)
				}
			}
		})
	}
}

// crashFS kills the process at its killAt-th step (a file system call, or
// a write, sync or close of a file it created); a write is cut in half
// first. It counts steps in n.
type crashFS struct {
	n, killAt int
}

func (c *crashFS) step() {
	c.n++
	if c.n == c.killAt {
		die()
	}
}

func die() {
	p, _ := os.FindProcess(os.Getpid())
	p.Signal(os.Kill)
	for {
		time.Sleep(time.Hour)
	}
}

type crashFile struct {
	*os.File
	fs *crashFS
}

func (f *crashFile) Write(p []byte) (int, error) {
	f.fs.n++
	if f.fs.n == f.fs.killAt {
		f.File.Write(p[:len(p)/2])
		die()
	}
	return f.File.Write(p)
}
func (f *crashFile) Sync() error  { f.fs.step(); return f.File.Sync() }
func (f *crashFile) Close() error { f.fs.step(); return f.File.Close() }

func (c *crashFS) CreateTemp(dir, pattern string) (file, error) {
	c.step()
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &crashFile{File: f, fs: c}, nil
}
func (c *crashFS) OpenFile(name string, flag int, perm os.FileMode) (file, error) {
	c.step()
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &crashFile{File: f, fs: c}, nil
}
func (c *crashFS) Rename(o, n string) error { c.step(); return os.Rename(o, n) }
func (c *crashFS) Link(o, n string) error   { c.step(); return os.Link(o, n) }
func (c *crashFS) Remove(name string) error { c.step(); return os.Remove(name) }
func (c *crashFS) SyncDir(dir string) error { c.step(); return osFS{}.SyncDir(dir) }

// runRotateChild is the child of TestCrashDuringPassphraseChange: it
// changes the passphrase and dies at step SAFEHOUSE_VAULT_CHILD_KILL.
func runRotateChild(v *Vault) int {
	if _, err := v.Load(Current); err != nil {
		fmt.Fprintln(os.Stderr, "child load:", err)
		return 3
	}
	killAt, _ := strconv.Atoi(os.Getenv("SAFEHOUSE_VAULT_CHILD_KILL"))
	c := &crashFS{killAt: killAt}
	v.fs = c
	if err := v.ChangePassphrase(testPass, rotatePass); err != nil {
		fmt.Fprintln(os.Stderr, "child change:", err)
		return 4
	}
	fmt.Println("steps", c.n)
	return 0
}

func runRotate(t *testing.T, dir string, killAt int) (steps int, killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SAFEHOUSE_VAULT_CHILD="+dir, "SAFEHOUSE_VAULT_CHILD_MODE=rotate",
		"SAFEHOUSE_VAULT_CHILD_KILL="+strconv.Itoa(killAt))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return 0, true
		}
	}
	if err != nil {
		t.Fatalf("child (kill at %d): %v", killAt, err)
	}
	if _, err := fmt.Sscanf(out.String(), "steps %d", &steps); err != nil {
		t.Fatalf("child printed %q", out.String())
	}
	return steps, false
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(from)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCrashDuringPassphraseChange kills a process changing the passphrase
// at every step of the sequence, one run per step, each on a fresh copy of
// the same vault. After each crash exactly one passphrase opens the vault
// with both generations intact: the old one up to the commit point, the
// new one from it on (never the old one again). Once opened, every data
// file is encrypted to the key in force alone; after the commit point
// neither the old key.age nor the old recovery key reads anything, and the
// damaged file of the old key is gone.
func TestCrashDuringPassphraseChange(t *testing.T) {
	tmpl, oldKey := rotationVault(t)
	oldKeyFile, _ := os.ReadFile(filepath.Join(tmpl, KeyFile))
	// Count the steps on a copy first.
	count := filepath.Join(t.TempDir(), "count")
	copyDir(t, tmpl, count)
	total, _ := runRotate(t, count, -1)
	if total < 20 {
		t.Fatalf("only %d steps counted", total)
	}
	commit := 0
	for n := 1; n <= total; n++ {
		dir := filepath.Join(t.TempDir(), "v")
		copyDir(t, tmpl, dir)
		if _, killed := runRotate(t, dir, n); !killed {
			t.Fatalf("step %d of %d: the child was not killed", n, total)
		}
		oldErr := openWith(dir, testPass)
		newErr := openWith(dir, rotatePass)
		switch {
		case oldErr == nil && newErr == nil:
			t.Fatalf("step %d: both passphrases open the vault", n)
		case oldErr != nil && newErr != nil:
			t.Fatalf("step %d: no passphrase opens the vault: old %v, new %v", n, oldErr, newErr)
		case newErr == nil && commit == 0:
			commit = n
		case oldErr == nil && commit != 0:
			t.Fatalf("step %d: the old passphrase opens the vault again after the commit at step %d", n, commit)
		}
		noTemps(t, dir)
		for _, name := range []string{DataFile, PrevFile} {
			path := filepath.Join(dir, name)
			if c, err := recipientCount(path); err != nil || c != 1 {
				t.Fatalf("step %d: %s has %d recipients after opening (%v)", n, name, c, err)
			}
			if commit != 0 && (readableBy(t, path, oldKey) || oldKeyFileReads(t, oldKeyFile, path)) {
				t.Fatalf("step %d: the old key still reads %s after the commit", n, name)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, DamagedFile)); commit != 0 && !os.IsNotExist(err) {
			t.Fatalf("step %d: data.age.damaged of the old key survived the commit", n)
		}
	}
	if commit == 0 {
		t.Fatal("the new passphrase never took over")
	}
	t.Logf("%d steps, commit at step %d", total, commit)
}

// TestRotationDestroysReplacedFiles: the files a passphrase change
// replaces (key.age, and data.age and data.age.prev twice) are kept under
// a second name and overwritten in place before that name goes, the way
// the wipe destroys files, instead of being merely unlinked.
func TestRotationDestroysReplacedFiles(t *testing.T) {
	dir, _ := rotationVault(t)
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Load(Current); err != nil {
		t.Fatal(err)
	}
	w := &watchFS{}
	v.fs = w
	if err := v.ChangePassphrase(testPass, rotatePass); err != nil {
		t.Fatal(err)
	}
	if len(w.linked) != 5 {
		t.Fatalf("%d replaced files were kept for destruction, want 5", len(w.linked))
	}
	for _, old := range w.linked {
		if !w.overwritten[old] {
			t.Errorf("%s was deleted without being overwritten", filepath.Base(old))
		}
		if _, err := os.Lstat(old); !os.IsNotExist(err) {
			t.Errorf("%s was not deleted", filepath.Base(old))
		}
	}
	noTemps(t, dir)
}

// watchFS records the "old-" links the vault makes and which files it
// opens to overwrite.
type watchFS struct {
	osFS
	linked      []string
	overwritten map[string]bool
}

func (w *watchFS) Link(o, n string) error {
	if strings.Contains(filepath.Base(n), "old-") {
		w.linked = append(w.linked, n)
	}
	return os.Link(o, n)
}

func (w *watchFS) OpenFile(name string, flag int, perm os.FileMode) (file, error) {
	if w.overwritten == nil {
		w.overwritten = map[string]bool{}
	}
	w.overwritten[name] = true
	return os.OpenFile(name, flag, perm)
}

// TestRollbackAfterPassphraseChange: putting back the whole set of files
// from before a passphrase change (key.age included) opens with the old
// passphrase, and is reported: the change counted as a generation.
func TestRollbackAfterPassphraseChange(t *testing.T) {
	withSeenDir(t)
	dir, v := newVault(t, image("g1", 100))
	if err := v.Save(image("g2", 100)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	if err := v.ChangePassphrase(testPass, rotatePass); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for name, b := range before {
		os.WriteFile(filepath.Join(dir, name), b, 0o600)
	}
	_, rb, v2 := loadGen(t, dir, Current)
	v2.Close()
	if rb == nil || rb.Generation != 2 || rb.Seen != 3 {
		t.Fatalf("old files put back after a passphrase change: rollback %+v", rb)
	}
}
