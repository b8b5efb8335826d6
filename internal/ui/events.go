package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
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

// timeLayout shows event times; it avoids month and day names, which
// would need translating.
const timeLayout = "2006-01-02 15:04"

// eventsScreen lists upcoming or past events with the detail of one
// beside it: participants, tasks and the safety plan.
type eventsScreen struct {
	env *Env

	root   *fyne.Container
	layout *masterDetail

	view                  *widget.RadioGroup
	past                  bool
	list                  *widget.List
	newButton, backButton *widget.Button
	listStack             *fyne.Container
	emptyView, emptyPast  fyne.CanvasObject
	detailPane            *fyne.Container
	detail                *eventDetail
	form                  *eventForm
	picker                *participantPicker
	confirm               *dialog.ConfirmDialog
	confirmText           string

	items    []*event.Event
	selected string
}

// eventDetail holds the widgets of one event's detail tests reach.
type eventDetail struct {
	event        *event.Event
	participants []store.ParticipantDetail
	tasks        []*event.Task

	editButton, deleteButton, addPerson *widget.Button
	removeButtons                       []*widget.Button
	taskChecks                          []*widget.Check
	overdue                             []bool // per task: marked overdue
	newTask                             *widget.Entry
	newAssignee                         *optionSelect
	newDue                              *widget.Entry
	addTask                             *widget.Button
	taskErr                             *fieldError
}

func newEventsScreen(env *Env) Screen { return newEvents(env) }

func newEvents(env *Env) *eventsScreen {
	s := &eventsScreen{env: env}
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
			e := s.items[id]
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(e.Title)
			row.Objects[1].(*widget.Label).SetText(e.Start.In(e.Zone()).Format(timeLayout))
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(s.items) {
			s.showEvent(s.items[id].ID)
		}
	}
	s.newButton = widget.NewButtonWithIcon(env.T("events.new"), theme.ContentAddIcon(), s.NewItem)
	s.newButton.Importance = widget.HighImportance
	s.backButton = widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), func() {
		s.layout.showDetail = false
		s.root.Refresh()
	})
	addFirst := widget.NewButtonWithIcon(env.T("events.empty.add"), theme.ContentAddIcon(), s.NewItem)
	addFirst.Importance = widget.HighImportance
	s.emptyView = emptyState(theme.CalendarIcon(), env.T("events.empty.title"), env.T("events.empty.body"), addFirst)
	s.emptyPast = emptyState(theme.HistoryIcon(), env.T("events.empty_past.title"), env.T("events.empty_past.body"))
	s.listStack = container.NewStack(s.list, s.emptyView, s.emptyPast)

	top := container.NewBorder(nil, nil, screenTitle(env.T("nav.events")), s.newButton)
	listPane := container.NewBorder(container.NewVBox(top, s.view), nil, nil, nil, s.listStack)
	s.detailPane = container.NewStack()
	detailPane := container.NewBorder(container.NewHBox(s.backButton), nil, nil, nil, s.detailPane)
	s.root, s.layout = newMasterDetail(listPane, detailPane, s.backButton)
	s.showHint()
	return s
}

// Content implements [Screen].
func (s *eventsScreen) Content() fyne.CanvasObject { return s.root }

