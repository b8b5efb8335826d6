package ui

import (
	"context"
	"runtime"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/store"
)

// unlockedIn returns a shell unlocked on a new vault in lang.
func unlockedIn(t *testing.T, lang string) *shell {
	t.Helper()
	s, _ := newTestShell(t, makeVault(t), Options{Lang: lang})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
	return s
}

func ctrl(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// TestFieldShortcutsRightToLeft: a right-to-left interface has no main
// menu to see shortcuts before a focused field, so the fields pass the
// window's shortcuts on: Ctrl+S saves the half-edited form, Ctrl+L locks,
// the emergency shortcut asks to destroy. The field keeps its own
// shortcuts (select all, copy).
func TestFieldShortcutsRightToLeft(t *testing.T) {
	if runtime.GOOS == "darwin" {
		t.Skip("macOS draws the system menu bar, which sees shortcuts first, in every language")
	}
	s := unlockedIn(t, "ar")
	if s.win.MainMenu() != nil {
		t.Fatal("test setup: a right-to-left window has a main menu")
	}
	c := editCanary(t, s, "ملاحظة جديدة")
	notes := c.form.notes
	s.win.Canvas().Focus(notes)

	notes.TypedShortcut(&fyne.ShortcutSelectAll{})
	if notes.SelectedText() == "" {
		t.Fatal("the field lost its own Select All")
	}
	notes.TypedShortcut(ctrl(fyne.KeyS))
	waitTasks(t, s)
	if c.form != nil && c.form.dirty() {
		t.Fatal("Ctrl+S in a field did not save the form")
	}
	got, err := s.session.Store().Contacts().List(context.Background(), store.ContactFilter{Search: canary})
	if err != nil {
		t.Fatal(err)
	}
	saved := false
	for _, ct := range got {
		saved = saved || ct.Name == canary && ct.Notes == "ملاحظة جديدة"
	}
	if !saved {
		t.Fatal("Ctrl+S in a field did not store the edit")
	}

	s.setEmergency(fyne.KeyDelete)
	c = editCanary(t, s, " ٢")
	c.form.name.TypedShortcut(emergencyShortcut(fyne.KeyDelete))
	if s.emergency == nil {
		t.Fatal("the emergency shortcut typed in a form field did nothing")
	}
	test.Tap(s.emergency.cancel)

	c.form.name.TypedShortcut(ctrl(fyne.KeyL))
	waitTasks(t, s)
	if s.main != nil {
		t.Fatal("Ctrl+L typed in a form field did not lock")
	}
}

// TestNoBareEntries: every text field on every screen and in every
// new-item form is one that passes the window's shortcuts on; a bare
// widget.Entry would swallow them in a right-to-left interface.
func TestNoBareEntries(t *testing.T) {
	s := unlockedIn(t, "fa")
	for _, id := range []ScreenID{ScreenDashboard, ScreenContacts, ScreenEvents, ScreenTutorials, ScreenSharing, ScreenSettings} {
		s.main.navigate(id, nil)
		check := func(where string) {
			n := 0
			walkObjects(s.win.Canvas().Content(), func(o fyne.CanvasObject) {
				if entryOf(o) == nil {
					return
				}
				n++
				if _, bare := o.(*widget.Entry); bare {
					t.Errorf("%s: a bare widget.Entry (placeholder %q)", where, o.(*widget.Entry).PlaceHolder)
				}
				if _, ok := o.(fyne.Shortcutable); !ok {
					t.Errorf("%s: text field %T takes no shortcuts", where, o)
				}
			})
			// The dashboard has no field; Settings' are inside sections
			// the walk does not open.
			if n == 0 && id != ScreenDashboard && id != ScreenSettings {
				t.Errorf("%s: no text field found (the walk misses them)", where)
			}
		}
		check(string(id))
		if scr, ok := s.main.screens[id].(interface{ NewItem() }); ok {
			scr.NewItem()
			check(string(id) + " new item")
		}
	}
}

// TestFocusGoesWithTheContent: after unlocking, and after a shortcut
// typed in a field switched screens, the field that is no longer
// shown does not keep the focus (where it would swallow the next
// shortcut in a right-to-left interface).
func TestFocusGoesWithTheContent(t *testing.T) {
	s, _ := newTestShell(t, makeVault(t), Options{Lang: "ar"})
	pass := s.unlock.pass
	test.Type(pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatal("not unlocked")
	}
	if f := s.win.Canvas().Focused(); f == fyne.Focusable(pass) {
		t.Fatal("the unlock screen's passphrase field kept the focus after unlocking")
	}
	field := contactsOf(t, s).search
	s.win.Canvas().Focus(field)
	field.TypedShortcut(ctrl(fyne.Key3))
	waitTasks(t, s)
	if s.main.current != ScreenEvents {
		t.Fatalf("Ctrl+3 in a field showed %v", s.main.current)
	}
	if s.win.Canvas().Focused() == fyne.Focusable(field) {
		t.Fatal("the contacts search field kept the focus on the events screen")
	}
}
