package rtl

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
// way (Content). An rtlLayout
//
//   - lets the original layout place the children, then reflects every
//     child's position across the vertical centre line (x → width−x−w), so
//     borders, rows, grids, forms and the navigation swap sides;
//   - adopts each child before placing it: a child container gets an
//     rtlLayout too (so the mirroring spreads down the tree as it is laid
//     out, including content added later), a label or button aligned to
//     the leading edge is aligned to the trailing (right) edge, a button's
//     icon goes right of its text and icons that point along the line are
//     mirrored (flipIcon), a select shows its value on the right, a scroll
//     container's content and a card's content are adopted, a horizontal
//     split swaps its sides, and a list's rows are adopted as they are
//     created;
//   - rewrites the text of labels, buttons, check boxes, select options
//     and entry placeholders (never what the user typed) with VisualOrder
//     (bidi.go),
//     because Fyne places the runs of a mixed line (Arabic with a number
//     or a Latin word) in stored order. Text set later is rewritten at the
//     next layout of its container.
//
// Wrapping labels are cut into lines by rewriteWrapped, and labels
// truncated with an ellipsis are cut by rewriteTruncated, at their width,
// before each line is put in visual order.
//
// Limits: the inside of Fyne's own widgets is not mirrored (an entry's
// text starts at the left, a check box stays left of its text, a select's
// arrow stays right); custom widgets draw themselves (the dashboard
// charts keep time running left to right; the strength meter and the
// tutorial reader handle the direction themselves). Tutorials are laid
// out in their own language's direction, not the interface's (markdown_view.go).

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
	// Wrapping and truncated labels are rewritten now that their width
	// is known.
	for _, o := range objs {
		lb, ok := o.(*widget.Label)
		switch {
		case !ok:
		case lb.Wrapping != fyne.TextWrapOff:
			l.m.rewriteWrapped(lb, lb.Size().Width)
		case lb.Truncation == fyne.TextTruncateEllipsis:
			l.m.rewriteTruncated(lb, lb.Size().Width)
		}
	}
}

func (l *rtlLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(objs) }

// mirror remembers the widgets it has adapted once and for all (lists and
// splits), so that laying them out again changes nothing. One mirror
// serves one window content and is dropped with it.
type mirror struct {
	done map[fyne.CanvasObject]bool
	// shown is the text last put on a label or button by VisualOrder, to
	// tell our own rewrite from new text set by the screen.
	shown map[any]string
	// wrapped is the state of wrapping labels (rewriteWrapped).
	wrapped map[*widget.Label]wrapped
	// icons is the icon last put on a button or icon by flipIcon.
	icons map[any]fyne.Resource
}

func newMirror() *mirror {
	return &mirror{done: map[fyne.CanvasObject]bool{}, shown: map[any]string{}, wrapped: map[*widget.Label]wrapped{},
		icons: map[any]fyne.Resource{}}
}

// reorder applies VisualOrder to the text of a label or button once per
// new text, returning the text to show.
func (m *mirror) reorder(o any, text string) (string, bool) {
	if text == m.shown[o] {
		return text, false
	}
	out := VisualOrder(text)
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
	if l.Truncation != fyne.TextTruncateOff {
		return
	}
	src, ok := m.source(l, width)
	if !ok {
		return
	}
	avail := width - 2*theme.InnerPadding()
	var lines []string
	for _, para := range strings.Split(src, "\n") {
		for _, line := range wrapWords(para, avail, labelMeasure(l)) {
			lines = append(lines, VisualOrder(line))
		}
	}
	m.show(l, src, strings.Join(lines, "\n"), width)
}

// source returns the text label l had before any rewrite of ours, and
// whether it needs one at width: not when nothing changed since the last
// rewrite, nor for text without right-to-left letters (recorded as is).
func (m *mirror) source(l *widget.Label, width float32) (string, bool) {
	if width <= 0 {
		return "", false
	}
	prev := m.wrapped[l]
	src := l.Text
	if src == prev.out {
		if width == prev.width {
			return "", false
		}
		src = prev.src
	}
	if !hasRTL(src) {
		m.wrapped[l] = wrapped{src: src, out: src, width: width}
		return "", false
	}
	return src, true
}

// show records out as the rewrite of src at width and puts it in l.
func (m *mirror) show(l *widget.Label, src, out string, width float32) {
	m.wrapped[l] = wrapped{src: src, out: out, width: width}
	if out != l.Text {
		l.Text = out
		l.Refresh()
	}
}

// labelMeasure returns the width function of l's text size and style.
func labelMeasure(l *widget.Label) func(string) float32 {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	return func(t string) float32 { return fyne.MeasureText(t, size, l.TextStyle).Width }
}

