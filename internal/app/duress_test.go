package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

var duress = []byte("an ordinary evening at the library")

// TestDecoyFitsTheSlot: the decoy in every language is smaller than the
// second slot's size, so a vault with a decoy and one without have data
// files of the same size. When the built-in tutorials grow past it,
// raise vault.SlotPaddedSize.
func TestDecoyFitsTheSlot(t *testing.T) {
	langs := demo.DecoyLanguages()
	if len(langs) < 7 {
		t.Fatalf("decoy in %v, want the seven shipped languages", langs)
	}
	for _, lang := range langs {
		img, err := DecoyImage(lang, time.Now(), time.UTC)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if max := vault.SlotPaddedSize - vault.TrailerSize; len(img) > max {
			t.Errorf("%s: the decoy is %d bytes, the slot holds %d", lang, len(img), max)
		}
	}
}

// TestDecoyInTheUsersLanguage: the decoy's contacts and events come from
// the language's own file, and its tutorial progress is started.
func TestDecoyInTheUsersLanguage(t *testing.T) {
	ctx := context.Background()
	for _, lang := range []string{"en", "fa", "zh-Hans"} {
		img, err := DecoyImage(lang, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.Load(img)
		if err != nil {
			t.Fatal(err)
		}
		content, _ := demo.LoadDecoy(lang)
		contacts, err := st.Contacts().List(ctx, store.ContactFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(contacts) != len(content.Contacts) {
			t.Fatalf("%s: %d contacts, want %d", lang, len(contacts), len(content.Contacts))
		}
		found := false
		for _, c := range contacts {
			found = found || c.Name == content.Contacts[0].Name
		}
		if !found {
			t.Errorf("%s: %q is not among the decoy's contacts", lang, content.Contacts[0].Name)
		}
		events, err := st.Events().List(ctx, store.EventFilter{})
		if err != nil || len(events) != len(content.Events) {
			t.Fatalf("%s: %d events (%v), want %d", lang, len(events), err, len(content.Events))
		}
		progress, err := st.Tutorials().Progress(ctx, "make-the-switch")
		if err != nil || len(progress) == 0 {
			t.Errorf("%s: no tutorial progress (%v)", lang, err)
		}
		st.Close()
	}
}

func TestParseDecoyRefusesBadContent(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown key":   "[[contacts]]\nname = \"A\"\nkind = \"person\"\nphone = \"1\"\n[[events]]\ntitle = \"E\"\nkind = \"meeting\"\nhour = 10\nhours = 1\n",
		"bad kind":      "[[contacts]]\nname = \"A\"\nkind = \"alien\"\n[[events]]\ntitle = \"E\"\nkind = \"meeting\"\nhour = 10\nhours = 1\n",
		"bad hour":      "[[contacts]]\nname = \"A\"\nkind = \"person\"\n[[events]]\ntitle = \"E\"\nkind = \"meeting\"\nhour = 25\nhours = 1\n",
		"no events":     "[[contacts]]\nname = \"A\"\nkind = \"person\"\n",
		"not toml":      "[[contacts\n",
		"empty title":   "[[contacts]]\nname = \"A\"\nkind = \"person\"\n[[events]]\ntitle = \"\"\nkind = \"meeting\"\nhour = 10\nhours = 1\n",
		"nameless card": "[[contacts]]\nname = \"\"\nkind = \"person\"\n[[events]]\ntitle = \"E\"\nkind = \"meeting\"\nhour = 10\nhours = 1\n",
	} {
		if _, err := demo.ParseDecoy([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestDuressSession: set, review, edit and trigger the duress passphrase
// through sessions, as the app and the command line do.
func TestDuressSession(t *testing.T) {
	ctx := context.Background()
	dir, s := newSession(t)
	real := addContact(t, s, "Real Person")
	if s.HasDuress() {
		t.Fatal("a new vault has a duress passphrase")
	}
	if err := s.SetDuress(pass, "en", time.Now(), "UTC"); !errors.Is(err, vault.ErrPassphraseTaken) {
		t.Fatalf("SetDuress with the vault passphrase: %v", err)
	}
	if err := s.SetDuress(duress, "en", time.Now(), "UTC"); err != nil {
		t.Fatal(err)
	}
	if !s.HasDuress() || s.Dirty() {
		t.Fatalf("after SetDuress: has %v, dirty %v", s.HasDuress(), s.Dirty())
	}
	if err := s.ChangePassphrase(pass, duress); !errors.Is(err, vault.ErrPassphraseTaken) {
		t.Fatalf("changing the passphrase to the duress one: %v", err)
	}

	// Review and edit the decoy.
	d, err := s.OpenDecoy()
	if err != nil {
		t.Fatal(err)
	}
	if !d.IsDecoy() || d.HasDuress() {
		t.Fatal("the decoy session does not know it is one")
	}
	if _, err := d.OpenDecoy(); !errors.Is(err, ErrDecoySession) {
		t.Fatalf("OpenDecoy on the decoy: %v", err)
	}
	marker := addContact(t, d, "Added while reviewing")
	if err := d.Save(); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := s.Store().Contacts().Get(ctx, marker); err == nil {
		t.Fatal("an edit to the decoy reached the vault")
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}

	// The duress passphrase at the lock screen.
	ds, err := Unlock(dir, duress, vault.Current)
	if err != nil {
		t.Fatalf("unlock with the duress passphrase: %v", err)
	}
	defer ds.Close()
	if _, err := ds.Store().Contacts().Get(ctx, marker); err != nil {
		t.Fatalf("the reviewed edit is not in the decoy: %v", err)
	}
	if _, err := ds.Store().Contacts().Get(ctx, real); err == nil {
		t.Fatal("the vault's contact is in the decoy")
	}
	if ds.IsDecoy() || ds.HasDuress() {
		t.Fatal("the opened decoy looks different from an ordinary vault")
	}
	ds.Close()
	if _, err := Unlock(dir, pass, vault.Current); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("the vault passphrase afterwards: %v", err)
	}
}

// TestDuressWhileLockedInMemory: a session kept in memory at the lock
// screen (its save was failing) checks the passphrase with Reopen; the
// duress passphrase drops it unsaved and returns the decoy.
func TestDuressWhileLockedInMemory(t *testing.T) {
	ctx := context.Background()
	_, s := newSession(t)
	if err := s.SetDuress(duress, "en", time.Now(), "UTC"); err != nil {
		t.Fatal(err)
	}
	unsaved := addContact(t, s, "Typed before the lock")
	same, err := s.Reopen(pass)
	if err != nil || same != s {
		t.Fatalf("Reopen with the vault passphrase: %v", err)
	}
	if _, err := s.Reopen([]byte("wrong")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("Reopen with a wrong passphrase: %v", err)
	}
	d, err := s.Reopen(duress)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d == s || d.IsDecoy() {
		t.Fatal("Reopen with the duress passphrase did not return the decoy as an ordinary session")
	}
	if _, err := d.Store().Contacts().Get(ctx, unsaved); err == nil {
		t.Fatal("the unsaved contact is in the decoy")
	}
	if err := s.Save(); err == nil {
		t.Fatal("the dropped session still saves")
	}
}

func TestClearDuress(t *testing.T) {
	dir, s := newSession(t)
	if err := s.SetDuress(duress, "en", time.Now(), "UTC"); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearDuress(); err != nil {
		t.Fatal(err)
	}
	if s.HasDuress() {
		t.Fatal("HasDuress after ClearDuress")
	}
	if _, err := s.OpenDecoy(); !errors.Is(err, ErrNoDecoy) {
		t.Fatalf("OpenDecoy after ClearDuress: %v", err)
	}
	s.Lock()
	if _, err := Unlock(dir, duress, vault.Current); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("duress passphrase after clearing: %v", err)
	}
}
