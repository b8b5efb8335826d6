package ui

import (
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/textfold"
)

// Date and time input. Fields keep the text layouts the forms parse and
// the architecture promises (ISO dates "2027-10-21", a 24-hour "14:30"),
// so typing keeps working; a calendar button (or Down) opens a date
// picker, and a time field turns what people type ("2:30 pm", "1430",
// Persian digits) into that layout when they leave it.
//
// In a language whose calendar is Solar Hijri (Persian, see
// i18n.Translator.Calendar) a date field shows "1406/07/30" and its
// picker shows Solar Hijri months; it still reads ISO dates, and reads a
// year from 1300 to 1499 as a Solar Hijri year (no event or follow-up is
// in those Gregorian years). Whatever the field shows, the form gets a
// Gregorian date.Date.
//
// Fyne's own widget.DateEntry writes dates in the system locale's layout
// (not ISO, not the interface language) and its Calendar names months in
// English and has no keyboard use, so Safehouse has its own.

// The Solar Hijri years a date field reads and writes as such.
const (
	fieldHijriFirst = 1300
	fieldHijriLast  = 1499
)

// splitTypedDate splits a date typed in year-month-day order
// ("2027-10-21", "2027/1/5", "۱۴۰۶/۰۷/۳۰", digits of any script) into its
// three numbers.
func splitTypedDate(text string) (y, m, d int, ok bool) {
	t := strings.TrimSpace(textfold.Fold(text))
	parts := strings.Split(strings.NewReplacer("/", "-", ".", "-").Replace(t), "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 || v < 0 {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	return n[0], n[1], n[2], true
}

// normalizeDate reads a typed Gregorian date in year-month-day order
// ("2027-10-21", "2027/1/5", "۲۰۲۷-۱۰-۲۱") and returns it as an ISO date.
func normalizeDate(text string) (string, bool) {
	y, m, d, ok := splitTypedDate(text)
	if !ok {
		return "", false
	}
	v, err := date.Parse(strconv.Itoa(y) + "-" + pad2(m) + "-" + pad2(d))
	if err != nil {
		return "", false
	}
	return v.String(), true
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// readDate reads a date field's text in calendar cal: "" is no date; a
// Gregorian date normalizeDate understands; in the Solar Hijri calendar
// also a Solar Hijri date from 1300 to 1499 ("1406/07/30",
// "۱۴۰۶-۷-۳۰"). Anything else, a month 13 or a 31 Mehr included, is an
// error wrapping date.ErrInvalid.
func readDate(cal date.Calendar, text string) (date.Date, error) {
	if strings.TrimSpace(text) == "" {
		return date.Date{}, nil
	}
	if y, m, d, ok := splitTypedDate(text); ok && cal == date.SolarHijri && y >= fieldHijriFirst && y <= fieldHijriLast {
		return date.FromSolarHijri(y, m, d)
	}
	if n, ok := normalizeDate(text); ok {
		text = n
	}
	return date.Parse(strings.TrimSpace(text))
}

// fieldText is what a date field in calendar cal shows for d: an ISO date,
// or in the Solar Hijri calendar "1406/07/30" (in Latin digits, as time
// fields show "14:30") for the years the field reads back as Solar Hijri.
func fieldText(cal date.Calendar, d date.Date) string {
	if d.IsZero() {
		return ""
	}
	if y, m, day, ok := date.SolarHijri.Split(d); ok && cal == date.SolarHijri && y >= fieldHijriFirst && y <= fieldHijriLast {
		return strconv.Itoa(y) + "/" + pad2(m) + "/" + pad2(day)
	}
	return d.String()
}

// formatDate writes a calendar date ("" for none) the way the interface
// language's date fields show it (fieldText), ready for a form field.
func formatDate(env *Env, d date.Date) string { return fieldText(env.Tr.Calendar(), d) }

// parseDateField reads a date field in the interface language's calendar
// (readDate).
func parseDateField(env *Env, text string) (date.Date, error) {
	return readDate(env.Tr.Calendar(), text)
}

// normalizeClock returns a typed time of day as "HH:MM" (see
// date.ParseClock), or the text unchanged when it is not one.
func normalizeClock(text string) string {
	h, m, err := date.ParseClock(text)
	if err != nil {
		return text
	}
	return date.FormatClock(h, m)
}

// plainNumber writes n in the interface language's digits without
// grouping (a year is "2027", not "2,027").
func plainNumber(env *Env, n int) string {
	return message.NewPrinter(language.Make(env.Tr.Lang())).Sprint(number.Decimal(n, number.NoSeparator()))
}

// dateEntry is a date field: typed ISO dates, or a calendar.
type dateEntry struct {
	widget.Entry
	env *Env
	// open is the calendar button; calendar and popUp the open calendar
	// (for tests).
	open     *widget.Button
	calendar *calendarPicker
	popUp    *widget.PopUp
}

func (e *dateEntry) baseEntry() *widget.Entry { return &e.Entry }

// TypedShortcut passes the window's shortcuts on (textfield.go).
func (e *dateEntry) TypedShortcut(sc fyne.Shortcut) {
	if !passShortcut(e, sc) {
		e.Entry.TypedShortcut(sc)
	}
}

func newDateEntry(env *Env, hint string) *dateEntry {
	e := &dateEntry{env: env}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(hint)
	e.open = widget.NewButtonWithIcon("", theme.CalendarIcon(), e.openCalendar)
	e.open.Importance = widget.LowImportance
	e.ActionItem = e.open
	return e
}

// setOnEdit lets a form tracker hear about every change.
func (e *dateEntry) setOnEdit(fn func()) {
	prev := e.OnChanged
	e.OnChanged = func(s string) {
		if prev != nil {
			prev(s)
		}
		fn()
	}
}

// TypedKey implements [fyne.Focusable]: Down opens the calendar.
func (e *dateEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyDown {
		e.openCalendar()
		return
	}
	e.Entry.TypedKey(ev)
}

// FocusLost implements [fyne.Focusable]: a date typed another way
// ("2027/1/5", Persian digits, an ISO date in the Persian interface) is
// written the way the field shows dates.
func (e *dateEntry) FocusLost() {
	e.normalize()
	e.Entry.FocusLost()
}

func (e *dateEntry) normalize() {
	if d, err := e.date(); err == nil && !d.IsZero() {
		if n := formatDate(e.env, d); n != e.Text {
			e.SetText(n)
		}
	}
}

// date reads the field (parseDateField).
func (e *dateEntry) date() (date.Date, error) { return parseDateField(e.env, e.Text) }

// setDate shows d (none for the zero Date) the way the field shows dates.
func (e *dateEntry) setDate(d date.Date) { e.SetText(formatDate(e.env, d)) }

// setDayOf shows the day of t (in t's zone), or no date for the zero time.
func (e *dateEntry) setDayOf(t time.Time) {
	if t.IsZero() {
		e.setDate(date.Date{})
		return
	}
	e.setDate(date.Of(t))
}

// notADate is what dateEntry.iso gives for a field that holds no valid
// date: no date parser reads it.
const notADate = "invalid"

// iso returns the field's date as an ISO date for parsers of ISO text
// (parseWhen): "" for none, and notADate when the text is not a date in
// the field's calendar (so "1405/07/31" in Persian is refused, not read as
// a Gregorian day of the year 1405).
func (e *dateEntry) iso() string {
	d, err := e.date()
	if err != nil {
		return notADate
	}
	return d.String()
}

// openCalendar shows the calendar on the field's date, or today.
func (e *dateEntry) openCalendar() {
	if e.Disabled() || (e.popUp != nil && e.popUp.Visible()) {
		return
	}
	sel, err := e.date()
	if err != nil {
		sel = date.Date{}
	}
	cal := newCalendarPicker(e.env, sel, date.Of(pickerNow(e.env)))
	cal.onPick = func(d date.Date) {
		e.closeCalendar()
		e.setDate(d)
	}
	cal.onCancel = e.closeCalendar
	e.calendar = cal
	size := cal.MinSize()
	e.popUp = showPickerPopUp(e.env, e, cal, max(size.Width, 300), size.Height+2*theme.Padding())
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		c.Focus(cal)
	}
}

func (e *dateEntry) closeCalendar() {
	if e.popUp != nil {
		e.popUp.Hide()
	}
	e.popUp, e.calendar = nil, nil
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		c.Focus(e)
	}
}

