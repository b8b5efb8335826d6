package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// newRowList is a list of n text rows; opened counts OnSelected calls.
func newRowList(n int, opened *[]int) *widget.List {
	l := widget.NewList(func() int { return n },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(widget.ListItemID, fyne.CanvasObject) {})
	l.OnSelected = func(id widget.ListItemID) { *opened = append(*opened, id) }
	return l
}

// A list view shows the list or exactly one of its states; anything
// else shows the list.
func TestListViewShowsOneState(t *testing.T) {
	test.NewTempApp(t)
	var opened []int
	list := newRowList(3, &opened)
	empty, noMatch := widget.NewLabel("empty"), widget.NewLabel("no match")
	v := newListView(list, empty, noMatch)
	test.NewTempWindow(t, v.stack)
	visible := func() []bool { return []bool{list.Visible(), empty.Visible(), noMatch.Visible()} }
	want := func(name string, w ...bool) {
		t.Helper()
		got := visible()
		for i := range w {
			if got[i] != w[i] {
				t.Errorf("%s: list, empty, no match visible = %v, want %v", name, got, w)
				return
			}
		}
	}
	want("new", true, false, false)
	v.show(empty)
	want("empty", false, true, false)
	v.show(noMatch)
	want("no match", false, false, true)
	v.show(list)
	want("list", true, false, false)
	v.show(noMatch)
	v.show(widget.NewLabel("not a state"))
	want("unknown object", true, false, false)
	if len(v.stack.Objects) != 3 {
		t.Errorf("stack holds %d objects", len(v.stack.Objects))
	}
}

// mark selects the row of the open item without opening it again, and
// unselects when no row matches; the list's OnSelected is kept.
func TestListViewMarksWithoutOpening(t *testing.T) {
	test.NewTempApp(t)
	var opened []int
	list := newRowList(3, &opened)
	v := newListView(list)
	test.NewTempWindow(t, v.stack)
	v.mark(3, func(i int) bool { return i == 2 })
	if len(opened) != 0 {
		t.Fatalf("mark opened rows %v", opened)
	}
	// Selecting the marked row again changes nothing, so Fyne calls
	// nothing; another row calls OnSelected, which mark put back.
	list.Select(2)
	if len(opened) != 0 {
		t.Errorf("row 2 was not marked: selecting it opened %v", opened)
	}
	list.Select(0)
	if len(opened) != 1 || opened[0] != 0 {
		t.Errorf("after mark, selecting row 0 opened %v", opened)
	}
	v.mark(3, func(i int) bool { return i == 1 })
	list.Select(1) // already selected: nothing happens
	if len(opened) != 1 {
		t.Errorf("row 1 was not marked: selecting it opened %v", opened)
	}
	v.mark(3, func(int) bool { return false })
	list.Select(1)
	if len(opened) != 2 || opened[1] != 1 {
		t.Errorf("no match did not unselect: opened %v", opened)
	}
	// A match beyond the rows given is not looked at.
	v.mark(1, func(i int) bool { return i == 2 })
	list.Select(2)
	if len(opened) != 3 || opened[2] != 2 {
		t.Errorf("mark looked past n: opened %v", opened)
	}
}

// listDetail shows list and detail side by side on a wide window, one at
// a time with Back on a narrow one; the hint returns to the list.
func TestListDetailNarrowAndWide(t *testing.T) {
	test.NewTempApp(t)
	tr, _ := i18n.New("en")
	env := &Env{Tr: tr}
	listPane := widget.NewLabel("the list")
	hints := 0
	top := widget.NewLabel("title")
	d := newListDetail(env, top, listPane, func() fyne.CanvasObject {
		hints++
		return widget.NewLabel("pick one")
	})
	if hints != 1 || len(d.pane.Objects) != 1 || len(d.root.Objects) != 2 {
		t.Fatalf("new listDetail: %d hints, pane %v", hints, d.pane.Objects)
	}
	w := test.NewTempWindow(t, d.root)
	w.SetPadded(false)

	w.Resize(fyne.NewSize(1200, 600))
	item := container.NewVScroll(widget.NewLabel("an item"))
	d.setDetail(item)
	if !listPane.Visible() || !item.Visible() || d.back.Visible() || d.layout.narrow {
		t.Errorf("wide: list %v, detail %v, back %v", listPane.Visible(), item.Visible(), d.back.Visible())
	}
	if d.pane.Objects[0] != item {
		t.Error("detail not shown in the pane")
	}
	if lw, dw := listPane.Size().Width, d.layout.detail.Size().Width; lw < 300 || dw <= lw || lw+dw > 1200 {
		t.Errorf("wide: list %v, detail %v", lw, dw)
	}
	listAt := fyne.CurrentApp().Driver().AbsolutePositionForObject(listPane)
	if top.Size().Width != 1200 || listAt.Y < top.MinSize().Height {
		t.Errorf("top bar %v at %v, list at %v", top.Size(), top.Position(), listAt)
	}

	w.Resize(fyne.NewSize(600, 600))
	d.root.Refresh()
	if listPane.Visible() || !d.back.Visible() || !d.layout.narrow {
		t.Errorf("narrow with an item: list %v, back %v", listPane.Visible(), d.back.Visible())
	}
	test.Tap(d.back)
	if !listPane.Visible() || d.layout.detail.Visible() {
		t.Errorf("after Back: list %v, detail %v", listPane.Visible(), d.layout.detail.Visible())
	}
	if d.pane.Objects[0] != item {
		t.Error("Back dropped what the detail pane held")
	}
	d.setDetail(item)
	d.showHint()
	if hints != 2 || d.pane.Objects[0] == item || !listPane.Visible() {
		t.Errorf("showHint: %d hints, list %v", hints, listPane.Visible())
	}
	d.clear()
	if len(d.pane.Objects) != 0 {
		t.Errorf("clear left %v", d.pane.Objects)
	}
}
