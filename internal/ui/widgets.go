package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/passphrase"
	"github.com/safehouse-app/safehouse/internal/ui/rtl"
)

// strengthMeter shows a passphrase strength as five bars plus a word, so
// colour is never the only signal. In a right-to-left interface the bars
// fill from the right and the word stands left of them (the mirroring of
// package rtl does not reach inside widgets).
type strengthMeter struct {
	widget.BaseWidget
	tr    *i18n.Translator
	bars  [5]*canvas.Rectangle
	label *widget.Label
	level passphrase.Level
}

func newStrengthMeter(tr *i18n.Translator) *strengthMeter {
	m := &strengthMeter{tr: tr, label: widget.NewLabel("")}
	for i := range m.bars {
		m.bars[i] = canvas.NewRectangle(color.Transparent)
		m.bars[i].CornerRadius = 2
		m.bars[i].SetMinSize(fyne.NewSize(28, 6))
	}
	m.ExtendBaseWidget(m)
	m.Update("")
	return m
}

// Update rates p and redraws. The text is never kept.
func (m *strengthMeter) Update(p string) {
	m.level = passphrase.Strength(p)
	text := m.tr.T("firstrun.strength", "Level", m.tr.T(m.level.MessageID()))
	if m.tr.RTL() {
		text = rtl.VisualOrder(text)
	}
	m.label.SetText(text)
	m.refreshBars(p == "")
}

func (m *strengthMeter) refreshBars(empty bool) {
	filled := int(m.level) + 1
	if empty {
		filled = 0
	}
	var on fyne.ThemeColorName
	switch {
	case m.level <= passphrase.Weak:
		on = theme.ColorNameError
	case m.level == passphrase.Fair:
		on = theme.ColorNameWarning
	default:
		on = theme.ColorNameSuccess
	}
	for i, b := range m.bars {
		if i < filled {
			b.FillColor = theme.Color(on)
		} else {
			b.FillColor = theme.Color(theme.ColorNameInputBorder)
		}
		b.Refresh()
	}
}

func (m *strengthMeter) CreateRenderer() fyne.WidgetRenderer {
	row := container.NewGridWithColumns(len(m.bars))
	rtl := m.tr.RTL()
	for i := range m.bars {
		b := m.bars[i]
		if rtl {
			b = m.bars[len(m.bars)-1-i]
		}
		row.Add(container.NewVBox(layout.NewSpacer(), b, layout.NewSpacer()))
	}
	bars := container.NewGridWrap(fyne.NewSize(160, 6), row)
	if rtl {
		m.label.Alignment = fyne.TextAlignTrailing
		return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, bars, m.label))
	}
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, bars, nil, m.label))
}

// activityCatcher wraps the whole window content and reports mouse
// movement and presses over it to onActivity. It only receives events no
// child wants (Fyne delivers pointer events to the deepest matching
// object), so it never swallows anything. It also owns the window's
// focus keeper (focus.go), which draws the focus ring over the content
// and handles the keys of dialogs.
type activityCatcher struct {
	widget.BaseWidget
	content    fyne.CanvasObject
	onActivity func()
	focus      *focusKeeper
}

var (
	_ desktop.Hoverable = (*activityCatcher)(nil)
	_ desktop.Mouseable = (*activityCatcher)(nil)
)

func newActivityCatcher(content fyne.CanvasObject, onActivity func()) *activityCatcher {
	a := &activityCatcher{content: content, onActivity: onActivity}
	a.focus = newFocusKeeper(a, onActivity)
	a.ExtendBaseWidget(a)
	return a
}

func (a *activityCatcher) CreateRenderer() fyne.WidgetRenderer {
	a.focus.start()
	return &catcherRenderer{a: a}
}

// catcherRenderer draws the content and, while there is one, the focus
// ring's layer over it.
type catcherRenderer struct{ a *activityCatcher }

func (r *catcherRenderer) Destroy() {}

func (r *catcherRenderer) Layout(s fyne.Size) {
	r.a.content.Resize(s)
	r.a.focus.layer.Resize(s)
}

func (r *catcherRenderer) MinSize() fyne.Size { return r.a.content.MinSize() }

