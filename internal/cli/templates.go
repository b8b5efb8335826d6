package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/store"
)

func (r *runner) cmdTemplate(args []string) error {
	return r.subcommand("template", args, map[string]func([]string) error{
		"list":   r.templateList,
		"rm":     r.templateRm,
		"import": r.templateImport,
	})
}

// templateJSON is the --json view of a template in `template list`.
type templateJSON struct {
	// ID is the built-in ID, or the saved template's record ID; both are
	// accepted by `event add --template`.
	ID         string `json:"id"`
	Source     string `json:"source"` // "builtin" or "saved"
	Title      string `json:"title"`
	Summary    string `json:"summary"`
	Kind       string `json:"kind"`
	Objectives []int  `json:"objectives"`
	Tasks      int    `json:"tasks"`
	// Date is the fixed day of the year ("10-21") of templates with a
	// date rule, else null.
	Date *string `json:"date"`
}

func templateView(c app.TemplateChoice) templateJSON {
	t := c.Template
	v := templateJSON{ID: t.ID, Source: "builtin", Title: t.Title, Summary: t.Summary, Kind: string(t.Kind),
		Objectives: []int{}, Tasks: len(t.Tasks)}
	if !c.Builtin() {
		v.ID, v.Source = c.RecordID, "saved"
	}
	for _, o := range t.Objectives {
		v.Objectives = append(v.Objectives, int(o))
	}
	if t.Date != nil {
		s := fmt.Sprintf("%02d-%02d", t.Date.Month, t.Date.Day)
		v.Date = &s
	}
	return v
}

func (r *runner) templateList(args []string) error {
	fs := newFlagSet("template list")
	asJSON := fs.Bool("json", false, "")
	pos, done, err := r.parseCmd("template", fs, args)
	if done {
		return err
	}
	if err := noArgs("template list", pos); err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		choices, skipped, err := s.TemplateChoices(r.ctx, r.tr.lang())
		if err != nil {
			return err
		}
		if skipped > 0 {
			r.errorLine(r.tr.N("cli.template.skipped", skipped, nil))
		}
		views := make([]templateJSON, len(choices))
		for i, c := range choices {
			views[i] = templateView(c)
		}
		if *asJSON {
			return r.printJSON(views)
		}
		t := r.table("cli.col.id", "cli.col.source", "cli.col.kind", "cli.col.tasks", "cli.col.title")
		for _, v := range views {
			id, source := v.ID, r.tr.T("cli.template.builtin", nil)
			if v.Source == "saved" {
				id, source = shortID(v.ID), r.tr.T("cli.template.saved", nil)
			}
			t.row(id, source, v.Kind, strconv.Itoa(v.Tasks), v.Title)
		}
		return t.flush()
	})
}

// eventFromTemplate is `event add --template ID [--date D] [--tz Z]`.
// --date is YYYY-MM-DD; a template with a fixed date (Global Encryption
// Day) also takes a year alone, or no --date for its next occurrence.
func (r *runner) eventFromTemplate(id, dateText, tz string) error {
	zone := tz
	if zone == "" {
		zone = r.localZone()
	} else if !validZone(zone) {
		return usageErr("cli.usage.flag_zone", map[string]any{"Flag": "--tz", "Value": zone})
	}
	return r.write(func(s *app.Session, o *out) error {
		t, err := r.findTemplate(s, id)
		if err != nil {
			return err
		}
		loc, _ := time.LoadLocation(zone)
		day, err := templateDate(t, dateText, date.Of(r.env.Now().In(loc)))
		if err != nil {
			return err
		}
		eventID, err := s.CreateEventFromTemplate(r.ctx, t, day, zone, r.tr.lang(), r.tr.T("templates.tutorials_heading", nil))
		if err != nil {
			return err
		}
		fmt.Fprintln(o, eventID)
		return nil
	})
}

// templateDate reads --date for t (see eventFromTemplate).
func templateDate(t *campaign.Template, text string, today date.Date) (date.Date, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "" && t.Date != nil:
		return t.Date.Next(today), nil
	case text == "":
		return date.Date{}, usageErr("cli.usage.flag_required", map[string]any{"Flag": "--date", "Command": "event add --template"})
	case t.Date != nil && len(text) == 4:
		if y, err := strconv.Atoi(text); err == nil && y >= 1 {
			return t.Date.In(y), nil
		}
	default:
		if d, err := date.Parse(text); err == nil {
			return d, nil
		}
	}
	return date.Date{}, usageErr("cli.usage.flag_date", map[string]any{"Flag": "--date", "Value": text})
}

// findTemplate returns the built-in template with the ID, or else the
// saved template whose record ID starts with it.
func (r *runner) findTemplate(s *app.Session, id string) (*campaign.Template, error) {
	builtin, err := campaign.Builtin(r.tr.lang())
	if err != nil {
		return nil, err
	}
	if t := campaign.Find(builtin, id); t != nil {
		return t, nil
	}
	rec, err := s.SavedTemplate(r.ctx, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrPrefixTooShort) {
		return nil, userErr("cli.template.unknown", args1("ID", id))
	}
	if err != nil {
		return nil, err
	}
	t, err := rec.Template()
	if err != nil {
		return nil, userErr("cli.template.unreadable", args1("Name", oneLine(rec.Name)))
	}
	t.Title = rec.Name
	return t, nil
}

