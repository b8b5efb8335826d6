package ui

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// storeTraces fills every preference that names a folder, as using the
// app does, and returns the inbox folder (with a processed folder).
func storeTraces(t *testing.T, s *shell) string {
	t.Helper()
	inbox := t.TempDir()
	if err := os.MkdirAll(filepath.Join(inbox, "processed"), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(inbox, "processed", "a1b2c3d4.age"), []byte("x"), 0o600)
	p := s.app.Preferences()
	s.prefs.SetVaultDir(s.dir)
	s.prefs.SetInboxEnabled(true)
	s.prefs.SetInboxDir(inbox)
	s.prefs.SetLanguage("fr")
	p.SetString(prefFileDialogFolder, "file://"+inbox)
	return inbox
}

// assertNoTraces checks that no preference Safehouse stores is left.
func assertNoTraces(t *testing.T, s *shell) {
	t.Helper()
	p := s.app.Preferences()
	for _, k := range allPrefs {
		if v := p.String(k); v != "" {
			t.Errorf("preference %s still %q", k, v)
		}
	}
	if p.Bool(prefInboxOn) {
		t.Error("inbox still enabled")
	}
}

// destroyThroughDialogs walks through the two confirmations of z with the
// right name, ticking the processed box when asked.
func destroyThroughDialogs(t *testing.T, s *shell, z *dangerZone, processed bool) {
	t.Helper()
	test.Tap(z.button)
	c := s.win.Canvas()
	if c.Overlays().Top() == nil || !containsText(canvasTexts(c), s.tr.T("settings.wipe.step1_limits")) {
		t.Fatal("first confirmation missing")
	}
	if z.processed == nil {
		t.Fatal("no box for the inbox's processed folder")
	}
	if z.processed.Checked {
		t.Fatal("processed box ticked by default")
	}
	z.processed.SetChecked(processed)
	test.Tap(findButton(t, c.Overlays().Top(), s.tr.T("settings.wipe.continue")))
	if z.destroy == nil || !z.destroy.Disabled() {
		t.Fatal("second confirmation missing, or Destroy enabled before the name is typed")
	}
	test.Type(z.name, "vaul")
	test.Tap(z.destroy)
	if !vault.Exists(s.dir) {
		t.Fatal("destroyed with a wrong name")
	}
	test.Type(z.name, "t")
	test.Tap(z.destroy)
	waitTasks(t, s)
}

// assertDestroyed checks the first-run screen with the result line and an
// empty folder.
func assertDestroyed(t *testing.T, s *shell, line string) {
	t.Helper()
	if s.first == nil || s.main != nil || s.session != nil || s.unlock != nil {
		t.Fatalf("not on the first-run screen: first=%v main=%v session=%v", s.first != nil, s.main != nil, s.session != nil)
	}
	if _, err := os.Stat(s.dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("vault folder still there: %v", err)
	}
	texts := canvasTexts(s.win.Canvas())
	if !containsText(texts, line) {
		t.Errorf("no result line %q: %q", line, texts)
	}
	if containsText(texts, canary) {
		t.Error("user data on screen")
	}
}

func TestUnlockScreenDestroyWithoutPassphrase(t *testing.T) {
	dir := makeVault(t)
	s, _ := newTestShell(t, dir, Options{})
	inbox := storeTraces(t, s)
	if s.unlock == nil || s.unlock.destroy == nil {
		t.Fatal("no Destroy on the unlock screen")
	}
	findButton(t, s.unlock.content, s.tr.T("settings.wipe.button"))
	destroyThroughDialogs(t, s, s.unlock.destroy, false)
	assertDestroyed(t, s, s.tr.T("wipe.done"))
	assertNoTraces(t, s)
	// Not asked for: the processed folder stays.
	if _, err := os.Stat(filepath.Join(inbox, "processed", "a1b2c3d4.age")); err != nil {
		t.Fatalf("processed folder removed without asking: %v", err)
	}
}

func TestDestroyDeletesProcessedWhenAsked(t *testing.T) {
	s, _, _ := unlocked(t)
	inbox := storeTraces(t, s)
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	destroyThroughDialogs(t, s, newDangerZone(st), true)
	assertDestroyed(t, s, s.tr.T("wipe.done"))
	assertNoTraces(t, s)
	if _, err := os.Stat(filepath.Join(inbox, "processed")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("processed folder kept: %v", err)
	}
	if _, err := os.Stat(inbox); err != nil {
		t.Fatal("the inbox folder itself was removed")
	}
}

