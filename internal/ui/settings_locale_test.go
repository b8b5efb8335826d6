package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

func settingsOf(t *testing.T, s *shell) *settingsScreen {
	t.Helper()
	s.main.navigate(ScreenSettings, nil)
	return s.main.screens[ScreenSettings].(*settingsScreen)
}

func noticeText(st *settingsScreen) string {
	if st.localeNotice == nil {
		return ""
	}
	return strings.Join(canvasTexts(st.s.win.Canvas()), "\n")
}

// TestLoadTranslationFile loads a translator's file from Settings: it is
// copied into the user locale folder, the interface switches to its
// language at once, its messages win over the built-in ones and the rest
// stay built-in.
func TestLoadTranslationFile(t *testing.T) {
	s, _, _ := unlocked(t)
	st := settingsOf(t, s)
	if !containsText(canvasTexts(s.win.Canvas()), s.localeDir) {
		t.Error("the translation folder is not shown in Settings")
	}
	file := []byte("[nav.contacts]\nother = \"Kontakte (Test)\"\n\n[lock.button]\nother = \"Sperren\"\n")
	st.installLocale("/somewhere/de.toml", file)
	if got, err := os.ReadFile(filepath.Join(s.localeDir, "de.toml")); err != nil || !bytes.Equal(got, file) {
		t.Fatalf("file not copied into the folder: %v", err)
	}
	if s.tr.Lang() != "de" {
		t.Fatalf("language = %q, want de", s.tr.Lang())
	}
	if got := s.main.navButtons[ScreenContacts].Text; got != "Kontakte (Test)" {
		t.Errorf("navigation = %q", got)
	}
	// A message the file lacks falls back to English.
	if got := s.main.navButtons[ScreenEvents].Text; got != "Events" {
		t.Errorf("untranslated message = %q, want English", got)
	}
	nst := s.main.screens[ScreenSettings].(*settingsScreen)
	if nst.localeNotice == nil || !strings.Contains(noticeText(nst), "de.toml") {
		t.Error("no confirmation after loading")
	}
	// The folder listing shows the file and its progress.
	if !containsText(canvasTexts(s.win.Canvas()), "de.toml: 2 of") {
		t.Errorf("file not listed in Settings: %v", canvasTexts(s.win.Canvas()))
	}
	// The next start loads it from the folder.
	s2, _ := newTestShell(t, makeVault(t), Options{LocaleDir: s.localeDir, Lang: "de"})
	if got := s2.unlock.unlock.Text; got != s2.tr.T("unlock.button") || s2.tr.T("lock.button") != "Sperren" {
		t.Errorf("the folder's file is not loaded at start: lock = %q", s2.tr.T("lock.button"))
	}
}

// TestLoadBrokenTranslationFile checks that a file with errors, a file
// not named after a language, and a huge file are refused with a report,
// and that nothing changes.
func TestLoadBrokenTranslationFile(t *testing.T) {
	s, _, _ := unlocked(t)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"fr.toml", []byte("[nav.contacts]\nother = \"Contacts {{.Oops}}\"\n"), "fr.toml:1: nav.contacts"},
		{"fr.toml", []byte("[nav.contacts\nother = 1\n"), "fr.toml"},
		{"notes.toml", []byte("[nav.contacts]\nother = \"x\"\n"), "notes.toml"},
		{"fr.toml", bytes.Repeat([]byte("#"), i18n.MaxFileSize+10), "fr.toml"},
		{"fr.toml", []byte{0xff, 0xfe, 'x', 0}, "fr.toml"},
	} {
		st := settingsOf(t, s)
		st.installLocale(c.name, c.data)
		if st.localeNotice == nil {
			t.Errorf("%s %q…: no report", c.name, c.data[:4])
			continue
		}
		if text := noticeText(st); !strings.Contains(text, c.want) {
			t.Errorf("%s: report lacks %q:\n%s", c.name, c.want, text)
		}
		st.localeNotice.Hide()
		if s.tr.Lang() != "en" {
			t.Errorf("%s: language changed to %q", c.name, s.tr.Lang())
		}
		if entries, _ := os.ReadDir(s.localeDir); len(entries) != 0 {
			t.Errorf("%s: %d files written to the folder", c.name, len(entries))
		}
	}
}

// TestBrokenFileInFolderIsSkipped puts a broken file in the folder: the
// app still starts, in English, and Settings says why the file is unused.
func TestBrokenFileInFolderIsSkipped(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fr.toml"), []byte("[nav.contacts]\nother = \"{{call .X}}\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestShell(t, makeVault(t), Options{LocaleDir: dir, Lang: "fr"})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatal("not unlocked")
	}
	if got := s.main.navButtons[ScreenContacts].Text; got == "{{call .X}}" || got == "" {
		t.Errorf("broken file used: %q", got)
	}
	settingsOf(t, s)
	found := false
	for _, txt := range canvasTexts(s.win.Canvas()) {
		if strings.HasPrefix(txt, "fr.toml") && txt != "fr.toml" {
			found = true
		}
	}
	if !found {
		t.Error("Settings does not list the rejected file")
	}
}
