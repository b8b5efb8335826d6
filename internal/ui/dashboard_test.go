package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/ui/charts"
)

func TestDashboardCountsOnDemoData(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	if err := demo.PopulateAt(ctx, st, demo.ScaleSmall, 1, scrNow); err != nil {
		t.Fatal(err)
	}
	s := newDashboard(e.Env)
	e.show(t, s.Content(), 1280, 800)
	s.Shown(nil)
	counts, err := st.CountsAt(ctx, scrNow)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, k := range contact.Kinds {
		for _, stg := range contact.StagesFor(k) {
			want, _ := st.Contacts().Count(ctx, store.ContactFilter{Kind: k, Stage: stg})
			if got := s.stageCounts[k][stg]; got != want {
				t.Errorf("%s/%s = %d, want %d", k, stg, got, want)
			}
			total += want
		}
	}
	if total != demo.ScaleSmall.Contacts {
		t.Errorf("stage counts add up to %d", total)
	}
	if s.openTasks != counts.OpenTasks || s.overdueTasks != counts.OverdueTasks {
		t.Errorf("tasks %d/%d, want %d/%d", s.openTasks, s.overdueTasks, counts.OpenTasks, counts.OverdueTasks)
	}
	if s.upcoming > counts.UpcomingEvents {
		t.Errorf("upcoming in 30 days %d > all upcoming %d", s.upcoming, counts.UpcomingEvents)
	}
	test.Tap(s.stageButtons[contact.KindOrganization][contact.StageMember])
	if len(e.navs) != 1 || e.navs[0].id != ScreenContacts ||
		e.navs[0].filter != (store.ContactFilter{Kind: contact.KindOrganization, Stage: contact.StageMember}) {
		t.Fatalf("navigation = %+v", e.navs)
	}
	test.Tap(s.overdueButton)
	if len(e.navs) != 2 || e.navs[1].id != ScreenEvents {
		t.Fatalf("navigation = %+v", e.navs)
	}
	// The whole card opens the list, not only its button.
	test.Tap(s.byName[string(contact.KindOrganization)])
	if len(e.navs) != 3 || e.navs[2].id != ScreenContacts || e.navs[2].filter != (store.ContactFilter{Kind: contact.KindOrganization}) {
		t.Fatalf("navigation = %+v", e.navs)
	}
	// Cards are as tall as their content: nothing overlaps the button.
	for _, c := range s.cards {
		if c.Size().Height < c.MinSize().Height {
			t.Errorf("card %q is %v high, needs %v", c.title, c.Size().Height, c.MinSize().Height)
		}
	}
	test.AssertRendersToMarkup(t, "screens_dashboard.xml", e.Window.Canvas())
}

