package vault

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"filippo.io/age"
)

// foreignAgeFile writes an ordinary age file (passphrase-encrypted, as age
// -p makes them) at path.
func foreignAgeFile(t *testing.T, path string) {
	t.Helper()
	r, err := age.NewScryptRecipient("not safehouse")
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(10)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := age.Encrypt(f, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("someone else's secret"))
	w.Close()
	f.Close()
}

// TestWipeRefusesFolderWithOnlyKeyAge: a folder holding an unrelated age
// file named key.age (and even one named data.age) is not a vault: Wipe,
// WipeInUse and PlanWipe refuse it with ErrNotVault and touch nothing.
func TestWipeRefusesFolderWithOnlyKeyAge(t *testing.T) {
	for name, files := range map[string][]string{
		"key.age only":          {KeyFile},
		"key.age and data.age":  {KeyFile, DataFile},
		"key.age and notes.txt": {KeyFile, "notes.txt"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range files {
				foreignAgeFile(t, filepath.Join(dir, f))
			}
			before := snapshot(t, dir)
			if IsVaultDir(dir) {
				t.Fatal("IsVaultDir true")
			}
			if _, err := PlanWipe(dir); !errors.Is(err, ErrNotVault) {
				t.Fatalf("PlanWipe: %v, want ErrNotVault", err)
			}
			if _, err := Wipe(dir); !errors.Is(err, ErrNotVault) {
				t.Fatalf("Wipe: %v, want ErrNotVault", err)
			}
			if _, err := WipeInUse(dir); !errors.Is(err, ErrNotVault) {
				t.Fatalf("WipeInUse: %v, want ErrNotVault", err)
			}
			assertSnapshot(t, dir, before)
		})
	}
}

// TestIsVaultDirMarkers: each marker alone makes a folder a vault; a
// look-alike of each does not.
func TestIsVaultDirMarkers(t *testing.T) {
	real, _ := fullVault(t)
	write := func(t *testing.T, dir, name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	copyFile := func(t *testing.T, dir, name string) {
		b, err := os.ReadFile(filepath.Join(real, name))
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, name, string(b))
	}
	sum, _ := os.ReadFile(filepath.Join(real, KeySumFile))
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  bool
	}{
		{"empty vault.lock", func(t *testing.T, dir string) { write(t, dir, LockFile, "") }, true},
		{"non-empty vault.lock", func(t *testing.T, dir string) { write(t, dir, LockFile, "x") }, false},
		{"key.age.sha256", func(t *testing.T, dir string) { write(t, dir, KeySumFile, string(sum)) }, true},
		{"other sha256 line", func(t *testing.T, dir string) { write(t, dir, KeySumFile, string(sum[:64])+"  other.age\n") }, false},
		{"upper-case sha256", func(t *testing.T, dir string) { write(t, dir, KeySumFile, "ABCDEF"+string(sum[6:])) }, false},
		{"temporary file", func(t *testing.T, dir string) { write(t, dir, tempPrefix+"1", "x") }, true},
		{"copied key.age and data.age", func(t *testing.T, dir string) { copyFile(t, dir, KeyFile); copyFile(t, dir, DataFile) }, true},
		{"copied key.age and data.age.prev", func(t *testing.T, dir string) { copyFile(t, dir, KeyFile); copyFile(t, dir, PrevFile) }, true},
		{"copied key.age alone", func(t *testing.T, dir string) { copyFile(t, dir, KeyFile) }, false},
		{"copied data.age with foreign key.age", func(t *testing.T, dir string) {
			foreignAgeFile(t, filepath.Join(dir, KeyFile))
			copyFile(t, dir, DataFile)
		}, true}, // an age scrypt key.age and a PQ data.age: Safehouse's shape
		{"copied key.age with foreign data.age", func(t *testing.T, dir string) {
			copyFile(t, dir, KeyFile)
			foreignAgeFile(t, filepath.Join(dir, DataFile))
		}, false},
		{"garbage key.age and data.age", func(t *testing.T, dir string) { write(t, dir, KeyFile, "x"); write(t, dir, DataFile, "y") }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.setup(t, dir)
			if got := IsVaultDir(dir); got != c.want {
				t.Fatalf("IsVaultDir = %v, want %v", got, c.want)
			}
		})
	}
}

// TestWipeInUseWhileHeld: while another holder keeps the lock, WipeInUse
// destroys every vault file, key first, except vault.lock; the holder's
// own Wipe then removes the lock file and the folder.
func TestWipeInUseWhileHeld(t *testing.T) {
	dir, v := newVault(t, image("x", 100))
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)
	rep, err := WipeInUse(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := wipedNames(rep); len(got) == 0 || got[0] != KeyFile || slices.Contains(got, LockFile) {
		t.Fatalf("wiped %v: want key.age first and no vault.lock", got)
	}
	if Exists(dir) {
		t.Fatal("key.age still there")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"notes.txt", LockFile}) {
		t.Fatalf("left %v", names)
	}
	if !slices.Equal(rep.Left, []string{"notes.txt"}) {
		t.Errorf("report left %v", rep.Left)
	}
	// The holder finishes: lock file gone, foreign file kept.
	if _, err := v.Wipe(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("vault.lock left")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "mine" {
		t.Fatal("foreign file changed")
	}
}
