package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func addSeries(t *testing.T, s *store.Store, title, rule string, start time.Time, kind event.Kind) *event.Event {
	t.Helper()
	e := &event.Event{Title: title, Kind: kind, Start: start, End: start.Add(2 * time.Hour), TimeZone: "Europe/Berlin",
		Repeat: &event.Repeat{Rule: rule}}
	must(t, s.Events().Add(ctx, e))
	return e
}

func TestSeriesRoundTripAndOccurrences(t *testing.T) {
	s := newStore(t)
	loc, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, loc)
	e := addSeries(t, s, "Chapter meeting", "RRULE:freq=weekly;byday=tu", start, event.KindMeeting)
	e.Repeat.Except = []time.Time{start.AddDate(0, 0, 7)}
	e.Repeat.Extra = []time.Time{start.AddDate(0, 0, 3)}
	must(t, s.Events().Update(ctx, e))
	got, err := s.Events().Get(ctx, e.ID)
	must(t, err)
	if got.Repeat == nil || got.Repeat.Rule != "FREQ=WEEKLY;BYDAY=TU" || len(got.Repeat.Except) != 1 ||
		!got.Repeat.Except[0].Equal(start.AddDate(0, 0, 7)) || len(got.Repeat.Extra) != 1 {
		t.Fatalf("stored series = %+v", got.Repeat)
	}
	// A changed occurrence: the third date moved an hour later.
	orig := start.AddDate(0, 0, 14)
	moved := &event.Event{Title: "Chapter meeting (moved)", Start: orig.Add(time.Hour), End: orig.Add(3 * time.Hour),
		TimeZone: "Europe/Berlin", SeriesID: e.ID, RecurrenceID: orig}
	must(t, s.Events().Add(ctx, moved))
	dup := &event.Event{Title: "again", Start: orig, SeriesID: e.ID, RecurrenceID: orig}
	if err := s.Events().Add(ctx, dup); err == nil {
		t.Error("a second change of the same occurrence was stored")
	}

	now := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	occ, err := s.Events().Occurrences(ctx, store.OccurrenceFilter{EventFilter: store.EventFilter{Upcoming: true, Now: now},
		To: time.Date(2027, 2, 1, 0, 0, 0, 0, loc)})
	must(t, err)
	var got2 []string
	for _, o := range occ {
		got2 = append(got2, o.Start.In(loc).Format("01-02 15:04")+" "+o.Event.Title)
	}
	want := []string{"01-05 19:00 Chapter meeting", "01-08 19:00 Chapter meeting", "01-19 20:00 Chapter meeting (moved)",
		"01-26 19:00 Chapter meeting"}
	if len(got2) != len(want) {
		t.Fatalf("occurrences = %q, want %q", got2, want)
	}
	for i := range want {
		if got2[i] != want[i] {
			t.Fatalf("occurrences = %q, want %q", got2, want)
		}
	}
	// The series is upcoming and past at once once it has begun.
	mid := time.Date(2027, 3, 1, 0, 0, 0, 0, loc)
	past, err := s.Events().Occurrences(ctx, store.OccurrenceFilter{EventFilter: store.EventFilter{Past: true, Now: mid}})
	must(t, err)
	if len(past) < 5 || !past[0].Start.After(past[1].Start) || past[0].Start.After(mid) {
		t.Errorf("past occurrences: %d, first %v", len(past), past[0].Start)
	}
	up, err := s.Events().Occurrences(ctx, store.OccurrenceFilter{EventFilter: store.EventFilter{Upcoming: true, Now: mid}, To: mid.AddDate(0, 0, 14)})
	must(t, err)
	if len(up) != 2 || up[0].Start.Before(mid) {
		t.Errorf("upcoming after two months: %+v", up)
	}
	// Search finds the series by its title.
	hit, err := s.Events().Occurrences(ctx, store.OccurrenceFilter{EventFilter: store.EventFilter{Search: "chapter", Now: now},
		From: now, To: time.Date(2027, 1, 13, 0, 0, 0, 0, loc)})
	must(t, err)
	if len(hit) != 2 {
		t.Errorf("search hits = %d, want 2", len(hit))
	}

	// Deleting the series deletes its changed occurrence too.
	must(t, s.Events().Delete(ctx, e.ID))
	if _, err := s.Events().Get(ctx, moved.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("changed occurrence left behind: %v", err)
	}
}

