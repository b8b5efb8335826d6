package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/ui/rtl"
)

// The Persian interface shows dates in the Solar Hijri calendar (#14 §4):
// labels in words with Persian digits ("۱۶ مهر ۱۴۰۵"), date fields as
// "1405/07/16", and month grids from Farvardin to Esfand with weeks from
// Saturday. Date fields read both calendars; the vault stays Gregorian.

// TestPersianDateFieldReadsBothCalendars: a Persian date field reads a
// Solar Hijri date typed with any digits and any of - / . between the
// numbers, and an ISO date, and shows either as a Solar Hijri date when
// the user leaves it; what does not exist is refused, with no change.
func TestPersianDateFieldReadsBothCalendars(t *testing.T) {
	e := newScrEnv(t)
	inLanguage(t, e, "fa")
	d := newDateEntry(e.Env, e.T("contacts.field.date_hint"))
	e.show(t, container.NewVBox(d), 800, 600)
	if !strings.Contains(d.PlaceHolder, "خورشیدی") || !strings.Contains(d.PlaceHolder, "۱۴۰۶/۰۷/۳۰") {
		t.Errorf("the hint %q does not say which calendar the field reads", d.PlaceHolder)
	}
	if due := e.T("events.tasks.due_hint"); !strings.Contains(due, "خورشیدی") {
		t.Errorf("the due date hint %q does not say which calendar the field reads", due)
	}
	mehr30 := date.MustParse("2027-10-22")
	for _, typed := range []string{"۱۴۰۶/۰۷/۳۰", "1406-07-30", "1406/7/30", "١٤٠٦/٠٧/٣٠", " 1406.07.30 ", "۱۴۰۶-۷-۳۰",
		"2027-10-22", "۲۰۲۷-۱۰-۲۲", "2027/10/22", "1406/07/30"} {
		d.SetText(typed)
		got, err := d.date()
		if err != nil || got != mehr30 {
			t.Errorf("%q reads as %v, %v; want %v", typed, got, err, mehr30)
		}
		d.FocusLost()
		if d.Text != "1406/07/30" {
			t.Errorf("%q is shown as %q, want 1406/07/30", typed, d.Text)
		}
	}
	// Esfand 30 exists in 1403, a leap year; the first day of 1300 and
	// the last of 1499 are the ends of what the field reads as Solar
	// Hijri.
	for typed, want := range map[string]string{"1403/12/30": "2025-03-20", "1300/01/01": "1921-03-21", "1499/12/29": "2121-03-20"} {
		d.SetText(typed)
		if got, err := d.date(); err != nil || got.String() != want {
			t.Errorf("%q reads as %v, %v; want %s", typed, got, err, want)
		}
	}
	// Other years are Gregorian, and Gregorian dates the field would not
	// read back as Solar Hijri are shown as ISO dates.
	for typed, want := range map[string]string{"1500-01-01": "1500-01-01", "2200-01-01": "2200-01-01", "1299-01-01": "1299-01-01"} {
		d.SetText(typed)
		got, err := d.date()
		if err != nil || got.String() != want {
			t.Errorf("%q reads as %v, %v; want %s", typed, got, err, want)
		}
		d.FocusLost()
		if d.Text != want {
			t.Errorf("%q is shown as %q", typed, d.Text)
		}
	}
	// Hostile or impossible input is refused and left as typed.
	for _, typed := range []string{"1406/13/01", "1406/07/31", "1404/12/30", "1406/00/10", "1406/07/00", "۱۴۰۶/۱۳/۰۱",
		"99999999999999999999/01/01", "1406/99999999999999999999/01", "1406/07", "1406/07/30/01", "-1406/07/30",
		"1406/07/30x", "مهر ۱۴۰۶", "1406//07/30", "2027-02-30", "14O6/07/30"} {
		d.SetText(typed)
		if got, err := d.date(); !errors.Is(err, date.ErrInvalid) {
			t.Errorf("%q reads as %v, %v; want ErrInvalid", typed, got, err)
		}
		d.FocusLost()
		if d.Text != typed {
			t.Errorf("refused %q became %q", typed, d.Text)
		}
	}
	d.setDate(date.Date{})
	if d.Text != "" {
		t.Errorf("no date shows %q", d.Text)
	}
	// The time of day beside it keeps the existing digit handling.
	if got := normalizeClock("۱۸:۳۰"); got != "18:30" {
		t.Errorf("Persian time %q", got)
	}
}

