package vault

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// withSeenDir points the generation records at a fresh folder for one test.
func withSeenDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "seen")
	old := SeenDir()
	SetSeenDir(dir)
	t.Cleanup(func() { SetSeenDir(old) })
	return dir
}

func loadGen(t *testing.T, dir string, g Generation) ([]byte, *Rollback, *Vault) {
	t.Helper()
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	img, err := v.Load(g)
	if err != nil {
		v.Close()
		t.Fatal(err)
	}
	return img, v.Rollback(), v
}

func trailerOf(t *testing.T, dir, name string, v *Vault) trailer {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := decryptAll(b, v.identity)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := parseTrailer(plain)
	if !ok {
		t.Fatalf("%s has no generation trailer", name)
	}
	return tr
}

// TestGenerationsCount: every save writes the next generation, and
// data.age.prev holds the one before.
func TestGenerationsCount(t *testing.T) {
	withSeenDir(t)
	dir, v := newVault(t, image("g1", 100))
	for _, g := range []string{"g2", "g3"} {
		if err := v.Save(image(g, 100)); err != nil {
			t.Fatal(err)
		}
	}
	if cur, prev := trailerOf(t, dir, DataFile, v), trailerOf(t, dir, PrevFile, v); cur.gen != 3 || prev.gen != 2 || cur.id != prev.id {
		t.Fatalf("generations %d/%d, ids equal %v; want 3/2, true", cur.gen, prev.gen, cur.id == prev.id)
	}
}

// TestRollbackDetected: an older data.age (a copy taken earlier, or
// data.age.prev) put in place of the current one opens, but is reported;
// the next save moves past everything seen, and then nothing is reported.
func TestRollbackDetected(t *testing.T) {
	withSeenDir(t)
	dir, v := newVault(t, image("g1", 100))
	g1, _ := os.ReadFile(filepath.Join(dir, DataFile))
	if err := v.Save(image("g2", 100)); err != nil {
		t.Fatal(err)
	}
	g2, _ := os.ReadFile(filepath.Join(dir, DataFile))
	if err := v.Save(image("g3", 100)); err != nil {
		t.Fatal(err)
	}
	v.Close()

	// The current file is not reported.
	_, rb, v2 := loadGen(t, dir, Current)
	v2.Close()
	if rb != nil {
		t.Fatalf("current data.age reported as rolled back: %+v", rb)
	}

	// data.age.prev put in place of data.age.
	os.WriteFile(filepath.Join(dir, DataFile), g2, 0o600)
	img, rb, v3 := loadGen(t, dir, Current)
	if !bytes.HasPrefix(img, []byte("g2")) {
		t.Fatal("the older file was not loaded")
	}
	if rb == nil || rb.File != DataFile || rb.Generation != 2 || rb.Seen != 3 {
		t.Fatalf("rollback %+v, want data.age 2 < 3", rb)
	}
	// Loading it again still reports it (nothing was saved).
	v3.Close()
	if _, rb, v := loadGen(t, dir, Current); rb == nil {
		t.Fatal("rollback forgotten without a save")
	} else {
		// Saving makes it the newest state: generation 4, and no
		// more warning.
		if err := v.Save(image("g2-kept", 100)); err != nil {
			t.Fatal(err)
		}
		if v.Rollback() != nil {
			t.Error("rollback still reported after a save")
		}
		if tr := trailerOf(t, dir, DataFile, v); tr.gen != 4 {
			t.Errorf("save after a rollback wrote generation %d, want 4", tr.gen)
		}
		v.Close()
	}
	if _, rb, v := loadGen(t, dir, Current); rb != nil {
		t.Fatalf("reported after the save: %+v", rb)
	} else {
		v.Close()
	}

	// data.age.prev is now the generation-2 file that was loaded; an
	// older one put in its place is reported when it is loaded.
	if _, rb, v := loadGen(t, dir, Previous); rb != nil {
		t.Fatalf("data.age.prev reported: %+v", rb)
	} else {
		v.Close()
	}
	os.WriteFile(filepath.Join(dir, PrevFile), g1, 0o600)
	_, rb, v5 := loadGen(t, dir, Previous)
	v5.Close()
	if rb == nil || rb.File != PrevFile || rb.Generation != 1 || rb.Seen != 2 {
		t.Fatalf("data.age.prev rollback %+v, want 1 < 2", rb)
	}
}

