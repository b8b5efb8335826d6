package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/date"
)

// The campaign-template dialogs of the events screen: "New from template"
// (pick a built-in or saved template, a date and a zone; the event and its
// tasks are created at once; or import a template file first) and "Save
// as template" in an event's detail.

// templatePicker is the "New from template" dialog.
type templatePicker struct {
	choices      []app.TemplateChoice
	chosen       int // index in choices, -1 for none
	list         *widget.List
	day          *dateEntry
	zone         *choiceField
	err          *fieldError
	create       *widget.Button
	cancel       *widget.Button
	remove       *widget.Button // deletes the chosen saved template
	dialog       *dialog.CustomDialog
	content      *fyne.Container
	skippedLabel *widget.Label

	// Importing a template file (see importTemplateFile).
	importButton *widget.Button
	// openFile shows the file dialog; tests replace it.
	openFile   func(cb func(fyne.URIReadCloser, error))
	fileDialog *dialog.FileDialog
	importer   *templateImporter // the open preview, or nil
	refusal    *templateRefusal  // the open refusal, or nil
}

// setError shows (or with "" hides) the error line under the date and
// zone, laying the dialog out again so the line takes its room from the
// list instead of covering the fields.
func (p *templatePicker) setError(text string) {
	p.err.Set(text)
	if p.content != nil {
		p.content.Refresh()
	}
}

