package ui

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/textfold"
)

// This file holds the searchable pickers that let people choose instead
// of typing codes: a pop-up list with a search field (pickList), a field
// that shows one choice and opens such a list (choiceField), and one that
// holds several choices as chips (multiChoiceField). The country,
// language and time zone fields (fields.go) and the contact picker
// (contact_picker.go) are built on them; dates and times are in
// datetime.go, date_entry.go and calendar_picker.go.
//
// Every list is driven by the mouse and the keyboard alike: typing
// filters (ignoring case, accents and letter variants, see package
// textfold), Up and Down move the highlight, Enter picks, Escape closes.

// pickItem is one choice of a picker list.
type pickItem struct {
	// value is what is stored: a country code, a zone ID, a contact ID.
	value string
	// label is the first line; detail an optional second, smaller line
	// (lists built with two lines); trailing is a short text at the end
	// of the row (a code, a UTC offset).
	label, detail, trailing string
	// key is the folded text the search matches (textfold.Key).
	key string
}

// newPickItem returns an item whose search key holds its label, detail,
// trailing text and the extra words given (other names, codes).
func newPickItem(value, label, detail, trailing string, extra ...string) pickItem {
	parts := append([]string{label, detail, trailing}, extra...)
	return pickItem{value: value, label: label, detail: detail, trailing: trailing,
		key: textfold.Key(strings.Join(parts, " · "))}
}

// filterItems returns the items matching text (see textfold.Query), best
// matches first (a match at the start of the label, then at the start of
// a word, then anywhere), keeping the order of all within each group.
func filterItems(all []pickItem, text string) []pickItem {
	q := textfold.NewQuery(text)
	if q.Empty() {
		return all
	}
	var groups [3][]pickItem
	for _, it := range all {
		if rank, ok := q.Rank(it.key); ok {
			groups[rank] = append(groups[rank], it)
		}
	}
	return slices.Concat(groups[0], groups[1], groups[2])
}

// pickList is a search field over a list of choices.
type pickList struct {
	env    *Env
	search *pickerEntry
	list   *widget.List
	empty  *widget.Label // "nothing matches", shown instead of the list
	// items are the choices shown; cursor is the highlighted one (-1 for
	// none).
	items  []pickItem
	cursor int
	// source returns the choices for the search text.
	source func(text string) []pickItem
	// onPick gets the chosen item (Enter, or a tap when pickOnTap);
	// onCancel runs on Escape. Either may be nil.
	onPick    func(pickItem)
	onCancel  func()
	pickOnTap bool
	content   fyne.CanvasObject
}

// newPickList builds a list over source, filled for an empty search.
// Rows have a second line when twoLines is set.
func newPickList(env *Env, twoLines bool, source func(string) []pickItem) *pickList {
	l := &pickList{env: env, source: source, cursor: -1}
	l.search = newPickerEntry(l)
	l.search.SetPlaceHolder(env.T("common.search_placeholder"))
	l.list = widget.NewList(
		func() int { return len(l.items) },
		func() fyne.CanvasObject {
			label := widget.NewLabel("")
			label.Truncation = fyne.TextTruncateEllipsis
			trailing := widget.NewLabel("")
			trailing.SizeName = theme.SizeNameCaptionText
			var lines fyne.CanvasObject = label
			if twoLines {
				detail := widget.NewLabel("")
				detail.Truncation = fyne.TextTruncateEllipsis
				detail.SizeName = theme.SizeNameCaptionText
				lines = container.New(&tightVBox{}, label, detail)
			}
			return container.NewBorder(nil, nil, nil, trailing, lines)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(l.items) {
				return
			}
			it := l.items[id]
			row := o.(*fyne.Container)
			switch lines := row.Objects[0].(type) {
			case *widget.Label:
				lines.SetText(it.label)
			case *fyne.Container:
				lines.Objects[0].(*widget.Label).SetText(it.label)
				lines.Objects[1].(*widget.Label).SetText(it.detail)
			}
			row.Objects[1].(*widget.Label).SetText(it.trailing)
		})
	l.list.OnSelected = l.tapped
	l.empty = widget.NewLabel("")
	l.empty.Wrapping = fyne.TextWrapWord
	l.empty.Hide()
	l.search.OnChanged = func(string) { l.refresh() }
	l.content = container.NewBorder(l.search, nil, nil, nil, container.NewStack(l.list, l.empty))
	l.refresh()
	return l
}

