package ics

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parse(t *testing.T, data []byte, zone string) *Parsed {
	t.Helper()
	p, err := Parse(data, ImportOptions{Zone: zone})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

// wantEvent is what one imported event must be.
type wantEvent struct {
	title      string
	start, end time.Time // instants; zero end = none
	zone       string
	status     event.Status
	kind       event.Kind
	notices    []string
	tasks      []event.Task // Title, Due, Done, Notes compared
}

func utc(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC)
}

func checkEvents(t *testing.T, got []*Incoming, want []wantEvent) {
	t.Helper()
	if len(got) != len(want) {
		var titles []string
		for _, in := range got {
			titles = append(titles, in.Event.Title)
		}
		t.Fatalf("%d events %q, want %d", len(got), titles, len(want))
	}
	for i, w := range want {
		in, e := got[i], &got[i].Event
		if e.Title != w.title {
			t.Errorf("event %d title %q, want %q", i, e.Title, w.title)
			continue
		}
		if !e.Start.Equal(w.start) {
			t.Errorf("%s: start %v, want %v", w.title, e.Start.UTC(), w.start)
		}
		if !e.End.Equal(w.end) {
			t.Errorf("%s: end %v, want %v", w.title, e.End.UTC(), w.end)
		}
		if e.TimeZone != w.zone {
			t.Errorf("%s: zone %q, want %q", w.title, e.TimeZone, w.zone)
		}
		if w.status != "" && e.Status != w.status {
			t.Errorf("%s: status %q, want %q", w.title, e.Status, w.status)
		}
		if w.kind != "" && e.Kind != w.kind {
			t.Errorf("%s: kind %q, want %q", w.title, e.Kind, w.kind)
		}
		var ids []string
		for _, n := range in.Notices {
			ids = append(ids, n.ID)
		}
		if strings.Join(ids, " ") != strings.Join(w.notices, " ") {
			t.Errorf("%s: notices %v, want %v", w.title, ids, w.notices)
		}
		if len(in.Tasks) != len(w.tasks) {
			t.Errorf("%s: %d tasks, want %d", w.title, len(in.Tasks), len(w.tasks))
			continue
		}
		for k, wt := range w.tasks {
			gt := in.Tasks[k]
			if gt.Title != wt.Title || gt.Due != wt.Due || gt.Done != wt.Done || gt.Notes != wt.Notes || gt.Position != k {
				t.Errorf("%s: task %d = %+v, want %+v", w.title, k, gt, wt)
			}
		}
		if err := e.Validate(); err != nil {
			t.Errorf("%s: invalid: %v", w.title, err)
		}
	}
}

func skipReasons(p *Parsed) []string {
	var out []string
	for _, s := range p.Skipped {
		out = append(out, string(s.Kind)+":"+s.Title+":"+s.Reason.ID)
	}
	return out
}

func TestImportGoogle(t *testing.T) {
	p := parse(t, readSample(t, "google.ics"), "America/New_York")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ny, _ := time.LoadLocation("America/New_York")
	checkEvents(t, p.Events, []wantEvent{
		{title: "Global Encryption Day stand", start: utc(2027, 10, 21, 8, 0), end: utc(2027, 10, 21, 10, 0), zone: "Europe/Berlin", status: event.StatusConfirmed, kind: event.KindOther},
		{title: "Coalition retreat", start: time.Date(2027, 10, 22, 0, 0, 0, 0, ny), end: time.Date(2027, 10, 24, 0, 0, 0, 0, ny), zone: "America/New_York",
			notices: []string{NoticeAllDay}},
		{title: "Weekly organisers call", start: time.Date(2027, 10, 4, 19, 0, 0, 0, berlin), end: time.Date(2027, 10, 4, 20, 30, 0, 0, berlin), zone: "Europe/Berlin"},
	})
	// The series is kept, with its exception and its moved date.
	weekly := p.Events[2]
	if r := weekly.Event.Repeat; r == nil || r.Rule != "FREQ=WEEKLY;BYDAY=MO" || len(r.Except) != 1 ||
		!r.Except[0].Equal(time.Date(2027, 10, 11, 19, 0, 0, 0, berlin)) {
		t.Errorf("series = %+v", r)
	}
	if len(weekly.Changed) != 1 || weekly.Changed[0].Event.Title != "Weekly organisers call (moved)" ||
		!weekly.Changed[0].Event.RecurrenceID.Equal(time.Date(2027, 10, 18, 19, 0, 0, 0, berlin)) ||
		!weekly.Changed[0].Event.Start.Equal(time.Date(2027, 10, 18, 20, 0, 0, 0, berlin)) {
		t.Errorf("changed occurrences = %+v", weekly.Changed)
	}
	if e := p.Events[0].Event; e.Location != "Kulturhaus, Hauptstraße 5, 10115 Berlin, Germany" ||
		e.Description != "Bring flyers, banners and the sign-up sheet.\nMeet at the side entrance." {
		t.Errorf("texts: %q %q", e.Location, e.Description)
	}
	if got := skipReasons(p); len(got) != 0 {
		t.Errorf("skipped %q", got)
	}
}

