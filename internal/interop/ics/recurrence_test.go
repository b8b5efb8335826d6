package ics

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// seriesVault holds a weekly meeting (Berlin, 19:00, an exception, an
// extra date, a moved date and a task of one date), an all-day monthly
// series until a date, and a "last Friday" series with a count.
func seriesVault(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st := newStore(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2027, 3, 2, 19, 0, 0, 0, berlin)
	weekly := &event.Event{Title: "Chapter meeting", Kind: event.KindMeeting, Start: start, End: start.Add(90 * time.Minute),
		TimeZone: "Europe/Berlin", Repeat: &event.Repeat{Rule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630",
			Except: []time.Time{start}, Extra: []time.Time{time.Date(2027, 3, 5, 19, 0, 0, 0, berlin)}}}
	allDay := &event.Event{Title: "Stall day", Start: time.Date(2027, 1, 9, 0, 0, 0, 0, berlin), End: time.Date(2027, 1, 10, 0, 0, 0, 0, berlin),
		TimeZone: "Europe/Berlin", Repeat: &event.Repeat{Rule: "FREQ=MONTHLY;BYMONTHDAY=9;UNTIL=20271231"}}
	last := &event.Event{Title: "Coalition call", Start: time.Date(2027, 1, 29, 15, 0, 0, 0, time.UTC), TimeZone: "UTC",
		Repeat: &event.Repeat{Rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=6"}}
	for _, e := range []*event.Event{weekly, allDay, last} {
		if err := st.Events().Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	orig := start.AddDate(0, 0, 14)
	moved := &event.Event{Title: "Chapter meeting (in the library)", Start: orig.Add(24 * time.Hour), End: orig.Add(24*time.Hour + 90*time.Minute),
		TimeZone: "Europe/Berlin", SeriesID: weekly.ID, RecurrenceID: orig, Location: "Library"}
	if err := st.Events().Add(ctx, moved); err != nil {
		t.Fatal(err)
	}
	for _, tk := range []*event.Task{
		{EventID: weekly.ID, Title: "Book the room for the year"},
		{EventID: weekly.ID, Title: "Agenda for 23 March", Occurrence: start.AddDate(0, 0, 21)},
	} {
		if err := st.Tasks().Add(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func exportAll(t *testing.T, st *store.Store) []byte {
	t.Helper()
	items, err := Collect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, items, ExportOptions{Now: stamp}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withoutVolatile drops the lines that say when records were made or
// changed in this vault (CREATED, LAST-MODIFIED) and their Safehouse UIDs,
// which a second vault gives new values.
func withoutVolatile(data []byte) string {
	var out []string
	for _, l := range strings.Split(string(data), "\r\n") {
		if strings.HasPrefix(l, "CREATED:") || strings.HasPrefix(l, "LAST-MODIFIED:") || strings.HasPrefix(l, "SEQUENCE:") ||
			strings.HasPrefix(l, "UID:") || strings.HasPrefix(l, "RELATED-TO;") || strings.HasPrefix(l, " ") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// Export, import into a fresh vault, export again: the same file.
func TestSeriesRoundTripIdentical(t *testing.T) {
	first := exportAll(t, seriesVault(t))
	for _, want := range []string{
		"RRULE:FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=TU",
		"EXDATE;TZID=Europe/Berlin:20270302T190000",
		"RDATE;TZID=Europe/Berlin:20270305T190000",
		"RECURRENCE-ID;TZID=Europe/Berlin:20270316T190000",
		"RRULE:FREQ=MONTHLY;UNTIL=20271231;BYMONTHDAY=9",
		"RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-1FR",
		"X-SAFEHOUSE-OCCURRENCE:20270323T180000Z",
	} {
		if !strings.Contains(string(first), want) {
			t.Errorf("export lacks %q:\n%s", want, first)
		}
	}
	second := newStore(t)
	importInto(t, second, first)
	again := exportAll(t, second)
	if a, b := withoutVolatile(first), withoutVolatile(again); a != b {
		t.Errorf("export → import → export differs:\n%s\n----\n%s", a, b)
	}
	// The UIDs survive: the series and its moved date share one.
	if a, b := uids(t, first), uids(t, again); strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("UIDs %q then %q", a, b)
	}
	// Importing the export again adds nothing.
	if pv := importInto(t, second, again); len(pv.New) != 0 {
		t.Errorf("re-import added %d events", len(pv.New))
	}
}

func uids(t *testing.T, data []byte) []string {
	t.Helper()
	cal, err := goical.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range cal.Events() {
		out = append(out, e.Id())
	}
	return out
}

// The independent parser reads the series: RRULE, EXDATE and RDATE on the
// master, RECURRENCE-ID with the master's UID on the moved date.
func TestSeriesExportIndependentParser(t *testing.T) {
	data := exportAll(t, seriesVault(t))
	cal, err := goical.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the export: %v", err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var master, moved *goical.VEvent
	for _, e := range cal.Events() {
		switch e.GetProperty(goical.ComponentPropertySummary).Value {
		case "Chapter meeting":
			master = e
		case "Chapter meeting (in the library)":
			moved = e
		}
	}
	if master == nil || moved == nil {
		t.Fatal("series or moved date missing")
	}
	if moved.Id() != master.Id() {
		t.Errorf("moved date UID %q, series %q", moved.Id(), master.Id())
	}
	rid := moved.GetProperty(goical.ComponentPropertyRecurrenceId)
	if rid == nil || rid.Value != "20270316T190000" || rid.ICalParameters["TZID"][0] != "Europe/Berlin" {
		t.Errorf("RECURRENCE-ID = %+v", rid)
	}
	rr := master.GetProperty(goical.ComponentPropertyRrule)
	if rr == nil {
		t.Fatal("no RRULE")
	}
	opt, err := event.ParseRule(rr.Value)
	if err != nil || opt.UntilIn(berlin).In(berlin).Format("2006-01-02 15:04") != "2027-06-30 23:59" {
		t.Errorf("RRULE %q: %v", rr.Value, err)
	}
	ex := master.GetProperty(goical.ComponentPropertyExdate)
	if ex == nil || ex.Value != "20270302T190000" {
		t.Errorf("EXDATE = %+v", ex)
	}
	start, err := master.GetStartAt()
	if err != nil || !start.Equal(time.Date(2027, 3, 2, 19, 0, 0, 0, berlin)) {
		t.Errorf("DTSTART = %v, %v", start, err)
	}
}

// An EXDATE on the first date: no occurrence on that date. A cancelled
// RECURRENCE-ID is an exception too. A rule that cannot be kept leaves
// the first date with a note; a moved date without its series is skipped.
func TestImportSeriesEdges(t *testing.T) {
	const file = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" +
		"BEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:First date off\r\nDTSTART:20270104T100000Z\r\nDTEND:20270104T110000Z\r\n" +
		"RRULE:FREQ=DAILY;COUNT=3\r\nEXDATE:20270104T100000Z\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:First date off\r\nRECURRENCE-ID:20270105T100000Z\r\nDTSTART:20270105T100000Z\r\n" +
		"STATUS:CANCELLED\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:b@x\r\nSUMMARY:Every second\r\nDTSTART:20270104T100000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:c@x\r\nSUMMARY:A billion\r\nDTSTART:20270104T100000Z\r\nRRULE:FREQ=DAILY;COUNT=1000000000\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:d@x\r\nSUMMARY:Ten thousand years\r\nDTSTART:20270104T100000Z\r\nRRULE:FREQ=DAILY;UNTIL=99991231T000000Z\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:e@x\r\nSUMMARY:Orphan\r\nRECURRENCE-ID:20270105T100000Z\r\nDTSTART:20270105T120000Z\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:f@x\r\nSUMMARY:Periods\r\nDTSTART:20270104T100000Z\r\nRRULE:FREQ=WEEKLY\r\n" +
		"RDATE;VALUE=PERIOD:20270110T100000Z/PT1H\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	p := parse(t, []byte(file), "UTC")
	byTitle := map[string]*Incoming{}
	for _, in := range p.Events {
		byTitle[in.Event.Title] = in
	}
	first := byTitle["First date off"]
	if first == nil || first.Event.Repeat == nil {
		t.Fatal("series not kept")
	}
	occ := first.Event.Occurrences(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), 0, nil)
	if len(occ) != 1 || occ[0].Start.Day() != 6 {
		t.Errorf("occurrences = %+v, want only the 6th", occ)
	}
	for _, title := range []string{"Every second", "A billion"} {
		in := byTitle[title]
		if in == nil || in.Event.Repeat != nil || len(in.Notices) != 1 || in.Notices[0].ID != NoticeRecurring {
			t.Errorf("%s: %+v", title, in)
		}
	}
	if in := byTitle["Ten thousand years"]; in == nil || in.Event.Repeat == nil {
		t.Error("an UNTIL far away is harmless and kept")
	} else if n := len(in.Event.Occurrences(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), 0, nil)); n != 362 {
		t.Errorf("a year of it: %d occurrences", n)
	}
	if in := byTitle["Periods"]; in == nil || in.Event.Repeat == nil || len(in.Notices) != 1 || in.Notices[0].ID != NoticeRDateDropped {
		t.Errorf("RDATE periods: %+v", in)
	}
	if got := skipReasons(p); strings.Join(got, "|") != "event:Orphan:"+ReasonNoSeries {
		t.Errorf("skipped %q", got)
	}
}
