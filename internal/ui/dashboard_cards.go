package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/ui/charts"
)

// Card roles, the keys of dashboardScreen.byName.
const (
	cardUpcoming   = "upcoming"
	cardOverdue    = "overdue"
	cardFollowUps  = "followups"
	cardMovement   = "objective1"
	cardSwitch     = "objective2"
	cardOpinion    = "objective3"
	cardMembers    = "objective4"
	cardSupporters = "objective5"
	cardBusinesses = "objective6"
	cardEvents     = "events"
	cardTutorials  = "tutorials"
)

// build lays out the checklist and the cards from the computed numbers.
func (s *dashboardScreen) build() {
	env := s.env
	s.grid.RemoveAll()
	s.top.RemoveAll()
	s.cards = nil
	s.byName = map[string]*tapCard{}
	s.start, s.emptyNote = nil, nil
	if !s.startHidden && !s.startState.complete() {
		s.start = newGetStarted(env, s.startState, s.hideStart)
	}
	// An empty vault shows the checklist, in a readable column, not a
	// dashboard of zeros.
	if s.start != nil && s.counts.Contacts == 0 && s.counts.Events == 0 {
		s.emptyNote = paragraph(env.T("dashboard.start.empty_note"))
		s.top.Add(narrowColumn(760, container.NewVBox(s.start.content, s.emptyNote)))
		s.grid.Hide()
		s.scroll.Refresh()
		return
	}
	if s.start != nil {
		s.top.Add(s.start.content)
	}
	s.grid.Show()
	// The cards in the order they are shown: what to act on now, the
	// campaign objectives, events and tutorials, then one per kind of
	// contact.
	for _, card := range []func(){
		s.upcomingCard, s.overdueCard, s.followUpsCard,
		s.movementCard, s.switchCard, s.opinionCard, s.membersCard, s.supportersCard, s.businessesCard,
		s.eventsCard, s.tutorialsCard,
	} {
		card()
	}
	s.stageButtons = map[contact.Kind]map[contact.Stage]*widget.Button{}
	for _, k := range contact.Kinds {
		s.kindCard(k)
	}
	s.scroll.Refresh()
}

// hideStart hides the checklist until the vault is locked.
func (s *dashboardScreen) hideStart() {
	s.startHidden = true
	s.build()
}

// showButton is a card's button that opens what the card is about, and
// open the function it runs (tapping the card runs it too).
func (s *dashboardScreen) showButton(labelID string, open func()) *widget.Button {
	return widget.NewButtonWithIcon(s.env.T(labelID), theme.NavigateNextIcon(), open)
}

// showEvents opens the upcoming events.
func (s *dashboardScreen) showEvents() { s.env.Navigate(ScreenEvents, EventsUpcoming) }

// openEvent returns a function that opens the event (or occurrence) key.
func (s *dashboardScreen) openEvent(key string) func() {
	return func() { s.env.Navigate(ScreenEvents, EventRef(key)) }
}

// upcomingCard shows the number of events in the next 7 days and the
// first few as links.
func (s *dashboardScreen) upcomingCard() {
	env := s.env
	s.weekLinks = nil
	week := container.NewVBox(headline(env, s.upcoming, "dashboard.week_unit"))
	for _, o := range s.weekEvents {
		l := itemLink(env.T("dashboard.week_item", "Date", env.Tr.Date(o.Start.In(o.Event.Zone())), "Title", o.Event.Title), s.openEvent(o.Key()))
		s.weekLinks = append(s.weekLinks, l)
		week.Add(l)
	}
	if s.upcoming == 0 {
		week.Add(wrapLabel(env.T("dashboard.week_none")))
	}
	s.eventsButton = s.showButton("dashboard.show_events", s.showEvents)
	s.addCard(cardUpcoming, env.T("dashboard.week"), env.T("dashboard.week_window"), week, s.eventsButton, s.showEvents)
}

