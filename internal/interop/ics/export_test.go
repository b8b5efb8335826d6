package ics

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/safehouse-app/safehouse/internal/event"
)

func encode(t *testing.T, items []Item, opts ExportOptions) []byte {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = stamp
	}
	var b bytes.Buffer
	if err := Encode(&b, items, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExportLines checks the physical form: CRLF only, at most 75 octets
// per line, no UTF-8 sequence split across a fold.
func TestExportLines(t *testing.T) {
	data := encode(t, sampleItems(t), ExportOptions{})
	if !bytes.HasSuffix(data, []byte("END:VCALENDAR\r\n")) {
		t.Fatal("file does not end with END:VCALENDAR CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Fatal("no folded line in the sample (the test lost its point)")
	}
}

// indepObs is one STANDARD or DAYLIGHT part read by the independent
// parser.
type indepObs struct {
	onset  time.Time // local wall time, as UTC
	offset int
}

func parseUTCOffset(t *testing.T, v string) int {
	t.Helper()
	tm, err := time.Parse("-0700", v)
	if err != nil {
		t.Fatalf("bad offset %q", v)
	}
	_, off := tm.Zone()
	return off
}

// vtimezoneOffsets collects the observances of each VTIMEZONE as the
// independent parser (github.com/arran4/golang-ical) reads them, with
// yearly RRULEs expanded by github.com/teambition/rrule-go up to 2100 (an
// UNTIL is UTC, RFC 5545 section 3.6.5, so it is compared in the offset
// before each onset, as ical.js does).
func vtimezoneOffsets(t *testing.T, cal *goical.Calendar) map[string][]indepObs {
	t.Helper()
	out := map[string][]indepObs{}
	for _, tz := range cal.Timezones() {
		id := tz.GetProperty(goical.ComponentProperty(goical.PropertyTzid)).Value
		for _, sub := range tz.Components {
			var props []goical.IANAProperty
			switch c := sub.(type) {
			case *goical.Standard:
				props = c.Properties
			case *goical.Daylight:
				props = c.Properties
			default:
				t.Fatalf("unexpected %T in VTIMEZONE", sub)
			}
			var o indepObs
			var haveStart, haveTo bool
			var rule string
			from := 0
			for _, p := range props {
				switch p.IANAToken {
				case "DTSTART":
					w, err := time.Parse("20060102T150405", p.Value)
					if err != nil {
						t.Fatalf("%s: DTSTART %q", id, p.Value)
					}
					o.onset, haveStart = w, true
				case "TZOFFSETTO":
					o.offset, haveTo = parseUTCOffset(t, p.Value), true
				case "TZOFFSETFROM":
					from = parseUTCOffset(t, p.Value)
				case "RRULE":
					rule = p.Value
				}
			}
			if !haveStart || !haveTo {
				t.Fatalf("%s: indepObs without DTSTART or TZOFFSETTO", id)
			}
			out[id] = append(out[id], o)
			if rule == "" {
				continue
			}
			opt, err := rrule.StrToROption(rule)
			if err != nil {
				t.Fatalf("%s: RRULE %q: %v", id, rule, err)
			}
			until := opt.Until
			opt.Until = time.Time{}
			opt.Dtstart = o.onset
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatalf("%s: RRULE %q: %v", id, rule, err)
			}
			for _, w := range r.Between(o.onset, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), false) {
				if !until.IsZero() && w.Add(-time.Duration(from)*time.Second).After(until) {
					break
				}
				out[id] = append(out[id], indepObs{onset: w, offset: o.offset})
			}
		}
	}
	return out
}

// instantFromVTimezone converts a local time with the observances alone,
// as a calendar app that ignores IANA names would.
func instantFromVTimezone(t *testing.T, obs []indepObs, wall time.Time) time.Time {
	t.Helper()
	var best *indepObs
	for i := range obs {
		o := &obs[i]
		if !o.onset.After(wall) && (best == nil || o.onset.After(best.onset)) {
			best = o
		}
	}
	if best == nil {
		t.Fatalf("no indepObs in force at %v", wall)
	}
	return wall.Add(-time.Duration(best.offset) * time.Second)
}

