package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
