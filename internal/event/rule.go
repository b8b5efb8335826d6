package event

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Freq is how often a rule repeats.
type Freq string

// Frequencies a rule may have; more often than daily is refused.
const (
	Daily   Freq = "DAILY"
	Weekly  Freq = "WEEKLY"
	Monthly Freq = "MONTHLY"
	Yearly  Freq = "YEARLY"
)

// ErrRule is wrapped by the errors of [ParseRule].
var ErrRule = errors.New("invalid repeat rule")

// WeekdayNum is a BYDAY value: a weekday, and for monthly and yearly
// rules optionally which one of the month or year (2 = second, -1 = last;
// 0 = every).
type WeekdayNum struct {
	Day time.Weekday
	N   int
}

var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// String returns the BYDAY form, e.g. "TU", "2TU", "-1FR".
func (w WeekdayNum) String() string {
	if w.N == 0 {
		return dayCodes[w.Day]
	}
	return strconv.Itoa(w.N) + dayCodes[w.Day]
}

// ParseWeekday reads a two-letter weekday code (MO…SU, any case).
func ParseWeekday(s string) (time.Weekday, bool) {
	i := slices.Index(dayCodes[:], strings.ToUpper(strings.TrimSpace(s)))
	return time.Weekday(i), i >= 0
}

// UntilKind says how a rule's UNTIL was written.
type UntilKind int

// Forms of UNTIL.
const (
	UntilNone     UntilKind = iota
	UntilDate               // a date: the last day that may hold an occurrence
	UntilInstant            // a UTC date-time
	UntilFloating           // a local date-time, read in the event's zone
)

// Rule is a repeat rule: the subset of RFC 5545 RRULE that calendars
// write (FREQ DAILY to YEARLY, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY,
// BYMONTH, BYSETPOS, WKST). Its String form is canonical.
type Rule struct {
	Freq       Freq
	Interval   int // 1 when omitted
	Count      int // 0: no count
	UntilKind  UntilKind
	Until      time.Time // a date at midnight UTC, a UTC instant, or a wall time in UTC
	ByDay      []WeekdayNum
	ByMonthDay []int
	ByMonth    []int
	BySetPos   []int
	// WeekStart is WKST; the zero value Sunday is stored as -1 style
	// "unset" by keeping HasWeekStart false.
	WeekStart    time.Weekday
	HasWeekStart bool
}

// ParseRule reads an RRULE value (with or without "RRULE:") and checks
// it against the limits of this package.
func ParseRule(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if len(s) > 500 {
		return Rule{}, fmt.Errorf("%w: too long", ErrRule)
	}
	if len(s) >= 6 && strings.EqualFold(s[:6], "RRULE:") {
		s = s[6:]
	}
	var r Rule
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.ToUpper(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if !ok || v == "" {
			return Rule{}, fmt.Errorf("%w: %q", ErrRule, part)
		}
		if seen[k] {
			return Rule{}, fmt.Errorf("%w: %s twice", ErrRule, k)
		}
		seen[k] = true
		var err error
		switch k {
		case "FREQ":
			switch f := Freq(strings.ToUpper(v)); f {
			case Daily, Weekly, Monthly, Yearly:
				r.Freq = f
			default:
				err = fmt.Errorf("%w: FREQ=%s is not supported", ErrRule, v)
			}
		case "INTERVAL":
			r.Interval, err = intIn(v, 1, MaxInterval)
		case "COUNT":
			r.Count, err = intIn(v, 1, MaxCount)
		case "UNTIL":
			err = r.parseUntil(v)
		case "BYDAY":
			for _, d := range strings.Split(v, ",") {
				w, e := parseWeekdayNum(d)
				if e != nil {
					err = e
					break
				}
				r.ByDay = append(r.ByDay, w)
			}
		case "BYMONTHDAY":
			r.ByMonthDay, err = intList(v, 31)
		case "BYMONTH":
			r.ByMonth, err = intList(v, 12)
			for _, m := range r.ByMonth {
				if m < 1 {
					err = fmt.Errorf("%w: BYMONTH=%s", ErrRule, v)
				}
			}
		case "BYSETPOS":
			r.BySetPos, err = intList(v, 5)
		case "WKST":
			d, ok := ParseWeekday(v)
			if !ok {
				err = fmt.Errorf("%w: WKST=%s", ErrRule, v)
			}
			r.WeekStart, r.HasWeekStart = d, true
		default:
			err = fmt.Errorf("%w: %s is not supported", ErrRule, k)
		}
		if err != nil {
			return Rule{}, err
		}
	}
	if r.Freq == "" {
		return Rule{}, fmt.Errorf("%w: no FREQ", ErrRule)
	}
	if r.Count > 0 && r.UntilKind != UntilNone {
		return Rule{}, fmt.Errorf("%w: both COUNT and UNTIL", ErrRule)
	}
	return r, r.check()
}

// check refuses combinations that can never match, which would make the
// expansion walk to the year 9999 without finding anything.
func (r Rule) check() error {
	for _, w := range r.ByDay {
		if w.N != 0 && (r.Freq == Daily || r.Freq == Weekly) {
			return fmt.Errorf("%w: BYDAY=%s needs a monthly or yearly rule", ErrRule, w)
		}
		if w.N != 0 && len(r.ByMonthDay) > 0 {
			return fmt.Errorf("%w: BYDAY=%s with BYMONTHDAY", ErrRule, w)
		}
		if (w.N > 5 || w.N < -5) && (r.Freq == Monthly || len(r.ByMonth) > 0) {
			return fmt.Errorf("%w: BYDAY=%s", ErrRule, w)
		}
	}
	if len(r.BySetPos) > 0 && (len(r.ByDay) == 0 || len(r.ByMonthDay) > 0 || r.Freq == Daily) {
		return fmt.Errorf("%w: BYSETPOS needs BYDAY alone", ErrRule)
	}
	if len(r.ByMonthDay) > 0 && len(r.ByMonth) > 0 {
		ok := false
		for _, m := range r.ByMonth {
			for _, d := range r.ByMonthDay {
				ok = ok || abs(d) <= daysIn(time.Month(m))
			}
		}
		if !ok {
			return fmt.Errorf("%w: no such day in those months", ErrRule)
		}
	}
	return nil
}