// timeEntry is a time-of-day field that accepts what people type and
// shows it as "HH:MM" once they leave it or press Enter.
type timeEntry struct {
	widget.Entry
}

func (e *timeEntry) baseEntry() *widget.Entry { return &e.Entry }

// TypedShortcut passes the window's shortcuts on (textfield.go).
func (e *timeEntry) TypedShortcut(sc fyne.Shortcut) {
	if !passShortcut(e, sc) {
		e.Entry.TypedShortcut(sc)
	}
}

func newTimeEntry(hint string) *timeEntry {
	e := &timeEntry{}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(hint)
	return e
}

// setOnEdit lets a form tracker hear about every change.
func (e *timeEntry) setOnEdit(fn func()) {
	prev := e.OnChanged
	e.OnChanged = func(s string) {
		if prev != nil {
			prev(s)
		}
		fn()
	}
}

// FocusLost implements [fyne.Focusable].
func (e *timeEntry) FocusLost() {
	e.normalize()
	e.Entry.FocusLost()
}

// TypedKey implements [fyne.Focusable].
func (e *timeEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		e.normalize()
	}
	e.Entry.TypedKey(ev)
}

func (e *timeEntry) normalize() {
	if n := normalizeClock(e.Text); n != e.Text {
		e.SetText(n)
	}
}

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
		// The layout is mirrored (rtlChildren): "back" sits on the right
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
	// this also puts the new title in visual order (rtl.go).
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

// rtlChildren lets a right-to-left interface mirror the calendar (see
// rtl.go): the week then runs from right to left.
func (c *calendarPicker) rtlChildren() []fyne.CanvasObject { return []fyne.CanvasObject{c.box} }

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