// refresh shows the choices for the current search text, highlighting
// the first.
func (l *pickList) refresh() {
	l.items = l.source(l.search.Text)
	l.cursor = -1
	l.list.UnselectAll()
	l.list.Refresh()
	if len(l.items) > 0 {
		l.highlight(0)
		l.list.ScrollToTop()
	}
	if len(l.items) == 0 && strings.TrimSpace(l.search.Text) != "" {
		l.empty.SetText(l.env.T("pickers.no_match", "Text", strings.TrimSpace(l.search.Text)))
		l.empty.Show()
	} else {
		l.empty.Hide()
	}
}

// highlight selects row i in the list without picking it.
func (l *pickList) highlight(i int) {
	if i < 0 || i >= len(l.items) {
		return
	}
	l.cursor = i
	cb := l.list.OnSelected
	l.list.OnSelected = nil
	l.list.Select(i)
	l.list.OnSelected = cb
}

// move moves the highlight by delta rows, stopping at the ends.
func (l *pickList) move(delta int) {
	if len(l.items) == 0 {
		return
	}
	l.highlight(max(0, min(len(l.items)-1, l.cursor+delta)))
}

// pick chooses the highlighted item.
func (l *pickList) pick() {
	if l.cursor >= 0 && l.cursor < len(l.items) && l.onPick != nil {
		l.onPick(l.items[l.cursor])
	}
}

// selected returns the highlighted item, if any.
func (l *pickList) selected() (pickItem, bool) {
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return pickItem{}, false
	}
	return l.items[l.cursor], true
}

func (l *pickList) tapped(id widget.ListItemID) {
	if id < 0 || id >= len(l.items) {
		return
	}
	l.cursor = id
	if l.pickOnTap {
		l.pick()
	}
}

func (l *pickList) cancel() {
	if l.onCancel != nil {
		l.onCancel()
	}
}

// pickerEntry is the search field of a pickList: arrow keys, Page Up and
// Page Down move through the list, Enter picks and Escape cancels, while
// everything else edits the search text.
type pickerEntry struct {
	widget.Entry
	list *pickList
}

func (e *pickerEntry) baseEntry() *widget.Entry { return &e.Entry }

// TypedShortcut passes the window's shortcuts on (textfield.go).
func (e *pickerEntry) TypedShortcut(sc fyne.Shortcut) {
	if !passShortcut(e, sc) {
		e.Entry.TypedShortcut(sc)
	}
}

func newPickerEntry(l *pickList) *pickerEntry {
	e := &pickerEntry{list: l}
	e.ExtendBaseWidget(e)
	return e
}

// pickerPage is how many rows Page Up and Page Down move.
const pickerPage = 8

// TypedKey implements [fyne.Focusable].
func (e *pickerEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		e.list.move(1)
	case fyne.KeyUp:
		e.list.move(-1)
	case fyne.KeyPageDown:
		e.list.move(pickerPage)
	case fyne.KeyPageUp:
		e.list.move(-pickerPage)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.list.pick()
	case fyne.KeyEscape:
		e.list.cancel()
	default:
		e.Entry.TypedKey(ev)
	}
}

// tightVBox stacks a label and a smaller second line with no padding
// between them, so two-line rows stay compact.
type tightVBox struct{}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	inner := theme.InnerPadding() / 2
	for i, o := range objs {
		h := o.MinSize().Height
		if i > 0 {
			y -= 3 * inner
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	inner := theme.InnerPadding() / 2
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height -= 3 * inner
		}
	}
	return s
}