// A task of one occurrence is overdue while that occurrence is still to
// come; a task of the series while the series goes on.
func TestTasksOfOccurrences(t *testing.T) {
	s := newStore(t)
	loc, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2026, 1, 6, 19, 0, 0, 0, loc)
	e := addSeries(t, s, "Weekly", "FREQ=WEEKLY;COUNT=10", start, event.KindMeeting)
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, loc) // between the 2nd and 3rd dates
	due := date.New(2026, 1, 10)
	series := &event.Task{EventID: e.ID, Title: "book the room", Due: due}
	gone := &event.Task{EventID: e.ID, Title: "print flyers for the 2nd", Due: due, Occurrence: start.AddDate(0, 0, 7)}
	next := &event.Task{EventID: e.ID, Title: "agenda for the 3rd", Due: due, Occurrence: start.AddDate(0, 0, 14)}
	for _, tk := range []*event.Task{series, gone, next} {
		must(t, s.Tasks().Add(ctx, tk))
	}
	got, err := s.Tasks().Get(ctx, next.ID)
	must(t, err)
	if !got.Occurrence.Equal(start.AddDate(0, 0, 14)) {
		t.Errorf("task occurrence = %v", got.Occurrence)
	}
	over, err := s.Tasks().Overdue(ctx, now)
	must(t, err)
	names := map[string]bool{}
	for _, tk := range over {
		names[tk.Title] = true
	}
	if len(over) != 2 || !names["book the room"] || !names["agenda for the 3rd"] {
		t.Errorf("overdue = %v", names)
	}
	c, err := s.CountsAt(ctx, now)
	must(t, err)
	if c.OverdueTasks != 2 || c.UpcomingEvents != 1 {
		t.Errorf("counts: overdue %d, upcoming events %d", c.OverdueTasks, c.UpcomingEvents)
	}
	// After the last date (10 weeks) the series is over: nothing overdue.
	if over, _ := s.Tasks().Overdue(ctx, start.AddDate(0, 0, 70)); len(over) != 0 {
		t.Errorf("overdue after the series ended: %d", len(over))
	}
}

// The dashboard counts occurrences: a weekly workshop is held every week.
func TestStatsCountOccurrences(t *testing.T) {
	s := newStore(t)
	now := time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC)
	addSeries(t, s, "Workshop", "FREQ=WEEKLY;BYDAY=TU", time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC), event.KindWorkshop)
	st, err := s.Stats(ctx, now)
	must(t, err)
	// Tuesdays from 5 Jan to 15 Jun 2027: 24 held (the one on 15 June ends at 12:00, so it is over).
	if st.Switch.WorkshopsDone != 24 {
		t.Errorf("workshops held = %d, want 24", st.Switch.WorkshopsDone)
	}
	if st.Switch.Trend.Last30 != 5 || st.Switch.Trend.Prev30 != 4 {
		t.Errorf("trend = %+v", st.Switch.Trend)
	}
	if st.Switch.WorkshopsUpcoming < 52 || st.Switch.WorkshopsUpcoming > 53 {
		t.Errorf("upcoming workshops within a year = %d", st.Switch.WorkshopsUpcoming)
	}
	if st.Events.Done[store.CurrentMonth] != 3 || st.Events.Planned[store.CurrentMonth] != 2 {
		t.Errorf("June: done %d planned %d", st.Events.Done[store.CurrentMonth], st.Events.Planned[store.CurrentMonth])
	}
}

func TestAbsurdSeriesRefused(t *testing.T) {
	s := newStore(t)
	for _, rule := range []string{"FREQ=SECONDLY", "FREQ=DAILY;COUNT=1000000000", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"} {
		e := &event.Event{Title: "x", Start: time.Now(), Repeat: &event.Repeat{Rule: rule}}
		if err := s.Events().Add(ctx, e); err == nil {
			t.Errorf("stored %q", rule)
		}
	}
}

