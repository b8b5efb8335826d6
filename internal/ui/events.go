package ui

import (
	"context"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/names"
	"github.com/safehouse-app/safehouse/internal/store"
)

func init() { screenFactories[ScreenEvents] = newEventsScreen }

// EventsView selects the upcoming or the past events; pass it as the
// filter of Env.Navigate.
type EventsView string

// The two event lists.
const (
	EventsUpcoming EventsView = "upcoming"
	EventsPast     EventsView = "past"
)

// clockLayout is the 24-hour time of day time fields show. Date fields
// show ISO dates, or Solar Hijri ones in the Persian interface
// (formatDate, datetime.go); labels show dates in words (displayDate).
const clockLayout = "15:04"

// displayDate shows a calendar date ("" for none) the way the interface
// language writes dates (i18n.Translator.Date).
func displayDate(env *Env, d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return env.Tr.Date(d.Time(time.UTC))
}

// EventRef opens one event (by ID) in the events screen, in whichever of
// the upcoming and past lists holds it; pass it as the filter of
// Env.Navigate.
type EventRef string

// eventsScreen lists upcoming or past events with the detail of one
// beside it: participants, tasks and the safety plan.
type eventsScreen struct {
	env *Env

	root   *fyne.Container
	layout *masterDetail

	view                  *widget.RadioGroup
	past                  bool
	search                *textField
	list                  *widget.List
	newButton, backButton *widget.Button
	listStack             *fyne.Container
	emptyView, emptyPast  fyne.CanvasObject
	noMatch               fyne.CanvasObject // a search found nothing in this list
	noMatchText           *widget.Label
	noMatchOther          *widget.Button // search the other list
	noMatchClear          *widget.Button
	detailPane            *fyne.Container
	detail                *eventDetail
	form                  *eventForm
	picker                *participantPicker
	assigneePicker        *contactPicker // the open "assign to" picker, if any
	taskEditor            *taskEditor
	confirm               *deleteDialog
	confirmText           string
	scope                 *scopeDialog // "only this date or all dates?" before deleting
	// Campaign templates (templates.go).
	templateButton *widget.Button
	templatePicker *templatePicker
	templateSaver  *templateSaver
	templateNotice dialog.Dialog
	// Calendar files (events_io.go).
	calendar       *calendarIO
	calendarButton *widget.Button

	// items are the listed occurrences; selected is the Key of the one
	// shown (an event's ID for an event that does not repeat).
	items    []event.Occurrence
	selected string
	debounce debouncer
}

// eventDetail holds the widgets of one event's detail tests reach.
type eventDetail struct {
	// event is the stored event shown: the event, the series, or the
	// changed occurrence. For an occurrence of a series, occ is that
	// occurrence and series the repeating event.
	event        *event.Event
	occ          event.Occurrence
	series       *event.Event
	repeatText   *widget.Label // how the series repeats
	thisDateOnly *widget.Check // a new task belongs to this occurrence only
	participants []store.ParticipantDetail
	tasks        []*event.Task

	editButton, deleteButton, addPerson *widget.Button
	saveTemplate                        *widget.Button
	removeButtons                       []*widget.Button
	participantLinks                    []*widget.Button // each opens the participant's contact
	placeIcon                           *widget.Icon
	// Per task, in list order.
	taskChecks             []*widget.Check
	taskEdits, taskDeletes []*widget.Button
	overdue                []bool // marked overdue
	newTask                *textField
	newAssignee            *assigneeField
	newDue                 *dateEntry
	addTask                *widget.Button
	taskErr                *fieldError
}

func newEventsScreen(env *Env) Screen { return newEvents(env) }

func newEvents(env *Env) *eventsScreen {
	s := &eventsScreen{env: env}
	s.debounce.delay = searchDelay
	upcoming, past := env.T("events.upcoming"), env.T("events.past")
	s.view = widget.NewRadioGroup([]string{upcoming, past}, func(v string) {
		s.past = v == past
		s.reload()
	})
	s.view.Horizontal = true
	s.view.Required = true
	s.view.Selected = upcoming

	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("")
			title.Truncation = fyne.TextTruncateEllipsis
			when := widget.NewLabel("")
			return container.NewBorder(nil, nil, nil, when, title)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.items) {
				return
			}
			occ := s.items[id]
			e := occ.Event
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(shown(e.Title))
			// A done or cancelled event still in the upcoming list says so
			// (the dashboard does not count it as upcoming).
			when := env.Tr.DateTime(occ.Start.In(e.Zone()))
			if e.Status == event.StatusDone || e.Status == event.StatusCancelled {
				when = statusName(env, e.Status) + " · " + when
			}
			row.Objects[1].(*widget.Label).SetText(when)
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id < 0 || id >= len(s.items) {
			return
		}
		target := s.items[id].Key()
		if s.form != nil && s.form.original != nil && target == s.form.key() {
			return // the row of the event being edited
		}
		s.leaveForm(func() { s.showEvent(target) })
	}
	s.newButton = widget.NewButtonWithIcon(env.T("events.new"), theme.ContentAddIcon(), s.NewItem)
	s.newButton.Importance = widget.HighImportance
	s.templateButton = widget.NewButtonWithIcon(env.T("templates.new_from"), theme.ContentCopyIcon(), func() { s.leaveForm(s.openTemplatePicker) })
	s.calendar = newCalendarIO(s)
	s.calendarButton = s.calendar.newButton()
	s.backButton = widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), func() {
		s.layout.showDetail = false
		s.root.Refresh()
	})
	addFirst := widget.NewButtonWithIcon(env.T("events.empty.add"), theme.ContentAddIcon(), s.NewItem)
	addFirst.Importance = widget.HighImportance
	s.emptyView = emptyState(theme.CalendarIcon(), env.T("events.empty.title"), env.T("events.empty.body"), addFirst)
	s.emptyPast = emptyState(theme.HistoryIcon(), env.T("events.empty_past.title"), env.T("events.empty_past.body"))
	s.search = newTextField()
	s.search.SetPlaceHolder(env.T("events.search.placeholder"))
	s.search.OnChanged = func(string) { s.debounce.Trigger(s.reload) }
	s.noMatch = s.newNoMatch()
	s.listStack = container.NewStack(s.list, s.emptyView, s.emptyPast, s.noMatch)

	// Title, list choice and New span the width; list and detail share
	// the space below.
	top := container.NewBorder(nil, nil, container.NewHBox(middle(screenTitle(env.T("nav.events"))), middle(s.view)), container.NewHBox(s.templateButton, s.newButton))
	s.detailPane = container.NewStack()
	detailPane := container.NewBorder(container.NewHBox(s.backButton), nil, nil, nil, s.detailPane)
	var split *fyne.Container
	// The search sits over the list it narrows.
	listPane := container.NewBorder(s.search, container.NewHBox(s.calendarButton), nil, nil, s.listStack)
	split, s.layout = newMasterDetail(listPane, detailPane, s.backButton)
	s.root = container.NewBorder(top, nil, nil, nil, split)
	s.showHint()
	return s
}

