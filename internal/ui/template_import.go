package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/campaign"
)

// "Import template…" in the New-from-template dialog loads a campaign
// template from a .toml file (docs/templates.md, "Load your own
// template"), as the tutorials screen imports a tutorial: the file is read
// up to the size limit, a file that does not parse is refused with one
// line and its problems under Details, and a good one is previewed
// (title, summary, kind, tasks, and what would keep it from shipping with
// the app) before Import saves it as a saved template. A saved template
// with the same ID is replaced only with the Replace button.

// templateImporter is the preview of a template file before it is
// imported.
type templateImporter struct {
	imp  *app.TemplateImport
	data []byte
	// texts are the preview's lines, in order.
	texts           []string
	confirm, cancel *widget.Button
	dialog          *dialog.CustomDialog
}

// templateRefusal says why a template file was not imported.
type templateRefusal struct {
	text string // the one line
	// details holds the problems of the file, closed at first; nil when
	// there are none to list.
	details *widget.Accordion
	dialog  *dialog.CustomDialog
}

// importTemplateFile asks for a template file to import.
func (s *eventsScreen) importTemplateFile(p *templatePicker) {
	p.openFile(func(r fyne.URIReadCloser, err error) {
		p.fileDialog = nil
		if err != nil {
			s.env.ShowError(err)
			return
		}
		if r != nil {
			s.importTemplateFrom(p, r)
		}
	})
}

// importTemplateFrom reads a template file (at most campaign.MaxSize
// bytes) and previews it, or says why it cannot be imported. Nothing is
// written here. Only local files are read.
func (s *eventsScreen) importTemplateFrom(p *templatePicker, r fyne.URIReadCloser) {
	defer r.Close()
	env := s.env
	name := r.URI().Name()
	if r.URI().Scheme() != "file" {
		s.refuseTemplate(p, env.T("tutorials.import.not_local"), nil)
		return
	}
	data, err := app.ReadTemplateFile(r)
	if err != nil {
		if m := app.Explain(err); m.Topic == app.TopicTemplateFile {
			s.refuseTemplate(p, fileMessage(env, m, name), nil)
			return
		}
		env.ShowError(err)
		return
	}
	s.previewTemplate(p, name, data)
}

// previewTemplate checks the file against the vault and shows what
// importing it would add or replace.
func (s *eventsScreen) previewTemplate(p *templatePicker, name string, data []byte) {
	env := s.env
	imp, err := env.Session.PrepareTemplateImport(context.Background(), name, data)
	if err != nil {
		var es campaign.Errors
		if errors.As(err, &es) {
			s.refuseTemplate(p, env.Tr.N("templates.import.invalid", len(es), "Name", name), es)
			return
		}
		env.ShowError(err)
		return
	}
	t := imp.Template
	ti := &templateImporter{imp: imp, data: data}
	box := container.NewVBox()
	add := func(o fyne.CanvasObject, text string) {
		box.Add(o)
		ti.texts = append(ti.texts, text)
	}
	title := paragraph(t.Title)
	title.TextStyle = fyne.TextStyle{Bold: true}
	add(title, t.Title)
	if t.Summary != "" {
		add(paragraph(t.Summary), t.Summary)
	}
	meta := eventKindName(env, t.Kind) + " · " + env.Tr.N("templates.picker.tasks", len(t.Tasks))
	add(paragraph(meta), meta)
	if old := imp.Replaces; old != nil {
		text, note := env.T("templates.import.replaces", "Name", old.Name), env.T("templates.import.replaces_note")
		add(previewLine(theme.NewWarningThemedResource(theme.WarningIcon()), text, note), text+"\n"+note)
	}
	if imp.SameAsBuiltin {
		text := env.T("templates.import.builtin_id", "ID", t.ID)
		add(previewLine(theme.InfoIcon(), text, ""), text)
	}
	if len(imp.Lint) > 0 {
		// A warning: bold and marked with the icon, not by colour alone.
		text := env.Tr.N("templates.import.lint", len(imp.Lint))
		warn := wrapLabel(text)
		warn.TextStyle = fyne.TextStyle{Bold: true}
		warn.Importance = widget.WarningImportance
		list := templateProblems(env, imp.Lint)
		add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))), nil,
			container.NewVBox(warn, scrollingText(list, 160))), text+"\n"+list)
	}
	ti.dialog = dialog.NewCustomWithoutButtons(env.T("templates.import.title"), rtlContent(env.Tr, box), env.Window)
	ti.cancel = widget.NewButton(env.T("common.cancel"), func() {
		p.importer = nil
		ti.dialog.Hide()
	})
	if imp.Replaces != nil {
		// Replacing takes a deliberate click: Enter does not press it.
		ti.confirm = widget.NewButtonWithIcon(env.T("templates.import.replace"), theme.ViewRefreshIcon(), func() { s.importTemplate(p, ti) })
		ti.confirm.Importance = widget.WarningImportance
	} else {
		ti.confirm = widget.NewButtonWithIcon(env.T("templates.import.confirm"), theme.DownloadIcon(), func() { s.importTemplate(p, ti) })
		ti.confirm.Importance = widget.HighImportance
	}
	ti.dialog.SetButtons([]fyne.CanvasObject{ti.cancel, ti.confirm})
	ti.dialog.Resize(dialogSize(env, fyne.NewSize(dialogForm, 0)))
	p.importer = ti
	ti.dialog.Show()
}