// overdueCard shows the overdue tasks (red with an icon and the word,
// never colour alone) with the first few as links, and the numbers of
// open tasks and of those due soon.
func (s *dashboardScreen) overdueCard() {
	env := s.env
	s.overdueLinks = nil
	var number fyne.CanvasObject
	if s.overdueTasks > 0 {
		word := widget.NewLabel(env.T("events.tasks.overdue"))
		word.Importance = widget.DangerImportance
		word.TextStyle = fyne.TextStyle{Bold: true}
		number = container.NewHBox(middle(widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon()))),
			bigNumber(formatNumber(env, s.overdueTasks), widget.DangerImportance), middle(word))
	} else {
		number = container.NewHBox(middle(widget.NewIcon(theme.ConfirmIcon())),
			bigNumber(formatNumber(env, 0), widget.MediumImportance), middle(widget.NewLabel(env.T("dashboard.overdue_none"))))
	}
	overdue := container.NewVBox(number)
	for _, t := range s.overdueList {
		l := itemLink(env.T("dashboard.overdue_item", "Task", t.Title, "Event", s.eventTitles[t.EventID]), s.openEvent(t.EventID))
		s.overdueLinks = append(s.overdueLinks, l)
		overdue.Add(l)
	}
	overdue.Add(wrapLabel(env.T("dashboard.open_tasks_line", "Open", formatNumber(env, s.openTasks),
		"Soon", formatNumber(env, s.stats.Tasks.DueSoon))))
	s.overdueButton = s.showButton("dashboard.show_events", s.showEvents)
	s.addCard(cardOverdue, env.T("dashboard.overdue_tasks"), env.T("dashboard.overdue_window"), overdue, s.overdueButton, s.showEvents)
}

// followUpsCard shows the contacts whose follow-up is due, the first few
// as links.
func (s *dashboardScreen) followUpsCard() {
	env := s.env
	s.followLinks = nil
	showContacts := func() { env.Navigate(ScreenContacts, nil) }
	follow := container.NewVBox(headline(env, s.counts.FollowUpsDue, "dashboard.followups_unit"))
	for _, c := range s.followUps {
		id := c.ID
		l := itemLink(c.Name, func() { env.Navigate(ScreenContacts, ContactRef(id)) })
		s.followLinks = append(s.followLinks, l)
		follow.Add(l)
	}
	if s.counts.FollowUpsDue == 0 {
		follow.Add(wrapLabel(env.T("dashboard.followups_none")))
	}
	s.followButton = s.showButton("dashboard.show_contacts", showContacts)
	s.addCard(cardFollowUps, env.T("dashboard.followups"), env.T("dashboard.followups_window"), follow, s.followButton, showContacts)
}

// itemLink is one named item on a card (an event, a task, a contact): a
// link, cut short with an ellipsis rather than widening the card, that
// opens it.
func itemLink(text string, open func()) *widget.Hyperlink {
	l := widget.NewHyperlink(shown(text), nil)
	l.Truncation = fyne.TextTruncateEllipsis
	l.OnTapped = open
	return l
}

// objectiveCard adds the card of campaign objective o, with the button
// and the tap that open what it counts.
func (s *dashboardScreen) objectiveCard(name string, o event.Objective, content fyne.CanvasObject, show *widget.Button, open func()) {
	s.addCard(name, objectiveName(s.env, o), s.env.T("dashboard.objective_number", "Number", int(o)), content, show, open)
}

// contactsLink returns the button that opens the contacts matching f,
// and the function it runs.
func (s *dashboardScreen) contactsLink(f store.ContactFilter) (*widget.Button, func()) {
	open := func() { s.env.Navigate(ScreenContacts, f) }
	return s.showButton("dashboard.show_contacts", open), open
}

// pastEventsLink returns the button that opens the past events, and the
// function it runs.
func (s *dashboardScreen) pastEventsLink() (*widget.Button, func()) {
	open := func() { s.env.Navigate(ScreenEvents, EventsPast) }
	return s.showButton("dashboard.show_past_events", open), open
}

// num formats n for the interface language.
func (s *dashboardScreen) num(n int) string { return formatNumber(s.env, n) }

// monthNames names the months that start at months.
func monthNames(env *Env, months []time.Time) []string {
	var out []string
	for _, t := range months {
		out = append(out, env.T("dashboard.month."+strconv.Itoa(int(t.Month()))))
	}
	return out
}

