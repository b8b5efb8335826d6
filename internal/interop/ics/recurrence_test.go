package ics

import (
	"strings"
	"testing"
	"time"
)

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
