package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/interop/ics"
	"github.com/safehouse-app/safehouse/internal/record"
)

// The calendar commands: event export (iCalendar, plain text, refused
// without --yes-i-understand-plaintext) and event import (preview, then
// confirmation). The format and its choices are in package ics and
// docs/interop.md.

// icsErr turns calendar errors into their translated messages.
func icsErr(err error) error {
	if msg := app.Explain(err); msg.Topic == app.TopicCalendar {
		return &msgError{msg: msg}
	}
	return err
}

func (r *runner) eventExport(args []string) error {
	fs := newFlagSet("event export")
	format := newChoice("format", []string{"ics"})
	format.value = "ics"
	fs.Var(format, "format", "")
	var ids stringList
	fs.Var(&ids, "event", "")
	outPath := fs.String("o", "", "")
	plaintext := fs.Bool("yes-i-understand-plaintext", false, "")
	safety := fs.Bool("include-safety-plan", false, "")
	pos, done, err := r.parseCmd("event", fs, args)
	if done {
		return err
	}
	if err := noArgs("event export", pos); err != nil {
		return err
	}
	if *outPath == "" {
		return usageErr("cli.usage.flag_required", map[string]any{"Flag": "-o", "Command": "event export"})
	}
	if !*plaintext {
		return usageErr("cli.usage.event_export_plaintext", nil)
	}
	// Refuse to overwrite before unlocking.
	if _, err := os.Lstat(*outPath); err == nil {
		return userErr("cli.event_export.exists", args1("Path", *outPath))
	}
	var data bytes.Buffer
	var events, tasks int
	err = r.read(func(s *app.Session) error {
		var full []string
		for _, id := range ids {
			f, err := s.ResolveID(r.ctx, record.Event, id)
			if err != nil {
				return err
			}
			full = append(full, f)
		}
		items, err := app.CollectCalendar(r.ctx, s, full)
		if err != nil {
			return err
		}
		opts := ics.ExportOptions{Now: r.env.Now(), IncludeSafetyPlan: *safety, Labels: r.safetyLabels()}
		if err := ics.Encode(&data, items, opts); err != nil {
			return icsErr(err)
		}
		events = len(items)
		for _, it := range items {
			tasks += len(it.Tasks)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := writeNewFile(*outPath, data.Bytes(), 0o600); err != nil {
		return userErr("cli.export.write_failed", args1("Path", *outPath))
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.event_export.done", map[string]any{"Path": *outPath, "Events": events, "Tasks": tasks}))
	r.errorLine(r.tr.T("cli.event_export.warning", args1("Path", *outPath)))
	return nil
}

// safetyLabels are the translated headings of an exported safety plan.
func (r *runner) safetyLabels() ics.SafetyLabels {
	return ics.SafetyLabels{
		Heading:           r.tr.T("calendar.export.safety_heading", nil),
		Threats:           r.tr.T("cli.field.threats", nil),
		Mitigations:       r.tr.T("cli.field.mitigations", nil),
		EmergencyContacts: r.tr.T("cli.field.emergency_contacts", nil),
		CheckIn:           r.tr.T("cli.field.check_in", nil),
	}
}

// readCalendar reads and parses a calendar file with ics.Read, which
// refuses oversized files before reading them whole.
func (r *runner) readCalendar(path string, opts ics.ImportOptions) (*ics.Parsed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, userErr("cli.import.unreadable", args1("Path", path))
	}
	defer f.Close()
	parsed, err := ics.Read(f, opts)
	if errors.Is(err, ics.ErrUnreadable) {
		return nil, userErr("cli.import.unreadable", args1("Path", path))
	}
	if err != nil {
		return nil, icsErr(err)
	}
	return parsed, nil
}

func (r *runner) eventImport(args []string) error {
	fs := newFlagSet("event import")
	yes := fs.Bool("yes", false, "")
	tz := fs.String("tz", "", "")
	pos, done, err := r.parseCmd("event", fs, args)
	if done {
		return err
	}
	if len(pos) != 1 {
		return usageErr("cli.usage.event_import_file", nil)
	}
	zone := *tz
	if zone == "" {
		zone = r.localZone()
	} else if !validZone(zone) {
		return usageErr("cli.usage.flag_zone", map[string]any{"Flag": "--tz", "Value": zone})
	}
	// The file is read before the vault is unlocked: a broken file costs
	// no passphrase.
	parsed, err := r.readCalendar(pos[0], ics.ImportOptions{Zone: zone, Untitled: r.tr.T("calendar.import.untitled_event", nil)})
	if err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		pv, err := app.PlanCalendarImport(r.ctx, s, parsed)
		if err != nil {
			return err
		}
		r.printCalendarPreview(pv)
		if len(pv.New) == 0 {
			return icsErr(ics.ErrNothingToImport)
		}
		if !*yes {
			if !r.interactive() {
				return usageErr("cli.usage.import_needs_yes", nil)
			}
			fmt.Fprint(r.env.Stdout, r.tr.T("cli.event_import.confirm", nil)+" ")
			line, _ := bufio.NewReader(r.env.Stdin).ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
				return userErr("cli.import.cancelled", nil)
			}
		}
		res, err := app.ApplyCalendarImport(r.ctx, s, pv)
		if err != nil {
			return icsErr(err)
		}
		fmt.Fprintln(o, r.tr.T("cli.event_import.done", map[string]any{"Events": res.Events, "Tasks": res.Tasks}))
		return nil
	})
}

// printCalendarPreview prints the summary and one line per event or
// skipped item.
func (r *runner) printCalendarPreview(pv *ics.Preview) {
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.event_import.summary", map[string]any{
		"New": len(pv.New), "Tasks": pv.NewTasks(), "Duplicates": len(pv.Duplicates), "Skipped": len(pv.Skipped)}))
	note := func(ns []ics.Notice) string {
		var parts []string
		for _, n := range ns {
			parts = append(parts, r.tr.T(n.ID, n.Args))
		}
		return strings.Join(parts, " ")
	}
	t := r.table("cli.col.action", "cli.col.start", "cli.col.title", "cli.col.note")
	for _, in := range pv.New {
		e := in.Event
		t.row(r.tr.T("cli.event_import.new", nil), formatLocal(e.Start, e.Zone(), e.TimeZone), e.Title, note(in.Notices))
	}
	for _, d := range pv.Duplicates {
		e := d.In.Event
		t.row(r.tr.T("cli.event_import.duplicate", nil), formatLocal(e.Start, e.Zone(), e.TimeZone), e.Title, shortID(d.ExistingID))
	}
	for _, sk := range pv.Skipped {
		title := sk.Title
		if title == "" {
			title = r.tr.T("calendar.import.untitled", nil)
		}
		t.row(r.tr.T("cli.event_import.skipped", nil), "", title, r.tr.T(sk.Reason.ID, sk.Reason.Args))
	}
	t.flush()
	if pv.Ignored > 0 {
		fmt.Fprintln(r.env.Stdout, r.tr.N("calendar.import.ignored", pv.Ignored, nil))
	}
	if len(pv.Warnings) > 0 {
		fmt.Fprintln(r.env.Stdout, r.tr.T("calendar.import.warn_heading", nil)+":")
		for _, w := range pv.Warnings {
			fmt.Fprintln(r.env.Stdout, "  "+cell(r.tr.T(w.ID, w.Args)))
		}
		if pv.MoreWarnings > 0 {
			fmt.Fprintln(r.env.Stdout, "  "+r.tr.T("calendar.warning.more", args1("Count", pv.MoreWarnings)))
		}
	}
}
