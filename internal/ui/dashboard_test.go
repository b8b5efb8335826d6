package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/store"
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
	test.Tap(s.cards[1])
	if len(e.navs) != 3 || e.navs[2].id != ScreenContacts || e.navs[2].filter != (store.ContactFilter{Kind: contact.KindOrganization}) {
		t.Fatalf("navigation = %+v", e.navs)
	}
	// Cards are as tall as their content: nothing overlaps the button.
	for _, c := range s.cards {
		if c.Size().Height < c.MinSize().Height {
			t.Errorf("card %q is %v high, needs %v", c.card.Title, c.Size().Height, c.MinSize().Height)
		}
	}
	test.AssertRendersToMarkup(t, "screens_dashboard.xml", e.Window.Canvas())
}
