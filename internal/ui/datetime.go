package ui

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/textfold"
)

// Date and time input. Fields keep the text layouts the forms parse and
// the architecture promises (ISO dates "2027-10-21", a 24-hour "14:30"),
// so typing keeps working; a calendar button (or Down) opens a date
// picker, and a time field turns what people type ("2:30 pm", "1430",
// Persian digits) into that layout when they leave it.
//
// In a language whose calendar is Solar Hijri (Persian, see
// i18n.Translator.Calendar) a date field shows "1406/07/30" and its
// picker shows Solar Hijri months; it still reads ISO dates, and reads a
// year from 1300 to 1499 as a Solar Hijri year (no event or follow-up is
// in those Gregorian years). Whatever the field shows, the form gets a
// Gregorian date.Date.
//
// Fyne's own widget.DateEntry writes dates in the system locale's layout
// (not ISO, not the interface language) and its Calendar names months in
// English and has no keyboard use, so Safehouse has its own.

// The Solar Hijri years a date field reads and writes as such.
const (
	fieldHijriFirst = 1300
	fieldHijriLast  = 1499
)

// splitTypedDate splits a date typed in year-month-day order
// ("2027-10-21", "2027/1/5", "۱۴۰۶/۰۷/۳۰", digits of any script) into its
// three numbers.
func splitTypedDate(text string) (y, m, d int, ok bool) {
	t := strings.TrimSpace(textfold.Fold(text))
	parts := strings.Split(strings.NewReplacer("/", "-", ".", "-").Replace(t), "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 || v < 0 {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	return n[0], n[1], n[2], true
}

// normalizeDate reads a typed Gregorian date in year-month-day order
// ("2027-10-21", "2027/1/5", "۲۰۲۷-۱۰-۲۱") and returns it as an ISO date.
func normalizeDate(text string) (string, bool) {
	y, m, d, ok := splitTypedDate(text)
	if !ok {
		return "", false
	}
	v, err := date.Parse(strconv.Itoa(y) + "-" + pad2(m) + "-" + pad2(d))
	if err != nil {
		return "", false
	}
	return v.String(), true
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// readDate reads a date field's text in calendar cal: "" is no date; a
// Gregorian date normalizeDate understands; in the Solar Hijri calendar
// also a Solar Hijri date from 1300 to 1499 ("1406/07/30",
// "۱۴۰۶-۷-۳۰"). Anything else, a month 13 or a 31 Mehr included, is an
// error wrapping date.ErrInvalid.
func readDate(cal date.Calendar, text string) (date.Date, error) {
	if strings.TrimSpace(text) == "" {
		return date.Date{}, nil
	}
	if y, m, d, ok := splitTypedDate(text); ok && cal == date.SolarHijri && y >= fieldHijriFirst && y <= fieldHijriLast {
		return date.FromSolarHijri(y, m, d)
	}
	if n, ok := normalizeDate(text); ok {
		text = n
	}
	return date.Parse(strings.TrimSpace(text))
}

// fieldText is what a date field in calendar cal shows for d: an ISO date,
// or in the Solar Hijri calendar "1406/07/30" (in Latin digits, as time
// fields show "14:30") for the years the field reads back as Solar Hijri.
func fieldText(cal date.Calendar, d date.Date) string {
	if d.IsZero() {
		return ""
	}
	if y, m, day, ok := date.SolarHijri.Split(d); ok && cal == date.SolarHijri && y >= fieldHijriFirst && y <= fieldHijriLast {
		return strconv.Itoa(y) + "/" + pad2(m) + "/" + pad2(day)
	}
	return d.String()
}

// formatDate writes a calendar date ("" for none) the way the interface
// language's date fields show it (fieldText), ready for a form field.
func formatDate(env *Env, d date.Date) string { return fieldText(env.Tr.Calendar(), d) }

// parseDateField reads a date field in the interface language's calendar
// (readDate).
func parseDateField(env *Env, text string) (date.Date, error) {
	return readDate(env.Tr.Calendar(), text)
}

// normalizeClock returns a typed time of day as "HH:MM" (see
// date.ParseClock), or the text unchanged when it is not one.
func normalizeClock(text string) string {
	h, m, err := date.ParseClock(text)
	if err != nil {
		return text
	}
	return date.FormatClock(h, m)
}

// plainNumber writes n in the interface language's digits without
// grouping (a year is "2027", not "2,027").
func plainNumber(env *Env, n int) string {
	return message.NewPrinter(language.Make(env.Tr.Lang())).Sprint(number.Decimal(n, number.NoSeparator()))
}