// TestExportIndependentParser reads the export with another library and
// checks UIDs, instants (through the TZID and through the VTIMEZONE
// alone), texts and the task links.
func TestExportIndependentParser(t *testing.T) {
	items := sampleItems(t)
	data := encode(t, items, ExportOptions{})
	cal, err := goical.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the export: %v", err)
	}
	zones := vtimezoneOffsets(t, cal)
	for _, z := range []string{"Europe/Berlin", "America/New_York", "Asia/Tehran", "Australia/Lord_Howe"} {
		if len(zones[z]) == 0 {
			t.Errorf("no VTIMEZONE for %s", z)
		}
	}
	if _, ok := zones["UTC"]; ok {
		t.Error("VTIMEZONE for UTC")
	}
	events := cal.Events()
	if len(events) != len(items) {
		t.Fatalf("%d VEVENTs, want %d", len(events), len(items))
	}
	for i, ve := range events {
		e := items[i].Event
		t.Run(e.Title, func(t *testing.T) {
			if got := ve.Id(); got != e.ID+"@safehouse.invalid" {
				t.Errorf("UID %q", got)
			}
			if got := ve.GetProperty(goical.ComponentPropertySummary).Value; got != e.Title {
				t.Errorf("SUMMARY %q", got)
			}
			start, err := ve.GetStartAt()
			if err != nil || !start.Equal(e.Start) {
				t.Errorf("DTSTART = %v (%v), want %v", start, err, e.Start)
			}
			check := func(prop goical.ComponentProperty, want time.Time) {
				p := ve.GetProperty(prop)
				if p == nil {
					if !want.IsZero() {
						t.Errorf("%s missing", prop)
					}
					return
				}
				tzid := p.ICalParameters["TZID"]
				if e.TimeZone == "UTC" {
					if len(tzid) != 0 || !strings.HasSuffix(p.Value, "Z") {
						t.Errorf("%s of a UTC event: %v %q", prop, tzid, p.Value)
					}
					return
				}
				if len(tzid) == 0 {
					// Only in a repeated hour, as UTC.
					if !strings.HasSuffix(p.Value, "Z") || !repeatedLocal(want, e.Zone()) {
						t.Errorf("%s without TZID: %q", prop, p.Value)
					}
					return
				}
				if tzid[0] != e.TimeZone {
					t.Errorf("%s TZID %q, want %q", prop, tzid[0], e.TimeZone)
				}
				wall, err := time.Parse("20060102T150405", p.Value)
				if err != nil {
					t.Fatalf("%s %q", prop, p.Value)
				}
				if got := instantFromVTimezone(t, zones[e.TimeZone], wall); !got.Equal(want) {
					t.Errorf("%s through the VTIMEZONE = %v, want %v", prop, got.UTC(), want.UTC())
				}
			}
			check(goical.ComponentPropertyDtStart, e.Start)
			check(goical.ComponentPropertyDtEnd, e.End)
			if !e.End.IsZero() {
				end, err := ve.GetEndAt()
				if err != nil || !end.Equal(e.End) {
					t.Errorf("DTEND = %v (%v), want %v", end, err, e.End)
				}
			}
		})
	}
	todos := cal.Todos()
	if len(todos) != 3 {
		t.Fatalf("%d VTODOs", len(todos))
	}
	want := []struct{ uid, related, due, status string }{
		{"7a5c0000-0000-4000-8000-000000000001@safehouse.invalid", items[0].Event.ID + "@safehouse.invalid", "20270301", "COMPLETED"},
		{"7a5c0000-0000-4000-8000-000000000002@safehouse.invalid", items[0].Event.ID + "@safehouse.invalid", "", "NEEDS-ACTION"},
		{"7a5c0000-0000-4000-8000-000000000003@safehouse.invalid", items[4].Event.ID + "@safehouse.invalid", "20270930", "NEEDS-ACTION"},
	}
	for i, td := range todos {
		w := want[i]
		if td.Id() != w.uid {
			t.Errorf("todo %d UID %q", i, td.Id())
		}
		rel := td.GetProperty(goical.ComponentPropertyRelatedTo)
		if rel == nil || rel.Value != w.related {
			t.Errorf("todo %d RELATED-TO %+v, want %q", i, rel, w.related)
		}
		due := td.GetProperty(goical.ComponentPropertyDue)
		switch {
		case w.due == "" && due != nil:
			t.Errorf("todo %d has DUE %q", i, due.Value)
		case w.due != "" && (due == nil || due.Value != w.due || due.ICalParameters["VALUE"][0] != "DATE"):
			t.Errorf("todo %d DUE %+v, want DATE %s", i, due, w.due)
		}
		if st := td.GetProperty(goical.ComponentPropertyStatus); st == nil || st.Value != w.status {
			t.Errorf("todo %d STATUS %+v", i, st)
		}
	}
}