// importTemplate saves the previewed template, then offers it selected
// in the picker, so creating an event from it is one click away.
func (s *eventsScreen) importTemplate(p *templatePicker, ti *templateImporter) {
	env := s.env
	ctx := context.Background()
	rec, err := env.Session.ImportTemplate(ctx, ti.imp, ti.imp.Replaces != nil)
	if errors.Is(err, app.ErrTemplateExists) {
		// A template with this ID was saved while the preview was open:
		// show the preview again, with the Replace button.
		p.importer = nil
		ti.dialog.Hide()
		s.previewTemplate(p, ti.imp.Name, ti.data)
		return
	}
	if err != nil {
		env.ShowError(err)
		return
	}
	p.importer = nil
	ti.dialog.Hide()
	env.Changed()
	choices, _, err := env.Session.TemplateChoices(ctx, env.Tr.Lang())
	if err != nil {
		env.ShowError(err)
		return
	}
	p.choices, p.chosen = choices, -1
	p.list.UnselectAll()
	p.list.Refresh()
	for i, c := range p.choices {
		if c.RecordID == rec.ID {
			p.list.Select(i)
			p.list.ScrollTo(i)
			break
		}
	}
}

// refuseTemplate says in one line why a file was not imported, with the
// file's problems, if any, under a Details section.
func (s *eventsScreen) refuseTemplate(p *templatePicker, text string, problems campaign.Errors) {
	env := s.env
	tr := &templateRefusal{text: text}
	body := container.NewVBox(paragraph(text))
	if len(problems) > 0 {
		tr.details = widget.NewAccordion(widget.NewAccordionItem(env.T("shell.error_details"), scrollingText(templateProblems(env, problems), 240)))
		body.Add(tr.details)
	}
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ErrorIcon())), nil, body)
	tr.dialog = dialog.NewCustom(env.T("templates.import.failed_title"), env.T("common.close"), rtlContent(env.Tr, content), env.Window)
	tr.dialog.SetOnClosed(func() {
		if p.refusal == tr {
			p.refusal = nil
		}
	})
	tr.dialog.Resize(dialogSize(env, fyne.NewSize(dialogForm, 0)))
	p.refusal = tr
	tr.dialog.Show()
}

// templateProblems lists problems of a template file one a line with
// their line numbers, at most app.MaxListedProblems and then how many
// more there are. The problems themselves are in English, as in the
// tutorial editor.
func templateProblems(env *Env, es campaign.Errors) string {
	shown, more := app.ListProblems(es)
	lines := make([]string, 0, len(shown)+1)
	for _, e := range shown {
		if e.Line > 0 {
			lines = append(lines, "• "+env.T("tutorials.editor.problem_line", "Line", e.Line, "Message", e.Msg))
		} else {
			lines = append(lines, "• "+env.T("tutorials.editor.problem", "Message", e.Msg))
		}
	}
	if more > 0 {
		lines = append(lines, env.Tr.N("templates.import.more", more))
	}
	return strings.Join(lines, "\n")
}

// hideImportDialogs closes the file dialog, preview and refusal of a
// template import (on lock).
func (p *templatePicker) hideImportDialogs() {
	if p.fileDialog != nil {
		p.fileDialog.Hide()
		p.fileDialog = nil
	}
	if p.importer != nil {
		p.importer.dialog.Hide()
		p.importer = nil
	}
	if p.refusal != nil {
		p.refusal.dialog.Hide()
		p.refusal = nil
	}
}

// fileMessage translates the message app.Explain gives for a file that
// could not be read (template or tutorial import), naming the file.
func fileMessage(env *Env, m app.Message, name string) string {
	args := map[string]any{"Name": name}
	for k, v := range m.Args {
		args[k] = v
	}
	return env.T(m.ID, args)
}
