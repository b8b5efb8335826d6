package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Building blocks of the screens shown before the vault is open (unlock,
// recovery, first run).

// centredPage puts content in a column of at most width, centred
// horizontally and vertically in the window, inside a vertical scroll so
// a small window (or a long translation) can still reach everything.
// Content taller than the window starts at the top.
func centredPage(width float32, content fyne.CanvasObject) *container.Scroll {
	return container.NewVScroll(container.New(&centredLayout{width: width}, content))
}

// centredLayout centres its children, no wider than width, in the space
// it is given; a child taller than that space starts at the top.
type centredLayout struct{ width float32 }

func (l *centredLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := 2 * theme.Padding()
	for _, o := range objs {
		w := size.Width - 2*pad
		if w > l.width {
			w = l.width
		}
		// Lay out at the final width first: wrapping labels need it to
		// know their height.
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		y := (size.Height - h) / 2
		if y < pad {
			y = pad
		}
		o.Move(fyne.NewPos((size.Width-w)/2, y))
	}
}

func (l *centredLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	pad := 2 * theme.Padding()
	return fyne.NewSize(s.Width+2*pad, s.Height+2*pad)
}

// escEntry is a one-line entry that also reports Escape, which Fyne's
// entry ignores, so the screens before unlock can go back a step with the
// keyboard.
type escEntry struct {
	widget.Entry
	// OnEscape is called when Escape is pressed in the field.
	OnEscape func()
	// OnShortcut, when set, sees every shortcut before the field and
	// reports whether it took it (the emergency shortcut: Fyne gives a
	// focused field every shortcut first).
	OnShortcut func(fyne.Shortcut) bool
}

// newEscEntry returns a plain one-line escEntry.
func newEscEntry() *escEntry {
	e := &escEntry{}
	// The wrapper is what sits in the canvas: Fyne's own parts of the
	// entry (the show/hide button, the context menu) must find it.
	e.ExtendBaseWidget(e)
	return e
}

// newSecretEntry returns a concealed escEntry with Fyne's show/hide
// button.
func newSecretEntry() *escEntry {
	e := &escEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey hands Escape to OnEscape and every other key to the entry.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.OnEscape != nil {
		e.OnEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut offers sc to OnShortcut, then to the window (textfield.go),
// then to the entry.
func (e *escEntry) TypedShortcut(sc fyne.Shortcut) {
	if e.OnShortcut != nil && e.OnShortcut(sc) || passShortcut(e, sc) {
		return
	}
	e.Entry.TypedShortcut(sc)
}

func (e *escEntry) baseEntry() *widget.Entry { return &e.Entry }

// selectAllText focuses entry and selects its text, so the next keystroke
// replaces it (after a wrong passphrase).
func selectAllText(c fyne.Canvas, e fyne.Focusable) {
	if c == nil {
		return
	}
	c.Focus(e)
	if s, ok := e.(fyne.Shortcutable); ok {
		s.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}