// Shown implements [Screen]; an [EventsView] filter picks the list.
func (s *eventsScreen) Shown(filter any) {
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

// NewItem implements [Screen].
func (s *eventsScreen) NewItem() { s.openForm(nil) }

// FocusSearch implements [Screen]; the event lists have no search yet.
func (s *eventsScreen) FocusSearch() {}

// Teardown implements [Screen].
func (s *eventsScreen) Teardown() {
	s.items, s.selected, s.detail, s.form = nil, "", nil, nil
	if s.picker != nil {
		s.picker.dialog.Hide()
		s.picker = nil
	}
	if s.confirm != nil {
		s.confirm.Hide()
		s.confirm = nil
	}
	s.detailPane.RemoveAll()
	s.list.Refresh()
}

// reload lists the events (a few thousand at most: loaded at once).
func (s *eventsScreen) reload() {
	if s.env.Session == nil {
		return
	}
	f := store.EventFilter{Now: s.env.Now(), Upcoming: !s.past, Past: s.past}
	items, err := s.env.Session.Store().Events().List(context.Background(), f)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.items = items
	s.list.UnselectAll()
	cb := s.list.OnSelected
	s.list.OnSelected = nil
	for i, e := range items {
		if e.ID == s.selected {
			s.list.Select(i)
		}
	}
	s.list.OnSelected = cb
	s.list.Refresh()
	s.list.Hide()
	s.emptyView.Hide()
	s.emptyPast.Hide()
	switch {
	case len(items) > 0:
		s.list.Show()
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
}

func (s *eventsScreen) showHint() {
	hint := paragraph(s.env.T("events.select_hint"))
	hint.Alignment = fyne.TextAlignCenter
	s.detailPane.Objects = []fyne.CanvasObject{container.NewCenter(hint)}
	s.detailPane.Refresh()
	s.detail, s.form = nil, nil
	s.layout.showDetail = false
	s.root.Refresh()
}

// showEvent loads the event with its participants and tasks.
func (s *eventsScreen) showEvent(id string) {
	ctx := context.Background()
	st := s.env.Session.Store()
	e, err := st.Events().Get(ctx, id)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	parts, err := st.Participants().ListForEvent(ctx, id)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	tasks, err := st.Tasks().ListForEvent(ctx, id)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.selected, s.form = id, nil
	s.detail = &eventDetail{event: e, participants: parts, tasks: tasks}
	s.setDetail(s.buildDetail())
}

// formatWhen describes when the event takes place, in its own zone.
func formatWhen(e *event.Event) string {
	loc := e.Zone()
	start := e.Start.In(loc)
	text := start.Format(timeLayout)
	if !e.End.IsZero() {
		end := e.End.In(loc)
		if date.Of(end) == date.Of(start) {
			text += " – " + end.Format("15:04")
		} else {
			text += " – " + end.Format(timeLayout)
		}
	}
	return text + " (" + e.TimeZone + ")"
}

func (s *eventsScreen) buildDetail() fyne.CanvasObject {
	env, d := s.env, s.detail
	e := d.event
	d.editButton = widget.NewButtonWithIcon(env.T("common.edit"), theme.DocumentCreateIcon(), func() { s.openForm(e) })
	d.editButton.Importance = widget.HighImportance
	d.deleteButton = widget.NewButtonWithIcon(env.T("common.delete"), theme.DeleteIcon(), func() { s.askDelete(e, len(d.tasks)) })
	head := container.NewBorder(nil, nil, nil, container.NewHBox(d.editButton, d.deleteButton), heading(e.Title))
	box := container.NewVBox(head)
	box.Add(widget.NewLabel(formatWhen(e)))
	box.Add(widget.NewLabel(statusName(env, e.Status) + " · " + eventKindName(env, e.Kind)))
	where := e.Location
	if e.Online {
		where = strings.Join(nonEmpty(env.T("events.online"), e.Location), " · ")
	}
	if where != "" {
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.HomeIcon()), nil, paragraph(where)))
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
	box.Add(container.NewBorder(nil, nil, sectionLabel(env.T("events.participants.title")), d.addPerson))
	if len(d.participants) == 0 {
		box.Add(paragraph(env.T("events.participants.empty")))
	}
	for _, p := range d.participants {
		contactID := p.ContactID
		rm := widget.NewButtonWithIcon(env.T("events.participants.remove"), theme.ContentRemoveIcon(), func() {
			s.removeParticipant(e.ID, contactID)
		})
		d.removeButtons = append(d.removeButtons, rm)
		name := strings.Join(nonEmpty(p.Name, p.Role), " — ")
		box.Add(container.NewBorder(nil, nil, nil, rm, widget.NewLabel(name)))
	}

	// Tasks.
	box.Add(widget.NewSeparator())
	box.Add(sectionLabel(env.T("events.tasks.title")))
	names := map[string]string{}
	for _, p := range d.participants {
		names[p.ContactID] = p.Name
	}
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
	return container.NewVScroll(box)
}

