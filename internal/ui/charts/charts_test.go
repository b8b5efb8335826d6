package charts

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// fakeMeasure makes every character half the text size wide.
func fakeMeasure(text string, size float32) float32 {
	return float32(utf8.RuneCountInString(text)) * size / 2
}

func TestScaleLength(t *testing.T) {
	for _, tc := range []struct {
		v, max    int
		full, min float32
		want      float32
	}{
		{0, 10, 100, 2, 0},
		{-1, 10, 100, 2, 0},
		{10, 10, 100, 2, 100},
		{5, 10, 100, 2, 50},
		{1, 1000, 100, 2, 2}, // tiny but visible
		{3, 0, 100, 2, 0},
		{3, 3, 0, 2, 0},
		{3, 3, 1, 2, 1}, // never longer than full
	} {
		if got := scaleLength(tc.v, tc.max, tc.full, tc.min); got != tc.want {
			t.Errorf("scaleLength(%d, %d, %v, %v) = %v, want %v", tc.v, tc.max, tc.full, tc.min, got, tc.want)
		}
	}
}

func TestEllipsize(t *testing.T) {
	if got := ellipsize("Kenya", 10, 25, fakeMeasure); got != "Kenya" {
		t.Errorf("fits: %q", got)
	}
	if got := ellipsize("Organizations", 10, 25, fakeMeasure); got != "Orga…" || fakeMeasure(got, 10) > 25 {
		t.Errorf("shortened: %q", got)
	}
	if got := ellipsize("Organizations", 10, 1, fakeMeasure); got != "…" {
		t.Errorf("nothing fits: %q", got)
	}
}

func TestLayoutBars(t *testing.T) {
	labels := []string{"DE", "Brazil", "A very long country name"}
	values := []int{40, 10, 0}
	texts := []string{"40", "10", "0"}
	// size 10: 5 px a character; pad 4; width 200.
	l := layoutBars(labels, values, texts, 200, 10, 20, 4, fakeMeasure)
	// The long label (120 px) is capped at 40% of 200 = 80 px.
	if l.LabelW != 80 || l.BarX != 84 {
		t.Fatalf("label column %v, bars from %v", l.LabelW, l.BarX)
	}
	// Room for the widest number (10 px) and a gap after the longest bar.
	if l.MaxBar != 200-84-4-10 {
		t.Fatalf("max bar %v", l.MaxBar)
	}
	if len(l.Rows) != 3 {
		t.Fatalf("rows %d", len(l.Rows))
	}
	r0, r1, r2 := l.Rows[0], l.Rows[1], l.Rows[2]
	if r0.BarW != l.MaxBar || r1.BarW != l.MaxBar/4 || r2.BarW != 0 {
		t.Errorf("bar widths %v %v %v", r0.BarW, r1.BarW, r2.BarW)
	}
	// Labels are right-aligned against the bars; numbers follow the bars
	// and stay inside the chart.
	if r0.LabelX != 80-10 || r1.LabelX != 80-30 {
		t.Errorf("label x %v %v", r0.LabelX, r1.LabelX)
	}
	for i, r := range l.Rows {
		if r.ValueX != l.BarX+r.BarW+4 || r.ValueX+fakeMeasure(texts[i], 10) > 200 {
			t.Errorf("row %d number at %v", i, r.ValueX)
		}
		if r.Y != float32(i)*20 || r.BarY < r.Y || r.BarY+r.BarH > r.Y+20 {
			t.Errorf("row %d at %v, bar %v+%v", i, r.Y, r.BarY, r.BarH)
		}
		if fakeMeasure(r.Label, 10) > l.LabelW {
			t.Errorf("label %q overflows", r.Label)
		}
	}
	if r2.Label != "A very long cou…" {
		t.Errorf("long label %q", r2.Label)
	}
	if l.rowAt(-1) != -1 || l.rowAt(0) != 0 || l.rowAt(39) != 1 || l.rowAt(60) != -1 {
		t.Error("rowAt")
	}
}

func TestLayoutBarsNarrow(t *testing.T) {
	// Narrower than labels and numbers: nothing negative.
	l := layoutBars([]string{"Implemented"}, []int{5}, []string{"1,234"}, 40, 10, 20, 4, fakeMeasure)
	if l.MaxBar != 0 || l.Rows[0].BarW != 0 {
		t.Errorf("narrow: %+v", l)
	}
}

