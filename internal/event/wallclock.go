package event

import (
	"fmt"
	"strings"
	"time"
)

// Adjustment says how a local time typed by the user was read when the
// clocks change around it.
type Adjustment int

const (
	// AdjustNone: the time happens once; it was read as typed.
	AdjustNone Adjustment = iota
	// AdjustRepeated: the time happens twice (clocks go back); the
	// first occurrence was taken.
	AdjustRepeated
	// AdjustSkipped: the time does not exist (clocks go forward); it was
	// read with the offset before the change, so it moved forward by the
	// length of the gap (02:30 becomes 03:30).
	AdjustSkipped
)

// ParseLocalAdjusted is [ParseLocal] that also says whether the time was
// in a repeated or skipped hour. Such times are read as iCalendar import
// reads them (RFC 5545 section 3.3.5), the same in every zone: a
// repeated time means its first occurrence, a skipped time is read with
// the offset before the gap.
func ParseLocalAdjusted(s, zone string) (time.Time, Adjustment, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, AdjustNone, nil
	}
	loc, err := loadZone(zone)
	if err != nil {
		return time.Time{}, AdjustNone, fmt.Errorf("unknown time zone %q: %w", zone, err)
	}
	for _, layout := range localLayouts {
		if wall, err := time.Parse(layout, s); err == nil {
			t, adj := WallInZone(wall, loc)
			return t, adj, nil
		}
	}
	return time.Time{}, AdjustNone, fmt.Errorf("%w %q: want YYYY-MM-DDTHH:MM", ErrBadTime, s)
}

// WallInZone returns the instant at which the clocks in loc show wall's
// date and time (wall's own zone is ignored), by the rule of
// [ParseLocalAdjusted], and how it was read.
func WallInZone(wall time.Time, loc *time.Location) (time.Time, Adjustment) {
	w := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), time.UTC)
	var found []time.Time
	for _, probe := range []time.Duration{-26 * time.Hour, 0, 26 * time.Hour} {
		_, off := w.Add(probe).In(loc).Zone()
		c := w.Add(-time.Duration(off) * time.Second)
		if _, o := c.In(loc).Zone(); o == off {
			dup := false
			for _, f := range found {
				dup = dup || f.Equal(c)
			}
			if !dup {
				found = append(found, c)
			}
		}
	}
	switch {
	case len(found) == 1:
		return found[0].In(loc), AdjustNone
	case len(found) > 1:
		first := found[0]
		for _, f := range found[1:] {
			if f.Before(first) {
				first = f
			}
		}
		return first.In(loc), AdjustRepeated
	}
	// In a gap: clocks went forward from offset a to a larger b; the
	// instant w - b is before the change and has the offset a.
	_, b := w.Add(-26 * time.Hour).In(loc).Zone()
	for _, probe := range []time.Duration{0, 26 * time.Hour} {
		if _, off := w.Add(probe).In(loc).Zone(); off > b {
			b = off
		}
	}
	_, a := w.Add(-time.Duration(b) * time.Second).In(loc).Zone()
	return w.Add(-time.Duration(a) * time.Second).In(loc), AdjustSkipped
}