// Content implements [Screen].
func (s *eventsScreen) Content() fyne.CanvasObject { return s.root }

// fillsArea implements [areaFiller]: list and detail scroll themselves.
func (s *eventsScreen) fillsArea() {}

// Shown implements [Screen]; an [EventsView] filter picks the list.
func (s *eventsScreen) Shown(filter any) {
	if ref, ok := filter.(EventRef); ok {
		s.open(string(ref))
		return
	}
	if _, ok := filter.(fromTemplateRequest); ok { // from the dashboard's Get started
		s.reload()
		s.openTemplatePicker()
		return
	}
	if v, ok := filter.(EventsView); ok {
		s.past = v == EventsPast
		sel := s.view.Options[0]
		if s.past {
			sel = s.view.Options[1]
		}
		cb := s.view.OnChanged
		s.view.OnChanged = nil
		s.view.SetSelected(sel)
		s.view.OnChanged = cb
	}
	s.reload()
	if s.selected != "" && s.detail != nil {
		s.showEvent(s.selected)
	}
}

// open shows the event with the given ID, or the occurrence with the
// given key (see [event.Occurrence.Key]), in the list that holds it.
func (s *eventsScreen) open(id string) {
	occ, _, err := s.loadOccurrence(id)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.setPast(occ.Closed(s.env.Now()) && occ.Event.Status != event.StatusDone && occ.Event.Status != event.StatusCancelled ||
		occ.SeriesID == "" && isPast(occ.Event, s.env.Now()))
	s.selected = occ.Key()
	s.reload()
	s.showEvent(s.selected)
}

// loadOccurrence reads what a list key names: an event (for a series,
// its first occurrence) or one occurrence of a series, with the series.
func (s *eventsScreen) loadOccurrence(key string) (event.Occurrence, *event.Event, error) {
	ctx := context.Background()
	repo := s.env.Session.Store().Events()
	id, orig := event.ParseKey(key)
	e, err := repo.Get(ctx, id)
	if err != nil {
		return event.Occurrence{}, nil, err
	}
	if e.SeriesID != "" {
		// A changed occurrence named by its own ID.
		series, err := repo.Get(ctx, e.SeriesID)
		if err != nil {
			return event.Occurrence{}, nil, err
		}
		return event.Occurrence{Event: e, Start: e.Start, End: e.End, Original: e.RecurrenceID, SeriesID: series.ID}, series, nil
	}
	if !e.Repeats() {
		return event.Occurrence{Event: e, Start: e.Start, End: e.End}, nil, nil
	}
	overrides, err := repo.Overrides(ctx, e.ID)
	if err != nil {
		return event.Occurrence{}, nil, err
	}
	if orig.IsZero() {
		// The series itself: its next occurrence, else its first.
		now := s.env.Now()
		if next := e.Occurrences(now, now.Add(store.OccurrenceHorizon), 1, overrides); len(next) > 0 {
			return next[0], e, nil
		}
		orig = e.Start
	}
	if occ, ok := e.OccurrenceAt(orig, overrides); ok {
		return occ, e, nil
	}
	return event.Occurrence{Event: e, Start: e.Start, End: e.End, Original: e.Start, SeriesID: e.ID}, e, nil
}

// isPast tells whether e has ended (or, without an end, started) before now.
func isPast(e *event.Event, now time.Time) bool {
	end := e.End
	if end.IsZero() {
		end = e.Start
	}
	return end.Before(now)
}

// setPast picks the past or the upcoming list without reloading.
func (s *eventsScreen) setPast(past bool) {
	s.past = past
	cb := s.view.OnChanged
	s.view.OnChanged = nil
	if past {
		s.view.SetSelected(s.view.Options[1])
	} else {
		s.view.SetSelected(s.view.Options[0])
	}
	s.view.OnChanged = cb
}

// NewItem implements [Screen].
func (s *eventsScreen) NewItem() { s.leaveForm(func() { s.openForm(nil) }) }

