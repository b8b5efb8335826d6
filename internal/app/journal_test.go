package app

import (
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func journalRecords(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "journal-") {
			n++
		}
	}
	return n
}

// TestSavesAppendToJournal: each save of an edit appends one journal
// record and leaves data.age alone; unlocking replays them; locking
// compacts them into data.age.
func TestSavesAppendToJournal(t *testing.T) {
	dir, s := newSession(t)
	data := filepath.Join(dir, vault.DataFile)
	before, _ := os.ReadFile(data)
	for i, name := range []string{"Ana", "Bea", "Cai"} {
		addContact(t, s, name)
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
		if n := journalRecords(t, dir); n != i+1 {
			t.Fatalf("after save %d: %d journal records", i+1, n)
		}
	}
	if after, _ := os.ReadFile(data); string(after) != string(before) {
		t.Fatal("a journal save rewrote data.age")
	}
	if s.State().Status != Saved {
		t.Fatalf("state %+v", s.State())
	}
	// Drop the session without compacting, as a crash would.
	s.vault.Close()
	s.store.Close()

	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := s2.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if n != 3 {
		t.Fatalf("replayed vault holds %d contacts, want 3", n)
	}
	if err := s2.Lock(); err != nil {
		t.Fatal(err)
	}
	if n := journalRecords(t, dir); n != 0 {
		t.Fatalf("a locked vault holds %d journal records", n)
	}
	s3, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if n, _ := s3.Store().Contacts().Count(context.Background(), store.ContactFilter{}); n != 3 {
		t.Fatalf("compacted vault holds %d contacts, want 3", n)
	}
}

// TestPassphraseChangeCompactsJournal: the records are encrypted to the
// key a passphrase change replaces, so they are folded in first.
func TestPassphraseChangeCompactsJournal(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "Ana")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassphrase(pass, []byte("another long passphrase")); err != nil {
		t.Fatal(err)
	}
	if n := journalRecords(t, dir); n != 0 {
		t.Fatalf("%d journal records after a passphrase change", n)
	}
	s.Close()
	s2, err := Unlock(dir, []byte("another long passphrase"), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, _ := s2.Store().Contacts().Count(context.Background(), store.ContactFilter{}); n != 1 {
		t.Fatalf("%d contacts", n)
	}
}

// dirFiles returns every file of the vault folder with its content.
func dirFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// dataGeneration decrypts data.age with the vault's recovery key and
// returns the generation in its trailer.
func dataGeneration(t *testing.T, dir, key string) uint64 {
	t.Helper()
	id, err := vault.ParseRecoveryKey(key)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, vault.DataFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := age.Decrypt(f, id)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(r)
	if err != nil || len(plain) < vault.TrailerSize {
		t.Fatalf("data.age: %d bytes, %v", len(plain), err)
	}
	tr := plain[len(plain)-vault.TrailerSize:]
	if string(tr[:16]) != "safehouse-gen-v2" {
		t.Fatalf("trailer %q", tr[:16])
	}
	return binary.BigEndian.Uint64(tr[48:56])
}

// TestLockSavesOnce: locking with unsaved changes writes them and the
// journal in one full save (one generation), not a record that Close
// then folds into data.age (two writes of the vault per command line
// command, twice the time).
func TestLockSavesOnce(t *testing.T) {
	dir, s := newSession(t)
	key, _ := s.RecoveryKey()
	g0 := dataGeneration(t, dir, key)
	addContact(t, s, "Ana")
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if g := dataGeneration(t, dir, key); g != g0+1 {
		t.Fatalf("generation %d after one locked edit, want %d", g, g0+1)
	}
	if n := journalRecords(t, dir); n != 0 {
		t.Fatalf("%d journal records after Lock", n)
	}

	// With records already in the journal: still one full save.
	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	addContact(t, s2, "Bea")
	if err := s2.Save(); err != nil {
		t.Fatal(err)
	}
	addContact(t, s2, "Cai")
	if err := s2.Lock(); err != nil {
		t.Fatal(err)
	}
	if g := dataGeneration(t, dir, key); g != g0+3 {
		t.Fatalf("generation %d, want %d (one record, one full save)", g, g0+3)
	}
	if n := journalRecords(t, dir); n != 0 {
		t.Fatalf("%d journal records after Lock", n)
	}

	// Nothing to save and no journal: Lock writes nothing.
	s3, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	before := dirFiles(t, dir)
	if err := s3.Lock(); err != nil {
		t.Fatal(err)
	}
	if !sameFiles(before, dirFiles(t, dir)) {
		t.Fatal("locking an unchanged vault wrote to it")
	}
	if g := dataGeneration(t, dir, key); g != g0+3 {
		t.Fatalf("generation %d after an idle lock", g)
	}
}
