package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func TestDescribeRepeat(t *testing.T) {
	e := newScrEnv(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2027, 1, 12, 19, 0, 0, 0, berlin) // the second Tuesday
	say := func(rule string) string {
		ev := &event.Event{Start: start, TimeZone: "Europe/Berlin", Repeat: &event.Repeat{Rule: rule}}
		return describeRepeat(e.Env, ev)
	}
	for rule, want := range map[string]string{
		"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630":   "Every week on Tuesday, until June 30, 2027",
		"FREQ=WEEKLY":                           "Every week on Tuesday",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO":    "Every 2 weeks on Monday, Thursday",
		"FREQ=DAILY;COUNT=1":                    "Every day, once",
		"FREQ=DAILY;INTERVAL=3;COUNT=10":        "Every 3 days, 10 times",
		"FREQ=MONTHLY;BYDAY=2TU":                "Every month on the second Tuesday",
		"FREQ=MONTHLY;BYDAY=-1FR":               "Every month on the last Friday",
		"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=12": "Every 3 months on day 12",
		"FREQ=YEARLY":                           "Every year",
		"FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1":  "Repeats as set in a calendar app",
	} {
		if got := say(rule); got != want {
			t.Errorf("%s: %q, want %q", rule, got, want)
		}
	}
	if got := describeRepeat(e.Env, &event.Event{Start: start}); got != "" {
		t.Errorf("an event that does not repeat: %q", got)
	}
	inLanguage(t, e, "ru")
	for rule, want := range map[string]string{
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU": "Каждые 2 недели: вторник",
		"FREQ=WEEKLY;INTERVAL=5;BYDAY=TU": "Каждые 5 недель: вторник",
		"FREQ=DAILY;COUNT=3":              "Каждый день, 3 раза",
	} {
		if got := say(rule); got != want {
			t.Errorf("ru %s: %q, want %q", rule, got, want)
		}
	}
}

// formChoice and repeat are each other's inverse for the choices the
// form offers.
func TestRepeatFieldChoices(t *testing.T) {
	e := newScrEnv(t)
	lastFri := time.Date(2027, 1, 29, 9, 0, 0, 0, time.UTC) // the fifth and last Friday
	for _, tc := range []struct {
		start  time.Time
		choice string
		rule   string
	}{
		{time.Date(2027, 1, 12, 9, 0, 0, 0, time.UTC), repeatWeekly, "FREQ=WEEKLY;BYDAY=TU"},
		{time.Date(2027, 1, 12, 9, 0, 0, 0, time.UTC), repeatMonthlyNth, "FREQ=MONTHLY;BYDAY=2TU"},
		{lastFri, repeatMonthlyLast, "FREQ=MONTHLY;BYDAY=-1FR"},
		{lastFri, repeatMonthlyDay, "FREQ=MONTHLY;BYMONTHDAY=29"},
		{lastFri, repeatDaily, "FREQ=DAILY"},
		{lastFri, repeatYearly, "FREQ=YEARLY"},
	} {
		ev := &event.Event{Start: tc.start, TimeZone: "UTC"}
		f := newRepeatField(e.Env, ev)
		f.choice.SetValue(tc.choice)
		rp, msg := f.repeat(tc.start, nil)
		if msg != "" || rp == nil || rp.Rule != tc.rule {
			t.Errorf("%s on %v: %+v %q, want %s", tc.choice, tc.start, rp, msg, tc.rule)
			continue
		}
		r, _ := event.ParseRule(rp.Rule)
		if got := formChoice(r, tc.start); got != tc.choice {
			t.Errorf("formChoice(%s) = %s", rp.Rule, got)
		}
	}
	// A fifth Friday has no "fifth" choice; a rule the form cannot show
	// is offered as it is.
	f := newRepeatField(e.Env, &event.Event{Start: lastFri, TimeZone: "UTC", Repeat: &event.Repeat{Rule: "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU"}})
	if f.choice.Value() != repeatCustom || slices.Contains(f.choice.values, repeatMonthlyNth) {
		t.Errorf("choices %v, value %q", f.choice.values, f.choice.Value())
	}
	if rp, _ := f.repeat(lastFri, nil); rp == nil || rp.Rule != "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1" {
		t.Errorf("custom rule not kept: %+v", rp)
	}
	// Bad numbers are refused with a message.
	f = newRepeatField(e.Env, &event.Event{Start: lastFri, TimeZone: "UTC"})
	f.choice.SetValue(repeatDaily)
	f.interval.SetText("0")
	if _, msg := f.repeat(lastFri, nil); msg != "Please enter a whole number from 1 to 1,000." {
		t.Errorf("interval 0: %q", msg)
	}
	f.interval.SetText("1")
	f.end.SetValue(endCount)
	f.count.SetText("1000000000")
	if _, msg := f.repeat(lastFri, nil); msg != "Please enter a whole number from 1 to 10,000." {
		t.Errorf("count 1e9: %q", msg)
	}
}

