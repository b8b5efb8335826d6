package ics

import (
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	tzzones "github.com/safehouse-app/safehouse/internal/zones"
)

// loadIANA loads name if it is a plausible IANA zone name. Names are
// checked before they reach the file system: letters, digits and "/_+-"
// only, no "..", not absolute, not "Local" (which depends on the machine).
func loadIANA(name string) (*time.Location, bool) {
	if name == "" || len(name) > 64 || name == "Local" || strings.Contains(name, "..") || name[0] == '/' {
		return nil, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("/_+-", c) >= 0) {
			return nil, false
		}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	return loc, true
}

// tzone is what a TZID resolved to: an IANA zone, or the observances of
// the file's VTIMEZONE.
type tzone struct {
	name string         // IANA name; "" when only offsets are known
	loc  *time.Location // the IANA zone, or nil
	vz   *vtz           // the file's definition, when loc is nil
}

// vtz is a VTIMEZONE read from a file.
type vtz struct {
	id  string
	obs []obs
	// location is X-LIC-LOCATION (libical, Thunderbird), if any.
	location string
}

// obs is one STANDARD or DAYLIGHT observance. Wall times are kept as UTC
// times holding the local clock reading.
type obs struct {
	start    time.Time
	from, to int            // offsets in seconds
	rule     *rrule.ROption // yearly, without COUNT
	rdates   []time.Time
}

// maxVTZObservances bounds the observances read from one VTIMEZONE.
const maxVTZObservances = 1000

// readVTimezone reads a VTIMEZONE component; ok is false when it has no
// usable observance.
func readVTimezone(c *ical.Component) (*vtz, bool) {
	z := &vtz{id: strings.TrimSpace(propValue(c, ical.PropTimezoneID))}
	if p := c.Props.Get("X-LIC-LOCATION"); p != nil {
		z.location = strings.TrimSpace(unescapeText(p.Value))
	}
	for _, ch := range c.Children {
		if len(z.obs) >= maxVTZObservances {
			break
		}
		if ch.Name != ical.CompTimezoneStandard && ch.Name != ical.CompTimezoneDaylight {
			continue
		}
		start, ok := parseWall(propValue(ch, ical.PropDateTimeStart))
		if !ok {
			continue
		}
		from, ok1 := parseOffset(propValue(ch, ical.PropTimezoneOffsetFrom))
		to, ok2 := parseOffset(propValue(ch, ical.PropTimezoneOffsetTo))
		if !ok1 || !ok2 {
			continue
		}
		o := obs{start: start, from: from, to: to}
		if p := ch.Props.Get(ical.PropRecurrenceRule); p != nil {
			if opt, err := rrule.StrToROption(p.Value); err == nil && cheapRule(opt) {
				if !opt.Until.IsZero() && strings.HasSuffix(strings.ToUpper(untilValue(p.Value)), "Z") {
					// UNTIL is UTC (RFC 5545 section 3.6.5); rules are
					// evaluated on wall times, in the offset before the onset.
					opt.Until = opt.Until.Add(time.Duration(from) * time.Second)
				}
				o.rule = opt
			}
		}
		for _, p := range ch.Props.Values(ical.PropRecurrenceDates) {
			for _, v := range strings.Split(p.Value, ",") {
				if t, ok := parseWall(v); ok && len(o.rdates) < maxVTZObservances {
					o.rdates = append(o.rdates, t)
				}
			}
		}
		z.obs = append(z.obs, o)
	}
	return z, len(z.obs) > 0
}

// cheapRule reports whether a VTIMEZONE rule is one zones use (yearly,
// by month and weekday or month day) and so cheap to evaluate; anything
// else is ignored. COUNT is dropped: rules are evaluated from the year
// before the wanted time (see yearlyBefore), so counting would be wrong.
func cheapRule(o *rrule.ROption) bool {
	if o.Freq != rrule.YEARLY || o.Interval > 1 {
		return false
	}
	if len(o.Byhour)+len(o.Byminute)+len(o.Bysecond)+len(o.Byyearday)+len(o.Byweekno)+len(o.Byeaster) > 0 {
		return false
	}
	if len(o.Bymonth) > 12 || len(o.Byweekday) > 7 || len(o.Bymonthday) > 7 || len(o.Bysetpos) > 2 {
		return false
	}
	o.Count = 0
	return true
}

// yearlyBefore returns the last occurrence of the yearly rule (starting
// at start) at or before wall, or the zero time. The rule is evaluated
// from the year before wall, so the cost does not grow with the distance
// from start.
func yearlyBefore(opt *rrule.ROption, start, wall time.Time) time.Time {
	o := *opt
	o.Dtstart = start
	if !o.Until.IsZero() && o.Until.Before(wall) {
		// A rule that ended: its last occurrence is at or before UNTIL.
		wall = o.Until
	}
	if y := wall.Year() - 1; y > start.Year() {
		// From 1 January of that year, with the month and day that the
		// rule takes from its start made explicit: a later start date
		// ("31 October" for "last Sunday of October") would otherwise
		// skip that year's occurrence.
		if len(o.Bymonth) == 0 {
			o.Bymonth = []int{int(start.Month())}
		}
		if len(o.Bymonthday) == 0 && len(o.Byweekday) == 0 {
			o.Bymonthday = []int{start.Day()}
		}
		o.Dtstart = time.Date(y, 1, 1, start.Hour(), start.Minute(), start.Second(), 0, time.UTC)
	}
	r, err := rrule.NewRRule(o)
	if err != nil {
		return time.Time{}
	}
	return r.Before(wall, true)
}

