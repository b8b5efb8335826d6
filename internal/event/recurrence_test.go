package event

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func series(t testing.TB, rule string, start time.Time, dur time.Duration) *Event {
	t.Helper()
	e := &Event{ID: "s1", Title: "Chapter meeting", Start: start, TimeZone: start.Location().String(), Repeat: &Repeat{Rule: rule}}
	if dur > 0 {
		e.End = start.Add(dur)
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		t.Fatalf("Validate(%q): %v", rule, err)
	}
	return e
}

func starts(occ []Occurrence, loc *time.Location) []string {
	var out []string
	for _, o := range occ {
		out = append(out, o.Start.In(loc).Format("2006-01-02 15:04 Mon"))
	}
	return out
}

func equal(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d occurrences %q, want %q", len(got), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("occurrence %d = %q, want %q (all: %q)", i, got[i], want[i], got)
		}
	}
}

// A weekly 19:00 meeting stays at 19:00 in Berlin across both changes of
// the clocks in 2027 (28 March, 31 October).
func TestWeeklyKeepsWallClockAcrossDST(t *testing.T) {
	loc := berlin(t)
	e := series(t, "FREQ=WEEKLY;BYDAY=TU", time.Date(2027, 3, 16, 19, 0, 0, 0, loc), 2*time.Hour)
	occ := e.Occurrences(time.Date(2027, 3, 1, 0, 0, 0, 0, loc), time.Date(2027, 4, 7, 0, 0, 0, 0, loc), 0, nil)
	equal(t, starts(occ, loc), []string{"2027-03-16 19:00 Tue", "2027-03-23 19:00 Tue", "2027-03-30 19:00 Tue", "2027-04-06 19:00 Tue"})
	if d := occ[2].End.Sub(occ[2].Start); d != 2*time.Hour {
		t.Errorf("duration after the change = %v", d)
	}
	occ = e.Occurrences(time.Date(2027, 10, 25, 0, 0, 0, 0, loc), time.Date(2027, 11, 3, 0, 0, 0, 0, loc), 0, nil)
	equal(t, starts(occ, loc), []string{"2027-10-26 19:00 Tue", "2027-11-02 19:00 Tue"})
	if occ[0].Start.Sub(occ[1].Start) != -(7*24+1)*time.Hour {
		t.Errorf("the week of the change should be 169 hours long: %v", occ[1].Start.Sub(occ[0].Start))
	}
}

func TestAllDaySeriesStaysOnWholeDays(t *testing.T) {
	loc := berlin(t)
	start := time.Date(2027, 3, 27, 0, 0, 0, 0, loc)
	e := series(t, "FREQ=DAILY;COUNT=3", start, 0)
	e.End = time.Date(2027, 3, 28, 0, 0, 0, 0, loc)
	occ := e.Occurrences(start, start.AddDate(0, 1, 0), 0, nil)
	equal(t, starts(occ, loc), []string{"2027-03-27 00:00 Sat", "2027-03-28 00:00 Sun", "2027-03-29 00:00 Mon"})
	for _, o := range occ {
		if got := o.End.In(loc); got.Hour() != 0 || !got.After(o.Start) {
			t.Errorf("occurrence %v ends at %v, want the next midnight", o.Start, got)
		}
	}
	if d := occ[1].End.Sub(occ[1].Start); d != 23*time.Hour {
		t.Errorf("the day the clocks go forward lasts %v, want 23h", d)
	}
}

func TestMonthlyNthWeekdayAndUntil(t *testing.T) {
	loc := time.UTC
	e := series(t, "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630", time.Date(2027, 1, 12, 18, 0, 0, 0, loc), time.Hour)
	occ := e.Occurrences(time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2030, 1, 1, 0, 0, 0, 0, loc), 0, nil)
	equal(t, starts(occ, loc), []string{"2027-01-12 18:00 Tue", "2027-02-09 18:00 Tue", "2027-03-09 18:00 Tue",
		"2027-04-13 18:00 Tue", "2027-05-11 18:00 Tue", "2027-06-08 18:00 Tue"})

	last := series(t, "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", time.Date(2027, 1, 29, 9, 0, 0, 0, loc), 0)
	occ = last.Occurrences(time.Date(2027, 1, 1, 0, 0, 0, 0, loc), time.Date(2028, 1, 1, 0, 0, 0, 0, loc), 0, nil)
	equal(t, starts(occ, loc), []string{"2027-01-29 09:00 Fri", "2027-02-26 09:00 Fri", "2027-03-26 09:00 Fri"})
}

