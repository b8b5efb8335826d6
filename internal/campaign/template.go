package campaign

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// Template is a reusable event plan. The TOML keys are given in the field
// tags and described in docs/templates.md.
type Template struct {
	// ID names the template: lower-case letters, digits and single
	// hyphens ("global-encryption-day"). Built-in IDs equal their file name.
	ID string `toml:"id"`
	// Version is incremented whenever the content changes (1 or more).
	Version int `toml:"version"`
	// Title names the template in lists and is the new event's title.
	Title string `toml:"title"`
	// Summary is one or two sentences shown under the title in lists.
	Summary string `toml:"summary"`
	// Kind is the kind of event created.
	Kind event.Kind `toml:"kind"`
	// Duration is the default length of the event in minutes; 0 leaves
	// the end open.
	Duration int `toml:"duration_minutes,omitempty"`
	// StartTime is the default time of day, "HH:MM" (24-hour clock), as
	// wall-clock time in the event's zone; "" means 00:00.
	StartTime string `toml:"start_time,omitempty"`
	// Objectives are the campaign objectives (1 to 6) the event serves.
	Objectives []event.Objective `toml:"objectives,omitempty"`
	// Tutorials are the IDs of the tutorials suggested to the organizers.
	Tutorials []string `toml:"tutorials,omitempty"`
	// Description is the new event's description; the suggested tutorials
	// are listed after it.
	Description string `toml:"description,omitempty"`
	// Date, if set, proposes the event date (Global Encryption Day is on
	// 21 October every year).
	Date *DateRule `toml:"date,omitempty"`
	// Safety pre-fills the event's safety plan as a checklist.
	Safety Safety `toml:"safety"`
	// Tasks are created with the event, in this order.
	Tasks []TaskSpec `toml:"tasks,omitempty"`

	// Language is the language of a built-in template, from its folder;
	// it is not part of the file.
	Language string `toml:"-"`

	// lines maps keys ("title", "tasks.3.offset_days") to the line that
	// set them, for error messages; nil for templates not parsed.
	lines map[string]int
	name  string
}

// DateRule is a fixed day of the year on which the event takes place.
type DateRule struct {
	Month int `toml:"month"`
	Day   int `toml:"day"`
}

// In returns the rule's date in year.
func (r DateRule) In(year int) date.Date {
	return date.Date{Year: year, Month: time.Month(r.Month), Day: r.Day}
}

// Next returns the first date on or after today that matches the rule:
// this year's if it has not passed yet, else next year's.
func (r DateRule) Next(today date.Date) date.Date {
	d := r.In(today.Year)
	if d.Before(today) {
		d = r.In(today.Year + 1)
	}
	return d
}

// Safety lists the items that pre-fill an event's [event.SafetyPlan]: each
// becomes a "- [ ] item" line of the matching field.
type Safety struct {
	Threats           []string `toml:"threats,omitempty"`
	Mitigations       []string `toml:"mitigations,omitempty"`
	EmergencyContacts []string `toml:"emergency_contacts,omitempty"`
	CheckIn           []string `toml:"check_in,omitempty"`
}

// TaskSpec is one task of a template.
type TaskSpec struct {
	Title string `toml:"title"`
	// Offset is the due date in days relative to the event date (negative
	// is before, 0 the day itself); nil means no due date.
	Offset *int `toml:"offset_days,omitempty"`
	// Time is an optional wall-clock time "HH:MM" in the event's zone on
	// the due date. Tasks have no time field, so it is shown at the start
	// of the task's title ("08:30 · Open the doors").
	Time  string `toml:"time,omitempty"`
	Notes string `toml:"notes,omitempty"`
	// Purpose marks the task that does one of the jobs every shipped
	// template must plan for, so [Lint] can check them in any language:
	// [PurposeLegalCheck] or [PurposeDeleteData]; "" for other tasks.
	Purpose string `toml:"purpose,omitempty"`
}

// Task purposes (see [TaskSpec.Purpose]).
const (
	// PurposeLegalCheck is the check of permits, venue rules and legal
	// notice a public event needs.
	PurposeLegalCheck = "legal-check"
	// PurposeDeleteData is the deletion of attendance lists, sign-up
	// forms and contact data collected for the event, after it.
	PurposeDeleteData = "delete-data"
)

// Purposes lists the valid values of [TaskSpec.Purpose].
var Purposes = []string{PurposeLegalCheck, PurposeDeleteData}

