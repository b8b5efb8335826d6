package ui

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/zones"
)

// eventForm edits one event: title, kind, status, start and end (date,
// time and zone), place, description, objectives, safety plan, outcome.
type eventForm struct {
	formTracker
	env      *Env
	original *event.Event
	onSaved  func(*event.Event)

	content *fyne.Container

	title, location                                  *textField
	zone                                             *choiceField
	startDate, endDate                               *dateEntry
	startTime, endTime                               *timeEntry
	description, outcome                             *textField
	threats, mitigations, emergencyContacts, checkIn *textField
	kind, status                                     *optionSelect
	online                                           *widget.Check
	repeat                                           *repeatField
	repeatBox                                        *fyne.Container
	objectives                                       []*widget.Check
	save, cancel                                     *widget.Button
	errs                                             map[string]*fieldError
	// dstTold holds, for "start" and "end", the date, time and zone the
	// user was last told fall in an hour the clocks skip or repeat;
	// saving them again goes ahead.
	dstTold map[string]string
	// occ and series are set when the form edits one occurrence of a
	// repeating event (see setOccurrence); scope is the open question
	// "only this date or all dates?".
	occ           *event.Occurrence
	series        *event.Event
	scope         *scopeDialog
	repeatInitial formState
}

// defaultZone is the computer's zone as an IANA ID (zones.Local: the TZ
// variable, /etc/localtime, the Windows registry...), or UTC when it
// cannot be found.
func defaultZone() string { return zones.Local() }

