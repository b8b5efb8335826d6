package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/date"
)

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