func TestIntervalAndWeekdays(t *testing.T) {
	loc := time.UTC
	e := series(t, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5", time.Date(2027, 1, 4, 8, 0, 0, 0, loc), 0)
	occ := e.Occurrences(time.Date(2027, 1, 1, 0, 0, 0, 0, loc), time.Date(2028, 1, 1, 0, 0, 0, 0, loc), 0, nil)
	equal(t, starts(occ, loc), []string{"2027-01-04 08:00 Mon", "2027-01-07 08:00 Thu", "2027-01-18 08:00 Mon",
		"2027-01-21 08:00 Thu", "2027-02-01 08:00 Mon"})
}

// An EXDATE on the first date leaves no occurrence there; RDATE adds one;
// a changed occurrence replaces its date, even when moved out of the
// window or into it.
func TestExceptionsExtrasAndOverrides(t *testing.T) {
	loc := time.UTC
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, loc)
	e := series(t, "FREQ=WEEKLY;COUNT=4", start, time.Hour)
	e.Repeat.Except = []time.Time{start}
	e.Repeat.Extra = []time.Time{time.Date(2027, 1, 8, 10, 0, 0, 0, loc)}
	moved := &Event{ID: "o1", Title: "Moved", SeriesID: "s1", RecurrenceID: start.AddDate(0, 0, 14),
		Start: time.Date(2027, 3, 1, 19, 0, 0, 0, loc), End: time.Date(2027, 3, 1, 20, 0, 0, 0, loc)}
	from, to := time.Date(2027, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 2, 1, 0, 0, 0, 0, loc)
	occ := e.Occurrences(from, to, 0, []*Event{moved})
	equal(t, starts(occ, loc), []string{"2027-01-08 10:00 Fri", "2027-01-12 19:00 Tue", "2027-01-26 19:00 Tue"})
	if occ[0].Original != e.Repeat.Extra[0] || occ[0].SeriesID != "s1" {
		t.Errorf("RDATE occurrence = %+v", occ[0])
	}
	occ = e.Occurrences(time.Date(2027, 2, 20, 0, 0, 0, 0, loc), time.Date(2027, 3, 20, 0, 0, 0, 0, loc), 0, []*Event{moved})
	if len(occ) != 1 || occ[0].Event != moved || !occ[0].Original.Equal(start.AddDate(0, 0, 14)) {
		t.Fatalf("moved occurrence = %+v", occ)
	}
	if occ[0].Key() != "s1@"+strconv.FormatInt(start.AddDate(0, 0, 14).UnixMilli(), 10) {
		t.Errorf("Key = %q", occ[0].Key())
	}
	if !e.IsOccurrence(start.AddDate(0, 0, 7)) || e.IsOccurrence(start) || e.IsOccurrence(start.Add(time.Hour)) {
		t.Error("IsOccurrence is wrong")
	}
}

func TestEventThatDoesNotRepeat(t *testing.T) {
	e := &Event{ID: "e", Start: time.Date(2027, 5, 1, 10, 0, 0, 0, time.UTC), End: time.Date(2027, 5, 1, 12, 0, 0, 0, time.UTC)}
	if occ := e.Occurrences(time.Date(2027, 5, 1, 11, 0, 0, 0, time.UTC), time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), 0, nil); len(occ) != 1 || occ[0].SeriesID != "" || occ[0].Key() != "e" {
		t.Fatalf("occurrences = %+v", occ)
	}
	if occ := e.Occurrences(time.Date(2027, 5, 2, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), 0, nil); len(occ) != 0 {
		t.Fatalf("occurrences after the end = %+v", occ)
	}
}

