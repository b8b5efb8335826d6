package cli

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/zones"
)

func (r *runner) cmdEvent(args []string) error {
	return r.subcommand("event", args, map[string]func([]string) error{
		"add":    r.eventAdd,
		"list":   r.eventList,
		"show":   r.eventShow,
		"rm":     r.eventRm,
		"repeat": r.eventRepeat,
		"export": r.eventExport,
		"import": r.eventImport,
	})
}

func (r *runner) cmdTask(args []string) error {
	return r.subcommand("task", args, map[string]func([]string) error{
		"add":  r.taskAdd,
		"done": r.taskDone,
	})
}

// validZone reports whether name is an IANA zone name usable for events.
func validZone(name string) bool {
	if name == "" || name == "Local" || filepath.IsAbs(name) || strings.Contains(name, "..") {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// localZone returns the name of the machine's zone if it is a valid IANA
// name ($TZ, else what zones.Local finds: /etc/localtime, the Windows
// registry...), else "UTC".
func (r *runner) localZone() string {
	if tz := strings.TrimPrefix(r.env.Getenv("TZ"), ":"); validZone(tz) {
		return tz
	}
	return zones.Local()
}

func (r *runner) eventAdd(args []string) error {
	fs := newFlagSet("event add")
	title := fs.String("title", "", "")
	start := fs.String("start", "", "")
	end := fs.String("end", "", "")
	tz := fs.String("tz", "", "")
	location := fs.String("location", "", "")
	online := fs.Bool("online", false, "")
	description := fs.String("description", "", "")
	outcome := fs.String("outcome", "", "")
	threats := fs.String("threats", "", "")
	mitigations := fs.String("mitigations", "", "")
	emergency := fs.String("emergency-contacts", "", "")
	checkIn := fs.String("check-in", "", "")
	template := fs.String("template", "", "")
	day := fs.String("date", "", "")
	status := newChoice("status", event.Statuses)
	kind := newChoice("kind", event.Kinds)
	var objectives objectiveList
	fs.Var(status, "status", "")
	fs.Var(kind, "kind", "")
	fs.Var(&objectives, "objective", "")
	rf := addRepeatFlags(fs)
	pos, done, err := r.parseCmd("event", fs, args)
	if done {
		return err
	}
	if err := noArgs("event add", pos); err != nil {
		return err
	}
	set := wasSet(fs)
	repeat, _, err := rf.repeat(set)
	if err != nil {
		return err
	}
	if set["template"] {
		for name := range set {
			if name != "template" && name != "date" && name != "tz" {
				return usageErr("cli.usage.template_conflict", args1("Flag", "--"+name))
			}
		}
		return r.eventFromTemplate(*template, *day, *tz)
	}
	if set["date"] {
		return usageErr("cli.usage.date_needs_template", nil)
	}
	for _, req := range []string{"title", "start"} {
		if !set[req] {
			return usageErr("cli.usage.flag_required", map[string]any{"Flag": "--" + req, "Command": "event add"})
		}
	}
	zone := *tz
	if zone == "" {
		zone = r.localZone()
	} else if !validZone(zone) {
		return usageErr("cli.usage.flag_zone", map[string]any{"Flag": "--tz", "Value": zone})
	}
	e := event.Event{
		Title: *title, Kind: event.Kind(kind.value), TimeZone: zone, Location: *location, Online: *online,
		Description: *description, Objectives: objectives, Status: event.Status(status.value), Outcome: *outcome,
		Safety: event.SafetyPlan{Threats: *threats, Mitigations: *mitigations, EmergencyContacts: *emergency, CheckIn: *checkIn},
		Repeat: repeat,
	}
	var adj event.Adjustment
	var notes []string
	if e.Start, adj, err = event.ParseLocalAdjusted(*start, zone); err != nil {
		return usageErr("cli.usage.flag_time", map[string]any{"Flag": "--start", "Value": *start})
	}
	notes = r.noteAdjusted(notes, "--start", *start, zone, e.Start, adj)
	if *end != "" {
		if e.End, adj, err = event.ParseLocalAdjusted(*end, zone); err != nil {
			return usageErr("cli.usage.flag_time", map[string]any{"Flag": "--end", "Value": *end})
		}
		notes = r.noteAdjusted(notes, "--end", *end, zone, e.End, adj)
	}
	if len(notes) > 0 {
		r.errorLine(strings.Join(notes, "; "))
	}
	return r.write(func(s *app.Session, o *out) error {
		if err := s.AddEvent(r.ctx, &e); err != nil {
			return err
		}
		fmt.Fprintln(o, e.ID)
		return nil
	})
}

// noteAdjusted adds to notes what the user is told when a time given for
// flag was in an hour the clocks skip or repeat, and how it was read
// (event.ParseLocalAdjusted).
func (r *runner) noteAdjusted(notes []string, flag, given, zone string, t time.Time, adj event.Adjustment) []string {
	args := map[string]any{"Flag": flag, "Time": given, "Zone": zone}
	switch adj {
	case event.AdjustSkipped:
		args["Actual"] = t.Format("2006-01-02 15:04")
		return append(notes, r.tr.T("cli.event.time_skipped", args))
	case event.AdjustRepeated:
		args["Actual"] = t.UTC().Format("2006-01-02 15:04") + " UTC"
		return append(notes, r.tr.T("cli.event.time_repeated", args))
	}
	return notes
}

func (r *runner) eventList(args []string) error {
	fs := newFlagSet("event list")
	asJSON := fs.Bool("json", false, "")
	search := fs.String("search", "", "")
	upcoming := fs.Bool("upcoming", false, "")
	past := fs.Bool("past", false, "")
	fromFlag := fs.String("from", "", "")
	toFlag := fs.String("to", "", "")
	status := newChoice("status", event.Statuses)
	fs.Var(status, "status", "")
	pos, done, err := r.parseCmd("event", fs, args)
	if done {
		return err
	}
	if err := noArgs("event list", pos); err != nil {
		return err
	}
	var from, to time.Time
	for _, d := range []struct {
		flag, value string
		t           *time.Time
	}{{"--from", *fromFlag, &from}, {"--to", *toFlag, &to}} {
		if d.value == "" {
			continue
		}
		if *d.t, err = event.ParseLocal(d.value, r.localZone()); err != nil {
			return usageErr("cli.usage.flag_date", map[string]any{"Flag": d.flag, "Value": d.value})
		}
	}
	if !to.IsZero() && len(*toFlag) == len("2006-01-02") {
		to = to.AddDate(0, 0, 1) // the whole last day
	}
	return r.read(func(s *app.Session) error {
		occ, err := s.Occurrences(r.ctx, store.OccurrenceFilter{EventFilter: store.EventFilter{
			Search: *search, Upcoming: *upcoming, Past: *past, Now: r.env.Now(), Status: event.Status(status.value),
		}, From: from, To: to})
		if err != nil {
			return err
		}
		es := make([]*event.Event, len(occ))
		for i, o := range occ {
			e := *o.Event
			e.Start, e.End = o.Start, o.End
			es[i] = &e
		}
		if *asJSON {
			from, err := r.origins(s)
			if err != nil {
				return err
			}
			views := make([]eventJSON, len(es))
			for i, e := range es {
				views[i] = eventView(e)
				views[i].From = from.from(e.Origin)
				if o := occ[i]; o.SeriesID != "" {
					orig := o.Original.UTC()
					views[i].SeriesID, views[i].OccurrenceOf = o.SeriesID, &orig
				}
			}
			return r.printJSON(views)
		}
		t := r.table("cli.col.id", "cli.col.start", "cli.col.status", "cli.col.title", "cli.col.location")
		for i, e := range es {
			where := e.Location
			if e.Online && where == "" {
				where = r.tr.T("cli.event.online", nil)
			}
			title := e.Title
			if occ[i].SeriesID != "" {
				title = "↻ " + title // one date of a repeating event
			}
			t.row(shortID(e.ID), formatLocal(e.Start, e.Zone(), e.TimeZone), string(e.Status), title, where)
		}
		return t.flush()
	})
}

func (r *runner) eventShow(args []string) error {
	fs := newFlagSet("event show")
	asJSON := fs.Bool("json", false, "")
	pos, done, err := r.parseCmd("event", fs, args)
	if done {
		return err
	}
	id, err := oneID("event show", pos)
	if err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		e, err := r.eventByID(s, id)
		if err != nil {
			return err
		}
		tasks, err := s.Tasks(r.ctx, e.ID)
		if err != nil {
			return err
		}
		parts, err := s.Participants(r.ctx, e.ID)
		if err != nil {
			return err
		}
		from, err := r.origins(s)
		if err != nil {
			return err
		}
		if *asJSON {
			v := eventView(e)
			v.From = from.from(e.Origin)
			v.Tasks = make([]taskJSON, len(tasks))
			for i, t := range tasks {
				v.Tasks[i] = taskView(t)
			}
			v.Participants = make([]participantJSON, len(parts))
			for i, p := range parts {
				v.Participants[i] = participantJSON{ContactID: p.ContactID, Name: p.Name, Role: p.Role}
			}
			return r.printJSONShow(v)
		}
		objs := make([]string, len(e.Objectives))
		for i, o := range e.Objectives {
			objs[i] = strconv.Itoa(int(o))
		}
		loc := e.Zone()
		d := r.details()
		d.field("cli.field.id", e.ID)
		d.field("cli.field.title", e.Title)
		d.field("cli.field.kind", string(e.Kind))
		d.field("cli.field.status", string(e.Status))
		d.field("cli.field.start", formatLocal(e.Start, loc, e.TimeZone))
		d.field("cli.field.end", formatLocal(e.End, loc, e.TimeZone))
		if e.Repeats() {
			d.field("cli.field.repeat", e.Repeat.Rule)
		}
		d.field("cli.field.location", e.Location)
		if e.Online {
			d.field("cli.field.online", r.tr.T("common.yes", nil))
		}
		d.field("cli.field.objectives", strings.Join(objs, ", "))
		d.field("cli.field.description", e.Description)
		d.field("cli.field.threats", e.Safety.Threats)
		d.field("cli.field.mitigations", e.Safety.Mitigations)
		d.field("cli.field.emergency_contacts", e.Safety.EmergencyContacts)
		d.field("cli.field.check_in", e.Safety.CheckIn)
		d.field("cli.field.outcome", e.Outcome)
		d.field("cli.field.from", from.describe(r, e.Origin))
		if err := d.flush(); err != nil {
			return err
		}
		if len(tasks) > 0 {
			fmt.Fprintf(r.env.Stdout, "\n%s\n", r.tr.N("tasks.count", len(tasks), nil))
			t := r.table("cli.col.id", "cli.col.done", "cli.col.due", "cli.col.title", "cli.col.assignee")
			for _, tk := range tasks {
				mark := ""
				if tk.Done {
					mark = "x"
				}
				t.row(shortID(tk.ID), mark, tk.Due.String(), tk.Title, shortID(tk.AssigneeID))
			}
			if err := t.flush(); err != nil {
				return err
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(r.env.Stdout, "\n%s\n", r.tr.N("cli.event.participants", len(parts), nil))
			t := r.table("cli.col.id", "cli.col.name", "cli.col.role")
			for _, p := range parts {
				t.row(shortID(p.ContactID), p.Name, p.Role)
			}
			return t.flush()
		}
		return nil
	})
}

// printJSONShow prints an event for event show: its task and participant
// lists are present even when empty.
func (r *runner) printJSONShow(v eventJSON) error {
	type full struct {
		eventJSON
		Tasks        []taskJSON        `json:"tasks"`
		Participants []participantJSON `json:"participants"`
	}
	return r.printJSON(full{eventJSON: v, Tasks: v.Tasks, Participants: v.Participants})
}

func (r *runner) eventRm(args []string) error {
	fs := newFlagSet("event rm")
	pos, done, err := r.parseCmd("event", fs, args)
	if done {
		return err
	}
	id, err := oneID("event rm", pos)
	if err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		e, err := r.eventByID(s, id)
		if err != nil {
			return err
		}
		tasks, err := s.Tasks(r.ctx, e.ID)
		if err != nil {
			return err
		}
		if err := s.DeleteEvent(r.ctx, e.ID); err != nil {
			return err
		}
		title := oneLine(e.Title)
		if len(tasks) > 0 {
			fmt.Fprintln(o, r.tr.N("cli.event.deleted_with_tasks", len(tasks), args1("Title", title)))
		} else {
			fmt.Fprintln(o, r.tr.T("cli.event.deleted", args1("Title", title)))
		}
		return nil
	})
}