func twelve(f func(i int) int) ([]string, []int, []string) {
	var months, texts []string
	var values []int
	for i := range 12 {
		months = append(months, "M"+strconv.Itoa(i+1))
		v := f(i)
		values = append(values, v)
		texts = append(texts, strconv.Itoa(v))
	}
	return months, values, texts
}

func TestLayoutMonthsColumns(t *testing.T) {
	months, done, doneTexts := twelve(func(i int) int { return i })
	_, planned, plannedTexts := twelve(func(i int) int { return 22 - i })
	series := []MonthSeries{{"Done", done, doneTexts}, {"Planned", planned, plannedTexts}}
	// size 10 (5 px a character), pad 4: key column = 12 + 4 + 35 = 51.
	l := layoutMonths(months, series, Columns, 295, 60, 10, 8, 4, fakeMeasure)
	if l.KeyW != 51 || l.PlotX != 55 || l.SlotW != 20 {
		t.Fatalf("key %v plot x %v slot %v", l.KeyW, l.PlotX, l.SlotW)
	}
	if l.TextSize != 10 || l.LabelEvery != 1 {
		t.Errorf("text size %v, every %d", l.TextSize, l.LabelEvery)
	}
	// The highest value (22, planned in month 1) fills the plot minus 4.
	if s := l.Sizes[1][0]; s.Height != 56 {
		t.Errorf("highest column %v", s)
	}
	if s := l.Sizes[0][0]; s.Height != 0 {
		t.Errorf("zero column %v", s)
	}
	for si := range series {
		for mi := range months {
			p, s := l.Marks[si][mi], l.Sizes[si][mi]
			slot := l.PlotX + float32(mi)*l.SlotW
			if p.X < slot || p.X+s.Width > slot+l.SlotW+0.01 {
				t.Errorf("series %d month %d column %v+%v outside its slot at %v", si, mi, p.X, s.Width, slot)
			}
			if p.Y+s.Height != l.PlotH {
				t.Errorf("column does not stand on the baseline: %v+%v", p.Y, s.Height)
			}
		}
	}
	// Done before planned, side by side.
	if l.Marks[1][3].X != l.Marks[0][3].X+l.Sizes[0][3].Width {
		t.Errorf("columns not side by side")
	}
	if l.MonthsY <= l.PlotH || l.RowsY[0] != l.MonthsY+l.LineH || l.RowsY[1] != l.RowsY[0]+l.LineH || l.Height != l.RowsY[1]+l.LineH {
		t.Errorf("rows %v %v %v height %v", l.MonthsY, l.RowsY, l.LineH, l.Height)
	}
}

func TestLayoutMonthsShrinksNumbers(t *testing.T) {
	months, values, texts := twelve(func(i int) int { return 10000 + i })
	// 12 slots of 15 px: "10000" is 25 px at size 10; at the minimum
	// size 6 it is 15 px, still too wide for 13 px, so size stays at 6.
	l := layoutMonths(months, []MonthSeries{{"N", values, texts}}, Line, 180+l0(), 60, 10, 6, 4, fakeMeasure)
	if l.SlotW != 15 || l.TextSize != 6 {
		t.Fatalf("slot %v size %v", l.SlotW, l.TextSize)
	}
	// "M10" at size 6 is 9 px: fits, every month named.
	if l.LabelEvery != 1 {
		t.Errorf("every %d", l.LabelEvery)
	}
	// Line points are squares centred in their slots, highest at the top.
	p, s := l.Marks[0][11], l.Sizes[0][11]
	if s.Width != 6 || p.X+3 != l.PlotX+11*15+7.5 || p.Y+3 != 60-56 {
		t.Errorf("last point %v %v", p, s)
	}
	// Numbers that fit are not shrunk; month names that do not fit are
	// shown every other month.
	months2 := []string{"September", "October"}
	l = layoutMonths(months2, []MonthSeries{{"N", []int{1, 2}, []string{"1", "2"}}}, Columns, 80+l0(), 60, 10, 6, 4, fakeMeasure)
	if l.TextSize != 10 || l.LabelEvery != 2 {
		t.Errorf("size %v every %d", l.TextSize, l.LabelEvery)
	}
}

// l0 is the key column of a one-letter series at size 10 plus the pad:
// 12 + 4 + 5 + 4.
func l0() float32 { return 25 }

