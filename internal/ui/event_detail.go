package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

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

// showEvent loads the event (or the occurrence with that key) with its
// participants and tasks. The ID of the series or changed occurrence
// shown stands for the occurrence shown.
func (s *eventsScreen) showEvent(id string) {
	if d := s.detail; d != nil && d.occ.SeriesID != "" && (id == d.event.ID || id == d.occ.SeriesID) {
		id = s.selected
	}
	ctx := context.Background()
	sess := s.env.Session
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
	parts, err := sess.Participants(ctx, owner)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	tasks, err := sess.Tasks(ctx, owner)
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
			own, err := sess.Tasks(ctx, e.ID)
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
		if c, err := s.env.Session.Contact(context.Background(), t.AssigneeID); err == nil {
			names[t.AssigneeID] = c.Name
		}
	}
	return names
}

func (s *eventsScreen) removeParticipant(eventID, contactID string) {
	if err := s.env.Session.RemoveParticipant(context.Background(), eventID, contactID); err != nil {
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
				if err := env.Session.DeleteOccurrence(context.Background(), seriesID, orig); err != nil {
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
		func(ctx context.Context) error { return s.env.Session.DeleteEvent(ctx, id) },
		func() {
			s.selected = ""
			s.showHint()
			s.reload()
		})
}
