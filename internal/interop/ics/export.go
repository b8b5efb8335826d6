package ics

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	ical "github.com/emersion/go-ical"

	"github.com/safehouse-app/safehouse/internal/event"
)

// UIDDomain ends the UID of every exported record: "<ID>@safehouse.invalid".
const UIDDomain = "@safehouse.invalid"

// ProductID is the PRODID of exported files.
const ProductID = "-//Safehouse//Safehouse//EN"

// statusProp keeps the exact Safehouse status next to the standard STATUS.
const statusProp = "X-SAFEHOUSE-STATUS"

// zoneProp names the event's zone when its start had to be written in UTC.
const zoneProp = "X-SAFEHOUSE-TIMEZONE"

// onlineProp marks an event held online ("TRUE"); see [ReadOnline].
const onlineProp = "X-SAFEHOUSE-ONLINE"

// occurrenceProp names, on a task, the original start (UTC) of the one
// occurrence of a repeating event it belongs to.
const occurrenceProp = "X-SAFEHOUSE-OCCURRENCE"

// Item is one event to export, with its tasks in order.
type Item struct {
	Event *event.Event
	Tasks []*event.Task
}

// SafetyLabels are the headings written before the parts of a safety plan
// when it is exported, in the user's language.
type SafetyLabels struct {
	Heading, Threats, Mitigations, EmergencyContacts, CheckIn string
}

// ExportOptions tune [Encode].
type ExportOptions struct {
	// Now is written as DTSTAMP; zero means time.Now.
	Now time.Time
	// IncludeSafetyPlan appends the safety plan to each event's
	// DESCRIPTION under Labels. Off by default: a calendar file is plain
	// text and often ends up in a synced calendar.
	IncludeSafetyPlan bool
	Labels            SafetyLabels
}

// ErrNothingToExport is returned by [Encode] for an empty list.
var ErrNothingToExport = errors.New("no events to export")

// UID returns the iCalendar UID of a Safehouse record ID.
func UID(id string) string { return id + UIDDomain }

// EventUID returns the UID an event is exported with: the one it was
// imported with, so that the calendar it came from updates it instead of
// adding a copy, else [UID] of its ID.
func EventUID(e *event.Event) string {
	if e.UID != "" {
		return e.UID
	}
	return UID(e.ID)
}

// KeptUID returns the UID an imported event keeps ([event.Event.UID]):
// the file's UID, or "" when it is empty, longer than [event.MaxUID] or
// holds control characters.
func KeptUID(uid string) string {
	uid = strings.TrimSpace(uid)
	if uid == "" || len(uid) > event.MaxUID || strings.ContainsFunc(uid, unicode.IsControl) {
		return ""
	}
	return uid
}

// ReadOnline reports whether a VEVENT says the event is held online:
// X-SAFEHOUSE-ONLINE:TRUE as written by [Encode].
func ReadOnline(v *ical.Component) bool {
	p := v.Props.Get(onlineProp)
	return p != nil && strings.EqualFold(strings.TrimSpace(p.Value), "TRUE")
}

// IDFromUID returns the record ID inside a Safehouse UID, or "".
func IDFromUID(uid string) string {
	id, ok := strings.CutSuffix(strings.TrimSpace(uid), UIDDomain)
	if !ok || id == "" || strings.ContainsAny(id, "@ \t") {
		return ""
	}
	return id
}