func TestImportThunderbird(t *testing.T) {
	p := parse(t, readSample(t, "thunderbird.ics"), "Europe/Berlin")
	checkEvents(t, p.Events, []wantEvent{
		// 01:30 on the day clocks go back is its first occurrence (EDT).
		{title: "Press briefing", start: utc(2027, 11, 7, 5, 30), end: utc(2027, 11, 7, 8, 0), zone: "America/New_York",
			status: event.StatusPlanned, kind: event.KindPress, tasks: []event.Task{
				{Title: "Send the press release", Due: date.MustParse("2027-11-01"), Done: true},
				{Title: "Book interpreters", Due: date.MustParse("2027-11-05"), Notes: "French and Arabic"},
			}},
		// After the change back to GMT on 31 October... not yet: 30 October is BST.
		{title: "London partners meetup", start: utc(2027, 10, 30, 17, 0), end: utc(2027, 10, 30, 19, 30), zone: "Europe/London"},
	})
	if got := skipReasons(p); strings.Join(got, "|") != "task:Buy printer paper:"+ReasonNoEvent {
		t.Errorf("skipped %q", got)
	}
	if d := p.Events[0].Event.Description; !strings.Contains(d, "lawful access; child safety.") || !strings.Contains(d, "\n\n") {
		t.Errorf("description %q", d)
	}
}

func TestImportOutlook(t *testing.T) {
	p := parse(t, readSample(t, "outlook.ics"), "Europe/Berlin")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	checkEvents(t, p.Events, []wantEvent{
		// A Windows zone name maps to its IANA zone; the meeting spans the
		// change to summer time.
		{title: "Coalition budget meeting", start: utc(2027, 3, 28, 0, 30), end: utc(2027, 3, 28, 2, 0), zone: "Europe/Berlin"},
		// No name to go by: the file's offsets (+05:45), shown in UTC.
		{title: "Kathmandu workshop", start: utc(2027, 10, 21, 4, 15), end: utc(2027, 10, 21, 6, 15), zone: "UTC",
			notices: []string{NoticeZoneOffsets}},
		// The file's yearly rules: July is daylight time (-04:00).
		{title: "Summer strategy session", start: utc(2027, 7, 15, 13, 0), end: utc(2027, 7, 15, 15, 0), zone: "UTC",
			notices: []string{NoticeZoneOffsets}},
		{title: "Global Encryption Day", start: time.Date(2027, 10, 21, 0, 0, 0, 0, berlin), end: time.Date(2027, 10, 22, 0, 0, 0, 0, berlin),
			zone: "Europe/Berlin", notices: []string{NoticeAllDay}},
	})
	if d := p.Events[0].Event.Description; d != "Agenda:\n1. Welcome\n2. Budget for the campaign\n3. Any other business" {
		t.Errorf("description %q", d)
	}
	// With the user in a zone that agrees with the file's offsets, the
	// event is shown in the user's zone.
	p = parse(t, readSample(t, "outlook.ics"), "America/New_York")
	if z := p.Events[2].Event.TimeZone; z != "America/New_York" {
		t.Errorf("zone %q", z)
	}
}

