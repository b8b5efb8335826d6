package ui

import (
	"math"
	"math/rand/v2"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// The recovery key on screen.
//
// The key is for paper only. It is shown as numbered groups of five
// characters in a large monospace face (recoveryKeyView), never in a
// selectable label, and there is no Copy button (other programs can read
// the clipboard) and no Print button (Fyne has no print API, and every
// offline way to print writes the key to a spool or PDF file in
// plaintext). "Show large" fills the window with the groups for copying
// by hand. After "I wrote it down" a keyCheck asks for one randomly
// chosen group back; a mismatch says so and the key can be looked at
// again. Nothing here writes the key anywhere.

// keyColumns is how many groups a row of the key holds.
const keyColumns = 4

// recoveryKeyView draws a recovery key as numbered groups, keyColumns to a
// row, always left to right: it is Latin text, so the right-to-left
// mirroring (which does not enter custom widgets) must not reorder it.
// When large, the text grows to fill the space it is given.
type recoveryKeyView struct {
	widget.BaseWidget
	tr     *i18n.Translator
	groups []string
	large  bool
}

func newRecoveryKeyView(tr *i18n.Translator, groups []string, large bool) *recoveryKeyView {
	v := &recoveryKeyView{tr: tr, groups: append([]string(nil), groups...), large: large}
	v.ExtendBaseWidget(v)
	return v
}

// Clear forgets the key and blanks the view (on lock, or when the screen
// goes away).
func (v *recoveryKeyView) Clear() {
	for i := range v.groups {
		v.groups[i] = ""
	}
	v.groups = nil
	v.Refresh()
}

// Text returns the groups joined by spaces, as shown (tests read it).
func (v *recoveryKeyView) Text() string { return strings.Join(v.groups, " ") }

func (v *recoveryKeyView) CreateRenderer() fyne.WidgetRenderer {
	r := &keyViewRenderer{v: v}
	r.rebuild()
	return r
}

type keyViewRenderer struct {
	v      *recoveryKeyView
	nums   []*canvas.Text
	texts  []*canvas.Text
	shown  []string
	size   float32 // text size of the groups at the last layout
	layout fyne.Size
}

// rebuild makes one number and one text per group.
func (r *keyViewRenderer) rebuild() {
	r.nums, r.texts = nil, nil
	for i, g := range r.v.groups {
		n := canvas.NewText(r.v.tr.Number(i+1), theme.Color(theme.ColorNameForeground))
		n.TextSize = theme.CaptionTextSize()
		t := canvas.NewText(g, theme.Color(theme.ColorNameForeground))
		t.TextStyle = fyne.TextStyle{Monospace: true}
		r.nums = append(r.nums, n)
		r.texts = append(r.texts, t)
	}
	r.shown = append([]string(nil), r.v.groups...)
}

// baseSize is the group text size of the normal view.
func baseSize() float32 { return 2 * theme.TextSize() }

// cell returns the size of one group's cell at text size s.
func cellSize(s float32) fyne.Size {
	w := fyne.MeasureText("MMMMM", s, fyne.TextStyle{Monospace: true}).Width
	h := fyne.MeasureText("M", s, fyne.TextStyle{Monospace: true}).Height
	return fyne.NewSize(w+s, h+theme.CaptionTextSize()+s/2)
}

func (r *keyViewRenderer) rows() int {
	return (len(r.texts) + keyColumns - 1) / keyColumns
}

func (r *keyViewRenderer) Layout(size fyne.Size) {
	r.layout = size
	s := baseSize()
	if r.v.large && len(r.texts) > 0 {
		// The largest size at which every row fits.
		c := cellSize(100)
		fit := float32(math.Min(float64(size.Width/(keyColumns*c.Width)), float64(size.Height/(float32(r.rows())*c.Height))))
		s = 100 * fit
		if s < baseSize() {
			s = baseSize()
		}
	}
	r.size = s
	c := cellSize(s)
	total := fyne.NewSize(keyColumns*c.Width, float32(r.rows())*c.Height)
	x0 := (size.Width - total.Width) / 2
	if x0 < 0 {
		x0 = 0
	}
	y0 := float32(0)
	if r.v.large {
		y0 = (size.Height - total.Height) / 2
		if y0 < 0 {
			y0 = 0
		}
	}
	for i, t := range r.texts {
		col, row := i%keyColumns, i/keyColumns
		x := x0 + float32(col)*c.Width + s/2
		y := y0 + float32(row)*c.Height
		n := r.nums[i]
		n.TextSize = theme.CaptionTextSize()
		if r.v.large {
			n.TextSize = s / 3
		}
		n.Move(fyne.NewPos(x, y))
		n.Resize(n.MinSize())
		t.TextSize = s
		t.Move(fyne.NewPos(x, y+n.TextSize))
		t.Resize(t.MinSize())
	}
}

func (r *keyViewRenderer) MinSize() fyne.Size {
	c := cellSize(baseSize())
	return fyne.NewSize(keyColumns*c.Width, float32(r.rows())*c.Height)
}

func (r *keyViewRenderer) Refresh() {
	if strings.Join(r.shown, " ") != strings.Join(r.v.groups, " ") || len(r.shown) != len(r.v.groups) {
		r.rebuild()
	}
	for _, t := range append(append([]*canvas.Text(nil), r.nums...), r.texts...) {
		t.Color = theme.Color(theme.ColorNameForeground)
		t.Refresh()
	}
	r.Layout(r.layout)
}

func (r *keyViewRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 2*len(r.texts))
	for i := range r.texts {
		objs = append(objs, r.nums[i], r.texts[i])
	}
	return objs
}

func (r *keyViewRenderer) Destroy() {}