// Encode writes items as one iCalendar file to w.
func Encode(w io.Writer, items []Item, opts ExportOptions) error {
	if len(items) == 0 {
		return ErrNothingToExport
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	stamp := now.UTC().Truncate(time.Second)
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")

	// One VTIMEZONE per zone, covering the span of its events.
	type span struct {
		loc      *time.Location
		from, to time.Time
	}
	spans := map[string]*span{}
	for _, it := range items {
		e := it.Event
		name, loc := exportZone(e)
		if loc == time.UTC || allDay(e) {
			continue
		}
		end := e.End
		if end.IsZero() || end.Before(e.Start) {
			end = e.Start
		}
		if e.Repeats() {
			// The zone's rules over the series, or ten years of it.
			end = e.Start.AddDate(10, 0, 0)
			if last, ok := e.LastEnd(); ok {
				end = last
			}
		}
		sp := spans[name]
		if sp == nil {
			spans[name] = &span{loc: loc, from: e.Start, to: end}
			continue
		}
		if e.Start.Before(sp.from) {
			sp.from = e.Start
		}
		if end.After(sp.to) {
			sp.to = end
		}
	}
	names := make([]string, 0, len(spans))
	for n := range spans {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sp := spans[n]
		cal.Children = append(cal.Children, vtimezone(n, sp.loc, sp.from, sp.to))
	}

	byID := make(map[string]*event.Event, len(items))
	for _, it := range items {
		byID[it.Event.ID] = it.Event
	}
	for _, it := range items {
		series := byID[it.Event.SeriesID]
		if series != nil && !series.Repeats() {
			series = nil
		}
		cal.Children = append(cal.Children, vevent(it.Event, series, stamp, opts))
		uid := EventUID(it.Event)
		if series != nil {
			uid = EventUID(series)
		}
		for _, t := range it.Tasks {
			cal.Children = append(cal.Children, vtodo(t, uid, stamp))
		}
	}
	fw := &foldWriter{w: w}
	if err := ical.NewEncoder(fw).Encode(cal); err != nil {
		return fmt.Errorf("failed to encode calendar: %w", err)
	}
	return fw.Close()
}

// exportZone returns the zone the event's times are written in: its own,
// or UTC for UTC and for a zone name this system does not know.
func exportZone(e *event.Event) (string, *time.Location) {
	switch e.TimeZone {
	case "", "UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Zulu", "Zulu", "Etc/Universal", "Universal", "UCT", "Etc/UCT":
		return "UTC", time.UTC
	}
	loc := e.Zone()
	if loc == time.UTC {
		return "UTC", time.UTC
	}
	return e.TimeZone, loc
}

// setText sets a TEXT property, skipping empty values.
func setText(props ical.Props, name, value string) {
	if value = cleanText(value); value != "" {
		props.SetText(name, value)
	}
}

// setTime writes t as a local time with TZID, or as UTC when the zone is
// UTC or the local time is ambiguous: in the repeated hour when clocks go
// back, a local time means its first occurrence (RFC 5545 section 3.3.5),
// so an instant in the second one can only be written in UTC.
func setTime(props ical.Props, name string, t time.Time, zone string, loc *time.Location) {
	p := ical.NewProp(name)
	if loc == time.UTC || repeatedLocal(t, loc) {
		p.Value = t.UTC().Format("20060102T150405Z")
	} else {
		p.Params.Set(ical.ParamTimezoneID, zone)
		p.Value = t.In(loc).Format("20060102T150405")
	}
	props.Set(p)
}

// repeatedLocal reports whether the local time of t in loc also names an
// earlier instant (t is in the second run of a repeated hour).
func repeatedLocal(t time.Time, loc *time.Location) bool {
	t = t.In(loc)
	_, off := t.Zone()
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	for _, d := range []time.Duration{-4 * time.Hour, -2 * time.Hour, -time.Hour} {
		_, other := t.Add(d).Zone()
		if other == off {
			continue
		}
		// The instant at which the clock read the same with the other offset.
		c := wall.Add(-time.Duration(other) * time.Second)
		if _, o := c.In(loc).Zone(); o == other && c.Before(t) {
			return true
		}
	}
	return false
}

// vevent writes e; series is the repeating event e changes one
// occurrence of (nil for an event that is not a changed occurrence).
func vevent(e, series *event.Event, stamp time.Time, opts ExportOptions) *ical.Component {
	c := ical.NewComponent(ical.CompEvent)
	p := c.Props
	if series != nil {
		p.SetText(ical.PropUID, EventUID(series))
		zone, loc := exportZone(series)
		writeDates(p, ical.PropRecurrenceID, []time.Time{e.RecurrenceID}, zone, loc, allDay(series))
	} else {
		p.SetText(ical.PropUID, EventUID(e))
	}
	p.SetDateTime(ical.PropDateTimeStamp, stamp)
	if !e.Created.IsZero() {
		p.SetDateTime(ical.PropCreated, e.Created.UTC().Truncate(time.Second))
	}
	if !e.Updated.IsZero() {
		p.SetDateTime(ical.PropLastModified, e.Updated.UTC().Truncate(time.Second))
	}
	if e.Version > 1 {
		seq := ical.NewProp(ical.PropSequence)
		seq.Value = strconv.FormatInt(e.Version-1, 10)
		p.Set(seq)
	}
	zone, loc := exportZone(e)
	whole := allDay(e)
	if whole {
		// Whole days: dates, which calendars show as all-day events.
		p.SetDate(ical.PropDateTimeStart, e.Start.In(loc))
		p.SetDate(ical.PropDateTimeEnd, e.End.In(loc))
	} else {
		setTime(p, ical.PropDateTimeStart, e.Start, zone, loc)
	}
	if !whole && loc != time.UTC && p.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID) == "" {
		// Written in UTC (a repeated hour): keep the zone for a round trip.
		z := ical.NewProp(zoneProp)
		z.Value = zone
		p.Set(z)
	}
	if !whole && !e.End.IsZero() && !e.End.Before(e.Start) {
		setTime(p, ical.PropDateTimeEnd, e.End, zone, loc)
	}
	if e.Repeats() {
		writeRepeat(p, e, zone, loc, whole)
	}
	if e.Online {
		on := ical.NewProp(onlineProp)
		on.Value = "TRUE"
		p.Set(on)
	}
	setText(p, ical.PropSummary, oneLineText(e.Title))
	setText(p, ical.PropLocation, oneLineText(e.Location))
	setText(p, ical.PropDescription, description(e, opts))
	if e.Kind != "" {
		cat := ical.NewProp(ical.PropCategories)
		cat.SetTextList([]string{string(e.Kind)})
		p.Set(cat)
	}
	switch e.Status {
	case event.StatusConfirmed, event.StatusDone:
		p.SetText(ical.PropStatus, string(ical.EventConfirmed))
	case event.StatusCancelled:
		p.SetText(ical.PropStatus, string(ical.EventCancelled))
	default:
		p.SetText(ical.PropStatus, string(ical.EventTentative))
	}
	if e.Status != "" {
		st := ical.NewProp(statusProp)
		st.Value = string(e.Status)
		p.Set(st)
	}
	return c
}

