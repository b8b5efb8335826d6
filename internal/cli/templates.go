package cli

import (
	"errors"
	"fmt"
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
		"list": r.templateList,
		"rm":   r.templateRm,
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
		choices, skipped, err := app.TemplateChoices(r.ctx, s.Store(), r.tr.lang())
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
		eventID, err := app.CreateEventFromTemplate(r.ctx, s.Store(), t, day, zone, r.tr.lang(), r.tr.T("templates.tutorials_heading", nil))
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
	full, err := s.Store().Templates().Resolve(r.ctx, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrPrefixTooShort) {
		return nil, userErr("cli.template.unknown", args1("ID", id))
	}
	if err != nil {
		return nil, err
	}
	rec, err := s.Store().Templates().Get(r.ctx, full)
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
		st := s.Store()
		full, err := st.Templates().Resolve(r.ctx, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrPrefixTooShort) {
			return userErr("cli.template.unknown", args1("ID", id))
		}
		if err != nil {
			return err
		}
		rec, err := st.Templates().Get(r.ctx, full)
		if err != nil {
			return err
		}
		if err := st.Templates().Delete(r.ctx, full); err != nil {
			return err
		}
		fmt.Fprintln(o, r.tr.T("cli.template.deleted", args1("Name", oneLine(rec.Name))))
		return nil
	})
}