// TestExportLeavesOutPrivateFields: no assignee, participant or safety
// plan unless asked, and no contact IDs at all.
func TestExportLeavesOutPrivateFields(t *testing.T) {
	items := sampleItems(t)
	data := string(encode(t, items, ExportOptions{}))
	for _, secret := range []string{"SECRET-THREAT", "SECRET-CONTACT", "c0ffee00"} {
		if strings.Contains(data, secret) {
			t.Errorf("export holds %q", secret)
		}
	}
	labels := SafetyLabels{Heading: "Safety plan", Threats: "Threats", Mitigations: "Mitigations", EmergencyContacts: "Emergency contacts", CheckIn: "Check-in"}
	data = string(encode(t, items, ExportOptions{IncludeSafetyPlan: true, Labels: labels}))
	unfolded := strings.ReplaceAll(data, "\r\n ", "")
	if !strings.Contains(unfolded, `Safety plan\n\nThreats\nSECRET-THREAT\n\nEmergency contacts\nSECRET-CONTACT`) {
		t.Errorf("safety plan not in the description:\n%s", unfolded)
	}
	if strings.Contains(data, "c0ffee00") {
		t.Error("assignee exported")
	}
}

// TestExportStableUIDs: the same event exported twice keeps its UID, so
// calendar apps update rather than duplicate it.
func TestExportStableUIDs(t *testing.T) {
	a := encode(t, sampleItems(t)[:1], ExportOptions{Now: stamp})
	b := encode(t, sampleItems(t)[:1], ExportOptions{Now: stamp.Add(time.Hour)})
	uid := "UID:0b1c0000-0000-4000-8000-000000000001@safehouse.invalid\r\n"
	if !bytes.Contains(a, []byte(uid)) || !bytes.Contains(b, []byte(uid)) {
		t.Fatal("UID not stable")
	}
	if err := Encode(&bytes.Buffer{}, nil, ExportOptions{}); err != ErrNothingToExport {
		t.Fatalf("empty export: %v", err)
	}
}

// TestVTimezoneRules: the VTIMEZONE written for a span gives, read by an
// independent parser and by the importer, the offset Go's zone data gives
// on every day of the span (noon and 04:00, away from the changes), in
// both hemispheres, across 2040 (a leap year after the zone data's last
// explicit transition, where time.Time.ZoneBounds goes wrong), for a zone
// without daylight saving and for zones that dropped it.
func TestVTimezoneRules(t *testing.T) {
	for _, tc := range []struct {
		zone     string
		from, to int // years
		obs      int // observances written
	}{
		{"Europe/Berlin", 2039, 2045, 2},
		{"Europe/Berlin", 2025, 2027, 2},
		{"Australia/Sydney", 2038, 2043, 2},
		{"America/New_York", 2040, 2041, 2},
		{"Asia/Tokyo", 2030, 2050, 1},
		{"America/Sao_Paulo", 2016, 2022, 4}, // yearly rule, then DST dropped in 2019
		{"Asia/Tehran", 2020, 2024, 6},       // DST on dates of the Persian calendar until 2022
	} {
		t.Run(fmt.Sprintf("%s-%d-%d", tc.zone, tc.from, tc.to), func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			from := time.Date(tc.from, 1, 10, 10, 0, 0, 0, loc)
			to := time.Date(tc.to, 12, 20, 10, 0, 0, 0, loc)
			tz := vtimezone(tc.zone, loc, from, to)
			if len(tz.Children) != tc.obs {
				var b bytes.Buffer
				cal := ical.NewCalendar()
				cal.Children = append(cal.Children, tz)
				_ = ical.NewEncoder(&b).Encode(cal)
				t.Errorf("%d observances, want %d:\n%s", len(tz.Children), tc.obs, b.String())
			}
			cal := ical.NewCalendar()
			cal.Props.SetText(ical.PropProductID, ProductID)
			cal.Props.SetText(ical.PropVersion, "2.0")
			cal.Children = append(cal.Children, tz)
			var buf bytes.Buffer
			if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
				t.Fatal(err)
			}
			indep, err := goical.ParseCalendar(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			obs := vtimezoneOffsets(t, indep)[tc.zone]
			own, ok := readVTimezone(tz)
			if !ok {
				t.Fatal("importer cannot read the VTIMEZONE")
			}
			bad := 0
			for d := from; d.Before(to) && bad < 5; d = d.AddDate(0, 0, 1) {
				for _, h := range []int{4, 12} {
					want := time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, loc)
					wall := time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, time.UTC)
					if got := instantFromVTimezone(t, obs, wall); !got.Equal(want) {
						t.Errorf("%s: independent reader gives %v, want %v", wall.Format("2006-01-02 15:04"), got.UTC(), want.UTC())
						bad++
					}
					if got := own.instant(wall); !got.Equal(want) {
						t.Errorf("%s: importer gives %v, want %v", wall.Format("2006-01-02 15:04"), got.UTC(), want.UTC())
						bad++
					}
				}
			}
		})
	}
}

