package ui

import (
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"github.com/safehouse-app/safehouse/internal/date"
)

// calendarPicker shows one month and picks a day, with the mouse or the
// keyboard: arrows move a day (left and right follow the reading
// direction) or a week, Page Up and Page Down a month, Home and End go to
// the month's first and last day, Enter or Space picks, Escape closes.
type calendarPicker struct {
	widget.BaseWidget
	env *Env
	// cursor is the highlighted day; selected the field's date (zero for
	// none); today is marked.
	cursor, selected, today date.Date
	onPick                  func(date.Date)
	onCancel                func()

	prev, next, todayButton, clear *widget.Button
	title                          *widget.Label
	grid                           *dayGrid
	box                            *fyne.Container
	focused                        bool
}

var _ fyne.Focusable = (*calendarPicker)(nil)

func newCalendarPicker(env *Env, selected, today date.Date) *calendarPicker {
	c := &calendarPicker{env: env, selected: selected, today: today, cursor: selected}
	if c.cursor.IsZero() {
		c.cursor = today
	}
	c.ExtendBaseWidget(c)
	c.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.moveMonths(-1) })
	c.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.moveMonths(1) })
	c.prev.Importance, c.next.Importance = widget.LowImportance, widget.LowImportance
	if env.Tr.RTL() {
		// The layout is mirrored (RTLChildren): "back" sits on the right
		// and points right.
		c.prev.SetIcon(theme.NavigateNextIcon())
		c.next.SetIcon(theme.NavigateBackIcon())
	}
	c.title = widget.NewLabel("")
	c.title.Alignment = fyne.TextAlignCenter
	c.title.TextStyle = fyne.TextStyle{Bold: true}
	c.todayButton = widget.NewButton(env.T("pickers.date.today"), func() { c.pick(c.today) })
	c.clear = widget.NewButton(env.T("pickers.date.clear"), func() { c.pick(date.Date{}) })
	c.grid = newDayGrid(c)
	header := container.NewBorder(nil, nil, c.prev, c.next, c.title)
	c.box = container.NewBorder(header, container.NewHBox(c.todayButton, layout.NewSpacer(), c.clear), nil, nil, c.grid)
	c.build()
	return c
}

// weekStart is the first day of the week in the interface language:
// Sunday in English (as in the United States), Saturday in Arabic and
// Persian, Monday elsewhere.
func weekStart(lang string) time.Weekday {
	base, _ := language.Make(lang).Base()
	switch base.String() {
	case "en":
		return time.Sunday
	case "ar", "fa":
		return time.Saturday
	}
	return time.Monday
}

var weekdayIDs = [7]string{"fyne.sunday_short", "fyne.monday_short", "fyne.tuesday_short", "fyne.wednesday_short",
	"fyne.thursday_short", "fyne.friday_short", "fyne.saturday_short"}

// calendar returns the calendar the picker shows months in: the
// interface language's, or the Gregorian one for a day it cannot name
// (the Solar Hijri calendar is defined for a bounded range of years).
func (c *calendarPicker) calendar() date.Calendar {
	cal := c.env.Tr.Calendar()
	if _, _, _, ok := cal.Split(c.cursor); !ok {
		return date.Gregorian
	}
	return cal
}

// cursorDay returns the cursor's day of the month and the number of days
// of its month, in the picker's calendar.
func (c *calendarPicker) cursorDay() (day, days int) {
	cal := c.calendar()
	y, m, day, _ := cal.Split(c.cursor)
	return day, cal.DaysIn(y, m)
}

// build shows the cursor's month.
func (c *calendarPicker) build() {
	env := c.env
	cal := c.calendar()
	y, m, _, _ := cal.Split(c.cursor)
	month := env.T("pickers.date.month." + strconv.Itoa(m))
	if cal == date.SolarHijri {
		month = env.Tr.SolarHijriMonth(m)
	}
	c.title.SetText(env.T("pickers.date.month_year", "Month", month, "Year", plainNumber(env, y)))
	c.grid.Refresh()
	// Lay the whole calendar out again: in a right-to-left interface
	// this also puts the new title in visual order (package rtl).
	c.box.Refresh()
}

func (c *calendarPicker) pick(d date.Date) {
	if c.onPick != nil {
		c.onPick(d)
	}
}

// moveDays moves the cursor by n days, showing its month.
func (c *calendarPicker) moveDays(n int) {
	c.cursor = c.cursor.AddDays(n)
	c.build()
}

