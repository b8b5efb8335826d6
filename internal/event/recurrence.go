package event

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/safehouse-app/safehouse/internal/validate"
)

// # Repeating events
//
// A repeating event (a series) is one stored [Event] whose Repeat holds an
// RFC 5545 rule (the value of RRULE), the original starts of occurrences
// that do not happen (EXDATE) and extra starts (RDATE). An occurrence that
// was moved or changed is its own Event whose SeriesID names the series and
// whose RecurrenceID is the occurrence's original start (RECURRENCE-ID).
//
// Occurrences are computed in the event's zone, from its wall-clock start:
// a weekly meeting at 19:00 stays at 19:00 local time across daylight
// saving changes. Expansion is always bounded: at most [MaxOccurrences]
// per query and [maxSteps] steps of the rule, and rules that would be
// absurd (more often than daily, more than [MaxCount] times, an interval
// above [MaxInterval]) are refused by [ParseRule].

// Limits of a rule and of its expansion.
const (
	// MaxCount is the largest COUNT a rule may have.
	MaxCount = 10000
	// MaxInterval is the largest INTERVAL.
	MaxInterval = 1000
	// MaxDates is the largest number of EXDATE or RDATE dates.
	MaxDates = 1000
	// MaxOccurrences is the most occurrences one series gives one query.
	MaxOccurrences = 1000
	// maxSteps bounds the occurrences a query walks past: a series
	// with COUNT is walked from its start (COUNT is at most MaxCount).
	maxSteps = MaxCount + MaxOccurrences
	// lastEndSteps bounds the walk to a series' last date (see
	// [Event.LastEnd]).
	lastEndSteps = 200
)

// Repeat says how an event repeats.
type Repeat struct {
	// Rule is the RRULE value in canonical form (see [Rule.String]).
	Rule string `json:"rule"`
	// Except are the original starts of occurrences that do not happen
	// (EXDATE), sorted.
	Except []time.Time `json:"except,omitempty"`
	// Extra are starts of occurrences the rule does not give (RDATE),
	// sorted.
	Extra []time.Time `json:"extra,omitempty"`
}

// normalize canonicalizes the rule text (when it parses) and sorts and
// deduplicates the dates at millisecond precision in UTC.
func (p *Repeat) normalize() {
	if r, err := ParseRule(p.Rule); err == nil {
		p.Rule = r.String()
	}
	p.Except = normDates(p.Except)
	p.Extra = normDates(p.Extra)
}