// TestTransitionsLeapYear: the transitions found across 2040 are the two
// real changes a year, nothing on 31 December.
func TestTransitionsLeapYear(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	trs := transitions(loc, time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2042, 1, 1, 0, 0, 0, 0, time.UTC))
	var got []string
	for _, tr := range trs {
		got = append(got, tr.at.UTC().Format("2006-01-02T15:04Z")+" "+tr.abbr)
	}
	want := "2040-03-25T01:00Z CEST|2040-10-28T01:00Z CET|2041-03-31T01:00Z CEST|2041-10-27T01:00Z CET"
	if strings.Join(got, "|") != want {
		t.Errorf("transitions %q, want %q", got, want)
	}
}

func TestFormatOffset(t *testing.T) {
	if got := formatOffset(-(3*3600 + 30*60)); got != "-0330" {
		t.Fatal(got)
	}
	if got := formatOffset(53*60 + 28); got != "+005328" {
		t.Fatal(got)
	}
}

// TestExportImportExport: an all-day event, an online event and an event
// imported with another program's UID come back from export → import →
// export byte for byte: dates stay dates, the online flag and the UID stay.
func TestExportImportExport(t *testing.T) {
	berlin := func(y int, m time.Month, d, h int) time.Time {
		loc, _ := time.LoadLocation("Europe/Berlin")
		return time.Date(y, m, d, h, 0, 0, 0, loc)
	}
	items := []Item{
		{Event: &event.Event{ID: "0b1c0000-0000-4000-8000-0000000000a1", Title: "Global Encryption Day", Kind: event.KindPublic,
			Start: berlin(2027, 10, 21, 0), End: berlin(2027, 10, 23, 0), TimeZone: "Europe/Berlin", Status: event.StatusConfirmed}},
		{Event: &event.Event{ID: "0b1c0000-0000-4000-8000-0000000000a2", Title: "Coalition call", Kind: event.KindOnline, Online: true,
			Location: "https://meet.example.org/x", Start: berlin(2041, 7, 2, 18), End: berlin(2041, 7, 2, 19),
			TimeZone: "Europe/Berlin", Status: event.StatusPlanned, UID: "7kq0ps3f2b@google.com"}},
		{Event: &event.Event{ID: "0b1c0000-0000-4000-8000-0000000000a3", Title: "Workshop", Kind: event.KindWorkshop,
			Start: berlin(2040, 12, 30, 10), End: berlin(2040, 12, 30, 12), TimeZone: "Europe/Berlin", Status: event.StatusPlanned}},
	}
	first := encode(t, items, ExportOptions{})
	for _, want := range []string{"DTSTART;VALUE=DATE:20271021\r\n", "DTEND;VALUE=DATE:20271023\r\n",
		"UID:7kq0ps3f2b@google.com\r\n", "X-SAFEHOUSE-ONLINE:TRUE\r\n", "UID:0b1c0000-0000-4000-8000-0000000000a3@safehouse.invalid\r\n"} {
		if !strings.Contains(string(first), want) {
			t.Errorf("export lacks %q:\n%s", want, first)
		}
	}
	if strings.Count(string(first), "X-SAFEHOUSE-ONLINE") != 1 {
		t.Errorf("online flag written for events not online:\n%s", first)
	}
	p, err := Parse(first, ImportOptions{Zone: "Europe/Berlin"})
	if err != nil || len(p.Events) != 3 {
		t.Fatalf("import: %v, %d events", err, len(p.Events))
	}
	if !p.Events[0].AllDay || p.Events[1].AllDay || !p.Events[1].Event.Online || p.Events[0].Event.Online {
		t.Errorf("all-day / online read back as %v %v / %v %v", p.Events[0].AllDay, p.Events[1].AllDay,
			p.Events[0].Event.Online, p.Events[1].Event.Online)
	}
	if got := p.Events[1].Event.UID; got != "7kq0ps3f2b@google.com" {
		t.Errorf("UID kept as %q", got)
	}
	var again []Item
	for i, in := range p.Events {
		e := in.Event
		e.ID = items[i].Event.ID
		if e.UID == UID(e.ID) {
			e.UID = "" // what Apply stores for Safehouse's own UIDs is irrelevant here
		}
		again = append(again, Item{Event: &e})
	}
	if second := encode(t, again, ExportOptions{}); !bytes.Equal(first, second) {
		t.Errorf("second export differs:\n%s\n---\n%s", first, second)
	}
}

// TestKeptUID: odd UIDs are not kept.
func TestKeptUID(t *testing.T) {
	for in, want := range map[string]string{
		" abc@example.org ":          "abc@example.org",
		"":                           "",
		"a\x00b":                     "",
		strings.Repeat("u", 256):     "",
		strings.Repeat("u", 255):     strings.Repeat("u", 255),
		"040000008200E00074C5B7101A": "040000008200E00074C5B7101A",
	} {
		if got := KeptUID(in); got != want {
			t.Errorf("KeptUID(%q) = %q, want %q", in, got, want)
		}
	}
}
