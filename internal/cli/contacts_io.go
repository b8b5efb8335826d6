package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/interop/contactio"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
)

// contact import and contact export: vCard and CSV files from and for
// other tools (docs/interop.md). Import previews, then asks; export
// refuses to write plain text without --yes-i-understand-plaintext.

var contactFormats = []contactio.Format{contactio.FormatVCard, contactio.FormatCSV}

// ioErr turns errors of the contactio package into their messages.
func ioErr(err error) error {
	if msg := app.Explain(err); msg.Topic == app.TopicContactFile {
		return &msgError{msg: msg}
	}
	var me *contactio.MappingError
	if errors.As(err, &me) {
		if me.UnknownColumn {
			return usageErr("cli.usage.map_column", args1("Column", me.Column))
		}
		names := make([]string, len(contactio.Fields))
		for i, f := range contactio.Fields {
			names[i] = string(f)
		}
		return usageErr("cli.usage.map_field", map[string]any{"Column": me.Column, "Field": me.Field,
			"Allowed": strings.Join(names, ", ")})
	}
	return err
}

// readContactFile reads an import file with contactio.ReadFile, which
// refuses oversized files before reading them whole.
func readContactFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, userErr("cli.import.unreadable", args1("Path", path))
	}
	defer f.Close()
	data, err := contactio.ReadFile(f, contactio.Limits{})
	if errors.Is(err, contactio.ErrUnreadable) {
		return nil, userErr("cli.import.unreadable", args1("Path", path))
	}
	if err != nil {
		return nil, ioErr(err)
	}
	return data, nil
}

func (r *runner) contactImport(args []string) error {
	fs := newFlagSet("contact import")
	format := newChoice("format", contactFormats)
	fs.Var(format, "format", "")
	var maps stringList
	fs.Var(&maps, "map", "")
	yes := fs.Bool("yes", false, "")
	noMerge := fs.Bool("no-merge", false, "")
	pos, done, err := r.parseCmd("contact", fs, args)
	if done {
		return err
	}
	if len(pos) != 1 {
		return usageErr("cli.usage.contact_file_required", nil)
	}
	data, err := readContactFile(pos[0])
	if err != nil {
		return err
	}
	// Whatever --format says, a calendar, an encrypted file or random
	// text is not imported as contacts.
	f, err := contactio.Detect(pos[0], data)
	if err != nil {
		return ioErr(err)
	}
	if format.value != "" {
		f = contactio.Format(format.value)
	}
	if f == contactio.FormatVCard && len(maps) > 0 {
		return usageErr("cli.usage.map_needs_csv", nil)
	}
	// Read the file before unlocking: a broken file needs no passphrase.
	var records []contactio.Record
	var table *contactio.CSVFile
	var mapping contactio.Mapping
	if f == contactio.FormatVCard {
		if records, err = contactio.ReadVCard(data, contactio.Limits{}); err != nil {
			return ioErr(err)
		}
	} else {
		if table, err = contactio.ParseCSV(data, contactio.CSVOptions{}); err != nil {
			return ioErr(err)
		}
		if len(maps) == 0 && !table.LooksLikeContacts() {
			return ioErr(contactio.ErrNotContacts)
		}
		if mapping, err = contactio.ParseMapping(maps, table.Headers, table.SuggestMapping()); err != nil {
			return ioErr(err)
		}
		records = table.Records(mapping)
	}
	return r.write(func(s *app.Session, o *out) error {
		plan, err := app.PlanContactImport(r.ctx, s, records)
		if err != nil {
			return err
		}
		if table != nil {
			r.printMapping(table, mapping)
		}
		r.printPlan(plan)
		writes := plan.Count(contactio.ActionNew)
		if !*noMerge {
			writes = plan.Writes()
		}
		if writes == 0 {
			fmt.Fprintln(o, r.tr.T("cli.contact_import.nothing", nil))
			return nil
		}
		if !*yes {
			if !r.interactive() {
				return usageErr("cli.usage.contact_import_needs_yes", nil)
			}
			fmt.Fprint(r.env.Stdout, r.tr.N("cli.contact_import.confirm", writes, nil)+" ")
			line, _ := bufio.NewReader(r.env.Stdin).ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
				return userErr("cli.import.cancelled", nil)
			}
		}
		done, err := app.ApplyContactImport(r.ctx, s, plan, contactio.ApplyOptions{SkipMerges: *noMerge})
		if err != nil {
			return ioErr(err)
		}
		fmt.Fprintln(o, r.tr.T("cli.contact_import.done", map[string]any{"Added": done.Added, "Merged": done.Merged}))
		return nil
	})
}

// printMapping prints how the CSV file was read and what each column
// holds.
func (r *runner) printMapping(f *contactio.CSVFile, m contactio.Mapping) {
	sep := string(f.Separator)
	if f.Separator == '\t' {
		sep = "tab"
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.contact_import.csv_read", map[string]any{"Encoding": f.Encoding,
		"Separator": sep, "Columns": f.Columns()}))
	var cols []string
	for i, fld := range m {
		if fld == contactio.FieldIgnore {
			continue
		}
		name := f.Headers[i]
		if name == "" {
			name = "#" + strconv.Itoa(i+1)
		}
		cols = append(cols, cell(name)+"="+string(fld))
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.contact_import.mapping", args1("Mapping", strings.Join(cols, ", "))))
}

