package cli

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
)

func (r *runner) cmdContact(args []string) error {
	return r.subcommand("contact", args, map[string]func([]string) error{
		"add":  r.contactAdd,
		"list": r.contactList,
		"show": r.contactShow,
		"edit": r.contactEdit,
		"rm":   r.contactRm,
		// contacts_io.go
		"import": r.contactImport,
		"export": r.contactExport,
	})
}

// contactFlags are the fields shared by contact add and contact edit.
type contactFlags struct {
	fs                                      *flag.FlagSet
	name, org, role, country, consent, note *string
	kind, stage, trust                      *choice
	tags, languages                         stringList
	channels                                channelList
	followUp                                dateValue
}

func newContactFlags(cmd string) *contactFlags {
	fs := newFlagSet(cmd)
	f := &contactFlags{
		fs:       fs,
		name:     fs.String("name", "", ""),
		org:      fs.String("org", "", ""),
		role:     fs.String("role", "", ""),
		country:  fs.String("country", "", ""),
		consent:  fs.String("consent", "", ""),
		note:     fs.String("notes", "", ""),
		kind:     newChoice("kind", contact.Kinds),
		stage:    newChoice("stage", allStages()),
		trust:    newChoice("trust", contact.TrustLevels),
		followUp: dateValue{name: "follow-up"},
	}
	fs.Var(f.kind, "kind", "")
	fs.Var(f.stage, "stage", "")
	fs.Var(f.trust, "trust", "")
	fs.Var(&f.tags, "tag", "")
	fs.Var(&f.languages, "language", "")
	fs.Var(&f.channels, "channel", "")
	fs.Var(&f.followUp, "follow-up", "")
	return f
}

// allStages lists every pipeline stage of every contact kind once.
func allStages() []contact.Stage {
	var out []contact.Stage
	for _, k := range contact.Kinds {
		for _, s := range contact.StagesFor(k) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// apply copies the flags given on the command line into c. Repeated flags
// (--tag, --channel, --language) add to what c has.
func (f *contactFlags) apply(c *contact.Contact) {
	set := wasSet(f.fs)
	if set["name"] {
		c.Name = *f.name
	}
	if set["kind"] {
		if contact.Kind(f.kind.value) != c.Kind && !set["stage"] &&
			!slices.Contains(contact.StagesFor(contact.Kind(f.kind.value)), c.Stage) {
			c.Stage = "" // the first stage of the new kind
		}
		c.Kind = contact.Kind(f.kind.value)
	}
	if set["org"] {
		c.Organization = *f.org
	}
	if set["role"] {
		c.Role = *f.role
	}
	if set["country"] {
		c.Country = *f.country
	}
	if set["stage"] {
		c.Stage = contact.Stage(f.stage.value)
	}
	if set["trust"] {
		c.Trust = contact.Trust(f.trust.value)
	}
	if set["consent"] {
		c.Consent = *f.consent
	}
	if set["follow-up"] {
		c.FollowUp = f.followUp.d
	}
	if set["notes"] {
		c.Notes = *f.note
	}
	c.Tags = append(c.Tags, f.tags...)
	c.Languages = append(c.Languages, f.languages...)
	c.Channels = append(c.Channels, f.channels...)
}

func (r *runner) contactAdd(args []string) error {
	f := newContactFlags("contact add")
	pos, done, err := r.parseCmd("contact", f.fs, args)
	if done {
		return err
	}
	if err := noArgs("contact add", pos); err != nil {
		return err
	}
	if !wasSet(f.fs)["name"] {
		return usageErr("cli.usage.flag_required", map[string]any{"Flag": "--name", "Command": "contact add"})
	}
	return r.write(func(s *app.Session, o *out) error {
		var c contact.Contact
		f.apply(&c)
		if err := s.AddContact(r.ctx, &c); err != nil {
			return err
		}
		fmt.Fprintln(o, c.ID)
		return nil
	})
}

func (r *runner) contactEdit(args []string) error {
	f := newContactFlags("contact edit")
	clearTags := f.fs.Bool("clear-tags", false, "")
	clearChannels := f.fs.Bool("clear-channels", false, "")
	clearLanguages := f.fs.Bool("clear-languages", false, "")
	pos, done, err := r.parseCmd("contact", f.fs, args)
	if done {
		return err
	}
	id, err := oneID("contact edit", pos)
	if err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		full, err := s.ResolveID(r.ctx, record.Contact, id)
		if err != nil {
			return err
		}
		c, err := s.Contact(r.ctx, full)
		if err != nil {
			return err
		}
		if *clearTags {
			c.Tags = nil
		}
		if *clearChannels {
			c.Channels = nil
		}
		if *clearLanguages {
			c.Languages = nil
		}
		f.apply(c)
		if err := s.UpdateContact(r.ctx, c); err != nil {
			return err
		}
		fmt.Fprintln(o, r.tr.T("cli.contact.updated", args1("Name", oneLine(c.Name))))
		return nil
	})
}

