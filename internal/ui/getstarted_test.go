package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func newTestDashboard(t *testing.T, e *scrEnv, w, h float32) *dashboardScreen {
	t.Helper()
	s := newDashboard(e.Env)
	e.show(t, s.Content(), w, h)
	s.Shown(nil)
	return s
}

// stepsDone lists which Get started steps show as done (a tick, the word).
func stepsDone(s *dashboardScreen) [stepCount]bool {
	var out [stepCount]bool
	for i := range out {
		out[i] = s.start.states[i].Text == "Done"
	}
	return out
}

// A new, empty vault shows the Get started checklist instead of a
// dashboard of zeros; each step goes where it says and is ticked from the
// vault's content; once all three are done the checklist goes.
func TestGetStartedOnEmptyVault(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	s := newTestDashboard(t, e, 1280, 800)
	if s.start == nil || s.grid.Visible() || s.emptyNote == nil || len(s.cards) != 0 {
		t.Fatalf("empty vault: checklist %v, cards shown %v (%d)", s.start != nil, s.grid.Visible(), len(s.cards))
	}
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{"Get started", "Add your first contact", "Plan an event from a template",
		"Read “Advocating safely”", "0 of 3 done", "Hide for now"} {
		if !strings.Contains(texts, want) {
			t.Errorf("checklist lacks %q", want)
		}
	}
	if strings.Contains(texts, "Objective 1") || strings.Contains(texts, "Overdue tasks") {
		t.Error("cards of zeros shown on an empty vault")
	}

	// Each step's button goes there.
	for i, want := range []scrNav{{ScreenContacts, newContactRequest{}}, {ScreenEvents, fromTemplateRequest{}},
		{ScreenTutorials, store.SafetyTutorialSlug}} {
		e.navs = nil
		test.Tap(s.start.buttons[i])
		if len(e.navs) != 1 || e.navs[0] != want {
			t.Errorf("step %d: navigation %+v, want %+v", i, e.navs, want)
		}
	}
	if s.start.buttons[stepContact].Importance != widget.HighImportance {
		t.Errorf("first step not the primary action")
	}

	// A contact: the first step ticks, and the cards appear under the
	// checklist.
	e.addContacts(t, sampleContacts()[:1]...)
	s.Shown(nil)
	if got := stepsDone(s); got != [stepCount]bool{true, false, false} || !s.grid.Visible() || s.emptyNote != nil {
		t.Fatalf("after a contact: steps %v, cards %v", got, s.grid.Visible())
	}
	if !strings.Contains(strings.Join(scrCanvasTexts(e), "\n"), "1 of 3 done") {
		t.Error("progress not updated")
	}
	// An event, then a step of the tutorial's checklist.
	sampleEvent(t, e)
	s.Shown(nil)
	if got := stepsDone(s); got != [stepCount]bool{true, true, false} {
		t.Fatalf("after an event: steps %v", got)
	}
	if err := st.Tutorials().SetItemDone(ctx, store.SafetyTutorialSlug, "risk-check", true); err != nil {
		t.Fatal(err)
	}
	s.Shown(nil)
	if s.start != nil || strings.Contains(strings.Join(scrCanvasTexts(e), "\n"), "Get started") {
		t.Fatal("checklist still shown with every step done")
	}
}

// "Hide for now" hides the checklist (an empty vault then shows the
// cards) until the screen is torn down on lock.
func TestGetStartedHide(t *testing.T) {
	e := newScrEnv(t)
	s := newTestDashboard(t, e, 800, 600)
	test.Tap(s.start.hide)
	if s.start != nil || !s.grid.Visible() || len(s.cards) == 0 {
		t.Fatal("not hidden")
	}
	s.Shown(nil)
	if s.start != nil {
		t.Fatal("back after Shown")
	}
	s.Teardown()
	s.Shown(nil)
	if s.start == nil {
		t.Fatal("still hidden after a lock")
	}
}

// The steps' requests open the contact form and the template dialog.
func TestGetStartedRequestsOpenForms(t *testing.T) {
	e := newScrEnv(t)
	c := newTestContacts(t, e)
	c.Shown(newContactRequest{})
	if c.form == nil {
		t.Fatal("contact form not opened")
	}
	ev := newTestEvents(t, e)
	ev.Shown(fromTemplateRequest{})
	if ev.templatePicker == nil {
		t.Fatal("template dialog not opened")
	}
}