// offsetAt returns the UTC offset in force at the local wall time (held
// as a UTC time): that of the latest observance onset at or before it.
func (z *vtz) offsetAt(wall time.Time) int {
	best, bestOff, found := time.Time{}, 0, false
	earliest, earliestOff := time.Time{}, 0
	consider := func(onset time.Time, off int) {
		if onset.After(wall) {
			return
		}
		if !found || onset.After(best) {
			best, bestOff, found = onset, off, true
		}
	}
	for _, o := range z.obs {
		if earliest.IsZero() || o.start.Before(earliest) {
			earliest, earliestOff = o.start, o.from
		}
		consider(o.start, o.to)
		for _, d := range o.rdates {
			consider(d, o.to)
		}
		if o.rule != nil && !o.start.After(wall) {
			if t := yearlyBefore(o.rule, o.start, wall); !t.IsZero() {
				consider(t, o.to)
			}
		}
	}
	if !found {
		// Before every observance: the offset the first one comes from.
		return earliestOff
	}
	return bestOff
}

// instant converts a wall time in z to an instant.
func (z *vtz) instant(wall time.Time) time.Time {
	return wall.Add(-time.Duration(z.offsetAt(wall)) * time.Second)
}

// parseWall parses a local DATE-TIME ("20060102T150405") into a UTC time
// holding the same clock reading.
func parseWall(v string) (time.Time, bool) {
	t, err := time.Parse("20060102T150405", strings.TrimSuffix(strings.TrimSpace(v), "Z"))
	return t, err == nil
}

// parseOffset parses a UTC-OFFSET value (±hhmm or ±hhmmss).
func parseOffset(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if len(v) != 5 && len(v) != 7 {
		return 0, false
	}
	sign := 1
	switch v[0] {
	case '+':
	case '-':
		sign = -1
	default:
		return 0, false
	}
	n := 0
	parts := []int{}
	for i := 1; i < len(v); i += 2 {
		x, err := strconv.Atoi(v[i : i+2])
		if err != nil || x < 0 {
			return 0, false
		}
		parts = append(parts, x)
	}
	if parts[0] > 23 || parts[1] > 59 || (len(parts) == 3 && parts[2] > 59) {
		return 0, false
	}
	n = parts[0]*3600 + parts[1]*60
	if len(parts) == 3 {
		n += parts[2]
	}
	return sign * n, true
}

// propValue is the raw value of c's first property name, or "".
func propValue(c *ical.Component, name string) string {
	if p := c.Props.Get(name); p != nil {
		return p.Value
	}
	return ""
}

// maxZoneLookups bounds the distinct TZIDs looked up in the zone database
// for one file.
const maxZoneLookups = 200

// zones resolves TZIDs for one file, caching the answers.
type zones struct {
	defs    map[string]*vtz
	cache   map[string]*tzone
	lookups int
}

// resolve returns what tzid stands for, or nil when it is unknown.
func (zs *zones) resolve(tzid string) *tzone {
	tzid = strings.TrimSpace(tzid)
	if z, ok := zs.cache[tzid]; ok {
		return z
	}
	var z *tzone
	if zs.lookups < maxZoneLookups {
		zs.lookups++
		z = zs.lookup(tzid)
	}
	zs.cache[tzid] = z
	return z
}

func (zs *zones) lookup(tzid string) *tzone {
	iana := func(name string) *tzone {
		if loc, ok := loadIANA(name); ok {
			if name == "Etc/UTC" || name == "Etc/GMT" || name == "GMT" {
				name = "UTC"
			}
			return &tzone{name: name, loc: loc}
		}
		return nil
	}
	if z := iana(tzid); z != nil {
		return z
	}
	if n, ok := tzzones.FromWindows(tzid); ok {
		if z := iana(n); z != nil {
			return z
		}
	}
	// "/mozilla.org/20050126_1/Europe/Berlin", "/citadel.org/20190914_1/America/New_York"
	if strings.Contains(tzid, "/") {
		seg := strings.Split(strings.Trim(tzid, "/"), "/")
		for n := min(3, len(seg)); n >= 2; n-- {
			if z := iana(strings.Join(seg[len(seg)-n:], "/")); z != nil {
				return z
			}
		}
	}
	def := zs.defs[tzid]
	if def == nil {
		return nil
	}
	if z := iana(def.location); z != nil {
		return z
	}
	return &tzone{vz: def}
}

// localInstant converts a wall-clock reading (held as a UTC time) in loc
// to an instant as RFC 5545 section 3.3.5 asks: a time repeated when
// clocks go back means its first occurrence; a time skipped when clocks
// go forward is read with the offset in force before the gap.
func localInstant(wall time.Time, loc *time.Location) time.Time {
	var best time.Time
	for _, probe := range []time.Duration{-26 * time.Hour, 0, 26 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		c := wall.Add(-time.Duration(off) * time.Second)
		if _, o := c.In(loc).Zone(); o == off && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	if !best.IsZero() {
		return best.In(loc)
	}
	// In a gap: clocks went forward from offset a to a larger b, so the
	// instant wall - b is before the change and has the offset a that the
	// RFC asks for.
	_, b := wall.Add(-26 * time.Hour).In(loc).Zone()
	for _, probe := range []time.Duration{0, 26 * time.Hour} {
		if _, off := wall.Add(probe).In(loc).Zone(); off > b {
			b = off
		}
	}
	_, a := wall.Add(-time.Duration(b) * time.Second).In(loc).Zone()
	return wall.Add(-time.Duration(a) * time.Second).In(loc)
}

// untilValue returns the UNTIL part of an RRULE value, or "".
func untilValue(rule string) string {
	for _, part := range strings.Split(rule, ";") {
		if k, v, ok := strings.Cut(part, "="); ok && strings.EqualFold(strings.TrimSpace(k), "UNTIL") {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
