package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tapCard is a dashboard card the whole of which can be tapped (with a
// hover highlight and a hand cursor); the button inside does the same for
// keyboard users. Buttons inside the card keep their own action.
type tapCard struct {
	widget.BaseWidget
	title string // for tests
	card  *widget.Card
	hover *canvas.Rectangle
	onTap func()
}

// RTLChildren lets the right-to-left mirroring reach the card (package rtl).
func (c *tapCard) RTLChildren() []fyne.CanvasObject { return []fyne.CanvasObject{c.card} }

var (
	_ fyne.Tappable      = (*tapCard)(nil)
	_ desktop.Hoverable  = (*tapCard)(nil)
	_ desktop.Cursorable = (*tapCard)(nil)
)

func newTapCard(card *widget.Card, onTap func()) *tapCard {
	c := &tapCard{card: card, onTap: onTap, hover: canvas.NewRectangle(color.Transparent)}
	c.hover.CornerRadius = theme.InputRadiusSize()
	c.ExtendBaseWidget(c)
	return c
}

func (c *tapCard) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.card, c.hover))
}

// Tapped implements [fyne.Tappable].
func (c *tapCard) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor implements [desktop.Cursorable].
func (c *tapCard) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *tapCard) MouseIn(*desktop.MouseEvent) {
	c.hover.FillColor = theme.Color(theme.ColorNameHover)
	c.hover.Refresh()
}
func (c *tapCard) MouseMoved(*desktop.MouseEvent) {}
func (c *tapCard) MouseOut() {
	c.hover.FillColor = color.Transparent
	c.hover.Refresh()
}

// cardGrid lays cards out in as many equal columns of at least minWidth
// as fit, at most maxCols (three: contacts on one row, events and tasks on
// the next); each row is as tall as its tallest card, so every card shows
// all of its content.
type cardGrid struct {
	minWidth float32
	maxCols  int // 0 for no limit
	cols     int // from the last layout, for MinSize
}

func (g *cardGrid) columns(w float32) int {
	pad := theme.Padding()
	n := max(1, int((w+pad)/(g.minWidth+pad)))
	if g.maxCols > 0 {
		n = min(n, g.maxCols)
	}
	return n
}

func visibleObjects(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

func (g *cardGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	g.cols = g.columns(size.Width)
	cw := (size.Width - pad*float32(g.cols-1)) / float32(g.cols)
	vis := visibleObjects(objs)
	var y float32
	for i := 0; i < len(vis); i += g.cols {
		row := vis[i:min(i+g.cols, len(vis))]
		var h float32
		for _, o := range row {
			h = max(h, o.MinSize().Height)
		}
		for j, o := range row {
			o.Move(fyne.NewPos(float32(j)*(cw+pad), y))
			o.Resize(fyne.NewSize(cw, h))
		}
		y += h + pad
	}
}

func (g *cardGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	cols := max(g.cols, 1)
	vis := visibleObjects(objs)
	var w, y float32
	for i := 0; i < len(vis); i += cols {
		var h float32
		for _, o := range vis[i:min(i+cols, len(vis))] {
			h = max(h, o.MinSize().Height)
			w = max(w, o.MinSize().Width)
		}
		if i > 0 {
			y += pad
		}
		y += h
	}
	return fyne.NewSize(w, y)
}