// rewriteTruncated cuts the stored text of a label truncated with an
// ellipsis itself, at the end of the sentence (the left in right-to-left
// text), then puts it in visual order: Fyne cuts the end of the string it
// is given, which after a rewrite would be the beginning of the sentence.
// The result fits the width, so Fyne's own truncation leaves it alone.
// It is redone when the text or the width changes.
func (m *mirror) rewriteTruncated(l *widget.Label, width float32) {
	src, ok := m.source(l, width)
	if !ok {
		return
	}
	measure := labelMeasure(l)
	// Fyne's own truncation measures a little wider than MeasureText
	// (it shapes the line whole): the room of one ellipsis is kept, so it
	// never cuts again.
	avail := width - 2*theme.InnerPadding() - 2 - measure("…")
	out := VisualOrder(src)
	if measure(out) > avail {
		rs := []rune(src)
		n := len(rs)
		for n > 0 && measure(VisualOrder(strings.TrimRight(string(rs[:n]), " ")+"…")) > avail {
			n--
		}
		// At the end of a word, unless that loses more than half.
		for i := n - 1; i > n/2; i-- {
			if rs[i] == ' ' {
				n = i
				break
			}
		}
		out = VisualOrder(strings.TrimRight(string(rs[:n]), " ") + "…")
	}
	m.show(l, src, out, width)
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

// Mirror makes c and everything laid out inside it right to left.
func Mirror(c *fyne.Container) {
	newMirror().adopt(c)
}

// Content prepares the content of a dialog for a right-to-left
// interface; it returns obj unchanged when tr's language is left to
// right (or tr is nil).
func Content(tr *i18n.Translator, obj fyne.CanvasObject) fyne.CanvasObject {
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

// Holder is a widget that holds containers of its own (drawn by its
// renderer, so the mirroring cannot find them in the tree): the mirroring
// adopts the containers RTLChildren returns. The focus keeper walks
// them too.
type Holder interface {
	fyne.Widget
	RTLChildren() []fyne.CanvasObject
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
		// Wrapping and truncated labels are rewritten once their width
		// is known (rtlLayout.Layout).
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
		if !m.done[w] {
			// The icon goes on the leading side, the right.
			m.done[w] = true
			if w.IconPlacement == widget.ButtonIconLeadingText {
				w.IconPlacement = widget.ButtonIconTrailingText
			} else {
				w.IconPlacement = widget.ButtonIconLeadingText
			}
			changed = true
		}
		if icon, ok := m.flipIcon(w, w.Icon); ok {
			w.Icon = icon
			changed = true
		}
		if text, ok := m.reorder(w, w.Text); ok {
			w.Text = text
			changed = true
		}
		if changed {
			w.Refresh()
		}
	case *widget.Icon:
		if icon, ok := m.flipIcon(w, w.Resource); ok {
			w.SetResource(icon)
		}
	case *widget.Select:
		w.Alignment = fyne.TextAlignTrailing
		m.reorderSelect(w)
	case *widget.Entry:
		m.reorderPlaceholder(w)
	case *widget.Check:
		if text, ok := m.reorder(w, w.Text); ok {
			w.Text = text
			w.Refresh()
		}
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
	case fyne.Widget:
		// A widget that extends Select (optionSelect) is a select too,
		// and one that extends Entry (textField, the date field) an
		// entry.
		if sel := EmbeddedSelect(w); sel != nil {
			if sel.Alignment != fyne.TextAlignTrailing {
				sel.Alignment = fyne.TextAlignTrailing
				w.Refresh()
			}
			m.reorderSelect(sel)
		}
		if e := embedded[widget.Entry](w, "Entry"); e != nil {
			m.reorderPlaceholder(e)
		}
		if h, ok := w.(Holder); ok {
			// Safehouse widgets that hold containers of their own.
			for _, c := range h.RTLChildren() {
				m.adopt(c)
			}
		}
	}
}

// embeddedFields caches, per widget type and field name, the index of a
// Fyne widget embedded by value (-1: none).
var embeddedFields sync.Map // embeddedKey -> int

type embeddedKey struct {
	t    reflect.Type
	name string
}

// embedded returns the widget of type T that w embeds by value under
// the field name (as optionSelect embeds a widget.Select, and the date
// field a widget.Entry), or nil.
func embedded[T any](w fyne.Widget, name string) *T {
	v := reflect.ValueOf(w)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	key := embeddedKey{v.Elem().Type(), name}
	idx, ok := embeddedFields.Load(key)
	if !ok {
		idx = -1
		if f, found := key.t.FieldByName(name); found && f.Anonymous && len(f.Index) == 1 && f.Type == reflect.TypeFor[T]() {
			idx = f.Index[0]
		}
		embeddedFields.Store(key, idx)
	}
	if idx.(int) < 0 {
		return nil
	}
	out, _ := v.Elem().Field(idx.(int)).Addr().Interface().(*T)
	return out
}

// EmbeddedSelect returns the widget.Select that w embeds by value, or nil.
func EmbeddedSelect(w fyne.Widget) *widget.Select { return embedded[widget.Select](w, "Select") }

// reorderPlaceholder puts an entry's placeholder (our own words, never
// what the user typed) in visual order: Fyne draws it in stored order,
// so a hint mixing Arabic and "YYYY-MM-DD" came out jumbled.
func (m *mirror) reorderPlaceholder(e *widget.Entry) {
	if text, ok := m.reorder(e, e.PlaceHolder); ok {
		e.PlaceHolder = text
		e.Refresh()
	}
}

// flipIcon returns the icon o should show instead of res in a
// right-to-left interface, and true, if res points along the line of
// text: back and forward swap, send, reply, log in and out are mirrored.
// The icon set last on o is remembered, so nothing is flipped twice.
func (m *mirror) flipIcon(o any, res fyne.Resource) (fyne.Resource, bool) {
	if res == nil || m.icons[o] == res {
		return nil, false
	}
	out := rtlIcon(res)
	if out == nil {
		return nil, false
	}
	m.icons[o] = out
	return out, true
}

// rtlIcon returns the right-to-left form of a directional theme icon, or
// nil for icons that do not point along the line.
func rtlIcon(res fyne.Resource) fyne.Resource {
	switch res {
	case theme.NavigateBackIcon():
		return theme.NavigateNextIcon()
	case theme.NavigateNextIcon():
		return theme.NavigateBackIcon()
	case theme.ContentUndoIcon():
		return theme.ContentRedoIcon()
	case theme.ContentRedoIcon():
		return theme.ContentUndoIcon()
	}
	for _, f := range []fyne.Resource{theme.MailSendIcon(), theme.MailReplyIcon(), theme.MailReplyAllIcon(),
		theme.MailForwardIcon(), theme.LoginIcon(), theme.LogoutIcon(), theme.MenuExpandIcon(), theme.ListIcon()} {
		if res == f {
			return flippedIcon(res)
		}
	}
	return nil
}

// flipped caches the mirrored copies of theme icons, by source.
var flipped sync.Map // fyne.Resource -> fyne.Resource

// flippedIcon returns res drawn mirrored left to right, themed like res.
func flippedIcon(res fyne.Resource) fyne.Resource {
	if f, ok := flipped.Load(res); ok {
		return f.(fyne.Resource)
	}
	svg, ok := flipSVG(res.Content())
	if !ok {
		return nil
	}
	out := theme.NewThemedResource(fyne.NewStaticResource("rtl-"+res.Name(), svg))
	if th, ok := res.(*theme.ThemedResource); ok {
		out.ColorName = th.ColorName
	}
	flipped.Store(res, fyne.Resource(out))
	return out
}

// svgViewBox finds the numbers of an SVG viewBox attribute.
var svgViewBox = regexp.MustCompile(`viewBox\s*=\s*"\s*(-?[0-9.]+)[\s,]+(-?[0-9.]+)[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*"`)

// flipSVG mirrors an SVG image across its vertical centre line by
// wrapping its content in a transformed group. It reports false for
// content it does not understand.
func flipSVG(svg []byte) ([]byte, bool) {
	s := string(svg)
	open := strings.Index(s, "<svg")
	if open < 0 {
		return nil, false
	}
	end := strings.Index(s[open:], ">")
	closeTag := strings.LastIndex(s, "</svg>")
	if end < 0 || closeTag < 0 {
		return nil, false
	}
	end += open + 1
	m := svgViewBox.FindStringSubmatch(s[open:end])
	if m == nil || closeTag < end {
		return nil, false
	}
	x0, err1 := strconv.ParseFloat(m[1], 64)
	w, err2 := strconv.ParseFloat(m[3], 64)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	shift := strconv.FormatFloat(2*x0+w, 'f', -1, 64)
	return []byte(s[:end] + `<g transform="matrix(-1 0 0 1 ` + shift + ` 0)">` + s[end:closeTag] + "</g>" + s[closeTag:]), true
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

// reorderSelect rewrites a select's options and choice with VisualOrder,
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
		opts[k] = VisualOrder(o)
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