// newSeriesForm fills the new-event form with a weekly Tuesday 19:00
// meeting in Berlin until 30 June 2027, and saves it.
func newSeriesForm(t *testing.T, s *eventsScreen) {
	t.Helper()
	s.NewItem()
	f := s.form
	test.Type(f.title, "Chapter meeting")
	f.zone.SetValue("Europe/Berlin")
	f.startDate.SetText("2026-10-06")
	f.startTime.SetText("19:00")
	f.endDate.SetText("2026-10-06")
	f.endTime.SetText("21:00")
	if f.repeat.details.Visible() {
		t.Error("how often and the end are shown for an event that does not repeat")
	}
	f.repeat.choice.SetSelectedIndex(slices.Index(f.repeat.choice.values, repeatWeekly))
	if !f.repeat.details.Visible() || f.repeat.until.Visible() {
		t.Error("details not shown, or the date shown for an endless series")
	}
	if got := f.repeat.choice.Selected; got != "Every week on Tuesday" {
		t.Errorf("weekly choice worded %q", got)
	}
	f.repeat.end.SetSelectedIndex(slices.Index(f.repeat.end.values, endUntil))
	if !f.repeat.until.Visible() || f.repeat.count.Visible() {
		t.Error("the end date is not shown")
	}
	f.repeat.until.SetText("2027-06-30")
	test.Tap(f.save)
	if s.form != nil {
		t.Fatalf("form still open: %v", f.errs["repeat"].Text())
	}
}

func TestEventFormMakesASeries(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	newSeriesForm(t, s)
	evs, err := e.Session.Store().Events().List(context.Background(), store.EventFilter{})
	if err != nil || len(evs) != 1 || evs[0].Repeat == nil || evs[0].Repeat.Rule != "FREQ=WEEKLY;UNTIL=20270630;BYDAY=TU" {
		t.Fatalf("stored %+v %v", evs, err)
	}
	// The list shows each Tuesday; the detail says how it repeats.
	if len(s.items) < 30 || s.items[1].Start.Sub(s.items[0].Start) != 7*24*time.Hour {
		t.Fatalf("%d occurrences listed", len(s.items))
	}
	if s.detail == nil || s.detail.repeatText == nil || s.detail.repeatText.Text != "Every week on Tuesday, until June 30, 2027" {
		t.Fatalf("detail repeat text = %+v", s.detail)
	}
	// The same 19:00 after the clocks go back on 25 October.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, o := range s.items[:6] {
		if h := o.Start.In(berlin).Hour(); h != 19 {
			t.Errorf("occurrence at %v", o.Start.In(berlin))
		}
	}
}