func (r *runner) taskAdd(args []string) error {
	fs := newFlagSet("task add")
	eventID := fs.String("event", "", "")
	title := fs.String("title", "", "")
	assignee := fs.String("assignee", "", "")
	notes := fs.String("notes", "", "")
	due := dateValue{name: "due"}
	fs.Var(&due, "due", "")
	pos, done, err := r.parseCmd("task", fs, args)
	if done {
		return err
	}
	if err := noArgs("task add", pos); err != nil {
		return err
	}
	set := wasSet(fs)
	for _, req := range []string{"event", "title"} {
		if !set[req] {
			return usageErr("cli.usage.flag_required", map[string]any{"Flag": "--" + req, "Command": "task add"})
		}
	}
	return r.write(func(s *app.Session, o *out) error {
		ev, err := s.ResolveID(r.ctx, record.Event, *eventID)
		if err != nil {
			return err
		}
		t := event.Task{EventID: ev, Title: *title, Due: due.d, Notes: *notes}
		if *assignee != "" {
			if t.AssigneeID, err = s.ResolveID(r.ctx, record.Contact, *assignee); err != nil {
				return err
			}
		}
		existing, err := s.Tasks(r.ctx, ev)
		if err != nil {
			return err
		}
		for _, x := range existing {
			t.Position = max(t.Position, x.Position+1)
		}
		if err := s.AddTask(r.ctx, &t); err != nil {
			return err
		}
		fmt.Fprintln(o, t.ID)
		return nil
	})
}

func (r *runner) taskDone(args []string) error {
	fs := newFlagSet("task done")
	undo := fs.Bool("undo", false, "")
	pos, done, err := r.parseCmd("task", fs, args)
	if done {
		return err
	}
	id, err := oneID("task done", pos)
	if err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		full, err := s.ResolveID(r.ctx, record.Task, id)
		if err != nil {
			return err
		}
		t, err := s.Task(r.ctx, full)
		if err != nil {
			return err
		}
		if err := s.SetTaskDone(r.ctx, full, !*undo); err != nil {
			return err
		}
		msg := "cli.task.done"
		if *undo {
			msg = "cli.task.undone"
		}
		fmt.Fprintln(o, r.tr.T(msg, args1("Title", oneLine(t.Title))))
		return nil
	})
}

// eventByID finds the event a full or shortened ID names.
func (r *runner) eventByID(s *app.Session, id string) (*event.Event, error) {
	full, err := s.ResolveID(r.ctx, record.Event, id)
	if err != nil {
		return nil, err
	}
	return s.Event(r.ctx, full)
}
