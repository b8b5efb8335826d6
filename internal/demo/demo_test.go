package demo

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/campaign"

	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

func TestPopulate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		scale Scale
	}{{"small", ScaleSmall}, {"typical", ScaleTypical}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := store.New()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			start := time.Now()
			if err := Populate(ctx, s, tc.scale, 42); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v", tc.name, time.Since(start))
			c, err := s.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if c.Contacts != tc.scale.Contacts || c.Events != tc.scale.Events+TemplateEvents ||
				c.Tasks != tc.scale.Events*tc.scale.TasksPerEvent+templateTasks(t) {
				t.Fatalf("counts %+v for scale %+v", c, tc.scale)
			}
			if err := s.IntegrityCheck(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	names := func(seed int64) []string {
		s, err := store.New()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := Populate(ctx, s, ScaleSmall, seed); err != nil {
			t.Fatal(err)
		}
		list, err := s.Contacts().List(ctx, store.ContactFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.Name+"|"+c.Country+"|"+string(c.Stage))
		}
		return out
	}
	a, b, c := names(7), names(7), names(8)
	if len(a) != ScaleSmall.Contacts {
		t.Fatal(len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("seed 7 differs at %d: %q vs %q", i, a[i], b[i])
		}
	}
	same := true
	for i := range a {
		same = same && a[i] == c[i]
	}
	if same {
		t.Fatal("different seeds gave the same data")
	}
}

// templateTasks is the number of tasks of the template events.
func templateTasks(t *testing.T) int {
	t.Helper()
	builtin, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, te := range templateEvents {
		n += len(campaign.Find(builtin, te.id).Tasks)
	}
	return n
}

// The demo holds events planned from templates, with dated tasks and a
// safety checklist, the same for the same clock.
func TestTemplateEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 9, 15, 12, 0, 0, 0, time.UTC)
	summary := func() []string {
		s, err := store.New()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := PopulateAt(ctx, s, ScaleSmall, 3, now); err != nil {
			t.Fatal(err)
		}
		es, err := s.Events().List(ctx, store.EventFilter{Search: "Global Encryption Day event"})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			if e.Title != "Global Encryption Day event" {
				continue
			}
			tasks, err := s.Tasks().ListForEvent(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			done := 0
			for _, tk := range tasks {
				if tk.Done {
					done++
				}
			}
			out = append(out, fmt.Sprintf("%s %s %d tasks %d done %s first due %s %t", e.TimeZone,
				e.Start.In(e.Zone()).Format("2006-01-02 15:04"), len(tasks), done, e.Status, tasks[0].Due,
				strings.HasPrefix(e.Safety.CheckIn, "- [ ] ")))
		}
		return out
	}
	a, b := summary(), summary()
	want := "Europe/Berlin 2026-10-21 17:00 25 tasks 6 done confirmed first due 2026-08-12 true"
	if len(a) != 1 || a[0] != want {
		t.Fatalf("template events = %q, want [%q]", a, want)
	}
	if a[0] != b[0] {
		t.Fatalf("not deterministic: %q vs %q", a, b)
	}
}

// Demo contacts joined over the last year (more of them recently), and
// built-in tutorials present in the vault get some progress.
func TestJoinDatesAndProgress(t *testing.T) {
	ctx := context.Background()
	s, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	body := "# T\n\n- [ ] One {#one}\n- [ ] Two {#two}\n- [ ] Three {#three}\n- [ ] Four {#four}\n- [ ] Five {#five}\n"
	if err := s.Tutorials().Add(ctx, &tutorial.Tutorial{Slug: "advocating-safely", Language: "en", Title: "T", Summary: "S",
		Body: body, ContentVersion: 1, Source: tutorial.SourceBuiltin}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	if err := PopulateAt(ctx, s, ScaleSmall, 7, now); err != nil {
		t.Fatal(err)
	}
	list, err := s.Contacts().List(ctx, store.ContactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	recent, old := 0, 0
	for _, c := range list {
		age := now.Sub(c.Created)
		if age < 0 || age > 366*24*time.Hour {
			t.Fatalf("%s joined %v, outside the last year", c.Name, c.Created)
		}
		if age < 182*24*time.Hour {
			recent++
		} else {
			old++
		}
	}
	if old == 0 || recent <= old {
		t.Errorf("join dates: %d in the last half year, %d before; want growth", recent, old)
	}
	p, err := s.Tutorials().Progress(ctx, "advocating-safely")
	if err != nil {
		t.Fatal(err)
	}
	if done := len(p); done != 3 { // 60% of 5 items
		t.Errorf("%d items done, want 3: %v", done, p)
	}
}

// Whatever the date, the demo has events in the coming two weeks and
// contacts to follow up, so its dashboard's first cards are not empty.
func TestNearEventsAndFollowUpsAnyDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, now := range []time.Time{
		time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC),
		time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC),
		time.Date(2028, 7, 15, 18, 0, 0, 0, time.UTC),
	} {
		s, err := store.New()
		if err != nil {
			t.Fatal(err)
		}
		if err := PopulateAt(ctx, s, ScaleSmall, 1, now); err != nil {
			t.Fatal(err)
		}
		es, err := s.Events().List(ctx, store.EventFilter{Upcoming: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		near := 0
		for _, e := range es {
			if e.Start.Before(now.AddDate(0, 0, 14)) {
				near++
			}
		}
		counts, err := s.CountsAt(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if near == 0 || counts.FollowUpsDue == 0 {
			t.Errorf("%s: %d events in the next 14 days, %d follow-ups due", now.Format("2006-01-02"), near, counts.FollowUpsDue)
		}
		s.Close()
	}
}
