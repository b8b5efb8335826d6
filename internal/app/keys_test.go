package app

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestChangePassphraseSavesAndRotates: pending edits are saved before the
// change, the recovery key changes, the new passphrase opens the saved
// state and the old one nothing.
func TestChangePassphraseSavesAndRotates(t *testing.T) {
	dir, s := newSession(t)
	oldKey, _ := s.RecoveryKey()
	id := addContact(t, s, "Amina K.")
	newPass := []byte("a different long passphrase")
	if err := s.ChangePassphrase([]byte("not the passphrase"), newPass); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("wrong old passphrase: %v", err)
	}
	if err := s.ChangePassphrase(pass, newPass); err != nil {
		t.Fatal(err)
	}
	if s.Dirty() {
		t.Error("the edit made before the change is still unsaved")
	}
	newKey, _ := s.RecoveryKey()
	if newKey == oldKey {
		t.Fatal("the recovery key did not change")
	}
	if err := CheckRecoveryKey(dir, oldKey); !errors.Is(err, vault.ErrWrongRecoveryKey) {
		t.Errorf("old recovery key: %v", err)
	}
	s.Close()
	if _, err := Unlock(dir, pass, vault.Current); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("old passphrase: %v", err)
	}
	s2, err := Unlock(dir, newPass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Store().Contacts().Get(context.Background(), id); err != nil {
		t.Fatalf("contact added before the change: %v", err)
	}
}

// TestChangePassphraseAfterPrevious: a session opened from data.age.prev
// (data.age damaged) is saved first, then the change goes through.
func TestChangePassphraseAfterPrevious(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "First")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	path := filepath.Join(dir, vault.DataFile)
	b, _ := os.ReadFile(path)
	b[len(b)-20] ^= 0xff
	os.WriteFile(path, b, 0o600)
	v, err := vault.Open(dir, pass)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Load(v, vault.Previous)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	newPass := []byte("a different long passphrase")
	if err := s2.ChangePassphrase(pass, newPass); err != nil {
		t.Fatalf("change after opening the previous generation: %v", err)
	}
	s2.Close()
	s3, err := Unlock(dir, newPass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	s3.Close()
}

// TestSessionRollback: a session loaded from a data file older than one
// seen on this computer says so for its whole life.
func TestSessionRollback(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "First")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if s.Rollback() != nil {
		t.Fatal("a fresh vault reports a rollback")
	}
	s.Close()
	prev, _ := os.ReadFile(filepath.Join(dir, vault.PrevFile))
	os.WriteFile(filepath.Join(dir, vault.DataFile), prev, 0o600)
	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	rb := s2.Rollback()
	if rb == nil || rb.File != vault.DataFile || rb.Generation >= rb.Seen {
		t.Fatalf("rollback %+v", rb)
	}
	addContact(t, s2, "Second")
	if err := s2.Save(); err != nil {
		t.Fatal(err)
	}
	if s2.Rollback() == nil {
		t.Error("the warning vanished from the session after a save")
	}
}

// TestRecoveredImageIsPlainSQLite: data.age decrypted with the age tools'
// method (the passphrase opens key.age, its identity opens data.age) is an
// ordinary SQLite database, generation trailer and padding included, that
// a stock SQLite opens from a file and finds intact.
func TestRecoveredImageIsPlainSQLite(t *testing.T) {
	dir, s := newSession(t)
	for _, n := range []string{"Amina K.", "Bilal", "Chen"} {
		addContact(t, s, n)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	keyFile, _ := os.Open(filepath.Join(dir, vault.KeyFile))
	defer keyFile.Close()
	sid, _ := age.NewScryptIdentity(string(pass))
	r, err := age.Decrypt(keyFile, sid)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := age.ParseIdentities(r)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, vault.DataFile))
	pr, err := age.Decrypt(bytes.NewReader(data), ids...)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(pr)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(plain[len(plain)-vault.TrailerSize:], make([]byte, vault.TrailerSize)) {
		t.Fatal("no generation trailer at the end of the plaintext")
	}
	dbPath := filepath.Join(t.TempDir(), "vault.db")
	if err := os.WriteFile(dbPath, plain, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM contacts").Scan(&n); err != nil || n != 3 {
		t.Fatalf("contacts: %d %v", n, err)
	}
	if _, err := store.ImageSize(plain); err != nil {
		t.Fatal(err)
	}
}
