package campaign

import (
	"fmt"
	"slices"

	"github.com/safehouse-app/safehouse/internal/event"
)

// KnownTutorials are the IDs of the built-in tutorials (the advocacy and
// Staying safe series), the ones a shipped template may suggest.
var KnownTutorials = []string{"building-a-movement", "make-the-switch", "shifting-public-opinion", "advocating-safely",
	"phishing-and-account-takeover", "harden-your-messenger", "when-apps-are-blocked", "borders-and-device-seizure",
	"digital-first-aid", "harassment-and-doxxing", "keeping-your-vault-safe"}

// Lint checks the content rules of shipped templates, beyond what [Parse]
// requires: a summary, at least one objective, a start time and a
// duration, at least one threat, mitigation and check-in item, tutorials
// from [KnownTutorials], and tasks that each have a due date, a unique
// title and come in date order. Every template also plans for the worst
// and for afterwards: at least one emergency contact, a task that deletes
// the attendance and contact data collected, due on or after the event
// day, and, for public events and press moments, a task that checks
// permits and legal notice before the event. It returns nil or an
// [Errors].
func Lint(t *Template) error {
	var es Errors
	add := func(key, format string, args ...any) {
		es = append(es, &ParseError{Name: t.name, Line: t.lines[key], Msg: fmt.Sprintf(format, args...)})
	}
	if t.Summary == "" {
		add("summary", "summary is missing")
	}
	if len(t.Objectives) == 0 {
		add("objectives", "no objectives")
	}
	if t.StartTime == "" {
		add("start_time", "start_time is missing")
	}
	if t.Duration == 0 {
		add("duration_minutes", "duration_minutes is missing")
	}
	if len(t.Safety.Threats) == 0 {
		add("safety", "safety.threats has no items")
	}
	if len(t.Safety.Mitigations) == 0 {
		add("safety", "safety.mitigations has no items")
	}
	if len(t.Safety.CheckIn) == 0 {
		add("safety", "safety.check_in has no items")
	}
	if len(t.Safety.EmergencyContacts) == 0 {
		add("safety", "safety.emergency_contacts has no items")
	}
	if len(t.Tutorials) == 0 {
		add("tutorials", "no suggested tutorials")
	}
	for _, id := range t.Tutorials {
		if !slices.Contains(KnownTutorials, id) {
			add("tutorials", "tutorial %q is not one of the built-in tutorials", id)
		}
	}
	if len(t.Tasks) == 0 {
		add("tasks", "no tasks")
	}
	titles := map[string]int{}
	prev := 0
	for i, ts := range t.Tasks {
		key := func(f string) string { return fmt.Sprintf("tasks.%d.%s", i, f) }
		if j, ok := titles[ts.Title]; ok {
			add(key("title"), "task %d has the same title as task %d", i+1, j+1)
		}
		titles[ts.Title] = i
		if ts.Offset == nil {
			add(key("title"), "task %d has no offset_days", i+1)
			continue
		}
		if i > 0 && *ts.Offset < prev {
			add(key("offset_days"), "task %d is due before task %d: keep tasks in date order", i+1, i)
		}
		prev = *ts.Offset
	}
	legal, del := -1, -1
	for i, ts := range t.Tasks {
		switch ts.Purpose {
		case PurposeLegalCheck:
			legal = i
		case PurposeDeleteData:
			del = i
		}
	}
	switch {
	case del < 0:
		add("tasks", "no task with purpose %q (delete attendance and contact data after the event)", PurposeDeleteData)
	case t.Tasks[del].Offset != nil && *t.Tasks[del].Offset < 0:
		add(fmt.Sprintf("tasks.%d.offset_days", del), "task %d deletes the event's data before the event: give it offset_days 0 or more", del+1)
	}
	needsLegal := t.Kind == event.KindPublic || t.Kind == event.KindPress
	switch {
	case legal < 0 && needsLegal:
		add("tasks", "no task with purpose %q (permits and legal notice), which a %s event needs", PurposeLegalCheck, t.Kind)
	case legal >= 0 && t.Tasks[legal].Offset != nil && *t.Tasks[legal].Offset >= 0:
		add(fmt.Sprintf("tasks.%d.offset_days", legal), "task %d checks permits on or after the event day: give it a negative offset_days", legal+1)
	}
	if len(es) > 0 {
		return es
	}
	return nil
}
