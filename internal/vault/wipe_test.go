package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// wipeFS records every step of a wipe, keeps what each file held when it
// was deleted, and fails the steps named in fail ("open key.age",
// "write data.age", "remove key.age", "syncdir", ...).
type wipeFS struct {
	osFS
	ops       []string
	atRemove  map[string][]byte
	fail      map[string]error
	failCount map[string]int
}

func newWipeFS() *wipeFS {
	return &wipeFS{atRemove: map[string][]byte{}, fail: map[string]error{}, failCount: map[string]int{}}
}

func (w *wipeFS) step(op, path string) error {
	key := op
	if path != "" {
		key += " " + filepath.Base(path)
	}
	w.ops = append(w.ops, key)
	if err, ok := w.fail[key]; ok {
		w.failCount[key]++
		return err
	}
	return nil
}

type wipeFile struct {
	*os.File
	fs *wipeFS
}

func (f *wipeFile) Write(p []byte) (int, error) {
	if err := f.fs.step("write", f.Name()); err != nil {
		return 0, err
	}
	return f.File.Write(p)
}

func (f *wipeFile) Sync() error {
	if err := f.fs.step("sync", f.Name()); err != nil {
		return err
	}
	return f.File.Sync()
}

func (f *wipeFile) Close() error {
	err := f.File.Close()
	if ferr := f.fs.step("close", f.Name()); ferr != nil {
		return ferr
	}
	return err
}

func (w *wipeFS) OpenFile(name string, flag int, perm os.FileMode) (file, error) {
	if err := w.step("open", name); err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &wipeFile{File: f, fs: w}, nil
}

func (w *wipeFS) Remove(name string) error {
	if b, err := os.ReadFile(name); err == nil {
		w.atRemove[filepath.Base(name)] = b
	}
	if err := w.step("remove", name); err != nil {
		return &os.PathError{Op: "remove", Path: name, Err: err}
	}
	return os.Remove(name)
}

func (w *wipeFS) SyncDir(dir string) error {
	if err := w.step("syncdir", ""); err != nil {
		return err
	}
	return osFS{}.SyncDir(dir)
}

// fullVault makes a closed vault with every kind of file a vault can
// hold: key, checksum, data, previous and damaged generations, a
// temporary file left by a crash, and the lock file.
func fullVault(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, image("gen1", 100))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Save(image("gen2", 100)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for _, name := range []string{DamagedFile, tempPrefix + "123"} {
		if err := os.WriteFile(filepath.Join(dir, name), image(name, 5000), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, snapshot(t, dir)
}

// allVaultFiles are the files of a vault with every generation, in wipe
// order: both key slots first.
var allVaultFiles = []string{KeyFile, KeyFile2, KeySumFile, DataFile, DataFile2, PrevFile, DamagedFile, tempPrefix + "123", LockFile}

func wipedNames(rep WipeReport) []string {
	var names []string
	for _, f := range rep.Files {
		names = append(names, f.Name)
	}
	return names
}

func assertGone(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("vault folder still exists (%v): %v", err, entries)
	}
	if _, err := Open(dir, testPass); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Open after wipe: %v, want ErrNotFound", err)
	}
}

func TestWipeDestroysEverything(t *testing.T) {
	dir, _ := fullVault(t)
	rep, err := Wipe(dir)
	if err != nil {
		t.Fatalf("Wipe: %v", err)
	}
	if got := wipedNames(rep); !slices.Equal(got, allVaultFiles) {
		t.Errorf("wiped %v, want %v", got, allVaultFiles)
	}
	for _, f := range rep.Files {
		if !f.Removed || !f.Overwritten || f.Err != nil {
			t.Errorf("%s: %+v", f.Name, f)
		}
	}
	if !rep.DirRemoved || len(rep.Left) != 0 || !rep.KeyGone() || rep.Destroyed() != len(allVaultFiles) {
		t.Errorf("report %+v", rep)
	}
	assertGone(t, dir)
	if Exists(dir) {
		t.Error("Exists after wipe")
	}
}