func newEventForm(env *Env, e *event.Event, onSaved func(*event.Event), onCancel func()) *eventForm {
	f := &eventForm{env: env, original: e, onSaved: onSaved, errs: map[string]*fieldError{}}
	if e == nil {
		start := env.Now().Add(24 * time.Hour).Truncate(time.Hour)
		e = &event.Event{TimeZone: defaultZone(), Start: start}
		e.Normalize()
	}
	loc := e.Zone()
	entry := func(text, hint string) *textField {
		en := newTextField()
		en.SetText(text)
		en.SetPlaceHolder(hint)
		return en
	}
	multi := func(text string) *textField {
		en := newMultiLineTextField()
		en.Wrapping = fyne.TextWrapWord
		en.SetMinRowsVisible(3)
		en.SetText(text)
		return en
	}
	f.title = entry(e.Title, "")
	var kv, kl, sv, sl []string
	for _, k := range event.Kinds {
		kv, kl = append(kv, string(k)), append(kl, eventKindName(env, k))
	}
	for _, st := range event.Statuses {
		sv, sl = append(sv, string(st)), append(sl, statusName(env, st))
	}
	f.kind = newOptionSelect(kv, kl, "", nil)
	f.kind.SetValue(string(e.Kind))
	f.status = newOptionSelect(sv, sl, "", nil)
	f.status.SetValue(string(e.Status))
	dateHint, timeHint := env.T("contacts.field.date_hint"), env.T("events.field.time_hint")
	f.startDate = newDateEntry(env, dateHint)
	f.startTime = newTimeEntry(timeHint)
	if !e.Start.IsZero() {
		f.startDate.setDayOf(e.Start.In(loc))
		f.startTime.SetText(e.Start.In(loc).Format(clockLayout))
	}
	f.endDate = newDateEntry(env, dateHint)
	f.endTime = newTimeEntry(timeHint)
	if !e.End.IsZero() {
		f.endDate.setDayOf(e.End.In(loc))
		f.endTime.SetText(e.End.In(loc).Format(clockLayout))
	}
	f.zone = newZoneField(env)
	f.zone.SetValue(e.TimeZone)
	f.location = entry(e.Location, "")
	f.online = widget.NewCheck(env.T("events.online"), nil)
	f.online.SetChecked(e.Online)
	f.repeat = newRepeatField(env, e)
	f.repeatBox = container.NewStack(f.repeat.content)
	f.startDate.OnChanged = func(string) { f.rewordRepeat() }
	f.description = multi(e.Description)
	objBox := container.NewVBox()
	for _, o := range event.Objectives {
		c := widget.NewCheck(objectiveName(env, o), nil)
		for _, have := range e.Objectives {
			if have == o {
				c.SetChecked(true)
			}
		}
		f.objectives = append(f.objectives, c)
		objBox.Add(c)
	}
	f.threats = multi(e.Safety.Threats)
	f.mitigations = multi(e.Safety.Mitigations)
	f.emergencyContacts = multi(e.Safety.EmergencyContacts)
	f.checkIn = multi(e.Safety.CheckIn)
	f.outcome = multi(e.Outcome)

	field := func(key, labelID string, input fyne.CanvasObject) fyne.CanvasObject {
		fe := newFieldError()
		f.errs[key] = fe
		return formField(env.T(labelID), input, fe)
	}
	f.save = widget.NewButtonWithIcon(env.T("common.save"), theme.DocumentSaveIcon(), func() { f.submit() })
	f.save.Importance = widget.HighImportance
	f.cancel = widget.NewButton(env.T("common.cancel"), onCancel)
	f.title.OnSubmitted = func(string) { f.submit() }
	titleID := "events.new_title"
	if f.original != nil {
		titleID = "events.edit_title"
	}
	fields := container.NewVBox(
		heading(env.T(titleID)),
		field("title", "events.field.title", f.title),
		container.NewGridWithColumns(2,
			field("kind", "events.field.kind", f.kind),
			field("status", "events.field.status", f.status)),
		field("start", "events.field.start", container.NewGridWithColumns(2, f.startDate, f.startTime)),
		field("end", "events.field.end", container.NewGridWithColumns(2, f.endDate, f.endTime)),
		field("time_zone", "events.field.zone", f.zone),
		field("repeat", "events.field.repeat", f.repeatBox),
		field("location", "events.field.location", container.NewBorder(nil, nil, nil, f.online, f.location)),
		field("description", "events.field.description", f.description),
		field("objectives", "events.field.objectives", objBox),
		sectionLabel(env.T("events.safety.title")),
		field("safety.threats", "events.safety.threats", f.threats),
		field("safety.mitigations", "events.safety.mitigations", f.mitigations),
		field("safety.emergency_contacts", "events.safety.emergency_contacts", f.emergencyContacts),
		field("safety.check_in", "events.safety.check_in", f.checkIn),
		field("outcome", "events.field.outcome", f.outcome),
	)
	buttons := container.NewHBox(f.cancel, f.save)
	f.content = container.NewBorder(nil, container.NewBorder(nil, nil, nil, buttons), nil, nil, container.NewVScroll(fields))
	inputs := []fyne.CanvasObject{f.title, f.kind, f.status, f.startDate, f.startTime, f.endDate, f.endTime,
		f.zone, f.location, f.online, f.description, f.threats, f.mitigations, f.emergencyContacts,
		f.checkIn, f.outcome}
	for _, c := range f.objectives {
		inputs = append(inputs, c)
	}
	inputs = append(inputs, f.repeat.inputs()...)
	f.track(f.state(), env.FormChanged, inputs...)
	return f
}

// rewordRepeat words the repeat choices for the start date typed.
func (f *eventForm) rewordRepeat() {
	if d, err := f.startDate.date(); err == nil && !d.IsZero() {
		f.repeat.setStart(d.Time(time.UTC))
	}
}

// setOccurrence makes the form edit one occurrence of series: its dates
// are the occurrence's, its repeat choices the series'. Saving asks
// whether the change is for this date only or for all dates.
func (f *eventForm) setOccurrence(occ event.Occurrence, series *event.Event) {
	f.occ, f.series = &occ, series
	loc := occ.Event.Zone()
	f.startDate.setDayOf(occ.Start.In(loc))
	f.startTime.SetText(occ.Start.In(loc).Format(clockLayout))
	f.endDate.setDayOf(time.Time{})
	f.endTime.SetText("")
	if !occ.End.IsZero() {
		f.endDate.setDayOf(occ.End.In(loc))
		f.endTime.SetText(occ.End.In(loc).Format(clockLayout))
	}
	shown := *series
	shown.Start = occ.Start
	f.repeat = newRepeatField(f.env, &shown)
	f.repeatBox.Objects = []fyne.CanvasObject{f.repeat.content}
	f.repeatBox.Refresh()
	for _, o := range f.repeat.inputs() {
		f.watch(o)
	}
	f.initial = f.state()
	f.repeatInitial = formState{}
	f.repeat.state(f.repeatInitial)
}

