package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/ui/rtl"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// makeVaultWithKey is makeVault that also returns the recovery key.
func makeVaultWithKey(t *testing.T) (dir, key string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "vault")
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
	key, err = sess.RecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	return dir, key
}

// walkObject calls fn for o and every visible object inside it.
func walkObject(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, ch := range v.Objects {
			walkObject(ch, fn)
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(v).Objects() {
			walkObject(ch, fn)
		}
	}
}

// walkCanvas calls fn for every object drawn on c (content and overlays).
func walkCanvas(c fyne.Canvas, fn func(fyne.CanvasObject)) {
	walkObject(c.Content(), fn)
	for _, o := range c.Overlays().List() {
		walkObject(o, fn)
	}
}

// hasButton reports whether a visible button labelled text is on c.
func hasButton(c fyne.Canvas, text string) bool {
	found := false
	walkCanvas(c, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = true
		}
	})
	return found
}

// hasButtonIn reports whether a visible button labelled text is in root.
func hasButtonIn(root fyne.CanvasObject, text string) bool {
	found := false
	walkObject(root, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = true
		}
	})
	return found
}

// keyInSelectableText reports whether any selectable label or entry on c
// holds a group of the key (which could then be copied).
func keyInSelectableText(c fyne.Canvas, groups []string) bool {
	found := false
	walkCanvas(c, func(o fyne.CanvasObject) {
		text := ""
		switch v := o.(type) {
		case *widget.Label:
			if v.Selectable {
				text = v.Text
			}
		case *widget.Entry:
			text = v.Text
		case *escEntry:
			text = v.Text
		}
		for _, g := range groups {
			if text != "" && strings.Contains(strings.ToUpper(text), g) {
				found = true
			}
		}
	})
	return found
}

func escape(e fyne.Focusable) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) }

