package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The list and detail that the contacts, events and tutorials screens
// share. Each screen builds its own rows, empty states and detail
// content; listView and listDetail own what was the same in all three:
// which of the list and its empty states is shown, marking the row of
// the open item without opening it again, and the split of list and
// detail with its Back button on narrow windows.

// listView is a list with the states that can take its place (an empty
// vault's teaching empty state, "no match"...), one shown at a time.
type listView struct {
	list   *widget.List
	stack  *fyne.Container
	states []fyne.CanvasObject
}

// newListView returns list in a stack with its states, showing the list.
func newListView(list *widget.List, states ...fyne.CanvasObject) *listView {
	v := &listView{list: list, states: states}
	v.stack = container.NewStack(append([]fyne.CanvasObject{list}, states...)...)
	v.show(list)
	return v
}

// show shows o, the list or one of its states, and hides the others.
// Anything else shows the list. Everything is hidden first and the one
// shown again, which makes Fyne lay the pane out afresh (the screens
// rely on it after a query changed texts around the list).
func (v *listView) show(o fyne.CanvasObject) {
	target := fyne.CanvasObject(v.list)
	for _, s := range v.states {
		if s == o {
			target = o
		}
	}
	v.list.Hide()
	for _, s := range v.states {
		s.Hide()
	}
	target.Show()
}

// mark selects the first row for which match is true, without calling
// the list's OnSelected (the item is open already), or unselects every
// row when none matches.
func (v *listView) mark(n int, match func(i int) bool) {
	cb := v.list.OnSelected
	v.list.OnSelected = nil
	defer func() { v.list.OnSelected = cb }()
	for i := 0; i < n; i++ {
		if match(i) {
			v.list.Select(i)
			return
		}
	}
	v.list.UnselectAll()
}

// listDetail is a screen's content: a top bar (title, search, buttons,
// filters) spanning the width over a list pane and a detail pane, side by
// side on wide windows and one at a time on narrow ones (masterDetail),
// with a Back button over the detail that returns to the list. The
// detail pane shows one object: an item, a form, or a hint when nothing
// is open.
type listDetail struct {
	root   *fyne.Container // the screen's content
	pane   *fyne.Container
	layout *masterDetail
	back   *widget.Button
	hint   func() fyne.CanvasObject
}

// newListDetail returns top over the split of listPane and a detail pane
// showing hint.
func newListDetail(env *Env, top, listPane fyne.CanvasObject, hint func() fyne.CanvasObject) *listDetail {
	d := &listDetail{pane: container.NewStack(), hint: hint}
	d.back = widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), d.showList)
	detailPane := container.NewBorder(container.NewHBox(d.back), nil, nil, nil, d.pane)
	split, layout := newMasterDetail(listPane, detailPane, d.back)
	d.layout = layout
	d.root = container.NewBorder(top, nil, nil, nil, split)
	d.showHint()
	return d
}

// setDetail shows o in the detail pane (and, on a narrow window, the
// detail instead of the list).
func (d *listDetail) setDetail(o fyne.CanvasObject) {
	d.pane.Objects = []fyne.CanvasObject{o}
	d.pane.Refresh()
	d.layout.showDetail = true
	d.root.Refresh()
	// Wrapped paragraphs know their height only once they have their
	// width: lay the scroll out again so its end is reachable.
	if sc, ok := o.(*container.Scroll); ok {
		sc.Refresh()
	}
}

// showHint shows the hint in the detail pane, and the list on a narrow
// window.
func (d *listDetail) showHint() {
	d.pane.Objects = []fyne.CanvasObject{d.hint()}
	d.pane.Refresh()
	d.showList()
}

// showList returns from the detail to the list on narrow windows (the
// Back button); what the detail pane holds (a dirty form) stays there.
func (d *listDetail) showList() {
	d.layout.showDetail = false
	d.root.Refresh()
}

// clear empties the detail pane (on lock).
func (d *listDetail) clear() { d.pane.RemoveAll() }

// narrowWidth is the width below which list and detail are shown one
// after the other instead of side by side.
const narrowWidth = 900

// masterDetail lays out a list and a detail pane side by side when the
// space is at least narrowWidth wide, and otherwise shows only one of them:
// the detail when showDetail is set (with its Back button visible), else
// the list.
type masterDetail struct {
	list, detail fyne.CanvasObject
	back         fyne.CanvasObject // shown only in narrow mode
	showDetail   bool
	narrow       bool
}

func (m *masterDetail) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	m.narrow = size.Width < narrowWidth
	if !m.narrow {
		listW := max(size.Width*0.4, 300)
		sep := theme.Padding()
		m.list.Show()
		m.detail.Show()
		m.list.Resize(fyne.NewSize(listW, size.Height))
		m.list.Move(fyne.NewPos(0, 0))
		m.detail.Resize(fyne.NewSize(size.Width-listW-sep, size.Height))
		m.detail.Move(fyne.NewPos(listW+sep, 0))
		if m.back != nil {
			m.back.Hide()
		}
		return
	}
	shown, hidden := m.list, m.detail
	if m.showDetail {
		shown, hidden = m.detail, m.list
	}
	hidden.Hide()
	shown.Show()
	shown.Resize(size)
	shown.Move(fyne.NewPos(0, 0))
	if m.back != nil {
		m.back.Show()
	}
}

func (m *masterDetail) MinSize([]fyne.CanvasObject) fyne.Size {
	l, d := m.list.MinSize(), m.detail.MinSize()
	return fyne.NewSize(max(l.Width, d.Width), max(l.Height, d.Height))
}

// newMasterDetail returns the container and its layout.
func newMasterDetail(list, detail, back fyne.CanvasObject) (*fyne.Container, *masterDetail) {
	l := &masterDetail{list: list, detail: detail, back: back}
	return container.New(l, list, detail), l
}

// detailHint is what an empty detail pane shows: an icon and a sentence,
// wrapped to the width of the pane (a wrapping label in a Center container
// would get its minimum width and wrap after every letter).
func detailHint(icon fyne.Resource, text string) fyne.CanvasObject {
	p := paragraph(text)
	p.Alignment = fyne.TextAlignCenter
	img := widget.NewIcon(icon)
	col := container.NewVBox(layout.NewSpacer(),
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), img)), p, layout.NewSpacer())
	return narrowColumn(420, col)
}

// emptyState is a teaching empty state: an icon, a title, a sentence and
// optional action buttons.
func emptyState(icon fyne.Resource, title, body string, actions ...fyne.CanvasObject) fyne.CanvasObject {
	t := heading(title)
	t.Alignment = fyne.TextAlignCenter
	p := paragraph(body)
	p.Alignment = fyne.TextAlignCenter
	img := widget.NewIcon(icon)
	col := container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), img)), t, p)
	if len(actions) > 0 {
		col.Add(newActionRow(actions...))
	}
	return narrowColumn(480, col)
}