func TestRuleRoundTrip(t *testing.T) {
	for in, want := range map[string]string{
		"RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z":     "FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=TU",
		"freq=monthly;byday=+2tu":                               "FREQ=MONTHLY;BYDAY=2TU",
		"FREQ=MONTHLY;INTERVAL=1;BYSETPOS=-1;BYDAY=MO,TU,WE":    "FREQ=MONTHLY;BYDAY=MO,TU,WE;BYSETPOS=-1",
		"FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=21;WKST=SU":          "FREQ=YEARLY;BYMONTHDAY=21;BYMONTH=10;WKST=SU",
		"FREQ=DAILY;INTERVAL=3;COUNT=10":                        "FREQ=DAILY;INTERVAL=3;COUNT=10",
		"FREQ=WEEKLY;UNTIL=20270630T190000;BYDAY=SA,SU;WKST=MO": "FREQ=WEEKLY;UNTIL=20270630T190000;BYDAY=SA,SU;WKST=MO",
	} {
		r, err := ParseRule(in)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", in, err)
			continue
		}
		if got := r.String(); got != want {
			t.Errorf("ParseRule(%q).String() = %q, want %q", in, got, want)
		}
		if r2, err := ParseRule(r.String()); err != nil || r2.String() != want {
			t.Errorf("second round of %q: %q, %v", in, r2.String(), err)
		}
	}
}

// Hostile rules are refused at once, before any expansion.
func TestAbsurdRulesAreRefused(t *testing.T) {
	for _, rule := range []string{
		"FREQ=SECONDLY", "FREQ=MINUTELY;COUNT=5", "FREQ=HOURLY",
		"FREQ=DAILY;COUNT=1000000000", "FREQ=DAILY;COUNT=10001", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=100000",
		"FREQ=DAILY;BYHOUR=1,2,3", "FREQ=YEARLY;BYYEARDAY=1", "FREQ=YEARLY;BYWEEKNO=1", "FREQ=DAILY;BYSECOND=1",
		"FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=15", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYSETPOS=30;BYDAY=MO",
		"FREQ=MONTHLY;BYDAY=6MO", "FREQ=WEEKLY;BYDAY=2MO", "FREQ=DAILY;COUNT=3;UNTIL=20270101", "FREQ=DAILY;FREQ=WEEKLY",
		"FREQ=WEEKLY;UNTIL=99999", "BYDAY=MO", "", "FREQ=DAILY;X-NAME=1", "FREQ=MONTHLY;BYMONTHDAY=32",
		"FREQ=YEARLY;BYMONTH=6", "FREQ=MONTHLY;BYMONTH=4,6,9,11", // the 31st, from the start

	} {
		if _, err := ParseRule(rule); !errors.Is(err, ErrRule) && !strings.HasPrefix(rule, "FREQ=YEARLY;BYMONTH=6") && !strings.HasPrefix(rule, "FREQ=MONTHLY;BYMONTH=4") {
			t.Errorf("ParseRule(%q) = %v, want ErrRule", rule, err)
		}
		e := &Event{Title: "x", Start: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC), Repeat: &Repeat{Rule: rule}}
		e.Normalize()
		if err := e.Validate(); err == nil {
			t.Errorf("Validate accepted the rule %q", rule)
		}
	}
}