// activeForm implements [formScreen].
func (s *eventsScreen) activeForm() editForm {
	if s.form == nil {
		return nil
	}
	return s.form
}

// discardForm implements [formScreen].
func (s *eventsScreen) discardForm() {
	f := s.form
	if f == nil {
		return
	}
	dropDraft(s.env, f.draftKey())
	s.form = nil
	defer formClosed(s.env)
	if f.original != nil {
		s.showEvent(f.original.ID)
		return
	}
	s.showHint()
}

// resumeDraft implements [formScreen]: it opens the form of an event
// draft. A draft of an event deleted since becomes a new event.
func (s *eventsScreen) resumeDraft(key string, st formState) bool {
	kind, id, ok := parseDraftKey(key)
	if !ok || kind != draftEvent {
		return false
	}
	var e *event.Event
	if id != "" {
		if got, err := s.env.Session.Store().Events().Get(context.Background(), id); err == nil {
			e = got
			s.setPast(isPast(e, s.env.Now()))
			s.reload()
		} else {
			dropDraft(s.env, key)
		}
	}
	s.openForm(e)
	s.form.restore(st)
	return true
}

// leaveForm runs then, first asking what to do with the open form's
// unsaved edits. Keep editing puts the list selection back.
func (s *eventsScreen) leaveForm(then func()) {
	askLeaveForm(s.env, s.activeForm(), s.discardForm, then, s.reselect)
}

// cancelForm is the form's Cancel: it closes the form, asking first when
// it has unsaved edits.
func (s *eventsScreen) cancelForm() {
	f := s.form
	askLeaveForm(s.env, f, s.discardForm, func() {
		if s.form == f {
			s.discardForm()
		}
	}, s.reselect)
}

// reselect marks the row of the shown event again, without opening it.
func (s *eventsScreen) reselect() {
	cb := s.list.OnSelected
	s.list.OnSelected = nil
	defer func() { s.list.OnSelected = cb }()
	for i, it := range s.items {
		if it.Key() == s.selected {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

// FocusSearch implements [Screen].
func (s *eventsScreen) FocusSearch() {
	if s.env.Window != nil {
		s.env.Window.Canvas().Focus(s.search)
	}
}

// newNoMatch is what the list shows when a search finds no event in it:
// the search, and buttons to search the other list or clear the search.
func (s *eventsScreen) newNoMatch() fyne.CanvasObject {
	env := s.env
	s.noMatchText = paragraph("")
	s.noMatchText.Alignment = fyne.TextAlignCenter
	s.noMatchOther = widget.NewButtonWithIcon("", theme.SearchIcon(), func() {
		s.setPast(!s.past)
		s.reload()
	})
	s.noMatchClear = widget.NewButton(env.T("events.search.clear"), func() {
		s.search.SetText("")
		s.debounce.Stop()
		s.reload()
	})
	title := heading(env.T("events.search.no_match_title"))
	title.Alignment = fyne.TextAlignCenter
	icon := widget.NewIcon(theme.SearchIcon())
	col := container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), icon)), title, s.noMatchText,
		container.NewCenter(container.NewHBox(s.noMatchOther, s.noMatchClear)))
	return narrowColumn(480, col)
}

// Teardown implements [Screen].
func (s *eventsScreen) Teardown() {
	s.debounce.Stop()
	s.items, s.selected, s.detail, s.form = nil, "", nil, nil
	cb := s.search.OnChanged
	s.search.OnChanged = nil
	s.search.SetText("")
	s.search.OnChanged = cb
	if s.picker != nil {
		s.picker.dialog.Hide()
		s.picker = nil
	}
	if s.assigneePicker != nil {
		s.assigneePicker.dialog.Hide()
		s.assigneePicker = nil
	}
	if s.taskEditor != nil {
		s.taskEditor.dialog.Hide()
		s.taskEditor = nil
	}
	if s.confirm != nil {
		s.confirm.Hide()
		s.confirm = nil
	}
	s.hideTemplateDialogs()
	s.calendar.hide()
	s.detailPane.RemoveAll()
	s.list.Refresh()
}

// reload lists the events (a few thousand at most: loaded at once).
func (s *eventsScreen) reload() {
	if s.env.Session == nil {
		return
	}
	f := store.EventFilter{Now: s.env.Now(), Upcoming: !s.past, Past: s.past, Search: s.search.Text}
	items, err := s.env.Session.Store().Events().Occurrences(context.Background(), store.OccurrenceFilter{EventFilter: f})
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.items = items
	s.list.UnselectAll()
	cb := s.list.OnSelected
	s.list.OnSelected = nil
	for i, o := range items {
		if o.Key() == s.selected {
			s.list.Select(i)
		}
	}
	s.list.OnSelected = cb
	s.list.Refresh()
	s.list.Hide()
	s.emptyView.Hide()
	s.emptyPast.Hide()
	s.noMatch.Hide()
	switch {
	case len(items) > 0:
		s.list.Show()
	case strings.TrimSpace(f.Search) != "":
		text := strings.TrimSpace(f.Search)
		if s.past {
			s.noMatchText.SetText(s.env.T("events.search.no_match_past", "Text", text))
			s.noMatchOther.SetText(s.env.T("events.search.try_upcoming"))
		} else {
			s.noMatchText.SetText(s.env.T("events.search.no_match_upcoming", "Text", text))
			s.noMatchOther.SetText(s.env.T("events.search.try_past"))
		}
		s.noMatch.Show()
	case s.past:
		s.emptyPast.Show()
	default:
		s.emptyView.Show()
	}
}