func enter(e fyne.Focusable) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// TestUnlockWithRecoveryKey walks "Forgot your passphrase? Use the
// recovery key": a malformed key and another vault's key are refused in
// one line with nothing changed, Escape goes back, the right key (typed
// in lower case, grouped) leads to a new passphrase with first run's
// rules, and the vault opens. Afterwards the new passphrase opens it and
// the old one does not.
func TestUnlockWithRecoveryKey(t *testing.T) {
	dir, key := makeVaultWithKey(t)
	_, otherKey := makeVaultWithKey(t)
	s, _ := newTestShell(t, dir, Options{})
	u := s.unlock
	if !u.forgot.Visible() || !hasButton(s.win.Canvas(), s.tr.T("unlock.forgot")) {
		t.Fatal("no visible way to use the recovery key")
	}
	before := readFiles(t, dir)
	test.Tap(u.forgot)
	r := u.rec
	if r == nil || r.step != 1 || s.win.Canvas().Focused() != r.key {
		t.Fatal("recovery key step not shown with the field focused")
	}
	groups := vault.RecoveryKeyGroups(key)
	code := strings.Join(groups, "")
	for _, c := range []struct {
		text string
		want string
	}{
		{strings.Join(groups[:10], " "), s.tr.T("error.recovery_length", "Groups", 12)},
		{code[:7] + "B" + code[8:], s.tr.T("error.recovery_character", "Group", 2)},
		{code[5:10] + code[:5] + code[10:], s.tr.T("error.recovery_typo")},
		{otherKey, s.tr.T("error.recovery_wrong_vault")},
	} {
		r.key.SetText(c.text)
		enter(r.key)
		waitTasks(t, s)
		if r.errLabel.Text != c.want || !r.errRow.Visible() {
			t.Errorf("key %.12q…: error %q, want %q", c.text, r.errLabel.Text, c.want)
		}
		if r.step != 1 || r.key.Text != c.text || r.key.SelectedText() != c.text {
			t.Errorf("key %.12q…: step %d, field not kept selected", c.text, r.step)
		}
	}
	after := readFiles(t, dir)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed by a refused recovery key", name)
		}
	}

	// Escape goes back to the passphrase, and forgets the key typed.
	escape(r.key)
	if u.rec != nil || u.content.Objects[0] != u.page || r.key.Text != "" {
		t.Fatal("Escape did not go back to the unlock page")
	}

	test.Tap(u.forgot)
	r = u.rec
	test.Type(r.key, strings.ToLower(strings.Join(groups, " ")))
	if want := s.tr.T("recover.key_count", "Typed", 12, "Groups", 12); r.keyCount.Text != want {
		t.Errorf("group count = %q, want %q", r.keyCount.Text, want)
	}
	test.Tap(r.next)
	waitTasks(t, s)
	if r.step != 2 {
		t.Fatalf("not on the passphrase step: %q", r.errLabel.Text)
	}
	c := r.chooser
	if s.win.Canvas().Focused() != c.pass1 || !r.save.Disabled() {
		t.Fatal("new passphrase step not ready")
	}
	test.Type(c.pass1, "short")
	if c.hintLabel.Text != s.tr.T("passphrase.too_short", "Min", 8) || !r.save.Disabled() {
		t.Errorf("short passphrase: %q", c.hintLabel.Text)
	}
	// Escape returns to the key (kept, to fix it), which is checked again.
	escape(c.pass1)
	if r.step != 1 || r.checked != "" || c.pass1.Text != "" {
		t.Fatal("Escape did not return to the key step")
	}
	enter(r.key)
	waitTasks(t, s)
	newPass := "a fresh passphrase for the recovered vault"
	test.Type(c.pass1, newPass)
	test.Type(c.pass2, newPass+"!")
	if c.hintLabel.Text != s.tr.T("passphrase.mismatch") || !r.save.Disabled() {
		t.Errorf("mismatch: %q", c.hintLabel.Text)
	}
	c.pass2.SetText(newPass)
	if r.save.Disabled() {
		t.Fatal("save disabled for a good passphrase")
	}
	enter(c.pass2)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("vault not opened after recovery: %q", r.errLabel.Text)
	}
	if r.done == nil || !containsText(canvasTexts(s.win.Canvas()), s.tr.T("recover.done")) {
		t.Error("no notice that the passphrase changed")
	}
	if r.key.Text != "" || c.pass1.Text != "" || c.pass2.Text != "" {
		t.Error("recovery key or passphrase left in a field")
	}
	n, err := s.session.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if err != nil || n != 1 {
		t.Errorf("contacts after recovery = %d, %v", n, err)
	}
	s.lock()
	waitTasks(t, s)
	if _, err := app.Unlock(dir, []byte(testPass), vault.Current); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Errorf("old passphrase after recovery: %v", err)
	}
	sess, err := app.Unlock(dir, []byte(newPass), vault.Current)
	if err != nil {
		t.Fatalf("new passphrase after recovery: %v", err)
	}
	sess.Close()
}

// TestRecoveryKeyForDamagedKeyFile: when key.age is damaged the unlock
// screen says so, and the recovery key still opens the vault.
func TestRecoveryKeyForDamagedKeyFile(t *testing.T) {
	dir, key := makeVaultWithKey(t)
	path := filepath.Join(dir, vault.KeyFile)
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 0xff
	os.WriteFile(path, b, 0o600)
	s, _ := newTestShell(t, dir, Options{})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.unlock.errLabel.Text != s.tr.T("error.key_damaged") {
		t.Fatalf("error = %q", s.unlock.errLabel.Text)
	}
	test.Tap(s.unlock.forgot)
	r := s.unlock.rec
	test.Type(r.key, key)
	test.Tap(r.next)
	waitTasks(t, s)
	test.Type(r.chooser.pass1, "brand new passphrase")
	test.Type(r.chooser.pass2, "brand new passphrase")
	test.Tap(r.save)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not opened: %q", r.errLabel.Text)
	}
}