// openTemplatePicker shows the "New from template" dialog.
func (s *eventsScreen) openTemplatePicker() {
	env := s.env
	choices, skipped, err := env.Session.TemplateChoices(context.Background(), env.Tr.Lang())
	if err != nil {
		env.ShowError(err)
		return
	}
	p := &templatePicker{choices: choices, chosen: -1}
	today := date.Of(env.Now())
	p.list = widget.NewList(
		func() int { return len(p.choices) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.TextStyle = fyne.TextStyle{Bold: true}
			name.Truncation = fyne.TextTruncateEllipsis
			summary := widget.NewLabel("")
			summary.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, summary)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(p.choices) {
				return
			}
			c := p.choices[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(c.Template.Title)
			summary := c.Template.Summary
			if !c.Builtin() {
				summary = strings.Join(nonEmpty(env.T("templates.picker.saved"), summary), " · ")
			}
			tasks := env.Tr.N("templates.picker.tasks", len(c.Template.Tasks))
			// The date the event would get is in the list too, before any
			// template is chosen.
			when := env.T("templates.picker.suggested", "Date", displayDate(env, c.Template.SuggestDate(today)))
			box.Objects[1].(*widget.Label).SetText(strings.Join(nonEmpty(tasks, when, summary), " · "))
		})
	p.day = newDateEntry(env, env.T("contacts.field.date_hint"))
	p.zone = newZoneField(env)
	p.zone.SetValue(defaultZone())
	p.err = newFieldError()
	p.list.OnSelected = func(id widget.ListItemID) {
		if id < 0 || id >= len(p.choices) {
			return
		}
		p.chosen = id
		p.day.setDate(p.choices[id].Template.SuggestDate(today))
		p.setError("")
		if p.choices[id].Builtin() {
			p.remove.Disable()
		} else {
			p.remove.Enable()
		}
	}
	// Only templates saved in this vault can be deleted; the built-in
	// ones ship with the app.
	p.remove = widget.NewButtonWithIcon(env.T("templates.picker.delete"), theme.DeleteIcon(), func() { s.askDeleteTemplate(p) })
	p.remove.Disable()
	label := func(id string) fyne.CanvasObject {
		l := widget.NewLabel(env.T(id))
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	form := container.NewVBox(
		container.NewGridWithColumns(2,
			container.NewVBox(label("templates.picker.date"), p.day),
			container.NewVBox(label("events.field.zone"), p.zone)),
		p.err.row)
	p.openFile = func(cb func(fyne.URIReadCloser, error)) {
		d := dialog.NewFileOpen(cb, env.Window)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"}))
		d.Resize(dialogSize(env, dialogLarge))
		p.fileDialog = d
		d.Show()
	}
	p.importButton = widget.NewButtonWithIcon(env.T("templates.import_button"), theme.FolderOpenIcon(), func() { s.importTemplateFile(p) })
	top := container.NewVBox(paragraph(env.T("templates.picker.intro")), container.NewHBox(p.importButton))
	if skipped > 0 {
		p.skippedLabel = paragraph(env.Tr.N("templates.picker.skipped", skipped))
		top.Add(p.skippedLabel)
	}
	p.content = container.NewBorder(top, form, nil, nil, p.list)
	p.dialog = dialog.NewCustomWithoutButtons(env.T("templates.picker.title"), rtlContent(env.Tr, p.content), env.Window)
	p.cancel = widget.NewButton(env.T("common.cancel"), func() {
		s.templatePicker = nil
		p.dialog.Hide()
	})
	p.create = widget.NewButtonWithIcon(env.T("templates.picker.create"), theme.ContentAddIcon(), func() { s.createFromTemplate(p) })
	p.create.Importance = widget.HighImportance
	p.day.OnSubmitted = func(string) { s.createFromTemplate(p) }
	p.dialog.SetButtons([]fyne.CanvasObject{p.remove, p.cancel, p.create})
	// The list takes what height is left: the date and zone fields and the
	// buttons stay in the window, however small.
	p.dialog.Resize(dialogSize(env, dialogTall))
	s.templatePicker = p
	p.dialog.Show()
}

// askDeleteTemplate names the chosen saved template and deletes it once
// the user confirms; the picker stays open without it.
func (s *eventsScreen) askDeleteTemplate(p *templatePicker) {
	env := s.env
	if p.chosen < 0 || p.chosen >= len(p.choices) || p.choices[p.chosen].Builtin() {
		return
	}
	c := p.choices[p.chosen]
	s.confirmDelete("templates.delete.title", []string{env.T("templates.delete.confirm", "Name", c.Template.Title)},
		func(ctx context.Context) error { return env.Session.DeleteTemplate(ctx, c.RecordID) },
		func() {
			p.choices = slices.DeleteFunc(p.choices, func(x app.TemplateChoice) bool { return x.RecordID == c.RecordID })
			p.chosen = -1
			p.list.UnselectAll()
			p.list.Refresh()
			p.remove.Disable()
		})
}

// createFromTemplate checks the picker's input, creates the event with
// its tasks in one transaction and opens it. Errors keep the dialog open.
func (s *eventsScreen) createFromTemplate(p *templatePicker) {
	env := s.env
	if p.chosen < 0 {
		p.setError(env.T("templates.picker.choose"))
		return
	}
	day, err := p.day.date()
	if err != nil || day.IsZero() {
		p.setError(env.T("validation.date_invalid"))
		return
	}
	zone := p.zone.Value()
	if zone == "" {
		zone = "UTC"
	}
	if _, err := time.LoadLocation(zone); err != nil || zone == "Local" {
		p.setError(env.T("validation.zone_invalid"))
		return
	}
	id, err := env.Session.CreateEventFromTemplate(context.Background(), p.choices[p.chosen].Template, day, zone,
		env.Tr.Lang(), env.T("templates.tutorials_heading"))
	if err != nil {
		if m, ok := fieldMessages(env, err); ok {
			for _, msg := range m {
				p.setError(msg)
				break
			}
			return
		}
		env.ShowError(err)
		return
	}
	s.templatePicker = nil
	p.dialog.Hide()
	env.Changed()
	s.open(id)
}

// templateSaver is the "Save as template" dialog.
type templateSaver struct {
	eventID      string
	name         *textField
	err          *fieldError
	save, cancel *widget.Button
	dialog       *dialog.CustomDialog
}

// openTemplateSaver asks for a name and saves the shown event as a
// template in the vault.
func (s *eventsScreen) openTemplateSaver() {
	if s.detail == nil {
		return
	}
	env := s.env
	ts := &templateSaver{eventID: s.detail.event.ID}
	ts.name = newTextField()
	ts.name.SetText(s.detail.event.Title)
	ts.err = newFieldError()
	content := container.NewVBox(
		paragraph(env.T("templates.save.hint")),
		formField(env.T("templates.save.name"), ts.name, ts.err))
	ts.dialog = dialog.NewCustomWithoutButtons(env.T("templates.save.title"), rtlContent(env.Tr, content), env.Window)
	ts.cancel = widget.NewButton(env.T("common.cancel"), func() {
		s.templateSaver = nil
		ts.dialog.Hide()
	})
	ts.save = widget.NewButtonWithIcon(env.T("common.save"), theme.DocumentSaveIcon(), func() { s.saveAsTemplate(ts) })
	ts.save.Importance = widget.HighImportance
	ts.name.OnSubmitted = func(string) { s.saveAsTemplate(ts) }
	ts.dialog.SetButtons([]fyne.CanvasObject{ts.cancel, ts.save})
	ts.dialog.Resize(fyne.NewSize(dialogMessage, 0))
	s.templateSaver = ts
	ts.dialog.Show()
	if env.Window != nil {
		env.Window.Canvas().Focus(ts.name)
	}
}

func (s *eventsScreen) saveAsTemplate(ts *templateSaver) {
	env := s.env
	name := strings.TrimSpace(ts.name.Text)
	if name == "" {
		ts.err.Set(env.T("templates.save.name_required"))
		return
	}
	rec, err := env.Session.SaveEventAsTemplate(context.Background(), ts.eventID, name)
	if err != nil {
		env.ShowError(err)
		return
	}
	s.templateSaver = nil
	ts.dialog.Hide()
	env.Changed()
	s.templateNotice = dialog.NewInformation(env.T("templates.save.title"), env.T("templates.saved", "Name", rec.Name), env.Window)
	s.templateNotice.Show()
}

// hideTemplateDialogs closes the template dialogs (on lock).
func (s *eventsScreen) hideTemplateDialogs() {
	if p := s.templatePicker; p != nil {
		p.hideImportDialogs()
		p.dialog.Hide()
		s.templatePicker = nil
	}
	if s.templateSaver != nil {
		s.templateSaver.dialog.Hide()
		s.templateSaver = nil
	}
	if s.templateNotice != nil {
		s.templateNotice.Hide()
		s.templateNotice = nil
	}
}
