package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// railWidth is the width of the navigation rail of narrow windows.
const railWidth float32 = 84

// navRailItem is one destination of the navigation rail that replaces the
// sidebar in narrow windows: the screen's icon with its name in small type
// below, so the rail stays narrow without becoming a row of riddles. The
// current screen is marked by a tinted background and a bold name (not
// colour alone); it can be focused with Tab and chosen with Space or
// Return.
type navRailItem struct {
	widget.BaseWidget
	icon    *widget.Icon
	label   *widget.Label
	bg      *canvas.Rectangle
	onTap   func()
	current bool
	hovered bool
	focused bool
}

var (
	_ fyne.Tappable      = (*navRailItem)(nil)
	_ fyne.Focusable     = (*navRailItem)(nil)
	_ desktop.Hoverable  = (*navRailItem)(nil)
	_ desktop.Cursorable = (*navRailItem)(nil)
)

func newNavRailItem(icon fyne.Resource, text string, onTap func()) *navRailItem {
	it := &navRailItem{icon: widget.NewIcon(icon), label: widget.NewLabel(text), onTap: onTap}
	it.label.SizeName = theme.SizeNameCaptionText
	it.label.Alignment = fyne.TextAlignCenter
	it.label.Truncation = fyne.TextTruncateEllipsis
	it.bg = canvas.NewRectangle(color.Transparent)
	it.bg.CornerRadius = theme.InputRadiusSize()
	it.ExtendBaseWidget(it)
	return it
}

// setCurrent marks the item as the screen shown.
func (it *navRailItem) setCurrent(current bool) {
	it.current = current
	it.label.TextStyle = fyne.TextStyle{Bold: current}
	it.Refresh()
}

// CreateRenderer implements [fyne.Widget].
func (it *navRailItem) CreateRenderer() fyne.WidgetRenderer {
	icon := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(theme.IconInlineSize()*1.2), it.icon))
	return &navRailRenderer{it: it, objs: []fyne.CanvasObject{it.bg, container.NewVBox(icon, it.label)}}
}

type navRailRenderer struct {
	it   *navRailItem
	objs []fyne.CanvasObject
}

func (r *navRailRenderer) Layout(size fyne.Size) {
	pad := theme.Padding() / 2
	r.objs[0].Move(fyne.NewPos(pad, 0))
	r.objs[0].Resize(fyne.NewSize(size.Width-2*pad, size.Height))
	r.objs[1].Move(fyne.NewPos(0, pad))
	r.objs[1].Resize(fyne.NewSize(size.Width, size.Height-2*pad))
}

func (r *navRailRenderer) MinSize() fyne.Size {
	m := r.objs[1].MinSize()
	return fyne.NewSize(railWidth, m.Height+theme.Padding())
}

func (r *navRailRenderer) Refresh() {
	it := r.it
	switch {
	case it.current:
		it.bg.FillColor = theme.Color(theme.ColorNameSelection)
	case it.hovered:
		it.bg.FillColor = theme.Color(theme.ColorNameHover)
	default:
		it.bg.FillColor = color.Transparent
	}
	it.bg.StrokeWidth = 0
	if it.focused {
		it.bg.StrokeColor = theme.Color(theme.ColorNameFocus)
		it.bg.StrokeWidth = 2
	}
	it.bg.Refresh()
	it.label.Refresh()
}

func (r *navRailRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *navRailRenderer) Destroy()                     {}

// Tapped implements [fyne.Tappable].
func (it *navRailItem) Tapped(*fyne.PointEvent) {
	if it.onTap != nil {
		it.onTap()
	}
}

// FocusGained implements [fyne.Focusable].
func (it *navRailItem) FocusGained() { it.focused = true; it.Refresh() }

// FocusLost implements [fyne.Focusable].
func (it *navRailItem) FocusLost() { it.focused = false; it.Refresh() }

// TypedRune implements [fyne.Focusable].
func (it *navRailItem) TypedRune(rune) {}

// TypedKey implements [fyne.Focusable]: Space and Return choose.
func (it *navRailItem) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeySpace || ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		it.Tapped(nil)
	}
}

// Cursor implements [desktop.Cursorable].
func (it *navRailItem) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn implements [desktop.Hoverable].
func (it *navRailItem) MouseIn(*desktop.MouseEvent) { it.hovered = true; it.Refresh() }

// MouseMoved implements [desktop.Hoverable].
func (it *navRailItem) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements [desktop.Hoverable].
func (it *navRailItem) MouseOut() { it.hovered = false; it.Refresh() }

// newNavRail stacks the items, with Settings apart at the bottom like in
// the sidebar.
func newNavRail(items []*navRailItem, settings *navRailItem) fyne.CanvasObject {
	box := container.NewVBox()
	for _, it := range items {
		box.Add(it)
	}
	box.Add(layout.NewSpacer())
	box.Add(settings)
	return box
}
