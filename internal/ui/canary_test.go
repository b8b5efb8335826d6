package ui

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestUISessionLeavesNoPlaintext runs a whole desktop session headlessly —
// first run, adding and searching a contact, copying a channel, locking —
// with HOME, TMPDIR and the XDG folders pointed at test folders, then scans
// every file (THREATS.md item 10): no canary, no SQLite header, no key.
func TestUISessionLeavesNoPlaintext(t *testing.T) {
	sandbox := t.TempDir()
	for _, name := range []string{"HOME", "TMPDIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		d := filepath.Join(sandbox, strings.ToLower(name))
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Setenv(name, d)
	}
	dir := filepath.Join(sandbox, "xdg_data_home", "safehouse", "vault")
	s, _ := newTestShell(t, dir, Options{})

	// First run: create the vault.
	f := s.first
	f.showPassphrase()
	f.pass1.SetText(testPass)
	f.pass2.SetText(testPass)
	test.Tap(f.create)
	waitTasks(t, s)
	key := strings.ReplaceAll(f.keyView.Text(), " ", "")
	if len(key) != vault.RecoveryKeyLength {
		t.Fatalf("recovery key shown as %d characters", len(key))
	}
	test.Tap(f.later)
	if s.main == nil {
		t.Fatal("main window not shown after first run")
	}

	// Add a contact through the form, with a canary in each kind of field.
	canaries := map[string]string{
		"name": "CanaryNameUi91", "org": "CanaryOrgUi92", "notes": "CanaryNotesUi93",
		"channel": "canarychannelui94@example.org", "tag": "canarytagui95", "consent": "CanaryConsentUi96",
	}
	s.main.navigate(ScreenContacts, nil)
	cs := s.main.screen(ScreenContacts).(*contactsScreen)
	cs.debounce.delay = 0
	cs.async = func(fn func()) { fn() }
	cs.NewItem()
	form := cs.form
	test.Type(form.name, canaries["name"])
	test.Type(form.organization, canaries["org"])
	test.Type(form.notes, canaries["notes"])
	test.Type(form.consent, canaries["consent"])
	test.Type(form.tags, canaries["tag"])
	test.Tap(form.addChannel)
	form.channels[0].typ.SetValue(string(contact.ChannelEmail))
	test.Type(form.channels[0].value, canaries["channel"])
	test.Tap(form.save)
	if got := itemNames(cs); len(got) != 1 || got[0] != canaries["name"] {
		t.Fatalf("contact not added: %q", got)
	}
	// Search for it and copy its channel.
	test.Type(cs.search, strings.ToLower(canaries["name"][:10]))
	if got := itemNames(cs); len(got) != 1 {
		t.Fatalf("search found %q", got)
	}
	s.clip.Copy(canaries["channel"])

	// Save, lock, and let every background task finish.
	if err := s.session.Save(); err != nil {
		t.Fatal(err)
	}
	shortcut(s, fyne.KeyL)
	waitTasks(t, s)
	if s.main != nil || s.session != nil {
		t.Fatal("not locked")
	}
	if s.app.Clipboard().Content() != "" {
		t.Error("clipboard not cleared on lock")
	}
	s.wait(10 * time.Second)

	forbidden := map[string][]byte{"SQLite header": []byte("SQLite format 3"), "recovery key": []byte(key[:40])}
	for k, v := range canaries {
		forbidden["canary "+k] = []byte(v)
		forbidden["canary "+k+" (lower)"] = []byte(strings.ToLower(v))
	}
	files := 0
	err := filepath.WalkDir(sandbox, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for what, needle := range forbidden {
			if bytes.Contains(b, needle) {
				t.Errorf("%s found in %s", what, p)
			}
		}
		if strings.Contains(strings.ToLower(p), "canary") {
			t.Errorf("canary in a file name: %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 4 {
		t.Fatalf("scanned only %d files: the vault was not written where expected", files)
	}
}
