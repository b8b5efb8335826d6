package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// Right-to-left interfaces (Arabic, Persian).
//
// Fyne shapes Arabic and Persian text and orders a right-to-left line
// correctly, but lays every screen out left to right and aligns text to
// the left. Safehouse mirrors the interface in one place: when the
// language is right to left, the shell wraps the layout of the window's
// root container in an rtlLayout, and the content of dialogs in the same
// way (rtlContent). An rtlLayout
//
//   - lets the original layout place the children, then reflects every
//     child's position across the vertical centre line (x → width−x−w), so
//     borders, rows, grids, forms and the navigation swap sides;
//   - adopts each child before placing it: a child container gets an
//     rtlLayout too (so the mirroring spreads down the tree as it is laid
//     out, including content added later), a label or button aligned to
//     the leading edge is aligned to the trailing (right) edge, a scroll
//     container's content and a card's content are adopted, a horizontal
//     split swaps its sides, and a list's rows are adopted as they are
//     created;
//   - rewrites the text of labels, buttons and select options with
//     visualOrder (bidi.go),
//     because Fyne places the runs of a mixed line (Arabic with a number
//     or a Latin word) in stored order. Text set later is rewritten at the
//     next layout of its container.
//
// Wrapping labels are cut into lines by rewriteWrapped, at their width,
// before each line is put in visual order.
//
// Limits: the inside of Fyne's own widgets is not mirrored (an entry's
// text starts at the left, a check box stays left of its text, an icon
// stays left of a button's text, a select's arrow stays right); custom
// widgets draw themselves (the dashboard charts keep time running left to
// right); icons are not flipped. Tutorials are laid out in their own
// language's direction, not the interface's (markdown_view.go).

// rtlLayout mirrors the layout it wraps. The zero value is not usable.
type rtlLayout struct {
	inner fyne.Layout
	m     *mirror
}

func (l *rtlLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		l.m.adoptIn(o, size.Width)
	}
	l.inner.Layout(objs, size)
	for _, o := range objs {
		p, s := o.Position(), o.Size()
		o.Move(fyne.NewPos(size.Width-p.X-s.Width, p.Y))
	}
	// Wrapping labels are rewritten now that their width is known.
	for _, o := range objs {
		if lb, ok := o.(*widget.Label); ok && lb.Wrapping != fyne.TextWrapOff {
			l.m.rewriteWrapped(lb, lb.Size().Width)
		}
	}
}

func (l *rtlLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(objs) }

// mirror remembers the widgets it has adapted once and for all (lists and
// splits), so that laying them out again changes nothing. One mirror
// serves one window content and is dropped with it.
type mirror struct {
	done map[fyne.CanvasObject]bool
	// shown is the text last put on a label or button by visualOrder, to
	// tell our own rewrite from new text set by the screen.
	shown map[any]string
	// wrapped is the state of wrapping labels (rewriteWrapped).
	wrapped map[*widget.Label]wrapped
}

func newMirror() *mirror {
	return &mirror{done: map[fyne.CanvasObject]bool{}, shown: map[any]string{}, wrapped: map[*widget.Label]wrapped{}}
}

// reorder applies visualOrder to the text of a label or button once per
// new text, returning the text to show.
func (m *mirror) reorder(o any, text string) (string, bool) {
	if text == m.shown[o] {
		return text, false
	}
	out := visualOrder(text)
	m.shown[o] = out
	return out, out != text
}

// wrapped is what rewriteWrapped last did to a label.
type wrapped struct {
	src, out string
	width    float32
}

// rewriteWrapped lays out the text of a wrapping label itself: Fyne wraps
// after any rewrite, which would put the lines of a rewritten paragraph
// in the wrong order. So the stored text is cut into lines that fit width
// (at word boundaries, as Fyne would), each line is put in visual order,
// and the lines are joined with newlines, which Fyne keeps. It is redone
// when the text or the width changes; width 0 (not laid out yet) waits.
func (m *mirror) rewriteWrapped(l *widget.Label, width float32) {
	if l.Truncation != fyne.TextTruncateOff || width <= 0 {
		return
	}
	prev, _ := m.wrapped[l]
	src := l.Text
	if src == prev.out {
		if width == prev.width {
			return
		}
		src = prev.src
	}
	if !hasRTL(src) {
		m.wrapped[l] = wrapped{src: src, out: src, width: width}
		return
	}
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	avail := width - 2*theme.InnerPadding()
	var lines []string
	for _, para := range strings.Split(src, "\n") {
		for _, line := range wrapWords(para, avail, func(t string) float32 {
			return fyne.MeasureText(t, size, l.TextStyle).Width
		}) {
			lines = append(lines, visualOrder(line))
		}
	}
	out := strings.Join(lines, "\n")
	m.wrapped[l] = wrapped{src: src, out: out, width: width}
	if out != l.Text {
		l.Text = out
		l.Refresh()
	}
}

// wrapWords cuts text into lines no wider than avail as measured by
// measure, breaking at spaces; a word wider than avail gets a line of its
// own.
func wrapWords(text string, avail float32, measure func(string) float32) []string {
	words := strings.Split(text, " ")
	var lines []string
	cur := ""
	for i, w := range words {
		if i == 0 {
			cur = w
			continue
		}
		if next := cur + " " + w; measure(next) <= avail {
			cur = next
			continue
		}
		lines = append(lines, cur)
		cur = w
	}
	return append(lines, cur)
}

