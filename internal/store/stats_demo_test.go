package store_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// TestStatsOnDemoData compares the SQL aggregates with the same numbers
// computed in Go from the full records.
func TestStatsOnDemoData(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	// Data made "now" but viewed from two clocks: one after the contacts
	// were added (they count in the current month) and one a year
	// earlier (they count as made at that now).
	genNow := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	must(t, demo.PopulateAt(ctx, s, demo.ScaleTypical, 7, genNow))
	for _, now := range []time.Time{time.Now().Add(time.Hour), genNow, genNow.In(time.FixedZone("UTC-11", -11*3600))} {
		got, err := s.Stats(ctx, now)
		must(t, err)
		want := statsInGo(t, s, now)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("now %v:\nSQL %+v\nGo  %+v", now, got, want)
		}
		if got.Movement.Partners == 0 || got.Supporters.Top == nil || got.Events.Done == [12]int{} || got.Tasks.Open == 0 {
			t.Errorf("demo data too thin to test: %+v", got)
		}
	}
}

func statsInGo(t *testing.T, s *store.Store, now time.Time) store.Stats {
	t.Helper()
	var st store.Stats
	st.Now = now
	month := func(add int) time.Time {
		return time.Date(now.Year(), now.Month()+time.Month(add), 1, 0, 0, 0, 0, now.Location())
	}
	for i := range 12 {
		st.Months[i] = month(i - 11)
		st.Events.Months[i] = month(i - store.CurrentMonth)
	}
	d30 := 30 * 24 * time.Hour
	trend := func(tr *store.Trend, at time.Time) {
		if at.After(now) {
			at = now
		}
		switch {
		case at.After(now.Add(-d30)):
			tr.Last30++
		case at.After(now.Add(-2 * d30)):
			tr.Prev30++
		}
	}
	contacts, err := s.Contacts().List(ctx, store.ContactFilter{})
	must(t, err)
	st.Members.Organizations = map[contact.Stage]int{"prospect": 0, "contacted": 0, "member": 0}
	st.Members.Businesses = map[contact.Stage]int{"prospect": 0, "contacted": 0, "committed": 0, "implemented": 0}
	st.Businesses.ByStage = map[contact.Stage]int{"prospect": 0, "contacted": 0, "committed": 0, "implemented": 0}
	st.Opinion.ByTag = map[string]int{"media": 0, "press": 0, "journalist": 0}
	byCountry := map[string]*store.CountryCount{}
	for _, c := range contacts {
		created := c.Created
		if created.After(now) {
			created = now
		}
		media := false
		for _, tag := range c.Tags {
			if _, ok := st.Opinion.ByTag[tag]; ok {
				st.Opinion.ByTag[tag]++
				media = true
			}
		}
		if media {
			st.Opinion.MediaContacts++
		}
		partner := c.Kind == contact.KindOrganization && c.Stage == contact.StageMember || c.Kind == contact.KindPerson && c.Stage == contact.StageAdvocate
		if partner {
			st.Movement.Partners++
			if c.Kind == contact.KindOrganization {
				st.Movement.Organizations++
			} else {
				st.Movement.Advocates++
			}
			trend(&st.Movement.Trend, created)
			for i, m := range st.Months {
				if created.Before(m.AddDate(0, 1, 0)) {
					st.Movement.Cumulative[i]++
				}
			}
		}
		switch c.Kind {
		case contact.KindOrganization:
			st.Members.Organizations[c.Stage]++
			if c.Stage == contact.StageMember {
				st.Members.Joined++
				trend(&st.Members.Trend, created)
			}
		case contact.KindBusiness:
			st.Members.Businesses[c.Stage]++
			st.Businesses.ByStage[c.Stage]++
			if c.Stage == contact.StageCommitted || c.Stage == contact.StageImplemented {
				st.Members.Joined++
				trend(&st.Members.Trend, created)
				st.Businesses.Committed++
				trend(&st.Businesses.Trend, created)
			}
		case contact.KindPerson:
			if c.Stage != contact.StageSupporter && c.Stage != contact.StageAdvocate {
				continue
			}
			trend(&st.Supporters.Trend, created)
			cc := byCountry[c.Country]
			if cc == nil {
				cc = &store.CountryCount{Country: c.Country}
				byCountry[c.Country] = cc
			}
			if c.Stage == contact.StageSupporter {
				st.Supporters.Supporters++
				cc.Supporters++
			} else {
				st.Supporters.Advocates++
				cc.Advocates++
			}
		}
	}
	var all []store.CountryCount
	for code, cc := range byCountry {
		if code == "" {
			st.Supporters.NoCountry = cc.Total()
			continue
		}
		all = append(all, *cc)
	}
	slices.SortFunc(all, func(a, b store.CountryCount) int {
		if a.Total() != b.Total() {
			return b.Total() - a.Total()
		}
		if a.Country < b.Country {
			return -1
		}
		return 1
	})
	st.Supporters.Countries = len(all)
	for i, cc := range all {
		if i < store.TopCountries {
			st.Supporters.Top = append(st.Supporters.Top, cc)
		} else {
			st.Supporters.Others += cc.Total()
		}
	}

	events, err := s.Events().List(ctx, store.EventFilter{})
	must(t, err)
	today := date.Of(now)
	planned := func(e *event.Event) bool {
		return e.Status == event.StatusIdea || e.Status == event.StatusPlanned || e.Status == event.StatusConfirmed
	}
	for _, e := range events {
		end := e.End
		if end.IsZero() {
			end = e.Start
		}
		upcoming := planned(e) && !end.Before(now)
		start := e.Start
		switch e.Kind {
		case event.KindWorkshop:
			if e.Status == event.StatusDone {
				st.Switch.WorkshopsDone++
				trend(&st.Switch.Trend, start)
			}
			if upcoming {
				st.Switch.WorkshopsUpcoming++
			}
		case event.KindPress, event.KindPublic:
			if e.Status == event.StatusDone {
				st.Opinion.EventsDone++
				trend(&st.Opinion.Trend, start)
			}
			if upcoming {
				st.Opinion.EventsPlanned++
			}
		}
		for i, m := range st.Events.Months {
			if !start.Before(m) && start.Before(m.AddDate(0, 1, 0)) {
				if e.Status == event.StatusDone {
					st.Events.Done[i]++
				} else if planned(e) {
					st.Events.Planned[i]++
				}
			}
		}
		tasks, err := s.Tasks().ListForEvent(ctx, e.ID)
		must(t, err)
		for _, tk := range tasks {
			if tk.Done {
				continue
			}
			st.Tasks.Open++
			switch {
			case tk.Due.IsZero(), e.Closed(now):
			case tk.Due.Before(today):
				st.Tasks.Overdue++
			case tk.Due.Before(today.AddDays(store.DueSoonDays)):
				st.Tasks.DueSoon++
			}
		}
	}
	return st
}
