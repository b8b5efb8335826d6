package ics

import (
	"fmt"
	"sort"
	"time"

	ical "github.com/emersion/go-ical"
)

// maxTransitions bounds the transitions looked at for one generated
// VTIMEZONE (two a year for two centuries); later ones are covered by
// the yearly rules already written.
const maxTransitions = 400

// vtimezone describes loc over [from, to] as a VTIMEZONE named tzid, from
// the zone's rules: its transitions from a year before from to a year
// after to are found (see [transitions]) and every run of transitions
// that repeats each year on the same weekday rule ("last Sunday of
// March") or the same date becomes one STANDARD or DAYLIGHT observance
// with a yearly RRULE; a rule still in force after to has no UNTIL, so
// it stays right for later dates too. A change that does not repeat (a
// zone that changed its offset or dropped daylight saving) is an
// observance of its own. When nothing changes before from, an observance
// from 1601 gives the offset in force.
func vtimezone(tzid string, loc *time.Location, from, to time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, tzid)
	if to.Before(from) {
		to = from
	}
	scanFrom, scanTo := from.AddDate(-1, 0, 0), to.AddDate(1, 0, 0)
	trs := transitions(loc, scanFrom, scanTo)
	if len(trs) == 0 || trs[0].at.After(from) {
		t := scanFrom.In(loc)
		tz.Children = append(tz.Children, observance(t, time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), offsetOf(t), offsetOf(t), ""))
	}
	for _, r := range yearlyRuns(trs) {
		first, last := r.trs[0], r.trs[len(r.trs)-1]
		rule := ""
		if len(r.trs) > 1 {
			rule = "FREQ=YEARLY;BYMONTH=" + fmt.Sprint(int(first.onset.Month()))
			if r.byWeekday {
				rule += ";BYDAY=" + weekdayRule(first.onset)
			} else {
				rule += ";BYMONTHDAY=" + fmt.Sprint(first.onset.Day())
			}
			if !last.at.After(to) {
				rule += ";UNTIL=" + last.at.UTC().Format("20060102T150405Z")
			}
		}
		tz.Children = append(tz.Children, observance(first.at.In(loc), first.onset, first.from, first.to, rule))
	}
	return tz
}

// transition is one change of a zone's offset, abbreviation or daylight
// saving flag.
type transition struct {
	at       time.Time // the instant of the change
	onset    time.Time // the local clock reading before it (as UTC fields)
	from, to int       // offsets before and after, in seconds
	abbr     string
	dst      bool
}

// kind is what a yearly rule must keep: the same change at the same local
// time of day.
func (t transition) kind() string {
	return fmt.Sprint(t.from, t.to, t.abbr, t.dst, t.onset.Hour(), t.onset.Minute(), t.onset.Second())
}

// transitions returns the changes of loc in (from, to], found by looking
// at the zone once a day and bisecting to the second where it changed.
// This does not rely on time.Time.ZoneBounds, which reports a bound on
// 31 December of leap years after the last explicit transition of the
// zone data (golang/go#81583) and so would loop on it.
func transitions(loc *time.Location, from, to time.Time) []transition {
	var out []transition
	state := func(t time.Time) (string, int, bool) {
		t = t.In(loc)
		abbr, off := t.Zone()
		return abbr, off, t.IsDST()
	}
	const step = 24 * time.Hour
	for t := from; t.Before(to) && len(out) < maxTransitions; {
		next := t.Add(step)
		a1, o1, d1 := state(t)
		a2, o2, d2 := state(next)
		if a1 == a2 && o1 == o2 && d1 == d2 {
			t = next
			continue
		}
		// Bisect (t, next] to the first second in the new state.
		lo, hi := t, next
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if !mid.After(lo) {
				mid = lo.Add(time.Second)
			}
			if a, o, d := state(mid); a == a1 && o == o1 && d == d1 {
				lo = mid
			} else {
				hi = mid
			}
		}
		ab, off, dst := state(hi)
		out = append(out, transition{at: hi, onset: onset(hi, o1), from: o1, to: off, abbr: ab, dst: dst})
		t = hi
	}
	return out
}

// run is a series of transitions of one kind, one a year, that follow one
// yearly rule.
type run struct {
	trs                   []transition
	byWeekday, byMonthday bool
}

// yearlyRuns groups transitions into runs, in order of their first
// transition.
func yearlyRuns(trs []transition) []*run {
	var runs []*run
	open := map[string]*run{}
	for _, tr := range trs {
		k := tr.kind()
		if r := open[k]; r != nil {
			last := r.trs[len(r.trs)-1]
			wd := r.byWeekday && weekdayRule(tr.onset) == weekdayRule(last.onset)
			md := r.byMonthday && tr.onset.Day() == last.onset.Day()
			if tr.onset.Year() == last.onset.Year()+1 && tr.onset.Month() == last.onset.Month() && (wd || md) {
				r.trs = append(r.trs, tr)
				r.byWeekday, r.byMonthday = wd, md
				continue
			}
		}
		r := &run{trs: []transition{tr}, byWeekday: true, byMonthday: true}
		open[k] = r
		runs = append(runs, r)
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].trs[0].at.Before(runs[j].trs[0].at) })
	return runs
}

// weekdayRule is the BYDAY value of the weekday of a date in its month:
// "-1SU" for the last Sunday (the date is in the month's last seven days),
// else "1SU" to "4SU".
func weekdayRule(d time.Time) string {
	wd := [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[d.Weekday()]
	daysIn := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d.Day() > daysIn-7 {
		return "-1" + wd
	}
	return fmt.Sprint((d.Day()-1)/7+1) + wd
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
// that t is in, starting at the local time start, with the yearly rule
// rrule ("" for none).
func observance(t, start time.Time, from, to int, rrule string) *ical.Component {
	name := ical.CompTimezoneStandard
	if t.IsDST() {
		name = ical.CompTimezoneDaylight
	}
	c := ical.NewComponent(name)
	dt := ical.NewProp(ical.PropDateTimeStart)
	dt.Value = start.Format("20060102T150405")
	c.Props.Set(dt)
	if rrule != "" {
		r := ical.NewProp(ical.PropRecurrenceRule)
		r.Value = rrule
		c.Props.Set(r)
	}
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
