package ui

import (
	"strconv"

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
	s.buildNowCards()
	s.buildObjectiveCards()
	s.buildEventsCard()
	s.buildTutorialsCard()

	s.stageButtons = map[contact.Kind]map[contact.Stage]*widget.Button{}
	for _, k := range contact.Kinds {
		s.stageButtons[k] = map[contact.Stage]*widget.Button{}
		total := 0
		rows := container.NewVBox()
		for _, stg := range contact.StagesFor(k) {
			n := s.stageCounts[k][stg]
			total += n
			b := s.contactButton(env.T("dashboard.stage_count", "Stage", stageName(env, stg), "Count", formatNumber(env, n)),
				store.ContactFilter{Kind: k, Stage: stg})
			s.stageButtons[k][stg] = b
			rows.Add(b)
		}
		all := store.ContactFilter{Kind: k}
		openAll := func() { env.Navigate(ScreenContacts, all) }
		open := widget.NewButtonWithIcon(env.T("dashboard.show_all"), theme.NavigateNextIcon(), openAll)
		s.addCard(string(k), env.T("dashboard.kind."+string(k)),
			env.Tr.N("dashboard.contacts_total", total, "Number", formatNumber(env, total)), rows, open, openAll)
	}
	s.scroll.Refresh()
}

// hideStart hides the checklist until the vault is locked.
func (s *dashboardScreen) hideStart() {
	s.startHidden = true
	s.build()
}

// buildNowCards adds the cards of what to act on now, each with its
// number and the first few items as links: events in the next 7 days,
// overdue tasks (with the open ones and those due soon), and contacts
// whose follow-up is due.
func (s *dashboardScreen) buildNowCards() {
	env := s.env
	showEvents := func() { env.Navigate(ScreenEvents, EventsUpcoming) }
	openEvent := func(id string) func() { return func() { env.Navigate(ScreenEvents, EventRef(id)) } }

	// Next 7 days.
	s.weekLinks = nil
	week := container.NewVBox(headline(env, s.upcoming, "dashboard.week_unit"))
	for _, o := range s.weekEvents {
		l := itemLink(env.T("dashboard.week_item", "Date", env.Tr.Date(o.Start.In(o.Event.Zone())), "Title", o.Event.Title), openEvent(o.Key()))
		s.weekLinks = append(s.weekLinks, l)
		week.Add(l)
	}
	if s.upcoming == 0 {
		week.Add(wrapLabel(env.T("dashboard.week_none")))
	}
	s.eventsButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), showEvents)
	s.addCard(cardUpcoming, env.T("dashboard.week"), env.T("dashboard.week_window"), week, s.eventsButton, showEvents)

	// Overdue tasks: red with an icon and the word, never colour alone.
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
		l := itemLink(env.T("dashboard.overdue_item", "Task", t.Title, "Event", s.eventTitles[t.EventID]), openEvent(t.EventID))
		s.overdueLinks = append(s.overdueLinks, l)
		overdue.Add(l)
	}
	overdue.Add(wrapLabel(env.T("dashboard.open_tasks_line", "Open", formatNumber(env, s.openTasks),
		"Soon", formatNumber(env, s.stats.Tasks.DueSoon))))
	s.overdueButton = widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), showEvents)
	s.addCard(cardOverdue, env.T("dashboard.overdue_tasks"), env.T("dashboard.overdue_window"), overdue, s.overdueButton, showEvents)

	// Follow-ups due.
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
	s.followButton = widget.NewButtonWithIcon(env.T("dashboard.show_contacts"), theme.NavigateNextIcon(), showContacts)
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