// keyDisplay is what every place that shows the key shows with it: the
// groups, "Show large", why there is no Copy or Print, and the warning.
type keyDisplay struct {
	view      *recoveryKeyView
	showLarge *widget.Button
	content   *fyne.Container
}

func newKeyDisplay(s *shell, groups []string) *keyDisplay {
	tr := s.tr
	d := &keyDisplay{view: newRecoveryKeyView(tr, groups, false)}
	d.showLarge = widget.NewButtonWithIcon(tr.T("recovery.show_large"), theme.ZoomInIcon(), func() {
		showLargeKey(s, d.view.groups)
	})
	paper := paragraph(tr.T("recovery.paper_only"))
	warning := paragraph(tr.T("firstrun.recovery.warning"))
	warning.Importance = widget.WarningImportance
	d.content = container.NewVBox(
		widget.NewCard("", "", d.view),
		container.NewHBox(d.showLarge),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.InfoIcon())), nil, paper),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, warning),
	)
	return d
}

// largeKey is the "Show large" view: the groups filling the window in the
// theme's strongest contrast (foreground on background), for copying by
// hand. It takes the keyboard focus so Escape or Return closes it.
type largeKey struct {
	widget.BaseWidget
	view    *recoveryKeyView
	hint    *widget.Label
	close   *widget.Button
	content fyne.CanvasObject
	onClose func()
}

var _ fyne.Focusable = (*largeKey)(nil)

func newLargeKey(tr *i18n.Translator, groups []string, onClose func()) *largeKey {
	k := &largeKey{view: newRecoveryKeyView(tr, groups, true), onClose: onClose}
	k.hint = widget.NewLabel(tr.T("recovery.large_hint"))
	k.hint.Alignment = fyne.TextAlignCenter
	k.hint.Wrapping = fyne.TextWrapWord
	k.close = widget.NewButtonWithIcon(tr.T("common.close"), theme.CancelIcon(), k.Close)
	k.close.Importance = widget.HighImportance
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	k.content = container.NewStack(bg, container.NewPadded(container.NewBorder(
		k.hint, container.NewCenter(k.close), nil, nil, k.view)))
	k.ExtendBaseWidget(k)
	return k
}

// Close hides the view and forgets the key it showed.
func (k *largeKey) Close() {
	k.view.Clear()
	if k.onClose != nil {
		k.onClose()
	}
}

func (k *largeKey) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(k.content) }

func (k *largeKey) FocusGained()   {}
func (k *largeKey) FocusLost()     {}
func (k *largeKey) TypedRune(rune) {}

// TypedKey closes the view on Escape or Return.
func (k *largeKey) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
		k.Close()
	}
}

// showLargeKey covers the whole window with the key's groups.
func showLargeKey(s *shell, groups []string) *largeKey {
	c := s.win.Canvas()
	var pop *widget.PopUp
	k := newLargeKey(s.tr, groups, func() {
		if pop != nil {
			pop.Hide()
		}
	})
	pop = widget.NewModalPopUp(k, c)
	pop.Resize(c.Size())
	pop.Show()
	c.Focus(k)
	return k
}

// keyCheck asks for one randomly chosen group of the key back, to check
// it was written down. A mismatch says so and changes nothing.
type keyCheck struct {
	tr          *i18n.Translator
	groups      []string
	group       int // index of the group asked for
	prompt      *widget.Label
	entry       *escEntry
	check       *widget.Button
	resultRow   *fyne.Container
	resultLabel *widget.Label
	content     *fyne.Container
	onMatch     func()
}

// pickGroup chooses the group to ask for.
var pickGroup = func(n int) int { return rand.IntN(n) }

func newKeyCheck(tr *i18n.Translator, groups []string, onMatch func()) *keyCheck {
	k := &keyCheck{tr: tr, groups: groups, group: pickGroup(len(groups)), onMatch: onMatch}
	k.prompt = paragraph(tr.T("recovery.check_prompt", "Group", k.group+1))
	k.prompt.TextStyle = fyne.TextStyle{Bold: true}
	k.entry = newEscEntry()
	k.entry.TextStyle = fyne.TextStyle{Monospace: true}
	k.entry.OnSubmitted = func(string) { k.submit() }
	k.check = widget.NewButtonWithIcon(tr.T("recovery.check_button"), theme.ConfirmIcon(), k.submit)
	k.check.Importance = widget.HighImportance
	k.resultRow, k.resultLabel = newErrorLine()
	k.content = container.NewVBox(
		heading(tr.T("recovery.check_title")),
		k.prompt,
		k.entry,
		k.resultRow,
	)
	return k
}

// submit compares the typed group (case, spaces and dashes ignored, O
// read as 0 as everywhere else) with the one asked for.
func (k *keyCheck) submit() {
	typed := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t':
			return -1
		case 'O', 'o':
			return '0'
		}
		return r
	}, strings.ToUpper(k.entry.Text))
	if typed != k.groups[k.group] {
		setErrorLine(k.resultRow, k.resultLabel, k.tr.T("recovery.check_wrong", "Group", k.group+1))
		k.content.Refresh() // lays the new line out (and in visual order right to left)
		return
	}
	setErrorLine(k.resultRow, k.resultLabel, "")
	k.entry.SetText("")
	if k.onMatch != nil {
		k.onMatch()
	}
}

// checkButtons is the row under a keyCheck: back to the key on the
// leading side, then the optional skip, and Check on the trailing side.
func (k *keyCheck) buttons(lookAgain, later fyne.CanvasObject) *fyne.Container {
	row := container.NewHBox(lookAgain)
	if later != nil {
		row.Add(later)
	}
	row.Add(layout.NewSpacer())
	row.Add(k.check)
	return row
}