// movementCard is objective 1, global movement: partners, their growth,
// and the two groups.
func (s *dashboardScreen) movementCard() {
	env := s.env
	m := s.stats.Movement
	months := monthNames(env, s.stats.Months[:])
	s.partnersChart = charts.NewMonthChart(months, []charts.MonthSeries{series(env, env.T("dashboard.movement.series"), m.Cumulative[:])},
		charts.Line, len(months)-1)
	members := store.ContactFilter{Kind: contact.KindOrganization, Stage: contact.StageMember}
	b, open := s.contactsLink(members)
	s.objectiveCard(cardMovement, event.ObjectiveMovement, container.NewVBox(
		headline(env, m.Partners, "dashboard.movement.unit"),
		trendLabel(env, "dashboard.trend.added", m.Trend),
		s.contactButton(env.T("dashboard.movement.organizations", "Count", s.num(m.Organizations)), members),
		s.contactButton(env.T("dashboard.movement.advocates", "Count", s.num(m.Advocates)),
			store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageAdvocate}),
		s.partnersChart,
		smallPrint(env.T("dashboard.movement.note")),
	), b, open)
}

// switchCard is objective 2, make the switch: workshops held and the
// tutorial's checklist.
func (s *dashboardScreen) switchCard() {
	env := s.env
	sw := s.stats.Switch
	var progress fyne.CanvasObject
	if sw.TutorialFound {
		bar := widget.NewProgressBar()
		bar.Max = float64(max(sw.ChecklistTotal, 1))
		bar.Value = float64(sw.ChecklistDone)
		bar.TextFormatter = func() string { return "" }
		s.tutorialButton = widget.NewButtonWithIcon(env.T("dashboard.switch.open_tutorial"), theme.FileTextIcon(), func() {
			env.Navigate(ScreenTutorials, store.SwitchTutorialSlug)
		})
		s.tutorialButton.Alignment = widget.ButtonAlignLeading
		s.tutorialButton.Importance = widget.LowImportance
		progress = container.NewVBox(
			wrapLabel(env.T("dashboard.switch.tutorial", "Done", s.num(sw.ChecklistDone), "Total", s.num(sw.ChecklistTotal))),
			bar, s.tutorialButton)
	} else {
		s.tutorialButton = nil
		progress = wrapLabel(env.T("dashboard.switch.no_tutorial"))
	}
	b, open := s.pastEventsLink()
	s.objectiveCard(cardSwitch, event.ObjectiveSwitch, container.NewVBox(
		headline(env, sw.WorkshopsDone, "dashboard.switch.unit"),
		trendLabel(env, "dashboard.trend.held", sw.Trend),
		wrapLabel(env.Tr.N("dashboard.switch.upcoming", sw.WorkshopsUpcoming, "Number", s.num(sw.WorkshopsUpcoming))),
		progress,
	), b, open)
}

// opinionCard is objective 3, public opinion: press and public events,
// media contacts.
func (s *dashboardScreen) opinionCard() {
	env := s.env
	o := s.stats.Opinion
	tags := container.NewVBox()
	for _, tag := range store.MediaTags {
		tags.Add(s.contactButton(env.T("dashboard.opinion.tag", "Tag", tag, "Count", s.num(o.ByTag[tag])), store.ContactFilter{Tag: tag}))
	}
	b, open := s.pastEventsLink()
	s.objectiveCard(cardOpinion, event.ObjectiveOpinion, container.NewVBox(
		headline(env, o.EventsDone, "dashboard.opinion.unit"),
		trendLabel(env, "dashboard.trend.held", o.Trend),
		wrapLabel(env.Tr.N("dashboard.opinion.planned", o.EventsPlanned, "Number", s.num(o.EventsPlanned))),
		tags,
	), b, open)
}