// buildObjectiveCards adds one card per campaign objective.
func (s *dashboardScreen) buildObjectiveCards() {
	env := s.env
	st := &s.stats
	num := func(n int) string { return formatNumber(env, n) }
	objective := func(o event.Objective) (string, string) {
		return objectiveName(env, o), env.T("dashboard.objective_number", "Number", int(o))
	}
	showContacts := func(f store.ContactFilter) (*widget.Button, func()) {
		open := func() { env.Navigate(ScreenContacts, f) }
		return widget.NewButtonWithIcon(env.T("dashboard.show_contacts"), theme.NavigateNextIcon(), open), open
	}
	showPast := func() (*widget.Button, func()) {
		open := func() { env.Navigate(ScreenEvents, EventsPast) }
		return widget.NewButtonWithIcon(env.T("dashboard.show_past_events"), theme.NavigateNextIcon(), open), open
	}

	// 1. Global movement: partners, their growth, and the two groups.
	m := st.Movement
	var months []string
	for _, t := range st.Months {
		months = append(months, env.T("dashboard.month."+strconv.Itoa(int(t.Month()))))
	}
	s.partnersChart = charts.NewMonthChart(months, []charts.MonthSeries{series(env, env.T("dashboard.movement.series"), m.Cumulative[:])},
		charts.Line, len(months)-1)
	members := store.ContactFilter{Kind: contact.KindOrganization, Stage: contact.StageMember}
	b, open := showContacts(members)
	title, sub := objective(event.ObjectiveMovement)
	s.addCard(cardMovement, title, sub, container.NewVBox(
		headline(env, m.Partners, "dashboard.movement.unit"),
		trendLabel(env, "dashboard.trend.added", m.Trend),
		s.contactButton(env.T("dashboard.movement.organizations", "Count", num(m.Organizations)), members),
		s.contactButton(env.T("dashboard.movement.advocates", "Count", num(m.Advocates)),
			store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageAdvocate}),
		s.partnersChart,
		smallPrint(env.T("dashboard.movement.note")),
	), b, open)

	// 2. Make the switch: workshops held and the tutorial's checklist.
	sw := st.Switch
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
			wrapLabel(env.T("dashboard.switch.tutorial", "Done", num(sw.ChecklistDone), "Total", num(sw.ChecklistTotal))),
			bar, s.tutorialButton)
	} else {
		s.tutorialButton = nil
		progress = wrapLabel(env.T("dashboard.switch.no_tutorial"))
	}
	b, open = showPast()
	title, sub = objective(event.ObjectiveSwitch)
	s.addCard(cardSwitch, title, sub, container.NewVBox(
		headline(env, sw.WorkshopsDone, "dashboard.switch.unit"),
		trendLabel(env, "dashboard.trend.held", sw.Trend),
		wrapLabel(env.Tr.N("dashboard.switch.upcoming", sw.WorkshopsUpcoming, "Number", num(sw.WorkshopsUpcoming))),
		progress,
	), b, open)

	// 3. Public opinion: press and public events, media contacts.
	o := st.Opinion
	tags := container.NewVBox()
	for _, tag := range store.MediaTags {
		tags.Add(s.contactButton(env.T("dashboard.opinion.tag", "Tag", tag, "Count", num(o.ByTag[tag])), store.ContactFilter{Tag: tag}))
	}
	b, open = showPast()
	title, sub = objective(event.ObjectiveOpinion)
	s.addCard(cardOpinion, title, sub, container.NewVBox(
		headline(env, o.EventsDone, "dashboard.opinion.unit"),
		trendLabel(env, "dashboard.trend.held", o.Trend),
		wrapLabel(env.Tr.N("dashboard.opinion.planned", o.EventsPlanned, "Number", num(o.EventsPlanned))),
		tags,
	), b, open)

	// 4. Strategic members: organizations and businesses by stage.
	ms := st.Members
	s.orgChart = s.stageChart(contact.KindOrganization, ms.Organizations)
	s.bizMemberChart = s.stageChart(contact.KindBusiness, ms.Businesses)
	s.orgChart.AlignWith(s.bizMemberChart.Labels())
	s.bizMemberChart.AlignWith(s.orgChart.Labels())
	b, open = showContacts(store.ContactFilter{Kind: contact.KindOrganization})
	title, sub = objective(event.ObjectiveMembers)
	s.addCard(cardMembers, title, sub, container.NewVBox(
		headline(env, ms.Joined, "dashboard.members.unit"),
		trendLabel(env, "dashboard.trend.added", ms.Trend),
		subheading(env.T("dashboard.kind.organization")), s.orgChart,
		subheading(env.T("dashboard.kind.business")), s.bizMemberChart,
	), b, open)

	// 5. Supporters to advocates, by country.
	sp := st.Supporters
	var labels, texts []string
	var values []int
	for _, c := range sp.Top {
		labels, values, texts = append(labels, c.Country), append(values, c.Total()), append(texts, num(c.Total()))
	}
	top := sp.Top
	s.countryChart = charts.NewBarChart(labels, values, texts, func(i int) {
		env.Navigate(ScreenContacts, store.ContactFilter{Kind: contact.KindPerson, Country: top[i].Country})
	})
	b, open = showContacts(store.ContactFilter{Kind: contact.KindPerson, Stage: contact.StageSupporter})
	title, sub = objective(event.ObjectiveSupporters)
	s.addCard(cardSupporters, title, sub, container.NewVBox(
		headline(env, sp.Supporters+sp.Advocates, "dashboard.supporters.unit"),
		trendLabel(env, "dashboard.trend.added", sp.Trend),
		wrapLabel(env.T("dashboard.supporters.split", "Advocates", num(sp.Advocates), "Supporters", num(sp.Supporters),
			"Countries", num(sp.Countries))),
		s.countryChart,
		smallPrint(env.T("dashboard.supporters.rest", "Others", num(sp.Others), "None", num(sp.NoCountry))),
	), b, open)

	// 6. Business commitments: businesses by stage.
	bs := st.Businesses
	s.bizChart = s.stageChart(contact.KindBusiness, bs.ByStage)
	b, open = showContacts(store.ContactFilter{Kind: contact.KindBusiness})
	title, sub = objective(event.ObjectiveBusinesses)
	s.addCard(cardBusinesses, title, sub, container.NewVBox(
		headline(env, bs.Committed, "dashboard.businesses.unit"),
		trendLabel(env, "dashboard.trend.added", bs.Trend),
		s.bizChart,
	), b, open)
}