// fits reports whether the day the start implies exists in the months
// the rule allows: a yearly or monthly rule without BYDAY or BYMONTHDAY
// repeats the start's day, which June or a rule of April, June,
// September and November never has when it is the 31st.
func (r Rule) fits(start time.Time) bool {
	if (r.Freq != Yearly && r.Freq != Monthly) || len(r.ByDay)+len(r.ByMonthDay) > 0 {
		return true
	}
	months := r.ByMonth
	if len(months) == 0 {
		if r.Freq == Monthly {
			return true
		}
		months = []int{int(start.Month())}
	}
	for _, m := range months {
		if start.Day() <= daysIn(time.Month(m)) {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// daysIn is the most days month m can have.
func daysIn(m time.Month) int {
	return time.Date(2024, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func intIn(s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%w: %q out of range %d to %d", ErrRule, s, lo, hi)
	}
	return n, nil
}

// intList reads comma-separated non-zero values between -limit and limit.
func intList(s string, limit int) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n == 0 || n < -limit || n > limit {
			return nil, fmt.Errorf("%w: %q", ErrRule, s)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: empty list", ErrRule)
	}
	return out, nil
}

func parseWeekdayNum(s string) (WeekdayNum, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) < 2 {
		return WeekdayNum{}, fmt.Errorf("%w: BYDAY=%q", ErrRule, s)
	}
	d, ok := ParseWeekday(s[len(s)-2:])
	if !ok {
		return WeekdayNum{}, fmt.Errorf("%w: BYDAY=%q", ErrRule, s)
	}
	w := WeekdayNum{Day: d}
	if num := s[:len(s)-2]; num != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(num, "+"))
		if err != nil || n == 0 || n < -53 || n > 53 {
			return WeekdayNum{}, fmt.Errorf("%w: BYDAY=%q", ErrRule, s)
		}
		w.N = n
	}
	return w, nil
}

func (r *Rule) parseUntil(v string) error {
	v = strings.ToUpper(v)
	var err error
	switch {
	case len(v) == 8:
		r.UntilKind = UntilDate
		r.Until, err = time.Parse("20060102", v)
	case len(v) == 16 && v[15] == 'Z':
		r.UntilKind = UntilInstant
		r.Until, err = time.Parse("20060102T150405Z", v)
	case len(v) == 15:
		r.UntilKind = UntilFloating
		r.Until, err = time.Parse("20060102T150405", v)
	default:
		err = errors.New("bad length")
	}
	if err != nil {
		return fmt.Errorf("%w: UNTIL=%s", ErrRule, v)
	}
	return nil
}

// String returns the rule's canonical RRULE value (without "RRULE:").
func (r Rule) String() string {
	parts := []string{"FREQ=" + string(r.Freq)}
	if r.Interval > 1 {
		parts = append(parts, "INTERVAL="+strconv.Itoa(r.Interval))
	}
	if r.Count > 0 {
		parts = append(parts, "COUNT="+strconv.Itoa(r.Count))
	}
	switch r.UntilKind {
	case UntilDate:
		parts = append(parts, "UNTIL="+r.Until.Format("20060102"))
	case UntilInstant:
		parts = append(parts, "UNTIL="+r.Until.UTC().Format("20060102T150405Z"))
	case UntilFloating:
		parts = append(parts, "UNTIL="+r.Until.Format("20060102T150405"))
	}
	if len(r.ByDay) > 0 {
		s := make([]string, len(r.ByDay))
		for i, w := range r.ByDay {
			s[i] = w.String()
		}
		parts = append(parts, "BYDAY="+strings.Join(s, ","))
	}
	ints := func(name string, v []int) {
		if len(v) > 0 {
			s := make([]string, len(v))
			for i, n := range v {
				s[i] = strconv.Itoa(n)
			}
			parts = append(parts, name+"="+strings.Join(s, ","))
		}
	}
	ints("BYMONTHDAY", r.ByMonthDay)
	ints("BYMONTH", r.ByMonth)
	ints("BYSETPOS", r.BySetPos)
	if r.HasWeekStart {
		parts = append(parts, "WKST="+dayCodes[r.WeekStart])
	}
	return strings.Join(parts, ";")
}

// UntilIn returns the last instant an occurrence may start, for a series
// in loc; zero when the rule has no UNTIL.
func (r Rule) UntilIn(loc *time.Location) time.Time {
	switch r.UntilKind {
	case UntilDate:
		return time.Date(r.Until.Year(), r.Until.Month(), r.Until.Day(), 23, 59, 59, 0, loc)
	case UntilInstant:
		return r.Until
	case UntilFloating:
		t, _ := WallInZone(r.Until, loc)
		return t
	}
	return time.Time{}
}

// UntilDay returns the date of the rule's UNTIL in loc (for display).
func (r Rule) UntilDay(loc *time.Location) time.Time {
	if r.UntilKind == UntilDate {
		return r.Until
	}
	t := r.UntilIn(loc).In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
