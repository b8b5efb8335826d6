package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func TestLockShortcutHidesEverything(t *testing.T) {
	s, _, _ := unlocked(t)
	last := withFakeContacts(s)
	s.main.navigate(ScreenContacts, nil)
	scr := *last
	if !containsText(canvasTexts(s.win.Canvas()), canary) {
		t.Fatal("test setup: canary not shown while unlocked")
	}
	shortcut(s, fyne.KeyN)
	if scr.newItems != 1 {
		t.Errorf("Ctrl+N reached the screen %d times", scr.newItems)
	}
	s.clip.Copy(canary)
	shortcut(s, fyne.KeyL)
	if !scr.torn {
		t.Error("screen not torn down on lock")
	}
	if s.main != nil || s.unlock == nil {
		t.Fatal("unlock screen not shown after Ctrl+L")
	}
	if s.app.Clipboard().Content() != "" {
		t.Error("clipboard not cleared on lock")
	}
	waitTasks(t, s)
	if s.session != nil {
		t.Error("session still open after lock")
	}
	for _, txt := range canvasTexts(s.win.Canvas()) {
		if strings.Contains(txt, canary) {
			t.Fatalf("locked window shows %q", txt)
		}
	}
}

func TestAutoLockAfterIdle(t *testing.T) {
	s, clk, _ := unlocked(t)
	s.setAutoLock(5 * time.Minute)
	s.checkIdle(clk.Now()) // settles the focus signature
	clk.advance(4 * time.Minute)
	s.checkIdle(clk.Now())
	if s.main == nil {
		t.Fatal("locked before the timeout")
	}
	test.TypeOnCanvas(s.win.Canvas(), "x") // input resets the timer
	clk.advance(4 * time.Minute)
	s.checkIdle(clk.Now())
	if s.main == nil {
		t.Fatal("input did not reset the idle timer")
	}
	catcher := s.win.Content().(*activityCatcher)
	catcher.MouseMoved(&desktop.MouseEvent{})
	clk.advance(4 * time.Minute)
	s.checkIdle(clk.Now())
	if s.main == nil {
		t.Fatal("mouse movement did not reset the idle timer")
	}
	clk.advance(time.Minute + time.Second)
	s.checkIdle(clk.Now())
	if s.main != nil {
		t.Fatal("not locked after five idle minutes")
	}
	waitTasks(t, s)
	if s.session != nil {
		t.Error("session not closed by auto-lock")
	}
}

func TestAutoLockOff(t *testing.T) {
	s, clk, _ := unlocked(t)
	s.setAutoLock(0)
	clk.advance(24 * time.Hour)
	s.checkIdle(clk.Now())
	if s.main == nil {
		t.Fatal("locked although auto-lock is off")
	}
}

func TestClipboardClearsOnlyOurs(t *testing.T) {
	test.NewTempApp(t)
	cb := test.NewClipboard()
	clk := newFakeClock()
	c := NewClipboard(cb, clk.Now, 30*time.Second)

	c.Copy("+254 700 000000")
	clk.advance(29 * time.Second)
	if c.clearDue(clk.Now()) || cb.Content() == "" {
		t.Fatal("cleared before the timeout")
	}
	clk.advance(time.Second)
	if !c.clearDue(clk.Now()) || cb.Content() != "" {
		t.Fatal("not cleared at the timeout")
	}

	c.Copy("secret")
	cb.SetContent("something the user copied")
	clk.advance(time.Minute)
	if c.clearDue(clk.Now()) || cb.Content() != "something the user copied" {
		t.Fatal("cleared a clipboard that no longer held our text")
	}
	if c.pending() {
		t.Error("copy still pending after its timeout")
	}

	c.Copy("secret")
	if !c.ClearNow() || cb.Content() != "" {
		t.Error("ClearNow did not clear our text")
	}
}

