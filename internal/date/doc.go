// Package date provides [Date], a calendar date without time of day or
// zone, used for follow-ups and task due dates.
//
// # Format
//
// A Date is written as "YYYY-MM-DD" (ISO 8601 calendar date) in text, JSON
// and the database; the zero Date is written as the empty string.
//
// # Calendars
//
// A Date is always a Gregorian date. A [Calendar] only changes how it is
// shown and read back: [SolarHijri], the civil calendar of Iran, is what
// the Persian interface shows (see [Date.SolarHijri] and
// [FromSolarHijri]). Nothing outside the interface ever holds a Solar
// Hijri date.
package date
