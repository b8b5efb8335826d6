package date

import (
	"fmt"
	"time"
)

// The Solar Hijri calendar (also called the Persian, Jalali or Iranian
// calendar) is the civil calendar of Iran and Afghanistan. Its year
// starts at Nowruz, the March equinox: 1 Farvardin 1405 is 21 March 2026.
// Its first six months have 31 days, the next five 30, and Esfand, the
// last, 29 — or 30 in a leap year.
//
// The official calendar places Nowruz by astronomy (the day on which the
// equinox falls before noon in Tehran), so its leap years do not follow a
// simple cycle: 1403 was a leap year and 1404 was not, where the popular
// "33-year cycle" rule says the reverse. The arithmetic below is Kazimierz
// Borkowski's ("The Persian calendar for 3000 years", Earth, Moon, and
// Planets 74, 1996), the one the jalaali libraries for JavaScript, Python
// and Go use: a table of "break" years between which leap years fall
// every four years in 33-year cycles. It matches the astronomical calendar
// for 1178–1633 SH (1799–2254 CE) and is defined for the years
// [MinSolarHijriYear] to [MaxSolarHijriYear].

// The range of Solar Hijri years the conversion is defined for.
const (
	MinSolarHijriYear = -61
	MaxSolarHijriYear = 3177
)

// breaks are the Solar Hijri years at which Borkowski's 33-year pattern
// of leap years changes phase; the last one bounds the table.
var breaks = [...]int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
	1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178}

// SolarHijriMonthDays are the lengths of the twelve months of a common
// Solar Hijri year; Esfand has 30 days in a leap year.
var SolarHijriMonthDays = [12]int{31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29}

// floorDiv is integer division rounding down (for negative years).
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// floorMod is a modulo whose result has the sign of b.
func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// solarHijriYear returns the Gregorian day of March on which year jy
// begins (1 Farvardin is March march of Gregorian year jy+621; the day may
// be given as 20, 21 or 22) and whether jy is a leap year. jy must be in
// range.
func solarHijriYear(jy int) (march int, leap bool) {
	gy := jy + 621
	leapJ := -14
	jp := breaks[0]
	jump := 0
	for _, jm := range breaks[1:] {
		jump = jm - jp
		if jy < jm {
			break
		}
		leapJ += floorDiv(jump, 33)*8 + floorDiv(floorMod(jump, 33), 4)
		jp = jm
	}
	n := jy - jp
	// Leap years from 621 CE to the start of jy in this calendar...
	leapJ += floorDiv(n, 33)*8 + floorDiv(floorMod(n, 33)+3, 4)
	if floorMod(jump, 33) == 4 && jump-n == 4 {
		leapJ++
	}
	// ... and in the Gregorian calendar up to gy.
	leapG := floorDiv(gy, 4) - floorDiv((floorDiv(gy, 100)+1)*3, 4) - 150
	march = 20 + leapJ - leapG
	// Years since the last leap year.
	if jump-n < 6 {
		n = n - jump + floorDiv(jump+4, 33)*33
	}
	r := floorMod(floorMod(n+1, 33)-1, 4)
	return march, r == 0
}

// SolarHijriInRange reports whether year is a Solar Hijri year the
// conversion is defined for.
func SolarHijriInRange(year int) bool {
	return year >= MinSolarHijriYear && year <= MaxSolarHijriYear
}

// IsSolarHijriLeap reports whether the Solar Hijri year has 366 days
// (Esfand 30 exists). It is false for years out of range.
func IsSolarHijriLeap(year int) bool {
	if !SolarHijriInRange(year) {
		return false
	}
	_, leap := solarHijriYear(year)
	return leap
}

// SolarHijriDaysIn returns the number of days of month (1–12) in the
// Solar Hijri year, or 0 for a month or year out of range.
func SolarHijriDaysIn(year, month int) int {
	if month < 1 || month > 12 || !SolarHijriInRange(year) {
		return 0
	}
	if month == 12 && IsSolarHijriLeap(year) {
		return 30
	}
	return SolarHijriMonthDays[month-1]
}

// nowruz returns 1 Farvardin of the Solar Hijri year (in range).
func nowruz(year int) Date {
	march, _ := solarHijriYear(year)
	return New(year+621, time.March, march)
}

// FromSolarHijri returns the date of day of month in the Solar Hijri
// year. A year out of range, a month other than 1–12 or a day the month
// does not have is an error wrapping [ErrInvalid].
func FromSolarHijri(year, month, day int) (Date, error) {
	n := SolarHijriDaysIn(year, month)
	if n == 0 || day < 1 || day > n {
		return Date{}, fmt.Errorf("%w: %d/%02d/%02d is not a Solar Hijri date", ErrInvalid, year, month, day)
	}
	offset := (month-1)*31 + day - 1
	if month > 7 {
		offset = 6*31 + (month-7)*30 + day - 1
	}
	return nowruz(year).AddDays(offset), nil
}

// SolarHijri returns the Solar Hijri year, month (1–12) and day of d; ok
// is false (and the numbers 0) for the zero Date and for days outside the
// years the conversion is defined for.
func (d Date) SolarHijri() (year, month, day int, ok bool) {
	if d.IsZero() {
		return 0, 0, 0, false
	}
	year = d.Year - 621
	if year > MaxSolarHijriYear+1 || year < MinSolarHijriYear {
		return 0, 0, 0, false
	}
	if year > MaxSolarHijriYear || d.Before(nowruz(year)) {
		year--
	}
	if !SolarHijriInRange(year) {
		return 0, 0, 0, false
	}
	k := d.daysSince(nowruz(year))
	if k < 6*31 {
		month, day = 1+k/31, 1+k%31
	} else {
		month, day = 7+(k-6*31)/30, 1+(k-6*31)%30
	}
	if day > SolarHijriDaysIn(year, month) { // after the last year of the table
		return 0, 0, 0, false
	}
	return year, month, day, true
}

// daysSince returns the number of days from earlier to d (negative when
// d is before earlier); the two must be less than about 290 years apart.
func (d Date) daysSince(earlier Date) int {
	return int(d.Time(time.UTC).Sub(earlier.Time(time.UTC)) / (24 * time.Hour))
}