// membersCard is objective 4, strategic members: organizations and
// businesses by stage, their bars starting at the same place.
func (s *dashboardScreen) membersCard() {
	env := s.env
	ms := s.stats.Members
	s.orgChart = s.stageChart(contact.KindOrganization, ms.Organizations)
	s.bizMemberChart = s.stageChart(contact.KindBusiness, ms.Businesses)
	s.orgChart.AlignWith(s.bizMemberChart.Labels())
	s.bizMemberChart.AlignWith(s.orgChart.Labels())
	b, open := s.contactsLink(store.ContactFilter{Kind: contact.KindOrganization})
	s.objectiveCard(cardMembers, event.ObjectiveMembers, container.NewVBox(
		headline(env, ms.Joined, "dashboard.members.unit"),
		trendLabel(env, "dashboard.trend.added", ms.Trend),
		subheading(env.T("dashboard.kind.organization")), s.orgChart,
		subheading(env.T("dashboard.kind.business")), s.bizMemberChart,
	), b, open)
}

// supportersCard is objective 5, supporters to advocates, by country; a
// tapped country opens its people.
func (s *dashboardScreen) supportersCard() {
	env := s.env
	sp := s.stats.Supporters
	var labels, texts []string
	var values []int
	for _, c := range sp.Top {
		labels, values, texts = append(labels, c.Country), append(values, c.Total()), append(texts, s.num(c.Total()))
	}
	top := sp.Top
	s.countryChart = charts.NewBarChart(labels, values, texts, func(i int) {
		env.Navigate(ScreenContacts, store.ContactFilter{Kind: contact.KindPerson, Country: top[i].Country})
	})
	b, open := s.contactsLink(store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageSupporter})
	s.objectiveCard(cardSupporters, event.ObjectiveSupporters, container.NewVBox(
		headline(env, sp.Supporters+sp.Advocates, "dashboard.supporters.unit"),
		trendLabel(env, "dashboard.trend.added", sp.Trend),
		wrapLabel(env.T("dashboard.supporters.split", "Advocates", s.num(sp.Advocates), "Supporters", s.num(sp.Supporters),
			"Countries", s.num(sp.Countries))),
		s.countryChart,
		smallPrint(env.T("dashboard.supporters.rest", "Others", s.num(sp.Others), "None", s.num(sp.NoCountry))),
	), b, open)
}

// businessesCard is objective 6, business commitments: businesses by
// stage.
func (s *dashboardScreen) businessesCard() {
	env := s.env
	bs := s.stats.Businesses
	s.bizChart = s.stageChart(contact.KindBusiness, bs.ByStage)
	b, open := s.contactsLink(store.ContactFilter{Kind: contact.KindBusiness})
	s.objectiveCard(cardBusinesses, event.ObjectiveBusinesses, container.NewVBox(
		headline(env, bs.Committed, "dashboard.businesses.unit"),
		trendLabel(env, "dashboard.trend.added", bs.Trend),
		s.bizChart,
	), b, open)
}

// eventsCard shows the chart of events done and planned per month.
func (s *dashboardScreen) eventsCard() {
	env := s.env
	ev := s.stats.Events
	s.eventsChart = charts.NewMonthChart(monthNames(env, ev.Months[:]), []charts.MonthSeries{
		series(env, env.T("dashboard.events_by_month_done"), ev.Done[:]),
		series(env, env.T("dashboard.events_by_month_planned"), ev.Planned[:]),
	}, charts.Columns, store.CurrentMonth)
	s.addCard(cardEvents, env.T("dashboard.events_by_month"), env.T("dashboard.events_by_month_window"), s.eventsChart,
		s.showButton("dashboard.show_events", s.showEvents), s.showEvents)
}

// tutorialsCard shows the count of completed tutorials.
func (s *dashboardScreen) tutorialsCard() {
	env := s.env
	tu := s.stats.Tutorials
	open := func() { env.Navigate(ScreenTutorials, nil) }
	s.addCard(cardTutorials, env.T("dashboard.tutorials"), "", container.NewVBox(
		headline(env, tu.Completed, "dashboard.tutorials_unit"),
		wrapLabel(env.T("dashboard.tutorials_detail", "InProgress", s.num(tu.InProgress), "Total", s.num(tu.Total))),
	), s.showButton("dashboard.show_tutorials", open), open)
}