// moveMonths moves the cursor by n months of the picker's calendar,
// keeping the day where the month has it (31 January + 1 month is 28 or
// 29 February; 31 Shahrivar + 1 month is 30 Mehr). At the end of the
// years a calendar can name, it stays.
func (c *calendarPicker) moveMonths(n int) {
	if d, ok := c.calendar().AddMonths(c.cursor, n); ok {
		c.cursor = d
	}
	c.build()
}

// CreateRenderer implements [fyne.Widget].
func (c *calendarPicker) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.box) }

// RTLChildren lets a right-to-left interface mirror the calendar (see
// package rtl): the week then runs from right to left.
func (c *calendarPicker) RTLChildren() []fyne.CanvasObject { return []fyne.CanvasObject{c.box} }

// FocusGained implements [fyne.Focusable].
func (c *calendarPicker) FocusGained() { c.focused = true }

// FocusLost implements [fyne.Focusable].
func (c *calendarPicker) FocusLost() { c.focused = false }

// TypedRune implements [fyne.Focusable]: Space picks. (Space arrives as a
// key and as a character; taking the character means it cannot be typed
// into the date field that has the focus once the calendar closes.)
func (c *calendarPicker) TypedRune(r rune) {
	if r == ' ' {
		c.pick(c.cursor)
	}
}

// TypedKey implements [fyne.Focusable].
func (c *calendarPicker) TypedKey(ev *fyne.KeyEvent) {
	back, forward := fyne.KeyLeft, fyne.KeyRight
	if c.env.Tr.RTL() {
		back, forward = forward, back
	}
	switch ev.Name {
	case back:
		c.moveDays(-1)
	case forward:
		c.moveDays(1)
	case fyne.KeyUp:
		c.moveDays(-7)
	case fyne.KeyDown:
		c.moveDays(7)
	case fyne.KeyPageUp:
		c.moveMonths(-1)
	case fyne.KeyPageDown:
		c.moveMonths(1)
	case fyne.KeyHome:
		day, _ := c.cursorDay()
		c.moveDays(1 - day)
	case fyne.KeyEnd:
		day, days := c.cursorDay()
		c.moveDays(days - day)
	case fyne.KeyReturn, fyne.KeyEnter:
		c.pick(c.cursor)
	case fyne.KeyEscape:
		if c.onCancel != nil {
			c.onCancel()
		}
	}
}

// dayGrid shows the weekday headings and the days of the calendar's
// month in seven columns (mirrored in a right-to-left interface), with the
// cursor filled and today outlined. It is one control: a tap picks the
// day under it, and the keyboard moves the calendar's cursor, so Tab does
// not stop at 31 buttons.
type dayGrid struct {
	widget.BaseWidget
	c *calendarPicker
}

var _ fyne.Tappable = (*dayGrid)(nil)

func newDayGrid(c *calendarPicker) *dayGrid {
	g := &dayGrid{c: c}
	g.ExtendBaseWidget(g)
	return g
}

// layoutInfo describes the month shown: its first day, its length, the
// empty cells before day 1 and the first weekday of a row.
func (g *dayGrid) layoutInfo() (first date.Date, days, lead int, start time.Weekday) {
	day, days := g.c.cursorDay()
	first = g.c.cursor.AddDays(1 - day)
	start = weekStart(g.c.env.Tr.Lang())
	lead = (int(first.Time(time.UTC).Weekday()) - int(start) + 7) % 7
	return first, days, lead, start
}

// cell returns the top-left corner and size of the cell in row (0 is the
// headings) and column (0 is the first weekday).
func (g *dayGrid) cell(row, col int, size fyne.Size) (fyne.Position, fyne.Size) {
	w, h := size.Width/7, size.Height/7
	if g.c.env.Tr.RTL() {
		col = 6 - col
	}
	return fyne.NewPos(float32(col)*w, float32(row)*h), fyne.NewSize(w, h)
}

// dayAt returns the day under a point, if any.
func (g *dayGrid) dayAt(p fyne.Position) (date.Date, bool) {
	size := g.Size()
	if size.Width <= 0 || size.Height <= 0 {
		return date.Date{}, false
	}
	first, days, lead, _ := g.layoutInfo()
	col, row := int(p.X/(size.Width/7)), int(p.Y/(size.Height/7))
	if g.c.env.Tr.RTL() {
		col = 6 - col
	}
	n := (row-1)*7 + col - lead + 1
	if row < 1 || col < 0 || col > 6 || n < 1 || n > days {
		return date.Date{}, false
	}
	return first.AddDays(n - 1), true
}

// dayPos returns the centre of a day's cell (for tests).
func (g *dayGrid) dayPos(day int) fyne.Position {
	_, _, lead, _ := g.layoutInfo()
	i := lead + day - 1
	pos, size := g.cell(1+i/7, i%7, g.Size())
	return pos.AddXY(size.Width/2, size.Height/2)
}

