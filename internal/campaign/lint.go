package campaign

import (
	"fmt"
	"slices"
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
// title and come in date order. It returns nil or an [Errors].
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
	if len(es) > 0 {
		return es
	}
	return nil
}
