package ui

import (
	"context"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func init() { screenFactories[ScreenDashboard] = newDashboardScreen }

// upcomingWindow is how far ahead the dashboard counts events.
const upcomingWindow = 30 * 24 * time.Hour

// dashboardScreen shows counts as cards; a tap anywhere on a card (or its
// button, for the keyboard) opens the matching list, and each stage count
// is a button that opens the filtered contact list.
type dashboardScreen struct {
	env    *Env
	root   *fyne.Container
	grid   *fyne.Container
	scroll *container.Scroll
	cards  []*tapCard // in order: people, organizations, businesses, upcoming, open, overdue

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
	s.grid = container.New(&cardGrid{minWidth: 260, maxCols: 3})
	s.scroll = container.NewVScroll(s.grid)
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
	s.stageCounts, s.stageButtons, s.cards = nil, nil, nil
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
		if e.Status == event.StatusDone || e.Status == event.StatusCancelled || e.Start.After(limit) {
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
	s.cards = nil
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
		openAll := func() { env.Navigate(ScreenContacts, all) }
		open := widget.NewButtonWithIcon(env.T("dashboard.show_all"), theme.NavigateNextIcon(), openAll)
		s.addCard(env.T("dashboard.kind."+string(k)),
			env.Tr.N("dashboard.contacts_total", total, "Number", formatNumber(env, total)), rows, open, openAll)
	}

	showEvents := func() { env.Navigate(ScreenEvents, EventsUpcoming) }
	s.eventsButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), showEvents)
	s.addCard(env.T("dashboard.upcoming"), env.T("dashboard.upcoming_window"),
		bigNumber(formatNumber(env, s.upcoming), widget.MediumImportance), s.eventsButton, showEvents)

	// The task cards show their number once, large; no subtitle repeats it.
	s.tasksButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), showEvents)
	s.addCard(env.T("dashboard.open_tasks"), "",
		bigNumber(formatNumber(env, s.openTasks), widget.MediumImportance), s.tasksButton, showEvents)

	s.overdueButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), showEvents)
	var overdue fyne.CanvasObject
	if s.overdueTasks > 0 {
		word := widget.NewLabel(env.T("events.tasks.overdue"))
		word.Importance = widget.DangerImportance
		word.TextStyle = fyne.TextStyle{Bold: true}
		overdue = container.NewHBox(middle(widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon()))),
			bigNumber(formatNumber(env, s.overdueTasks), widget.DangerImportance), middle(word))
	} else {
		overdue = container.NewHBox(middle(widget.NewIcon(theme.ConfirmIcon())),
			bigNumber("0", widget.MediumImportance), middle(widget.NewLabel(env.T("dashboard.overdue_none"))))
	}
	s.addCard(env.T("dashboard.overdue_tasks"), "", overdue, s.overdueButton, showEvents)
	s.scroll.Refresh()
}

// addCard adds a card that opens its list when tapped anywhere. The
// button sits at the bottom, so the buttons of a row line up.
func (s *dashboardScreen) addCard(title, subtitle string, content fyne.CanvasObject, button *widget.Button, open func()) {
	body := container.NewBorder(nil, container.NewHBox(button), nil, nil, container.NewVBox(content))
	c := newTapCard(widget.NewCard(title, subtitle, body), open)
	s.cards = append(s.cards, c)
	s.grid.Add(c)
}

// middle centres a small object vertically in a row of taller ones.
func middle(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(layout.NewSpacer(), o, layout.NewSpacer())
}

// bigNumber is a count shown large.
func bigNumber(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.Importance = imp
	return l
}

// tapCard is a dashboard card the whole of which can be tapped (with a
// hover highlight and a hand cursor); the button inside does the same for
// keyboard users. Buttons inside the card keep their own action.
type tapCard struct {
	widget.BaseWidget
	card  *widget.Card
	hover *canvas.Rectangle
	onTap func()
}

var (
	_ fyne.Tappable      = (*tapCard)(nil)
	_ desktop.Hoverable  = (*tapCard)(nil)
	_ desktop.Cursorable = (*tapCard)(nil)
)

func newTapCard(card *widget.Card, onTap func()) *tapCard {
	c := &tapCard{card: card, onTap: onTap, hover: canvas.NewRectangle(color.Transparent)}
	c.hover.CornerRadius = theme.InputRadiusSize()
	c.ExtendBaseWidget(c)
	return c
}

func (c *tapCard) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.card, c.hover))
}

// Tapped implements [fyne.Tappable].
func (c *tapCard) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor implements [desktop.Cursorable].
func (c *tapCard) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *tapCard) MouseIn(*desktop.MouseEvent) {
	c.hover.FillColor = theme.Color(theme.ColorNameHover)
	c.hover.Refresh()
}
func (c *tapCard) MouseMoved(*desktop.MouseEvent) {}
func (c *tapCard) MouseOut() {
	c.hover.FillColor = color.Transparent
	c.hover.Refresh()
}

// cardGrid lays cards out in as many equal columns of at least minWidth
// as fit, at most maxCols (three: contacts on one row, events and tasks on
// the next); each row is as tall as its tallest card, so every card shows
// all of its content.
type cardGrid struct {
	minWidth float32
	maxCols  int // 0 for no limit
	cols     int // from the last layout, for MinSize
}

func (g *cardGrid) columns(w float32) int {
	pad := theme.Padding()
	n := max(1, int((w+pad)/(g.minWidth+pad)))
	if g.maxCols > 0 {
		n = min(n, g.maxCols)
	}
	return n
}

func visibleObjects(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

func (g *cardGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	g.cols = g.columns(size.Width)
	cw := (size.Width - pad*float32(g.cols-1)) / float32(g.cols)
	vis := visibleObjects(objs)
	var y float32
	for i := 0; i < len(vis); i += g.cols {
		row := vis[i:min(i+g.cols, len(vis))]
		var h float32
		for _, o := range row {
			h = max(h, o.MinSize().Height)
		}
		for j, o := range row {
			o.Move(fyne.NewPos(float32(j)*(cw+pad), y))
			o.Resize(fyne.NewSize(cw, h))
		}
		y += h + pad
	}
}

func (g *cardGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	cols := max(g.cols, 1)
	vis := visibleObjects(objs)
	var w, y float32
	for i := 0; i < len(vis); i += cols {
		var h float32
		for _, o := range vis[i:min(i+cols, len(vis))] {
			h = max(h, o.MinSize().Height)
			w = max(w, o.MinSize().Width)
		}
		if i > 0 {
			y += pad
		}
		y += h
	}
	return fyne.NewSize(w, y)
}
