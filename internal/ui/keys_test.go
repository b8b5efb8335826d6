//go:build unix

package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// tapButtonIn taps the button labelled text in the top overlay of c.
func tapButtonIn(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	var found *widget.Button
	walkObject(c.Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no %q button in the top dialog", text)
	}
	test.Tap(found)
}

// holdKeyFile replaces key.age with a named pipe, so that the next key
// derivation waits in the background until release is called: the
// window can then be looked at while the work is under way.
func holdKeyFile(t *testing.T, dir string) (release func()) {
	t.Helper()
	path := filepath.Join(dir, vault.KeyFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return func() {
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		w.Close()
	}
}

// TestSettingsChangePassphraseRotatesKey: the change runs in the
// background behind a progress dialog; afterwards the new recovery key is
// shown at once, with the words that the old paper no longer works; the
// old key and passphrase no longer open the vault, the new ones do.
func TestSettingsChangePassphraseRotatesKey(t *testing.T) {
	s, _, dir := unlocked(t)
	oldKey, _ := s.session.RecoveryKey()
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	c := s.win.Canvas()

	// A wrong current passphrase: one line, nothing changed.
	st.showChangePassphrase()
	test.Type(st.oldPass, "not the passphrase")
	test.Type(st.newPass1, "a new long passphrase")
	test.Type(st.newPass2, "a new long passphrase")
	tapButtonIn(t, c, s.tr.T("settings.pass.change"))
	waitTasks(t, s)
	if st.changeErr.Text != s.tr.T("error.wrong_passphrase") || st.busy != nil {
		t.Fatalf("wrong passphrase: %q, busy %v", st.changeErr.Text, st.busy != nil)
	}

	release := holdKeyFile(t, dir)
	test.Type(st.oldPass, testPass)
	test.Type(st.newPass1, "a new long passphrase")
	test.Type(st.newPass2, "a new long passphrase")
	tapButtonIn(t, c, s.tr.T("settings.pass.change"))
	if st.busy == nil || st.busyText != s.tr.T("settings.pass.changing") ||
		!containsText(canvasTexts(c), s.tr.T("settings.pass.changing")) {
		t.Fatal("no progress shown while the passphrase is changed")
	}
	release()
	waitTasks(t, s)
	if st.busy != nil {
		t.Fatal("progress still shown after the change")
	}
	newKey, _ := s.session.RecoveryKey()
	if newKey == oldKey {
		t.Fatal("the recovery key did not change")
	}
	if st.recoveryKey == nil || st.recoveryKey.Text() != strings.Join(vault.RecoveryKeyGroups(newKey), " ") {
		t.Fatal("the new recovery key is not shown after the change")
	}
	if st.recoveryIntro == nil || !strings.Contains(st.recoveryIntro.Text, s.tr.T("settings.pass.new_recovery")) {
		t.Fatal("no word that the old recovery key no longer works")
	}
	// The same check as everywhere else follows.
	test.Tap(st.recoveryWrote)
	if st.recoveryCheck == nil {
		t.Fatal("no check after I wrote it down")
	}
	if err := app.CheckRecoveryKey(dir, oldKey); !errors.Is(err, vault.ErrWrongRecoveryKey) {
		t.Errorf("old recovery key after the change: %v", err)
	}
	s.lock()
	waitTasks(t, s)
	if _, err := app.Unlock(dir, []byte(testPass), vault.Current); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("old passphrase after the change: %v", err)
	}
	sess, err := app.Unlock(dir, []byte("a new long passphrase"), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	sess.Close()
}

// TestSettingsShowRecoveryKeyProgress: checking the passphrase before the
// recovery key is shown runs in the background behind a progress dialog.
func TestSettingsShowRecoveryKeyProgress(t *testing.T) {
	s, _, dir := unlocked(t)
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	release := holdKeyFile(t, dir)
	st.showRecoveryKey()
	test.Type(st.recoveryPass, testPass)
	enter(st.recoveryPass)
	if st.busy == nil || st.busyText != s.tr.T("settings.pass.checking") {
		t.Fatal("no progress shown while the passphrase is checked")
	}
	release()
	waitTasks(t, s)
	if st.busy != nil || st.recoveryKey == nil {
		t.Fatal("the key is not shown after the check")
	}
	if st.recoveryIntro != nil {
		t.Error("the 'your key changed' words shown without a change")
	}
}

// TestRollbackBanner: unlocking a vault file older than one this computer
// opened shows a warning above every screen until the vault is locked.
func TestRollbackBanner(t *testing.T) {
	dir := makeVault(t)
	prev, _ := os.ReadFile(filepath.Join(dir, vault.PrevFile))
	// Open and save once more so this computer has seen a newer file.
	sess, err := app.Unlock(dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.SaveNow(); err != nil {
		t.Fatal(err)
	}
	sess.Close()
	os.WriteFile(filepath.Join(dir, vault.DataFile), prev, 0o600)

	s, _ := newTestShell(t, dir, Options{})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
	if !s.main.rollbackNotice.Visible() || s.main.rollbackNoticeLabel.Text != s.tr.T("shell.rollback_warning") {
		t.Fatal("no rollback warning after unlocking an older vault file")
	}
	s.main.navigate(ScreenContacts, nil)
	if !s.main.rollbackNotice.Visible() {
		t.Error("the warning went away on another screen")
	}

	// A vault as new as anything seen shows no warning.
	s2, _, _ := unlocked(t)
	if s2.main.rollbackNotice.Visible() {
		t.Error("warning shown for a current vault")
	}
}