// key is the list key of what the form edits.
func (f *eventForm) key() string {
	if f.occ != nil {
		return f.occ.Key()
	}
	if f.original != nil {
		return f.original.ID
	}
	return ""
}

// draftKey implements [editForm].
func (f *eventForm) draftKey() string {
	if f.original == nil {
		return draftKey(draftEvent, "")
	}
	return draftKey(draftEvent, f.original.ID)
}

// state implements [editForm]. Objectives are kept as the list of ticked
// ones, by number.
func (f *eventForm) state() formState {
	var objs []string
	for i, c := range f.objectives {
		if c.Checked {
			objs = append(objs, strconv.Itoa(int(event.Objectives[i])))
		}
	}
	online := ""
	if f.online.Checked {
		online = "1"
	}
	st := formState{
		"title": f.title.Text, "kind": f.kind.Value(), "status": f.status.Value(),
		"start_date": f.startDate.Text, "start_time": f.startTime.Text,
		"end_date": f.endDate.Text, "end_time": f.endTime.Text, "time_zone": f.zone.Value(),
		"location": f.location.Text, "online": online, "description": f.description.Text,
		"objectives": encodeList(objs), "threats": f.threats.Text, "mitigations": f.mitigations.Text,
		"emergency_contacts": f.emergencyContacts.Text, "check_in": f.checkIn.Text, "outcome": f.outcome.Text,
	}
	f.repeat.state(st)
	return st
}

// restore implements [editForm].
func (f *eventForm) restore(st formState) {
	f.title.SetText(st["title"])
	f.kind.SetValue(st["kind"])
	f.status.SetValue(st["status"])
	f.startDate.SetText(st["start_date"])
	f.startTime.SetText(st["start_time"])
	f.endDate.SetText(st["end_date"])
	f.endTime.SetText(st["end_time"])
	f.zone.SetValue(st["time_zone"])
	f.location.SetText(st["location"])
	f.online.SetChecked(st["online"] == "1")
	f.description.SetText(st["description"])
	objs := decodeList(st["objectives"])
	for i, c := range f.objectives {
		c.SetChecked(slices.Contains(objs, strconv.Itoa(int(event.Objectives[i]))))
	}
	f.threats.SetText(st["threats"])
	f.mitigations.SetText(st["mitigations"])
	f.emergencyContacts.SetText(st["emergency_contacts"])
	f.checkIn.SetText(st["check_in"])
	f.outcome.SetText(st["outcome"])
	if _, ok := st["repeat"]; ok {
		f.rewordRepeat()
		f.repeat.restore(st)
	}
	f.changed()
}

// dirty implements [editForm].
func (f *eventForm) dirty() bool { return f.differs(f.state()) }

// parseWhen reads a date and time entry pair in zone; an empty pair is the
// zero time. A time without a date is an error. Dates and times typed
// another way than the fields show them ("2027/1/5", "2:30 pm") are read
// too.
func parseWhen(d, t, zone string) (time.Time, error) {
	w, _, err := parseWhenAdjusted(d, t, zone)
	return w, err
}

// parseWhenAdjusted is parseWhen that also says whether the time falls
// in an hour the clocks skip or repeat (event.ParseLocalAdjusted).
func parseWhenAdjusted(d, t, zone string) (time.Time, event.Adjustment, error) {
	d, t = strings.TrimSpace(d), strings.TrimSpace(t)
	if d == "" && t == "" {
		return time.Time{}, event.AdjustNone, nil
	}
	if n, ok := normalizeDate(d); ok {
		d = n
	}
	t = normalizeClock(t)
	if t == "" {
		t = "00:00"
	}
	return event.ParseLocalAdjusted(d+" "+t, zone)
}