// TestWipeKeyFirst: key.age is overwritten in place with random bytes of
// the same length, synced, deleted, and the folder synced, before any
// other file is touched; every other file is overwritten before it is
// deleted too.
func TestWipeKeyFirst(t *testing.T) {
	dir, before := fullVault(t)
	w := newWipeFS()
	if _, err := wipe(dir, w); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(w.ops, func(op string) bool { return !strings.HasSuffix(op, " "+KeyFile) && op != "syncdir" })
	if i < 0 {
		t.Fatalf("no other file touched: %v", w.ops)
	}
	keyOps := w.ops[:i]
	if len(keyOps) < 5 || keyOps[0] != "open key.age" || keyOps[1] != "write key.age" ||
		!slices.Equal(keyOps[len(keyOps)-4:], []string{"sync key.age", "close key.age", "remove key.age", "syncdir"}) {
		t.Fatalf("key steps %v, want open, write..., sync, close, remove, syncdir", keyOps)
	}
	for _, op := range w.ops[i:] {
		if strings.HasSuffix(op, " "+KeyFile) {
			t.Fatalf("key.age touched again after other files: %v", w.ops)
		}
	}
	for name, old := range before {
		got, ok := w.atRemove[name]
		if !ok {
			t.Errorf("%s was not removed through the seam", name)
			continue
		}
		if len(got) != len(old) {
			t.Errorf("%s: %d bytes at delete, want %d", name, len(got), len(old))
		}
		if len(old) > 0 && bytes.Equal(got, old) {
			t.Errorf("%s was not overwritten before delete", name)
		}
		if len(old) >= 64 && bytes.Count(got, []byte{0}) > len(got)/8 {
			t.Errorf("%s overwritten with zeros, not random bytes", name)
		}
	}
	assertGone(t, dir)
}

// TestWipeWithoutKey: a vault whose key file is damaged, or missing after a
// first run that never finished, is wiped all the same. No passphrase is
// involved.
func TestWipeWithoutKey(t *testing.T) {
	t.Run("damaged key", func(t *testing.T) {
		dir, _ := fullVault(t)
		os.WriteFile(filepath.Join(dir, KeyFile), []byte("garbage"), 0o600)
		if _, err := Wipe(dir); err != nil {
			t.Fatal(err)
		}
		assertGone(t, dir)
	})
	t.Run("half-finished first run", func(t *testing.T) {
		dir, _ := fullVault(t)
		os.Remove(filepath.Join(dir, KeyFile))
		os.Remove(filepath.Join(dir, KeySumFile))
		os.Remove(filepath.Join(dir, PrevFile))
		rep, err := Wipe(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.KeyGone() {
			t.Error("KeyGone is false with no key file")
		}
		want := []string{KeyFile2, DataFile, DataFile2, DamagedFile, tempPrefix + "123", LockFile}
		if got := wipedNames(rep); !slices.Equal(got, want) {
			t.Errorf("wiped %v, want %v", got, want)
		}
		assertGone(t, dir)
	})
	t.Run("only a temporary file", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, tempPrefix+"abc"), []byte("x"), 0o600)
		if _, err := Wipe(dir); err != nil {
			t.Fatal(err)
		}
		assertGone(t, dir)
	})
}

func TestWipeKeepsForeignFiles(t *testing.T) {
	dir, _ := fullVault(t)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)
	os.Mkdir(filepath.Join(dir, "photos"), 0o700)
	rep, err := Wipe(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Left, []string{"notes.txt", "photos"}) || rep.DirRemoved {
		t.Fatalf("left %v, dir removed %v", rep.Left, rep.DirRemoved)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "mine" {
		t.Fatal("foreign file changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("folder holds %v", entries)
	}
	if _, err := Open(dir, testPass); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Open after wipe: %v", err)
	}
}

func TestWipeNoVault(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("mine"), 0o600)
	if _, err := Wipe(empty); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Wipe of a folder without a vault: %v", err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 1 {
		t.Fatalf("folder without a vault changed: %v", entries)
	}
	if _, err := Wipe(filepath.Join(empty, "missing")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Wipe of a missing folder: %v", err)
	}
}

// TestWipeInUse: a vault held open elsewhere is refused and untouched; the
// holder itself can wipe it.
func TestWipeInUse(t *testing.T) {
	dir, v := newVault(t, image("x", 100))
	before := snapshot(t, dir)
	if _, err := Wipe(dir); !errors.Is(err, ErrInUse) {
		t.Fatalf("Wipe of an open vault: %v, want ErrInUse", err)
	}
	assertSnapshot(t, dir, before)
	rep, err := v.Wipe()
	if err != nil {
		t.Fatalf("Vault.Wipe: %v", err)
	}
	if !rep.DirRemoved {
		t.Errorf("report %+v", rep)
	}
	assertGone(t, dir)
	if _, err := v.Load(Current); !errors.Is(err, ErrClosed) {
		t.Fatalf("Load after Wipe: %v", err)
	}
	if _, err := v.Wipe(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Wipe: %v", err)
	}
}