// taskRow shows one task: a done checkbox, who and when, and an overdue
// marker in the error colour with an icon and a word.
func (s *eventsScreen) taskRow(t *event.Task, names map[string]string, today date.Date) fyne.CanvasObject {
	env, d := s.env, s.detail
	id := t.ID
	check := widget.NewCheck(t.Title, nil)
	check.SetChecked(t.Done)
	check.OnChanged = func(done bool) { s.setTaskDone(id, done) }
	d.taskChecks = append(d.taskChecks, check)
	var info []string
	if n := names[t.AssigneeID]; n != "" {
		info = append(info, n)
	}
	if !t.Due.IsZero() {
		info = append(info, env.T("events.tasks.due", "Date", t.Due.String()))
	}
	right := container.NewHBox()
	if len(info) > 0 {
		right.Add(widget.NewLabel(strings.Join(info, " · ")))
	}
	overdue := !t.Done && !t.Due.IsZero() && t.Due.Before(today)
	d.overdue = append(d.overdue, overdue)
	if overdue {
		icon := widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon()))
		word := widget.NewLabel(env.T("events.tasks.overdue"))
		word.Importance = widget.DangerImportance
		word.TextStyle = fyne.TextStyle{Bold: true}
		right.Add(icon)
		right.Add(word)
	}
	return container.NewBorder(nil, nil, nil, right, check)
}

// newTaskRow is the "add a task" line under the checklist.
func (s *eventsScreen) newTaskRow() fyne.CanvasObject {
	env, d := s.env, s.detail
	d.newTask = widget.NewEntry()
	d.newTask.SetPlaceHolder(env.T("events.tasks.title_hint"))
	var v, l []string
	for _, p := range d.participants {
		v = append(v, p.ContactID)
		l = append(l, p.Name)
	}
	d.newAssignee = newOptionSelect(v, l, env.T("events.tasks.nobody"), nil)
	d.newAssignee.SetValue("")
	d.newDue = widget.NewEntry()
	d.newDue.SetPlaceHolder(env.T("events.tasks.due_hint"))
	d.addTask = widget.NewButtonWithIcon(env.T("events.tasks.add"), theme.ContentAddIcon(), s.addTask)
	d.newTask.OnSubmitted = func(string) { s.addTask() }
	d.taskErr = newFieldError()
	return container.NewVBox(
		d.newTask,
		container.NewBorder(nil, nil, nil, d.addTask, container.NewGridWithColumns(2, d.newAssignee, d.newDue)),
		d.taskErr.row)
}

func (s *eventsScreen) addTask() {
	d := s.detail
	if d == nil {
		return
	}
	t := &event.Task{EventID: d.event.ID, Title: d.newTask.Text, AssigneeID: d.newAssignee.Value(), Position: len(d.tasks)}
	if txt := strings.TrimSpace(d.newDue.Text); txt != "" {
		due, err := date.Parse(txt)
		if err != nil {
			d.taskErr.Set(s.env.T("validation.date_invalid"))
			return
		}
		t.Due = due
	}
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
	s.showEvent(d.event.ID)
	if s.env.Window != nil && s.detail != nil {
		s.env.Window.Canvas().Focus(s.detail.newTask)
	}
}