// Limits on templates, checked by [Parse].
const (
	MaxSize        = 256 << 10 // bytes of TOML
	MaxIDLen       = 64
	MaxVersion     = 1_000_000
	MaxSummary     = 1000
	MaxDescription = 10000
	MaxTasks       = 200
	MaxOffset      = 3660 // days before or after the event
	MaxDuration    = 14 * 24 * 60
	MaxTutorials   = 20
	MaxSafetyItems = 30
	MaxSafetyItem  = 500
	// MaxTaskTitle leaves room for the "HH:MM · " prefix (8 characters)
	// of timed tasks.
	MaxTaskTitle = event.MaxTitle - 8
)

// timePrefixSep separates a timed task's time from its title.
const timePrefixSep = " · "

var (
	// ErrInvalid is wrapped by every [ParseError]: the data is not a valid
	// template.
	ErrInvalid = errors.New("invalid template")
	// ErrTooLarge is wrapped when the data exceeds [MaxSize].
	ErrTooLarge = errors.New("template is too large")
)

// ParseError is one problem in a template file.
type ParseError struct {
	// Name is the file name given to [Parse].
	Name string
	// Line is the 1-based line of the problem, or 0 if unknown.
	Line int
	Msg  string
	// Err is a cause such as [ErrTooLarge], or nil.
	Err error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Name, e.Msg)
}

// Unwrap returns [ErrInvalid] and the cause, if any.
func (e *ParseError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalid, e.Err}
	}
	return []error{ErrInvalid}
}

// Errors is a list of problems, in file order. It is the error type of
// [Parse], [Lint] and [LoadBuiltin].
type Errors []*ParseError

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the individual problems.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Line returns the line that set key (as in "title", "safety.threats" or
// "tasks.2.title", counting tasks from 0), or 0 if unknown.
func (t *Template) Line(key string) int { return t.lines[key] }

var (
	idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	lineRE    = regexp.MustCompile(`^line (\d+)(?: \(last key "[^"]*"\))?:`)
)

// Parse reads a template from TOML data; name is used in error messages.
// Unknown keys, bad values and exceeded limits (including nesting deeper
// than [MaxDepth]) are errors. The error is an
// [Errors] listing every problem found.
func Parse(name string, data []byte) (*Template, error) {
	if len(data) > MaxSize {
		return nil, Errors{{Name: name, Msg: fmt.Sprintf("file is larger than %d bytes", MaxSize), Err: ErrTooLarge}}
	}
	if !utf8.Valid(data) {
		return nil, Errors{{Name: name, Msg: "file is not UTF-8 text"}}
	}
	if line := nestingTooDeep(data); line > 0 {
		return nil, Errors{{Name: name, Line: line, Msg: fmt.Sprintf("arrays, tables or dotted keys nest more than %d levels deep", MaxDepth)}}
	}
	var t Template
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&t)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Errors{{Name: name, Line: pe.Position.Line, Msg: pe.Message}}
		}
		// Type mismatches ("incompatible types") carry their line only in
		// the text: "toml: line 5 (last key ...): ...".
		msg, line := strings.TrimPrefix(err.Error(), "toml: "), 0
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimSpace(msg[len(m[0]):])
		}
		return nil, Errors{{Name: name, Line: line, Msg: msg}}
	}
	t.lines = keyLines(data)
	t.name = name
	var es Errors
	for _, k := range md.Undecoded() {
		es = append(es, &ParseError{Name: name, Line: t.unknownKeyLine(k), Msg: fmt.Sprintf("unknown key %q", k.String())})
	}
	t.normalize()
	es = append(es, t.check()...)
	if len(es) > 0 {
		slices.SortStableFunc(es, func(a, b *ParseError) int { return a.Line - b.Line })
		return nil, es
	}
	return &t, nil
}

// unknownKeyLine locates a key the decoder did not use. Decoded keys
// inside [[tasks]] carry no index, so the first task that has it wins.
func (t *Template) unknownKeyLine(k toml.Key) int {
	if n := t.lines[strings.Join(k, ".")]; n > 0 {
		return n
	}
	if len(k) > 1 && k[0] == "tasks" {
		rest := strings.Join(k[1:], ".")
		for i := range len(t.Tasks) {
			if n := t.lines[fmt.Sprintf("tasks.%d.%s", i, rest)]; n > 0 {
				return n
			}
		}
	}
	return 0
}

