package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/safehouse-app/safehouse/internal/date"
)

// Locale-aware formatting of numbers, dates and times.
//
// Numbers follow the CLDR data in golang.org/x/text: grouping ("12,345",
// "12.345", "12 345") and digits (Persian "۱۲۳", Arabic "١٢٣"). Dates and
// times have no CLDR patterns in x/text, so their shape comes from the
// translation files: "format.date" arranges {{.Day}}, {{.Month}} and
// {{.Year}}, "format.month.N" names the months, "format.time" arranges
// {{.Hour}} and {{.Minute}} (24-hour) and "format.date_time" joins both.
// A translator can therefore fix a date format without touching code.
//
// "format.calendar" chooses the calendar dates are shown in: Persian shows
// the Solar Hijri calendar ("۳۰ مهر ۱۴۰۶", months named by
// "format.solar_hijri.month.N"), every other shipped language the
// Gregorian one. Only the text shown changes: a [date.Date] and every
// file stay Gregorian.
//
// Integers given to [Translator.T] and [Translator.N] as placeholder values
// are formatted with [Translator.Number] before they are inserted, so
// "{{.Count}} contacts" shows "۱۲ مخاطب" in Persian. Text values are left
// as they are.

// printer returns the x/text printer for the language in use.
func (t *Translator) printer() *message.Printer {
	t.mu.RLock()
	tag := t.tag
	t.mu.RUnlock()
	return message.NewPrinter(tag)
}

// Number formats n with the grouping and digits of the language in use.
func (t *Translator) Number(n int) string {
	return t.printer().Sprint(number.Decimal(n))
}

// digits formats n without grouping, padded with zeros to at least min
// digits, in the digits of the language in use ("07", "۰۷").
func (t *Translator) digits(p *message.Printer, n, min int) string {
	return p.Sprint(number.Decimal(n, number.NoSeparator(), number.MinIntegerDigits(min)))
}

// Date formats the calendar day of tm (in tm's own zone) the way the
// language writes dates, for example "27 November 2026" or "۲۷ نوامبر ۲۰۲۶".
// The zero time gives "".
//
// In a language whose calendar is Solar Hijri, it is that calendar's day:
// "۳۰ مهر ۱۴۰۶" for 22 October 2027 in Persian.
func (t *Translator) Date(tm time.Time) string {
	if tm.IsZero() {
		return ""
	}
	p := t.printer()
	if t.Calendar() == date.SolarHijri {
		if y, m, d, ok := date.Of(tm).SolarHijri(); ok {
			return t.T("format.date",
				"Day", t.digits(p, d, 1),
				"Month", t.SolarHijriMonth(m),
				"Year", t.digits(p, y, 4))
		}
	}
	return t.T("format.date",
		"Day", t.digits(p, tm.Day(), 1),
		"Month", t.T("format.month."+strconv.Itoa(int(tm.Month()))),
		"Year", t.digits(p, tm.Year(), 4))
}

// Calendar returns the calendar the language shows dates in, as its
// translation file names it in "format.calendar" (an unknown name is the
// Gregorian calendar).
func (t *Translator) Calendar() date.Calendar {
	return date.CalendarNamed(strings.TrimSpace(t.T("format.calendar")))
}

// SolarHijriMonth returns the name of a Solar Hijri month (1–12) in the
// language in use.
func (t *Translator) SolarHijriMonth(month int) string {
	return t.T("format.solar_hijri.month." + strconv.Itoa(month))
}

// Clock formats the time of day of tm (in tm's own zone), 24-hour.
func (t *Translator) Clock(tm time.Time) string {
	p := t.printer()
	return t.T("format.time", "Hour", t.digits(p, tm.Hour(), 2), "Minute", t.digits(p, tm.Minute(), 2))
}

// DateTime formats the day and time of tm (in tm's own zone).
func (t *Translator) DateTime(tm time.Time) string {
	if tm.IsZero() {
		return ""
	}
	return t.T("format.date_time", "Date", t.Date(tm), "Time", t.Clock(tm))
}

// localNumbers replaces the integer values of data by their formatted text.
func (t *Translator) localNumbers(data map[string]any) map[string]any {
	for k, v := range data {
		switch n := v.(type) {
		case int:
			data[k] = t.Number(n)
		case int64:
			data[k] = t.Number(int(n))
		case int32:
			data[k] = t.Number(int(n))
		}
	}
	return data
}

// rtlScripts are the scripts written right to left.
var rtlScripts = map[string]bool{
	"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true,
	"Adlm": true, "Rohg": true, "Mand": true, "Samr": true, "Yezi": true,
}

// IsRTL reports whether the language tag is written right to left: its
// script, given or most likely (Arabic, Persian, Urdu, Hebrew...), runs
// right to left. Unknown or malformed tags are left to right.
func IsRTL(tag string) bool {
	t, err := language.Parse(tag)
	if err != nil {
		return false
	}
	s, conf := t.Script()
	return conf != language.No && rtlScripts[s.String()]
}

// RTL reports whether the language in use is written right to left.
func (t *Translator) RTL() bool { return IsRTL(t.Lang()) }
