package date

import (
	"fmt"
	"time"
)

// Calendar is a way of numbering the days: a [Date] is always stored as a
// Gregorian (ISO 8601) date, and a Calendar only changes how it is shown
// and typed.
type Calendar int

// The calendars Safehouse can show dates in.
const (
	// Gregorian is the calendar of ISO 8601 and of a [Date]'s fields.
	Gregorian Calendar = iota
	// SolarHijri is the Solar Hijri calendar of Iran (see
	// [Date.SolarHijri]).
	SolarHijri
)

// CalendarNamed returns the calendar with the name used in translation
// files: "solar_hijri" is [SolarHijri]; anything else is [Gregorian].
func CalendarNamed(name string) Calendar {
	if name == "solar_hijri" {
		return SolarHijri
	}
	return Gregorian
}

// String returns the calendar's name as [CalendarNamed] reads it.
func (c Calendar) String() string {
	if c == SolarHijri {
		return "solar_hijri"
	}
	return "gregorian"
}

// Split returns the year, month (1–12) and day of d in c; ok is false for
// the zero Date and for a day c cannot name (the Solar Hijri calendar is
// defined for a bounded range of years).
func (c Calendar) Split(d Date) (year, month, day int, ok bool) {
	if d.IsZero() {
		return 0, 0, 0, false
	}
	if c == SolarHijri {
		return d.SolarHijri()
	}
	return d.Year, int(d.Month), d.Day, true
}

// Join returns the date named by year, month and day in c. A month other
// than 1–12, a day the month does not have or a year out of c's range is
// an error wrapping [ErrInvalid].
func (c Calendar) Join(year, month, day int) (Date, error) {
	if c == SolarHijri {
		return FromSolarHijri(year, month, day)
	}
	if month < 1 || month > 12 || day < 1 || day > c.DaysIn(year, month) || year < 1 || year > 9999 {
		return Date{}, fmt.Errorf("%w: %04d-%02d-%02d", ErrInvalid, year, month, day)
	}
	return Date{year, time.Month(month), day}, nil
}

// DaysIn returns the number of days of month (1–12) of year in c, or 0 if
// c has no such month.
func (c Calendar) DaysIn(year, month int) int {
	if c == SolarHijri {
		return SolarHijriDaysIn(year, month)
	}
	if month < 1 || month > 12 {
		return 0
	}
	return New(year, time.Month(month)+1, 0).Day
}

// AddMonths returns d moved by n months of c, keeping its day where the
// month has it (31 Farvardin + 6 months is 30 Mehr, 31 January + 1 month
// is 28 or 29 February). ok is false when c cannot name d or the result.
func (c Calendar) AddMonths(d Date, n int) (Date, bool) {
	y, m, day, ok := c.Split(d)
	if !ok {
		return Date{}, false
	}
	m0 := m - 1 + n
	y += floorDiv(m0, 12)
	m = floorMod(m0, 12) + 1
	days := c.DaysIn(y, m)
	if days == 0 {
		return Date{}, false
	}
	out, err := c.Join(y, m, min(day, days))
	return out, err == nil
}
