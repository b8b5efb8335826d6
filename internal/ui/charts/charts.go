// Package charts draws the dashboard's charts with canvas rectangles,
// lines and texts only: no images, no web view. Every bar or point has
// its number written next to it, so colour is never the only signal.
//
// [BarChart] shows one bar per row (tappable); [MonthChart] shows up to
// two series over months as columns or a line. The geometry is computed
// by pure functions (layoutBars, layoutMonths) that tests check without a
// window; the widgets only place canvas objects where those say. The
// charts know no language: callers pass labels and numbers already
// formatted. They keep time running left to right in every language.
//
// The package depends on Fyne's widget, canvas and theme APIs only, so a
// Fyne upgrade that changes them breaks here first, under this package's
// own tests.
package charts

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// measureFunc returns the width of text at a text size.
type measureFunc func(text string, size float32) float32

// chartInset is the space left and right of a chart, so that its labels
// line up with the text of the labels above and below it.
func chartInset() float32 { return theme.InnerPadding() }

func fyneMeasure(text string, size float32) float32 {
	return fyne.MeasureText(text, size, fyne.TextStyle{}).Width
}

// chartTextSize is the text size of chart labels and numbers: a little
// smaller than body text, never below the caption size.
func chartTextSize() float32 { return max(theme.CaptionTextSize(), theme.TextSize()-2) }

// scaleLength returns the length of a bar for v when max maps to full: 0
// for v ≤ 0, at least minLen for any positive value, so a 1 beside a 1,000
// is still visible.
func scaleLength(v, maxV int, full, minLen float32) float32 {
	if v <= 0 || maxV <= 0 || full <= 0 {
		return 0
	}
	l := full * float32(v) / float32(maxV)
	return min(full, max(l, minLen))
}

// ellipsize shortens text with "…" until it fits width.
func ellipsize(text string, size, width float32, measure measureFunc) string {
	if measure(text, size) <= width {
		return text
	}
	r := []rune(text)
	for n := len(r) - 1; n > 0; n-- {
		s := string(r[:n]) + "…"
		if measure(s, size) <= width {
			return s
		}
	}
	return "…"
}

// barLayout is the geometry of a horizontal bar chart of width Width:
// each row has its label on the left (right-aligned in a column of
// LabelW), the bar from BarX, and its number just after the bar end.
type barLayout struct {
	LabelW, BarX, MaxBar float32
	RowH                 float32
	Rows                 []barRowLayout
}

type barRowLayout struct {
	Y          float32 // top of the row
	Label      string  // the label, shortened to fit
	LabelX     float32 // left of the label text (right-aligned)
	BarW       float32
	ValueX     float32 // left of the number
	BarY, BarH float32
}

// layoutBars lays out labels and values (as text) in width. The label
// column takes the widest label, up to 40% of the width; longer labels are
// shortened. The longest bar leaves room for the widest number after it.
func layoutBars(labels []string, values []int, texts []string, width, size, rowH, pad float32, measure measureFunc) barLayout {
	l := barLayout{RowH: rowH}
	for _, s := range labels {
		l.LabelW = max(l.LabelW, measure(s, size))
	}
	l.LabelW = min(l.LabelW, width*0.4)
	var valueW float32
	maxV := 0
	for i, v := range values {
		valueW = max(valueW, measure(texts[i], size))
		maxV = max(maxV, v)
	}
	l.BarX = l.LabelW + pad
	l.MaxBar = max(0, width-l.BarX-pad-valueW)
	barH := float32(math.Round(float64(rowH * 0.6)))
	for i, s := range labels {
		r := barRowLayout{Y: float32(i) * rowH, Label: ellipsize(s, size, l.LabelW, measure)}
		r.LabelX = l.LabelW - measure(r.Label, size)
		r.BarW = scaleLength(values[i], maxV, l.MaxBar, 2)
		r.ValueX = l.BarX + r.BarW + pad
		r.BarH = barH
		r.BarY = r.Y + (rowH-barH)/2
		l.Rows = append(l.Rows, r)
	}
	return l
}