// showPickerPopUp shows content in a pop-up under anchor (as wide as the
// anchor, at least minWidth) and returns it; nil when anchor is not in a
// window yet.
func showPickerPopUp(env *Env, anchor fyne.CanvasObject, content fyne.CanvasObject, minWidth, height float32) *widget.PopUp {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(anchor)
	if c == nil {
		return nil
	}
	pop := widget.NewPopUp(rtlContent(env.Tr, content), c)
	pos := d.AbsolutePositionForObject(anchor).AddXY(0, anchor.Size().Height)
	w := max(anchor.Size().Width, minWidth)
	if env.Tr.RTL() {
		// Right-to-left: line the pop-up up with the field's right edge.
		pos.X = max(0, pos.X+anchor.Size().Width-w)
	}
	// Open above the field when there is more room there.
	if below := c.Size().Height - pos.Y; below < height && pos.Y-anchor.Size().Height > below {
		pos.Y = max(0, pos.Y-anchor.Size().Height-height)
	}
	pop.ShowAtPosition(pos)
	pop.Resize(fyne.NewSize(w, height))
	return pop
}

// Sizes of picker pop-ups.
const (
	pickerWidth  = 340
	pickerHeight = 340
)

// choiceField shows one choice (or a placeholder) like a drop-down and
// opens a searchable pick list to change it: by a tap, or with Enter,
// Space or Down when focused; typing a letter opens the list with that
// letter in its search field.
type choiceField struct {
	widget.DisableableWidget
	env *Env

	value, text, placeholder string
	// icon is drawn at the end: a drop-down arrow, or a plus for fields
	// that add a choice.
	icon fyne.Resource
	// choices returns the items for a search text (all for "").
	choices func(text string) []pickItem
	// label returns the text shown for a stored value.
	label func(value string) string
	// OnChanged is called when the user picks a different value.
	OnChanged func(value string)
	onEdit    func()

	// picker and popUp are the open list, for tests.
	picker *pickList
	popUp  *widget.PopUp

	focused, hovered bool
}

var (
	_ fyne.Focusable    = (*choiceField)(nil)
	_ fyne.Tappable     = (*choiceField)(nil)
	_ desktop.Hoverable = (*choiceField)(nil)
)

func newChoiceField(env *Env, placeholder string, choices func(string) []pickItem, label func(string) string) *choiceField {
	f := &choiceField{env: env, placeholder: placeholder, choices: choices, label: label, icon: theme.MenuDropDownIcon()}
	f.ExtendBaseWidget(f)
	f.SetValue("")
	return f
}

// Value returns the stored value of the choice ("" for none).
func (f *choiceField) Value() string { return f.value }

// SetValue shows the choice with the stored value v, without calling
// OnChanged.
func (f *choiceField) SetValue(v string) {
	f.value = v
	f.text = ""
	if v != "" {
		f.text = f.label(v)
	}
	f.Refresh()
}

// Text returns what the field shows (the placeholder when empty).
func (f *choiceField) Text() string {
	if f.text == "" {
		return f.placeholder
	}
	return f.text
}

// setOnEdit lets a form tracker hear about every change.
func (f *choiceField) setOnEdit(fn func()) { f.onEdit = fn }

// open shows the pick list, with initial typed into its search field.
func (f *choiceField) open(initial string) {
	if f.Disabled() || (f.popUp != nil && f.popUp.Visible()) {
		return
	}
	l := newPickList(f.env, false, f.choices)
	l.pickOnTap = true
	l.onPick = func(it pickItem) {
		f.closeList()
		if it.value != f.value {
			f.SetValue(it.value)
			if f.OnChanged != nil {
				f.OnChanged(it.value)
			}
			if f.onEdit != nil {
				f.onEdit()
			}
		}
	}
	l.onCancel = f.closeList
	f.picker = l
	f.popUp = showPickerPopUp(f.env, f, l.content, pickerWidth, pickerHeight)
	// Start on the current choice, once the list has its size (scrolling
	// an empty-sized list to a row scrolls too far).
	for i, it := range l.items {
		if it.value == f.value {
			l.highlight(i)
			l.list.ScrollTo(i)
			break
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil {
		c.Focus(l.search)
	}
	if initial != "" {
		l.search.SetText(initial)
		l.search.CursorColumn = len([]rune(initial))
	}
}

// closeList hides the pick list and gives the focus back to the field.
func (f *choiceField) closeList() {
	if f.popUp != nil {
		f.popUp.Hide()
	}
	f.popUp, f.picker = nil, nil
	if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil {
		c.Focus(f)
	}
}

// Tapped implements [fyne.Tappable].
func (f *choiceField) Tapped(*fyne.PointEvent) { f.open("") }

// FocusGained implements [fyne.Focusable].
func (f *choiceField) FocusGained() { f.focused = true; f.Refresh() }

// FocusLost implements [fyne.Focusable].
func (f *choiceField) FocusLost() { f.focused = false; f.Refresh() }

// TypedRune implements [fyne.Focusable]: a letter opens the list
// searching for it; Space opens it (as a character, not as a key, so it
// is not typed into the search field that gets the focus).
func (f *choiceField) TypedRune(r rune) {
	if r == ' ' {
		f.open("")
		return
	}
	if textfold.IsWordRune(r) {
		f.open(string(r))
	}
}

// TypedKey implements [fyne.Focusable].
func (f *choiceField) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyReturn, fyne.KeyEnter:
		f.open("")
	}
}