// TestDecodeMatchesGoICal: on well-formed files, the tokenizer builds the
// same component tree as go-ical's own Decoder.
func TestDecodeMatchesGoICal(t *testing.T) {
	samples := []string{"google.ics", "thunderbird.ics", "outlook.ics"}
	var exported bytes.Buffer
	if err := Encode(&exported, sampleItems(t), ExportOptions{Now: stamp}); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(samples, "export") {
		data := exported.Bytes()
		if name != "export" {
			data = readSample(t, name)
		}
		ours, err := decode(data, DefaultLimits)
		if err == nil && len(ours.warnings) > 0 {
			t.Errorf("%s: warnings %v", name, ours.warnings)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		theirs, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
		if err != nil {
			t.Fatalf("%s: go-ical: %v", name, err)
		}
		var a, b bytes.Buffer
		dump(&a, ours.cals[0], "")
		dump(&b, theirs.Component, "")
		if a.String() != b.String() {
			t.Errorf("%s: trees differ:\n%s\n---\n%s", name, a.String(), b.String())
		}
	}
}

func dump(b *bytes.Buffer, c *ical.Component, indent string) {
	b.WriteString(indent + c.Name + "\n")
	var lines []string
	for name, props := range c.Props {
		for _, p := range props {
			var params []string
			for k, v := range p.Params {
				params = append(params, k+"="+strings.Join(v, ","))
			}
			sort.Strings(params)
			lines = append(lines, indent+"  "+name+" "+p.Value+" "+strings.Join(params, " "))
		}
	}
	sort.Strings(lines)
	b.WriteString(strings.Join(lines, "\n") + "\n")
	for _, ch := range c.Children {
		dump(b, ch, indent+"    ")
	}
}

// TestRoundTrip: what Safehouse exports, Safehouse imports unchanged.
func TestRoundTrip(t *testing.T) {
	items := sampleItems(t)
	data := encode(t, items, ExportOptions{})
	p := parse(t, data, "Asia/Tokyo")
	if len(p.Skipped) != 0 {
		t.Fatalf("skipped %v", skipReasons(p))
	}
	var want []wantEvent
	for _, it := range items {
		e := it.Event
		w := wantEvent{title: e.Title, start: e.Start, end: e.End, zone: e.TimeZone, status: e.Status, kind: e.Kind}
		for _, tk := range it.Tasks {
			w.tasks = append(w.tasks, event.Task{Title: tk.Title, Due: tk.Due, Done: tk.Done, Notes: tk.Notes})
		}
		want = append(want, w)
	}
	checkEvents(t, p.Events, want)
	for i, in := range p.Events {
		if want := UID(items[i].Event.ID); in.UID != want {
			t.Errorf("UID %q, want %q", in.UID, want)
		}
		if in.Event.Description != items[i].Event.Description || in.Event.Location != items[i].Event.Location {
			t.Errorf("%s: texts %q %q", in.Event.Title, in.Event.Description, in.Event.Location)
		}
	}
}

// TestLocalInstant: RFC 5545 rules for repeated and skipped local times.
func TestLocalInstant(t *testing.T) {
	for _, c := range []struct {
		zone string
		wall time.Time
		want time.Time
	}{
		{"Europe/Berlin", utc(2027, 3, 28, 2, 30), utc(2027, 3, 28, 1, 30)},        // gap: offset before (+01)
		{"Europe/Berlin", utc(2027, 10, 31, 2, 30), utc(2027, 10, 31, 0, 30)},      // repeated: first (+02)
		{"America/New_York", utc(2027, 3, 14, 2, 30), utc(2027, 3, 14, 7, 30)},     // gap: -05
		{"America/New_York", utc(2027, 11, 7, 1, 30), utc(2027, 11, 7, 5, 30)},     // repeated: EDT
		{"Australia/Lord_Howe", utc(2027, 4, 4, 1, 45), utc(2027, 4, 3, 14, 45)},   // repeated half hour: +11
		{"Australia/Lord_Howe", utc(2027, 10, 3, 2, 15), utc(2027, 10, 2, 15, 45)}, // gap half hour: +1030
		{"Asia/Tehran", utc(2021, 3, 22, 0, 30), utc(2021, 3, 21, 21, 0)},          // gap at midnight: +0330
		{"UTC", utc(2027, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)},
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := localInstant(c.wall, loc); !got.Equal(c.want) {
			t.Errorf("%s %v: %v, want %v", c.zone, c.wall, got.UTC(), c.want)
		}
	}
}

// TestImportSkips covers the per-event reasons.
func TestImportSkips(t *testing.T) {
	cal := func(body string) []byte {
		return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n" + strings.ReplaceAll(strings.TrimSpace(body), "\n", "\r\n") + "\r\nEND:VCALENDAR\r\n")
	}
	for _, c := range []struct {
		name, body, reason string
	}{
		{"task without title", "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART:20271021T100000Z\nEND:VEVENT\nBEGIN:VTODO\nRELATED-TO:a\nEND:VTODO", ReasonNoTitle},
		{"no start", "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nEND:VEVENT", ReasonNoStart},
		{"bad time", "BEGIN:VEVENT\nSUMMARY:x\nDTSTART:2027-13-45\nEND:VEVENT", ReasonBadTime},
		{"year far away", "BEGIN:VEVENT\nSUMMARY:x\nDTSTART:99991021T100000Z\nEND:VEVENT", ReasonBadTime},
		{"end before start", "BEGIN:VEVENT\nSUMMARY:x\nDTSTART:20271021T100000Z\nDTEND:20271021T090000Z\nEND:VEVENT", ReasonEndBeforeStart},
		{"negative duration", "BEGIN:VEVENT\nSUMMARY:x\nDTSTART:20271021T100000Z\nDURATION:-PT1H\nEND:VEVENT", ReasonBadTime},
		{"twice", "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART:20271021T100000Z\nEND:VEVENT\nBEGIN:VEVENT\nUID:a\nSUMMARY:y\nDTSTART:20271021T100000Z\nEND:VEVENT", ReasonTwiceInFile},
		{"orphan task", "BEGIN:VTODO\nUID:t\nSUMMARY:x\nRELATED-TO:nowhere\nEND:VTODO", ReasonNoEvent},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := parse(t, cal(c.body), "UTC")
			if len(p.Skipped) != 1 || p.Skipped[0].Reason.ID != c.reason {
				t.Fatalf("skipped %v", skipReasons(p))
			}
		})
	}
	// Floating times are read in the caller's zone; unknown zones too,
	// with a notice.
	p := parse(t, cal("BEGIN:VEVENT\nSUMMARY:floating\nDTSTART:20271021T100000\nEND:VEVENT\n"+
		"BEGIN:VEVENT\nSUMMARY:unknown zone\nDTSTART;TZID=Mars/Olympus_Mons:20271021T100000\nEND:VEVENT"), "Asia/Kolkata")
	checkEvents(t, p.Events, []wantEvent{
		{title: "floating", start: utc(2027, 10, 21, 4, 30), zone: "Asia/Kolkata"},
		{title: "unknown zone", start: utc(2027, 10, 21, 4, 30), zone: "Asia/Kolkata", notices: []string{NoticeZoneUnknown}},
	})
	// Over-long text is shortened, with a notice.
	long := strings.Repeat("é", event.MaxTitle+10)
	p = parse(t, cal("BEGIN:VEVENT\nSUMMARY:"+long+"\nDTSTART:20271021T100000Z\nEND:VEVENT"), "UTC")
	if len(p.Events) != 1 || len([]rune(p.Events[0].Event.Title)) != event.MaxTitle || p.Events[0].Notices[0].ID != NoticeShortened {
		t.Fatalf("long title: %+v", p.Events)
	}
}