// Editing one date asks "only this date or all dates?"; the answer makes
// a changed occurrence or changes the series.
func TestEditOneOccurrenceOrAll(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	newSeriesForm(t, s)
	s.list.Select(2) // 20 October
	d := s.detail
	if d == nil || d.series == nil || !d.occ.Start.Equal(s.items[2].Start) {
		t.Fatalf("detail of the third date: %+v", d)
	}
	test.Tap(d.editButton)
	f := s.form
	if f.startDate.Text != "2026-10-20" || f.startTime.Text != "19:00" {
		t.Fatalf("form dates %s %s", f.startDate.Text, f.startTime.Text)
	}
	f.title.SetText("Chapter meeting at the library")
	f.startTime.SetText("18:00")
	test.Tap(f.save)
	if f.scope == nil || !strings.Contains(f.scope.text, "October 20, 2026") {
		t.Fatalf("no question, or it names the wrong date: %+v", f.scope)
	}
	test.Tap(f.scope.thisButton)
	if s.form != nil {
		t.Fatal("form still open after saving this date")
	}
	var titles []string
	for _, o := range s.items[:4] {
		titles = append(titles, o.Event.Title+" "+o.Start.In(o.Event.Zone()).Format("01-02 15:04"))
	}
	want := []string{"Chapter meeting 10-06 19:00", "Chapter meeting 10-13 19:00", "Chapter meeting at the library 10-20 18:00", "Chapter meeting 10-27 19:00"}
	if !slices.Equal(titles, want) {
		t.Fatalf("list %q, want %q", titles, want)
	}
	// Edit the changed date again: no copy is made.
	s.list.Select(2)
	test.Tap(s.detail.editButton)
	s.form.location.SetText("Library")
	test.Tap(s.form.save)
	test.Tap(s.form.scope.thisButton)
	if ov, _ := e.Session.Store().Events().Overrides(context.Background(), s.detail.series.ID); len(ov) != 1 || ov[0].Location != "Library" {
		t.Fatalf("changed occurrences: %+v", ov)
	}
	// All dates: the series gets the new title and time, the changed date keeps its own.
	s.list.Select(3)
	test.Tap(s.detail.editButton)
	s.form.title.SetText("Chapter evening")
	s.form.startTime.SetText("19:30")
	s.form.endTime.SetText("21:30")
	test.Tap(s.form.save)
	test.Tap(s.form.scope.allButton)
	titles = titles[:0]
	for _, o := range s.items[:4] {
		titles = append(titles, o.Event.Title+" "+o.Start.In(o.Event.Zone()).Format("01-02 15:04"))
	}
	want = []string{"Chapter evening 10-06 19:30", "Chapter evening 10-13 19:30", "Chapter meeting at the library 10-20 18:00", "Chapter evening 10-27 19:30"}
	if !slices.Equal(titles, want) {
		t.Fatalf("after all dates: %q, want %q", titles, want)
	}
}

// Deleting one date takes only it (and its tasks) out; deleting all asks
// to confirm and removes the series.
func TestDeleteOneOccurrenceOrAll(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	newSeriesForm(t, s)
	n := len(s.items)
	s.list.Select(1)
	d := s.detail
	// A task for this date only, and one for every date.
	test.Type(d.newTask, "Bring the projector")
	test.Tap(d.addTask)
	d = s.detail
	d.thisDateOnly.SetChecked(false)
	test.Type(d.newTask, "Book the room")
	test.Tap(d.addTask)
	if len(s.detail.tasks) != 2 {
		t.Fatalf("tasks %+v", s.detail.tasks)
	}
	s.list.Select(2)
	if len(s.detail.tasks) != 1 || s.detail.tasks[0].Title != "Book the room" {
		t.Fatalf("another date shows tasks %+v", s.detail.tasks)
	}
	second := s.items[1].Start
	s.list.Select(1)
	test.Tap(s.detail.deleteButton)
	if s.scope == nil || !strings.Contains(s.scope.text, "October 13, 2026") {
		t.Fatalf("delete question: %+v", s.scope)
	}
	test.Tap(s.scope.thisButton)
	if len(s.items) != n-1 || s.items[1].Start.Equal(second) {
		t.Fatalf("%d dates listed (was %d), second %v", len(s.items), n, s.items[1].Start)
	}
	series := s.items[0].SeriesID
	tasks, _ := e.Session.Store().Tasks().ListForEvent(context.Background(), series)
	if len(tasks) != 1 || tasks[0].Title != "Book the room" {
		t.Fatalf("tasks left %+v", tasks)
	}
	s.list.Select(0)
	test.Tap(s.detail.deleteButton)
	test.Tap(s.scope.allButton)
	if s.confirm == nil {
		t.Fatal("deleting all dates is not confirmed")
	}
	s.confirm.Confirm()
	if len(s.items) != 0 {
		t.Fatalf("%d dates left", len(s.items))
	}
}