// description is the event's description and, if asked for, its safety
// plan under translated headings.
func description(e *event.Event, opts ExportOptions) string {
	parts := []string{cleanText(e.Description)}
	if opts.IncludeSafetyPlan {
		l := opts.Labels
		plan := []struct{ label, text string }{
			{l.Threats, e.Safety.Threats},
			{l.Mitigations, e.Safety.Mitigations},
			{l.EmergencyContacts, e.Safety.EmergencyContacts},
			{l.CheckIn, e.Safety.CheckIn},
		}
		var b strings.Builder
		for _, s := range plan {
			if t := cleanText(s.text); t != "" {
				fmt.Fprintf(&b, "%s\n%s\n\n", s.label, t)
			}
		}
		if b.Len() > 0 {
			parts = append(parts, l.Heading+"\n\n"+strings.TrimSpace(b.String()))
		}
	}
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n\n")
}

// allDay reports whether e covers whole days in its zone: it starts at
// midnight and ends at a later midnight (an all-day event of a calendar
// file is imported that way).
func allDay(e *event.Event) bool {
	if e.End.IsZero() || !e.End.After(e.Start) {
		return false
	}
	_, loc := exportZone(e)
	midnight := func(t time.Time) bool {
		t = t.In(loc)
		return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	}
	return midnight(e.Start) && midnight(e.End)
}

// writeRepeat writes the series' RRULE, EXDATE and RDATE. UNTIL takes
// the value type of DTSTART (RFC 5545 section 3.3.10): a date for an
// all-day series, else a UTC time.
func writeRepeat(p ical.Props, e *event.Event, zone string, loc *time.Location, whole bool) {
	r, ok := e.ParsedRule()
	if !ok {
		return
	}
	if r.UntilKind != event.UntilNone {
		if whole {
			r.UntilKind, r.Until = event.UntilDate, r.UntilDay(loc)
		} else {
			r.UntilKind, r.Until = event.UntilInstant, r.UntilIn(loc).UTC().Truncate(time.Second)
		}
	}
	rr := ical.NewProp(ical.PropRecurrenceRule)
	rr.Value = r.String()
	p.Set(rr)
	writeDates(p, ical.PropExceptionDates, e.Repeat.Except, zone, loc, whole)
	writeDates(p, ical.PropRecurrenceDates, e.Repeat.Extra, zone, loc, whole)
}

// writeDates adds one property per date: a DATE for all-day events, a
// local time with TZID, or UTC (see [setTime]).
func writeDates(p ical.Props, name string, ts []time.Time, zone string, loc *time.Location, whole bool) {
	for _, t := range ts {
		q := ical.NewProp(name)
		switch {
		case whole:
			q.Params.Set(ical.ParamValue, "DATE")
			q.Value = t.In(loc).Format("20060102")
		case loc == time.UTC || repeatedLocal(t, loc):
			q.Value = t.UTC().Format("20060102T150405Z")
		default:
			q.Params.Set(ical.ParamTimezoneID, zone)
			q.Value = t.In(loc).Format("20060102T150405")
		}
		p.Add(q)
	}
}

func vtodo(t *event.Task, eventUID string, stamp time.Time) *ical.Component {
	c := ical.NewComponent(ical.CompToDo)
	p := c.Props
	p.SetText(ical.PropUID, UID(t.ID))
	p.SetDateTime(ical.PropDateTimeStamp, stamp)
	setText(p, ical.PropSummary, oneLineText(t.Title))
	setText(p, ical.PropDescription, t.Notes)
	if !t.Due.IsZero() {
		p.SetDate(ical.PropDue, t.Due.Time(time.UTC))
	}
	if t.Done {
		p.SetText(ical.PropStatus, "COMPLETED")
		pc := ical.NewProp(ical.PropPercentComplete)
		pc.Value = "100"
		p.Set(pc)
	} else {
		p.SetText(ical.PropStatus, "NEEDS-ACTION")
	}
	if !t.Occurrence.IsZero() {
		occ := ical.NewProp(occurrenceProp)
		occ.Value = t.Occurrence.UTC().Format("20060102T150405Z")
		p.Set(occ)
	}
	rel := ical.NewProp(ical.PropRelatedTo)
	rel.Params.Set(ical.ParamRelationshipType, "PARENT")
	rel.SetText(eventUID)
	p.Set(rel)
	return c
}