// layoutBarsWithLabelW is layoutBars with a label column of labelW (at
// most 40% of the width) however short the labels are.
func layoutBarsWithLabelW(l barLayout, labelW float32, labels []string, values []int, texts []string, width, size, pad float32, measure measureFunc) barLayout {
	labelW = min(max(labelW, l.LabelW), width*0.4)
	shift := labelW - l.LabelW
	l.LabelW = labelW
	l.BarX += shift
	l.MaxBar = max(0, l.MaxBar-shift)
	maxV := 0
	for _, v := range values {
		maxV = max(maxV, v)
	}
	for i := range l.Rows {
		r := &l.Rows[i]
		r.LabelX += shift
		r.BarW = scaleLength(values[i], maxV, l.MaxBar, 2)
		r.ValueX = l.BarX + r.BarW + pad
	}
	return l
}

// rowAt returns the index of the row at height y, or -1.
func (l barLayout) rowAt(y float32) int {
	if y < 0 || l.RowH <= 0 {
		return -1
	}
	i := int(y / l.RowH)
	if i >= len(l.Rows) {
		return -1
	}
	return i
}

// BarChart is a horizontal bar chart: a label, a bar and the number for
// each row. Tapping a row calls onTap with its index (if set).
type BarChart struct {
	widget.BaseWidget
	labels []string
	values []int
	texts  []string
	onTap  func(i int)
	// alignWith are the labels of charts drawn above or below this one:
	// the label column is wide enough for them too, so the bars of the
	// charts start at the same place.
	alignWith []string
	layout    barLayout // from the last Layout, for taps and tests
}

var (
	_ fyne.Tappable      = (*BarChart)(nil)
	_ desktop.Cursorable = (*BarChart)(nil)
)