// reasonText translates a reason; a Field argument names a field.
func (r *runner) reasonText(rs contactio.Reason) string {
	args := map[string]any{}
	for k, v := range rs.Args {
		args[k] = v
	}
	if f, ok := args["Field"].(string); ok {
		args["Field"] = r.tr.T(fmt.Sprintf("cli.field.%s", f), nil)
	}
	return r.tr.T(rs.MessageID(), args)
}

// changeText describes one change of a merge.
func (r *runner) changeText(c contactio.Change) string {
	return r.tr.T("import.change."+string(c.Kind), map[string]any{"Field": r.tr.T(fmt.Sprintf("cli.field.%s", c.Field), nil),
		"Value": c.Value, "Existing": c.Existing})
}

// printPlan prints the counts and one line per record that is not new
// and plain.
func (r *runner) printPlan(p *contactio.Plan) {
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.contact_import.summary", map[string]any{
		"New": p.Count(contactio.ActionNew), "Merge": p.Count(contactio.ActionMerge),
		"Unchanged": p.Count(contactio.ActionUnchanged),
		"Invalid":   p.Count(contactio.ActionInvalid)}))
	if n := p.Count(contactio.ActionRepeated); n > 0 {
		fmt.Fprintln(r.env.Stdout, r.tr.T("import.summary_repeated", args1("Count", n)))
	}
	t := r.table("cli.col.action", "cli.col.record", "cli.col.name", "cli.col.details")
	for _, it := range p.Items {
		name, details := "", []string{}
		if c := it.Record.Contact; c != nil {
			name = c.Name
		}
		switch it.Action {
		case contactio.ActionMerge, contactio.ActionUnchanged:
			details = append(details, r.tr.T("cli.contact_import.same_as", map[string]any{"Name": it.Existing.Name, "ID": shortID(it.Existing.ID)}))
			for _, c := range it.Changes {
				details = append(details, r.changeText(c))
			}
		case contactio.ActionRepeated:
			// The notice naming the earlier record comes first.
			for _, rs := range it.Record.Notices {
				if rs.Code == contactio.CodeRepeated {
					details = append(details, r.reasonText(rs))
				}
			}
			for _, c := range it.Changes {
				details = append(details, r.changeText(c))
			}
		case contactio.ActionInvalid:
			for _, rs := range it.Record.Problems {
				details = append(details, r.reasonText(rs))
			}
		}
		for _, rs := range it.Record.Notices {
			if rs.Code != contactio.CodeRepeated {
				details = append(details, r.reasonText(rs))
			}
		}
		for _, rs := range it.Record.Dropped {
			details = append(details, r.reasonText(rs))
		}
		t.row(r.tr.T(fmt.Sprintf("cli.contact_import.action.%s", it.Action), nil), strconv.Itoa(it.Record.Number), name,
			strings.Join(details, "; "))
	}
	t.flush()
}

func (r *runner) contactExport(args []string) error {
	fs := newFlagSet("contact export")
	format := newChoice("format", contactFormats)
	fs.Var(format, "format", "")
	outPath := fs.String("o", "", "")
	plain := fs.Bool("yes-i-understand-plaintext", false, "")
	tag := fs.String("tag", "", "")
	var ids stringList
	fs.Var(&ids, "contact", "")
	pos, done, err := r.parseCmd("contact", fs, args)
	if done {
		return err
	}
	if err := noArgs("contact export", pos); err != nil {
		return err
	}
	switch {
	case format.value == "":
		return usageErr("cli.usage.flag_required", map[string]any{"Flag": "--format", "Command": "contact export"})
	case *outPath == "":
		return usageErr("cli.usage.flag_required", map[string]any{"Flag": "-o", "Command": "contact export"})
	case !*plain:
		return usageErr("cli.contact_export.refused", args1("Path", *outPath))
	}
	target := *outPath
	if _, err := os.Lstat(target); err == nil {
		return userErr("cli.contact_export.exists", args1("Path", target))
	}
	return r.read(func(s *app.Session) error {
		cs, err := r.exportSelection(s, ids, *tag)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if format.value == string(contactio.FormatVCard) {
			err = contactio.WriteVCard(&buf, cs)
		} else {
			err = contactio.WriteCSV(&buf, cs)
		}
		if err != nil {
			return err
		}
		if err := writeNewFile(target, buf.Bytes(), 0o600); err != nil {
			return userErr("cli.export.write_failed", args1("Path", target))
		}
		abs, _ := filepath.Abs(target)
		fmt.Fprintln(r.env.Stdout, r.tr.N("cli.contact_export.done", len(cs), args1("Path", abs)))
		r.errorLine(r.tr.T("cli.contact_export.warning", args1("Path", abs)))
		return nil
	})
}

// exportSelection returns the contacts given by ID, or with the tag, or
// all of them.
func (r *runner) exportSelection(s *app.Session, ids []string, tag string) ([]*contact.Contact, error) {
	if len(ids) == 0 {
		return s.Contacts(r.ctx, store.ContactFilter{Tag: strings.ToLower(strings.TrimSpace(tag))})
	}
	var cs []*contact.Contact
	for _, id := range ids {
		full, err := s.ResolveID(r.ctx, record.Contact, id)
		if err != nil {
			return nil, err
		}
		c, err := s.Contact(r.ctx, full)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}
