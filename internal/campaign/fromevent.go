package campaign

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// FromEvent turns an event and its tasks into a template: task due dates
// become offsets from the event's date in its own zone, the time of day
// and length of the event become the defaults, checklist lines of the
// safety plan become items, and a suggested-tutorials list written by
// [Instantiate] becomes the tutorials again. Participants, assignees,
// done marks, location and outcome are not copied: a template holds no
// people and no results.
//
// The result always passes [Parse] after [Encode]: text is cut to the
// limits, offsets out of range and tasks beyond [MaxTasks] are dropped.
// Its ID comes from the title; callers usually set Title to a name the
// user chose.
func FromEvent(e *event.Event, tasks []*event.Task) *Template {
	loc := e.Zone()
	start := e.Start.In(loc)
	day := date.Of(start)
	desc, tutorials := splitTutorials(e.Description)
	t := &Template{
		ID:          slug(e.Title),
		Version:     1,
		Title:       cutLine(e.Title, event.MaxTitle),
		Summary:     cutLine(firstLine(desc), min(MaxSummary, 300)),
		Kind:        e.Kind,
		StartTime:   start.Format("15:04"),
		Description: cutText(desc, MaxDescription),
		Tutorials:   tutorials,
		Safety: Safety{
			Threats:           items(e.Safety.Threats),
			Mitigations:       items(e.Safety.Mitigations),
			EmergencyContacts: items(e.Safety.EmergencyContacts),
			CheckIn:           items(e.Safety.CheckIn),
		},
	}
	if t.Title == "" {
		t.Title = t.ID
	}
	if !validKind(t.Kind) {
		t.Kind = event.KindOther
	}
	if !e.End.IsZero() && e.End.After(e.Start) {
		t.Duration = min(int(e.End.Sub(e.Start)/time.Minute), MaxDuration)
	}
	for _, o := range e.Objectives {
		if o.Valid() && !containsObjective(t.Objectives, o) {
			t.Objectives = append(t.Objectives, o)
		}
	}
	for _, tk := range tasks {
		if len(t.Tasks) == MaxTasks {
			break
		}
		title, clock := splitTime(tk.Title)
		ts := TaskSpec{Title: cutLine(title, MaxTaskTitle), Time: clock, Notes: cutText(tk.Notes, event.MaxText)}
		if ts.Title == "" {
			continue
		}
		if !tk.Due.IsZero() {
			if n := daysBetween(day, tk.Due); n >= -MaxOffset && n <= MaxOffset {
				ts.Offset = &n
			}
		}
		t.Tasks = append(t.Tasks, ts)
	}
	t.normalize()
	return t
}

func validKind(k event.Kind) bool {
	for _, x := range event.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

func containsObjective(os []event.Objective, o event.Objective) bool {
	for _, x := range os {
		if x == o {
			return true
		}
	}
	return false
}

// daysBetween returns the number of calendar days from a to b.
func daysBetween(a, b date.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Round(time.Hour) / (24 * time.Hour))
}

// splitTime separates the "HH:MM · " prefix [Instantiate] gives timed tasks.
func splitTime(title string) (rest, clock string) {
	title = strings.TrimSpace(title)
	if len(title) > 5 && strings.HasPrefix(title[5:], timePrefixSep) {
		if _, _, ok := parseClock(title[:5]); ok {
			return strings.TrimSpace(title[5+len(timePrefixSep):]), title[:5]
		}
	}
	return title, ""
}

// splitTutorials removes the suggested-tutorials list from a description
// and returns the tutorial IDs it named. The list is the English
// [TutorialsHeading] and what follows it, or, in any language, a last
// paragraph whose first line ends with a colon and whose other lines are
// all "- Title (id)".
func splitTutorials(desc string) (string, []string) {
	before, list, ok := strings.Cut(desc, TutorialsHeading)
	if !ok {
		var found bool
		if before, list, found = lastList(desc); !found {
			return strings.TrimSpace(desc), nil
		}
	}
	var ids, rest []string
	for _, line := range strings.Split(list, "\n") {
		s := strings.TrimSpace(line)
		if s == "" {
			continue
		}
		if id, ok := listedID(s); ok && len(ids) < MaxTutorials && !contains(ids, id) {
			ids = append(ids, id)
			continue
		}
		rest = append(rest, line)
	}
	text := strings.TrimSpace(before)
	if len(rest) > 0 {
		text = strings.TrimSpace(text + "\n\n" + strings.Join(rest, "\n"))
	}
	return text, ids
}

// listedID returns the tutorial ID of a "- Title (id)" line.
func listedID(s string) (string, bool) {
	open, close := strings.LastIndex(s, "("), strings.LastIndex(s, ")")
	if !strings.HasPrefix(s, "- ") || open <= 0 || close != len(s)-1 {
		return "", false
	}
	id := s[open+1 : close]
	return id, idPattern.MatchString(id) && len(id) <= MaxIDLen
}

// lastList finds a suggested-tutorials list under a heading in another
// language: the description's last paragraph, if its first line ends
// with a colon (":" or the full-width "：") and every other line is a
// "- Title (id)" item. It returns the text before the heading and the
// items.
func lastList(desc string) (before, list string, ok bool) {
	desc = strings.TrimRight(desc, " \n")
	para := desc
	if i := strings.LastIndex(desc, "\n\n"); i >= 0 {
		before, para = desc[:i], desc[i+2:]
	}
	heading, items, found := strings.Cut(para, "\n")
	heading = strings.TrimSpace(heading)
	if !found || !(strings.HasSuffix(heading, ":") || strings.HasSuffix(heading, "：")) {
		return "", "", false
	}
	for _, line := range strings.Split(items, "\n") {
		if _, ok := listedID(strings.TrimSpace(line)); !ok {
			return "", "", false
		}
	}
	return before, items, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// items turns safety-plan text into checklist items: one per non-empty
// line, without "- [ ]", "- [x]" or "- " markers.
func items(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		s := strings.TrimSpace(line)
		for _, p := range []string{"- [ ] ", "- [x] ", "- [X] ", "- ", "* "} {
			if strings.HasPrefix(s, p) {
				s = strings.TrimSpace(s[len(p):])
				break
			}
		}
		s = cutLine(s, MaxSafetyItem)
		if s != "" && len(out) < MaxSafetyItems {
			out = append(out, s)
		}
	}
	return out
}

// slug makes a template ID from a title: lower-case ASCII letters and
// digits joined by single hyphens, or "my-template".
func slug(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
		if b.Len() >= MaxIDLen-1 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > MaxIDLen {
		s = strings.Trim(s[:MaxIDLen], "-")
	}
	if s == "" {
		return "my-template"
	}
	return s
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// cutLine makes s one line without control characters, at most max
// characters long.
func cutLine(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
	return cutRunes(strings.Join(strings.FieldsFunc(s, breakingSpace), " "), max)
}

// breakingSpace reports whether r is white space that may be collapsed.
// No-break spaces are kept: French puts them before ":" and inside « ».
func breakingSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' && r != '\u2007'
}

// cutText drops control characters other than newline and tab and keeps
// at most max characters.
func cutText(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && isControl(r) {
			return -1
		}
		return r
	}, s)
	return cutRunes(strings.TrimSpace(s), max)
}

func cutRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max]))
}