// NewBarChart makes a chart of values with their labels; texts are the
// numbers as shown (formatted for the language).
func NewBarChart(labels []string, values []int, texts []string, onTap func(int)) *BarChart {
	c := &BarChart{labels: labels, values: values, texts: texts, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

// BarRowHeight is the height of one row of a [BarChart].
func BarRowHeight() float32 { return chartTextSize() + 2*theme.InnerPadding()*0.75 }

// Labels returns the row labels the chart was made with.
func (c *BarChart) Labels() []string { return c.labels }

// Texts returns the numbers of the rows as shown.
func (c *BarChart) Texts() []string { return c.texts }

// ShownLabel returns row i's label as last laid out (shortened with "…"
// when it did not fit), or "" before the first layout.
func (c *BarChart) ShownLabel(i int) string {
	if i < 0 || i >= len(c.layout.Rows) {
		return ""
	}
	return c.layout.Rows[i].Label
}

// AlignWith makes the label column wide enough for labels too (those of
// a chart drawn above or below this one), so the bars of both charts
// start at the same place.
func (c *BarChart) AlignWith(labels []string) { c.alignWith = labels }

// MinSize returns the chart's smallest size: every row at its height.
func (c *BarChart) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	return fyne.NewSize(120, BarRowHeight()*float32(len(c.labels)))
}

func (c *BarChart) Tapped(e *fyne.PointEvent) {
	if i := c.layout.rowAt(e.Position.Y); i >= 0 && c.onTap != nil {
		c.onTap(i)
	}
}

func (c *BarChart) Cursor() desktop.Cursor {
	if c.onTap != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (c *BarChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c}
	for range c.labels {
		label := canvas.NewText("", nil)
		value := canvas.NewText("", nil)
		bar := canvas.NewRectangle(nil)
		bar.CornerRadius = 2
		r.labels, r.values, r.bars = append(r.labels, label), append(r.values, value), append(r.bars, bar)
		r.objects = append(r.objects, bar, label, value)
	}
	r.Refresh()
	return r
}

type barRenderer struct {
	c              *BarChart
	labels, values []*canvas.Text
	bars           []*canvas.Rectangle
	objects        []fyne.CanvasObject
	lastSize       fyne.Size
}

func (r *barRenderer) Layout(size fyne.Size) {
	ts := chartTextSize()
	r.lastSize = size
	inset := chartInset()
	l := layoutBars(r.c.labels, r.c.values, r.c.texts, size.Width-2*inset, ts, BarRowHeight(), theme.Padding(), fyneMeasure)
	if len(r.c.alignWith) > 0 {
		all := append(append([]string(nil), r.c.labels...), r.c.alignWith...)
		widest := layoutBars(all, make([]int, len(all)), make([]string, len(all)), size.Width-2*inset, ts, BarRowHeight(), theme.Padding(), fyneMeasure)
		l = layoutBarsWithLabelW(l, widest.LabelW, r.c.labels, r.c.values, r.c.texts, size.Width-2*inset, ts, theme.Padding(), fyneMeasure)
	}
	r.c.layout = l
	for i, row := range l.Rows {
		row.LabelX += inset
		row.ValueX += inset
		th := fyne.MeasureText("0", ts, fyne.TextStyle{}).Height
		ty := row.Y + (l.RowH-th)/2
		r.labels[i].Text = row.Label
		r.labels[i].TextSize = ts
		r.labels[i].Move(fyne.NewPos(row.LabelX, ty))
		r.labels[i].Resize(fyne.NewSize(inset+l.LabelW-row.LabelX, th))
		r.bars[i].Move(fyne.NewPos(inset+l.BarX, row.BarY))
		r.bars[i].Resize(fyne.NewSize(row.BarW, row.BarH))
		r.values[i].Text = r.c.texts[i]
		r.values[i].TextSize = ts
		r.values[i].TextStyle = fyne.TextStyle{Bold: true}
		r.values[i].Move(fyne.NewPos(row.ValueX, ty))
		r.values[i].Resize(fyne.NewSize(max(0, size.Width-row.ValueX), th))
	}
}

func (r *barRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *barRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	primary := theme.Color(theme.ColorNamePrimary)
	for i := range r.labels {
		r.labels[i].Color = fg
		r.values[i].Color = fg
		r.bars[i].FillColor = primary
		r.labels[i].Refresh()
		r.values[i].Refresh()
		r.bars[i].Refresh()
	}
	if !r.lastSize.IsZero() {
		r.Layout(r.lastSize)
	}
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *barRenderer) Destroy()                     {}

// MonthSeries is one row of numbers of a monthly chart.
type MonthSeries struct {
	Name   string
	Values []int
	Texts  []string // Values as shown
}

// Style says how a monthly chart draws its series.
type Style int

const (
	// Columns draws a column per series and month: the first series
	// filled, the second outlined, side by side.
	Columns Style = iota
	// Line draws the first series as a line with a square on each
	// month.
	Line
)

// monthLayout is the geometry of a monthly chart: a plot of PlotH at the
// top; under it a row of month names; under that one row of numbers per
// series, each introduced by a key (a swatch drawn like the series) and
// the series name in the left column of width KeyW.
type monthLayout struct {
	KeyW, SlotW, PlotX, PlotH float32
	LineH, TextSize           float32
	// MonthsY is the top of the month names; RowsY[i] the top of series
	// i's numbers.
	MonthsY float32
	RowsY   []float32
	// LabelEvery is 1 when every month name fits, 2 when only every
	// other one is shown.
	LabelEvery int
	// Marks[s][m] is the column (Columns) or the point marker
	// (Line) of series s in month m.
	Marks  [][]fyne.Position
	Sizes  [][]fyne.Size
	Height float32
}

// swatchW is the width of the key swatch before a series name.
const swatchW = 12

// layoutMonths lays out series over len(months) slots in width. Numbers
// that do not fit their slot at size are drawn smaller, down to minSize.
func layoutMonths(months []string, series []MonthSeries, style Style, width, plotH, size, minSize, pad float32, measure measureFunc) monthLayout {
	l := monthLayout{PlotH: plotH, LabelEvery: 1}
	for _, s := range series {
		l.KeyW = max(l.KeyW, swatchW+pad+measure(s.Name, size))
	}
	l.KeyW = min(l.KeyW, width*0.3)
	n := max(len(months), 1)
	l.PlotX = l.KeyW + pad
	l.SlotW = max(0, (width-l.PlotX)/float32(n))
	// Shrink the numbers until the widest fits its slot (with a gap).
	l.TextSize = size
	var widest float32
	for _, s := range series {
		for _, t := range s.Texts {
			widest = max(widest, measure(t, size))
		}
	}
	if avail := l.SlotW - 2; widest > avail && widest > 0 {
		l.TextSize = max(minSize, size*avail/widest)
	}
	var monthW float32
	for _, m := range months {
		monthW = max(monthW, measure(m, l.TextSize))
	}
	if monthW > l.SlotW-2 {
		l.LabelEvery = 2
	}
	l.LineH = float32(math.Ceil(float64(l.TextSize * 1.4)))
	l.MonthsY = plotH + pad/2
	y := l.MonthsY + l.LineH
	for range series {
		l.RowsY = append(l.RowsY, y)
		y += l.LineH
	}
	l.Height = y
	maxV := 0
	for _, s := range series {
		for _, v := range s.Values {
			maxV = max(maxV, v)
		}
	}
	// Leave a little room above the highest column or point.
	full := plotH - 4
	l.Marks = make([][]fyne.Position, len(series))
	l.Sizes = make([][]fyne.Size, len(series))
	cols := len(series)
	if style == Line {
		cols = 1
	}
	groupW := l.SlotW * 0.7
	colW := max(1, groupW/float32(max(cols, 1)))
	for si, s := range series {
		for mi, v := range s.Values {
			h := scaleLength(v, maxV, full, 1)
			x0 := l.PlotX + float32(mi)*l.SlotW
			var pos fyne.Position
			var sz fyne.Size
			if style == Line {
				const m = 6
				pos = fyne.NewPos(x0+l.SlotW/2-m/2, plotH-h-m/2)
				sz = fyne.NewSize(m, m)
			} else {
				pos = fyne.NewPos(x0+(l.SlotW-groupW)/2+float32(si)*colW, plotH-h)
				sz = fyne.NewSize(colW, h)
			}
			l.Marks[si] = append(l.Marks[si], pos)
			l.Sizes[si] = append(l.Sizes[si], sz)
		}
	}
	return l
}

// MonthChart shows up to two series over months: columns or a line,
// with the month names and each series' numbers written underneath.
type MonthChart struct {
	widget.BaseWidget
	months []string
	series []MonthSeries
	style  Style
	// current is the index of the current month (drawn bold), or -1.
	current int
	layout  monthLayout // from the last Layout, for tests
}

// NewMonthChart makes a chart of series over months; current is the index
// of the current month (drawn bold), or -1.
func NewMonthChart(months []string, series []MonthSeries, style Style, current int) *MonthChart {
	c := &MonthChart{months: months, series: series, style: style, current: current}
	c.ExtendBaseWidget(c)
	return c
}

func monthPlotHeight() float32 { return 5 * theme.TextSize() }

// SlotWidth returns the width of one month's slot as last laid out.
func (c *MonthChart) SlotWidth() float32 { return c.layout.SlotW }

// TextSize returns the text size of the month names and numbers as last
// laid out (smaller than the theme's when the chart is narrow).
func (c *MonthChart) TextSize() float32 { return c.layout.TextSize }

// MinSize returns the chart's smallest size.
func (c *MonthChart) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	ts := chartTextSize()
	lineH := float32(math.Ceil(float64(ts * 1.4)))
	return fyne.NewSize(200, monthPlotHeight()+theme.Padding()/2+lineH*float32(1+len(c.series)))
}

