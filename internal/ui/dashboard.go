package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/store"
)

func init() { screenFactories[ScreenDashboard] = newDashboardScreen }

// upcomingWindow is how far ahead the dashboard counts events.
const upcomingWindow = 30 * 24 * time.Hour

// dashboardScreen shows counts as cards; each count is a button that opens
// the matching filtered list.
type dashboardScreen struct {
	env  *Env
	root *fyne.Container
	grid *fyne.Container

	// Computed numbers and the buttons tests press.
	stageCounts   map[contact.Kind]map[contact.Stage]int
	stageButtons  map[contact.Kind]map[contact.Stage]*widget.Button
	upcoming      int
	openTasks     int
	overdueTasks  int
	eventsButton  *widget.Button
	tasksButton   *widget.Button
	overdueButton *widget.Button
}

func newDashboardScreen(env *Env) Screen { return newDashboard(env) }

func newDashboard(env *Env) *dashboardScreen {
	s := &dashboardScreen{env: env}
	s.grid = container.NewGridWrap(fyne.NewSize(300, 260))
	s.root = container.NewBorder(screenTitle(env.T("nav.dashboard")), nil, nil, nil, container.NewVScroll(s.grid))
	return s
}

// Content implements [Screen].
func (s *dashboardScreen) Content() fyne.CanvasObject { return s.root }

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
	s.stageCounts, s.stageButtons = nil, nil
	s.upcoming, s.openTasks, s.overdueTasks = 0, 0, 0
	s.grid.RemoveAll()
}

// compute reads the counts from the store.
func (s *dashboardScreen) compute() error {
	ctx := context.Background()
	st := s.env.Session.Store()
	now := s.env.Now()
	counts, err := st.CountsAt(ctx, now)
	if err != nil {
		return err
	}
	s.openTasks, s.overdueTasks = counts.OpenTasks, counts.OverdueTasks
	// Stage names are shared between kinds, so count per kind.
	s.stageCounts = map[contact.Kind]map[contact.Stage]int{}
	for _, k := range contact.Kinds {
		s.stageCounts[k] = map[contact.Stage]int{}
		for _, stg := range contact.StagesFor(k) {
			n, err := st.Contacts().Count(ctx, store.ContactFilter{Kind: k, Stage: stg})
			if err != nil {
				return err
			}
			s.stageCounts[k][stg] = n
		}
	}
	// Upcoming: not ended, not done or cancelled, starting within 30 days.
	events, err := st.Events().List(ctx, store.EventFilter{Upcoming: true, Now: now})
	if err != nil {
		return err
	}
	s.upcoming = 0
	limit := now.Add(upcomingWindow)
	for _, e := range events {
		if e.Status == "done" || e.Status == "cancelled" || e.Start.After(limit) {
			continue
		}
		s.upcoming++
	}
	return nil
}

// build lays out the cards from the computed numbers.
func (s *dashboardScreen) build() {
	env := s.env
	s.grid.RemoveAll()
	s.stageButtons = map[contact.Kind]map[contact.Stage]*widget.Button{}
	for _, k := range contact.Kinds {
		s.stageButtons[k] = map[contact.Stage]*widget.Button{}
		total := 0
		rows := container.NewVBox()
		for _, stg := range contact.StagesFor(k) {
			n := s.stageCounts[k][stg]
			total += n
			f := store.ContactFilter{Kind: k, Stage: stg}
			b := widget.NewButton(env.T("dashboard.stage_count", "Stage", stageName(env, stg), "Count", formatNumber(env, n)), func() {
				env.Navigate(ScreenContacts, f)
			})
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			s.stageButtons[k][stg] = b
			rows.Add(b)
		}
		all := store.ContactFilter{Kind: k}
		open := widget.NewButtonWithIcon(env.T("dashboard.show_all"), theme.NavigateNextIcon(), func() {
			env.Navigate(ScreenContacts, all)
		})
		card := widget.NewCard(env.T("dashboard.kind."+string(k)),
			env.Tr.N("dashboard.contacts_total", total, "Number", formatNumber(env, total)),
			container.NewBorder(nil, container.NewHBox(open), nil, nil, rows))
		s.grid.Add(card)
	}

	s.eventsButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), func() {
		env.Navigate(ScreenEvents, EventsUpcoming)
	})
	s.grid.Add(widget.NewCard(env.T("dashboard.upcoming"), env.T("dashboard.upcoming_window"),
		container.NewVBox(bigNumber(formatNumber(env, s.upcoming), widget.MediumImportance), container.NewHBox(s.eventsButton))))

	s.tasksButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), func() {
		env.Navigate(ScreenEvents, EventsUpcoming)
	})
	s.grid.Add(widget.NewCard(env.T("dashboard.open_tasks"), env.Tr.N("tasks.count", s.openTasks),
		container.NewVBox(bigNumber(formatNumber(env, s.openTasks), widget.MediumImportance), container.NewHBox(s.tasksButton))))

	s.overdueButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), func() {
		env.Navigate(ScreenEvents, EventsUpcoming)
	})
	overdue := container.NewVBox()
	if s.overdueTasks > 0 {
		word := widget.NewLabel(env.T("events.tasks.overdue"))
		word.Importance = widget.DangerImportance
		word.TextStyle = fyne.TextStyle{Bold: true}
		overdue.Add(container.NewHBox(widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon())),
			bigNumber(formatNumber(env, s.overdueTasks), widget.DangerImportance), word))
	} else {
		overdue.Add(container.NewHBox(widget.NewIcon(theme.ConfirmIcon()), widget.NewLabel(env.T("dashboard.overdue_none"))))
	}
	overdue.Add(container.NewHBox(s.overdueButton))
	s.grid.Add(widget.NewCard(env.T("dashboard.overdue_tasks"), env.Tr.N("tasks.count", s.overdueTasks), overdue))
}

// bigNumber is a count shown large.
func bigNumber(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.Importance = imp
	return l
}
