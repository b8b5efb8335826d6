package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
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
//     created.
//
// Limits: the inside of Fyne's own widgets is not mirrored (an entry's
// text starts at the left, a check box stays left of its text, an icon
// stays left of a button's text, a select's arrow stays right); custom
// widgets draw themselves (the dashboard charts keep time running left to
// right); icons are not flipped. Tutorials are aligned by their own
// language, not the interface's (alignSegments).

// rtlLayout mirrors the layout it wraps. The zero value is not usable.
type rtlLayout struct {
	inner fyne.Layout
	m     *mirror
}

func (l *rtlLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		l.m.adopt(o)
	}
	l.inner.Layout(objs, size)
	for _, o := range objs {
		p, s := o.Position(), o.Size()
		o.Move(fyne.NewPos(size.Width-p.X-s.Width, p.Y))
	}
}

func (l *rtlLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(objs) }

// mirror remembers the widgets it has adapted once and for all (lists and
// splits), so that laying them out again changes nothing. One mirror
// serves one window content and is dropped with it.
type mirror struct {
	done map[fyne.CanvasObject]bool
}

func newMirror() *mirror { return &mirror{done: map[fyne.CanvasObject]bool{}} }

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

// adopt prepares one object for a right-to-left interface. It is cheap
// and idempotent: it runs every time a mirrored container is laid out.
func (m *mirror) adopt(o fyne.CanvasObject) {
	switch w := o.(type) {
	case *fyne.Container:
		if w.Layout == nil {
			return // placed by hand: left alone
		}
		if _, ok := w.Layout.(*rtlLayout); !ok {
			w.Layout = &rtlLayout{inner: w.Layout, m: m}
		}
	case *widget.Label:
		if w.Alignment == fyne.TextAlignLeading {
			w.Alignment = fyne.TextAlignTrailing
			w.Refresh()
		}
	case *widget.Button:
		if w.Alignment == widget.ButtonAlignLeading {
			w.Alignment = widget.ButtonAlignTrailing
			w.Refresh()
		}
	case *container.Scroll:
		if w.Content != nil {
			m.adopt(w.Content)
		}
	case *widget.Card:
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
		}
	case interface{ rtlChildren() []fyne.CanvasObject }:
		// Safehouse widgets that hold containers of their own.
		for _, c := range w.rtlChildren() {
			m.adopt(c)
		}
	}
}

// alignSegments aligns the paragraphs, headings and lists of rich text to
// the right when rtl is true (a tutorial in Arabic or Persian), recursing
// into lists and paragraphs. Segments already centred are left alone.
func alignSegments(segs []widget.RichTextSegment, rtl bool) {
	if !rtl {
		return
	}
	for _, seg := range segs {
		switch s := seg.(type) {
		case *widget.TextSegment:
			if s.Style.Alignment == fyne.TextAlignLeading {
				s.Style.Alignment = fyne.TextAlignTrailing
			}
		case *widget.HyperlinkSegment:
			if s.Alignment == fyne.TextAlignLeading {
				s.Alignment = fyne.TextAlignTrailing
			}
		case *widget.ParagraphSegment:
			alignSegments(s.Texts, rtl)
		case *widget.ListSegment:
			alignSegments(s.Items, rtl)
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
