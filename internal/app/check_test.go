package app

import (
	"bytes"
	"errors"
	"testing"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestBackgroundCheckReportsDamage: a data.age whose pages are well-formed
// but whose table and index disagree passes the quick check at unlock;
// the full check after unlocking finds it and reports it as the save
// state, and from then on nothing is written to the vault folder.
func TestBackgroundCheckReportsDamage(t *testing.T) {
	dir, s := newSession(t)
	for _, n := range []string{"Amina K.", "Zanele Mbeki", "Chen"} {
		addContact(t, s, n)
	}
	if err := s.SaveNow(); err != nil {
		t.Fatal(err)
	}
	img, err := s.Store().Serialize()
	if err != nil {
		t.Fatal(err)
	}
	// The first copy of the name (a table row or an index entry): the
	// page stays well-formed, the database contradicts itself.
	i := bytes.Index(img, []byte("Zanele"))
	if i < 0 {
		t.Fatal("name not in the image")
	}
	copy(img[i:], "Yanele")
	if err := s.vault.Save(img); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatalf("the quick check at unlock refused a well-formed database: %v", err)
	}
	defer s2.Close()
	var states []SaveState
	s2.OnSaveState(func(st SaveState) { states = append(states, st) })
	before := dirFiles(t, dir)
	s2.CheckInBackground()
	s2.CheckInBackground() // a second call does nothing
	<-s2.check.done
	st := s2.State()
	if st.Status != Failed || !errors.Is(st.Err, ErrCheckFailed) {
		t.Fatalf("state after the check: %+v", st)
	}
	var d *vault.DamagedError
	if !errors.As(st.Err, &d) || d.File != vault.DataFile {
		t.Fatalf("error %v does not name data.age", st.Err)
	}
	if m := Explain(st.Err); m.ID != "error.check_failed" {
		t.Fatalf("message %q", m.ID)
	}
	if len(states) != 1 || states[0].Status != Failed {
		t.Fatalf("listeners told %+v", states)
	}
	// Nothing is written any more: not an edit, not a lock, not a close.
	addContact(t, s2, "Dana")
	if err := s2.Save(); !errors.Is(err, ErrCheckFailed) {
		t.Fatalf("Save after the failed check: %v", err)
	}
	if err := s2.SaveNow(); !errors.Is(err, ErrCheckFailed) {
		t.Fatalf("SaveNow after the failed check: %v", err)
	}
	if err := s2.Lock(); !errors.Is(err, ErrCheckFailed) {
		t.Fatalf("Lock after the failed check: %v", err)
	}
	s2.Close()
	if after := dirFiles(t, dir); !sameFiles(before, after) {
		t.Fatal("the vault folder changed after the check failed")
	}
}

// TestBackgroundCheckHealthy: on a sound vault the check changes nothing
// (state, saves); closing the session while it may still run is safe.
func TestBackgroundCheckHealthy(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "Amina K.")
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	s2.CheckInBackground()
	<-s2.check.done
	if st := s2.State(); st.Status != Saved || st.Err != nil {
		t.Fatalf("state after a passing check: %+v", st)
	}
	addContact(t, s2, "Bilal")
	if err := s2.Save(); err != nil {
		t.Fatal(err)
	}
	s2.Close()

	s3, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	s3.CheckInBackground()
	if err := s3.Close(); err != nil {
		t.Fatal(err)
	}
	<-s3.check.done
	s3.CheckInBackground() // closed: does nothing
}