// MouseIn implements [desktop.Hoverable].
func (f *choiceField) MouseIn(*desktop.MouseEvent) { f.hovered = true; f.Refresh() }

// MouseMoved implements [desktop.Hoverable].
func (f *choiceField) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements [desktop.Hoverable].
func (f *choiceField) MouseOut() { f.hovered = false; f.Refresh() }

// CreateRenderer implements [fyne.Widget].
func (f *choiceField) CreateRenderer() fyne.WidgetRenderer {
	r := &choiceFieldRenderer{f: f, bg: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
		label: widget.NewLabel(""), icon: widget.NewIcon(f.icon),
		placeholder: canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.Refresh()
	return r
}

type choiceFieldRenderer struct {
	f     *choiceField
	bg    *canvas.Rectangle
	label *widget.Label
	icon  *widget.Icon
	// placeholder is drawn in the theme's placeholder colour, like an
	// empty entry's hint, when nothing is chosen.
	placeholder *canvas.Text
}

func (r *choiceFieldRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.label, r.placeholder, r.icon}
}

func (r *choiceFieldRenderer) Destroy() {}

func (r *choiceFieldRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	iconSize := theme.IconInlineSize()
	pad := theme.InnerPadding()
	labelH := r.label.MinSize().Height
	iconX := size.Width - iconSize - pad
	labelX := float32(0)
	if r.f.env.Tr.RTL() {
		iconX, labelX = pad, iconSize+pad
	}
	r.icon.Resize(fyne.NewSquareSize(iconSize))
	r.icon.Move(fyne.NewPos(iconX, (size.Height-iconSize)/2))
	r.label.Resize(fyne.NewSize(size.Width-iconSize-pad, labelH))
	r.label.Move(fyne.NewPos(labelX, (size.Height-labelH)/2))
	ph := r.placeholder.MinSize()
	phX := labelX + pad
	if r.f.env.Tr.RTL() {
		phX = size.Width - pad - ph.Width
	}
	r.placeholder.Move(fyne.NewPos(phX, (size.Height-ph.Height)/2))
	r.placeholder.Resize(ph)
}

func (r *choiceFieldRenderer) MinSize() fyne.Size {
	pad := theme.InnerPadding()
	h := r.label.MinSize().Height
	w := fyne.MeasureText(r.f.Text(), theme.TextSize(), fyne.TextStyle{}).Width
	return fyne.NewSize(min(w, 160)+theme.IconInlineSize()+3*pad, h)
}

func (r *choiceFieldRenderer) Refresh() {
	f := r.f
	r.label.SetText(f.text)
	r.placeholder.Text = ""
	if f.text == "" {
		r.placeholder.Text = f.placeholder
	}
	r.placeholder.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.placeholder.TextSize = theme.TextSize()
	r.placeholder.Refresh()
	r.icon.SetResource(f.icon)
	if f.env.Tr.RTL() {
		r.label.Alignment = fyne.TextAlignTrailing
	}
	switch {
	case f.Disabled():
		r.bg.FillColor = theme.Color(theme.ColorNameDisabledButton)
	case f.focused:
		r.bg.FillColor = theme.Color(theme.ColorNameFocus)
	case f.hovered:
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	default:
		r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	}
	// The focused field also gets a primary-coloured outline: the focus
	// colour alone is hard to tell from the background.
	r.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	r.bg.StrokeWidth = theme.InputBorderSize()
	if f.focused {
		r.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.bg.StrokeWidth = 2 * theme.InputBorderSize()
	}
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.bg.Refresh()
	r.Layout(f.Size())
	canvas.Refresh(f)
}