func TestDeleteOccurrence(t *testing.T) {
	s := newStore(t)
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, time.UTC)
	e := addSeries(t, s, "Weekly", "FREQ=WEEKLY;COUNT=5", start, event.KindMeeting)
	second, third := start.AddDate(0, 0, 7), start.AddDate(0, 0, 14)
	moved := &event.Event{Title: "Moved", Start: third.Add(time.Hour), SeriesID: e.ID, RecurrenceID: third}
	must(t, s.Events().Add(ctx, moved))
	keep := &event.Task{EventID: e.ID, Title: "series task"}
	gone := &event.Task{EventID: e.ID, Title: "third date task", Occurrence: third}
	must(t, s.Tasks().Add(ctx, keep))
	must(t, s.Tasks().Add(ctx, gone))
	must(t, s.Events().DeleteOccurrence(ctx, e.ID, second))
	must(t, s.Events().DeleteOccurrence(ctx, e.ID, third))
	got, err := s.Events().Get(ctx, e.ID)
	must(t, err)
	if n := len(got.Occurrences(start, start.AddDate(1, 0, 0), 0, nil)); n != 3 {
		t.Errorf("%d occurrences left, want 3", n)
	}
	if _, err := s.Events().Get(ctx, moved.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("changed occurrence kept: %v", err)
	}
	tasks, err := s.Tasks().ListForEvent(ctx, e.ID)
	must(t, err)
	if len(tasks) != 1 || tasks[0].ID != keep.ID {
		t.Errorf("tasks left: %+v", tasks)
	}
	if err := s.Events().DeleteOccurrence(ctx, "nope", second); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing series: %v", err)
	}
}

func TestUpdateSeriesMovesWhatNamesItsDates(t *testing.T) {
	s := newStore(t)
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, time.UTC)
	e := addSeries(t, s, "Weekly", "FREQ=WEEKLY;COUNT=5", start, event.KindMeeting)
	second, third := start.AddDate(0, 0, 7), start.AddDate(0, 0, 14)
	e.Repeat.Except = []time.Time{second}
	must(t, s.Events().Update(ctx, e))
	moved := &event.Event{Title: "Moved", Start: third.Add(time.Hour), SeriesID: e.ID, RecurrenceID: third}
	must(t, s.Events().Add(ctx, moved))
	task := &event.Task{EventID: e.ID, Title: "third date task", Occurrence: third}
	must(t, s.Tasks().Add(ctx, task))

	shift := 30 * time.Minute
	e.Start, e.End = e.Start.Add(shift), e.End.Add(shift)
	must(t, s.Events().UpdateSeries(ctx, e, shift))
	got, _ := s.Events().Get(ctx, e.ID)
	if !got.Repeat.Except[0].Equal(second.Add(shift)) {
		t.Errorf("exception at %v", got.Repeat.Except[0])
	}
	ov, _ := s.Events().Get(ctx, moved.ID)
	tk, _ := s.Tasks().Get(ctx, task.ID)
	if !ov.RecurrenceID.Equal(third.Add(shift)) || !tk.Occurrence.Equal(third.Add(shift)) {
		t.Errorf("changed occurrence names %v, task %v", ov.RecurrenceID, tk.Occurrence)
	}
	overrides, _ := s.Events().Overrides(ctx, e.ID)
	if n := len(got.Occurrences(start, start.AddDate(1, 0, 0), 0, overrides)); n != 4 {
		t.Errorf("%d occurrences after the move, want 4", n)
	}
	// No longer repeating: the changed date goes, the task stays.
	got.Repeat = nil
	must(t, s.Events().UpdateSeries(ctx, got, 0))
	if _, err := s.Events().Get(ctx, moved.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("changed date kept: %v", err)
	}
	if tk, err := s.Tasks().Get(ctx, task.ID); err != nil || !tk.Occurrence.IsZero() {
		t.Errorf("task %+v %v", tk, err)
	}
}