// mirrorRoot makes c and everything laid out inside it right to left.
func mirrorRoot(c *fyne.Container) {
	newMirror().adopt(c)
}

// rtlContent prepares the content of a dialog for a right-to-left
// interface; it returns obj unchanged when tr's language is left to right.
func rtlContent(tr *i18n.Translator, obj fyne.CanvasObject) fyne.CanvasObject {
	if tr == nil || !tr.RTL() || obj == nil {
		return obj
	}
	m := newMirror()
	if _, ok := obj.(*fyne.Container); !ok {
		// Wrap it so the mirroring has a container to start from.
		obj = container.NewStack(obj)
	}
	m.adopt(obj)
	return obj
}

// adopt prepares one object for a right-to-left interface, without
// knowing its width.
func (m *mirror) adopt(o fyne.CanvasObject) { m.adoptIn(o, 0) }

// adoptIn prepares one object for a right-to-left interface; width is the
// width of the container it is laid out in (0: unknown). It is cheap and
// idempotent: it runs every time a mirrored container is laid out.
func (m *mirror) adoptIn(o fyne.CanvasObject, width float32) {
	switch w := o.(type) {
	case *fyne.Container:
		if w.Layout == nil {
			return // placed by hand: left alone
		}
		if _, ok := w.Layout.(*rtlLayout); !ok {
			w.Layout = &rtlLayout{inner: w.Layout, m: m}
		}
	case *widget.Label:
		changed := false
		if w.Alignment == fyne.TextAlignLeading {
			w.Alignment = fyne.TextAlignTrailing
			changed = true
		}
		// A truncated label is left in stored order: Fyne cuts the end
		// of the string, which after the rewrite would be the beginning
		// of the sentence.
		if w.Truncation == fyne.TextTruncateOff && w.Wrapping == fyne.TextWrapOff {
			if text, ok := m.reorder(w, w.Text); ok {
				w.Text = text
				changed = true
			}
		}
		if changed {
			w.Refresh()
		}
	case *widget.Button:
		changed := false
		if w.Alignment == widget.ButtonAlignLeading {
			w.Alignment = widget.ButtonAlignTrailing
			changed = true
		}
		if text, ok := m.reorder(w, w.Text); ok {
			w.Text = text
			changed = true
		}
		if changed {
			w.Refresh()
		}
	case *widget.Select:
		m.reorderSelect(w)
	case *container.Scroll:
		if w.Content != nil {
			m.adopt(w.Content)
		}
	case *widget.Card:
		if !m.done[w] {
			m.done[w] = true
			moveCardTitle(w)
		}
		if w.Content != nil {
			m.adopt(w.Content)
		}
	case *container.Split:
		if w.Horizontal && !m.done[w] {
			m.done[w] = true
			w.Leading, w.Trailing = w.Trailing, w.Leading
			w.Offset = 1 - w.Offset
			w.Refresh()
		}
	case *widget.List:
		if !m.done[w] && w.CreateItem != nil {
			m.done[w] = true
			create := w.CreateItem
			w.CreateItem = func() fyne.CanvasObject {
				item := create()
				m.adopt(item)
				return item
			}
			// A row's texts change after it was laid out: lay it out
			// again, so they are rewritten and placed for their new size.
			if update := w.UpdateItem; update != nil {
				w.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
					update(id, item)
					if c, ok := item.(*fyne.Container); ok && c.Layout != nil {
						c.Layout.Layout(c.Objects, c.Size())
					}
				}
			}
		}
	case interface{ rtlChildren() []fyne.CanvasObject }:
		// Safehouse widgets that hold containers of their own.
		for _, c := range w.rtlChildren() {
			m.adopt(c)
		}
	}
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

// moveCardTitle puts a card's title and subtitle into its content as
// labels, where the mirroring aligns them right: the card draws its own
// title at the left.
func moveCardTitle(c *widget.Card) {
	if c.Title == "" && c.Subtitle == "" {
		return
	}
	box := container.NewVBox()
	if c.Title != "" {
		l := widget.NewLabelWithStyle(c.Title, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameHeadingText
		box.Add(l)
	}
	if c.Subtitle != "" {
		l := widget.NewLabelWithStyle(c.Subtitle, fyne.TextAlignTrailing, fyne.TextStyle{})
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if c.Content != nil {
		box.Add(c.Content)
	}
	c.Title, c.Subtitle = "", ""
	c.SetContent(box)
}

// reorderSelect rewrites a select's options and choice with visualOrder,
// once per new set of options. Safehouse reads selects by index only, so
// the rewritten texts never reach the code.
func (m *mirror) reorderSelect(w *widget.Select) {
	key := strings.Join(w.Options, "\x00")
	if prev, ok := m.shown[w]; ok && prev == key {
		return
	}
	i := w.SelectedIndex()
	opts := make([]string, len(w.Options))
	changed := false
	for k, o := range w.Options {
		opts[k] = visualOrder(o)
		changed = changed || opts[k] != o
	}
	m.shown[w] = strings.Join(opts, "\x00")
	if !changed {
		return
	}
	w.Options = opts
	if i >= 0 {
		w.Selected = opts[i]
	}
	w.Refresh()
}