// TestSeenRecord: the record lives outside the vault folder, is fixed in
// size, and names neither the vault ID nor the generation in the clear;
// without it (another computer, or records off) nothing is reported and
// nothing is written.
func TestSeenRecord(t *testing.T) {
	seen := withSeenDir(t)
	dir, v := newVault(t, image("g1", 100))
	if err := v.Save(image("g2", 100)); err != nil {
		t.Fatal(err)
	}
	g2, _ := os.ReadFile(filepath.Join(dir, DataFile))
	if err := v.Save(image("g3", 100)); err != nil {
		t.Fatal(err)
	}
	tr := trailerOf(t, dir, DataFile, v)
	v.Close()
	entries, _ := os.ReadDir(seen)
	if len(entries) != 1 {
		t.Fatalf("%d files in the record folder, want 1", len(entries))
	}
	rec, _ := os.ReadFile(filepath.Join(seen, entries[0].Name()))
	var gen [8]byte
	binary.BigEndian.PutUint64(gen[:], 3)
	if len(rec) != seenFileSize || bytes.Contains(rec, tr.id[:8]) || bytes.Contains(rec, gen[:]) ||
		strings.Contains(entries[0].Name(), hex.EncodeToString(tr.id[:4])) {
		t.Fatalf("record %q (%d bytes) reveals the vault ID or generation", entries[0].Name(), len(rec))
	}
	if st, _ := os.Stat(filepath.Join(seen, entries[0].Name())); st.Mode().Perm() != 0o600 {
		t.Errorf("record mode %v, want 0600", st.Mode().Perm())
	}

	// A damaged record counts as none.
	os.WriteFile(filepath.Join(seen, entries[0].Name()), bytes.Repeat([]byte{1}, seenFileSize), 0o600)
	os.WriteFile(filepath.Join(dir, DataFile), g2, 0o600)
	if _, rb, v := loadGen(t, dir, Current); rb != nil {
		t.Fatalf("reported against a damaged record: %+v", rb)
	} else {
		v.Close()
	}

	// Records off: nothing reported, nothing written.
	SetSeenDir("")
	os.RemoveAll(seen)
	if _, rb, v := loadGen(t, dir, Current); rb != nil {
		t.Fatalf("reported with records off: %+v", rb)
	} else {
		if err := v.Save(image("g4", 100)); err != nil {
			t.Fatal(err)
		}
		v.Close()
	}
	if _, err := os.Stat(seen); !os.IsNotExist(err) {
		t.Fatal("a record was written with records off")
	}
}

// TestWipeRemovesSeenRecord: wiping an open vault deletes its record.
func TestWipeRemovesSeenRecord(t *testing.T) {
	seen := withSeenDir(t)
	_, v := newVault(t, image("g1", 100))
	if entries, _ := os.ReadDir(seen); len(entries) != 1 {
		t.Fatalf("%d records, want 1", len(entries))
	}
	if _, err := v.Wipe(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(seen); len(entries) != 0 {
		t.Fatalf("%d records left after the wipe", len(entries))
	}
}

// TestLoadWithoutTrailer: a data file written before generations existed
// (padding only) loads whole, is not reported, and gets a trailer at its
// next save.
func TestLoadWithoutTrailer(t *testing.T) {
	withSeenDir(t)
	dir, v := newVault(t, image("old", 100))
	padded := make([]byte, PaddedSize(100))
	copy(padded, image("legacy", 100))
	var buf bytes.Buffer
	w, _ := age.Encrypt(&buf, v.recipient)
	w.Write(padded)
	w.Close()
	v.Close()
	os.WriteFile(filepath.Join(dir, DataFile), buf.Bytes(), 0o600)

	img, rb, v2 := loadGen(t, dir, Current)
	defer v2.Close()
	if rb != nil || !bytes.Equal(img, padded) {
		t.Fatalf("legacy file: rollback %+v, image equal %v", rb, bytes.Equal(img, padded))
	}
	if err := v2.Save(trimPad(img)); err != nil {
		t.Fatal(err)
	}
	if tr := trailerOf(t, dir, DataFile, v2); tr.gen != 1 {
		t.Fatalf("first save of a legacy vault wrote generation %d, want 1", tr.gen)
	}
}

// TestTrailerParsing: only an intact trailer is taken for one.
func TestTrailerParsing(t *testing.T) {
	tr := trailer{id: newVaultID(), gen: 42}
	b := tr.encode()
	if got, ok := parseTrailer(append(make([]byte, 100), b[:]...)); !ok || got != tr {
		t.Fatalf("round trip: %v %+v", ok, got)
	}
	for i := range b {
		c := b
		c[i] ^= 1
		if _, ok := parseTrailer(c[:]); ok {
			t.Fatalf("trailer with byte %d flipped accepted", i)
		}
	}
	if _, ok := parseTrailer(b[1:]); ok {
		t.Fatal("short input accepted")
	}
}

// TestSkipSeen: a vault folder passed to SkipSeen leaves no record, and
// other vaults keep theirs.
func TestSkipSeen(t *testing.T) {
	seen := withSeenDir(t)
	skipped := filepath.Join(t.TempDir(), "demo")
	SkipSeen(skipped)
	if KeepsSeen(skipped) || !KeepsSeen(filepath.Join(t.TempDir(), "other")) {
		t.Fatal("KeepsSeen does not follow SkipSeen")
	}
	v, err := Create(skipped, testPass, image("g1", 100))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Save(image("g2", 100)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if entries, _ := os.ReadDir(seen); len(entries) != 0 {
		t.Fatalf("%d records written for a skipped vault", len(entries))
	}
	newVault(t, image("kept", 100))
	if entries, _ := os.ReadDir(seen); len(entries) != 1 {
		t.Fatalf("%d records for a vault not skipped, want 1", len(entries))
	}
}