func (c *MonthChart) CreateRenderer() fyne.WidgetRenderer {
	r := &monthRenderer{c: c, baseline: canvas.NewLine(nil)}
	r.objects = append(r.objects, r.baseline)
	for range c.months {
		t := canvas.NewText("", nil)
		t.Alignment = fyne.TextAlignCenter
		r.monthTexts = append(r.monthTexts, t)
		r.objects = append(r.objects, t)
	}
	for si, s := range c.series {
		key := canvas.NewRectangle(nil)
		name := canvas.NewText(s.Name, nil)
		r.keys, r.names = append(r.keys, key), append(r.names, name)
		r.objects = append(r.objects, key, name)
		var marks []*canvas.Rectangle
		var texts []*canvas.Text
		for range s.Values {
			m := canvas.NewRectangle(nil)
			t := canvas.NewText("", nil)
			t.Alignment = fyne.TextAlignCenter
			marks, texts = append(marks, m), append(texts, t)
			r.objects = append(r.objects, m, t)
		}
		r.marks, r.valueTexts = append(r.marks, marks), append(r.valueTexts, texts)
		if c.style == Line && si == 0 {
			for i := 1; i < len(s.Values); i++ {
				ln := canvas.NewLine(nil)
				ln.StrokeWidth = 2
				r.lines = append(r.lines, ln)
				r.objects = append(r.objects, ln)
			}
		}
	}
	r.Refresh()
	return r
}