func (r *catcherRenderer) Objects() []fyne.CanvasObject {
	if len(r.a.focus.layer.Objects) > 0 && r.a.focus.ring.Visible() {
		return []fyne.CanvasObject{r.a.content, r.a.focus.layer}
	}
	return []fyne.CanvasObject{r.a.content}
}

func (r *catcherRenderer) Refresh() { r.a.content.Refresh() }

func (a *activityCatcher) MouseIn(*desktop.MouseEvent)    { a.onActivity() }
func (a *activityCatcher) MouseMoved(*desktop.MouseEvent) { a.onActivity() }
func (a *activityCatcher) MouseOut()                      {}
func (a *activityCatcher) MouseDown(*desktop.MouseEvent)  { a.onActivity() }
func (a *activityCatcher) MouseUp(*desktop.MouseEvent)    {}

// placeholderScreen stands in for a screen whose code is not part of this
// build.
type placeholderScreen struct{ content fyne.CanvasObject }

func newPlaceholderScreen(tr *i18n.Translator) *placeholderScreen {
	l := widget.NewLabel(tr.T("shell.not_available"))
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	return &placeholderScreen{content: container.NewCenter(container.NewVBox(widget.NewIcon(theme.InfoIcon()), l))}
}

func (p *placeholderScreen) Content() fyne.CanvasObject { return p.content }
func (p *placeholderScreen) Shown(any)                  {}
func (p *placeholderScreen) NewItem()                   {}
func (p *placeholderScreen) FocusSearch()               {}
func (p *placeholderScreen) Teardown()                  {}

// newErrorLine returns a hidden one-line error row: a warning icon and a
// wrapping label, so the error is not signalled by colour alone.
func newErrorLine() (*fyne.Container, *widget.Label) {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	row := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, l)
	row.Hide()
	return row, l
}

// setErrorLine shows text in an error row, or hides the row when text is "".
func setErrorLine(row *fyne.Container, l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		row.Hide()
	} else {
		row.Show()
	}
}

// card centres content in a column of at most width, for the unlock and
// first-run screens.
func narrowColumn(width float32, content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&maxWidthLayout{width: width}, content)
}

// maxWidthLayout centres its single child horizontally, no wider than
// width, and places it at the top with padding.
type maxWidthLayout struct{ width float32 }

func (l *maxWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding() * 4
	for _, o := range objs {
		w := size.Width - 2*theme.Padding()
		if w > l.width {
			w = l.width
		}
		h := o.MinSize().Height
		if h < size.Height-pad {
			h = size.Height - pad
		}
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, pad/2))
	}
}

func (l *maxWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	pad := theme.Padding() * 4
	return fyne.NewSize(s.Width+2*theme.Padding(), s.Height+pad)
}

// heading returns a large bold label. Invisible format characters in the
// text (a record's name from a peer or a file) are shown as markers.
func heading(text string) *widget.Label {
	l := widget.NewLabel(shown(text))
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// sectionCard is a card whose title is a size below the screen's title:
// widget.Card draws its title in the heading size, the size of
// screenTitle, so a screen of cards showed no hierarchy.
func sectionCard(title string, body fyne.CanvasObject) *widget.Card {
	return widget.NewCard("", "", container.NewVBox(sectionLabel(title), body))
}

// paragraph returns a wrapping label. Invisible format characters in the
// text are shown as markers, as in heading.
func paragraph(text string) *widget.Label {
	l := widget.NewLabel(shown(text))
	l.Wrapping = fyne.TextWrapWord
	return l
}

// newConfirm returns a confirmation dialog with translated buttons.
func newConfirm(s *shell, title string, content fyne.CanvasObject, confirm, dismiss string, cb func(bool)) dialog.Dialog {
	return dialog.NewCustomConfirm(title, confirm, dismiss, rtlContent(s.tr, content), cb, s.win)
}

// formRows lays out label and field pairs like widget.Form does, but in a
// plain container that the right-to-left mirroring can reach (widget.Form
// lays its rows out inside itself).
func formRows(items ...*widget.FormItem) *fyne.Container {
	c := container.New(layout.NewFormLayout())
	for _, it := range items {
		c.Add(widget.NewLabelWithStyle(it.Text, fyne.TextAlignTrailing, fyne.TextStyle{}))
		c.Add(it.Widget)
	}
	return c
}
