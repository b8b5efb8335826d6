package ui

import (
	"errors"
	"os"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// openDangerZone unlocks a new vault, opens Settings, checks that it shows
// the Danger zone, and walks through the first confirmation.
func openDangerZone(t *testing.T) (*shell, string, *dangerZone) {
	t.Helper()
	s, _, dir := unlocked(t)
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	findButton(t, st.Content(), s.tr.T("settings.wipe.button"))
	z := newDangerZone(st)
	test.Tap(z.button)
	c := s.win.Canvas()
	if c.Overlays().Top() == nil || !containsText(canvasTexts(c), s.tr.T("settings.wipe.step1_limits")) {
		t.Fatal("first confirmation does not say what the wipe cannot guarantee")
	}
	test.Tap(findButton(t, c.Overlays().Top(), s.tr.T("settings.wipe.continue")))
	if z.name == nil || z.destroy == nil || !z.destroy.Disabled() {
		t.Fatal("second confirmation missing, or Destroy enabled before the name is typed")
	}
	if !containsText(canvasTexts(c), "The vault name is the name of its folder: vault.") {
		t.Fatal("second confirmation does not name the vault")
	}
	return s, dir, z
}

func TestWipeMismatchedNameKeepsButtonDisabled(t *testing.T) {
	s, dir, z := openDangerZone(t)
	before := readFiles(t, dir)
	for _, typed := range []string{"vaul", "Vault", "vault ", " vault", "vault2"} {
		z.name.SetText("")
		test.Type(z.name, typed)
		if !z.destroy.Disabled() {
			t.Fatalf("Destroy enabled for %q", typed)
		}
		test.Tap(z.destroy)
		z.destroyNow()
	}
	// Typing the name and then changing it disables the button again.
	z.name.SetText("vault")
	if z.destroy.Disabled() {
		t.Fatal("Destroy disabled for the exact name")
	}
	test.Type(z.name, "x")
	if !z.destroy.Disabled() {
		t.Fatal("Destroy still enabled after the name changed")
	}
	waitTasks(t, s)
	if s.main == nil || s.session == nil {
		t.Fatal("vault closed after a mismatched name")
	}
	after := readFiles(t, dir)
	if len(after) != len(before) {
		t.Fatalf("files changed: %d -> %d", len(before), len(after))
	}
	for name, b := range before {
		if string(after[name]) != string(b) {
			t.Fatalf("%s changed", name)
		}
	}
	// Cancel closes the dialog and changes nothing.
	test.Tap(findButton(t, s.win.Canvas().Overlays().Top(), s.tr.T("common.cancel")))
	if !vault.Exists(dir) || s.main == nil {
		t.Fatal("cancel destroyed the vault")
	}
}

func TestWipeCorrectNameReturnsToFirstRun(t *testing.T) {
	s, dir, z := openDangerZone(t)
	test.Type(z.name, "vault")
	if z.destroy.Disabled() {
		t.Fatal("Destroy disabled for the exact name")
	}
	test.Tap(z.destroy)
	waitTasks(t, s)
	if s.first == nil || s.main != nil || s.session != nil || s.unlock != nil {
		t.Fatalf("not on the first-run screen: first=%v main=%v session=%v", s.first != nil, s.main != nil, s.session != nil)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("vault folder still there: %v", err)
	}
	c := s.win.Canvas()
	if c.Overlays().Top() != nil {
		t.Error("a dialog is still open")
	}
	texts := canvasTexts(c)
	if !containsText(texts, s.tr.T("wipe.done")) {
		t.Errorf("no result line on the first-run screen: %q", texts)
	}
	if containsText(texts, canary) {
		t.Error("user data still on screen")
	}
	if !containsText(texts, s.tr.T("firstrun.welcome.title")) {
		t.Error("first-run welcome not shown")
	}
	// A new vault can be made in the same place.
	if vault.Exists(dir) {
		t.Fatal("vault exists after destroy")
	}
}
