package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/vault"
)

const (
	testPass = "correct horse battery staple"
	canary   = "Canary-Zebra-4711"
)

func TestMain(m *testing.M) {
	// Fyne logs an error for every lookup of the system locale when it is
	// "C" (as on CI machines); a real locale keeps the test log readable.
	os.Setenv("LANG", "en_US.UTF-8")
	restore := vault.SetWorkFactorForTesting(10)
	// Generation records go to a test folder, never the user's.
	seen, err := os.MkdirTemp("", "safehouse-seen-")
	if err != nil {
		panic(err)
	}
	vault.SetSeenDir(seen)
	code := m.Run()
	restore()
	os.RemoveAll(seen)
	os.Exit(code)
}

// fakeClock is an injectable clock.
type fakeClock struct{ t atomic.Pointer[time.Time] }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.set(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	return c
}
func (c *fakeClock) Now() time.Time          { return *c.t.Load() }
func (c *fakeClock) set(t time.Time)         { c.t.Store(&t) }
func (c *fakeClock) advance(d time.Duration) { c.set(c.Now().Add(d)) }

// newTestShell opens a shell on dir with a fake clock and no background
// timers.
func newTestShell(t *testing.T, dir string, opts Options) (*shell, *fakeClock) {
	t.Helper()
	a := test.NewTempApp(t)
	clk := newFakeClock()
	opts.VaultDir = dir
	opts.Now = clk.Now
	if opts.LocaleDir == "" {
		opts.LocaleDir = t.TempDir()
	}
	s, err := newShell(a, opts)
	if err != nil {
		t.Fatal(err)
	}
	s.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		s.wait(10 * time.Second)
		if s.unlock != nil {
			s.unlock.closePending()
		}
		if s.session != nil {
			s.session.Close()
		}
		// A test may have closed the window already (quit).
		for _, w := range a.Driver().AllWindows() {
			if w == s.win {
				s.win.Close()
				break
			}
		}
	})
	return s, clk
}

func waitTasks(t *testing.T, s *shell) {
	t.Helper()
	if !s.wait(20 * time.Second) {
		t.Fatal("background task did not finish")
	}
}

