package ui

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
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

// fakeScreen shows the canary and records its teardown.
type fakeScreen struct {
	label    *widget.Label
	search   *widget.Entry
	torn     bool
	newItems int
}

func (f *fakeScreen) Content() fyne.CanvasObject { return container.NewVBox(f.label, f.search) }
func (f *fakeScreen) Shown(any)                  {}
func (f *fakeScreen) NewItem()                   { f.newItems++ }
func (f *fakeScreen) FocusSearch()               {}
func (f *fakeScreen) Teardown()                  { f.torn = true; f.label.SetText(""); f.search.SetText("") }

func withFakeContacts(t *testing.T) **fakeScreen {
	var last *fakeScreen
	old, had := screenFactories[ScreenContacts]
	screenFactories[ScreenContacts] = func(env *Env) Screen {
		c, err := env.Session.Store().Contacts().List(context.Background(), store.ContactFilter{})
		name := ""
		if err == nil && len(c) > 0 {
			name = c[0].Name
		}
		last = &fakeScreen{label: widget.NewLabel(name), search: widget.NewEntry()}
		last.search.SetText(name)
		return last
	}
	t.Cleanup(func() {
		if had {
			screenFactories[ScreenContacts] = old
		} else {
			delete(screenFactories, ScreenContacts)
		}
	})
	return &last
}

func shortcut(s *shell, key fyne.KeyName) {
	s.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
}

func TestLockShortcutHidesEverything(t *testing.T) {
	last := withFakeContacts(t)
	s, _, _ := unlocked(t)
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

func TestSettingsLanguageSwitch(t *testing.T) {
	s, _, _ := unlocked(t)
	// A translator's file in the user locale folder, which overrides the
	// built-in French messages it has.
	if err := os.WriteFile(filepath.Join(s.localeDir, "fr.toml"), []byte(
		"[nav.settings]\nother = \"Paramètres (essai)\"\n\n[lock.button]\nother = \"Verrouiller (essai)\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	idx := -1
	for i, tag := range st.langTags {
		if tag == "fr" {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("French not offered: %v", st.langTags)
	}
	st.language.SetSelectedIndex(idx)
	if s.main == nil || s.main.current != ScreenSettings {
		t.Fatal("settings not shown after the switch")
	}
	if got := s.main.navButtons[ScreenSettings].Text; got != "Paramètres (essai)" {
		t.Errorf("navigation = %q", got)
	}
	if got := s.main.lockButton.Text; got != "Verrouiller (essai)" {
		t.Errorf("lock button = %q", got)
	}
	if s.prefs.Language() != "fr" {
		t.Errorf("language preference = %q", s.prefs.Language())
	}
	if s.main.screens[ScreenSettings] == Screen(st) {
		t.Error("old settings screen kept")
	}
}

func TestSettingsTimeoutsStored(t *testing.T) {
	s, _, _ := unlocked(t)
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	st.autoLock.SetSelectedIndex(0)
	st.clipboard.SetSelectedIndex(0)
	if s.autoLock != 0 || s.prefs.AutoLock() != 0 {
		t.Errorf("auto-lock = %v / %v", s.autoLock, s.prefs.AutoLock())
	}
	if s.clip.Timeout() != 10*time.Second || s.prefs.ClipboardClear() != 10*time.Second {
		t.Errorf("clipboard = %v", s.clip.Timeout())
	}
}

func TestMissingScreenShowsPlaceholder(t *testing.T) {
	// Every screen is built in; take one away for this test.
	saved := screenFactories[ScreenEvents]
	delete(screenFactories, ScreenEvents)
	defer func() { screenFactories[ScreenEvents] = saved }()
	s, _, _ := unlocked(t)
	s.main.navigate(ScreenEvents, nil)
	if !containsText(canvasTexts(s.win.Canvas()), s.tr.T("shell.not_available")) {
		t.Error("no placeholder for a missing screen")
	}
}

func TestNetworkDeny(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()

	test.NewTempApp(t) // registers Fyne's own http handlers
	DenyNetwork()
	before := NetworkAttempts()
	rt := widget.NewRichTextFromMarkdown("![](" + srv.URL + "/x.png)\n\n[link](" + srv.URL + "/y)")
	w := test.NewTempWindow(t, rt)
	w.Resize(fyne.NewSize(400, 300))
	w.Canvas().Refresh(rt)
	_ = w.Canvas().Capture()
	if _, err := http.Get(srv.URL + "/direct"); err == nil {
		t.Error("http.Get was not refused")
	}
	deadline := time.Now().Add(5 * time.Second)
	for NetworkAttempts()-before < 2 && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("test server got %d requests", n)
	}
	if NetworkAttempts()-before < 2 {
		t.Errorf("refused attempts = %d; the image load was not attempted", NetworkAttempts()-before)
	}
}

// The main window at 1280x800 with a small fixed data set and the fixed
// clock: navigation, save indicator, dashboard.
func TestShellMainMarkup(t *testing.T) {
	s, clk, _ := unlocked(t)
	ctx := context.Background()
	st := s.session.Store()
	now := clk.Now()
	for _, c := range []*contact.Contact{
		{Name: "Amina K.", Kind: contact.KindPerson, Stage: contact.StageAdvocate},
		{Name: "Bao Tran", Kind: contact.KindPerson, Stage: contact.StageSupporter},
		{Name: "Open Net", Kind: contact.KindOrganization, Stage: contact.StageMember},
		{Name: "Print Shop", Kind: contact.KindBusiness, Stage: contact.StageProspect},
	} {
		if err := st.Contacts().Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ev := &event.Event{Title: "Crypto party", Start: now.Add(48 * time.Hour), TimeZone: "UTC", Status: event.StatusPlanned}
	if err := st.Events().Add(ctx, ev); err != nil {
		t.Fatal(err)
	}
	for _, tk := range []*event.Task{
		{EventID: ev.ID, Title: "Book the room", Due: date.Of(now).AddDays(-1)},
		{EventID: ev.ID, Title: "Print flyers"},
	} {
		if err := st.Tasks().Add(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	s.main.navigate(ScreenDashboard, nil)
	d := s.main.screens[ScreenDashboard].(*dashboardScreen)
	if d.upcoming != 1 || d.openTasks != 2 || d.overdueTasks != 1 {
		t.Fatalf("dashboard counts %d/%d/%d", d.upcoming, d.openTasks, d.overdueTasks)
	}
	test.AssertRendersToMarkup(t, "shell_main.xml", s.win.Canvas())
}

// In the main window, list and detail fill the content area on wide
// windows (list about 40 %, detail the rest) and the detail hint wraps
// at the pane's width.
func TestListDetailFillsWideWindow(t *testing.T) {
	s, _, _ := unlocked(t)
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1440, Height: 900}} {
		s.win.Resize(size)
		for _, id := range []ScreenID{ScreenContacts, ScreenEvents} {
			s.main.navigate(id, nil)
			var md *masterDetail
			switch scr := s.main.screens[id].(type) {
			case *contactsScreen:
				md = scr.layout
			case *eventsScreen:
				md = scr.layout
			}
			body := s.main.body.Size()
			l, d := md.list.Size(), md.detail.Size()
			if l.Width+d.Width < body.Width-2*theme.Padding() || d.Width < body.Width*0.55 || l.Width < body.Width*0.35 {
				t.Errorf("%s at %v: list %v, detail %v of %v", id, size, l.Width, d.Width, body.Width)
			}
			if md.detail.MinSize().Height > body.Height {
				t.Errorf("%s at %v: detail needs %v high", id, size, md.detail.MinSize().Height)
			}
		}
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