// A rule with a 10,000-year reach or a huge count expands within a query
// window only, and at most MaxOccurrences at a time.
func TestExpansionIsBounded(t *testing.T) {
	start := time.Date(1900, 1, 1, 12, 0, 0, 0, time.UTC)
	e := series(t, "FREQ=DAILY;UNTIL=99991231", start, 0)
	occ := e.Occurrences(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 8, 0, 0, 0, 0, time.UTC), 0, nil)
	if len(occ) != 7 {
		t.Errorf("a week of a daily series from 1900: %d occurrences", len(occ))
	}
	occ = e.Occurrences(start, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 0, nil)
	if len(occ) != MaxOccurrences {
		t.Errorf("an unbounded window gives %d occurrences, want the cap %d", len(occ), MaxOccurrences)
	}
	// A window six centuries after the start is reached without walking
	// the days between.
	if occ := e.Occurrences(time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2500, 2, 1, 0, 0, 0, 0, time.UTC), 0, nil); len(occ) != 31 ||
		occ[0].Start.Hour() != 12 || occ[0].Start.Day() != 1 {
		t.Errorf("January 2500: %d occurrences, first %v", len(occ), occ[0].Start)
	}
	// A count is walked from the start, and no further than MaxCount.
	c := series(t, "FREQ=DAILY;COUNT=10000", start, 0)
	if occ := c.Occurrences(time.Date(1927, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(1927, 5, 1, 0, 0, 0, 0, time.UTC), 0, nil); len(occ) != 30 {
		t.Errorf("a count series 27 years on: %d occurrences", len(occ))
	}
	if occ := c.Occurrences(time.Date(1927, 5, 19, 12, 0, 0, 1e6, time.UTC), time.Date(1929, 1, 1, 0, 0, 0, 0, time.UTC), 0, nil); len(occ) != 0 {
		t.Errorf("after its 10,000 days: %+v", occ)
	}
	if occ := c.Occurrences(time.Date(1928, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1929, 1, 1, 0, 0, 0, 0, time.UTC), 0, nil); len(occ) != 0 {
		t.Errorf("after its 10,000 days: %d occurrences", len(occ))
	}
	e2 := series(t, "FREQ=WEEKLY;COUNT=10000", start, 0)
	if occ := e2.Occurrences(start, time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), 5, nil); len(occ) != 5 {
		t.Errorf("limit 5 gave %d", len(occ))
	}
}

func TestOverrideFieldsAreChecked(t *testing.T) {
	base := Event{Title: "x", Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	for name, mod := range map[string]func(e *Event){
		"series without date": func(e *Event) { e.SeriesID = "s" },
		"date without series": func(e *Event) { e.RecurrenceID = e.Start },
		"override repeats":    func(e *Event) { e.SeriesID, e.RecurrenceID, e.Repeat = "s", e.Start, &Repeat{Rule: "FREQ=DAILY"} },
		"too many exceptions": func(e *Event) {
			e.Repeat = &Repeat{Rule: "FREQ=DAILY"}
			for i := range MaxDates + 1 {
				e.Repeat.Except = append(e.Repeat.Except, e.Start.AddDate(0, 0, i))
			}
		},
		"exception in year 9000": func(e *Event) {
			e.Repeat = &Repeat{Rule: "FREQ=DAILY", Except: []time.Time{time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)}}
		},
	} {
		e := base
		mod(&e)
		e.Normalize()
		if err := e.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	ok := base
	ok.SeriesID, ok.RecurrenceID = "s", ok.Start
	ok.Normalize()
	if err := ok.Validate(); err != nil {
		t.Errorf("a changed occurrence: %v", err)
	}
}

// BenchmarkWeeklyTenYears expands a weekly series over ten years (520
// occurrences), as the events list does for a window that wide.
func BenchmarkWeeklyTenYears(b *testing.B) {
	loc := berlin(b)
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, loc)
	e := series(b, "FREQ=WEEKLY;BYDAY=TU", start, 2*time.Hour)
	to := start.AddDate(10, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		if n := len(e.Occurrences(start, to, 0, nil)); n < 520 {
			b.Fatalf("%d occurrences", n)
		}
	}
}