// multiChoiceField holds several choices as chips, each with a remove
// button, and an "add" field that opens a searchable pick list of the
// choices not taken yet.
type multiChoiceField struct {
	widget.BaseWidget
	env    *Env
	values []string
	label  func(value string) string
	// add opens the pick list; removes are the chips' remove buttons, in
	// the order of values (for tests).
	add     *choiceField
	removes []*widget.Button
	chips   *fyne.Container
	scroll  *container.Scroll
	box     *fyne.Container
	// OnChanged is called after every change the user makes.
	OnChanged func(values []string)
	onEdit    func()
}

// newMultiChoiceField builds the field; choices lists the items for a
// search text (the ones already chosen are left out here).
func newMultiChoiceField(env *Env, addText string, choices func(string) []pickItem, label func(string) string) *multiChoiceField {
	m := &multiChoiceField{env: env, label: label}
	m.ExtendBaseWidget(m)
	m.add = newChoiceField(env, addText, func(text string) []pickItem {
		return slices.DeleteFunc(slices.Clone(choices(text)), func(it pickItem) bool { return slices.Contains(m.values, it.value) })
	}, label)
	m.add.icon = theme.ContentAddIcon()
	m.add.OnChanged = func(v string) {
		m.add.SetValue("")
		if v != "" && !slices.Contains(m.values, v) {
			m.values = append(m.values, v)
			m.rebuild()
			m.changed()
		}
	}
	// The chips scroll sideways when there are more than fit.
	m.chips = container.NewHBox()
	m.scroll = container.NewHScroll(m.chips)
	m.box = container.NewVBox(m.scroll, m.add)
	m.rebuild()
	return m
}

// Values returns the chosen values, in the order they were added.
func (m *multiChoiceField) Values() []string { return slices.Clone(m.values) }

// SetValues replaces the choices, without calling OnChanged.
func (m *multiChoiceField) SetValues(vals []string) {
	m.values = nil
	for _, v := range vals {
		if v != "" && !slices.Contains(m.values, v) {
			m.values = append(m.values, v)
		}
	}
	m.rebuild()
}

// setOnEdit lets a form tracker hear about every change.
func (m *multiChoiceField) setOnEdit(fn func()) { m.onEdit = fn }

func (m *multiChoiceField) changed() {
	if m.OnChanged != nil {
		m.OnChanged(m.Values())
	}
	if m.onEdit != nil {
		m.onEdit()
	}
}

func (m *multiChoiceField) rebuild() {
	m.chips.RemoveAll()
	m.removes = nil
	for _, v := range m.values {
		value := v
		rm := widget.NewButtonWithIcon("", theme.CancelIcon(), nil)
		rm.Importance = widget.LowImportance
		rm.OnTapped = func() {
			m.values = slices.DeleteFunc(m.values, func(x string) bool { return x == value })
			m.rebuild()
			m.changed()
			if c := fyne.CurrentApp().Driver().CanvasForObject(m.add); c != nil {
				c.Focus(m.add)
			}
		}
		m.removes = append(m.removes, rm)
		m.chips.Add(removableChip(m.label(v), rm))
	}
	if len(m.values) == 0 {
		m.scroll.Hide()
	} else {
		m.scroll.Show()
	}
	m.box.Refresh()
}

// RTLChildren lets a right-to-left interface mirror the chips (see
// package rtl).
func (m *multiChoiceField) RTLChildren() []fyne.CanvasObject { return []fyne.CanvasObject{m.box} }

// CreateRenderer implements [fyne.Widget].
func (m *multiChoiceField) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(m.box)
}

// removableChip is a rounded label with a remove button.
func removableChip(text string, remove *widget.Button) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewBorder(nil, nil, nil, remove, widget.NewLabel(text)))
}

// pickerNow is the clock pickers use for UTC offsets; tests may replace
// it through Env.Now.
func pickerNow(env *Env) time.Time {
	if env.Now != nil {
		return env.Now()
	}
	return time.Now()
}