// Tapped implements [fyne.Tappable]: it picks the day tapped. A tap
// elsewhere (a heading, an empty cell) gives the keyboard focus back to
// the calendar, which a click on something that takes no focus removes.
func (g *dayGrid) Tapped(ev *fyne.PointEvent) {
	if d, ok := g.dayAt(ev.Position); ok {
		g.c.pick(d)
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(g); c != nil {
		c.Focus(g.c)
	}
}

// CreateRenderer implements [fyne.Widget].
func (g *dayGrid) CreateRenderer() fyne.WidgetRenderer {
	r := &dayGridRenderer{g: g}
	r.cursor = canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	r.today = canvas.NewRectangle(color.Transparent)
	for i := range r.heads {
		r.heads[i] = canvas.NewText("", theme.Color(theme.ColorNameForeground))
		r.heads[i].Alignment = fyne.TextAlignCenter
	}
	for i := range r.days {
		r.days[i] = canvas.NewText("", theme.Color(theme.ColorNameForeground))
		r.days[i].Alignment = fyne.TextAlignCenter
		r.days[i].TextStyle = fyne.TextStyle{Bold: true}
	}
	r.Refresh()
	return r
}

type dayGridRenderer struct {
	g             *dayGrid
	cursor, today *canvas.Rectangle
	heads         [7]*canvas.Text
	days          [31]*canvas.Text
}

func (r *dayGridRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.cursor, r.today}
	for _, t := range r.heads {
		out = append(out, t)
	}
	for _, t := range r.days {
		out = append(out, t)
	}
	return out
}

func (r *dayGridRenderer) Destroy() {}

// MinSize leaves room for two digits (or a short weekday name) in every
// cell, in six weeks and a row of headings.
func (r *dayGridRenderer) MinSize() fyne.Size {
	cell := fyne.MeasureText("88", theme.TextSize(), fyne.TextStyle{Bold: true}).Add(fyne.NewSquareSize(2 * theme.InnerPadding()))
	for _, t := range r.heads {
		cell.Width = max(cell.Width, t.MinSize().Width+theme.InnerPadding())
	}
	return fyne.NewSize(7*cell.Width, 7*cell.Height)
}

func (r *dayGridRenderer) Layout(size fyne.Size) {
	g := r.g
	first, days, lead, _ := g.layoutInfo()
	place := func(t fyne.CanvasObject, row, col int) (fyne.Position, fyne.Size) {
		pos, cs := g.cell(row, col, size)
		m := t.MinSize()
		t.Resize(fyne.NewSize(cs.Width, m.Height))
		t.Move(pos.AddXY(0, (cs.Height-m.Height)/2))
		return pos, cs
	}
	for i, t := range r.heads {
		place(t, 0, i)
	}
	r.cursor.Hide()
	r.today.Hide()
	pad := theme.Padding() / 2
	for i, t := range r.days {
		if i >= days {
			t.Hide()
			continue
		}
		t.Show()
		cellIndex := lead + i
		pos, cs := place(t, 1+cellIndex/7, cellIndex%7)
		d := first.AddDays(i)
		box := func(rect *canvas.Rectangle) {
			rect.Move(pos.AddXY(pad, pad))
			rect.Resize(cs.SubtractWidthHeight(2*pad, 2*pad))
			rect.Show()
		}
		if d == g.c.cursor {
			box(r.cursor)
		}
		if d == g.c.today {
			box(r.today)
		}
	}
}

func (r *dayGridRenderer) Refresh() {
	g := r.g
	env := g.c.env
	first, days, _, start := g.layoutInfo()
	fg := theme.Color(theme.ColorNameForeground)
	for i, t := range r.heads {
		t.Text = env.T(weekdayIDs[(int(start)+i)%7])
		t.Color = fg
		t.TextSize = theme.TextSize()
		t.Refresh()
	}
	for i, t := range r.days {
		t.Text = ""
		if i < days {
			t.Text = plainNumber(env, i+1)
		}
		t.Color = fg
		if first.AddDays(i) == g.c.cursor {
			t.Color = theme.Color(theme.ColorNameForegroundOnPrimary)
		}
		t.TextSize = theme.TextSize()
		t.Refresh()
	}
	r.cursor.FillColor = theme.Color(theme.ColorNamePrimary)
	r.cursor.CornerRadius = theme.InputRadiusSize()
	r.today.StrokeColor = theme.Color(theme.ColorNamePrimary)
	r.today.StrokeWidth = 2
	r.today.CornerRadius = theme.InputRadiusSize()
	r.Layout(g.Size())
	canvas.Refresh(g)
}
