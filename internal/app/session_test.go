package app

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func TestMain(m *testing.M) {
	vault.SetWorkFactorForTesting(10)
	// Generation records go to a test folder, never the user's.
	seen, err := os.MkdirTemp("", "safehouse-seen-")
	if err != nil {
		panic(err)
	}
	vault.SetSeenDir(seen)
	code := m.Run()
	os.RemoveAll(seen)
	os.Exit(code)
}

var pass = []byte("a long enough passphrase")

func newSession(t *testing.T) (string, *Session) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	s, err := Create(dir, pass)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return dir, s
}

func addContact(t *testing.T, s *Session, name string) string {
	t.Helper()
	c := &contact.Contact{Name: name, Kind: contact.KindPerson}
	if err := s.Store().Contacts().Add(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func TestCreateSaveUnlock(t *testing.T) {
	dir, s := newSession(t)
	if s.Dirty() {
		t.Fatal("new session is dirty")
	}
	id := addContact(t, s, "Amina K.")
	if !s.Dirty() || s.State().Status != Unsaved {
		t.Fatalf("after an edit: dirty=%v state=%v", s.Dirty(), s.State())
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := Unlock(dir, []byte("wrong"), vault.Current); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	c, err := s2.Store().Contacts().Get(context.Background(), id)
	if err != nil || c.Name != "Amina K." {
		t.Fatalf("contact after unlock: %v %v", c, err)
	}
	if s2.Dirty() {
		t.Error("freshly unlocked session is dirty")
	}
}

func TestSaveFailureKeepsChanges(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "First")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	// Someone else replaces data.age: saving must be refused, and the
	// edit must stay pending until it can be saved.
	data := filepath.Join(dir, vault.DataFile)
	good, _ := os.ReadFile(data)
	os.WriteFile(data, append([]byte{}, good[:len(good)-1]...), 0o600)
	addContact(t, s, "Second")
	var states []SaveStatus
	s.OnSaveState(func(st SaveState) { states = append(states, st.Status) })
	err := s.Save()
	if !errors.Is(err, vault.ErrChangedOnDisk) {
		t.Fatalf("Save: %v, want ErrChangedOnDisk", err)
	}
	if st := s.State(); st.Status != Failed || !errors.Is(st.Err, vault.ErrChangedOnDisk) {
		t.Fatalf("state after failure: %+v", st)
	}
	if Explain(err).ID != "error.changed_on_disk" {
		t.Errorf("explained as %q", Explain(err).ID)
	}
	if err := s.Lock(); err == nil {
		t.Fatal("Lock succeeded although the changes could not be saved")
	}
	// The fault goes away; retry succeeds and both contacts are on disk.
	os.WriteFile(data, good, 0o600)
	if err := s.Save(); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if len(states) < 3 || states[len(states)-1] != Saved {
		t.Errorf("listener saw %v", states)
	}
	s.Close()
	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	n, _ := s2.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if n != 2 {
		t.Fatalf("%d contacts on disk, want 2", n)
	}
}

// TestDamagedDatabaseOffersPrevious: a data.age that decrypts but holds a
// broken database is reported as damaged, and the previous one opens.
func TestDamagedDatabaseOffersPrevious(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "Kept")
	// A full save, as locking makes: data.age.prev is the data.age the
	// last full save replaced (docs/vault-format.md, docs/recovery.md),
	// and an ordinary save's journal record would extend the data.age
	// replaced below, not become part of data.age.prev.
	if err := s.SaveNow(); err != nil {
		t.Fatal(err)
	}
	// Write a validly encrypted data.age whose plaintext is garbage.
	garbage := make([]byte, 5000)
	copy(garbage, "SQLite format 3\x00")
	if err := s.Vault().Save(garbage); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, err := Unlock(dir, pass, vault.Current)
	var d *vault.DamagedError
	if !errors.As(err, &d) || d.File != vault.DataFile {
		t.Fatalf("Unlock of garbage database: %v", err)
	}
	if Explain(err).ID != "error.damaged_offer_previous" {
		t.Errorf("explained as %q", Explain(err).ID)
	}
	s2, err := Unlock(dir, pass, vault.Previous)
	if err != nil {
		t.Fatalf("Unlock previous: %v", err)
	}
	defer s2.Close()
	n, _ := s2.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if n != 1 {
		t.Fatalf("previous generation holds %d contacts", n)
	}
}

func TestNewerVersionRefused(t *testing.T) {
	dir, s := newSession(t)
	img, _ := s.Store().Serialize()
	// The user_version pragma lives at offset 60 of the SQLite header.
	binary.BigEndian.PutUint32(img[60:], 9999)
	if err := s.Vault().Save(img); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(filepath.Join(dir, vault.DataFile))
	_, err := Unlock(dir, pass, vault.Current)
	if !errors.Is(err, store.ErrNewerVersion) || Explain(err).ID != "error.newer_version" {
		t.Fatalf("Unlock of newer vault: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, vault.DataFile))
	if string(before) != string(after) {
		t.Fatal("refusing a newer vault changed it")
	}
}

func TestAutosaver(t *testing.T) {
	dir, s := newSession(t)
	a := NewAutosaver(s)
	t0 := time.Unix(1_000_000, 0)
	if err := a.Tick(t0); err != nil || s.State().Status != Saved {
		t.Fatal("idle tick changed state")
	}
	addContact(t, s, "One")
	a.Tick(t0) // sees the change and saves it at once
	if st := s.State(); st.Status != Saved {
		t.Fatalf("an edit was not saved at the next look: %+v", st)
	}
	if got := s.Vault().JournalLen(); got != 1 {
		t.Fatalf("one edit made %d journal records", got)
	}
	t1 := t0.Add(10 * time.Second)

	// A failure is retried after RetryAfter, not on every tick.
	data := filepath.Join(dir, vault.DataFile)
	good, _ := os.ReadFile(data)
	os.WriteFile(data, good[:100], 0o600)
	addContact(t, s, "pending")
	t2 := t1.Add(time.Minute)
	if err := a.Tick(t2); err == nil || s.State().Status != Failed {
		t.Fatalf("expected a failed save, state %+v", s.State())
	}
	if err := a.Tick(t2.Add(time.Second)); err != nil {
		t.Fatalf("retried at once: %v", err)
	}
	os.WriteFile(data, good, 0o600)
	a.Tick(t2.Add(2 * time.Second))
	if s.State().Status != Failed {
		t.Fatal("retried before RetryAfter")
	}
	a.Tick(t2.Add(12 * time.Second))
	if st := s.State(); st.Status != Saved {
		t.Fatalf("not retried after RetryAfter: %+v", st)
	}
}

// TestAutosaverSavesEachEditAtOnce runs the autosaver with a tick far in
// the future: an edit announced with Session.Changed is on disk without
// waiting for it.
func TestAutosaverSavesEachEditAtOnce(t *testing.T) {
	_, s := newSession(t)
	a := NewAutosaver(s)
	saved := make(chan struct{}, 16)
	s.OnSaveState(func(st SaveState) {
		if st.Status == Saved {
			saved <- struct{}{}
		}
	})
	stop := a.Start(time.Hour)
	defer stop()
	for i := range 3 {
		addContact(t, s, fmt.Sprintf("edit %d", i))
		s.Changed()
		select {
		case <-saved:
		case <-time.After(time.Minute):
			t.Fatalf("edit %d not saved without waiting for the tick: %+v", i, s.State())
		}
		if st := s.State(); st.Status != Saved {
			t.Fatalf("edit %d: state %+v after the save", i, st)
		}
	}
	if got := s.Vault().JournalLen(); got != 3 {
		t.Fatalf("three edits saved one by one made %d journal records", got)
	}
}

func TestExplain(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{vault.ErrWrongPassphrase, "error.wrong_passphrase"},
		{vault.ErrInUse, "error.in_use"},
		{&vault.DamagedError{File: vault.KeyFile}, "error.key_damaged"},
		{&vault.SaveError{Kind: vault.FaultNoSpace}, "error.disk_full"},
		{&vault.SaveError{Kind: vault.FaultReadOnly}, "error.read_only"},
		{&vault.SaveError{Kind: vault.FaultPermission}, "error.permission"},
		{&vault.SaveError{Kind: vault.FaultIO}, "error.io"},
		{errors.New("something odd"), "error.unexpected"},
	}
	for _, c := range cases {
		if got := Explain(c.err).ID; got != c.want {
			t.Errorf("Explain(%v) = %q, want %q", c.err, got, c.want)
		}
	}
	err := (&contact.Contact{Kind: contact.KindPerson}).Validate()
	if got := Explain(err).ID; got != "validation.name_required" {
		t.Errorf("Explain(validation) = %q", got)
	}
}

func TestBuiltinTutorialsInNewVault(t *testing.T) {
	dir, s := newSession(t)
	ctx := context.Background()
	list, err := s.Store().Tutorials().List(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	slugs := map[string]bool{}
	for _, tu := range list {
		slugs[tu.Slug] = true
	}
	for _, want := range []string{"building-a-movement", "make-the-switch", "shifting-public-opinion", "advocating-safely"} {
		if !slugs[want] {
			t.Errorf("new vault lacks built-in tutorial %s", want)
		}
	}
	// A vault without them (made by an older version) gets them at unlock,
	// and the session is dirty so they are saved.
	for _, tu := range list {
		if err := s.Store().Tutorials().Delete(ctx, tu.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if !s2.Dirty() {
		t.Fatal("adding built-in tutorials at unlock did not mark the session unsaved")
	}
	if got, _ := s2.Store().Tutorials().List(ctx, "en"); len(got) != len(list) {
		t.Fatalf("%d tutorials after unlock, want %d", len(got), len(list))
	}
}

func TestNewVaultHasSharingIdentity(t *testing.T) {
	_, s := newSession(t)
	id, err := LoadIdentity(context.Background(), s.Store())
	if err != nil || id == nil {
		t.Fatalf("new vault has no sharing identity: %v", err)
	}
	again, err := EnsureIdentity(context.Background(), s)
	if err != nil || again.Fingerprint() != id.Fingerprint() {
		t.Fatal("EnsureIdentity replaced the identity made at creation")
	}
	if s.Dirty() {
		t.Error("EnsureIdentity dirtied a vault that already had an identity")
	}
}