func (s *eventsScreen) setTaskDone(id string, done bool) {
	if err := s.env.Session.Store().Tasks().SetDone(context.Background(), id, done); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	if s.detail != nil {
		s.showEvent(s.detail.event.ID)
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

// askDelete names the event and its task count before deleting.
func (s *eventsScreen) askDelete(e *event.Event, tasks int) {
	text := s.env.T("events.delete.confirm", "Title", e.Title)
	if tasks > 0 {
		text = s.env.Tr.N("events.delete.confirm_tasks", tasks, "Title", e.Title)
	}
	s.confirmText = text
	id := e.ID
	s.confirm = dialog.NewCustomConfirm(s.env.T("events.delete.title"), s.env.T("common.delete"), s.env.T("common.cancel"),
		paragraph(text), func(ok bool) {
			s.confirm = nil
			if !ok {
				return
			}
			if err := s.env.Session.Store().Events().Delete(context.Background(), id); err != nil {
				s.env.ShowError(err)
				return
			}
			s.env.Changed()
			s.selected = ""
			s.showHint()
			s.reload()
		}, s.env.Window)
	s.confirm.SetConfirmImportance(widget.DangerImportance)
	s.confirm.Resize(fyne.NewSize(460, 0))
	s.confirm.Show()
}

func (s *eventsScreen) openForm(e *event.Event) {
	s.form = newEventForm(s.env, e, func(saved *event.Event) {
		s.env.Changed()
		s.selected = saved.ID
		s.past = !saved.End.IsZero() && saved.End.Before(s.env.Now()) || saved.End.IsZero() && saved.Start.Before(s.env.Now())
		cb := s.view.OnChanged
		s.view.OnChanged = nil
		if s.past {
			s.view.SetSelected(s.view.Options[1])
		} else {
			s.view.SetSelected(s.view.Options[0])
		}
		s.view.OnChanged = cb
		s.reload()
		s.showEvent(saved.ID)
	}, func() {
		if e != nil {
			s.showEvent(e.ID)
		} else {
			s.showHint()
		}
	})
	s.detail = nil
	s.setDetail(s.form.content)
	if s.env.Window != nil {
		s.env.Window.Canvas().Focus(s.form.title)
	}
}

// participantPicker is the dialog that adds a contact to the event: a
// search over all contacts and a role.
type participantPicker struct {
	search  *widget.Entry
	list    *widget.List
	role    *widget.Entry
	items   []store.ContactSummary
	chosen  string
	dialog  *dialog.ConfirmDialog
	eventID string
}

// pickerLimit caps the contacts the picker lists: searching narrows.
const pickerLimit = 100

func (s *eventsScreen) openPicker() {
	if s.detail == nil {
		return
	}
	env := s.env
	p := &participantPicker{eventID: s.detail.event.ID}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder(env.T("common.search_placeholder"))
	p.list = widget.NewList(
		func() int { return len(p.items) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= 0 && id < len(p.items) {
				o.(*widget.Label).SetText(p.items[id].Name)
			}
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(p.items) {
			p.chosen = p.items[id].ID
		}
	}
	p.role = widget.NewEntry()
	p.role.SetPlaceHolder(env.T("events.participants.role_hint"))
	p.search.OnChanged = func(text string) { s.pickerSearch(p, text) }
	s.pickerSearch(p, "")
	content := container.NewBorder(p.search, p.role, nil, nil, p.list)
	p.dialog = dialog.NewCustomConfirm(env.T("events.picker.title"), env.T("events.picker.add"), env.T("common.cancel"),
		content, func(ok bool) {
			s.picker = nil
			if ok && p.chosen != "" {
				s.addParticipant(p.eventID, p.chosen, p.role.Text)
			}
		}, env.Window)
	p.dialog.Resize(fyne.NewSize(480, 480))
	s.picker = p
	p.dialog.Show()
	env.Window.Canvas().Focus(p.search)
}

func (s *eventsScreen) pickerSearch(p *participantPicker, text string) {
	items, err := s.env.Session.Store().Contacts().ListSummaries(context.Background(),
		store.ContactFilter{Search: text, Limit: pickerLimit})
	if err != nil {
		s.env.ShowError(err)
		return
	}
	p.items, p.chosen = items, ""
	p.list.UnselectAll()
	p.list.Refresh()
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