// replaceData overwrites data.age behind the session's back and returns
// the original bytes.
func replaceData(t *testing.T, dir string) []byte {
	t.Helper()
	path := filepath.Join(dir, vault.DataFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	other, err := os.ReadFile(filepath.Join(dir, vault.PrevFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, other, 0o600); err != nil {
		t.Fatal(err)
	}
	return orig
}

func addContact(t *testing.T, s *shell, name string) {
	t.Helper()
	c := &contact.Contact{Name: name, Kind: contact.KindPerson}
	if err := s.session.Store().Contacts().Add(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	s.main.env.Changed()
}

func TestSaveFailureShownAndRetried(t *testing.T) {
	s, _, dir := unlocked(t)
	orig := replaceData(t, dir)
	addContact(t, s, "Second")
	if s.main.saveLabel.Text != s.tr.T("save.saving") {
		t.Errorf("status after a change = %q", s.main.saveLabel.Text)
	}
	shortcut(s, fyne.KeyS)
	waitTasks(t, s)
	reason := s.tr.T("error.changed_on_disk")
	if s.main.saveLabel.Text != s.tr.T("shell.save.not_saved") || !s.main.retry.Visible() {
		t.Fatalf("status = %q, retry visible %v", s.main.saveLabel.Text, s.main.retry.Visible())
	}
	if want := s.tr.T("save.failed", "Reason", reason); s.main.bannerLabel.Text != want || !strings.Contains(want, "Not saved") {
		t.Errorf("banner = %q, want %q", s.main.bannerLabel.Text, want)
	}
	if err := os.WriteFile(filepath.Join(dir, vault.DataFile), orig, 0o600); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.main.retry)
	waitTasks(t, s)
	if s.main.saveLabel.Text != s.tr.T("save.saved") || s.main.retry.Visible() || s.main.banner.Visible() {
		t.Errorf("after retry: %q", s.main.saveLabel.Text)
	}
}

func TestLockWithFailedSaveKeepsChanges(t *testing.T) {
	s, _, dir := unlocked(t)
	orig := replaceData(t, dir)
	addContact(t, s, "Kept")
	s.lock()
	waitTasks(t, s)
	if s.main != nil || s.unlock == nil {
		t.Fatal("not locked")
	}
	if !s.lockedUnsaved || s.session == nil || !s.unlock.notSavedRow.Visible() {
		t.Fatal("failed save on lock not kept and shown")
	}
	if !strings.Contains(s.unlock.notSavedLabel.Text, s.tr.T("error.changed_on_disk")) {
		t.Errorf("notice = %q", s.unlock.notSavedLabel.Text)
	}
	if containsText(canvasTexts(s.win.Canvas()), "Kept") || containsText(canvasTexts(s.win.Canvas()), canary) {
		t.Fatal("locked window shows data")
	}
	if err := os.WriteFile(filepath.Join(dir, vault.DataFile), orig, 0o600); err != nil {
		t.Fatal(err)
	}
	test.Type(s.unlock.pass, "wrong passphrase")
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main != nil || s.unlock.errLabel.Text != s.tr.T("error.wrong_passphrase") {
		t.Fatalf("wrong passphrase accepted in locked-unsaved state: %q", s.unlock.errLabel.Text)
	}
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
	if st := s.session.State(); st.Status != app.Saved {
		t.Fatalf("not saved after unlocking: %v %v", st.Status, st.Err)
	}
	s.lock()
	waitTasks(t, s)
	sess, err := app.Unlock(dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	n, err := sess.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if err != nil || n != 2 {
		t.Errorf("contacts on disk = %d, %v; want 2", n, err)
	}
}

// TestShutdownSavesAndCloses is what happens when the system stops the
// app (SIGTERM, Ctrl+C): the last change is saved, the vault is closed
// and its lock released, without any question asked.
func TestShutdownSavesAndCloses(t *testing.T) {
	s, _, dir := unlocked(t)
	c := &contact.Contact{Name: "Added just before logout", Kind: contact.KindPerson}
	if err := s.session.Store().Contacts().Add(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	s.shutdown()
	if s.session != nil {
		t.Fatal("session still open after shutdown")
	}
	if ov := s.win.Canvas().Overlays().Top(); ov != nil {
		t.Error("shutdown asked a question")
	}
	sess, err := app.Unlock(dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatalf("vault not released or not saved: %v", err)
	}
	defer sess.Close()
	n, err := sess.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if err != nil || n != 2 {
		t.Errorf("contacts on disk = %d, %v; want 2 (the change before shutdown was lost)", n, err)
	}
}
