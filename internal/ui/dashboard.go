package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/ui/charts"
)

// upcomingWindow is how far ahead the dashboard's first card looks for
// events: the week to come.
const upcomingWindow = 7 * 24 * time.Hour

// nowItems is the number of events, tasks or contacts the first cards
// name (each a link); their numbers count them all.
const nowItems = 3

// dashboardScreen shows counts as cards; a tap anywhere on a card (or its
// button, for the keyboard) opens the matching list, and each stage count
// is a button that opens the filtered contact list. An empty vault shows
// only the "Get started" checklist (getstarted.go), which otherwise stays
// on top until done or hidden. Cards, in order: what to act on now
// (events in the next 7 days, overdue tasks, follow-ups due, each naming
// the first few), the six campaign objectives, events by month,
// tutorials, then people, organizations and businesses by stage.
// docs/dashboard.md explains every number.
type dashboardScreen struct {
	env    *Env
	root   *fyne.Container
	top    *fyne.Container // the checklist and the empty vault's note
	grid   *fyne.Container
	scroll *container.Scroll
	cards  []*tapCard
	// byName finds a card by its role (see the card* constants), for tests.
	byName map[string]*tapCard

	// stats are the campaign aggregates behind the objective cards.
	stats store.Stats
	// Charts and buttons tests inspect.
	partnersChart  *charts.MonthChart
	eventsChart    *charts.MonthChart
	orgChart       *charts.BarChart
	bizMemberChart *charts.BarChart
	countryChart   *charts.BarChart
	bizChart       *charts.BarChart
	tutorialButton *widget.Button

	// Computed numbers and the buttons tests press.
	stageCounts   map[contact.Kind]map[contact.Stage]int
	stageButtons  map[contact.Kind]map[contact.Stage]*widget.Button
	counts        store.Counts
	upcoming      int // events in the next 7 days
	openTasks     int
	overdueTasks  int
	eventsButton  *widget.Button
	overdueButton *widget.Button
	followButton  *widget.Button
	// The first few of each, named on the first cards; each link opens
	// its event or contact.
	weekEvents   []event.Occurrence
	overdueList  []*event.Task
	followUps    []store.ContactSummary
	eventTitles  map[string]string // event ID to title, for the overdue tasks
	weekLinks    []*widget.Hyperlink
	overdueLinks []*widget.Hyperlink
	followLinks  []*widget.Hyperlink

	// The "Get started" checklist: its state, the card (nil when not
	// shown) and whether the user hid it until the next lock.
	startState  startState
	start       *getStarted
	startHidden bool
	emptyNote   *widget.Label
}

func newDashboardScreen(env *Env) Screen { return newDashboard(env) }

func newDashboard(env *Env) *dashboardScreen {
	s := &dashboardScreen{env: env}
	s.grid = container.New(&cardGrid{minWidth: 320, maxCols: 3})
	s.top = container.NewVBox()
	s.scroll = container.NewVScroll(container.NewVBox(s.top, s.grid))
	s.root = container.NewBorder(screenTitle(env.T("nav.dashboard")), nil, nil, nil, s.scroll)
	return s
}

// Content implements [Screen].
func (s *dashboardScreen) Content() fyne.CanvasObject { return s.root }

// fillsArea implements [areaFiller]: the card grid scrolls itself.
func (s *dashboardScreen) fillsArea() {}

// Shown implements [Screen]: the counts are recomputed each time.
func (s *dashboardScreen) Shown(any) {
	if err := s.compute(); err != nil {
		s.env.ShowError(err)
		return
	}
	s.build()
}

// NewItem implements [Screen].
func (s *dashboardScreen) NewItem() {}

// FocusSearch implements [Screen].
func (s *dashboardScreen) FocusSearch() {}

// Teardown implements [Screen].
func (s *dashboardScreen) Teardown() {
	s.stageCounts, s.stageButtons, s.cards, s.byName = nil, nil, nil, nil
	s.stats = store.Stats{}
	s.partnersChart, s.eventsChart, s.orgChart, s.bizMemberChart, s.countryChart, s.bizChart = nil, nil, nil, nil, nil, nil
	s.tutorialButton = nil
	s.upcoming, s.openTasks, s.overdueTasks, s.counts = 0, 0, 0, store.Counts{}
	s.weekEvents, s.overdueList, s.followUps, s.eventTitles = nil, nil, nil, nil
	s.weekLinks, s.overdueLinks, s.followLinks = nil, nil, nil
	s.start, s.startState, s.startHidden, s.emptyNote = nil, startState{}, false, nil
	s.grid.RemoveAll()
	s.top.RemoveAll()
}

// compute reads the counts from the store.
func (s *dashboardScreen) compute() error {
	ctx := context.Background()
	sess := s.env.Session
	now := s.env.Now()
	counts, err := sess.Counts(ctx, now)
	if err != nil {
		return err
	}
	s.counts = counts
	s.openTasks, s.overdueTasks = counts.OpenTasks, counts.OverdueTasks
	if s.startState, err = readStartState(s.env, counts); err != nil {
		return err
	}
	// Stage names are shared between kinds, so count per kind.
	s.stageCounts = map[contact.Kind]map[contact.Stage]int{}
	for _, k := range contact.Kinds {
		s.stageCounts[k] = map[contact.Stage]int{}
		for _, stg := range contact.StagesFor(k) {
			n, err := sess.ContactCount(ctx, store.ContactFilter{Kind: k, Stage: stg})
			if err != nil {
				return err
			}
			s.stageCounts[k][stg] = n
		}
	}
	// Upcoming: not ended, not done or cancelled, starting within 7 days.
	events, err := sess.Occurrences(ctx, store.OccurrenceFilter{EventFilter: store.EventFilter{Upcoming: true, Now: now},
		To: now.Add(upcomingWindow)})
	if err != nil {
		return err
	}
	if s.stats, err = sess.Stats(ctx, now); err != nil {
		return err
	}
	s.upcoming, s.weekEvents = 0, nil
	limit := now.Add(upcomingWindow)
	for _, e := range events {
		if e.Closed(now) || e.Start.After(limit) {
			continue
		}
		s.upcoming++
		if len(s.weekEvents) < nowItems {
			s.weekEvents = append(s.weekEvents, e)
		}
	}
	overdue, err := sess.OverdueTasks(ctx, now)
	if err != nil {
		return err
	}
	s.overdueList = overdue[:min(len(overdue), nowItems)]
	s.eventTitles = map[string]string{}
	for _, t := range s.overdueList {
		if e, err := sess.Event(ctx, t.EventID); err == nil {
			s.eventTitles[t.EventID] = e.Title
		}
	}
	follow, err := sess.FollowUpsDue(ctx, date.Of(now))
	if err != nil {
		return err
	}
	s.followUps = follow[:min(len(follow), nowItems)]
	return nil
}