// TestImportHostile: malformed and oversized input is refused with a
// classified error, quickly, without panicking.
func TestImportHostile(t *testing.T) {
	nested := "BEGIN:VCALENDAR\r\n" + strings.Repeat("BEGIN:X\r\n", 50) + strings.Repeat("END:X\r\n", 50) + "END:VCALENDAR\r\n"
	many := "BEGIN:VCALENDAR\r\n" + strings.Repeat("BEGIN:VEVENT\r\nEND:VEVENT\r\n", 101) + "END:VCALENDAR\r\n"
	longLine := "BEGIN:VCALENDAR\r\nX-A:" + strings.Repeat("a", 70) + strings.Repeat("\r\n "+strings.Repeat("b", 70), 5000) + "\r\nEND:VCALENDAR\r\n"
	small := Limits{File: 1 << 20, Line: 64 << 10, Depth: 8, Components: 100}
	for _, c := range []struct {
		name, data string
		want       error
	}{
		{"empty", "", ErrNotCalendar},
		{"text", "hello\r\n", ErrMalformed},
		{"vcard", "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", ErrNotCalendar},
		{"cut short", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n", ErrMalformed},
		{"wrong end", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", ErrMalformed},
		{"after end", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nX:y\r\n", ErrMalformed},
		{"param without colon", "BEGIN:VCALENDAR\r\nX;A=b\r\nEND:VCALENDAR\r\n", ErrMalformed},
		{"junk after quoted param", "BEGIN:VCALENDAR\r\nX;A=\"b\"c:d\r\nEND:VCALENDAR\r\n", ErrMalformed},
		{"unterminated quote", "BEGIN:VCALENDAR\r\nX;A=\"b:d\r\nEND:VCALENDAR\r\n", ErrMalformed},
		{"empty name", "BEGIN:VCALENDAR\r\n:x\r\nEND:VCALENDAR\r\n", ErrMalformed},
		{"bad name", "BEGIN:VCALENDAR\r\nX Y:x\r\nEND:VCALENDAR\r\n", ErrMalformed},
		{"deep nesting", nested, ErrTooLarge},
		{"too many components", many, ErrTooLarge},
		{"line too long", longLine, ErrTooLarge},
		{"file too large", "BEGIN:VCALENDAR\r\n" + strings.Repeat("X:y\r\n", 300_000) + "END:VCALENDAR\r\n", ErrTooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.data), ImportOptions{Limits: small})
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if !knownError(err) {
				t.Fatalf("no message for %v", err)
			}
		})
	}
}