// oneID returns the single positional ID argument of cmd.
func oneID(cmd string, pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "", usageErr("cli.usage.id_required", args1("Command", cmd))
	case 1:
		return pos[0], nil
	}
	return "", usageErr("cli.usage.extra_args", map[string]any{"Command": cmd, "Arg": pos[1]})
}

func (r *runner) contactList(args []string) error {
	fs := newFlagSet("contact list")
	asJSON := fs.Bool("json", false, "")
	search := fs.String("search", "", "")
	tag := fs.String("tag", "", "")
	country := fs.String("country", "", "")
	stage := newChoice("stage", allStages())
	kind := newChoice("kind", contact.Kinds)
	fs.Var(stage, "stage", "")
	fs.Var(kind, "kind", "")
	pos, done, err := r.parseCmd("contact", fs, args)
	if done {
		return err
	}
	if err := noArgs("contact list", pos); err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		cs, err := s.Contacts(r.ctx, store.ContactFilter{
			Search: *search, Tag: *tag, Country: *country,
			Stage: contact.Stage(stage.value), Kind: contact.Kind(kind.value),
		})
		if err != nil {
			return err
		}
		if *asJSON {
			from, err := r.origins(s)
			if err != nil {
				return err
			}
			views := make([]contactJSON, len(cs))
			for i, c := range cs {
				views[i] = contactView(c)
				views[i].From = from.from(c.Origin)
			}
			return r.printJSON(views)
		}
		t := r.table("cli.col.id", "cli.col.name", "cli.col.kind", "cli.col.stage", "cli.col.country", "cli.col.tags")
		for _, c := range cs {
			t.row(shortID(c.ID), c.Name, string(c.Kind), string(c.Stage), c.Country, strings.Join(c.Tags, ","))
		}
		return t.flush()
	})
}

func (r *runner) contactShow(args []string) error {
	fs := newFlagSet("contact show")
	asJSON := fs.Bool("json", false, "")
	pos, done, err := r.parseCmd("contact", fs, args)
	if done {
		return err
	}
	id, err := oneID("contact show", pos)
	if err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		full, err := s.ResolveID(r.ctx, record.Contact, id)
		if err != nil {
			return err
		}
		c, err := s.Contact(r.ctx, full)
		if err != nil {
			return err
		}
		from, err := r.origins(s)
		if err != nil {
			return err
		}
		if *asJSON {
			v := contactView(c)
			v.From = from.from(c.Origin)
			return r.printJSON(v)
		}
		chans := make([]string, len(c.Channels))
		for i, ch := range c.Channels {
			chans[i] = channelText(ch)
		}
		d := r.details()
		d.field("cli.field.id", c.ID)
		d.field("cli.field.name", c.Name)
		d.field("cli.field.kind", string(c.Kind))
		d.field("cli.field.organization", c.Organization)
		d.field("cli.field.role", c.Role)
		d.field("cli.field.country", c.Country)
		d.field("cli.field.languages", strings.Join(c.Languages, ", "))
		d.field("cli.field.channels", strings.Join(chans, ", "))
		d.field("cli.field.tags", strings.Join(c.Tags, ", "))
		d.field("cli.field.stage", string(c.Stage))
		d.field("cli.field.trust", string(c.Trust))
		d.field("cli.field.consent", c.Consent)
		d.field("cli.field.follow_up", c.FollowUp.String())
		d.field("cli.field.notes", c.Notes)
		d.field("cli.field.from", from.describe(r, c.Origin))
		d.field("cli.field.created", formatInstant(c.Created))
		d.field("cli.field.updated", formatInstant(c.Updated))
		return d.flush()
	})
}

func (r *runner) contactRm(args []string) error {
	fs := newFlagSet("contact rm")
	pos, done, err := r.parseCmd("contact", fs, args)
	if done {
		return err
	}
	id, err := oneID("contact rm", pos)
	if err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		full, err := s.ResolveID(r.ctx, record.Contact, id)
		if err != nil {
			return err
		}
		c, err := s.Contact(r.ctx, full)
		if err != nil {
			return err
		}
		impact, err := s.DeleteContact(r.ctx, full)
		if err != nil {
			return err
		}
		name := oneLine(c.Name)
		if impact.Events > 0 {
			fmt.Fprintln(o, r.tr.N("cli.contact.deleted_from_events", impact.Events, args1("Name", name)))
		} else {
			fmt.Fprintln(o, r.tr.T("cli.contact.deleted", args1("Name", name)))
		}
		return nil
	})
}

// channelText writes a channel the way --channel takes it:
// TYPE:VALUE, or TYPE/LABEL:VALUE when it has a label.
func channelText(ch contact.Channel) string {
	if ch.Label != "" {
		return string(ch.Type) + "/" + ch.Label + ":" + ch.Value
	}
	return string(ch.Type) + ":" + ch.Value
}
