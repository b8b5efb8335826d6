package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// checkRow is a checklist item in the reader: a check box on the leading
// edge of the tutorial's direction (the right for Arabic and Persian) and
// the item's text beside it, wrapped and ordered like the rest of the
// text. Tapping the text ticks the box too.
type checkRow struct {
	widget.BaseWidget
	check *widget.Check
	label *markdownView
	text  string
	rtl   bool
}

var _ fyne.Tappable = (*checkRow)(nil)

func newCheckRow(text string, rtl bool) *checkRow {
	c := &checkRow{check: widget.NewCheck("", nil), text: text, rtl: rtl,
		label: newMarkdownView([]widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: text}}, rtl)}
	c.ExtendBaseWidget(c)
	return c
}

// parts lets the focus keeper find the check box (focus.go).
func (c *checkRow) parts() []fyne.CanvasObject { return []fyne.CanvasObject{c.check, c.label} }

// Tapped toggles the box, as a tap on a check box's own text does.
func (c *checkRow) Tapped(*fyne.PointEvent) {
	if !c.check.Disabled() {
		c.check.SetChecked(!c.check.Checked)
	}
}

func (c *checkRow) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	return &checkRowRenderer{c: c}
}

type checkRowRenderer struct{ c *checkRow }

func (r *checkRowRenderer) Destroy() {}

func (r *checkRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.check, r.c.label}
}

func (r *checkRowRenderer) Layout(s fyne.Size) {
	cm := r.c.check.MinSize()
	tw := max(s.Width-cm.Width, 0)
	r.c.check.Resize(cm)
	r.c.label.Resize(fyne.NewSize(tw, r.c.label.MinSize().Height))
	// The box sits level with the first line of text.
	y := max((r.c.label.firstLineHeight()+2*theme.InnerPadding()-cm.Height)/2, 0)
	if r.c.rtl {
		r.c.check.Move(fyne.NewPos(s.Width-cm.Width, y))
		r.c.label.Move(fyne.NewPos(0, 0))
	} else {
		r.c.check.Move(fyne.NewPos(0, y))
		r.c.label.Move(fyne.NewPos(cm.Width, 0))
	}
}

func (r *checkRowRenderer) MinSize() fyne.Size {
	cm, lm := r.c.check.MinSize(), r.c.label.MinSize()
	return fyne.NewSize(cm.Width+lm.Width, max(cm.Height, lm.Height))
}

func (r *checkRowRenderer) Refresh() {
	r.c.check.Refresh()
	r.c.label.Refresh()
}
