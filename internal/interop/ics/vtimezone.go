package ics

import (
	"fmt"
	"time"

	ical "github.com/emersion/go-ical"
)

// maxTransitions bounds the observances of one generated VTIMEZONE (two
// a year for two centuries).
const maxTransitions = 400

// vtimezone describes loc over [from, to] as a VTIMEZONE named tzid: the
// observance in force at from, then one per transition up to to, each
// taken from Go's zone data (time.Time.ZoneBounds). Observances carry an
// explicit DTSTART and no RRULE, which every RFC 5545 reader supports
// and which stays exact when a zone changes its rules.
func vtimezone(tzid string, loc *time.Location, from, to time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, tzid)
	// The rule in force at from.
	t := from.In(loc)
	start, end := t.ZoneBounds()
	if start.IsZero() {
		// In force since the beginning of the zone data.
		tz.Children = append(tz.Children, observance(t, time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), offsetOf(t), offsetOf(t)))
	} else {
		prev := offsetOf(start.Add(-time.Second).In(loc))
		tz.Children = append(tz.Children, observance(start.In(loc), onset(start, prev), prev, offsetOf(t)))
	}
	for i := 0; i < maxTransitions && !end.IsZero() && !end.After(to); i++ {
		prev := offsetOf(end.Add(-time.Second).In(loc))
		at := end.In(loc)
		tz.Children = append(tz.Children, observance(at, onset(end, prev), prev, offsetOf(at)))
		_, end = at.ZoneBounds()
	}
	return tz
}

// offsetOf returns the UTC offset of t in seconds.
func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

// onset is the local time, in the offset before the transition, at which
// the transition at instant happens (the DTSTART of an observance).
func onset(instant time.Time, prevOffset int) time.Time {
	return instant.UTC().Add(time.Duration(prevOffset) * time.Second)
}

// observance returns the STANDARD or DAYLIGHT component of the period
// that t is in, starting at the local time start.
func observance(t, start time.Time, from, to int) *ical.Component {
	name := ical.CompTimezoneStandard
	if t.IsDST() {
		name = ical.CompTimezoneDaylight
	}
	c := ical.NewComponent(name)
	dt := ical.NewProp(ical.PropDateTimeStart)
	dt.Value = start.Format("20060102T150405")
	c.Props.Set(dt)
	for _, o := range []struct {
		prop string
		off  int
	}{{ical.PropTimezoneOffsetFrom, from}, {ical.PropTimezoneOffsetTo, to}} {
		p := ical.NewProp(o.prop)
		p.Value = formatOffset(o.off)
		c.Props.Set(p)
	}
	if abbr, _ := t.Zone(); abbr != "" {
		c.Props.SetText(ical.PropTimezoneName, abbr)
	}
	return c
}

// formatOffset writes a UTC-OFFSET value: ±hhmm, or ±hhmmss when the
// offset has seconds (historical local mean time).
func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}