// TestPersianCalendarPicker: the picker of the Persian interface shows
// Solar Hijri months in Persian, weeks from Saturday, and moves by Solar
// Hijri months; what it picks is written as a Solar Hijri date.
func TestPersianCalendarPicker(t *testing.T) {
	e := newScrEnv(t) // today is 1 October 2026, 9 Mehr 1405
	inLanguage(t, e, "fa")
	d := newDateEntry(e.Env, "")
	e.show(t, container.NewVBox(d), 800, 600)
	test.Tap(d.open)
	c := d.calendar
	if c == nil {
		t.Fatal("no calendar")
	}
	first, days, lead, start := c.grid.layoutInfo()
	// 1 Mehr 1405 is Wednesday 23 September 2026: four cells (Saturday
	// to Tuesday) before it.
	if c.title.Text != rtl.VisualOrder("مهر ۱۴۰۵") || first != date.MustParse("2026-09-23") || days != 30 || lead != 4 || start != time.Saturday {
		t.Fatalf("picker shows %q from %v, %d days after %d cells, week from %v", c.title.Text, first, days, lead, start)
	}
	r := test.WidgetRenderer(c.grid).(*dayGridRenderer)
	if r.heads[0].Text != "شنبه" || r.heads[6].Text != "جمعه" {
		t.Errorf("weekday headings %q … %q", r.heads[0].Text, r.heads[6].Text)
	}
	if r.days[0].Text != "۱" || r.days[29].Text != "۳۰" || r.days[30].Text != "" {
		t.Errorf("day cells %q %q %q", r.days[0].Text, r.days[29].Text, r.days[30].Text)
	}
	press(t, e, fyne.KeyEnd) // 30 Mehr
	if c.cursor != date.MustParse("2026-10-22") {
		t.Fatalf("End went to %v", c.cursor)
	}
	press(t, e, fyne.KeyPageDown) // 30 Aban
	if c.cursor != date.MustParse("2026-11-21") || c.title.Text != rtl.VisualOrder("آبان ۱۴۰۵") {
		t.Fatalf("Page Down went to %v, %q", c.cursor, c.title.Text)
	}
	press(t, e, fyne.KeyHome) // 1 Aban
	if c.cursor != date.MustParse("2026-10-23") {
		t.Fatalf("Home went to %v", c.cursor)
	}
	press(t, e, fyne.KeyReturn)
	if d.Text != "1405/08/01" || d.popUp != nil {
		t.Fatalf("picked %q", d.Text)
	}
	// It opens on the field's date; a tap picks a day of that month.
	d.SetText("۱۴۰۳/۱۲/۰۱")
	test.Tap(d.open)
	c = d.calendar
	if _, days, _, _ := c.grid.layoutInfo(); c.title.Text != rtl.VisualOrder("اسفند ۱۴۰۳") || days != 30 {
		t.Fatalf("Esfand 1403 shows %q with %d days", c.title.Text, days)
	}
	test.TapAt(c.grid, c.grid.dayPos(30))
	if d.Text != "1403/12/30" {
		t.Fatalf("tapped Esfand 30 gives %q", d.Text)
	}
	// 30 Esfand + 1 month is 30 Farvardin; - 12 months is 29 Esfand 1402.
	c = newCalendarPicker(e.Env, date.MustParse("2025-03-20"), date.Of(scrNow))
	c.moveMonths(1)
	if c.cursor != date.MustParse("2025-04-19") || c.title.Text != "فروردین ۱۴۰۴" {
		t.Fatalf("30 Esfand + 1 month = %v %q", c.cursor, c.title.Text)
	}
	c.moveMonths(-13)
	if c.cursor != date.MustParse("2024-03-19") {
		t.Fatalf("30 Farvardin 1404 - 13 months = %v", c.cursor)
	}
	test.Tap(d.open)
	test.Tap(d.calendar.todayButton)
	if d.Text != "1405/07/09" {
		t.Fatalf("Today gives %q", d.Text)
	}
	// Beyond the years the calendar can name, the picker is Gregorian.
	if got := newCalendarPicker(e.Env, date.MustParse("4000-01-10"), date.Of(scrNow)).title.Text; got != "ژانویه ۴۰۰۰" {
		t.Errorf("year 4000 shows %q", got)
	}
	// Arabic keeps the Gregorian calendar.
	inLanguage(t, e, "ar")
	if got := newCalendarPicker(e.Env, date.Date{}, date.Of(scrNow)).title.Text; got != "أكتوبر ٢٠٢٦" {
		t.Errorf("Arabic picker %q", got)
	}
}

