package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// A task left open in an event that is done, cancelled or over is not
// marked overdue; the same task in an event still to come is.
func TestEventTaskOverdueOnlyInOpenEvents(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	cases := map[string]*event.Event{
		"ahead":     {Title: "Ahead", Status: event.StatusPlanned, Start: scrNow.Add(48 * time.Hour)},
		"done":      {Title: "Held", Status: event.StatusDone, Start: scrNow.Add(48 * time.Hour)},
		"cancelled": {Title: "Called off", Status: event.StatusCancelled, Start: scrNow.Add(48 * time.Hour)},
		"over":      {Title: "Over", Status: event.StatusConfirmed, Start: scrNow.Add(-48 * time.Hour), End: scrNow.Add(-47 * time.Hour)},
	}
	for _, ev := range cases {
		ev.TimeZone = "UTC"
		if err := st.Events().Add(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if err := st.Tasks().Add(ctx, &event.Task{EventID: ev.ID, Title: "Book the room", Due: date.MustParse("2026-09-20")}); err != nil {
			t.Fatal(err)
		}
	}
	s := newTestEvents(t, e)
	for name, ev := range cases {
		s.Shown(EventRef(ev.ID))
		d := s.detail
		if d == nil || len(d.overdue) != 1 {
			t.Fatalf("%s: detail %+v", name, d)
		}
		want := name == "ahead"
		if d.overdue[0] != want {
			t.Errorf("%s: overdue = %v, want %v", name, d.overdue[0], want)
		}
		if got := strings.Contains(strings.Join(scrCanvasTexts(e), "\n"), "Overdue"); got != want {
			t.Errorf("%s: the word Overdue shown = %v", name, got)
		}
	}
}