// TestRecoveryKeyWhileLockedUnsaved: the app was locked but its last save
// failed, so the vault is still open in memory. The recovery key opens
// it there too, and the kept changes are saved.
func TestRecoveryKeyWhileLockedUnsaved(t *testing.T) {
	s, _, dir := unlocked(t)
	key, err := s.session.RecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	orig := replaceData(t, dir)
	addContact(t, s, "Kept")
	s.lock()
	waitTasks(t, s)
	if !s.lockedUnsaved {
		t.Fatal("test setup: lock did not fail to save")
	}
	if err := os.WriteFile(filepath.Join(dir, vault.DataFile), orig, 0o600); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.unlock.forgot)
	r := s.unlock.rec
	test.Type(r.key, key)
	test.Tap(r.next)
	waitTasks(t, s)
	if r.step != 2 {
		t.Fatalf("key refused: %q", r.errLabel.Text)
	}
	test.Type(r.chooser.pass1, "passphrase after recovery")
	test.Type(r.chooser.pass2, "passphrase after recovery")
	test.Tap(r.save)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not opened: %q", r.errLabel.Text)
	}
	if st := s.session.State(); st.Status != app.Saved {
		t.Fatalf("kept changes not saved: %v %v", st.Status, st.Err)
	}
	s.lock()
	waitTasks(t, s)
	sess, err := app.Unlock(dir, []byte("passphrase after recovery"), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if n, _ := sess.Store().Contacts().Count(context.Background(), store.ContactFilter{}); n != 2 {
		t.Errorf("contacts = %d, want 2", n)
	}
}

// TestFirstRunRecoveryKeyCheck: the key is shown in groups, never in
// selectable text and without Copy; "I wrote it down" hides it and asks
// for one group; a wrong group says so and changes nothing; "Show the key
// again" and Escape bring the key back; "I'll do it later" skips.
func TestFirstRunRecoveryKeyCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	s, _ := newTestShell(t, dir, Options{})
	f := s.first
	test.Tap(f.next)
	test.Type(f.pass1, testPass)
	test.Type(f.pass2, testPass)
	test.Tap(f.create)
	waitTasks(t, s)
	if f.step != 3 || f.keyView == nil {
		t.Fatalf("recovery step not shown: %q", f.hintLabel.Text)
	}
	groups := strings.Fields(f.keyView.Text())
	c := s.win.Canvas()
	if keyInSelectableText(c, groups) {
		t.Error("the recovery key is in selectable text")
	}
	if hasButton(c, s.tr.T("common.copy")) {
		t.Error("Copy offered for the recovery key")
	}
	for _, id := range []string{"recovery.paper_only", "firstrun.recovery.warning"} {
		if !containsText(canvasTexts(c), s.tr.T(id)) {
			t.Errorf("%s not shown next to the key", id)
		}
	}

	// Show large covers the window; Escape closes it.
	test.Tap(f.showLarge)
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("Show large showed nothing")
	}
	large, ok := c.Focused().(*largeKey)
	if !ok || large.view.Text() != f.keyView.Text() {
		t.Fatal("large view not focused or shows another key")
	}
	if sz := top.Size(); sz.Width < c.Size().Width || sz.Height < c.Size().Height {
		t.Errorf("large view is %v in a %v window", sz, c.Size())
	}
	escape(large)
	if c.Overlays().Top() != nil || large.view.Text() != "" {
		t.Fatal("Escape did not close the large view, or it kept the key")
	}

	test.Tap(f.done)
	k := f.check
	if k == nil || f.keyView != nil || containsText(canvasTexts(c), groups[0]+" "+groups[1]) {
		t.Fatal("the key is still shown during the check")
	}
	if want := s.tr.T("recovery.check_prompt", "Group", k.group+1); k.prompt.Text != want {
		t.Errorf("prompt = %q, want %q", k.prompt.Text, want)
	}
	wrong := groups[(k.group+1)%len(groups)]
	test.Type(k.entry, wrong)
	test.Tap(k.check)
	if want := s.tr.T("recovery.check_wrong", "Group", k.group+1); k.resultLabel.Text != want || s.main != nil {
		t.Fatalf("wrong group: %q, main %v", k.resultLabel.Text, s.main != nil)
	}
	test.Tap(f.lookAgain)
	if f.keyView == nil || f.keyView.Text() != strings.Join(groups, " ") {
		t.Fatal("Show the key again did not show the key")
	}
	test.Tap(f.done)
	escape(f.check.entry)
	if f.keyView == nil {
		t.Fatal("Escape in the check did not show the key again")
	}
	test.Tap(f.done)
	test.Tap(f.later)
	if s.main == nil {
		t.Fatal("I'll do it later did not open the app")
	}
}