// TestWipeFaults injects failures at each step: the failure is reported,
// and every later step still runs.
func TestWipeFaults(t *testing.T) {
	cases := []struct {
		name    string
		fail    string
		err     error
		keyGone bool
		// file is the one not completely destroyed; removed says whether
		// its name is gone anyway.
		file    string
		removed bool
	}{
		{"key cannot be opened", "open key.age", syscall.EACCES, true, KeyFile, true},
		{"key write fails", "write key.age", syscall.EIO, true, KeyFile, true},
		{"key sync fails", "sync key.age", syscall.EIO, true, KeyFile, true},
		{"key cannot be deleted", "remove key.age", syscall.EPERM, false, KeyFile, false},
		{"data write fails", "write data.age", syscall.ENOSPC, true, DataFile, true},
		{"previous cannot be deleted", "remove data.age.prev", syscall.EROFS, true, PrevFile, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, _ := fullVault(t)
			w := newWipeFS()
			w.fail[c.fail] = c.err
			rep, err := wipe(dir, w)
			var we *WipeError
			if !errors.As(err, &we) || !errors.Is(err, c.err) {
				t.Fatalf("wipe with %s failing: %v, want *WipeError wrapping %v", c.fail, err, c.err)
			}
			if len(we.Failed) != 1 || we.Failed[0].Name != c.file || we.Failed[0].Removed != c.removed {
				t.Fatalf("failed %+v, want %s (removed %v)", we.Failed, c.file, c.removed)
			}
			if rep.KeyGone() != c.keyGone {
				t.Errorf("KeyGone = %v, want %v", rep.KeyGone(), c.keyGone)
			}
			if got := wipedNames(rep); !slices.Equal(got, allVaultFiles) {
				t.Errorf("wiped %v, want every file %v", got, allVaultFiles)
			}
			// Every other file was destroyed.
			entries, _ := os.ReadDir(dir)
			var left []string
			for _, e := range entries {
				left = append(left, e.Name())
			}
			if c.removed {
				// Every name is gone, so the empty folder is removed.
				if _, err := os.Stat(dir); err == nil || !rep.DirRemoved {
					t.Errorf("folder kept, holding %v", left)
				}
			} else if !slices.Equal(left, []string{c.file}) || rep.DirRemoved || len(rep.Left) != 0 {
				t.Errorf("left %v (report left %v), want only %s", left, rep.Left, c.file)
			}
			if _, err := Open(dir, testPass); c.keyGone && !errors.Is(err, ErrNotFound) {
				t.Errorf("Open after wipe: %v", err)
			}
		})
	}
}

func TestWipeFolderSyncFails(t *testing.T) {
	dir, _ := fullVault(t)
	w := newWipeFS()
	w.fail["syncdir"] = syscall.EIO
	rep, err := wipe(dir, w)
	var we *WipeError
	if !errors.As(err, &we) || len(we.Failed) != len(allVaultFiles) {
		t.Fatalf("wipe with folder sync failing: %v", err)
	}
	for _, f := range rep.Files {
		if !f.Removed || !f.Overwritten {
			t.Errorf("%s: %+v", f.Name, f)
		}
	}
	if !rep.KeyGone() {
		t.Error("key reported present")
	}
}

// TestPlanWipe: the plan lists exactly what Wipe then destroys, and
// changes nothing.
func TestPlanWipe(t *testing.T) {
	dir, before := fullVault(t)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)
	before["notes.txt"] = []byte("mine")
	plan, err := PlanWipe(dir)
	if err != nil {
		t.Fatal(err)
	}
	assertSnapshot(t, dir, before)
	if got := wipedNames(plan); !slices.Equal(got, allVaultFiles) {
		t.Errorf("plan %v, want %v", got, allVaultFiles)
	}
	if plan.Files[0].Size != int64(len(before[KeyFile])) || !slices.Equal(plan.Left, []string{"notes.txt"}) {
		t.Errorf("plan %+v", plan)
	}
	rep, err := Wipe(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(wipedNames(rep), wipedNames(plan)) || !slices.Equal(rep.Left, plan.Left) {
		t.Errorf("wiped %v left %v, planned %v left %v", wipedNames(rep), rep.Left, wipedNames(plan), plan.Left)
	}
	if _, err := PlanWipe(dir); !errors.Is(err, ErrNotFound) {
		t.Errorf("PlanWipe after wipe: %v", err)
	}
}