// TestPersianScreensShowSolarHijri: the events list, an event's detail,
// its tasks, a contact's follow-up and the dashboard show Solar Hijri
// dates with Persian digits; the event form shows and reads them, and
// refuses a day that does not exist with the translated message.
func TestPersianScreensShowSolarHijri(t *testing.T) {
	e := newScrEnv(t)
	inLanguage(t, e, "fa")
	ctx := context.Background()
	ev := sampleEvent(t, e) // 8 October 2026, 18:00–21:00 in Berlin: 16 Mehr 1405
	if err := e.Session.Store().Tasks().Add(ctx, &event.Task{EventID: ev.ID, Title: "Book the room", Due: date.MustParse("2026-09-20")}); err != nil {
		t.Fatal(err)
	}
	s := newTestEvents(t, e)
	s.list.Select(0)
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{
		"۱۶ مهر ۱۴۰۵، ساعت ۱۸:۰۰ – ۲۱:۰۰", // the detail
		"۱۶ مهر ۱۴۰۵، ساعت ۱۸:۰۰",         // the list row
		e.T("events.tasks.due", "Date", "۲۹ شهریور ۱۴۰۵"),
	} {
		if !strings.Contains(texts, want) {
			t.Errorf("events screen lacks %q in:\n%s", want, texts)
		}
	}
	for _, gregorian := range []string{"اکتبر", "سپتامبر", "۲۰۲۶", "2026"} {
		if strings.Contains(texts, gregorian) {
			t.Errorf("events screen shows the Gregorian %q:\n%s", gregorian, texts)
		}
	}

	// The form shows the event's days as Solar Hijri dates and saves
	// what is typed in either calendar as the right instant.
	test.Tap(s.detail.editButton)
	f := s.form
	if f.startDate.Text != "1405/07/16" || f.endDate.Text != "1405/07/16" || f.startTime.Text != "18:00" {
		t.Fatalf("form shows %q %q – %q", f.startDate.Text, f.startTime.Text, f.endDate.Text)
	}
	f.startDate.SetText("1405/07/31")
	test.Tap(f.save)
	if got := f.errs["start"].Text(); got != e.T("validation.date_invalid") || !strings.Contains(got, "۱۴۰۶/۰۷/۳۰") {
		t.Fatalf("31 Mehr gives the error %q", got)
	}
	f.startDate.SetText("۱۴۰۵/۰۸/۰۱")
	f.endDate.SetText("2026-10-23")
	test.Tap(f.save)
	if s.form != nil {
		t.Fatalf("form not saved: %q %q", f.errs["start"].Text(), f.errs["end"].Text())
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	saved, err := e.Session.Store().Events().Get(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !saved.Start.Equal(time.Date(2026, 10, 23, 18, 0, 0, 0, berlin)) || !saved.End.Equal(time.Date(2026, 10, 23, 21, 0, 0, 0, berlin)) {
		t.Fatalf("saved %v – %v", saved.Start, saved.End)
	}

	// A task's due date is edited the same way.
	test.Tap(s.detail.taskEdits[0])
	ed := s.taskEditor
	if ed.due.Text != "1405/06/29" {
		t.Fatalf("task editor shows %q", ed.due.Text)
	}
	ed.due.SetText("1405/07/31") // Mehr has 30 days
	s.saveTask(ed)
	if ed.err.Text() != e.T("validation.date_invalid") {
		t.Fatalf("31 Mehr accepted for a task")
	}
	ed.due.SetText("1405/06/31") // Shahrivar has 31
	s.saveTask(ed)
	tasks, err := e.Session.Store().Tasks().ListForEvent(ctx, ev.ID)
	if err != nil || len(tasks) != 1 || tasks[0].Due != date.MustParse("2026-09-22") {
		t.Fatalf("task saved as %+v %v", tasks, err)
	}

	// A contact's follow-up day.
	e.addContacts(t, sampleContacts()...) // Amina: follow up on 3 December 2026, 12 Azar 1405
	c := newTestContacts(t, e)
	c.list.Select(0)
	if texts := strings.Join(scrCanvasTexts(e), "\n"); !strings.Contains(texts, "۱۲ آذر ۱۴۰۵") {
		t.Errorf("contact detail lacks the follow-up day:\n%s", texts)
	}

	// The dashboard's coming-up list: an event on 3 October 2026.
	soon := &event.Event{Title: "Stall", Kind: event.KindWorkshop, Status: event.StatusPlanned,
		Start: scrNow.Add(48 * time.Hour), TimeZone: "UTC"}
	if err := e.Session.Store().Events().Add(ctx, soon); err != nil {
		t.Fatal(err)
	}
	dash := newTestDashboard(t, e, 1280, 800)
	if len(dash.weekLinks) != 1 || dash.weekLinks[0].Text != e.T("dashboard.week_item", "Date", "۱۱ مهر ۱۴۰۵", "Title", "Stall") {
		t.Errorf("dashboard's coming up: %+v", dash.weekLinks)
	}
}