// TestImportHostileZones: zone definitions that would be expensive or
// dangerous are ignored, not evaluated.
func TestImportHostileZones(t *testing.T) {
	data := []byte(strings.ReplaceAll(`BEGIN:VCALENDAR
BEGIN:VTIMEZONE
TZID:Busy
BEGIN:STANDARD
DTSTART:00010101T000000
RRULE:FREQ=SECONDLY
TZOFFSETFROM:+0100
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:00010101T000000
RRULE:FREQ=YEARLY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,1,2,3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
SUMMARY:x
DTSTART;TZID=Busy:20271021T100000
END:VEVENT
BEGIN:VEVENT
SUMMARY:y
DTSTART;TZID=../../../../etc/passwd:20271021T100000
END:VEVENT
BEGIN:VEVENT
SUMMARY:z
DTSTART;TZID=/etc/localtime:20271021T100000
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n"))
	start := time.Now()
	p := parse(t, data, "UTC")
	if time.Since(start) > 2*time.Second {
		t.Fatal("hostile zone took too long")
	}
	checkEvents(t, p.Events, []wantEvent{
		{title: "x", start: utc(2027, 10, 21, 9, 0), zone: "UTC", notices: []string{NoticeZoneOffsets}},
		{title: "y", start: utc(2027, 10, 21, 10, 0), zone: "UTC", notices: []string{NoticeZoneUnknown}},
		{title: "z", start: utc(2027, 10, 21, 10, 0), zone: "UTC", notices: []string{NoticeZoneUnknown}},
	})
}

// An Exchange meeting without SUMMARY is imported with the title the
// caller gives, and a notice; so is one with an empty SUMMARY.
func TestImportUntitledEvents(t *testing.T) {
	p, err := Parse(readSample(t, "exchange-untitled.ics"), ImportOptions{Zone: "UTC", Untitled: "(sin título)"})
	if err != nil {
		t.Fatal(err)
	}
	checkEvents(t, p.Events, []wantEvent{
		{title: "(sin título)", start: utc(2027, 10, 5, 12, 0), end: utc(2027, 10, 5, 13, 0), zone: "Europe/Berlin",
			status: event.StatusConfirmed, notices: []string{NoticeUntitled}},
		{title: "(sin título)", start: utc(2027, 10, 12, 12, 0), end: utc(2027, 10, 12, 13, 0), zone: "Europe/Berlin",
			notices: []string{NoticeUntitled}},
	})
	if len(p.Skipped) != 0 || len(p.Warnings) != 0 {
		t.Errorf("skipped %v warnings %v", skipReasons(p), p.Warnings)
	}
	p = parse(t, readSample(t, "exchange-untitled.ics"), "UTC")
	if p.Events[0].Event.Title != DefaultUntitled {
		t.Errorf("default title %q", p.Events[0].Event.Title)
	}
}

// One malformed property among good ones skips that property (and stray
// lines), not the file, and each is listed as a warning.
func TestImportLenient(t *testing.T) {
	p := parse(t, readSample(t, "malformed-property.ics"), "UTC")
	checkEvents(t, p.Events, []wantEvent{
		{title: "Coalition call", start: utc(2027, 10, 21, 15, 0), end: utc(2027, 10, 21, 16, 0), zone: "Europe/Berlin"},
		{title: "Press briefing", start: utc(2027, 10, 22, 8, 0), end: utc(2027, 10, 22, 9, 0), zone: "Europe/Berlin"},
	})
	if d := p.Events[0].Event.Description; d != "Agenda: the day itself" {
		t.Errorf("description %q", d)
	}
	if l := p.Events[1].Event.Location; l != "Kulturhaus" {
		t.Errorf("location %q", l)
	}
	var got []string
	for _, w := range p.Warnings {
		got = append(got, fmt.Sprint(w.ID, " ", w.Args["Line"], " ", w.Args["Name"]))
	}
	want := []string{WarnSkippedProperty + " 11 ATTENDEE", WarnSkippedProperty + " 18 X-BROKEN", WarnSkippedLine + " 21 <nil>"}
	if !slices.Equal(got, want) {
		t.Errorf("warnings\n got %q\nwant %q", got, want)
	}

	cal := func(body string) []byte {
		return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + strings.ReplaceAll(body, "\n", "\r\n") + "\r\n")
	}
	// Whitespace around names and parameters, stray semicolons.
	p = parse(t, cal("BEGIN:VEVENT\nSUMMARY ; LANGUAGE=en ;:Spaced\nDTSTART ;VALUE = DATE-TIME :20271021T100000Z\nEND:VEVENT\nEND:VCALENDAR"), "UTC")
	if len(p.Events) != 1 || p.Events[0].Event.Title != "Spaced" || len(p.Warnings) != 0 {
		t.Errorf("spaced: %+v %v", p.Events, p.Warnings)
	}
	// An END that closes an outer component closes the inner one; a
	// file cut short inside an event keeps the events before it.
	p = parse(t, cal("BEGIN:VEVENT\nSUMMARY:a\nDTSTART:20271021T100000Z\nBEGIN:VALARM\nACTION:DISPLAY\nEND:VEVENT\n"+
		"BEGIN:VEVENT\nSUMMARY:b\nDTSTART:20271022T100000Z"), "UTC")
	if len(p.Events) != 1 || p.Events[0].Event.Title != "a" || len(p.Warnings) != 2 || p.Warnings[1].ID != WarnCutShort {
		t.Errorf("cut short: %d events, warnings %v", len(p.Events), p.Warnings)
	}
	// Nothing readable: refused, naming the first bad line.
	_, err := Parse(cal("BEGIN:VEVENT\nSUMMARY;X:a\nEND:VEVENT\nEND:VCALENDAR"), ImportOptions{})
	var le *LineError
	if !errors.As(err, &le) || le.Line != 4 || !errors.Is(err, ErrMalformed) {
		t.Errorf("nothing readable: %v", err)
	}
}
