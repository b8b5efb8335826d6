package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/interop/ics"
	"github.com/safehouse-app/safehouse/internal/store"
)

// These tests were package ics's until the calendar use cases moved into
// app; the samples stay with the format.
const icsTestdata = "../interop/ics/testdata"

var calendarStamp = time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC)

func readCalendarSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(icsTestdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseCalendar(t *testing.T, data []byte, zone string) *ics.Parsed {
	t.Helper()
	p, err := ics.Parse(data, ics.ImportOptions{Zone: zone})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func encodeCalendar(t *testing.T, items []ics.Item) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ics.Encode(&buf, items, ics.ExportOptions{Now: calendarStamp}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// calendarItems are events in several zones, one with two tasks.
func calendarItems(t *testing.T) []ics.Item {
	t.Helper()
	mk := func(id, title, zone string, start time.Time) *event.Event {
		return &event.Event{ID: id, Title: title, TimeZone: zone, Start: start, End: start.Add(time.Hour), Kind: event.KindMeeting,
			Status: event.StatusConfirmed, Version: 1, Created: calendarStamp, Updated: calendarStamp}
	}
	var items []ics.Item
	for i, z := range []string{"Europe/Berlin", "America/New_York", "Asia/Tehran", "Australia/Lord_Howe", "Africa/Nairobi", "UTC"} {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatal(err)
		}
		e := mk(fmt.Sprintf("0b1c0000-0000-4000-8000-00000000000%d", i+1), "Meeting in "+z, z, time.Date(2027, 3, 28, 1, 30, 0, 0, loc))
		items = append(items, ics.Item{Event: e})
	}
	items[0].Tasks = []*event.Task{
		{ID: "7a5c0000-0000-4000-8000-000000000001", EventID: items[0].Event.ID, Title: "Book the room", Done: true},
		{ID: "7a5c0000-0000-4000-8000-000000000002", EventID: items[0].Event.ID, Title: "Print flyers", Position: 1},
	}
	return items
}

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
	items, err := collectCalendar(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ics.Encode(&buf, items, ics.ExportOptions{Now: calendarStamp}); err != nil {
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

// importInto parses data and adds its new events to st.
func importInto(t *testing.T, st *store.Store, data []byte) *ics.Preview {
	t.Helper()
	p, err := ics.Parse(data, ics.ImportOptions{Zone: "America/Sao_Paulo"})
	if err != nil {
		t.Fatal(err)
	}
	pv, err := planCalendar(context.Background(), st, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.New) > 0 {
		if _, err := applyCalendar(context.Background(), st, pv); err != nil {
			t.Fatal(err)
		}
	}
	return pv
}

// calendarState describes every event of st and its tasks, without IDs.
func calendarState(t *testing.T, st *store.Store) []string {
	t.Helper()
	items, err := collectCalendar(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		e := it.Event
		s := fmt.Sprintf("%q %s %s %s %q %q %s %s online=%v", e.Title, e.Start.UTC().Format(time.RFC3339), e.End.UTC().Format(time.RFC3339),
			e.TimeZone, e.Description, e.Location, e.Status, e.Kind, e.Online)
		if e.Repeat != nil {
			s += fmt.Sprintf(" repeat=%q except=%v extra=%v", e.Repeat.Rule, e.Repeat.Except, e.Repeat.Extra)
		}
		if e.SeriesID != "" {
			s += " changes " + e.RecurrenceID.UTC().Format(time.RFC3339)
		}
		for _, tk := range it.Tasks {
			s += fmt.Sprintf(" [%q %s %v %q %v]", tk.Title, tk.Due, tk.Done, tk.Notes, tk.Occurrence)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestCalendarRoundTripEverySample: for every calendar sample, import into a
// fresh vault, export, and import the export into another fresh vault:
// the two vaults hold the same events and tasks, and importing the export
// into the first vault adds nothing (no duplicate).
func TestCalendarRoundTripEverySample(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(icsTestdata, "*.ics"))
	if len(names) < 5 {
		t.Fatalf("only %d samples", len(names))
	}
	for _, path := range names {
		t.Run(filepath.Base(path), func(t *testing.T) {
			first := newStore(t)
			if pv := importInto(t, first, readCalendarSample(t, filepath.Base(path))); len(pv.New) == 0 {
				t.Fatal("nothing imported")
			}
			items, err := collectCalendar(context.Background(), first, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := ics.Encode(&buf, items, ics.ExportOptions{Now: calendarStamp}); err != nil {
				t.Fatal(err)
			}
			second := newStore(t)
			importInto(t, second, buf.Bytes())
			if a, b := calendarState(t, first), calendarState(t, second); !slices.Equal(a, b) {
				t.Errorf("a fresh vault differs after export and import:\n first %q\nsecond %q", a, b)
			}
			records := 0 // changed occurrences travel inside their series
			for _, it := range items {
				if it.Event.SeriesID == "" {
					records++
				}
			}
			if pv := importInto(t, first, buf.Bytes()); len(pv.New) != 0 || len(pv.Duplicates) != records {
				t.Errorf("re-import into the first vault: %d new, %d duplicates of %d", len(pv.New), len(pv.Duplicates), records)
			}
		})
	}
}

// TestCalendarPlanApply: a fresh vault gets every event with its tasks in one
// transaction; the same file again is all duplicates; nothing is written
// by Plan.
func TestCalendarPlanApply(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	p := parseCalendar(t, readCalendarSample(t, "thunderbird.ics"), "Europe/Berlin")
	before := st.Changes()
	pv, err := planCalendar(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Changes() != before {
		t.Fatal("Plan wrote to the store")
	}
	if len(pv.New) != 2 || pv.NewTasks() != 2 || len(pv.Duplicates) != 0 || len(pv.Skipped) != 1 {
		t.Fatalf("preview: %d new, %d tasks, %d dups, %d skipped", len(pv.New), pv.NewTasks(), len(pv.Duplicates), len(pv.Skipped))
	}
	res, err := applyCalendar(ctx, st, pv)
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 2 || res.Tasks != 2 || st.Changes() != before+1 {
		t.Fatalf("result %+v, %d commits", res, st.Changes()-before)
	}
	e, err := st.Events().Get(ctx, res.EventIDs[0])
	if err != nil || e.Title != "Press briefing" || e.TimeZone != "America/New_York" || e.Kind != event.KindPress {
		t.Fatalf("stored %+v %v", e, err)
	}
	tasks, _ := st.Tasks().ListForEvent(ctx, e.ID)
	if len(tasks) != 2 || !tasks[0].Done || tasks[1].Notes != "French and Arabic" || tasks[1].AssigneeID != "" {
		t.Fatalf("tasks %+v", tasks)
	}

	// The imported UIDs are kept, for export and for the next import.
	if e.UID == "" || e.UID == ics.UID(e.ID) {
		t.Fatalf("stored UID %q", e.UID)
	}

	// Again: duplicates by the UID kept from the first import.
	pv, err = planCalendar(ctx, st, parseCalendar(t, readCalendarSample(t, "thunderbird.ics"), "Europe/Berlin"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.New) != 0 || len(pv.Duplicates) != 2 || !pv.Duplicates[0].SameUID {
		t.Fatalf("second preview: %d new, %+v", len(pv.New), pv.Duplicates)
	}
	if _, err := applyCalendar(ctx, st, pv); !errors.Is(err, ics.ErrNothingToImport) {
		t.Fatalf("apply nothing: %v", err)
	}
}

// TestCalendarPlanSafehouseUIDs: a file exported from this vault is recognized by
// UID even after the event was renamed.
func TestCalendarPlanSafehouseUIDs(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	for _, it := range calendarItems(t) {
		e := *it.Event
		if err := st.Events().Add(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	items, err := collectCalendar(ctx, st, nil)
	if err != nil || len(items) != 6 {
		t.Fatalf("collect: %d %v", len(items), err)
	}
	data := encodeCalendar(t, items)
	first := items[0].Event
	first.Title = "Renamed"
	if err := st.Events().Update(ctx, first); err != nil {
		t.Fatal(err)
	}
	pv, err := planCalendar(ctx, st, parseCalendar(t, data, "UTC"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.New) != 0 || len(pv.Duplicates) != 6 {
		t.Fatalf("%d new, %d dups", len(pv.New), len(pv.Duplicates))
	}
	for _, d := range pv.Duplicates {
		if !d.SameUID {
			t.Errorf("%s matched by title, not UID", d.In.Event.Title)
		}
	}
	// Collect by ID, unknown ID.
	if got, err := collectCalendar(ctx, st, []string{first.ID, first.ID}); err != nil || len(got) != 1 {
		t.Fatalf("collect one: %d %v", len(got), err)
	}
	if _, err := collectCalendar(ctx, st, []string{"00000000-0000-4000-8000-000000000000"}); err == nil {
		t.Fatal("unknown ID collected")
	}
}

// TestCalendarApplyAllOrNothing: an invalid record rolls the whole import back.
func TestCalendarApplyAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	p := parseCalendar(t, readCalendarSample(t, "google.ics"), "UTC")
	pv, err := planCalendar(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	pv.New[len(pv.New)-1].Event.Title = "" // made invalid after the preview
	if _, err := applyCalendar(ctx, st, pv); err == nil {
		t.Fatal("invalid event applied")
	}
	if all, _ := st.Events().List(ctx, store.EventFilter{}); len(all) != 0 {
		t.Fatalf("%d events after a failed import", len(all))
	}
}

// TestCalendarImportSession: the session's use cases plan, apply (the
// session is then unsaved) and collect what was imported.
func TestCalendarImportSession(t *testing.T) {
	ctx := context.Background()
	_, s := newSession(t)
	pv, err := PlanCalendarImport(ctx, s, parseCalendar(t, readCalendarSample(t, "thunderbird.ics"), "Europe/Berlin"))
	if err != nil || s.Dirty() {
		t.Fatalf("plan: %v, dirty %v", err, s.Dirty())
	}
	res, err := ApplyCalendarImport(ctx, s, pv)
	if err != nil || res.Events != 2 || !s.Dirty() {
		t.Fatalf("apply: %+v %v, dirty %v", res, err, s.Dirty())
	}
	items, err := CollectCalendar(ctx, s, res.EventIDs[:1])
	if err != nil || len(items) != 1 || items[0].Event.ID != res.EventIDs[0] || len(items[0].Tasks) != 2 {
		t.Fatalf("collect: %+v %v", items, err)
	}
	if _, err := ApplyCalendarImport(ctx, s, &ics.Preview{}); !errors.Is(err, ics.ErrNothingToImport) {
		t.Fatalf("empty preview: %v", err)
	}
}