func TestRecoveryFirstStepOffersDestroy(t *testing.T) {
	dir := makeVault(t)
	s, _ := newTestShell(t, dir, Options{})
	s.unlock.showRecover()
	b := findButton(t, s.unlock.content, s.tr.T("settings.wipe.button"))
	test.Tap(b)
	if !containsText(canvasTexts(s.win.Canvas()), s.tr.T("settings.wipe.step1_limits")) {
		t.Fatal("Destroy on the recovery step opens no confirmation")
	}
}

func TestFirstRunOffersDestroyForLeftovers(t *testing.T) {
	dir := makeVault(t)
	// A key file lost (an interrupted wipe): the rest is still there.
	os.Remove(filepath.Join(dir, vault.KeyFile))
	s, _ := newTestShell(t, dir, Options{})
	if s.first == nil || s.first.destroy == nil {
		t.Fatal("first run does not offer to destroy the leftovers")
	}
	test.Tap(s.first.destroy.button)
	test.Tap(findButton(t, s.win.Canvas().Overlays().Top(), s.tr.T("settings.wipe.continue")))
	test.Type(s.first.destroy.name, "vault")
	test.Tap(s.first.destroy.destroy)
	waitTasks(t, s)
	assertDestroyed(t, s, s.tr.T("wipe.done"))

	// A folder with nothing of a vault offers nothing.
	empty, _ := newTestShell(t, filepath.Join(t.TempDir(), "vault"), Options{})
	if empty.first == nil || empty.first.destroy != nil {
		t.Fatal("first run offers to destroy a folder with no vault")
	}
}

// TestCLIWipeWhileOpen: `safehouse wipe` destroys the files of a vault
// this window holds (vault.WipeInUse); the next tick drops the session
// without saving, wipes the rest and shows the first-run screen.
func TestCLIWipeWhileOpen(t *testing.T) {
	s, clk, dir := unlocked(t)
	storeTraces(t, s)
	s.main.navigate(ScreenContacts, nil)
	s.tick(clk.Now())
	if s.main == nil {
		t.Fatal("a tick with the vault in place closed it")
	}
	if _, err := vault.WipeInUse(dir); err != nil {
		t.Fatal(err)
	}
	s.tick(clk.Now())
	waitTasks(t, s)
	assertDestroyed(t, s, s.tr.T("wipe.outside"))
	assertNoTraces(t, s)
}

// TestCLIWipeWhileLocked: with the unlock screen showing (nothing held),
// a wipe from the CLI takes the first-run screen on the next tick.
func TestCLIWipeWhileLocked(t *testing.T) {
	dir := makeVault(t)
	s, clk := newTestShell(t, dir, Options{})
	if _, err := vault.Wipe(dir); err != nil {
		t.Fatal(err)
	}
	s.tick(clk.Now())
	waitTasks(t, s)
	if s.first == nil || s.unlock != nil {
		t.Fatal("still on the unlock screen")
	}
	if !containsText(canvasTexts(s.win.Canvas()), s.tr.T("wipe.outside")) {
		t.Error("no line saying the vault was destroyed")
	}
}

func TestEmergencyShortcut(t *testing.T) {
	dir := makeVault(t)
	s, _ := newTestShell(t, dir, Options{})
	sc := emergencyShortcut(fyne.KeyDelete)
	// Off by default: the shortcut does nothing.
	s.unlock.pass.TypedShortcut(sc)
	if s.win.Canvas().Overlays().Top() != nil || s.emergency != nil {
		t.Fatal("emergency shortcut active by default")
	}
	s.setEmergency(fyne.KeyDelete)
	// Another key, or the right key without Shift, does nothing.
	s.unlock.pass.TypedShortcut(emergencyShortcut(fyne.KeyX))
	s.unlock.pass.TypedShortcut(&fyne.ShortcutCut{})
	if s.emergency != nil {
		t.Fatal("a different shortcut asked to destroy")
	}
	// The focused passphrase field passes it on: one confirmation.
	s.unlock.pass.TypedShortcut(sc)
	if s.emergency == nil || !containsText(canvasTexts(s.win.Canvas()), s.tr.T("emergency.title")) {
		t.Fatal("no confirmation")
	}
	// Cancel keeps everything.
	test.Tap(s.emergency.cancel)
	if s.emergency != nil || !vault.Exists(dir) {
		t.Fatal("cancel destroyed the vault or left the dialog")
	}
	s.unlock.pass.TypedShortcut(sc)
	test.Tap(s.emergency.destroy)
	waitTasks(t, s)
	assertDestroyed(t, s, s.tr.T("wipe.done"))
}