// makeVault creates a vault in a new folder holding one contact named
// canary, with a previous generation on disk.
func makeVault(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	sess, err := app.Create(dir, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	c := &contact.Contact{Name: canary, Kind: contact.KindPerson}
	if err := sess.Store().Contacts().Add(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if err := sess.Save(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// unlocked returns a shell unlocked on a new vault.
func unlocked(t *testing.T) (*shell, *fakeClock, string) {
	t.Helper()
	dir := makeVault(t)
	s, clk := newTestShell(t, dir, Options{})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
	return s, clk, dir
}

func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() == vault.LockFile || e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// canvasTexts returns every text drawn on c (content and overlays) plus
// the text of every entry, hidden or concealed ones included.
func canvasTexts(c fyne.Canvas) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *canvas.Text:
			out = append(out, v.Text)
		case *widget.Entry:
			out = append(out, v.Text)
		case *widget.Label:
			out = append(out, v.Text)
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, ch := range v.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(v).Objects() {
				walk(ch)
			}
		}
	}
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return out
}

func containsText(texts []string, s string) bool {
	for _, t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

func TestFirstRunCreatesVault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	s, _ := newTestShell(t, dir, Options{})
	if s.first == nil || s.first.step != 1 {
		t.Fatal("first run not shown for an empty folder")
	}
	s.win.Resize(fyne.NewSize(800, 600))
	test.AssertRendersToMarkup(t, "shell_firstrun_welcome.xml", s.win.Canvas())
	s.first.showPassphrase()
	f := s.first
	test.AssertRendersToMarkup(t, "shell_firstrun_passphrase.xml", s.win.Canvas())
	if !f.create.Disabled() {
		t.Fatal("create enabled with empty fields")
	}
	test.Type(f.pass1, "short")
	if f.hintLabel.Text != s.tr.T("passphrase.too_short", "Min", 8) {
		t.Errorf("hint = %q", f.hintLabel.Text)
	}
	f.pass1.SetText(testPass)
	test.Type(f.pass2, testPass+"x")
	if f.hintLabel.Text != s.tr.T("passphrase.mismatch") || !f.create.Disabled() {
		t.Errorf("mismatch not reported: %q", f.hintLabel.Text)
	}
	f.pass2.SetText(testPass)
	if f.create.Disabled() {
		t.Fatal("create disabled for a valid passphrase")
	}
	test.Tap(f.create)
	waitTasks(t, s)
	if f.step != 3 || !vault.Exists(dir) {
		t.Fatalf("vault not created (step %d): %q", f.step, f.hintLabel.Text)
	}
	groups := strings.Fields(f.keyView.Text())
	if len(groups) != vault.RecoveryGroups {
		t.Fatalf("recovery key shown in %d groups", len(groups))
	}
	// No Copy: the key is for paper only.
	if hasButton(s.win.Canvas(), s.tr.T("common.copy")) {
		t.Error("a Copy button is offered for the recovery key")
	}
	test.Tap(f.done)
	check := f.check
	if check == nil || f.keyView != nil {
		t.Fatal("no write-down check after \"I wrote it down\"")
	}
	test.Type(check.entry, strings.ToLower(groups[check.group]))
	test.Tap(check.check)
	if s.main == nil {
		t.Fatal("main window not shown after first run")
	}
	if s.app.Clipboard().Content() != "" {
		t.Error("something was put on the clipboard")
	}
}

func TestSuggestFillsBothFields(t *testing.T) {
	s, _ := newTestShell(t, filepath.Join(t.TempDir(), "v"), Options{})
	s.first.showPassphrase()
	f := s.first
	f.suggest()
	if f.pass1.Text == "" || f.pass1.Text != f.pass2.Text || f.suggested.Text != f.pass1.Text || !f.suggested.Visible() {
		t.Fatal("suggestion not filled in and shown")
	}
	if f.create.Disabled() {
		t.Error("create disabled for a suggested passphrase")
	}
}

// TestSuggestInInterfaceLanguage: in every language with a word list the
// suggestion is in that language (no English word reaches an Arabic,
// Persian, Russian or Chinese interface), and English is one tap away.
func TestSuggestInInterfaceLanguage(t *testing.T) {
	for _, lang := range []string{"ar", "fa", "ru", "zh-Hans"} {
		s, _ := newTestShell(t, filepath.Join(t.TempDir(), "v"), Options{Lang: lang})
		s.first.showPassphrase()
		c := s.first.chooser
		test.Tap(c.suggestBtn)
		p := s.first.pass1.Text
		if p == "" || strings.ContainsFunc(p, func(r rune) bool { return r < 128 && unicode.IsLetter(r) }) {
			t.Errorf("%s: suggested %q", lang, p)
		}
		if c.suggestEn == nil || c.suggestEn.Text != s.tr.T("passphrase.suggest_english") {
			t.Fatalf("%s: no English option", lang)
		}
		test.Tap(c.suggestEn)
		if p := s.first.pass1.Text; !regexp.MustCompile(`^[a-z]+(-[a-z]+){5}$`).MatchString(p) {
			t.Errorf("%s: English suggestion %q", lang, p)
		}
	}
	s, _ := newTestShell(t, filepath.Join(t.TempDir(), "v"), Options{Lang: "en"})
	s.first.showPassphrase()
	if s.first.chooser.suggestEn != nil {
		t.Error("English interface offers English words as an extra")
	}
}

func TestUnlockWrongThenRight(t *testing.T) {
	dir := makeVault(t)
	s, _ := newTestShell(t, dir, Options{})
	if s.unlock == nil {
		t.Fatal("unlock screen not shown")
	}
	s.win.Resize(fyne.NewSize(800, 600))
	test.AssertRendersToMarkup(t, "shell_unlock.xml", s.win.Canvas())
	before := readFiles(t, dir)

	test.Type(s.unlock.pass, "not the passphrase")
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if want := s.tr.T("error.wrong_passphrase"); s.unlock.errLabel.Text != want || !s.unlock.errRow.Visible() {
		t.Errorf("error = %q, want %q", s.unlock.errLabel.Text, want)
	}
	// The typed text stays, selected, so the next keystroke replaces it.
	if s.unlock.pass.Text != "not the passphrase" || s.unlock.pass.SelectedText() != "not the passphrase" {
		t.Errorf("after a wrong passphrase the field holds %q, %q selected", s.unlock.pass.Text, s.unlock.pass.SelectedText())
	}
	if s.win.Canvas().Focused() != s.unlock.pass {
		t.Error("passphrase field not focused after a wrong passphrase")
	}
	if s.main != nil || s.session != nil {
		t.Fatal("unlocked with a wrong passphrase")
	}
	after := readFiles(t, dir)
	if len(after) != len(before) {
		t.Errorf("files changed: %d -> %d", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed by a failed unlock", name)
		}
	}

	// Enter submits; typing replaced the selected wrong passphrase.
	test.Type(s.unlock.pass, testPass)
	if s.unlock.pass.Text != testPass {
		t.Fatalf("typing did not replace the selected text: %d characters", len(s.unlock.pass.Text))
	}
	u := s.unlock
	s.unlock.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
	if u.pass.Text != "" {
		t.Error("passphrase left in the field after unlocking")
	}
	if s.win.Title() != "Safehouse" {
		t.Errorf("title = %q", s.win.Title())
	}
}

func TestUnlockInUse(t *testing.T) {
	dir := makeVault(t)
	other, err := app.Unlock(dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	s, _ := newTestShell(t, dir, Options{})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if want := s.tr.T("error.in_use"); s.unlock.errLabel.Text != want {
		t.Errorf("error = %q, want %q", s.unlock.errLabel.Text, want)
	}
}

func TestUnlockDamagedOpensPrevious(t *testing.T) {
	dir := makeVault(t)
	path := filepath.Join(dir, vault.DataFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestShell(t, dir, Options{})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if want := s.tr.T("error.damaged_offer_previous"); s.unlock.errLabel.Text != want {
		t.Errorf("error = %q, want %q", s.unlock.errLabel.Text, want)
	}
	if !s.unlock.previous.Visible() {
		t.Fatal("no button to open the previous version")
	}
	test.Tap(s.unlock.previous)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("previous version not opened: %q", s.unlock.errLabel.Text)
	}
}

func TestDemoPrefillsPassphrase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	sess, err := app.Create(dir, []byte(DemoPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	sess.Close()
	s, _ := newTestShell(t, dir, Options{Demo: true})
	if s.win.Title() != "Safehouse — DEMO" {
		t.Errorf("title = %q", s.win.Title())
	}
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil || s.main.demoBadge == nil {
		t.Fatal("demo vault not unlocked with a badge")
	}
}