// TestSettingsRecoveryKey: Settings shows the key the same way after the
// passphrase, and checks one group.
func TestSettingsRecoveryKey(t *testing.T) {
	s, _, _ := unlocked(t)
	key, _ := s.session.RecoveryKey()
	groups := vault.RecoveryKeyGroups(key)
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	st.showRecoveryKey()
	test.Type(st.recoveryPass, testPass)
	enter(st.recoveryPass)
	waitTasks(t, s)
	if st.recoveryKey == nil || st.recoveryKey.Text() != strings.Join(groups, " ") {
		t.Fatal("recovery key not shown in groups")
	}
	c := s.win.Canvas()
	dlg := c.Overlays().Top()
	if keyInSelectableText(c, groups) || hasButtonIn(dlg, s.tr.T("common.copy")) {
		t.Error("the recovery key can be copied")
	}
	if !hasButtonIn(dlg, s.tr.T("recovery.show_large")) {
		t.Error("no Show large")
	}
	test.Tap(st.recoveryWrote)
	k := st.recoveryCheck
	if k == nil || st.recoveryKey != nil {
		t.Fatal("no check after I wrote it down")
	}
	test.Type(k.entry, "zzzzz")
	enter(k.entry)
	if k.resultLabel.Text != s.tr.T("recovery.check_wrong", "Group", k.group+1) {
		t.Errorf("wrong group: %q", k.resultLabel.Text)
	}
	k.entry.SetText(strings.ToLower(groups[k.group]))
	enter(k.entry)
	if st.recoveryDone == nil || st.recoveryDone.Text != s.tr.T("recovery.check_ok") {
		t.Fatal("match not confirmed")
	}
	// Locking forgets everything.
	s.lock()
	waitTasks(t, s)
	if containsText(canvasTexts(c), groups[0]) {
		t.Error("key still on screen after lock")
	}
}

// TestFirstRunLanguageChooser: the welcome step lists the shipped
// languages in their own names; choosing one re-renders the welcome step
// at once and is remembered. The pseudo-locale is listed only with the
// developer flag.
func TestFirstRunLanguageChooser(t *testing.T) {
	s, _ := newTestShell(t, filepath.Join(t.TempDir(), "vault"), Options{})
	f := s.first
	for _, want := range []string{"English", "Français", "العربية", "简体中文"} {
		if !containsPrefix(f.language.Options, want) {
			t.Errorf("%q not offered: %q", want, f.language.Options)
		}
	}
	if containsPrefix(f.language.Options, i18n.PseudoName) {
		t.Error("pseudo-locale offered without the developer flag")
	}
	fr := indexOf(f.langTags, "fr")
	f.language.SetSelectedIndex(fr)
	if s.first == f || s.first == nil || s.first.step != 1 {
		t.Fatal("welcome step not rebuilt")
	}
	fr2, _ := i18n.New("fr")
	if !containsText(canvasTexts(s.win.Canvas()), fr2.T("firstrun.welcome.title")) {
		t.Error("welcome step not shown in French")
	}
	if s.prefs.Language() != "fr" || s.tr.Lang() != "fr" {
		t.Errorf("language not remembered: %q", s.prefs.Language())
	}
	if s.first.langTags[s.first.language.SelectedIndex()] != "fr" {
		t.Error("chooser does not show the language in use")
	}

	dev, _ := newTestShell(t, filepath.Join(t.TempDir(), "vault"), Options{Dev: true})
	if !containsPrefix(dev.first.language.Options, i18n.PseudoName) {
		t.Error("pseudo-locale not offered with the developer flag")
	}
}

// TestSettingsHidesPseudoLocale: Settings offers the pseudo-locale only
// with the developer flag, or while it is the language in use.
func TestSettingsHidesPseudoLocale(t *testing.T) {
	for _, c := range []struct {
		opts Options
		want bool
	}{
		{Options{}, false},
		{Options{Dev: true}, true},
		{Options{Lang: i18n.PseudoLocale}, true},
	} {
		dir := makeVault(t)
		s, _ := newTestShell(t, dir, c.opts)
		test.Type(s.unlock.pass, testPass)
		test.Tap(s.unlock.unlock)
		waitTasks(t, s)
		s.main.navigate(ScreenSettings, nil)
		st := s.main.screens[ScreenSettings].(*settingsScreen)
		if got := indexOf(st.langTags, i18n.PseudoLocale) >= 0; got != c.want {
			t.Errorf("%+v: pseudo-locale offered %v, want %v", c.opts, got, c.want)
		}
		if st.langTags[st.language.SelectedIndex()] != s.tr.Lang() {
			t.Errorf("%+v: chooser shows %q, language is %q", c.opts, st.language.Selected, s.tr.Lang())
		}
	}
}

