package rtl

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

func box(w, h float32) *canvas.Rectangle {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

// TestRTLLayoutMirrorsPositions checks the geometry: each child lands at
// the mirror image of where the wrapped layout put it, sizes unchanged.
func TestRTLLayoutMirrorsPositions(t *testing.T) {
	a, b, c := box(10, 10), box(20, 10), box(30, 10)
	row := container.NewHBox(a, b, c)
	plain := container.NewHBox(box(10, 10), box(20, 10), box(30, 10))
	plain.Resize(fyne.NewSize(200, 10))
	Mirror(row)
	row.Resize(fyne.NewSize(200, 10))
	row.Layout.Layout(row.Objects, row.Size())
	for i, o := range row.Objects {
		p := plain.Objects[i]
		want := 200 - p.Position().X - p.Size().Width
		if o.Position().X != want || o.Size() != p.Size() || o.Position().Y != p.Position().Y {
			t.Errorf("child %d at %v size %v, want x=%v size %v", i, o.Position(), o.Size(), want, p.Size())
		}
	}
	if !(a.Position().X > b.Position().X && b.Position().X > c.Position().X) {
		t.Errorf("order not reversed: %v %v %v", a.Position(), b.Position(), c.Position())
	}
	if got := row.MinSize(); got != plain.MinSize() {
		t.Errorf("MinSize = %v, want %v", got, plain.MinSize())
	}
}

// TestRTLAdoptSpreadsDownTheTree checks that mirroring reaches nested
// containers, labels, buttons, scroll content, cards, splits and list
// rows, and that laying out again does not undo it.
func TestRTLAdoptSpreadsDownTheTree(t *testing.T) {
	label := widget.NewLabel("مرحبا")
	centred := widget.NewLabelWithStyle("x", fyne.TextAlignCenter, fyne.TextStyle{})
	button := widget.NewButton("زر", nil)
	button.Alignment = widget.ButtonAlignLeading
	inner := container.NewHBox(box(10, 10), box(10, 10))
	scrolled := container.NewVBox(widget.NewLabel("في التمرير"))
	card := widget.NewCard("", "", container.NewHBox(box(5, 5)))
	left, right := widget.NewLabel("L"), widget.NewLabel("R")
	split := container.NewHSplit(left, right)
	split.Offset = 0.3
	var rows []fyne.CanvasObject
	list := widget.NewList(func() int { return 2 },
		func() fyne.CanvasObject {
			r := container.NewHBox(widget.NewLabel("row"))
			rows = append(rows, r)
			return r
		},
		func(widget.ListItemID, fyne.CanvasObject) {})
	root := container.NewVBox(label, centred, button, inner, container.NewVScroll(scrolled), card,
		container.NewGridWrap(fyne.NewSize(300, 100), split), container.NewGridWrap(fyne.NewSize(300, 200), list))
	Mirror(root)
	w := test.NewTempWindow(t, root)
	w.Resize(fyne.NewSize(400, 700))
	root.Refresh()
	// Lay out twice: adopting must be idempotent.
	for range 2 {
		root.Layout.Layout(root.Objects, root.Size())
	}
	if label.Alignment != fyne.TextAlignTrailing {
		t.Error("label not aligned right")
	}
	if centred.Alignment != fyne.TextAlignCenter {
		t.Error("centred label changed")
	}
	if button.Alignment != widget.ButtonAlignTrailing {
		t.Error("button content not moved right")
	}
	if _, ok := inner.Layout.(*rtlLayout); !ok {
		t.Error("nested container not mirrored")
	}
	if _, ok := scrolled.Layout.(*rtlLayout); !ok {
		t.Error("scroll content not mirrored")
	}
	if _, ok := card.Content.(*fyne.Container).Layout.(*rtlLayout); !ok {
		t.Error("card content not mirrored")
	}
	if split.Leading != right || split.Trailing != left || split.Offset != 0.7 {
		t.Errorf("split not swapped exactly once: leading %p trailing %p offset %v", split.Leading, split.Trailing, split.Offset)
	}
	if len(rows) == 0 {
		t.Fatal("list created no rows")
	}
	for i, r := range rows {
		if _, ok := r.(*fyne.Container).Layout.(*rtlLayout); !ok {
			t.Errorf("list row %d not mirrored", i)
		}
	}
}

func TestRTLContentOnlyForRTLLanguages(t *testing.T) {
	fr, _ := i18n.New("fr")
	ar, _ := i18n.New("ar")
	l := widget.NewLabel("x")
	if got := Content(fr, l); got != fyne.CanvasObject(l) || l.Alignment != fyne.TextAlignLeading {
		t.Error("left-to-right content changed")
	}
	got := Content(ar, l)
	c, ok := got.(*fyne.Container)
	if !ok || len(c.Objects) != 1 || c.Objects[0] != l {
		t.Fatalf("Content(ar, label) = %T, want a container around the label", got)
	}
	if _, ok := c.Layout.(*rtlLayout); !ok {
		t.Error("dialog content not mirrored")
	}
	c.Layout.Layout(c.Objects, fyne.NewSize(100, 20))
	if l.Alignment != fyne.TextAlignTrailing {
		t.Error("dialog label not aligned right")
	}
	if Content(nil, l) != fyne.CanvasObject(l) {
		t.Error("nil translator changed the content")
	}
}

// In a right-to-left interface arrows and other icons that point along
// the line are mirrored, icons go on the leading (right) side of their
// button, and laying out again changes nothing more.
func TestRTLIconsFlip(t *testing.T) {
	test.NewTempApp(t)
	back := widget.NewButtonWithIcon("رجوع", theme.NavigateBackIcon(), nil)
	send := widget.NewButtonWithIcon("إرسال", theme.MailSendIcon(), nil)
	del := widget.NewButtonWithIcon("حذف", theme.DeleteIcon(), nil)
	out := widget.NewIcon(theme.LogoutIcon())
	row := container.NewHBox(back, send, del, out)
	Mirror(row)
	for i := 0; i < 2; i++ {
		row.Resize(fyne.NewSize(600, 40))
		row.Layout.Layout(row.Objects, row.Size())
	}
	if back.Icon != theme.NavigateNextIcon() {
		t.Errorf("back shows %v, want the forward arrow", back.Icon.Name())
	}
	if back.IconPlacement != widget.ButtonIconTrailingText {
		t.Error("icon not moved to the right of the text")
	}
	if del.Icon != theme.DeleteIcon() {
		t.Errorf("delete icon changed to %v", del.Icon.Name())
	}
	if send.Icon == theme.MailSendIcon() || !strings.Contains(send.Icon.Name(), "rtl-") {
		t.Errorf("send icon not mirrored: %v", send.Icon.Name())
	}
	if out.Resource == theme.LogoutIcon() {
		t.Error("log-out icon not mirrored")
	}
	ltr := container.NewHBox(widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), nil))
	if Content(nil, ltr) != ltr || ltr.Objects[0].(*widget.Button).Icon != theme.NavigateBackIcon() {
		t.Error("left-to-right content changed")
	}
}