// The dashboard leads with what to act on: events in the next 7 days,
// overdue tasks (only of open events) and follow-ups due, each naming the
// first few with links.
func TestDashboardNowCards(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	cs := e.addContacts(t, sampleContacts()...)
	soon := &event.Event{Title: "Soon", Status: event.StatusPlanned, Start: scrNow.Add(3 * 24 * time.Hour), TimeZone: "UTC"}
	later := &event.Event{Title: "Later", Status: event.StatusPlanned, Start: scrNow.Add(10 * 24 * time.Hour), TimeZone: "UTC"}
	held := &event.Event{Title: "Held", Status: event.StatusDone, Start: scrNow.Add(2 * 24 * time.Hour), TimeZone: "UTC"}
	for _, ev := range []*event.Event{soon, later, held} {
		if err := st.Events().Add(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	for _, tk := range []*event.Task{{EventID: soon.ID, Title: "Book the room", Due: date.MustParse("2026-09-28")},
		{EventID: held.ID, Title: "Old chore", Due: date.MustParse("2026-09-20")}} {
		if err := st.Tasks().Add(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	bao := cs[2]
	bao.FollowUp = date.MustParse("2026-09-30")
	if err := st.Contacts().Update(ctx, bao); err != nil {
		t.Fatal(err)
	}
	s := newTestDashboard(t, e, 800, 600)
	if s.upcoming != 1 || len(s.weekLinks) != 1 || s.weekLinks[0].Text != "October 4, 2026 · Soon" {
		t.Fatalf("next 7 days: %d, links %d", s.upcoming, len(s.weekLinks))
	}
	if s.overdueTasks != 1 || len(s.overdueLinks) != 1 || s.overdueLinks[0].Text != "Book the room · Soon" {
		t.Fatalf("overdue: %d, links %d", s.overdueTasks, len(s.overdueLinks))
	}
	if s.counts.FollowUpsDue != 1 || len(s.followLinks) != 1 || s.followLinks[0].Text != "Bao Tran" {
		t.Fatalf("follow-ups: %d, links %d", s.counts.FollowUpsDue, len(s.followLinks))
	}
	// The three lead, before the six objectives.
	for i, name := range []string{cardUpcoming, cardOverdue, cardFollowUps, cardMovement} {
		if s.cards[i] != s.byName[name] {
			t.Errorf("card %d is %q, want %s", i, s.cards[i].title, name)
		}
	}
	for _, tc := range []struct {
		tap  func()
		want scrNav
	}{
		{func() { tapLink(s.weekLinks[0]) }, scrNav{ScreenEvents, EventRef(soon.ID)}},
		{func() { tapLink(s.overdueLinks[0]) }, scrNav{ScreenEvents, EventRef(soon.ID)}},
		{func() { tapLink(s.followLinks[0]) }, scrNav{ScreenContacts, ContactRef(bao.ID)}},
		{func() { test.Tap(s.byName[cardFollowUps]) }, scrNav{ScreenContacts, nil}},
	} {
		e.navs = nil
		tc.tap()
		if len(e.navs) != 1 || e.navs[0] != tc.want {
			t.Errorf("navigation %+v, want %+v", e.navs, tc.want)
		}
	}
	// Nothing in the first cards widens a card past an 800-pixel window.
	for name, c := range s.byName {
		if c.Size().Width < c.MinSize().Width {
			t.Errorf("card %s is %v, needs %v", name, c.Size(), c.MinSize())
		}
	}
}

// tapLink taps a hyperlink on its text (a link ignores taps beside it).
func tapLink(l *widget.Hyperlink) {
	test.TapAt(l, fyne.NewPos(theme.InnerPadding()+4, l.Size().Height/2))
}

// Page titles are larger than card titles, and the dashboard's cards do
// not draw Fyne's own (page-sized) card titles.
func TestPageTitleLargerThanCardTitles(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestDashboard(t, e, 1280, 800)
	th := fyne.CurrentApp().Settings().Theme()
	page := th.Size(screenTitle("x").SizeName)
	card := th.Size(cardTitle("x").SizeName)
	if page <= card || page < th.Size(theme.SizeNameHeadingText) {
		t.Fatalf("page title %v, card title %v", page, card)
	}
	for name, c := range s.byName {
		if c.card.Title != "" || c.card.Subtitle != "" || c.title == "" {
			t.Errorf("card %s: Fyne title %q, own title %q", name, c.card.Title, c.title)
		}
	}
}