// templateRm deletes a saved template. Built-in templates ship with the
// app and cannot be removed.
func (r *runner) templateRm(args []string) error {
	fs := newFlagSet("template rm")
	pos, done, err := r.parseCmd("template", fs, args)
	if done {
		return err
	}
	id, err := oneID("template rm", pos)
	if err != nil {
		return err
	}
	builtin, err := campaign.Builtin(r.tr.lang())
	if err != nil {
		return err
	}
	if campaign.Find(builtin, id) != nil {
		return userErr("cli.template.builtin_rm", args1("ID", id))
	}
	return r.write(func(s *app.Session, o *out) error {
		rec, err := s.SavedTemplate(r.ctx, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrPrefixTooShort) {
			return userErr("cli.template.unknown", args1("ID", id))
		}
		if err != nil {
			return err
		}
		if err := s.DeleteTemplate(r.ctx, rec.ID); err != nil {
			return err
		}
		fmt.Fprintln(o, r.tr.T("cli.template.deleted", args1("Name", oneLine(rec.Name))))
		return nil
	})
}

// templateImport is `template import FILE|- [--check] [--strict] [--yes]`:
// it checks a template file and saves it as a saved template. Problems
// are printed one a line on standard output ("FILE:LINE: problem"), with
// one translated summary on standard error. A file that does not parse
// is refused; what would keep it from shipping with the app is a warning,
// unless --strict (or --check, which imports nothing) makes it a refusal.
// A saved template with the same ID is replaced only after a yes.
func (r *runner) templateImport(args []string) error {
	fs := newFlagSet("template import")
	check := fs.Bool("check", false, "")
	strict := fs.Bool("strict", false, "")
	yes := fs.Bool("yes", false, "")
	pos, done, err := r.parseCmd("template", fs, args)
	if done {
		return err
	}
	if len(pos) != 1 {
		return usageErr("cli.usage.template_file_required", nil)
	}
	if pos[0] == "-" && r.passFile == "-" && !*check {
		return usageErr("cli.usage.template_stdin_twice", nil)
	}
	name, data, err := r.readTemplateFile(pos[0])
	if err != nil {
		return err
	}
	// Checked before unlocking: a broken file needs no passphrase, and
	// --check needs no vault at all.
	imp, err := app.CheckTemplateFile(name, data)
	if err != nil {
		var es campaign.Errors
		if !errors.As(err, &es) {
			return err
		}
		r.printProblems(name, es)
		return userErrN("cli.template_import.invalid", len(es), args1("Name", oneLine(name)))
	}
	if len(imp.Lint) > 0 {
		r.printProblems(name, imp.Lint)
		if *check || *strict {
			return userErrN("cli.template_import.lint_failed", len(imp.Lint), args1("Name", oneLine(name)))
		}
		r.errorLine(r.tr.N("cli.template_import.lint_warning", len(imp.Lint), args1("Name", oneLine(name))))
	}
	if *check {
		fmt.Fprintln(r.env.Stdout, r.tr.N("cli.template_import.checked", len(imp.Template.Tasks),
			map[string]any{"Name": oneLine(name), "Title": oneLine(imp.Template.Title)}))
		return nil
	}
	return r.write(func(s *app.Session, o *out) error {
		imp, err := s.PrepareTemplateImport(r.ctx, name, data)
		if err != nil {
			return err
		}
		old := imp.Replaces
		if old != nil && !*yes {
			what := map[string]any{"ID": imp.Template.ID, "Name": oneLine(old.Name)}
			// Standard input may hold the file itself.
			if !r.interactive() || r.stdinUsed {
				return usageErr("cli.usage.template_import_needs_yes", what)
			}
			fmt.Fprint(r.env.Stdout, r.tr.T("cli.template_import.confirm", what)+" ")
			line, _ := bufio.NewReader(r.env.Stdin).ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
				return userErr("cli.import.cancelled", nil)
			}
		}
		rec, err := s.ImportTemplate(r.ctx, imp, old != nil)
		if err != nil {
			return err
		}
		if imp.SameAsBuiltin {
			fmt.Fprintln(o, r.tr.T("cli.template_import.builtin_id", args1("ID", imp.Template.ID)))
		}
		what := map[string]any{"Title": oneLine(rec.Name), "ID": rec.ID}
		if old != nil {
			what["Name"] = oneLine(old.Name)
			fmt.Fprintln(o, r.tr.T("cli.template_import.replaced", what))
		} else {
			fmt.Fprintln(o, r.tr.T("cli.template_import.done", what))
		}
		return nil
	})
}

// readTemplateFile reads the file of `template import` ("-" = standard
// input, named "stdin" in messages), never more than one byte past the
// size limit.
func (r *runner) readTemplateFile(path string) (name string, data []byte, err error) {
	name = path
	if path == "-" {
		name = "stdin"
		r.stdinUsed = true
		data, err = app.ReadTemplateFile(r.env.Stdin)
	} else {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = app.ReadTemplateFile(f)
			f.Close()
		}
	}
	switch {
	case errors.Is(err, campaign.ErrTooLarge):
		return "", nil, userErr("cli.template_import.too_large", map[string]any{"Name": oneLine(name), "Limit": campaign.MaxSize >> 10})
	case err != nil:
		return "", nil, userErr("cli.import.unreadable", args1("Path", oneLine(path)))
	}
	return name, data, nil
}

// printProblems prints the problems of a template file, one a line as
// "FILE:LINE: problem", at most app.MaxListedProblems of them and then
// how many more there are.
func (r *runner) printProblems(name string, es campaign.Errors) {
	shown, more := app.ListProblems(es)
	for _, e := range shown {
		fmt.Fprintln(r.env.Stdout, oneLine(e.Error()))
	}
	if more > 0 {
		fmt.Fprintf(r.env.Stdout, "%s: %s\n", oneLine(name), r.tr.N("cli.template_import.more", more, nil))
	}
}