// TestDashboardObjectives checks the objective cards against the store's
// aggregates, that the numbers are on screen, and where each card leads.
func TestDashboardObjectives(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	if err := demo.PopulateAt(ctx, st, demo.ScaleSmall, 1, scrNow); err != nil {
		t.Fatal(err)
	}
	s := newDashboard(e.Env)
	e.show(t, s.Content(), 800, 600)
	s.Shown(nil)
	want, err := st.Stats(ctx, scrNow)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.stats, want) {
		t.Fatalf("stats %+v\nwant %+v", s.stats, want)
	}
	// Cross-check with the contact counts the lists will show.
	count := func(f store.ContactFilter) int {
		n, err := st.Contacts().Count(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	orgMembers := count(store.ContactFilter{Kind: contact.KindOrganization, Stage: contact.StageMember})
	advocates := count(store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageAdvocate})
	if want.Movement.Partners != orgMembers+advocates || want.Movement.Cumulative[11] != want.Movement.Partners {
		t.Errorf("partners %+v, want %d + %d", want.Movement, orgMembers, advocates)
	}
	for _, stg := range contact.StagesFor(contact.KindBusiness) {
		if n := count(store.ContactFilter{Kind: contact.KindBusiness, Stage: stg}); want.Businesses.ByStage[stg] != n {
			t.Errorf("businesses at %s: %d, want %d", stg, want.Businesses.ByStage[stg], n)
		}
	}
	for _, c := range want.Supporters.Top {
		n := count(store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageSupporter, Country: c.Country}) +
			count(store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageAdvocate, Country: c.Country})
		if c.Total() != n {
			t.Errorf("country %s: %d, want %d", c.Country, c.Total(), n)
		}
	}
	if want.Tasks.Open != s.openTasks || want.Tasks.Overdue != s.overdueTasks {
		t.Errorf("tasks %+v vs %d/%d", want.Tasks, s.openTasks, s.overdueTasks)
	}

	// Every chart value is written as text on the screen.
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, c := range []*charts.BarChart{s.orgChart, s.bizMemberChart, s.countryChart, s.bizChart} {
		for i, v := range c.Texts() {
			if !strings.Contains(texts, v) || !strings.Contains(texts, c.ShownLabel(i)) {
				t.Errorf("bar %q %q not on screen", c.Labels()[i], v)
			}
		}
	}
	if len(s.countryChart.Labels()) != len(want.Supporters.Top) || len(s.countryChart.Labels()) > 10 {
		t.Errorf("countries %v", s.countryChart.Labels())
	}

	// At 800x600 the cards are as tall as their content and no chart is
	// squeezed below its minimum width.
	for name, c := range s.byName {
		if c.Size().Height < c.MinSize().Height || c.Size().Width < c.MinSize().Width {
			t.Errorf("card %s is %v, needs %v", name, c.Size(), c.MinSize())
		}
	}
	for _, c := range []*charts.MonthChart{s.partnersChart, s.eventsChart} {
		if c.Size().Width < c.MinSize().Width || c.SlotWidth() <= 0 || c.TextSize() < 9 {
			t.Errorf("month chart %v: slot %v, text %v", c.Size(), c.SlotWidth(), c.TextSize())
		}
	}

	// Cards and bars open the filtered lists behind them.
	for _, tc := range []struct {
		tap    func()
		screen ScreenID
		filter any
	}{
		{func() { test.Tap(s.byName[cardMovement]) }, ScreenContacts, store.ContactFilter{Kind: contact.KindOrganization, Stage: contact.StageMember}},
		{func() { test.Tap(s.byName[cardSwitch]) }, ScreenEvents, EventsPast},
		{func() { test.Tap(s.byName[cardOpinion]) }, ScreenEvents, EventsPast},
		{func() { test.Tap(s.byName[cardMembers]) }, ScreenContacts, store.ContactFilter{Kind: contact.KindOrganization}},
		{func() { test.Tap(s.byName[cardSupporters]) }, ScreenContacts, store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageSupporter}},
		{func() { test.Tap(s.byName[cardBusinesses]) }, ScreenContacts, store.ContactFilter{Kind: contact.KindBusiness}},
		{func() { test.Tap(s.byName[cardEvents]) }, ScreenEvents, EventsUpcoming},
		{func() { test.Tap(s.byName[cardTutorials]) }, ScreenTutorials, nil},
		{func() { test.TapAt(s.bizChart, fyne.NewPos(5, 2*charts.BarRowHeight()+1)) }, ScreenContacts,
			store.ContactFilter{Kind: contact.KindBusiness, Stage: contact.StageCommitted}},
		{func() { test.TapAt(s.orgChart, fyne.NewPos(5, 1)) }, ScreenContacts,
			store.ContactFilter{Kind: contact.KindOrganization, Stage: contact.StageProspect}},
		{func() { test.TapAt(s.countryChart, fyne.NewPos(5, 1)) }, ScreenContacts,
			store.ContactFilter{Kind: contact.KindPerson, Country: want.Supporters.Top[0].Country}},
		{func() {
			test.Tap(findButton(t, s.byName[cardOpinion], "Tagged “press”: "+formatNumber(e.Env, want.Opinion.ByTag["press"])))
		},
			ScreenContacts, store.ContactFilter{Tag: "press"}},
	} {
		e.navs = nil
		tc.tap()
		if len(e.navs) != 1 || e.navs[0].id != tc.screen || e.navs[0].filter != tc.filter {
			t.Errorf("navigation = %+v, want %s %+v", e.navs, tc.screen, tc.filter)
		}
	}
}