// dstNotes tells the user, once, when a start or end time falls in an
// hour the clocks skip (the time field is moved forward to the time that
// will be saved) or repeat (the first one is used), by adding a message
// for the field to msgs; saving the same time again goes ahead.
func (f *eventForm) dstNotes(msgs map[string]string, zone string) {
	if f.dstTold == nil {
		f.dstTold = map[string]string{}
	}
	for _, w := range []struct {
		key string
		d   *dateEntry
		t   *timeEntry
	}{{"start", f.startDate, f.startTime}, {"end", f.endDate, f.endTime}} {
		if msgs[w.key] != "" {
			continue
		}
		when, adj, err := parseWhenAdjusted(w.d.iso(), w.t.Text, zone)
		typed := w.d.Text + " " + w.t.Text + " " + zone
		if err != nil || adj == event.AdjustNone || f.dstTold[w.key] == typed {
			continue
		}
		args := map[string]any{"Time": normalizeClock(w.t.Text), "Zone": zone, "Actual": when.Format("15:04")}
		if adj == event.AdjustSkipped {
			msgs[w.key] = f.env.T("events.field.time_skipped", args)
			w.t.SetText(when.Format("15:04"))
			typed = w.d.Text + " " + w.t.Text + " " + zone
		} else {
			msgs[w.key] = f.env.T("events.field.time_repeated", args)
		}
		f.dstTold[w.key] = typed
	}
}