type monthRenderer struct {
	c          *MonthChart
	baseline   *canvas.Line
	monthTexts []*canvas.Text
	keys       []*canvas.Rectangle
	names      []*canvas.Text
	marks      [][]*canvas.Rectangle
	valueTexts [][]*canvas.Text
	lines      []*canvas.Line
	objects    []fyne.CanvasObject
	lastSize   fyne.Size
}

func (r *monthRenderer) Layout(size fyne.Size) {
	r.lastSize = size
	c := r.c
	ts := chartTextSize()
	inset := chartInset()
	l := layoutMonths(c.months, c.series, c.style, size.Width-2*inset, monthPlotHeight(), ts, theme.CaptionTextSize()-1, theme.Padding(), fyneMeasure)
	c.layout = l
	off := func(p fyne.Position) fyne.Position { return fyne.NewPos(p.X+inset, p.Y) }
	r.baseline.Position1 = fyne.NewPos(inset+l.PlotX, l.PlotH)
	r.baseline.Position2 = fyne.NewPos(size.Width-inset, l.PlotH)
	th := fyne.MeasureText("0", l.TextSize, fyne.TextStyle{}).Height
	place := func(t *canvas.Text, text string, x, y float32, bold bool) {
		t.Text, t.TextSize = text, l.TextSize
		t.TextStyle = fyne.TextStyle{Bold: bold}
		t.Move(fyne.NewPos(x, y+(l.LineH-th)/2))
		t.Resize(fyne.NewSize(l.SlotW, th))
	}
	for i, t := range r.monthTexts {
		text := c.months[i]
		if l.LabelEvery > 1 && (len(c.months)-1-i)%l.LabelEvery != 0 {
			text = ""
		}
		place(t, text, inset+l.PlotX+float32(i)*l.SlotW, l.MonthsY, i == c.current)
	}
	for si, s := range c.series {
		y := l.RowsY[si]
		r.keys[si].Move(fyne.NewPos(inset, y+(l.LineH-swatchW)/2))
		r.keys[si].Resize(fyne.NewSize(swatchW, swatchW))
		nameW := max(0, l.KeyW-swatchW-theme.Padding())
		r.names[si].Text, r.names[si].TextSize = ellipsize(s.Name, l.TextSize, nameW, fyneMeasure), l.TextSize
		r.names[si].Move(fyne.NewPos(inset+swatchW+theme.Padding(), y+(l.LineH-th)/2))
		r.names[si].Resize(fyne.NewSize(nameW, th))
		for mi := range s.Values {
			mark := r.marks[si][mi]
			mark.Move(off(l.Marks[si][mi]))
			mark.Resize(l.Sizes[si][mi])
			// An empty column would draw as a stray outline on the baseline.
			if l.Sizes[si][mi].Height > 0 {
				mark.Show()
			} else {
				mark.Hide()
			}
			place(r.valueTexts[si][mi], s.Texts[mi], inset+l.PlotX+float32(mi)*l.SlotW, y, mi == c.current)
		}
	}
	for i, ln := range r.lines {
		a, b := l.Marks[0][i], l.Marks[0][i+1]
		half := l.Sizes[0][i].Width / 2
		ln.Position1 = fyne.NewPos(inset+a.X+half, a.Y+half)
		ln.Position2 = fyne.NewPos(inset+b.X+half, b.Y+half)
	}
}

func (r *monthRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *monthRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	primary := theme.Color(theme.ColorNamePrimary)
	r.baseline.StrokeColor = theme.Color(theme.ColorNameDisabled)
	r.baseline.StrokeWidth = 1
	for _, t := range r.monthTexts {
		t.Color = fg
	}
	for si := range r.c.series {
		r.names[si].Color = fg
		style := func(rect *canvas.Rectangle) {
			if si == 0 {
				rect.FillColor, rect.StrokeWidth = primary, 0
			} else {
				// The second series is outlined: told apart by shape,
				// not only by colour.
				rect.FillColor, rect.StrokeColor, rect.StrokeWidth = color.Transparent, fg, 1.5
			}
		}
		style(r.keys[si])
		for mi := range r.marks[si] {
			style(r.marks[si][mi])
			r.valueTexts[si][mi].Color = fg
		}
	}
	for _, ln := range r.lines {
		ln.StrokeColor = primary
	}
	if !r.lastSize.IsZero() {
		r.Layout(r.lastSize)
	}
	for _, o := range r.objects {
		o.Refresh()
	}
}

func (r *monthRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *monthRenderer) Destroy()                     {}