// kindCard shows the contacts of kind k by stage, each stage a button
// that opens them.
func (s *dashboardScreen) kindCard(k contact.Kind) {
	env := s.env
	s.stageButtons[k] = map[contact.Stage]*widget.Button{}
	total := 0
	rows := container.NewVBox()
	for _, stg := range contact.StagesFor(k) {
		n := s.stageCounts[k][stg]
		total += n
		b := s.contactButton(env.T("dashboard.stage_count", "Stage", stageName(env, stg), "Count", s.num(n)),
			store.ContactFilter{Kind: k, Stage: stg})
		s.stageButtons[k][stg] = b
		rows.Add(b)
	}
	all := store.ContactFilter{Kind: k}
	openAll := func() { env.Navigate(ScreenContacts, all) }
	s.addCard(string(k), env.T("dashboard.kind."+string(k)),
		env.Tr.N("dashboard.contacts_total", total, "Number", s.num(total)), rows, s.showButton("dashboard.show_all", openAll), openAll)
}

// stageChart is a bar chart of contacts of kind by stage; a tapped bar
// opens the contacts at that stage.
func (s *dashboardScreen) stageChart(kind contact.Kind, counts map[contact.Stage]int) *charts.BarChart {
	env := s.env
	stages := contact.StagesFor(kind)
	var labels, texts []string
	var values []int
	for _, stg := range stages {
		labels, values, texts = append(labels, stageName(env, stg)), append(values, counts[stg]), append(texts, formatNumber(env, counts[stg]))
	}
	return charts.NewBarChart(labels, values, texts, func(i int) {
		env.Navigate(ScreenContacts, store.ContactFilter{Kind: kind, Stage: stages[i]})
	})
}

// contactButton is a flat button that opens the contacts matching f.
func (s *dashboardScreen) contactButton(text string, f store.ContactFilter) *widget.Button {
	env := s.env
	b := widget.NewButton(text, func() { env.Navigate(ScreenContacts, f) })
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	return b
}

// series is a chart row of values with their numbers formatted.
func series(env *Env, name string, values []int) charts.MonthSeries {
	texts := make([]string, len(values))
	for i, v := range values {
		texts[i] = formatNumber(env, v)
	}
	return charts.MonthSeries{Name: name, Values: values, Texts: texts}
}

// headline is a card's large number followed by what it counts.
func headline(env *Env, n int, unitID string) fyne.CanvasObject {
	// The words wrap under a narrow card; the number never does.
	return container.NewBorder(nil, nil, bigNumber(formatNumber(env, n), widget.MediumImportance), nil,
		middle(wrapLabel(env.Tr.N(unitID, n))))
}

// trendLabel says how many were added or held in the last 30 days and in
// the 30 days before.
func trendLabel(env *Env, id string, t store.Trend) *widget.Label {
	return wrapLabel(env.T(id, "Last", formatNumber(env, t.Last30), "Prev", formatNumber(env, t.Prev30)))
}

// wrapLabel is a label that wraps at word boundaries.
func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// smallPrint is a short explanation under a chart.
func smallPrint(text string) *widget.Label {
	l := wrapLabel(text)
	l.TextStyle = fyne.TextStyle{Italic: true}
	return l
}

// subheading introduces one of several charts on a card.
func subheading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// addCard adds a card that opens its list when tapped anywhere. The
// button sits at the bottom, so the buttons of a row line up. The title
// is smaller than the page's (Fyne's card titles are as large as the
// page title could be), the subtitle under it.
func (s *dashboardScreen) addCard(name, title, subtitle string, content fyne.CanvasObject, button *widget.Button, open func()) {
	head := container.NewVBox(cardTitle(title))
	if subtitle != "" {
		head.Add(widget.NewLabel(subtitle))
	}
	body := container.NewBorder(head, container.NewHBox(button), nil, nil, container.NewVBox(content))
	c := newTapCard(widget.NewCard("", "", body), open)
	c.title = title
	s.cards = append(s.cards, c)
	s.byName[name] = c
	s.grid.Add(c)
}

// middle centres a small object vertically in a row of taller ones.
func middle(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(layout.NewSpacer(), o, layout.NewSpacer())
}

// cardTitle is a card's title: bold, one size below the page title.
func cardTitle(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bigNumber is a count shown large.
func bigNumber(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.Importance = imp
	return l
}