// buildEventsCard adds the chart of events done and planned per month.
func (s *dashboardScreen) buildEventsCard() {
	env := s.env
	ev := s.stats.Events
	var months []string
	for _, t := range ev.Months {
		months = append(months, env.T("dashboard.month."+strconv.Itoa(int(t.Month()))))
	}
	s.eventsChart = charts.NewMonthChart(months, []charts.MonthSeries{
		series(env, env.T("dashboard.events_by_month_done"), ev.Done[:]),
		series(env, env.T("dashboard.events_by_month_planned"), ev.Planned[:]),
	}, charts.Columns, store.CurrentMonth)
	open := func() { env.Navigate(ScreenEvents, EventsUpcoming) }
	b := widget.NewButtonWithIcon(env.T("dashboard.show_events"), theme.NavigateNextIcon(), open)
	s.addCard(cardEvents, env.T("dashboard.events_by_month"), env.T("dashboard.events_by_month_window"), s.eventsChart, b, open)
}

// buildTutorialsCard adds the count of completed tutorials.
func (s *dashboardScreen) buildTutorialsCard() {
	env := s.env
	tu := s.stats.Tutorials
	open := func() { env.Navigate(ScreenTutorials, nil) }
	b := widget.NewButtonWithIcon(env.T("dashboard.show_tutorials"), theme.NavigateNextIcon(), open)
	s.addCard(cardTutorials, env.T("dashboard.tutorials"), "", container.NewVBox(
		headline(env, tu.Completed, "dashboard.tutorials_unit"),
		wrapLabel(env.T("dashboard.tutorials_detail", "InProgress", formatNumber(env, tu.InProgress), "Total", formatNumber(env, tu.Total))),
	), b, open)
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