func (s *eventsScreen) setDetail(o fyne.CanvasObject) {
	s.detailPane.Objects = []fyne.CanvasObject{o}
	s.detailPane.Refresh()
	s.layout.showDetail = true
	s.root.Refresh()
	// Wrapped paragraphs know their height only once they have their
	// width: lay the scroll out again so its end is reachable.
	if sc, ok := o.(*container.Scroll); ok {
		sc.Refresh()
	}
}

func (s *eventsScreen) showHint() {
	s.detailPane.Objects = []fyne.CanvasObject{detailHint(theme.CalendarIcon(), s.env.T("events.select_hint"))}
	s.detailPane.Refresh()
	s.detail, s.form = nil, nil
	s.layout.showDetail = false
	s.root.Refresh()
}

// showEvent loads the event (or the occurrence with that key) with its
// participants and tasks. The ID of the series or changed occurrence
// shown stands for the occurrence shown.
func (s *eventsScreen) showEvent(id string) {
	if d := s.detail; d != nil && d.occ.SeriesID != "" && (id == d.event.ID || id == d.occ.SeriesID) {
		id = s.selected
	}
	ctx := context.Background()
	st := s.env.Session.Store()
	occ, series, err := s.loadOccurrence(id)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	e := occ.Event
	// The people of a series take part in every date of it.
	owner := e.ID
	if series != nil {
		owner = series.ID
	}
	parts, err := st.Participants().ListForEvent(ctx, owner)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	tasks, err := st.Tasks().ListForEvent(ctx, owner)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	if series != nil {
		// The tasks of the whole series and of this date.
		kept := tasks[:0]
		for _, t := range tasks {
			if t.Occurrence.IsZero() || t.Occurrence.Equal(occ.Original) {
				kept = append(kept, t)
			}
		}
		tasks = kept
		if e.ID != series.ID {
			own, err := st.Tasks().ListForEvent(ctx, e.ID)
			if err != nil {
				s.env.ShowError(err)
				return
			}
			tasks = append(tasks, own...)
		}
	}
	s.selected, s.form = occ.Key(), nil
	s.detail = &eventDetail{event: e, occ: occ, series: series, participants: parts, tasks: tasks}
	s.setDetail(s.buildDetail())
}

// shownEvent is the detail's event with the dates of the occurrence shown.
func (d *eventDetail) shownEvent() *event.Event {
	e := *d.event
	if d.occ.Event != nil {
		e.Start, e.End = d.occ.Start, d.occ.End
	}
	return &e
}

// formatWhen describes when the event takes place, in its own zone, the
// way the interface language writes dates and times, with the zone in
// words and its offset on that day ("Nairobi · Kenya · UTC+03:00").
func formatWhen(env *Env, e *event.Event) string {
	loc := e.Zone()
	start := e.Start.In(loc)
	text := env.Tr.DateTime(start)
	if !e.End.IsZero() {
		end := e.End.In(loc)
		if date.Of(end) == date.Of(start) {
			text += " – " + env.Tr.Clock(end)
		} else {
			text += " – " + env.Tr.DateTime(end)
		}
	}
	return text + " (" + zoneLabel(env, e.TimeZone, start) + ")"
}

