package campaign

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

func loadShipped(t *testing.T) []*Template {
	t.Helper()
	ts, err := LoadBuiltin(assets.Templates)
	if err != nil {
		t.Fatalf("LoadBuiltin:\n%v", err)
	}
	return ts
}

// Every shipped template parses, lints clean, survives an encode/parse
// round trip and instantiates into a valid event with valid tasks.
func TestShippedTemplates(t *testing.T) {
	t.Parallel()
	ts := loadShipped(t)
	want := []string{"after-action-review", "business-commitment-outreach", "coalition-sign-on-letter", "global-encryption-day",
		"local-chapter-meeting", "make-the-switch-workshop", "meeting-a-policymaker", "online-day-of-action", "press-moment",
		"rapid-response-consultation", "recruiting-organizations", "training-trainers"}
	var got []string
	for _, tp := range ForLanguage(ts, "en") {
		got = append(got, tp.ID)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("shipped templates = %v, want %v", got, want)
	}
	for _, tp := range ts {
		t.Run(tp.Language+"/"+tp.ID, func(t *testing.T) {
			t.Parallel()
			if err := Lint(tp); err != nil {
				t.Errorf("lint:\n%v", err)
			}
			if n := len(tp.Tasks); n < 12 || n > 25 {
				t.Errorf("%d tasks, want 12 to 25", n)
			}
			roundTrip(t, tp)
			e, tasks, err := Instantiate(tp, tp.SuggestDate(date.New(2027, 1, 10)), "Europe/Berlin")
			if err != nil {
				t.Fatal(err)
			}
			if e.Title != tp.Title || e.Kind != tp.Kind || !strings.Contains(e.Safety.CheckIn, "- [ ] ") {
				t.Errorf("event = %+v", e)
			}
			for _, id := range tp.Tutorials {
				if !strings.Contains(e.Description, "("+id+")") {
					t.Errorf("description does not suggest %s", id)
				}
			}
			for _, tk := range tasks {
				tk.EventID = "x"
				if err := tk.Validate(); err != nil {
					t.Errorf("task %q: %v", tk.Title, err)
				}
			}
		})
	}
}

// roundTrip checks that Encode and Parse give back an equal template.
func roundTrip(t *testing.T, tp *Template) {
	t.Helper()
	data, err := Encode(tp)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("again", data)
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, data)
	}
	a, b := *tp, *back
	a.lines, b.lines, a.name, b.name, a.Language, b.Language = nil, nil, "", "", "", ""
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("round trip changed the template:\n%+v\n%+v", a, b)
	}
}

func TestGlobalEncryptionDayDate(t *testing.T) {
	t.Parallel()
	tp := Find(loadShipped(t), "global-encryption-day")
	if tp == nil || tp.Date == nil {
		t.Fatal("no date rule")
	}
	for _, c := range []struct{ today, want string }{
		{"2026-01-01", "2026-10-21"},
		{"2026-10-20", "2026-10-21"},
		{"2026-10-21", "2026-10-21"}, // the day itself is still "next"
		{"2026-10-22", "2027-10-21"},
		{"2027-12-31", "2028-10-21"},
		{"2028-02-29", "2028-10-21"},
	} {
		if got := tp.SuggestDate(date.MustParse(c.today)); got.String() != c.want {
			t.Errorf("SuggestDate(%s) = %s, want %s", c.today, got, c.want)
		}
	}
	if got := tp.Date.In(2031); got.String() != "2031-10-21" {
		t.Errorf("In(2031) = %s", got)
	}
	// Without a rule: 30 days on, across a year end.
	plain := &Template{}
	if got := plain.SuggestDate(date.MustParse("2026-12-15")); got.String() != "2027-01-14" {
		t.Errorf("SuggestDate without rule = %s", got)
	}
}

func offset(n int) *int { return &n }

