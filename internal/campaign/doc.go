// Package campaign holds campaign templates: reusable plans for an event
// (a Global Encryption Day event, a "make the switch" workshop, a meeting
// with a policymaker...) with its tasks, objectives, safety checklist and
// suggested tutorials. It parses, lints and instantiates them; it does no
// I/O beyond reading a given file system and never imports Fyne.
//
// # Format
//
// A template is a TOML file, specified in docs/templates.md. Built-in
// templates ship in the binary under templates/<language>/<id>.toml (see
// [LoadBuiltin] and [Builtin]); templates saved by the user live inside the
// vault as [Record]s whose body is the same TOML text.
//
// [Parse] checks everything [Instantiate] relies on, including size limits,
// and reports problems as [Errors] with line numbers. [Lint] adds the
// content rules every shipped template follows (chronological tasks, a
// safety checklist, known tutorials...).
//
// # Dates
//
// Task due dates are calendar dates: the event date plus a number of days
// (negative for before). They are computed on the calendar, never by
// adding hours to an instant, so a change to or from daylight saving time
// cannot move a due date. The event's start is the template's time of day
// as wall-clock time in the event's zone; see [Instantiate] for the rare
// times a zone skips.
package campaign