func (s *eventsScreen) buildDetail() fyne.CanvasObject {
	env, d := s.env, s.detail
	e := d.event
	d.editButton = widget.NewButtonWithIcon(env.T("common.edit"), theme.DocumentCreateIcon(), func() { s.openFormFor(d) })
	d.editButton.Importance = widget.HighImportance
	head := container.NewBorder(nil, nil, nil, d.editButton, heading(e.Title))
	box := container.NewVBox(head)
	box.Add(widget.NewLabel(formatWhen(env, d.shownEvent())))
	if d.series != nil {
		d.repeatText = widget.NewLabelWithStyle(describeRepeat(env, d.series), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		d.repeatText.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.ViewRefreshIcon()), nil, d.repeatText))
	}
	box.Add(widget.NewLabel(statusName(env, e.Status) + " · " + eventKindName(env, e.Kind)))
	addFromLine(box, env, e.Origin)
	where := e.Location
	if e.Online {
		where = strings.Join(nonEmpty(env.T("events.online"), e.Location), " · ")
	}
	if where != "" {
		d.placeIcon = widget.NewIcon(placeIcon)
		box.Add(container.NewBorder(nil, nil, d.placeIcon, nil, paragraph(where)))
	}
	if len(e.Objectives) > 0 {
		box.Add(sectionLabel(env.T("events.field.objectives")))
		for _, o := range e.Objectives {
			box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil, widget.NewLabel(objectiveName(env, o))))
		}
	}
	if e.Description != "" {
		box.Add(paragraph(e.Description))
	}

	// Participants.
	box.Add(widget.NewSeparator())
	d.addPerson = widget.NewButtonWithIcon(env.T("events.participants.add"), theme.ContentAddIcon(), s.openPicker)
	owner := e.ID // the people of a series take part in every date
	if d.series != nil {
		owner = d.series.ID
	}
	box.Add(container.NewBorder(nil, nil, sectionLabel(env.T("events.participants.title")), d.addPerson))
	if len(d.participants) == 0 {
		box.Add(paragraph(env.T("events.participants.empty")))
	}
	for _, p := range d.participants {
		contactID := p.ContactID
		rm := widget.NewButtonWithIcon(env.T("events.participants.remove"), theme.ContentRemoveIcon(), func() {
			s.removeParticipant(owner, contactID)
		})
		d.removeButtons = append(d.removeButtons, rm)
		// The name opens the contact.
		name := strings.Join(nonEmpty(p.Name, p.Role), " — ")
		link := widget.NewButtonWithIcon(name, theme.AccountIcon(), func() { env.Navigate(ScreenContacts, ContactRef(contactID)) })
		link.Alignment = widget.ButtonAlignLeading
		link.Importance = widget.LowImportance
		d.participantLinks = append(d.participantLinks, link)
		box.Add(container.NewBorder(nil, nil, nil, rm, link))
	}

	// Tasks.
	box.Add(widget.NewSeparator())
	box.Add(sectionLabel(env.T("events.tasks.title")))
	names := s.assigneeNames()
	today := date.Of(env.Now())
	if len(d.tasks) == 0 {
		box.Add(paragraph(env.T("events.tasks.empty")))
	}
	for _, t := range d.tasks {
		box.Add(s.taskRow(t, names, today))
	}
	box.Add(s.newTaskRow())

	// Safety plan and outcome (edited in the form).
	box.Add(widget.NewSeparator())
	box.Add(sectionLabel(env.T("events.safety.title")))
	plan := []struct{ id, text string }{
		{"events.safety.threats", e.Safety.Threats},
		{"events.safety.mitigations", e.Safety.Mitigations},
		{"events.safety.emergency_contacts", e.Safety.EmergencyContacts},
		{"events.safety.check_in", e.Safety.CheckIn},
	}
	empty := true
	for _, p := range plan {
		if p.text == "" {
			continue
		}
		empty = false
		l := widget.NewLabel(env.T(p.id))
		l.TextStyle = fyne.TextStyle{Bold: true}
		box.Add(l)
		box.Add(paragraph(p.text))
	}
	if empty {
		box.Add(paragraph(env.T("events.safety.empty")))
	}
	if e.Outcome != "" {
		box.Add(widget.NewSeparator())
		box.Add(sectionLabel(env.T("events.field.outcome")))
		box.Add(paragraph(e.Outcome))
	}
	box.Add(widget.NewSeparator())
	d.saveTemplate = widget.NewButtonWithIcon(env.T("templates.save_button"), theme.ContentCopyIcon(), s.openTemplateSaver)
	box.Add(container.NewHBox(d.saveTemplate))

	// Delete sits apart from Edit, at the end of the detail.
	d.deleteButton = widget.NewButtonWithIcon(env.T("events.delete.button"), theme.DeleteIcon(), func() { s.askDelete(e) })
	d.deleteButton.Importance = widget.DangerImportance
	box.Add(widget.NewSeparator())
	box.Add(container.NewHBox(d.deleteButton))
	return container.NewVScroll(box)
}

// assigneeNames returns the names of the detail's participants and of
// every other contact a task is assigned to.
func (s *eventsScreen) assigneeNames() map[string]string {
	d := s.detail
	names := map[string]string{}
	for _, p := range d.participants {
		names[p.ContactID] = p.Name
	}
	for _, t := range d.tasks {
		if t.AssigneeID == "" || names[t.AssigneeID] != "" {
			continue
		}
		if c, err := s.env.Session.Store().Contacts().Get(context.Background(), t.AssigneeID); err == nil {
			names[t.AssigneeID] = c.Name
		}
	}
	return names
}

// taskRow shows one task: a done checkbox with Edit and Delete, and under
// it who and when, an overdue marker (an icon and a word, not colour
// alone) and the notes.
func (s *eventsScreen) taskRow(t *event.Task, names map[string]string, today date.Date) fyne.CanvasObject {
	env, d := s.env, s.detail
	id := t.ID
	check := widget.NewCheck(shown(t.Title), nil)
	check.SetChecked(t.Done)
	check.OnChanged = func(done bool) { s.setTaskDone(id, done) }
	d.taskChecks = append(d.taskChecks, check)
	task := t
	edit := widget.NewButtonWithIcon(env.T("common.edit"), theme.DocumentCreateIcon(), func() {
		s.openTaskEditor(task, names[task.AssigneeID])
	})
	edit.Importance = widget.LowImportance
	del := widget.NewButtonWithIcon(env.T("common.delete"), theme.DeleteIcon(), func() { s.askDeleteTask(task) })
	del.Importance = widget.LowImportance
	d.taskEdits = append(d.taskEdits, edit)
	d.taskDeletes = append(d.taskDeletes, del)
	rows := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), check))

	var info []string
	if n := names[t.AssigneeID]; n != "" {
		info = append(info, n)
	}
	if !t.Due.IsZero() {
		info = append(info, env.T("events.tasks.due", "Date", displayDate(env, t.Due)))
	}
	line := container.NewHBox()
	if len(info) > 0 {
		line.Add(widget.NewLabel(strings.Join(info, " · ")))
	}
	// A task left open in an event that is done, cancelled or over is
	// history, not overdue (the dashboard counts the same way).
	closed := d.event.Closed(env.Now())
	if d.series != nil && t.Occurrence.IsZero() {
		// A task of the whole series is history once the series is over.
		closed = d.series.Status == event.StatusDone || d.series.Status == event.StatusCancelled
		if last, ends := d.series.LastEnd(); ends && last.Before(env.Now()) {
			closed = true
		}
	} else if d.series != nil {
		closed = d.occ.Closed(env.Now())
	}
	overdue := !t.Done && !t.Due.IsZero() && t.Due.Before(today) && !closed
	d.overdue = append(d.overdue, overdue)
	if overdue {
		icon := widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon()))
		word := widget.NewLabel(env.T("events.tasks.overdue"))
		word.Importance = widget.DangerImportance
		word.TextStyle = fyne.TextStyle{Bold: true}
		line.Add(icon)
		line.Add(word)
	}
	// The details line up with the title, past the checkbox: the check
	// draws its text after the icon, its focus ring and two borders; the
	// Border container adds one padding and a Label its inner padding.
	indent := theme.IconInlineSize() + 2*theme.InputBorderSize() - theme.Padding()
	if len(line.Objects) > 0 {
		rows.Add(container.NewBorder(nil, nil, spacer(indent), nil, line))
	}
	if t.Notes != "" {
		notes := widget.NewLabel(t.Notes)
		notes.Truncation = fyne.TextTruncateEllipsis
		notes.TextStyle = fyne.TextStyle{Italic: true}
		rows.Add(container.NewBorder(nil, nil, spacer(indent), nil, notes))
	}
	return rows
}

