package campaign

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// TutorialsHeading introduces the list of suggested tutorials that
// [Instantiate] adds to the event's description, in English. Other
// languages give their own through [Wording]; [FromEvent] recognizes the
// list under any heading.
const TutorialsHeading = "Suggested tutorials:"

// Wording is how [InstantiateWith] writes the suggested tutorials in the
// user's language: the heading before the list, and each tutorial's
// title. Empty fields mean [TutorialsHeading] and [TutorialName].
type Wording struct {
	Heading string
	// Title returns the title of the tutorial with the ID, or "" when it
	// does not know it.
	Title func(id string) string
}

// ErrNoDate is returned (wrapped) by [Instantiate] for the zero date.
var ErrNoDate = errors.New("no event date")

// Instantiate plans a new event from t on day in the IANA zone ("" means
// UTC). The event and tasks are not stored: they have no IDs and the
// tasks' EventID is empty.
//
// The event gets t's title, kind, objectives and description (followed by
// the suggested tutorials), status planned, and a safety plan whose fields
// are "- [ ] item" checklists. It starts on day at t's start time as
// wall-clock time in zone and lasts t's duration. When a zone skips that
// wall-clock time (the hour lost to daylight saving time, or in a few
// zones the whole day), the time is read with the offset in force before
// the jump: 02:30 on a day Berlin jumps from 02:00 to 03:00 is 03:30. A
// time that happens twice, when clocks go back, is the first of the two.
//
// Each task is due on day plus its offset in calendar days, whatever the
// zone does in between. A task's time of day is shown at the start of its
// title.
func Instantiate(t *Template, day date.Date, zone string) (*event.Event, []*event.Task, error) {
	return InstantiateWith(t, day, zone, Wording{})
}

// InstantiateWith is [Instantiate] with the suggested tutorials worded in
// the user's language.
func InstantiateWith(t *Template, day date.Date, zone string, w Wording) (*event.Event, []*event.Task, error) {
	if day.IsZero() {
		return nil, nil, ErrNoDate
	}
	if zone == "" {
		zone = "UTC"
	}
	loc, err := loadZone(zone)
	if err != nil {
		return nil, nil, err
	}
	hour, minute, _ := parseClock(t.StartTime)
	start := WallClock(day, hour, minute, loc)
	e := &event.Event{
		Title:       t.Title,
		Kind:        t.Kind,
		Start:       start,
		TimeZone:    zone,
		Description: describe(t, w),
		Objectives:  append([]event.Objective(nil), t.Objectives...),
		Status:      event.StatusPlanned,
		Safety: event.SafetyPlan{
			Threats:           checklist(t.Safety.Threats),
			Mitigations:       checklist(t.Safety.Mitigations),
			EmergencyContacts: checklist(t.Safety.EmergencyContacts),
			CheckIn:           checklist(t.Safety.CheckIn),
		},
	}
	if t.Duration > 0 {
		e.End = start.Add(time.Duration(t.Duration) * time.Minute)
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return nil, nil, fmt.Errorf("template %q: %w", t.ID, err)
	}
	tasks := make([]*event.Task, len(t.Tasks))
	for i, ts := range t.Tasks {
		task := &event.Task{Title: ts.Title, Notes: ts.Notes, Position: i}
		if ts.Time != "" {
			task.Title = ts.Time + timePrefixSep + ts.Title
		}
		if ts.Offset != nil {
			task.Due = day.AddDays(*ts.Offset)
		}
		task.Normalize()
		tasks[i] = task
	}
	return e, tasks, nil
}

// WallClock returns the instant at which clocks in loc show hour:minute
// on day. If clocks show it twice (when they go back), it is the first
// time. If loc skips that time, it is read with the UTC offset in force
// before the skip, which moves it forward by the length of the gap.
func WallClock(day date.Date, hour, minute int, loc *time.Location) time.Time {
	t := time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, loc)
	shows := func(t time.Time) bool { return date.Of(t) == day && t.Hour() == hour && t.Minute() == minute }
	if shows(t) {
		// When clocks go back the time may happen twice: take the first.
		if start, _ := t.ZoneBounds(); !start.IsZero() {
			_, cur := t.Zone()
			if _, prev := start.Add(-time.Second).Zone(); prev > cur {
				if first := t.Add(-time.Duration(prev-cur) * time.Second); first.Before(start) && shows(first) {
					return first
				}
			}
		}
		return t
	}
	// The time does not exist. time.Date picked one of the two offsets
	// around the gap; find the one before it.
	_, offBefore := t.Zone()
	if start, _ := t.ZoneBounds(); !start.IsZero() && t.Sub(start) <= 24*time.Hour {
		// t is just after the transition: take the offset before it.
		_, offBefore = start.Add(-time.Second).Zone()
	}
	wall := time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, time.UTC)
	return wall.Add(-time.Duration(offBefore) * time.Second).In(loc)
}

// loadZone loads an IANA zone as events accept it: "Local" (which depends
// on the machine) and path tricks are refused.
func loadZone(name string) (*time.Location, error) {
	if name == "Local" || strings.ContainsAny(name, `\`) || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return nil, fmt.Errorf("invalid time zone %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("invalid time zone %q: %w", name, err)
	}
	return loc, nil
}

// checklist writes items as "- [ ] item" lines.
func checklist(items []string) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("- [ ] ")
		b.WriteString(strings.TrimSpace(it))
	}
	return b.String()
}

// describe is the event description: the template's, then the suggested
// tutorials by name and ID.
func describe(t *Template, w Wording) string {
	parts := []string{}
	if d := strings.TrimSpace(t.Description); d != "" {
		parts = append(parts, d)
	}
	if len(t.Tutorials) > 0 {
		var b strings.Builder
		heading := strings.TrimSpace(w.Heading)
		if heading == "" {
			heading = TutorialsHeading
		}
		b.WriteString(heading)
		for _, id := range t.Tutorials {
			name := ""
			if w.Title != nil {
				name = strings.TrimSpace(w.Title(id))
			}
			if name == "" {
				name = TutorialName(id)
			}
			fmt.Fprintf(&b, "\n- %s (%s)", name, id)
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "\n\n")
}

// TutorialName turns a tutorial ID into a readable name: "make-the-switch"
// is "Make the switch".
func TutorialName(id string) string {
	s := strings.ReplaceAll(id, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// SuggestDate proposes the event date for t: the next day matching its
// date rule, or 30 days after today.
func (t *Template) SuggestDate(today date.Date) date.Date {
	if t.Date != nil {
		return t.Date.Next(today)
	}
	return today.AddDays(30)
}
