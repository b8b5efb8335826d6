package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

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

	root *fyne.Container
	// panes are the list (or an empty state or "no match") and the
	// detail pane beside it (listdetail.go).
	panes *listDetail

	view                 *widget.RadioGroup
	past                 bool
	search               *textField
	list                 *widget.List
	listView             *listView
	newButton            *widget.Button
	emptyView, emptyPast fyne.CanvasObject
	noMatch              fyne.CanvasObject // a search found nothing in this list
	noMatchText          *widget.Label
	noMatchOther         *widget.Button // search the other list
	noMatchClear         *widget.Button
	detail               *eventDetail
	form                 *eventForm
	picker               *participantPicker
	assigneePicker       *contactPicker // the open "assign to" picker, if any
	taskEditor           *taskEditor
	confirm              *deleteDialog
	confirmText          string
	scope                *scopeDialog // "only this date or all dates?" before deleting
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
	addFirst := widget.NewButtonWithIcon(env.T("events.empty.add"), theme.ContentAddIcon(), s.NewItem)
	addFirst.Importance = widget.HighImportance
	s.emptyView = emptyState(theme.CalendarIcon(), env.T("events.empty.title"), env.T("events.empty.body"), addFirst)
	s.emptyPast = emptyState(theme.HistoryIcon(), env.T("events.empty_past.title"), env.T("events.empty_past.body"))
	s.search = newTextField()
	s.search.SetPlaceHolder(env.T("events.search.placeholder"))
	s.search.OnChanged = func(string) { s.debounce.Trigger(s.reload) }
	s.noMatch = s.newNoMatch()
	s.listView = newListView(s.list, s.emptyView, s.emptyPast, s.noMatch)

	// Title, list choice and New span the width; list and detail share
	// the space below.
	top := container.NewBorder(nil, nil, container.NewHBox(middle(screenTitle(env.T("nav.events"))), middle(s.view)), container.NewHBox(s.templateButton, s.newButton))
	// The search sits over the list it narrows.
	listPane := container.NewBorder(s.search, container.NewHBox(s.calendarButton), nil, nil, s.listView.stack)
	s.panes = newListDetail(env, top, listPane, func() fyne.CanvasObject {
		return detailHint(theme.CalendarIcon(), env.T("events.select_hint"))
	})
	s.root = s.panes.root
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
	sess := s.env.Session
	id, orig := event.ParseKey(key)
	e, err := sess.Event(ctx, id)
	if err != nil {
		return event.Occurrence{}, nil, err
	}
	if e.SeriesID != "" {
		// A changed occurrence named by its own ID.
		series, err := sess.Event(ctx, e.SeriesID)
		if err != nil {
			return event.Occurrence{}, nil, err
		}
		return event.Occurrence{Event: e, Start: e.Start, End: e.End, Original: e.RecurrenceID, SeriesID: series.ID}, series, nil
	}
	if !e.Repeats() {
		return event.Occurrence{Event: e, Start: e.Start, End: e.End}, nil, nil
	}
	overrides, err := sess.Overrides(ctx, e.ID)
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
		if got, err := s.env.Session.Event(context.Background(), id); err == nil {
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
	s.listView.mark(len(s.items), func(i int) bool { return s.items[i].Key() == s.selected })
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
	s.panes.clear()
	s.list.Refresh()
}

// reload lists the events (a few thousand at most: loaded at once).
func (s *eventsScreen) reload() {
	if s.env.Session == nil {
		return
	}
	f := store.EventFilter{Now: s.env.Now(), Upcoming: !s.past, Past: s.past, Search: s.search.Text}
	items, err := s.env.Session.Occurrences(context.Background(), store.OccurrenceFilter{EventFilter: f})
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.items = items
	s.reselect()
	s.list.Refresh()
	switch {
	case len(items) > 0:
		s.listView.show(s.list)
	case strings.TrimSpace(f.Search) != "":
		text := strings.TrimSpace(f.Search)
		if s.past {
			s.noMatchText.SetText(s.env.T("events.search.no_match_past", "Text", text))
			s.noMatchOther.SetText(s.env.T("events.search.try_upcoming"))
		} else {
			s.noMatchText.SetText(s.env.T("events.search.no_match_upcoming", "Text", text))
			s.noMatchOther.SetText(s.env.T("events.search.try_past"))
		}
		s.listView.show(s.noMatch)
	case s.past:
		s.listView.show(s.emptyPast)
	default:
		s.listView.show(s.emptyView)
	}
}

// setDetail shows o (an event or the form) in the detail pane.
func (s *eventsScreen) setDetail(o fyne.CanvasObject) { s.panes.setDetail(o) }

// showHint closes the detail and the form, showing the hint.
func (s *eventsScreen) showHint() {
	s.detail, s.form = nil, nil
	s.panes.showHint()
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