// spacer is an empty object of the given width.
func spacer(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return r
}

// newTaskRow is the "add a task" line under the checklist.
func (s *eventsScreen) newTaskRow() fyne.CanvasObject {
	env, d := s.env, s.detail
	d.newTask = newTextField()
	d.newTask.SetPlaceHolder(env.T("events.tasks.title_hint"))
	d.newAssignee = s.newAssigneeField("", "")
	d.newDue = newDateEntry(env, env.T("events.tasks.due_hint"))
	d.addTask = widget.NewButtonWithIcon(env.T("events.tasks.add"), theme.ContentAddIcon(), s.addTask)
	d.newTask.OnSubmitted = func(string) { s.addTask() }
	d.taskErr = newFieldError()
	row := container.NewVBox(
		d.newTask,
		container.NewBorder(nil, nil, nil, d.addTask, container.NewGridWithColumns(2, d.newAssignee.content, d.newDue)))
	if d.series != nil {
		d.thisDateOnly = widget.NewCheck(env.T("events.tasks.this_date_only", "Date", env.Tr.Date(d.occ.Start.In(d.event.Zone()))), nil)
		d.thisDateOnly.SetChecked(true)
		row.Add(d.thisDateOnly)
	}
	row.Add(d.taskErr.row)
	return row
}

func (s *eventsScreen) addTask() {
	d := s.detail
	if d == nil {
		return
	}
	t := &event.Task{EventID: d.event.ID, Title: d.newTask.Text, AssigneeID: d.newAssignee.id, Position: len(d.tasks)}
	if d.series != nil {
		t.EventID = d.series.ID
		if d.thisDateOnly != nil && d.thisDateOnly.Checked {
			t.Occurrence = d.occ.Original
		}
	}
	due, err := d.newDue.date()
	if err != nil {
		d.taskErr.Set(s.env.T("validation.date_invalid"))
		return
	}
	t.Due = due
	if err := s.env.Session.Store().Tasks().Add(context.Background(), t); err != nil {
		if m, ok := fieldMessages(s.env, err); ok {
			for _, msg := range m {
				d.taskErr.Set(msg)
				break
			}
			return
		}
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.showEvent(s.selected)
	if s.env.Window != nil && s.detail != nil {
		s.env.Window.Canvas().Focus(s.detail.newTask)
	}
}

// assigneeField shows who a task is assigned to: a button that opens a
// searchable picker over all contacts, and a button that clears it.
type assigneeField struct {
	id, name      string
	env           *Env
	choose, clear *widget.Button
	content       fyne.CanvasObject
}

func (s *eventsScreen) newAssigneeField(id, name string) *assigneeField {
	f := &assigneeField{env: s.env}
	f.choose = widget.NewButtonWithIcon("", theme.AccountIcon(), func() {
		s.assigneePicker = newContactPicker(s.env, s.env.T("events.tasks.assign_title"), s.env.T("events.tasks.assign"), nil,
			func(id, name string) {
				s.assigneePicker = nil
				if id != "" {
					f.set(id, name)
				}
			})
	})
	f.choose.Alignment = widget.ButtonAlignLeading
	f.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { f.set("", "") })
	f.content = container.NewBorder(nil, nil, nil, f.clear, f.choose)
	f.set(id, name)
	return f
}

// set shows the assignee; "" means nobody.
func (f *assigneeField) set(id, name string) {
	f.id, f.name = id, name
	if id == "" {
		f.choose.SetText(f.env.T("events.tasks.nobody"))
		f.clear.Hide()
	} else {
		f.choose.SetText(name)
		f.clear.Show()
	}
}

// taskEditor is the dialog that edits one task: title, assignee, due
// date and notes.
type taskEditor struct {
	task         *event.Task
	title        *textField
	due          *dateEntry
	notes        *textField
	assignee     *assigneeField
	err          *fieldError
	save, cancel *widget.Button
	dialog       *dialog.CustomDialog
}

