// Package ics writes Safehouse events and their tasks as iCalendar
// (RFC 5545) files and reads events from the iCalendar files that calendar
// apps export. It knows the format only: it never reaches the vault
// (package app compares a file with the vault, adds its events and
// collects what an export holds) and it reads and writes only the
// readers and writers it is handed.
//
// # Export
//
// [Encode] writes one VCALENDAR holding a VEVENT per event and a VTODO
// per task:
//
//   - UID is "<record ID>@safehouse.invalid", so exporting the same event
//     twice gives the same UID and calendar apps update it instead of
//     adding a copy; the reserved ".invalid" domain says the ID resolves
//     nowhere.
//   - DTSTART and DTEND are local times with a TZID naming the event's IANA
//     zone (e.g. "Europe/Berlin"), and the file holds a VTIMEZONE for each
//     zone used. The VTIMEZONE is generated from the zone transitions Go's
//     time package knows (the system's tz database), one STANDARD or
//     DAYLIGHT observance per transition over the span of the exported
//     events, so apps that ignore IANA names still compute the right
//     instants. Events planned in UTC use UTC times ("...Z") and need no
//     VTIMEZONE; so does a time in the second run of a repeated hour, which
//     a local time cannot name (X-SAFEHOUSE-TIMEZONE then keeps the zone).
//   - SUMMARY, LOCATION, DESCRIPTION; CATEGORIES holds the event kind;
//     STATUS is TENTATIVE (idea, planned), CONFIRMED (confirmed, done) or
//     CANCELLED, and X-SAFEHOUSE-STATUS keeps the exact status for a round
//     trip.
//   - A task becomes a VTODO with its title, due date (a DATE value),
//     STATUS COMPLETED or NEEDS-ACTION, its notes as DESCRIPTION and
//     RELATED-TO pointing at the event's UID.
//
// A calendar file is plain text: whoever gets it reads it. So the export
// leaves out what is not needed to put the events in a calendar:
// participants and task assignees (no contact data ever leaves the vault
// this way), objectives, outcomes, and the safety plan unless the caller
// sets [ExportOptions.IncludeSafetyPlan] (off by default in the CLI and
// the app).
//
// Lines end in CRLF and are folded at 75 octets without splitting UTF-8
// sequences (RFC 5545 section 3.1).
//
// # Import
//
// [Parse] reads a file into events and tasks without touching the vault;
// [MakePreview] compares them with the vault's events (duplicates by
// Safehouse UID, or by the same title and start); app.ApplyCalendarImport
// adds the new ones in one transaction.
//
//   - Times with a TZID are read in that zone when the TZID is an IANA
//     name, a common Windows zone name ("W. Europe Standard Time"), ends in
//     an IANA name ("/mozilla.org/20050126_1/Europe/Berlin"), or its
//     VTIMEZONE names one (X-LIC-LOCATION). Otherwise the UTC offsets of
//     the file's VTIMEZONE are used. UTC times keep their instant and take
//     the calendar's X-WR-TIMEZONE, or else UTC, for display. A local time
//     in the hour repeated when clocks go back means its first occurrence,
//     one skipped when they go forward is read with the offset before the
//     change (RFC 5545 section 3.3.5). Floating times and all-day (DATE) events are read in the caller's
//     zone; an all-day event starts at midnight and ends at midnight after
//     its last day.
//   - A repeating event (RRULE, RDATE) is imported once, at its first
//     date, with a notice; changed single occurrences (RECURRENCE-ID) are
//     skipped.
//   - A VTODO becomes a task when its RELATED-TO names an event imported
//     from the same file; others are listed as skipped.
//   - Attendees, organizers, alarms and attachments are ignored.
//
// The tokenizer is this package's own (about a hundred lines) and fills
// go-ical's [ical.Component] tree: go-ical's Decoder panics on some
// malformed lines and decodes parameter values in quadratic time, which a
// hostile file could use. Input is bounded by [Limits]: file size, line
// length, nesting depth and the number of components.
package ics
