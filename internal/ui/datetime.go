package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
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
// Fyne's own widget.DateEntry writes dates in the system locale's layout
// (not ISO, not the interface language) and its Calendar names months in
// English and has no keyboard use, so Safehouse has its own.

// normalizeDate reads a typed date in year-month-day order ("2027-10-21",
// "2027/1/5", "۲۰۲۷-۱۰-۲۱") and returns it as an ISO date.
func normalizeDate(text string) (string, bool) {
	t := strings.TrimSpace(textfold.Fold(text))
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 || len(parts[0]) != 4 {
		return "", false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 || v < 0 {
			return "", false
		}
		n[i] = v
	}
	d, err := date.Parse(strings.Join([]string{parts[0], pad2(n[1]), pad2(n[2])}, "-"))
	if err != nil {
		return "", false
	}
	return d.String(), true
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// parseDateField reads a date field: "" is no date; anything else must
// be a date normalizeDate understands.
func parseDateField(text string) (date.Date, error) {
	if strings.TrimSpace(text) == "" {
		return date.Date{}, nil
	}
	if n, ok := normalizeDate(text); ok {
		text = n
	}
	return date.Parse(strings.TrimSpace(text))
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
// ("2027/1/5", Persian digits) is written as an ISO date.
func (e *dateEntry) FocusLost() {
	e.normalize()
	e.Entry.FocusLost()
}

func (e *dateEntry) normalize() {
	if n, ok := normalizeDate(e.Text); ok && n != e.Text {
		e.SetText(n)
	}
}

// openCalendar shows the calendar on the field's date, or today.
func (e *dateEntry) openCalendar() {
	if e.Disabled() || (e.popUp != nil && e.popUp.Visible()) {
		return
	}
	sel, err := parseDateField(e.Text)
	if err != nil {
		sel = date.Date{}
	}
	cal := newCalendarPicker(e.env, sel, date.Of(pickerNow(e.env)))
	cal.onPick = func(d date.Date) {
		e.closeCalendar()
		e.SetText(d.String())
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
	// days are the buttons of the month shown, day 1 first.
	days    []*widget.Button
	grid    *fyne.Container
	box     *fyne.Container
	focused bool
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
	c.grid = container.NewGridWithColumns(7)
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

// build fills the grid with the cursor's month.
func (c *calendarPicker) build() {
	env := c.env
	first := date.New(c.cursor.Year, c.cursor.Month, 1)
	c.title.SetText(env.T("pickers.date.month_year", "Month", env.T("pickers.date.month."+strconv.Itoa(int(first.Month))),
		"Year", plainNumber(env, first.Year)))
	c.grid.RemoveAll()
	c.days = nil
	start := weekStart(env.Tr.Lang())
	for i := range 7 {
		l := widget.NewLabel(env.T(weekdayIDs[(int(start)+i)%7]))
		l.Alignment = fyne.TextAlignCenter
		c.grid.Add(l)
	}
	lead := (int(first.Time(time.UTC).Weekday()) - int(start) + 7) % 7
	for range lead {
		c.grid.Add(layout.NewSpacer())
	}
	for d := first; d.Month == first.Month; d = date.New(d.Year, d.Month, d.Day+1) {
		day := d
		b := widget.NewButton(plainNumber(env, d.Day), func() { c.pick(day) })
		switch {
		case d == c.cursor:
			b.Importance = widget.HighImportance
		case d == c.today:
			b.Importance = widget.MediumImportance
		default:
			b.Importance = widget.LowImportance
		}
		c.days = append(c.days, b)
		c.grid.Add(b)
	}
	// Lay the whole calendar out again: in a right-to-left interface
	// this also puts the new title and days in visual order (rtl.go).
	c.box.Refresh()
}

func (c *calendarPicker) pick(d date.Date) {
	if c.onPick != nil {
		c.onPick(d)
	}
}

// moveDays moves the cursor by n days, showing its month.
func (c *calendarPicker) moveDays(n int) {
	c.cursor = date.New(c.cursor.Year, c.cursor.Month, c.cursor.Day+n)
	c.build()
}

// moveMonths moves the cursor by n months, keeping the day where the
// month has it (31 January + 1 month is 28 or 29 February).
func (c *calendarPicker) moveMonths(n int) {
	first := date.New(c.cursor.Year, c.cursor.Month+time.Month(n), 1)
	last := date.New(first.Year, first.Month+1, 0).Day
	c.cursor = date.New(first.Year, first.Month, min(c.cursor.Day, last))
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
		c.moveDays(1 - c.cursor.Day)
	case fyne.KeyEnd:
		c.moveDays(date.New(c.cursor.Year, c.cursor.Month+1, 0).Day - c.cursor.Day)
	case fyne.KeyReturn, fyne.KeyEnter:
		c.pick(c.cursor)
	case fyne.KeyEscape:
		if c.onCancel != nil {
			c.onCancel()
		}
	}
}