func (s *eventsScreen) openTaskEditor(t *event.Task, assigneeName string) {
	env := s.env
	ed := &taskEditor{task: t}
	ed.title = newTextField()
	ed.title.SetText(t.Title)
	ed.assignee = s.newAssigneeField(t.AssigneeID, assigneeName)
	ed.due = newDateEntry(env, env.T("contacts.field.date_hint"))
	ed.due.setDate(t.Due)
	ed.notes = newMultiLineTextField()
	ed.notes.Wrapping = fyne.TextWrapWord
	ed.notes.SetMinRowsVisible(3)
	ed.notes.SetText(t.Notes)
	ed.err = newFieldError()
	label := func(id string) fyne.CanvasObject {
		l := widget.NewLabel(env.T(id))
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	form := container.NewVBox(
		label("events.field.title"), ed.title,
		label("events.tasks.assignee"), ed.assignee.content,
		label("events.tasks.due_label"), ed.due,
		label("events.tasks.notes"), ed.notes,
		ed.err.row)
	ed.dialog = dialog.NewCustomWithoutButtons(env.T("events.tasks.edit_title"), rtlContent(env.Tr, form), env.Window)
	ed.cancel = widget.NewButton(env.T("common.cancel"), func() {
		s.taskEditor = nil
		ed.dialog.Hide()
	})
	ed.save = widget.NewButtonWithIcon(env.T("common.save"), theme.DocumentSaveIcon(), func() { s.saveTask(ed) })
	ed.save.Importance = widget.HighImportance
	ed.title.OnSubmitted = func(string) { s.saveTask(ed) }
	ed.dialog.SetButtons([]fyne.CanvasObject{ed.cancel, ed.save})
	ed.dialog.Resize(fyne.NewSize(480, 0))
	s.taskEditor = ed
	ed.dialog.Show()
	if env.Window != nil {
		env.Window.Canvas().Focus(ed.title)
	}
}

// saveTask writes the editor's task; errors keep the dialog open.
func (s *eventsScreen) saveTask(ed *taskEditor) {
	t := *ed.task
	t.Title, t.AssigneeID, t.Notes = ed.title.Text, ed.assignee.id, ed.notes.Text
	due, err := ed.due.date()
	if err != nil {
		ed.err.Set(s.env.T("validation.date_invalid"))
		return
	}
	t.Due = due
	if err := s.env.Session.Store().Tasks().Update(context.Background(), &t); err != nil {
		if m, ok := fieldMessages(s.env, err); ok {
			for _, msg := range m {
				ed.err.Set(msg)
				break
			}
			return
		}
		s.env.ShowError(err)
		return
	}
	s.taskEditor = nil
	ed.dialog.Hide()
	s.env.Changed()
	s.showEvent(t.EventID)
}

// confirmDelete asks, with lines of text (the question first, then the
// side effects), before deleting something shown on the events screen:
// del deletes it in the store and after updates the screen once the vault
// is marked changed. Nothing happens if the user cancels.
func (s *eventsScreen) confirmDelete(titleID string, lines []string, del func(context.Context) error, after func()) {
	s.confirmText = strings.Join(lines, "\n")
	var d *deleteDialog
	d = showDeleteDialog(s.env, s.env.T(titleID), lines, func() {
		if err := del(context.Background()); err != nil {
			s.env.ShowError(err)
			return
		}
		s.env.Changed()
		after()
	}, func() {
		if s.confirm == d {
			s.confirm = nil
		}
	})
	s.confirm = d
}

// askDeleteTask names the task before deleting it.
func (s *eventsScreen) askDeleteTask(t *event.Task) {
	id, eventID := t.ID, t.EventID
	s.confirmDelete("events.tasks.delete_title", []string{s.env.T("events.tasks.delete_confirm", "Title", t.Title)},
		func(ctx context.Context) error { return s.env.Session.Store().Tasks().Delete(ctx, id) },
		func() { s.showEvent(eventID) })
}

func (s *eventsScreen) setTaskDone(id string, done bool) {
	if err := s.env.Session.Store().Tasks().SetDone(context.Background(), id, done); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	if s.detail != nil {
		s.showEvent(s.selected)
	}
}

func (s *eventsScreen) removeParticipant(eventID, contactID string) {
	if err := s.env.Session.Store().Participants().Remove(context.Background(), eventID, contactID); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.showEvent(eventID)
}

// askDelete names the event, the tasks and the participants its detail
// shows before deleting: the tasks go with it, the participants' contacts
// stay.
func (s *eventsScreen) askDelete(e *event.Event) {
	env := s.env
	if d := s.detail; d != nil && d.series != nil {
		// One date of a series, or the whole series?
		seriesID, orig := d.series.ID, d.occ.Original
		date := env.Tr.Date(d.occ.Start.In(d.event.Zone()))
		s.scope = showScopeDialog(env, env.T("events.repeat.delete_title"),
			env.T("events.repeat.delete_question", "Date", date, "Title", d.series.Title), true,
			func() {
				s.scope = nil
				if err := env.Session.Store().Events().DeleteOccurrence(context.Background(), seriesID, orig); err != nil {
					env.ShowError(err)
					return
				}
				env.Changed()
				s.selected = ""
				s.showHint()
				s.reload()
			},
			func() {
				s.scope = nil
				s.confirmDeleteEvent(d.series)
			})
		return
	}
	s.confirmDeleteEvent(e)
}

// confirmDeleteEvent asks before deleting e (a whole series with its
// changed dates).
func (s *eventsScreen) confirmDeleteEvent(e *event.Event) {
	env := s.env
	var tasks, people int
	if d := s.detail; d != nil && d.event.ID == e.ID {
		tasks, people = len(d.tasks), len(d.participants)
	}
	lines := []string{env.T("events.delete.confirm", "Title", e.Title)}
	if tasks > 0 {
		lines[0] = env.Tr.N("events.delete.confirm_tasks", tasks, "Title", e.Title)
	}
	if people > 0 {
		lines = append(lines, env.Tr.N("events.delete.participants", people))
	}
	lines = append(lines, env.T("contacts.delete.cannot_undo"))
	id := e.ID
	s.confirmDelete("events.delete.title", lines,
		func(ctx context.Context) error { return s.env.Session.Store().Events().Delete(ctx, id) },
		func() {
			s.selected = ""
			s.showHint()
			s.reload()
		})
}

func (s *eventsScreen) openForm(e *event.Event) {
	var d *eventDetail
	if e != nil {
		d = &eventDetail{event: e}
		if occ, series, err := s.loadOccurrence(e.ID); err == nil {
			d.occ, d.series = occ, series
		}
	}
	s.openFormFor(d)
}

// openFormFor opens the form on the event of a detail (nil: a new event);
// for an occurrence of a series, with that occurrence's dates.
func (s *eventsScreen) openFormFor(d *eventDetail) {
	var e *event.Event
	var occ *event.Occurrence
	var series *event.Event
	if d != nil {
		e = d.event
		if d.series != nil {
			o := d.occ
			occ, series = &o, d.series
		}
	}
	s.form = newEventForm(s.env, e, func(saved *event.Event) {
		s.env.Changed()
		key := saved.ID
		if saved.SeriesID != "" {
			key = event.Occurrence{Event: saved, SeriesID: saved.SeriesID, Original: saved.RecurrenceID}.Key()
		}
		s.selected = key
		o, _, err := s.loadOccurrence(key)
		if err == nil {
			s.setPast(o.Closed(s.env.Now()) && o.Event.Status != event.StatusDone && o.Event.Status != event.StatusCancelled ||
				o.SeriesID == "" && isPast(saved, s.env.Now()))
		}
		s.reload()
		s.showEvent(key)
	}, s.cancelForm)
	if series != nil {
		s.form.setOccurrence(*occ, series)
	}
	s.selected = ""
	if e != nil {
		s.selected = s.form.key()
	}
	s.reselect()
	s.detail = nil
	s.setDetail(s.form.content)
	if s.env.Window != nil {
		s.env.Window.Canvas().Focus(s.form.title)
	}
}

// contactPicker is a dialog that picks one contact out of all of them: a
// search over the whole vault (names, organizations, notes, and the names
// of their countries) and a list that shows each contact's organization
// and country under the name, so namesakes can be told apart, sorted by
// name; with optional extra fields under the list. Enter confirms the
// highlighted contact, Escape cancels.
type contactPicker struct {
	*pickList
	dialog *dialog.ConfirmDialog
}

// pickerLimit caps the contacts the picker lists: searching narrows.
const pickerLimit = 100

// newContactPicker shows the picker; onDone gets the chosen contact, or
// "" when cancelled or nothing was chosen.
func newContactPicker(env *Env, title, confirm string, extra fyne.CanvasObject, onDone func(id, name string)) *contactPicker {
	p := &contactPicker{pickList: newPickList(env, true, func(text string) []pickItem { return contactChoices(env, text) })}
	content := container.NewBorder(nil, extra, nil, nil, p.content)
	p.dialog = dialog.NewCustomConfirm(title, confirm, env.T("common.cancel"), rtlContent(env.Tr, content), func(ok bool) {
		id, name := "", ""
		if it, chosen := p.selected(); ok && chosen {
			id, name = it.value, it.label
		}
		onDone(id, name)
	}, env.Window)
	p.onPick = func(pickItem) { p.dialog.Confirm() }
	p.onCancel = p.dialog.Hide
	p.dialog.Resize(fyne.NewSize(480, 480))
	p.dialog.Show()
	if env.Window != nil {
		env.Window.Canvas().Focus(p.search)
	}
	return p
}

// contactChoices lists the contacts matching text for a picker, sorted by
// name in the interface language's order.
func contactChoices(env *Env, text string) []pickItem {
	choices, err := env.Session.Store().Contacts().Choices(context.Background(),
		store.ContactFilter{Search: text, SearchCountries: searchCountries(env, text), Limit: pickerLimit})
	if err != nil {
		env.ShowError(err)
		return nil
	}
	cmp := names.Collator(env.Tr.Lang())
	slices.SortStableFunc(choices, func(a, b store.ContactChoice) int {
		if c := cmp(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp(a.Organization, b.Organization)
	})
	items := make([]pickItem, len(choices))
	for i, c := range choices {
		items[i] = pickItem{value: c.ID, label: c.Name,
			detail: strings.Join(nonEmpty(c.Organization, contactCountryText(env, c.Country)), " · ")}
	}
	return items
}

// participantPicker adds a contact to the event with a role.
type participantPicker struct {
	*contactPicker
	role    *textField
	eventID string
}

func (s *eventsScreen) openPicker() {
	if s.detail == nil {
		return
	}
	env := s.env
	p := &participantPicker{eventID: s.detail.event.ID}
	if s.detail.series != nil {
		p.eventID = s.detail.series.ID
	}
	p.role = newTextField()
	p.role.SetPlaceHolder(env.T("events.participants.role_hint"))
	s.picker = p
	p.contactPicker = newContactPicker(env, env.T("events.picker.title"), env.T("events.picker.add"), p.role,
		func(id, _ string) {
			s.picker = nil
			if id != "" {
				s.addParticipant(p.eventID, id, p.role.Text)
			}
		})
}

func (s *eventsScreen) addParticipant(eventID, contactID, role string) {
	err := s.env.Session.Store().Participants().Set(context.Background(),
		event.Participant{EventID: eventID, ContactID: contactID, Role: role})
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.showEvent(eventID)
}
