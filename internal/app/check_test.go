package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestBackgroundCheckReportsDamage: a data.age whose pages are well-formed
// but whose table and index disagree passes the quick check at unlock;
// the full check after unlocking finds it and reports it as the save
// state, and from then on nothing is written to the vault folder.
func TestBackgroundCheckReportsDamage(t *testing.T) {
	dir := contradictingVault(t)

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

// contradictingVault returns a vault whose data.age passes the quick check
// but not the full one (a name changed in one of its two copies), and
// whose data.age.prev is the sound state before.
func contradictingVault(t *testing.T) string {
	t.Helper()
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
	return dir
}

// TestOpenPreviousAfterFailedCheck: after the background check failed,
// OpenPrevious swaps the session for the earlier copy without the
// passphrase; its first save sets the damaged file aside.
func TestOpenPreviousAfterFailedCheck(t *testing.T) {
	dir := contradictingVault(t)
	s, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	s.CheckInBackground()
	<-s.check.done
	if st := s.State(); !errors.Is(st.Err, ErrCheckFailed) {
		t.Fatalf("state after the check: %+v", st)
	}
	prev, err := s.OpenPrevious()
	if err != nil {
		t.Fatal(err)
	}
	defer prev.Close()
	if err := s.Save(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("the damaged session still saves: %v", err)
	}
	if _, err := s.OpenPrevious(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("OpenPrevious on a closed session: %v", err)
	}
	if !prev.Vault().FromPrevious() {
		t.Fatal("the new session is not the previous generation")
	}
	prev.CheckInBackground()
	<-prev.check.done
	if st := prev.State(); st.Err != nil {
		t.Fatalf("the earlier copy fails its check: %+v", st)
	}
	addContact(t, prev, "Dana")
	if err := prev.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, vault.DamagedFile)); err != nil {
		t.Fatalf("the damaged file was not set aside: %v", err)
	}
	s3, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	s3.CheckInBackground()
	<-s3.check.done
	if st := s3.State(); st.Err != nil {
		t.Fatalf("the vault saved from the earlier copy fails its check: %+v", st)
	}
	names := contactNames(t, s3)
	for _, want := range []string{"Zanele Mbeki", "Dana"} {
		if !slices.Contains(names, want) {
			t.Errorf("%q missing after reopening: %v", want, names)
		}
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

// contactNames lists the names of every contact in s.
func contactNames(t *testing.T, s *Session) []string {
	t.Helper()
	cs, err := s.Store().Contacts().List(context.Background(), store.ContactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return names
}
