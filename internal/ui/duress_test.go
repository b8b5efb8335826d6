package ui

import (
	"context"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

const duressPass = "tea at the library on thursday"

// setDuressIn sets the duress passphrase through the Settings dialog.
func setDuressIn(t *testing.T, s *shell, first, second string) *duressCard {
	t.Helper()
	st := settingsOf(t, s)
	c := st.duress
	test.Tap(c.set)
	if c.pass == nil {
		t.Fatal("no duress dialog")
	}
	test.Type(c.pass, first)
	test.Type(c.repeat, second)
	tapButtonIn(t, s.win.Canvas(), s.tr.T("settings.duress.set_button"))
	waitTasks(t, s)
	return c
}

func TestDuressSettings(t *testing.T) {
	s, _, dir := unlocked(t)
	st := settingsOf(t, s)
	c := st.duress
	if c.status.Text != s.tr.T("settings.duress.status_off") || c.review.Visible() || c.clear.Visible() {
		t.Fatalf("new vault: %q, review shown %v", c.status.Text, c.review.Visible())
	}
	// Typed differently twice, and the vault's own passphrase: refused.
	setDuressIn(t, s, duressPass, duressPass+"x")
	if c.errLabel.Text != s.tr.T("passphrase.mismatch") || s.session.HasDuress() {
		t.Fatalf("mismatch: %q", c.errLabel.Text)
	}
	tapButtonIn(t, s.win.Canvas(), s.tr.T("common.cancel"))
	setDuressIn(t, s, testPass, testPass)
	if c.errLabel.Text != s.tr.T("duress.same_as_vault") || s.session.HasDuress() {
		t.Fatalf("same as the vault: %q", c.errLabel.Text)
	}
	tapButtonIn(t, s.win.Canvas(), s.tr.T("common.cancel"))

	c = setDuressIn(t, s, duressPass, duressPass)
	if !s.session.HasDuress() || c.status.Text != s.tr.T("settings.duress.status_on") || !c.review.Visible() {
		t.Fatalf("after setting: %v %q", s.session.HasDuress(), c.status.Text)
	}
	if !containsText(canvasTexts(s.win.Canvas()), s.tr.T("settings.duress.done")) {
		t.Fatal("no confirmation that it is set")
	}

	// Review the decoy: its contacts, with a banner leading back.
	real := s.session
	test.Tap(c.review)
	waitTasks(t, s)
	if s.reviewOf != real || !s.session.IsDecoy() || s.reviewBack == nil {
		t.Fatal("not reviewing the decoy")
	}
	if !containsText(canvasTexts(s.win.Canvas()), s.tr.T("decoy.banner")) {
		t.Fatal("no banner while reviewing")
	}
	ctx := context.Background()
	list, _ := s.session.Store().Contacts().List(ctx, store.ContactFilter{})
	for _, ct := range list {
		if ct.Name == canary {
			t.Fatal("the vault's contact is in the decoy")
		}
	}
	edit := &contact.Contact{Name: "Added in review", Kind: contact.KindPerson}
	if err := s.session.Store().Contacts().Add(ctx, edit); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.reviewBack)
	waitTasks(t, s)
	if s.reviewOf != nil || s.session != real || s.main == nil {
		t.Fatal("not back in the vault")
	}
	if _, err := real.Store().Contacts().Get(ctx, edit.ID); err == nil {
		t.Fatal("the decoy's edit is in the vault")
	}

	// Lock, and unlock with the duress passphrase: the decoy, with the
	// edit, shown as an ordinary vault.
	s.lock()
	waitTasks(t, s)
	test.Type(s.unlock.pass, duressPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil || s.reviewOf != nil || s.session.IsDecoy() {
		t.Fatalf("duress unlock: %q", s.unlock.errLabel.Text)
	}
	if _, err := s.session.Store().Contacts().Get(ctx, edit.ID); err != nil {
		t.Fatalf("the decoy's edit is missing: %v", err)
	}
	if containsText(canvasTexts(s.win.Canvas()), s.tr.T("decoy.banner")) {
		t.Fatal("the banner gives the decoy away")
	}
	st = settingsOf(t, s)
	if st.duress.status.Text != s.tr.T("settings.duress.status_off") {
		t.Fatalf("the decoy's settings say %q", st.duress.status.Text)
	}
	if _, err := vault.Open(dir, []byte(testPass)); err == nil {
		t.Fatal("the vault passphrase still opens something")
	}
}

// TestLockWhileReviewingDecoy: locking (or the auto-lock) while the decoy
// is shown saves the decoy and locks the vault; the next unlock shows the
// vault.
func TestLockWhileReviewingDecoy(t *testing.T) {
	s, _ := reviewingDecoy(t)
	s.lock()
	waitTasks(t, s)
	if s.reviewOf != nil || s.session != nil {
		t.Fatal("still reviewing after the lock")
	}
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil || s.session.IsDecoy() || !s.session.HasDuress() {
		t.Fatal("unlock after locking the review does not show the vault")
	}
}

// TestDestroyWhileReviewingDecoy: the emergency shortcut while the decoy
// is shown destroys the vault (both slots), not just the decoy.
func TestDestroyWhileReviewingDecoy(t *testing.T) {
	s, dir := reviewingDecoy(t)
	s.setEmergency(fyne.KeyDelete)
	s.emergencyDestroy()
	if s.emergency == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(s.emergency.destroy)
	waitTasks(t, s)
	if s.reviewOf != nil || s.session != nil {
		t.Fatal("a session survived the destroy")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("vault folder left: %v", entries)
	}
}

// reviewingDecoy returns a shell unlocked on a new vault with a duress
// passphrase set, showing the decoy for review, and the vault folder.
func reviewingDecoy(t *testing.T) (*shell, string) {
	t.Helper()
	s, _, dir := unlocked(t)
	c := setDuressIn(t, s, duressPass, duressPass)
	test.Tap(c.review)
	waitTasks(t, s)
	if s.reviewOf == nil {
		t.Fatal("not reviewing")
	}
	return s, dir
}