// Starting the walk near the window gives the same dates as walking
// from the start, for every kind of rule the form and calendars write.
func TestWalkFromNearSameDates(t *testing.T) {
	loc := berlin(t)
	start := time.Date(2019, 1, 31, 19, 30, 0, 0, loc)
	from, to := time.Date(2027, 1, 1, 0, 0, 0, 0, loc), time.Date(2029, 1, 1, 0, 0, 0, 0, loc)
	for _, rule := range []string{
		"FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA",
		"FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=5", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
		"FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=YEARLY", "FREQ=YEARLY;INTERVAL=3;BYMONTH=10;BYDAY=3SA",
		"FREQ=DAILY;BYMONTH=3,4;BYDAY=SA", "FREQ=YEARLY;UNTIL=20301231", "FREQ=YEARLY;BYMONTH=1,3",
	} {
		e := series(t, rule, start, time.Hour)
		r, _ := e.ParsedRule()
		far, err := e.rrule(r, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want := far.Between(from.Add(-2*time.Hour), to, true)
		var wantS []string
		for _, w := range want {
			if w.Add(time.Hour).Before(from) {
				continue
			}
			wantS = append(wantS, w.In(loc).Format(time.DateTime))
		}
		var got []string
		for _, o := range e.Occurrences(from, to, 0, nil) {
			got = append(got, o.Start.In(loc).Format(time.DateTime))
		}
		if len(wantS) == 0 || strings.Join(got, " ") != strings.Join(wantS, " ") {
			t.Errorf("%s:\n got %q\nwant %q", rule, got, wantS)
		}
	}
}

func TestOccurrenceAtAndKeys(t *testing.T) {
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, time.UTC)
	e := series(t, "FREQ=WEEKLY;COUNT=4", start, time.Hour)
	e.Repeat.Except = []time.Time{start.AddDate(0, 0, 7)}
	moved := &Event{ID: "o", SeriesID: "s1", RecurrenceID: start.AddDate(0, 0, 14), Start: start.AddDate(0, 1, 0)}
	if o, ok := e.OccurrenceAt(start, nil); !ok || o.Event != e || !o.End.Equal(start.Add(time.Hour)) {
		t.Errorf("first = %+v, %v", o, ok)
	}
	if _, ok := e.OccurrenceAt(start.AddDate(0, 0, 7), nil); ok {
		t.Error("an exception was found")
	}
	if _, ok := e.OccurrenceAt(start.Add(time.Minute), nil); ok {
		t.Error("a time the rule does not give was found")
	}
	o, ok := e.OccurrenceAt(start.AddDate(0, 0, 14), []*Event{moved})
	if !ok || o.Event != moved {
		t.Fatalf("moved = %+v", o)
	}
	if id, orig := ParseKey(o.Key()); id != "s1" || !orig.Equal(start.AddDate(0, 0, 14)) {
		t.Errorf("ParseKey(%q) = %q %v", o.Key(), id, orig)
	}
	if id, orig := ParseKey("plain-id"); id != "plain-id" || !orig.IsZero() {
		t.Errorf("ParseKey(plain) = %q %v", id, orig)
	}
	if id, _ := ParseKey("x@notanumber"); id != "x@notanumber" {
		t.Errorf("ParseKey(bad) = %q", id)
	}
}

func TestLastEnd(t *testing.T) {
	loc := berlin(t)
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, loc)
	for rule, want := range map[string]string{
		"FREQ=WEEKLY;COUNT=4":                    "2027-01-26 21:00",
		"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630":    "2027-06-29 21:00",
		"FREQ=DAILY;UNTIL=99991231":              "9999-12-31 21:00",
		"FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231": "2027-12-31 21:00",
		"FREQ=WEEKLY":                            "never",
		"FREQ=DAILY;COUNT=201":                   "never", // longer than LastEnd walks
	} {
		e := series(t, rule, start, 2*time.Hour)
		got := "never"
		if end, ok := e.LastEnd(); ok {
			got = end.In(loc).Format("2006-01-02 15:04")
		}
		if got != want {
			t.Errorf("%s: last end %s, want %s", rule, got, want)
		}
	}
}

// FuzzParseRule: whatever parses re-encodes to a rule that parses to the
// same text, and expanding it a year from an arbitrary start is bounded.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=6",
		"FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=YEARLY;INTERVAL=2;BYMONTH=10;BYMONTHDAY=21", "FREQ=SECONDLY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			return
		}
		again, err := ParseRule(r.String())
		if err != nil || again.String() != r.String() {
			t.Fatalf("%q -> %q -> %q, %v", s, r.String(), again.String(), err)
		}
		e := &Event{ID: "f", Start: time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC), Repeat: &Repeat{Rule: r.String()}}
		if !r.fits(e.Start) {
			return
		}
		if n := len(e.Occurrences(e.Start, e.Start.AddDate(1, 0, 0), 0, nil)); n > MaxOccurrences {
			t.Fatalf("%d occurrences", n)
		}
	})
}