func (f *eventForm) event() (*event.Event, map[string]string) {
	e := &event.Event{}
	if f.original != nil {
		*e = *f.original
	}
	msgs := map[string]string{}
	e.Title = f.title.Text
	e.Kind = event.Kind(f.kind.Value())
	e.Status = event.Status(f.status.Value())
	e.TimeZone = f.zone.Value()
	zoneOK := true
	if e.TimeZone == "" {
		e.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(e.TimeZone); err != nil || e.TimeZone == "Local" {
		msgs["time_zone"] = f.env.T("validation.zone_invalid")
		zoneOK = false
	}
	e.Start, e.End = time.Time{}, time.Time{}
	if zoneOK {
		var err error
		if e.Start, err = parseWhen(f.startDate.iso(), f.startTime.Text, e.TimeZone); err != nil {
			msgs["start"] = f.env.T("validation.date_invalid")
		} else if e.Start.IsZero() {
			msgs["start"] = f.env.T("events.field.start_required")
		}
		if e.End, err = parseWhen(f.endDate.iso(), f.endTime.Text, e.TimeZone); err != nil {
			msgs["end"] = f.env.T("validation.date_invalid")
		}
	}
	e.Location = f.location.Text
	e.Online = f.online.Checked
	e.Description = f.description.Text
	e.Objectives = nil
	for i, c := range f.objectives {
		if c.Checked {
			e.Objectives = append(e.Objectives, event.Objectives[i])
		}
	}
	e.Safety = event.SafetyPlan{
		Threats:           f.threats.Text,
		Mitigations:       f.mitigations.Text,
		EmergencyContacts: f.emergencyContacts.Text,
		CheckIn:           f.checkIn.Text,
	}
	e.Outcome = f.outcome.Text
	if f.series == nil && !e.Start.IsZero() {
		var old *event.Repeat
		if f.original != nil {
			old = f.original.Repeat
		}
		var m string
		if e.Repeat, m = f.repeat.repeat(e.Start.In(e.Zone()), old); m != "" {
			msgs["repeat"] = m
		}
	}
	return e, msgs
}

// submit validates and saves; it reports whether the event was saved.
func (f *eventForm) submit() bool {
	e, msgs := f.event()
	f.dstNotes(msgs, e.TimeZone)
	probe := *e
	probe.Normalize()
	if err := probe.Validate(); err != nil {
		m, ok := fieldMessages(f.env, err)
		if !ok {
			f.env.ShowError(err)
			return false
		}
		for k, v := range m {
			if _, have := msgs[k]; !have {
				msgs[k] = v
			}
		}
	}
	f.showErrors(msgs)
	if len(msgs) > 0 {
		return false
	}
	if f.series != nil {
		return f.submitOccurrence(e)
	}
	ctx := context.Background()
	var err error
	if f.original == nil {
		err = f.env.Session.AddEvent(ctx, e)
	} else {
		err = f.env.Session.UpdateEvent(ctx, e)
	}
	return f.saved(e, err)
}

// saved finishes a save: errors are shown, else the form closes.
func (f *eventForm) saved(e *event.Event, err error) bool {
	if err != nil {
		if m, ok := fieldMessages(f.env, err); ok {
			f.showErrors(m)
			return false
		}
		f.env.ShowError(err)
		return false
	}
	f.initial = f.state()
	dropDraft(f.env, f.draftKey())
	f.onSaved(e)
	formClosed(f.env)
	return true
}

// submitOccurrence saves the edit of one occurrence of a series: for
// this date only (a changed occurrence) or for all dates, as the user
// answers. A changed way of repeating is for all dates without asking.
// It reports false while the question is open.
func (f *eventForm) submitOccurrence(e *event.Event) bool {
	now := formState{}
	f.repeat.state(now)
	if !maps.Equal(now, f.repeatInitial) {
		rp, m := f.repeat.repeat(e.Start.In(e.Zone()), f.series.Repeat)
		if m != "" {
			f.showErrors(map[string]string{"repeat": m})
			return false
		}
		return f.saveAll(e, rp, true)
	}
	rp := f.series.Repeat
	env := f.env
	date := env.Tr.Date(f.occ.Start.In(f.series.Zone()))
	f.scope = showScopeDialog(env, env.T("events.repeat.scope_title"),
		env.T("events.repeat.scope_question", "Date", date), false,
		func() { f.saveThis(e) }, func() { f.saveAll(e, rp, false) })
	return false
}

// saveThis stores e as the changed occurrence of the date edited.
func (f *eventForm) saveThis(e *event.Event) bool {
	o := *e
	o.Repeat, o.UID = nil, ""
	ctx := context.Background()
	if f.original != nil && f.original.SeriesID != "" {
		o.ID = f.original.ID
		return f.saved(&o, f.env.Session.UpdateEvent(ctx, &o))
	}
	o.ID, o.Origin, o.SeriesID, o.RecurrenceID = "", "", f.series.ID, f.occ.Original
	return f.saved(&o, f.env.Session.AddEvent(ctx, &o))
}

// saveAll applies the edit to the whole series: its texts, and its dates
// moved by as much as the edited date moved. reword is true when rp comes
// from choices changed in the form; the choices are worded again for the
// series' new first date when it moved.
func (f *eventForm) saveAll(e *event.Event, rp *event.Repeat, reword bool) bool {
	n := *f.series
	delta := e.Start.Sub(f.occ.Start)
	n.Start = f.series.Start.Add(delta)
	n.End = time.Time{}
	if !e.End.IsZero() {
		n.End = n.Start.Add(e.End.Sub(e.Start))
	}
	if rp != nil && (reword || f.repeat.choice.Value() != repeatCustom) && delta != 0 {
		// The choice was worded for the edited date: word it for the
		// series' new first date.
		rp, _ = f.repeat.repeat(n.Start.In(e.Zone()), f.series.Repeat)
	}
	n.Title, n.Kind, n.Status, n.TimeZone = e.Title, e.Kind, e.Status, e.TimeZone
	n.Location, n.Online, n.Description, n.Objectives = e.Location, e.Online, e.Description, e.Objectives
	n.Safety, n.Outcome = e.Safety, e.Outcome
	if rp != nil {
		// Exceptions and extra dates move with the series.
		n.Repeat = &event.Repeat{Rule: rp.Rule, Except: f.series.Repeat.Except, Extra: f.series.Repeat.Extra}
	} else {
		n.Repeat = nil
	}
	return f.saved(&n, f.env.Session.UpdateSeries(context.Background(), &n, delta))
}

func (f *eventForm) showErrors(msgs map[string]string) {
	for k, fe := range f.errs {
		fe.Set(msgs[k])
	}
	for k, v := range msgs {
		if _, ok := f.errs[k]; !ok {
			f.errs["title"].Set(v)
		}
	}
}