// inkDiff counts the pixels of the 64x64 square at (a, 0) that differ in
// ink from those of the square at (b, 0), read mirrored when mirror is
// true. Ink is anything far from the corner's colour.
func inkDiff(img image.Image, a, b int, mirror bool) int {
	lum := func(x, y int) int {
		r, g, bl, _ := img.At(x, y).RGBA()
		return int(r + g + bl)
	}
	bg := lum(0, 0)
	ink := func(x, y int) bool {
		d := lum(x, y) - bg
		return d > 0x8000 || d < -0x8000
	}
	n := 0
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			xb := x
			if mirror {
				xb = 63 - x
			}
			if ink(a+x, y) != ink(b+xb, y) {
				n++
			}
		}
	}
	return n
}

// A flipped icon draws the mirror image of the original.
func TestFlippedIconDrawsMirrored(t *testing.T) {
	test.NewTempApp(t)
	for _, res := range []fyne.Resource{theme.MailSendIcon(), theme.LogoutIcon()} {
		orig := canvas.NewImageFromResource(res)
		flip := canvas.NewImageFromResource(flippedIcon(res))
		for _, im := range []*canvas.Image{orig, flip} {
			im.FillMode = canvas.ImageFillStretch
			im.Resize(fyne.NewSize(64, 64))
		}
		flip.Move(fyne.NewPos(64, 0))
		w := test.NewTempWindow(t, container.NewWithoutLayout(orig, flip))
		w.SetPadded(false)
		w.Resize(fyne.NewSize(128, 64))
		img := w.Canvas().Capture()
		mirrored, same := inkDiff(img, 0, 64, true), inkDiff(img, 0, 64, false)
		if same < 50 || mirrored*4 > same {
			t.Errorf("%s: %d pixels differ from the mirror image, %d from the original", res.Name(), mirrored, same)
		}
	}
	if _, ok := flipSVG([]byte("not an svg")); ok {
		t.Error("flipSVG accepted junk")
	}
	got, ok := flipSVG([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1"/></svg>`))
	if !ok || !strings.Contains(string(got), `<g transform="matrix(-1 0 0 1 24 0)"><path d="M1 1"/></g></svg>`) {
		t.Errorf("flipSVG = %s", got)
	}
}

// holder draws a container of its own, like the calendar picker.
type holder struct {
	widget.BaseWidget
	box *fyne.Container
}

func (h *holder) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.box) }
func (h *holder) RTLChildren() []fyne.CanvasObject    { return []fyne.CanvasObject{h.box} }