// dstTemplate has tasks around midnight and across several weeks, the
// cases where adding hours instead of days would change a due date.
func dstTemplate(start string) *Template {
	return &Template{
		ID: "dst", Version: 1, Title: "DST", Kind: event.KindMeeting, StartTime: start, Duration: 120,
		Tasks: []TaskSpec{
			{Title: "a", Offset: offset(-60)},
			{Title: "b", Offset: offset(-7), Time: "00:30"},
			{Title: "c", Offset: offset(-1), Time: "23:30"},
			{Title: "d", Offset: offset(0), Time: "02:30"},
			{Title: "e", Offset: offset(1)},
			{Title: "f", Offset: offset(7), Time: "23:59"},
			{Title: "g", Offset: offset(366)},
			{Title: "h"},
		},
	}
}

func TestDueDatesAcrossDST(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, zone, day, start string
		// want are the due dates of tasks a to g.
		want []string
		// wantStart is the event's local start; wantOffset its UTC offset in hours.
		wantStart  string
		wantOffset float64
	}{
		{"berlin autumn (last Sunday of October)", "Europe/Berlin", "2026-10-25", "02:30",
			[]string{"2026-08-26", "2026-10-18", "2026-10-24", "2026-10-25", "2026-10-26", "2026-11-01", "2027-10-26"},
			"2026-10-25 02:30", 2}, // the first 02:30, still summer time
		{"berlin spring (last Sunday of March), start in the gap", "Europe/Berlin", "2026-03-29", "02:30",
			[]string{"2026-01-28", "2026-03-22", "2026-03-28", "2026-03-29", "2026-03-30", "2026-04-05", "2027-03-30"},
			"2026-03-29 03:30", 2},
		{"berlin day after spring change", "Europe/Berlin", "2026-03-30", "09:00",
			[]string{"2026-01-29", "2026-03-23", "2026-03-29", "2026-03-30", "2026-03-31", "2026-04-06", "2027-03-31"},
			"2026-03-30 09:00", 2},
		{"sao paulo midnight gap (2018)", "America/Sao_Paulo", "2018-11-04", "00:00",
			[]string{"2018-09-05", "2018-10-28", "2018-11-03", "2018-11-04", "2018-11-05", "2018-11-11", "2019-11-05"},
			"2018-11-04 01:00", -2},
		{"sao paulo today (no DST)", "America/Sao_Paulo", "2026-10-21", "17:00",
			[]string{"2026-08-22", "2026-10-14", "2026-10-20", "2026-10-21", "2026-10-22", "2026-10-28", "2027-10-22"},
			"2026-10-21 17:00", -3},
		{"sydney spring (first Sunday of October)", "Australia/Sydney", "2026-10-04", "02:15",
			[]string{"2026-08-05", "2026-09-27", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-11", "2027-10-05"},
			"2026-10-04 03:15", 11},
		{"sydney global encryption day", "Australia/Sydney", "2026-10-21", "17:00",
			[]string{"2026-08-22", "2026-10-14", "2026-10-20", "2026-10-21", "2026-10-22", "2026-10-28", "2027-10-22"},
			"2026-10-21 17:00", 11},
		{"sydney autumn (first Sunday of April)", "Australia/Sydney", "2027-04-04", "02:30",
			[]string{"2027-02-03", "2027-03-28", "2027-04-03", "2027-04-04", "2027-04-05", "2027-04-11", "2028-04-04"},
			"2027-04-04 02:30", 11}, // the first 02:30
		// Samoa skipped 30 December 2011: due dates stay on the calendar,
		// even on the day that never happened there.
		{"apia skipped day", "Pacific/Apia", "2012-01-02", "10:00",
			[]string{"2011-11-03", "2011-12-26", "2012-01-01", "2012-01-02", "2012-01-03", "2012-01-09", "2013-01-02"},
			"2012-01-02 10:00", 14},
		{"apia event on the skipped day", "Pacific/Apia", "2011-12-30", "10:00",
			[]string{"2011-10-31", "2011-12-23", "2011-12-29", "2011-12-30", "2011-12-31", "2012-01-06", "2012-12-30"},
			"2011-12-31 10:00", 14},
		{"year boundary", "Pacific/Kiritimati", "2027-01-01", "00:00",
			[]string{"2026-11-02", "2026-12-25", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-08", "2028-01-02"},
			"2027-01-01 00:00", 14},
		{"leap day", "America/New_York", "2028-02-29", "18:00",
			[]string{"2027-12-31", "2028-02-22", "2028-02-28", "2028-02-29", "2028-03-01", "2028-03-07", "2029-03-01"},
			"2028-02-29 18:00", -5},
		{"across new york spring change", "America/New_York", "2027-03-14", "23:30",
			[]string{"2027-01-13", "2027-03-07", "2027-03-13", "2027-03-14", "2027-03-15", "2027-03-21", "2028-03-14"},
			"2027-03-14 23:30", -4},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tp := dstTemplate(c.start)
			e, tasks, err := Instantiate(tp, date.MustParse(c.day), c.zone)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range c.want {
				if got := tasks[i].Due.String(); got != want {
					t.Errorf("task %s due %s, want %s", tp.Tasks[i].Title, got, want)
				}
			}
			if !tasks[len(tasks)-1].Due.IsZero() {
				t.Error("task without offset got a due date")
			}
			loc, _ := time.LoadLocation(c.zone)
			local := e.Start.In(loc)
			if got := local.Format("2006-01-02 15:04"); got != c.wantStart {
				t.Errorf("start %s, want %s", got, c.wantStart)
			}
			if _, off := local.Zone(); float64(off)/3600 != c.wantOffset {
				t.Errorf("start offset %v h, want %v", float64(off)/3600, c.wantOffset)
			}
			if e.End.Sub(e.Start) != 2*time.Hour || e.TimeZone != c.zone {
				t.Errorf("end %v zone %q", e.End, e.TimeZone)
			}
			if tasks[1].Title != "00:30 · b" || tasks[0].Title != "a" {
				t.Errorf("titles %q %q", tasks[0].Title, tasks[1].Title)
			}
		})
	}
}