func normDates(ts []time.Time) []time.Time {
	if len(ts) == 0 {
		return nil
	}
	out := make([]time.Time, len(ts))
	for i, t := range ts {
		out[i] = t.UTC().Truncate(time.Millisecond)
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}

// Repeats reports whether e is a series.
func (e *Event) Repeats() bool { return e.Repeat != nil && e.Repeat.Rule != "" }

// ParsedRule returns e's rule; ok is false when e does not repeat or its
// rule is invalid.
func (e *Event) ParsedRule() (Rule, bool) {
	if !e.Repeats() {
		return Rule{}, false
	}
	r, err := ParseRule(e.Repeat.Rule)
	return r, err == nil
}

// validateRepeat adds the errors of e's series fields to es.
func (e *Event) validateRepeat(add func(field, code string, args map[string]any)) {
	if e.Repeat != nil {
		if r, err := ParseRule(e.Repeat.Rule); err != nil || !r.fits(e.Start.In(e.Zone())) {
			add("repeat", validate.CodeRepeatInvalid, map[string]any{"value": e.Repeat.Rule})
		}
		if len(e.Repeat.Except) > MaxDates || len(e.Repeat.Extra) > MaxDates {
			add("repeat", validate.CodeRepeatInvalid, map[string]any{"value": e.Repeat.Rule})
		}
		for _, t := range append(slices.Clip(e.Repeat.Except), e.Repeat.Extra...) {
			if t.Year() < 1900 || t.Year() > 2200 {
				add("repeat", validate.CodeRepeatInvalid, map[string]any{"value": t.UTC().Format(time.RFC3339)})
				break
			}
		}
	}
	switch {
	case e.SeriesID != "" && e.RecurrenceID.IsZero(), e.SeriesID == "" && !e.RecurrenceID.IsZero():
		add("series_id", validate.CodeRepeatInvalid, map[string]any{"value": e.SeriesID})
	case e.SeriesID != "" && e.Repeat != nil:
		add("repeat", validate.CodeRepeatInvalid, map[string]any{"value": e.Repeat.Rule})
	case e.SeriesID != "" && e.SeriesID == e.ID:
		add("series_id", validate.CodeRepeatInvalid, map[string]any{"value": e.SeriesID})
	}
}

// Occurrence is one date of an event: the event itself when it does not
// repeat, else one date of its series (Event is the series, or the
// changed occurrence that replaces that date).
type Occurrence struct {
	Event *Event
	// Start and End are this occurrence's; End is zero when the event
	// has no end.
	Start, End time.Time
	// Original is the start the rule gives this occurrence (its
	// RECURRENCE-ID); zero for an event that does not repeat.
	Original time.Time
	// SeriesID is the ID of the series ("" for an event that does not
	// repeat).
	SeriesID string
}

// Key identifies the occurrence: the series ID and original start in
// Unix milliseconds, or the event ID alone.
func (o Occurrence) Key() string {
	if o.SeriesID == "" {
		return o.Event.ID
	}
	return o.SeriesID + "@" + strconv.FormatInt(o.Original.UnixMilli(), 10)
}

// Closed is [Event.Closed] for this occurrence.
func (o Occurrence) Closed(now time.Time) bool {
	if o.Event.Status == StatusDone || o.Event.Status == StatusCancelled {
		return true
	}
	end := o.End
	if end.IsZero() {
		end = o.Start
	}
	return end.Before(now)
}

// span returns how an occurrence's end follows from its start: whole days
// for an all-day event (midnight to midnight in its zone), else a
// duration.
func (e *Event) span() (days int, d time.Duration, allDay bool) {
	if e.End.IsZero() {
		return 0, 0, false
	}
	loc := e.Zone()
	s, t := e.Start.In(loc), e.End.In(loc)
	mid := func(x time.Time) bool {
		return x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0
	}
	if mid(s) && mid(t) && t.After(s) {
		days := int(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Sub(
			time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
		return days, 0, true
	}
	return 0, e.End.Sub(e.Start), false
}

// endOf returns the end of the occurrence starting at start.
func (e *Event) endOf(start time.Time) time.Time {
	if e.End.IsZero() {
		return time.Time{}
	}
	days, d, allDay := e.span()
	if allDay {
		s := start.In(e.Zone())
		end, _ := WallInZone(time.Date(s.Year(), s.Month(), s.Day()+days, 0, 0, 0, 0, time.UTC), e.Zone())
		return end
	}
	return start.Add(d)
}

// rrule returns e's rule as an rrule-go rule starting at e's start in its
// zone. When near is after the start and the rule has no COUNT, the rule
// starts instead at the last whole period (interval days, weeks, months or
// years) before near, with the parts the start implies (weekday, day,
// month, time of day) written out: the same dates from there on, without
// walking the years before near.
func (e *Event) rrule(r Rule, near time.Time) (*rrule.RRule, error) {
	loc := e.Zone()
	start := e.Start.In(loc)
	interval := max(r.Interval, 1)
	o := rrule.ROption{
		Dtstart:  start,
		Interval: interval,
		Count:    r.Count,
		Until:    r.UntilIn(loc),
		Byhour:   []int{start.Hour()},
		Byminute: []int{start.Minute()},
		Bysecond: []int{start.Second()},
	}
	switch r.Freq {
	case Daily:
		o.Freq = rrule.DAILY
	case Weekly:
		o.Freq = rrule.WEEKLY
	case Monthly:
		o.Freq = rrule.MONTHLY
	default:
		o.Freq = rrule.YEARLY
	}
	wd := []rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}
	for _, w := range r.ByDay {
		if w.N == 0 {
			o.Byweekday = append(o.Byweekday, wd[w.Day])
		} else {
			o.Byweekday = append(o.Byweekday, wd[w.Day].Nth(w.N))
		}
	}
	o.Bymonthday, o.Bymonth, o.Bysetpos = r.ByMonthDay, r.ByMonth, r.BySetPos
	if r.HasWeekStart {
		o.Wkst = wd[r.WeekStart]
	}
	near = near.In(loc)
	if r.Count > 0 || !near.After(start) {
		return rrule.NewRRule(o)
	}
	// What the start implies, written out (RFC 5545 section 3.3.10).
	switch r.Freq {
	case Weekly:
		if len(o.Byweekday) == 0 {
			o.Byweekday = []rrule.Weekday{wd[start.Weekday()]}
		}
	case Monthly:
		if len(o.Byweekday) == 0 && len(o.Bymonthday) == 0 {
			o.Bymonthday = []int{start.Day()}
		}
	case Yearly:
		if len(o.Byweekday) == 0 && len(o.Bymonthday) == 0 {
			o.Bymonthday = []int{start.Day()}
			if len(o.Bymonth) == 0 {
				o.Bymonth = []int{int(start.Month())}
			}
		}
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	var moved time.Time
	switch r.Freq {
	case Daily, Weekly:
		step := interval
		if r.Freq == Weekly {
			step *= 7
		}
		days := int((day(near).Unix() - day(start).Unix()) / 86400) // no Duration: it ends at 292 years
		moved = time.Date(start.Year(), start.Month(), start.Day()+days/step*step, 0, 0, 0, 0, loc)
	case Monthly:
		months := (near.Year()-start.Year())*12 + int(near.Month()-start.Month())
		moved = time.Date(start.Year(), start.Month()+time.Month(months/interval*interval), 1, 0, 0, 0, 0, loc)
	default:
		moved = time.Date(start.Year()+(near.Year()-start.Year())/interval*interval, 1, 1, 0, 0, 0, 0, loc)
	}
	if r.Freq == Weekly {
		// The week of the moved start, from its first day (WKST).
		ws := time.Monday
		if r.HasWeekStart {
			ws = r.WeekStart
		}
		moved = moved.AddDate(0, 0, -((int(moved.Weekday()) - int(ws) + 7) % 7))
		if moved.Before(start) {
			return rrule.NewRRule(o)
		}
	}
	if moved.After(start) {
		o.Dtstart = moved
	}
	return rrule.NewRRule(o)
}

// Occurrences returns the occurrences of e that overlap [from, to),
// soonest first, at most limit of them (≤ 0 or more than
// [MaxOccurrences] means MaxOccurrences). For an event that does not
// repeat it is the event itself, if it overlaps. overrides are the
// changed occurrences of the series (events whose SeriesID is e.ID); each
// replaces the occurrence with its RecurrenceID, at its own dates. A
// series whose rule cannot be read gives its first date only.
func (e *Event) Occurrences(from, to time.Time, limit int, overrides []*Event) []Occurrence {
	if limit <= 0 || limit > MaxOccurrences {
		limit = MaxOccurrences
	}
	// The store's rule for lists: an event is in the window when it
	// starts before its end and has not ended (or started) before from.
	overlaps := func(s, end time.Time) bool {
		if end.IsZero() || end.Before(s) {
			end = s
		}
		return s.Before(to) && !end.Before(from)
	}
	single := func() []Occurrence {
		if overlaps(e.Start, e.End) {
			return []Occurrence{{Event: e, Start: e.Start, End: e.End}}
		}
		return nil
	}
	r, ok := e.ParsedRule()
	if !ok {
		return single()
	}
	// The longest an occurrence lasts: anything starting that much
	// before from may still overlap the window.
	reach := time.Duration(0)
	if !e.End.IsZero() {
		reach = e.End.Sub(e.Start) + 2*time.Hour
	}
	rr, err := e.rrule(r, from.Add(-reach))
	if err != nil {
		return single()
	}
	byOrig := map[int64]*Event{}
	for _, o := range overrides {
		if o != nil && o.SeriesID == e.ID {
			byOrig[o.RecurrenceID.UnixMilli()] = o
		}
	}
	except := map[int64]bool{}
	for _, t := range e.Repeat.Except {
		except[t.UnixMilli()] = true
	}
	var out []Occurrence
	seen := map[int64]bool{}
	add := func(orig time.Time) {
		k := orig.UnixMilli()
		if seen[k] || except[k] {
			return
		}
		seen[k] = true
		if o := byOrig[k]; o != nil {
			delete(byOrig, k)
			if overlaps(o.Start, o.End) {
				out = append(out, Occurrence{Event: o, Start: o.Start, End: o.End, Original: orig, SeriesID: e.ID})
			}
			return
		}
		end := e.endOf(orig)
		if overlaps(orig, end) {
			out = append(out, Occurrence{Event: e, Start: orig, End: end, Original: orig, SeriesID: e.ID})
		}
	}
	next := rr.Iterator()
	for steps := 0; steps < maxSteps && len(out) < limit; steps++ {
		t, ok := next()
		if !ok || !t.Before(to) {
			break
		}
		if t.Add(reach).Before(from) {
			continue
		}
		add(t)
	}
	for _, t := range e.Repeat.Extra {
		add(t.In(e.Zone()))
	}
	// Changed occurrences moved into the window from a date outside it.
	for k, o := range byOrig {
		if except[k] || !overlaps(o.Start, o.End) {
			continue
		}
		out = append(out, Occurrence{Event: o, Start: o.Start, End: o.End, Original: time.UnixMilli(k).In(e.Zone()), SeriesID: e.ID})
	}
	slices.SortStableFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// IsOccurrence reports whether t is the original start of one of e's
// occurrences (a date the rule or RDATE gives and EXDATE does not take
// away). It walks at most as far as the rule needs to reach t.
func (e *Event) IsOccurrence(t time.Time) bool {
	if !e.Repeats() {
		return false
	}
	for _, o := range e.Occurrences(t, t.Add(time.Millisecond), 0, nil) {
		if o.Original.Equal(t) {
			return true
		}
	}
	return false
}

// LastEnd returns the end (or start, without an end) of the series' last
// occurrence by its rule and extra dates; ok is false when the series
// never ends (no COUNT or UNTIL) or e does not repeat.
func (e *Event) LastEnd() (t time.Time, ok bool) {
	r, parsed := e.ParsedRule()
	if !parsed || (r.Count == 0 && r.UntilKind == UntilNone) {
		return time.Time{}, false
	}
	// From a little before UNTIL; a COUNT is walked from the start, at
	// most lastEndSteps dates (a longer series counts as never ending).
	n := -2 * max(r.Interval, 1)
	until := r.UntilIn(e.Zone())
	near := map[Freq]time.Time{Daily: until.AddDate(0, 0, n), Weekly: until.AddDate(0, 0, 7*n),
		Monthly: until.AddDate(0, n, 0), Yearly: until.AddDate(n, 0, 0)}[r.Freq]
	rr, err := e.rrule(r, near)
	if err != nil {
		return time.Time{}, false
	}
	last := e.Start
	next := rr.Iterator()
	for steps := 0; ; steps++ {
		s, more := next()
		if !more {
			break
		}
		if steps == maxSteps || r.Count > 0 && steps == lastEndSteps {
			return time.Time{}, false
		}
		last = s
	}
	for _, x := range e.Repeat.Extra {
		if x.After(last) {
			last = x
		}
	}
	if end := e.endOf(last); !end.IsZero() {
		return end, true
	}
	return last, true
}

// OccurrenceAt returns the occurrence of series e whose original start is
// orig: the changed occurrence among overrides that replaces it, else the
// date the rule gives. ok is false when e has no occurrence there (or it
// is an exception).
func (e *Event) OccurrenceAt(orig time.Time, overrides []*Event) (Occurrence, bool) {
	if !e.Repeats() {
		return Occurrence{}, false
	}
	for _, x := range e.Repeat.Except {
		if x.Equal(orig) {
			return Occurrence{}, false
		}
	}
	for _, o := range overrides {
		if o != nil && o.SeriesID == e.ID && o.RecurrenceID.Equal(orig) {
			return Occurrence{Event: o, Start: o.Start, End: o.End, Original: orig, SeriesID: e.ID}, true
		}
	}
	for _, o := range e.Occurrences(orig, orig.Add(time.Millisecond), 0, nil) {
		if o.Original.Equal(orig) {
			return o, true
		}
	}
	return Occurrence{}, false
}

// ParseKey splits an [Occurrence.Key] into the event or series ID and,
// for an occurrence of a series, its original start.
func ParseKey(key string) (id string, orig time.Time) {
	id, ms, ok := strings.Cut(key, "@")
	if !ok {
		return key, time.Time{}
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return key, time.Time{}
	}
	return id, time.UnixMilli(n).UTC()
}