// wrappedEntry and wrappedSelect extend Fyne's widgets by value, as
// Safehouse's text field and option select do.
type wrappedEntry struct{ widget.Entry }

type wrappedSelect struct{ widget.Select }

// named has a field called Select that is not embedded.
type named struct {
	widget.BaseWidget
	Select widget.Select
}

func (n *named) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(&n.Select) }

// byPointer embeds a select through a pointer.
type byPointer struct{ *widget.Select }

// TestHoldersAndEmbeddedWidgets: the containers a Holder draws are
// mirrored, and widgets that embed an entry or a select by value are
// treated as one; a widget that only has a field of that name is not.
func TestHoldersAndEmbeddedWidgets(t *testing.T) {
	test.NewTempApp(t)
	h := &holder{box: container.NewHBox(widget.NewLabel("أ"), widget.NewLabel("ب"))}
	h.ExtendBaseWidget(h)
	hint := "تاريخ الاستحقاق، YYYY-MM-DD (اختياري)"
	e := &wrappedEntry{}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = hint
	s := &wrappedSelect{}
	s.ExtendBaseWidget(s)
	s.Options = []string{"٥ دقائق", "إيقاف"}
	root := container.NewVBox(h, e, s)
	Mirror(root)
	for range 2 {
		root.Layout.Layout(root.Objects, fyne.NewSize(300, 200))
	}
	if _, ok := h.box.Layout.(*rtlLayout); !ok {
		t.Error("a holder's container is not mirrored")
	}
	if e.PlaceHolder != VisualOrder(hint) {
		t.Errorf("embedded entry's placeholder %q", e.PlaceHolder)
	}
	if s.Alignment != fyne.TextAlignTrailing || s.Options[0] != VisualOrder("٥ دقائق") {
		t.Errorf("embedded select: alignment %v, options %q", s.Alignment, s.Options)
	}
	if EmbeddedSelect(s) != &s.Select || EmbeddedSelect(h) != nil {
		t.Error("EmbeddedSelect finds the wrong select")
	}
	// A field named Select that is not embedded, or embedded through a
	// pointer, is not a select.
	if EmbeddedSelect(&named{}) != nil || EmbeddedSelect(&byPointer{Select: widget.NewSelect(nil, nil)}) != nil {
		t.Error("EmbeddedSelect accepted a field that is not embedded by value")
	}
	if Content(nil, nil) != nil {
		t.Error("Content(nil, nil) is not nil")
	}
	ar, _ := i18n.New("ar")
	if Content(ar, nil) != nil {
		t.Error("Content(ar, nil) is not nil")
	}
}
