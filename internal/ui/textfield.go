package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Fyne gives a focused text field every shortcut first, and a
// widget.Entry drops the ones it does not know. Only the main menu sees
// shortcuts before the field, and a right-to-left interface has no main
// menu (its menus are drawn inside the window, menubar.go): there, Ctrl+L
// or the emergency shortcut typed in a form did nothing. Every text field
// of the app therefore passes the window's own shortcuts on to the
// window.

// windowShortcuts holds the names of the shortcuts the shell installs on
// the window's canvas (shell.hookInput, shell.installEmergency).
var windowShortcuts sync.Map

// ownShortcut records that the window handles sc.
func ownShortcut(sc fyne.Shortcut) { windowShortcuts.Store(sc.ShortcutName(), true) }

// passShortcut hands sc to the window that shows obj when it is one of
// the window's shortcuts, and reports whether it did.
func passShortcut(obj fyne.CanvasObject, sc fyne.Shortcut) bool {
	if sc == nil {
		return false
	}
	if _, ok := windowShortcuts.Load(sc.ShortcutName()); !ok {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(obj)
	h, ok := c.(fyne.Shortcutable)
	if !ok {
		return false
	}
	h.TypedShortcut(sc)
	return true
}

// textField is the app's text field: a widget.Entry that passes the
// window's shortcuts on.
type textField struct {
	widget.Entry
}

// newTextField returns a one-line text field.
func newTextField() *textField {
	e := &textField{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// newMultiLineTextField returns a text field for several lines.
func newMultiLineTextField() *textField {
	e := &textField{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// newPasswordTextField returns a concealed one-line field; the entry adds
// its show/hide button when it is first drawn.
func newPasswordTextField() *textField {
	e := newTextField()
	e.Password = true
	return e
}

// TypedShortcut passes the window's shortcuts on, and gives the field
// the rest.
func (e *textField) TypedShortcut(sc fyne.Shortcut) {
	if passShortcut(e, sc) {
		return
	}
	e.Entry.TypedShortcut(sc)
}

// entryWidget is a widget built on a widget.Entry.
type entryWidget interface {
	baseEntry() *widget.Entry
}

// entryOf returns the text entry o is or is built on, or nil.
func entryOf(o any) *widget.Entry {
	switch w := o.(type) {
	case *widget.Entry:
		return w
	case entryWidget:
		return w.baseEntry()
	}
	return nil
}

func (e *textField) baseEntry() *widget.Entry { return &e.Entry }