func TestChartsRenderWithTheme(t *testing.T) {
	test.NewTempApp(t)
	bars := NewBarChart([]string{"DE", "KE"}, []int{3, 1}, []string{"3", "1"}, nil)
	months, values, texts := twelve(func(i int) int { return i })
	line := NewMonthChart(months, []MonthSeries{{"Partners", values, texts}}, Line, 11)
	test.NewTempWindow(t, container.NewWithoutLayout(bars, line))
	bars.Resize(fyne.NewSize(300, bars.MinSize().Height))
	line.Move(fyne.NewPos(0, 100))
	line.Resize(fyne.NewSize(300, line.MinSize().Height))
	// Every value is written as text.
	var got []string
	for _, o := range test.WidgetRenderer(bars).Objects() {
		if tx, ok := o.(*canvas.Text); ok && tx.Text != "" {
			got = append(got, tx.Text)
		}
	}
	if len(got) != 4 {
		t.Errorf("bar chart texts %q", got)
	}
	n := 0
	for _, o := range test.WidgetRenderer(line).Objects() {
		if tx, ok := o.(*canvas.Text); ok && tx.Text != "" {
			n++
		}
	}
	if n != 12+12+1 && n != 6+12+1 {
		t.Errorf("month chart shows %d texts", n)
	}
	tapped := -1
	bars.onTap = func(i int) { tapped = i }
	test.TapAt(bars, fyne.NewPos(10, BarRowHeight()+1))
	if tapped != 1 {
		t.Errorf("tapped row %d", tapped)
	}
}

// The methods the dashboard uses report what the chart shows: its rows,
// their numbers, the labels as laid out (shortened to fit), and a shared
// label column with AlignWith.
func TestBarChartAccessors(t *testing.T) {
	test.NewTempApp(t)
	long := "A very long organisation name that cannot fit"
	a := NewBarChart([]string{"DE", long}, []int{3, 1}, []string{"3", "1"}, nil)
	b := NewBarChart([]string{"KE"}, []int{2}, []string{"2"}, nil)
	if a.ShownLabel(0) != "" {
		t.Errorf("label before layout %q", a.ShownLabel(0))
	}
	b.AlignWith(a.Labels())
	test.NewTempWindow(t, container.NewWithoutLayout(a, b))
	a.Resize(fyne.NewSize(300, a.MinSize().Height))
	b.Resize(fyne.NewSize(300, b.MinSize().Height))
	if got := a.Labels(); len(got) != 2 || got[1] != long {
		t.Errorf("labels %q", got)
	}
	if got := a.Texts(); len(got) != 2 || got[0] != "3" {
		t.Errorf("texts %q", got)
	}
	if a.ShownLabel(0) != "DE" || !strings.HasSuffix(a.ShownLabel(1), "…") || len(a.ShownLabel(1)) >= len(long) {
		t.Errorf("shown labels %q %q", a.ShownLabel(0), a.ShownLabel(1))
	}
	for _, i := range []int{-1, 2} {
		if a.ShownLabel(i) != "" {
			t.Errorf("ShownLabel(%d) = %q", i, a.ShownLabel(i))
		}
	}
	// b's one short label gets a's (widest) label column: the bars start
	// at the same place.
	if a.layout.BarX != b.layout.BarX || b.layout.LabelW <= 0 {
		t.Errorf("bars start at %v and %v", a.layout.BarX, b.layout.BarX)
	}
	c := NewBarChart([]string{"KE"}, []int{2}, []string{"2"}, nil)
	test.NewTempWindow(t, c)
	c.Resize(fyne.NewSize(300, c.MinSize().Height))
	if c.layout.BarX >= b.layout.BarX {
		t.Errorf("unaligned chart starts its bars at %v, aligned at %v", c.layout.BarX, b.layout.BarX)
	}
}

func TestMonthChartLaidOut(t *testing.T) {
	test.NewTempApp(t)
	months, values, texts := twelve(func(i int) int { return i * 3 })
	c := NewMonthChart(months, []MonthSeries{{"Events", values, texts}}, Columns, -1)
	test.NewTempWindow(t, c)
	c.Resize(fyne.NewSize(500, c.MinSize().Height))
	if c.SlotWidth() <= 0 || c.TextSize() <= 0 || c.TextSize() > chartTextSize() {
		t.Errorf("slot %v, text %v", c.SlotWidth(), c.TextSize())
	}
	// Narrower: slots shrink, and so may the numbers, never above the
	// chart text size.
	w := c.SlotWidth()
	c.Resize(fyne.NewSize(250, c.MinSize().Height))
	if c.SlotWidth() >= w || c.TextSize() > chartTextSize() {
		t.Errorf("narrow: slot %v (was %v), text %v", c.SlotWidth(), w, c.TextSize())
	}
}