// positionIn returns the position of target relative to root, found by
// walking containers and widget renderers.
func positionIn(root, target fyne.CanvasObject) (fyne.Position, bool) {
	if root == target {
		return fyne.Position{}, true
	}
	var children []fyne.CanvasObject
	switch v := root.(type) {
	case *fyne.Container:
		children = v.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(v).Objects()
	}
	for _, ch := range children {
		if p, ok := positionIn(ch, target); ok {
			return ch.Position().Add(p), true
		}
	}
	return fyne.Position{}, false
}

func containsPrefix(list []string, p string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// TestScreensCentred: unlock, the recovery steps and every first-run step
// sit in the middle of the window at 1280x800, 800x600 and 640x480,
// horizontally always and vertically whenever they fit (taller ones
// start at the top and scroll), in English and Arabic.
func TestScreensCentred(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			dir, _ := makeVaultWithKey(t)
			s, _ := newTestShell(t, dir, Options{Lang: lang})
			first, _ := newTestShell(t, filepath.Join(t.TempDir(), "vault"), Options{Lang: lang})
			cases := []struct {
				name  string
				s     *shell
				show  func()
				shown func() fyne.CanvasObject
			}{
				{"unlock", s, func() {}, func() fyne.CanvasObject { return s.unlock.column }},
				{"recovery key", s, func() { test.Tap(s.unlock.forgot) }, func() fyne.CanvasObject { return s.unlock.rec.keyColumn }},
				{"recovery passphrase", s, func() { s.unlock.rec.showPassphrase() }, func() fyne.CanvasObject { return s.unlock.rec.passColumn }},
				{"welcome", first, func() {}, func() fyne.CanvasObject { return first.first.column }},
				{"passphrase", first, func() { first.first.showPassphrase() }, func() fyne.CanvasObject { return first.first.column }},
			}
			for _, c := range cases {
				c.show()
				for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 600}, {Width: 640, Height: 480}} {
					c.s.win.Resize(size)
					col := c.shown()
					root := c.s.win.Canvas().Content()
					win := root.Size()
					pos, ok := positionIn(root, col)
					if !ok {
						t.Fatalf("%s: column not on the canvas", c.name)
					}
					sz := col.Size()
					left, right := pos.X, win.Width-pos.X-sz.Width
					top, bottom := pos.Y, win.Height-pos.Y-sz.Height
					if d := left - right; d > 2 || d < -2 {
						t.Errorf("%s at %v: %.0f left, %.0f right", c.name, size, left, right)
					}
					if bottom >= 0 {
						if d := top - bottom; d > 2 || d < -2 {
							t.Errorf("%s at %v: %.0f above, %.0f below", c.name, size, top, bottom)
						}
					} else if top > 20 {
						t.Errorf("%s at %v: taller than the window but starts %.0f down", c.name, size, top)
					}
				}
			}
		})
	}
}

// TestRecoveryTextRightToLeft: texts that change while a recovery step is
// shown (the group count, the error line) are put in visual order in a
// right-to-left interface, as texts set when the step was built are.
func TestRecoveryTextRightToLeft(t *testing.T) {
	dir, key := makeVaultWithKey(t)
	s, _ := newTestShell(t, dir, Options{Lang: "ar"})
	test.Tap(s.unlock.forgot)
	r := s.unlock.rec
	groups := vault.RecoveryKeyGroups(key)
	test.Type(r.key, strings.Join(groups[:7], " "))
	if want := rtl.VisualOrder(s.tr.T("recover.key_count", "Typed", 7, "Groups", 12)); r.keyCount.Text != want {
		t.Errorf("group count = %q, want %q", r.keyCount.Text, want)
	}
	test.Tap(r.next)
	if r.errLabel.Text == s.tr.T("error.recovery_length", "Groups", 12) || !r.errRow.Visible() {
		t.Errorf("error line not rewritten for right to left: %q", r.errLabel.Text)
	}
}