// normalize makes empty lists nil, so a parsed template equals its
// re-encoded and re-parsed self.
func (t *Template) normalize() {
	nilIfEmpty := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	t.Tutorials = nilIfEmpty(t.Tutorials)
	t.Safety.Threats = nilIfEmpty(t.Safety.Threats)
	t.Safety.Mitigations = nilIfEmpty(t.Safety.Mitigations)
	t.Safety.EmergencyContacts = nilIfEmpty(t.Safety.EmergencyContacts)
	t.Safety.CheckIn = nilIfEmpty(t.Safety.CheckIn)
	if len(t.Objectives) == 0 {
		t.Objectives = nil
	}
	if len(t.Tasks) == 0 {
		t.Tasks = nil
	}
}

// check validates every field against the format and limits.
func (t *Template) check() Errors {
	var es Errors
	add := func(key, format string, args ...any) {
		es = append(es, &ParseError{Name: t.name, Line: t.lines[key], Msg: fmt.Sprintf(format, args...)})
	}
	switch {
	case t.ID == "":
		add("id", "id is missing")
	case len(t.ID) > MaxIDLen || !idPattern.MatchString(t.ID):
		add("id", "id %q must be at most %d lower-case letters, digits and single hyphens", t.ID, MaxIDLen)
	}
	if t.Version < 1 || t.Version > MaxVersion {
		add("version", "version must be a whole number from 1 to %d", MaxVersion)
	}
	checkLine := func(key, field, s string, max int, required bool) {
		switch {
		case required && strings.TrimSpace(s) == "":
			add(key, "%s is missing", field)
		case utf8.RuneCountInString(s) > max:
			add(key, "%s is longer than %d characters", field, max)
		case strings.ContainsFunc(s, isControl):
			add(key, "%s must be one line without control characters", field)
		}
	}
	checkText := func(key, field, s string, max int) {
		switch {
		case utf8.RuneCountInString(s) > max:
			add(key, "%s is longer than %d characters", field, max)
		case strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && isControl(r) }):
			add(key, "%s contains control characters", field)
		}
	}
	checkLine("title", "title", t.Title, event.MaxTitle, true)
	checkLine("summary", "summary", t.Summary, MaxSummary, false)
	checkText("description", "description", t.Description, MaxDescription)
	if !slices.Contains(event.Kinds, t.Kind) {
		add("kind", "kind %q is not one of %s", t.Kind, kindList())
	}
	if t.Duration < 0 || t.Duration > MaxDuration {
		add("duration_minutes", "duration_minutes must be from 0 to %d", MaxDuration)
	}
	if t.StartTime != "" {
		if _, _, ok := parseClock(t.StartTime); !ok {
			add("start_time", "start_time %q is not a time of day HH:MM", t.StartTime)
		}
	}
	seenObj := map[event.Objective]bool{}
	for _, o := range t.Objectives {
		switch {
		case !o.Valid():
			add("objectives", "objective %d is not one of 1 to 6", int(o))
		case seenObj[o]:
			add("objectives", "objective %d is listed twice", int(o))
		}
		seenObj[o] = true
	}
	if len(t.Tutorials) > MaxTutorials {
		add("tutorials", "more than %d tutorials", MaxTutorials)
	}
	seenTut := map[string]bool{}
	for _, id := range t.Tutorials {
		switch {
		case len(id) > MaxIDLen || !idPattern.MatchString(id):
			add("tutorials", "tutorial id %q is not a valid id", id)
		case seenTut[id]:
			add("tutorials", "tutorial %q is listed twice", id)
		}
		seenTut[id] = true
	}
	if r := t.Date; r != nil {
		// 29 February is refused: it would skip three years in four.
		if r.Month < 1 || r.Month > 12 || r.Day < 1 || r.Day > daysIn(time.Month(r.Month)) ||
			(r.Month == 2 && r.Day == 29) {
			add("date.month", "date month %d, day %d is not a day every year has", r.Month, r.Day)
		}
	}
	for _, f := range []struct {
		key   string
		items []string
	}{
		{"safety.threats", t.Safety.Threats},
		{"safety.mitigations", t.Safety.Mitigations},
		{"safety.emergency_contacts", t.Safety.EmergencyContacts},
		{"safety.check_in", t.Safety.CheckIn},
	} {
		if len(f.items) > MaxSafetyItems {
			add(f.key, "%s has more than %d items", f.key, MaxSafetyItems)
			continue
		}
		for _, it := range f.items {
			checkLine(f.key, f.key+" item", it, MaxSafetyItem, true)
		}
	}
	if len(t.Tasks) > MaxTasks {
		add("tasks", "more than %d tasks", MaxTasks)
		return es
	}
	purposes := map[string]int{} // purpose → task number
	for i, ts := range t.Tasks {
		key := func(field string) string { return fmt.Sprintf("tasks.%d.%s", i, field) }
		n := i + 1
		if t.lines[key("title")] == 0 {
			// Point at the [[tasks]] header when the title is absent.
			t.lines[key("title")] = t.lines[fmt.Sprintf("tasks.%d", i)]
		}
		checkLine(key("title"), fmt.Sprintf("task %d title", n), ts.Title, MaxTaskTitle, true)
		if ts.Offset != nil && (*ts.Offset < -MaxOffset || *ts.Offset > MaxOffset) {
			add(key("offset_days"), "task %d offset_days must be from %d to %d", n, -MaxOffset, MaxOffset)
		}
		if ts.Time != "" {
			if _, _, ok := parseClock(ts.Time); !ok {
				add(key("time"), "task %d time %q is not a time of day HH:MM", n, ts.Time)
			}
		}
		checkText(key("notes"), fmt.Sprintf("task %d notes", n), ts.Notes, event.MaxText)
		if ts.Purpose != "" {
			switch {
			case !slices.Contains(Purposes, ts.Purpose):
				add(key("purpose"), "task %d purpose %q is not one of %s", n, ts.Purpose, strings.Join(Purposes, ", "))
			case purposes[ts.Purpose] > 0:
				add(key("purpose"), "task %d has the same purpose %q as task %d", n, ts.Purpose, purposes[ts.Purpose])
			default:
				purposes[ts.Purpose] = n
			}
		}
	}
	return es
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func kindList() string {
	s := make([]string, len(event.Kinds))
	for i, k := range event.Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// daysIn returns the number of days of month in a leap year.
func daysIn(m time.Month) int {
	return time.Date(2028, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseClock reads "HH:MM" (two digits each, 00:00 to 23:59).
func parseClock(s string) (hour, minute int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
	}
	hour = int(s[0]-'0')*10 + int(s[1]-'0')
	minute = int(s[3]-'0')*10 + int(s[4]-'0')
	if hour > 23 || minute > 59 {
		return 0, 0, false
	}
	return hour, minute, true
}

// keyLines finds the line of each key in simple TOML: "key = value" lines
// under the top level, [table] headers and [[tasks]] array tables. Keys
// are recorded as "key", "table.key" and "tasks.<index>.key"; the header
// of the i-th [[tasks]] is "tasks.<i>". It is a best effort for error
// messages: keys it cannot place (inline tables, dotted keys) get line 0.
func keyLines(data []byte) map[string]int {
	lines := map[string]int{}
	prefix := ""
	tasks := -1
	var inString string // the open multi-line string delimiter, if any
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		s := strings.TrimSpace(line)
		if inString != "" {
			if strings.Count(s, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		switch {
		case s == "" || s[0] == '#':
			continue
		case strings.HasPrefix(s, "[["):
			name := strings.TrimSpace(strings.Trim(strings.SplitN(s, "#", 2)[0], "[] \t"))
			if name == "tasks" {
				tasks++
				prefix = fmt.Sprintf("tasks.%d.", tasks)
				setOnce(lines, fmt.Sprintf("tasks.%d", tasks), n)
				setOnce(lines, "tasks", n)
			} else {
				prefix = name + "."
				setOnce(lines, name, n)
			}
			continue
		case s[0] == '[':
			name := strings.TrimSpace(strings.Trim(strings.SplitN(s, "#", 2)[0], "[] \t"))
			prefix = name + "."
			setOnce(lines, name, n)
			continue
		}
		key, rest, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		setOnce(lines, prefix+key, n)
		rest = strings.TrimSpace(rest)
		for _, delim := range []string{`"""`, `'''`} {
			if strings.HasPrefix(rest, delim) && strings.Count(rest, delim)%2 == 1 {
				inString = delim
			}
		}
	}
	return lines
}

func setOnce(m map[string]int, k string, v int) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// Encode returns t as TOML text that [Parse] reads back to an equal
// template.
func Encode(t *Template) ([]byte, error) {
	var b bytes.Buffer
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(t); err != nil {
		return nil, fmt.Errorf("failed to encode template %q: %w", t.ID, err)
	}
	return b.Bytes(), nil
}