func TestEmergencyShortcutWhileUnlocked(t *testing.T) {
	s, _, _ := unlocked(t)
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	if st.emergency.SelectedIndex() != 0 {
		t.Fatal("emergency shortcut not off by default")
	}
	st.emergency.SetSelectedIndex(1)
	if s.prefs.Emergency() != fyne.KeyDelete {
		t.Fatalf("stored %q", s.prefs.Emergency())
	}
	// It is in the Vault menu, so it also works while a field has focus.
	var found bool
	for _, sc := range s.shortcuts() {
		if sc.label == "emergency.menu" {
			found = true
			sc.run()
		}
	}
	if !found || s.emergency == nil {
		t.Fatal("emergency shortcut not in the menu, or no confirmation")
	}
	test.Tap(s.emergency.destroy)
	waitTasks(t, s)
	assertDestroyed(t, s, s.tr.T("wipe.done"))
}

func TestCamouflage(t *testing.T) {
	s, _, _ := unlocked(t)
	if s.win.Title() != "Safehouse" || s.exportName("contacts.vcf") != "contacts.vcf" {
		t.Fatalf("camouflage on by default: %q", s.win.Title())
	}
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	if st.camouflage.Checked {
		t.Fatal("camouflage box ticked by default")
	}
	test.Tap(st.camouflage)
	if s.win.Title() != s.tr.T("camouflage.title") || s.win.Title() != "Notes" {
		t.Fatalf("title %q", s.win.Title())
	}
	if s.main.appName.Text != "Notes" {
		t.Errorf("top bar shows %q", s.main.appName.Text)
	}
	re := regexp.MustCompile(`^notes-[0-9a-f]{8}\.vcf$`)
	a, b := s.exportName("contacts.vcf"), s.main.env.exportName("contacts.vcf")
	if !re.MatchString(a) || !re.MatchString(b) || a == b {
		t.Fatalf("export names %q %q", a, b)
	}
	if got := s.exportName("calendar.ics"); !regexp.MustCompile(`^notes-[0-9a-f]{8}\.ics$`).MatchString(got) {
		t.Fatalf("calendar export %q", got)
	}
	s.lock()
	waitTasks(t, s)
	texts := canvasTexts(s.win.Canvas())
	if !containsText(texts, s.tr.T("camouflage.locked")) || containsText(texts, s.tr.T("unlock.title")) {
		t.Errorf("unlock screen names the app: %q", texts)
	}
	s.setCamouflage(false)
	if s.win.Title() != "Safehouse" {
		t.Fatalf("title after turning it off: %q", s.win.Title())
	}
}

// TestEmergencyShortcutInEveryLockedField: the recovery key field, the
// new passphrase fields after it and the first run's passphrase fields
// pass the emergency shortcut on, like the unlock field (Fyne gives a
// focused field every shortcut first).
func TestEmergencyShortcutInEveryLockedField(t *testing.T) {
	sc := emergencyShortcut(fyne.KeyDelete)
	t.Run("recovery", func(t *testing.T) {
		s, _ := newTestShell(t, makeVault(t), Options{})
		s.setEmergency(fyne.KeyDelete)
		s.unlock.showRecover()
		r := s.unlock.rec
		for i, e := range []*escEntry{r.key, r.chooser.pass1, r.chooser.pass2} {
			e.TypedShortcut(sc)
			if s.emergency == nil {
				t.Fatalf("field %d kept the emergency shortcut", i)
			}
			test.Tap(s.emergency.cancel)
		}
	})
	t.Run("first run", func(t *testing.T) {
		// A first run that stopped half way: the folder is a vault to
		// destroy, and the first screen shows.
		dir := filepath.Join(t.TempDir(), "vault")
		os.MkdirAll(dir, 0o700)
		os.WriteFile(filepath.Join(dir, vault.LockFile), nil, 0o600)
		s, _ := newTestShell(t, dir, Options{})
		if s.first == nil {
			t.Fatal("no first run")
		}
		s.setEmergency(fyne.KeyDelete)
		s.first.showPassphrase()
		s.first.pass1.TypedShortcut(sc)
		if s.emergency == nil {
			t.Fatal("the first run's passphrase field kept the emergency shortcut")
		}
		test.Tap(s.emergency.destroy)
		waitTasks(t, s)
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("folder left after the emergency destroy: %v", err)
		}
	})
}