// The same tasks planned in every zone get the same calendar dates.
func TestDueDatesSameInEveryZone(t *testing.T) {
	t.Parallel()
	tp := dstTemplate("23:45")
	day := date.MustParse("2026-10-25")
	_, ref, err := Instantiate(tp, day, "UTC")
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range []string{"Europe/Berlin", "America/Sao_Paulo", "Australia/Sydney", "Pacific/Apia", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"} {
		_, tasks, err := Instantiate(tp, day, z)
		if err != nil {
			t.Fatal(err)
		}
		for i := range tasks {
			if tasks[i].Due != ref[i].Due {
				t.Errorf("%s: task %d due %s, UTC %s", z, i, tasks[i].Due, ref[i].Due)
			}
		}
	}
}

func TestInstantiateErrors(t *testing.T) {
	t.Parallel()
	tp := dstTemplate("10:00")
	if _, _, err := Instantiate(tp, date.Date{}, "UTC"); !errors.Is(err, ErrNoDate) {
		t.Errorf("zero date: %v", err)
	}
	for _, z := range []string{"Local", "Mars/Olympus", "../etc/passwd", "/etc/localtime"} {
		if _, _, err := Instantiate(tp, date.MustParse("2027-10-21"), z); err == nil {
			t.Errorf("zone %q accepted", z)
		}
	}
	e, _, err := Instantiate(tp, date.MustParse("2027-10-21"), "")
	if err != nil || e.TimeZone != "UTC" {
		t.Errorf("empty zone: %v %v", e, err)
	}
}

func TestSafetyChecklistAndDescription(t *testing.T) {
	t.Parallel()
	tp := &Template{
		ID: "x", Version: 1, Title: "X", Kind: event.KindPress, Description: "Intro.",
		Objectives: []event.Objective{3, 1}, Tutorials: []string{"advocating-safely", "make-the-switch"},
		Safety: Safety{Threats: []string{"One", "Two"}, CheckIn: []string{"Call"}},
	}
	e, _, err := Instantiate(tp, date.MustParse("2027-10-21"), "UTC")
	if err != nil {
		t.Fatal(err)
	}
	if e.Safety.Threats != "- [ ] One\n- [ ] Two" || e.Safety.CheckIn != "- [ ] Call" || e.Safety.Mitigations != "" {
		t.Errorf("safety = %+v", e.Safety)
	}
	wantDesc := "Intro.\n\nSuggested tutorials:\n- Advocating safely (advocating-safely)\n- Make the switch (make-the-switch)"
	if e.Description != wantDesc {
		t.Errorf("description = %q", e.Description)
	}
	if !reflect.DeepEqual(e.Objectives, []event.Objective{1, 3}) || e.Status != event.StatusPlanned || !e.End.IsZero() {
		t.Errorf("event = %+v", e)
	}
}

func TestFromEventRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tp := range loadShipped(t) {
		for _, zone := range []string{"Europe/Berlin", "Pacific/Apia", "America/Sao_Paulo"} {
			day := date.MustParse("2026-10-25")
			e, tasks, err := Instantiate(tp, day, zone)
			if err != nil {
				t.Fatal(err)
			}
			back := FromEvent(e, tasks)
			roundTrip(t, back)
			// Everything the template said survives, except what only
			// the built-in has (date rule, summary, version, task
			// purposes: an event's tasks do not keep them).
			want := *tp
			want.Date, want.Summary, want.lines, want.name, want.Language = nil, "", nil, "", ""
			want.Tasks = slices.Clone(tp.Tasks)
			for i := range want.Tasks {
				want.Tasks[i].Purpose = ""
			}
			want.Version = 1 // a template made from an event starts at version 1
			want.ID = slug(tp.Title)
			want.Objectives = slices.Sorted(slices.Values(tp.Objectives))
			back.Summary = ""
			back.lines = nil
			if !reflect.DeepEqual(&want, back) {
				a, _ := Encode(back)
				b, _ := Encode(&want)
				t.Errorf("%s in %s: FromEvent(Instantiate) =\n%s\nwant\n%s", tp.ID, zone, a, b)
			}
		}
	}
}

