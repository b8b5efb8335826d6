package store

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// statsNow is the reference time of the hand-built stats data:
// the last 30 days are (Sep 15 12:00, Oct 15 12:00], the 30 before
// (Aug 16 12:00, Sep 15 12:00].
var statsNow = time.Date(2026, 10, 15, 12, 0, 0, 0, time.UTC)

func statsStore(t *testing.T) *Store {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func day(s string) time.Time {
	d := date.MustParse(s)
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// addAt adds c as if created at the given day (noon UTC).
func addAt(t *testing.T, s *Store, created string, c contact.Contact) {
	t.Helper()
	at := day(created)
	s.now = func() time.Time { return at }
	defer func() { s.now = time.Now }()
	if err := s.Contacts().Add(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
}

func addEv(t *testing.T, s *Store, kind event.Kind, status event.Status, start time.Time) *event.Event {
	t.Helper()
	e := &event.Event{Title: string(kind) + " " + string(status), Kind: kind, Status: status, Start: start, End: start.Add(time.Hour)}
	if err := s.Events().Add(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestStatsHandBuilt(t *testing.T) {
	ctx := context.Background()
	s := statsStore(t)
	org, person, biz := contact.KindOrganization, contact.KindPerson, contact.KindBusiness
	// Partners: 3 member organizations, 2 advocates.
	addAt(t, s, "2025-05-01", contact.Contact{Name: "Old member", Kind: org, Stage: contact.StageMember})
	addAt(t, s, "2026-09-01", contact.Contact{Name: "Sept member", Kind: org, Stage: contact.StageMember})
	addAt(t, s, "2026-10-10", contact.Contact{Name: "Oct member", Kind: org, Stage: contact.StageMember})
	addAt(t, s, "2026-10-01", contact.Contact{Name: "Prospect org", Kind: org, Stage: contact.StageProspect})
	addAt(t, s, "2026-10-14", contact.Contact{Name: "Adv DE", Kind: person, Stage: contact.StageAdvocate, Country: "DE"})
	// Created after now (a peer's clock ahead): counted as made now.
	addAt(t, s, "2026-12-01", contact.Contact{Name: "Adv future", Kind: person, Stage: contact.StageAdvocate, Country: "KE"})
	addAt(t, s, "2026-06-01", contact.Contact{Name: "Sup DE", Kind: person, Stage: contact.StageSupporter, Country: "DE", Tags: []string{"press", "media"}})
	addAt(t, s, "2026-06-01", contact.Contact{Name: "Sup FR", Kind: person, Stage: contact.StageSupporter, Country: "FR"})
	addAt(t, s, "2026-09-10", contact.Contact{Name: "Sup none", Kind: person, Stage: contact.StageSupporter})
	addAt(t, s, "2026-10-01", contact.Contact{Name: "Just a contact", Kind: person, Stage: contact.StageContact, Country: "DE", Tags: []string{"journalist", "legal"}})
	addAt(t, s, "2026-10-01", contact.Contact{Name: "Biz prospect", Kind: biz, Stage: contact.StageProspect})
	addAt(t, s, "2026-10-01", contact.Contact{Name: "Biz contacted", Kind: biz, Stage: contact.StageContacted})
	addAt(t, s, "2026-08-20", contact.Contact{Name: "Biz committed", Kind: biz, Stage: contact.StageCommitted})
	addAt(t, s, "2026-10-02", contact.Contact{Name: "Biz implemented", Kind: biz, Stage: contact.StageImplemented})

	addEv(t, s, event.KindWorkshop, event.StatusDone, day("2026-10-05"))
	addEv(t, s, event.KindWorkshop, event.StatusDone, day("2026-06-01"))
	addEv(t, s, event.KindWorkshop, event.StatusCancelled, day("2026-10-06"))
	addEv(t, s, event.KindWorkshop, event.StatusPlanned, day("2026-11-01"))
	addEv(t, s, event.KindWorkshop, event.StatusPlanned, day("2026-09-01")) // past, never marked done
	addEv(t, s, event.KindPress, event.StatusDone, day("2026-09-10"))
	addEv(t, s, event.KindPublic, event.StatusConfirmed, day("2026-10-21"))
	addEv(t, s, event.KindPress, event.StatusIdea, day("2027-01-10"))
	addEv(t, s, event.KindMeeting, event.StatusDone, day("2026-10-03"))
	addEv(t, s, event.KindMeeting, event.StatusDone, day("2025-01-01")) // outside the event months
	host := addEv(t, s, event.KindMeeting, event.StatusPlanned, day("2027-05-01"))

	for _, tk := range []struct {
		due  string
		done bool
	}{{"2026-10-14", false}, {"2026-10-15", false}, {"2026-10-28", false}, {"2026-10-29", false}, {"", false}, {"2026-10-01", true}} {
		task := &event.Task{EventID: host.ID, Title: "t " + tk.due, Done: tk.done}
		if tk.due != "" {
			task.Due = date.MustParse(tk.due)
		}
		if err := s.Tasks().Add(ctx, task); err != nil {
			t.Fatal(err)
		}
	}

	for _, tu := range []tutorial.Tutorial{
		{Slug: SwitchTutorialSlug, Title: "Switch", Body: "- [ ] One {#one}\n- [ ] Two {#two}\n- [ ] Three {#three}\n"},
		// Another translation: ignored, the English body counts.
		{Slug: SwitchTutorialSlug, Language: "fr", Title: "Passer", Body: "- [ ] Un {#one}\n"},
		{Slug: "all-done", Title: "All done", Body: "- [x] Ticked in the text {#a}\n- [ ] Saved {#b}\n"},
		{Slug: "no-checklist", Title: "Reading only", Body: "Just text."},
		{Slug: "unticked", Title: "Unticked", Body: "- [x] Unticked by the user {#a}\n- [ ] Never {#b}\n"},
	} {
		if err := s.Tutorials().Add(ctx, &tu); err != nil {
			t.Fatal(err)
		}
	}
	tut := s.Tutorials()
	for _, p := range []struct {
		slug, item string
		done       bool
	}{{SwitchTutorialSlug, "one", true}, {SwitchTutorialSlug, "three", true}, {SwitchTutorialSlug, "gone", true},
		{"all-done", "b", true}, {"unticked", "a", false}} {
		if err := tut.SetItemDone(ctx, p.slug, p.item, p.done); err != nil {
			t.Fatal(err)
		}
	}

	st, err := s.Stats(ctx, statsNow)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Months[0].Equal(time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)) || !st.Months[11].Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("months %v … %v", st.Months[0], st.Months[11])
	}
	wantMove := MovementStats{Partners: 5, Organizations: 3, Advocates: 2,
		Cumulative: [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 5}, Trend: Trend{Last30: 3, Prev30: 1}}
	if st.Movement != wantMove {
		t.Errorf("movement = %+v\nwant %+v", st.Movement, wantMove)
	}
	wantSwitch := SwitchStats{WorkshopsDone: 2, WorkshopsUpcoming: 1, Trend: Trend{1, 0}, TutorialFound: true, ChecklistDone: 2, ChecklistTotal: 3}
	if st.Switch != wantSwitch {
		t.Errorf("switch = %+v\nwant %+v", st.Switch, wantSwitch)
	}
	wantOpinion := OpinionStats{EventsDone: 1, EventsPlanned: 2, Trend: Trend{0, 1}, MediaContacts: 2,
		ByTag: map[string]int{"press": 1, "media": 1, "journalist": 1}}
	if !reflect.DeepEqual(st.Opinion, wantOpinion) {
		t.Errorf("opinion = %+v\nwant %+v", st.Opinion, wantOpinion)
	}
	wantMembers := MembersStats{
		Organizations: map[contact.Stage]int{contact.StageProspect: 1, contact.StageContacted: 0, contact.StageMember: 3},
		Businesses:    map[contact.Stage]int{contact.StageProspect: 1, contact.StageContacted: 1, contact.StageCommitted: 1, contact.StageImplemented: 1},
		Joined:        5, Trend: Trend{Last30: 2, Prev30: 2},
	}
	if !reflect.DeepEqual(st.Members, wantMembers) {
		t.Errorf("members = %+v\nwant %+v", st.Members, wantMembers)
	}
	wantSup := SupportersStats{Supporters: 3, Advocates: 2,
		Top:       []CountryCount{{"DE", 1, 1}, {"FR", 1, 0}, {"KE", 0, 1}},
		NoCountry: 1, Countries: 3, Trend: Trend{Last30: 2, Prev30: 1}}
	if !reflect.DeepEqual(st.Supporters, wantSup) {
		t.Errorf("supporters = %+v\nwant %+v", st.Supporters, wantSup)
	}
	wantBiz := BusinessStats{ByStage: wantMembers.Businesses, Committed: 2, Trend: Trend{1, 1}}
	if !reflect.DeepEqual(st.Businesses, wantBiz) {
		t.Errorf("businesses = %+v\nwant %+v", st.Businesses, wantBiz)
	}
	// Event months: April 2026 … March 2027, October at index 6.
	if !st.Events.Months[CurrentMonth].Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("event months start %v", st.Events.Months[0])
	}
	wantDone := [12]int{0, 0, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0}
	wantPlanned := [12]int{0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0}
	if st.Events.Done != wantDone || st.Events.Planned != wantPlanned {
		t.Errorf("events done %v planned %v\nwant %v %v", st.Events.Done, st.Events.Planned, wantDone, wantPlanned)
	}
	if want := (TutorialStats{Total: 4, Completed: 1, InProgress: 1}); st.Tutorials != want {
		t.Errorf("tutorials = %+v, want %+v", st.Tutorials, want)
	}
	if want := (TaskStats{Open: 5, Overdue: 1, DueSoon: 2}); st.Tasks != want {
		t.Errorf("tasks = %+v, want %+v", st.Tasks, want)
	}
}

// Month boundaries are those of now's location.
func TestStatsMonthsFollowLocation(t *testing.T) {
	ctx := context.Background()
	s := statsStore(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC on 30 September is 01:30 on 1 October in Berlin.
	addEv(t, s, event.KindWorkshop, event.StatusDone, time.Date(2026, 9, 30, 23, 30, 0, 0, time.UTC))
	st, err := s.Stats(ctx, time.Date(2026, 10, 15, 12, 0, 0, 0, berlin))
	if err != nil {
		t.Fatal(err)
	}
	if st.Events.Done[CurrentMonth] != 1 || st.Events.Done[CurrentMonth-1] != 0 {
		t.Errorf("done by month %v", st.Events.Done)
	}
	st, err = s.Stats(ctx, time.Date(2026, 10, 15, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if st.Events.Done[CurrentMonth] != 0 || st.Events.Done[CurrentMonth-1] != 1 {
		t.Errorf("done by month (UTC) %v", st.Events.Done)
	}
}

func TestStatsEmptyVault(t *testing.T) {
	st, err := statsStore(t).Stats(context.Background(), statsNow)
	if err != nil {
		t.Fatal(err)
	}
	if st.Movement.Partners != 0 || st.Supporters.Top != nil || st.Tutorials.Total != 0 || st.Switch.TutorialFound ||
		len(st.Members.Organizations) != 3 || len(st.Businesses.ByStage) != 4 || st.Opinion.ByTag["press"] != 0 {
		t.Errorf("empty stats = %+v", st)
	}
}

// TestOverdueOnlyInOpenEvents: a task left open in an event that is done,
// cancelled or over is not overdue (nor due soon) in the dashboard
// statistics, the counts or the overdue list; the same task in an event
// still to come is.
func TestOverdueOnlyInOpenEvents(t *testing.T) {
	ctx := context.Background()
	s := statsStore(t)
	ahead := day("2026-11-01")
	events := map[string]*event.Event{
		"ahead":     addEv(t, s, event.KindMeeting, event.StatusPlanned, ahead),
		"running":   addEv(t, s, event.KindMeeting, event.StatusConfirmed, statsNow.Add(-30*time.Minute)),
		"done":      addEv(t, s, event.KindMeeting, event.StatusDone, ahead),
		"cancelled": addEv(t, s, event.KindMeeting, event.StatusCancelled, ahead),
		"over":      addEv(t, s, event.KindMeeting, event.StatusPlanned, day("2026-10-01")),
	}
	// An event without an end is over once it has started.
	noEnd := &event.Event{Title: "no end", Kind: event.KindMeeting, Status: event.StatusIdea, Start: statsNow.Add(-time.Minute)}
	if err := s.Events().Add(ctx, noEnd); err != nil {
		t.Fatal(err)
	}
	events["started, no end"] = noEnd
	for name, e := range events {
		for _, due := range []string{"2026-10-10", "2026-10-20"} { // overdue, due soon
			task := &event.Task{EventID: e.ID, Title: name + " " + due, Due: date.MustParse(due)}
			if err := s.Tasks().Add(ctx, task); err != nil {
				t.Fatal(err)
			}
		}
	}
	st, err := s.Stats(ctx, statsNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := (TaskStats{Open: 12, Overdue: 2, DueSoon: 2}); st.Tasks != want {
		t.Errorf("tasks = %+v, want %+v", st.Tasks, want)
	}
	c, err := s.CountsAt(ctx, statsNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.OpenTasks != 12 || c.OverdueTasks != 2 {
		t.Errorf("counts: open %d overdue %d, want 12 and 2", c.OpenTasks, c.OverdueTasks)
	}
	list, err := s.Tasks().Overdue(ctx, statsNow)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, tk := range list {
		titles = append(titles, tk.Title)
	}
	slices.Sort(titles)
	if want := []string{"ahead 2026-10-10", "running 2026-10-10"}; !slices.Equal(titles, want) {
		t.Errorf("overdue list = %q, want %q", titles, want)
	}
	// The same rule as the domain's, event by event.
	for name, e := range events {
		if got, want := e.Closed(statsNow), name != "ahead" && name != "running"; got != want {
			t.Errorf("%s: Closed = %v", name, got)
		}
	}
}