func TestFromEventClampsToLimits(t *testing.T) {
	t.Parallel()
	loc, _ := time.LoadLocation("Asia/Kolkata")
	e := &event.Event{
		Title: "Ünïcode \x01 party!! 2027", Kind: "weird", Start: time.Date(2027, 10, 21, 9, 5, 0, 0, loc),
		End: time.Date(2027, 12, 21, 9, 5, 0, 0, loc), TimeZone: "Asia/Kolkata",
		Objectives: []event.Objective{9, 2, 2},
		Safety:     event.SafetyPlan{Threats: "- [x] done\n\n* star\nplain " + strings.Repeat("z", 900)},
	}
	var tasks []*event.Task
	for i := range MaxTasks + 5 {
		tasks = append(tasks, &event.Task{Title: strings.Repeat("t", 300), Due: date.New(2027, 10, 21+i*40)})
	}
	tasks[0].Title = "07:15 · Timed"
	tp := FromEvent(e, tasks)
	data, err := Encode(tp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("clamped", data); err != nil {
		t.Fatalf("FromEvent result does not parse: %v", err)
	}
	if tp.ID != "n-code-party-2027" || tp.Kind != event.KindOther || tp.Duration != MaxDuration || tp.StartTime != "09:05" {
		t.Errorf("template %q %q %d %q", tp.ID, tp.Kind, tp.Duration, tp.StartTime)
	}
	if !reflect.DeepEqual(tp.Objectives, []event.Objective{2}) || len(tp.Safety.Threats) != 3 || tp.Safety.Threats[0] != "done" {
		t.Errorf("objectives %v threats %q", tp.Objectives, tp.Safety.Threats)
	}
	if len(tp.Tasks) != MaxTasks || tp.Tasks[0].Time != "07:15" || tp.Tasks[0].Title != "Timed" || tp.Tasks[MaxTasks-1].Offset != nil {
		t.Errorf("tasks: %d, first %+v", len(tp.Tasks), tp.Tasks[0])
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	good := "id = \"ok\"\nversion = 1\ntitle = \"T\"\nkind = \"meeting\"\n"
	for _, c := range []struct {
		name, data string
		line       int
		msg        string
	}{
		{"syntax", good + "title = \n", 5, ""},
		{"duplicate key", good + "title = \"again\"\n", 5, "already"},
		{"unknown key", good + "colour = \"red\"\n", 5, `unknown key "colour"`},
		{"unknown task key", good + "[[tasks]]\ntitle = \"a\"\n[[tasks]]\ntitle = \"b\"\nwhen = 3\n", 9, `unknown key "tasks.when"`},
		{"missing id", "version = 1\ntitle = \"T\"\nkind = \"meeting\"\n", 0, "id is missing"},
		{"bad id", strings.Replace(good, `"ok"`, `"Not OK"`, 1), 1, "id \"Not OK\""},
		{"version", strings.Replace(good, "version = 1", "version = 0", 1), 2, "version"},
		{"kind", strings.Replace(good, "meeting", "party", 1), 4, `kind "party"`},
		{"objective", good + "objectives = [1, 7]\n", 5, "objective 7"},
		{"objective twice", good + "objectives = [2, 2]\n", 5, "twice"},
		{"start time", good + "start_time = \"25:00\"\n", 5, "start_time"},
		{"duration", good + "duration_minutes = -5\n", 5, "duration_minutes"},
		{"feb 29", good + "[date]\nmonth = 2\nday = 29\n", 6, "every year"},
		{"april 31", good + "[date]\nmonth = 4\nday = 31\n", 6, "every year"},
		{"task title missing", good + "\n[[tasks]]\noffset_days = 3\n", 6, "task 1 title is missing"},
		{"task offset", good + "[[tasks]]\ntitle = \"a\"\n[[tasks]]\ntitle = \"b\"\noffset_days = 9999\n", 9, "task 2 offset_days"},
		{"task time", good + "[[tasks]]\ntitle = \"a\"\ntime = \"9:00\"\n", 7, "task 1 time"},
		{"newline in title", strings.Replace(good, `"T"`, `"T\nU"`, 1), 3, "one line"},
		{"wrong type", good + "objectives = \"1\"\n", 5, ""},
		{"safety item", good + "[safety]\nthreats = [\"\"]\n", 6, "safety.threats item is missing"},
		{"tutorial id", good + "tutorials = [\"Bad Id\"]\n", 5, "tutorial id"},
		{"multi-line string hides keys", good + "description = \"\"\"\nid = 3\n\"\"\"\nbogus = 1\n", 8, `unknown key "bogus"`},
		{"not utf-8", good + "summary = \"\xff\"\n", 0, "UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("t.toml", []byte(c.data))
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("err = %v, want Errors", err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Error("error does not wrap ErrInvalid")
			}
			if es[0].Line != c.line || !strings.Contains(es[0].Msg, c.msg) {
				t.Errorf("first error = line %d %q, want line %d containing %q", es[0].Line, es[0].Msg, c.line, c.msg)
			}
			if c.line > 0 && !strings.HasPrefix(es[0].Error(), "t.toml:") {
				t.Errorf("error %q does not name the file and line", es[0])
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	t.Parallel()
	big := make([]byte, MaxSize+1)
	if _, err := Parse("big", big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
	var b strings.Builder
	b.WriteString("id = \"many\"\nversion = 1\ntitle = \"T\"\nkind = \"other\"\n")
	for range MaxTasks + 1 {
		b.WriteString("[[tasks]]\ntitle = \"x\"\n")
	}
	if _, err := Parse("many", []byte(b.String())); err == nil || !strings.Contains(err.Error(), "more than 200 tasks") {
		t.Errorf("too many tasks: %v", err)
	}
	long := "id = \"l\"\nversion = 1\ntitle = \"" + strings.Repeat("é", event.MaxTitle+1) + "\"\nkind = \"other\"\n"
	if _, err := Parse("long", []byte(long)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("long title: %v", err)
	}
}

func TestLint(t *testing.T) {
	t.Parallel()
	data := `id = "x"
version = 1
title = "X"
kind = "meeting"
tutorials = ["how-to-knit"]

[[tasks]]
title = "b"
offset_days = 5

[[tasks]]
title = "a"
offset_days = 1

[[tasks]]
title = "a"
`
	tp, err := Parse("x.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	err = Lint(tp)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("lint = %v", err)
	}
	text := err.Error()
	for _, want := range []string{
		"summary is missing", "no objectives", "start_time is missing", "safety.threats has no items",
		`x.toml:5: tutorial "how-to-knit"`, "x.toml:13: task 2 is due before task 1", "x.toml:16: task 3 has the same title",
		"task 3 has no offset_days", "safety.emergency_contacts has no items", `no task with purpose "delete-data"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lint output lacks %q:\n%s", want, text)
		}
	}
}

// TestLintPurposes checks the rules every shipped template follows for
// the worst case and for afterwards: the data-deletion task comes on or
// after the event day, and public events check permits before it.
func TestLintPurposes(t *testing.T) {
	t.Parallel()
	base := `id = "x"
version = 1
title = "X"
summary = "S"
kind = "%s"
duration_minutes = 60
start_time = "10:00"
objectives = [1]
tutorials = ["advocating-safely"]

[safety]
threats = ["t"]
mitigations = ["m"]
emergency_contacts = ["e"]
check_in = ["c"]
%s`
	task := func(title string, offset int, purpose string) string {
		s := fmt.Sprintf("\n[[tasks]]\ntitle = %q\noffset_days = %d\n", title, offset)
		if purpose != "" {
			s += fmt.Sprintf("purpose = %q\n", purpose)
		}
		return s
	}
	for _, c := range []struct {
		name, kind, tasks, want string
	}{
		{"meeting clean", "meeting", task("a", -1, "") + task("d", 1, "delete-data"), ""},
		{"public clean", "public", task("l", -20, "legal-check") + task("d", 0, "delete-data"), ""},
		{"public without legal check", "public", task("d", 1, "delete-data"), `no task with purpose "legal-check"`},
		{"press without legal check", "press", task("d", 1, "delete-data"), `no task with purpose "legal-check"`},
		{"no delete task", "meeting", task("a", 1, ""), `no task with purpose "delete-data"`},
		{"delete before the event", "meeting", task("d", -2, "delete-data"), "deletes the event's data before the event"},
		{"legal check afterwards", "workshop", task("d", 1, "delete-data") + task("l", 2, "legal-check"), "checks permits on or after the event day"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tp, err := Parse("x.toml", []byte(fmt.Sprintf(base, c.kind, c.tasks)))
			if err != nil {
				t.Fatal(err)
			}
			err = Lint(tp)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("lint = %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("lint = %v, want %q", err, c.want)
			}
		})
	}
}

// Parse refuses unknown and repeated task purposes.
func TestParsePurposes(t *testing.T) {
	t.Parallel()
	head := "id = \"x\"\nversion = 1\ntitle = \"X\"\nkind = \"other\"\n"
	for _, c := range []struct{ tasks, want string }{
		{"[[tasks]]\ntitle = \"a\"\npurpose = \"party\"\n", `x.toml:7: task 1 purpose "party" is not one of legal-check, delete-data`},
		{"[[tasks]]\ntitle = \"a\"\npurpose = \"delete-data\"\n[[tasks]]\ntitle = \"b\"\npurpose = \"delete-data\"\n",
			`x.toml:10: task 2 has the same purpose "delete-data" as task 1`},
	} {
		_, err := Parse("x.toml", []byte(head+c.tasks))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse = %v, want %q", err, c.want)
		}
	}
	tp, err := Parse("x.toml", []byte(head+"[[tasks]]\ntitle = \"a\"\npurpose = \"legal-check\"\n"))
	if err != nil || tp.Tasks[0].Purpose != PurposeLegalCheck {
		t.Fatalf("Parse = %+v, %v", tp, err)
	}
	roundTrip(t, tp)
}

func TestLoadBuiltinChecksNames(t *testing.T) {
	t.Parallel()
	fsys := fstestMap{
		"templates/en/right.toml":   "id = \"right\"\nversion = 1\ntitle = \"R\"\nkind = \"other\"\n",
		"templates/en/wrong.toml":   "id = \"other\"\nversion = 1\ntitle = \"W\"\nkind = \"other\"\n",
		"templates/de/right.toml":   "id = \"right\"\nversion = 1\ntitle = \"Richtig\"\nkind = \"other\"\n",
		"templates/stray.toml":      "id = \"stray\"\n",
		"templates/en/broken.toml":  "id = \n",
		"templates/en/README.md":    "not a template",
		"templates/fr/only-en.toml": "",
	}
	ts, err := LoadBuiltin(fsys.FS())
	if err == nil {
		t.Fatal("no error")
	}
	text := err.Error()
	for _, want := range []string{"wrong.toml:1: id \"other\" does not match", "stray.toml: template outside", "broken.toml:1:", "only-en.toml"} {
		if !strings.Contains(text, want) {
			t.Errorf("error lacks %q:\n%s", want, text)
		}
	}
	if len(ts) != 2 || ts[0].Language != "de" || ts[1].Language != "en" {
		t.Fatalf("loaded %d", len(ts))
	}
	if got := ForLanguage(ts, "de"); len(got) != 1 || got[0].Title != "Richtig" {
		t.Errorf("ForLanguage(de) = %v", got)
	}
	if got := ForLanguage(ts, "fr"); len(got) != 1 || got[0].Title != "R" {
		t.Errorf("ForLanguage(fr) = %v", got)
	}
	// A regional or script variant finds its base language.
	if got := ForLanguage(ts, "de-AT"); len(got) != 1 || got[0].Title != "Richtig" {
		t.Errorf("ForLanguage(de-AT) = %v", got)
	}
}

// TestShippedTranslationsMatch checks every shipped translation of a
// template against its English original: same version, kind, timing,
// objectives, tutorials and task plan; only the words differ. It also
// checks that each shipped interface language finds its own templates
// (zh-Hans templates for the zh-Hans interface).
func TestShippedTranslationsMatch(t *testing.T) {
	t.Parallel()
	all := loadShipped(t)
	en := map[string]*Template{}
	for _, tp := range all {
		if tp.Language == "en" {
			en[tp.ID] = tp
		}
	}
	langs := map[string]bool{}
	for _, tp := range all {
		if tp.Language == "en" {
			continue
		}
		langs[tp.Language] = true
		o := en[tp.ID]
		if o == nil {
			t.Errorf("%s/%s has no English original", tp.Language, tp.ID)
			continue
		}
		if tp.Version > o.Version || tp.Kind != o.Kind || tp.Duration != o.Duration ||
			tp.StartTime != o.StartTime || !slices.Equal(tp.Objectives, o.Objectives) ||
			!slices.Equal(tp.Tutorials, o.Tutorials) || len(tp.Tasks) != len(o.Tasks) {
			t.Errorf("%s/%s differs from the English original in more than words", tp.Language, tp.ID)
			continue
		}
		for i := range tp.Tasks {
			a, b := tp.Tasks[i].Offset, o.Tasks[i].Offset
			if (a == nil) != (b == nil) || a != nil && *a != *b {
				t.Errorf("%s/%s task %d: due offset differs from English", tp.Language, tp.ID, i)
			}
			if tp.Tasks[i].Purpose != o.Tasks[i].Purpose || tp.Tasks[i].Time != o.Tasks[i].Time {
				t.Errorf("%s/%s task %d: purpose or time differs from English", tp.Language, tp.ID, i)
			}
		}
		if tp.Title == o.Title {
			t.Errorf("%s/%s: title not translated", tp.Language, tp.ID)
		}
	}
	for lang := range langs {
		for _, tp := range ForLanguage(all, lang) {
			if tp.Language != lang {
				t.Errorf("interface %s gets template %s in %s", lang, tp.ID, tp.Language)
			}
		}
	}
}

func TestRecord(t *testing.T) {
	t.Parallel()
	tp := Find(loadShipped(t), "press-moment")
	r, err := NewRecord(tp)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Validate(); err != nil || r.Name != tp.Title {
		t.Fatalf("record %q: %v", r.Name, err)
	}
	back, err := r.Template()
	if err != nil || back.ID != tp.ID || len(back.Tasks) != len(tp.Tasks) {
		t.Fatalf("template: %v", err)
	}
	for _, bad := range []Record{{Name: "", Body: r.Body}, {Name: "x\ny", Body: r.Body}, {Name: "ok", Body: "id = "}} {
		if err := bad.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Validate(%q) = %v", bad.Name, err)
		}
	}
}
