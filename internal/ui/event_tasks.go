package ui

import (
	"context"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// taskRow shows one task: a done checkbox with Edit and Delete, and under
// it who and when, an overdue marker (an icon and a word, not colour
// alone) and the notes.
func (s *eventsScreen) taskRow(t *event.Task, names map[string]string, today date.Date) fyne.CanvasObject {
	env, d := s.env, s.detail
	id := t.ID
	check := widget.NewCheck(shown(t.Title), nil)
	check.SetChecked(t.Done)
	check.OnChanged = func(done bool) { s.setTaskDone(id, done) }
	d.taskChecks = append(d.taskChecks, check)
	task := t
	edit := widget.NewButtonWithIcon(env.T("common.edit"), theme.DocumentCreateIcon(), func() {
		s.openTaskEditor(task, names[task.AssigneeID])
	})
	edit.Importance = widget.LowImportance
	del := widget.NewButtonWithIcon(env.T("common.delete"), theme.DeleteIcon(), func() { s.askDeleteTask(task) })
	del.Importance = widget.LowImportance
	d.taskEdits = append(d.taskEdits, edit)
	d.taskDeletes = append(d.taskDeletes, del)
	rows := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), check))

	var info []string
	if n := names[t.AssigneeID]; n != "" {
		info = append(info, n)
	}
	if !t.Due.IsZero() {
		info = append(info, env.T("events.tasks.due", "Date", displayDate(env, t.Due)))
	}
	line := container.NewHBox()
	if len(info) > 0 {
		line.Add(widget.NewLabel(strings.Join(info, " · ")))
	}
	// A task left open in an event that is done, cancelled or over is
	// history, not overdue (the dashboard counts the same way).
	closed := d.event.Closed(env.Now())
	if d.series != nil && t.Occurrence.IsZero() {
		// A task of the whole series is history once the series is over.
		closed = d.series.Status == event.StatusDone || d.series.Status == event.StatusCancelled
		if last, ends := d.series.LastEnd(); ends && last.Before(env.Now()) {
			closed = true
		}
	} else if d.series != nil {
		closed = d.occ.Closed(env.Now())
	}
	overdue := !t.Done && !t.Due.IsZero() && t.Due.Before(today) && !closed
	d.overdue = append(d.overdue, overdue)
	if overdue {
		icon := widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon()))
		word := widget.NewLabel(env.T("events.tasks.overdue"))
		word.Importance = widget.DangerImportance
		word.TextStyle = fyne.TextStyle{Bold: true}
		line.Add(icon)
		line.Add(word)
	}
	// The details line up with the title, past the checkbox: the check
	// draws its text after the icon, its focus ring and two borders; the
	// Border container adds one padding and a Label its inner padding.
	indent := theme.IconInlineSize() + 2*theme.InputBorderSize() - theme.Padding()
	if len(line.Objects) > 0 {
		rows.Add(container.NewBorder(nil, nil, spacer(indent), nil, line))
	}
	if t.Notes != "" {
		notes := widget.NewLabel(t.Notes)
		notes.Truncation = fyne.TextTruncateEllipsis
		notes.TextStyle = fyne.TextStyle{Italic: true}
		rows.Add(container.NewBorder(nil, nil, spacer(indent), nil, notes))
	}
	return rows
}

// spacer is an empty object of the given width.
func spacer(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return r
}

// newTaskRow is the "add a task" line under the checklist.
func (s *eventsScreen) newTaskRow() fyne.CanvasObject {
	env, d := s.env, s.detail
	d.newTask = newTextField()
	d.newTask.SetPlaceHolder(env.T("events.tasks.title_hint"))
	d.newAssignee = s.newAssigneeField("", "")
	d.newDue = newDateEntry(env, env.T("events.tasks.due_hint"))
	d.addTask = widget.NewButtonWithIcon(env.T("events.tasks.add"), theme.ContentAddIcon(), s.addTask)
	d.newTask.OnSubmitted = func(string) { s.addTask() }
	d.taskErr = newFieldError()
	row := container.NewVBox(
		d.newTask,
		container.NewBorder(nil, nil, nil, d.addTask, container.NewGridWithColumns(2, d.newAssignee.content, d.newDue)))
	if d.series != nil {
		d.thisDateOnly = widget.NewCheck(env.T("events.tasks.this_date_only", "Date", env.Tr.Date(d.occ.Start.In(d.event.Zone()))), nil)
		d.thisDateOnly.SetChecked(true)
		row.Add(d.thisDateOnly)
	}
	row.Add(d.taskErr.row)
	return row
}

func (s *eventsScreen) addTask() {
	d := s.detail
	if d == nil {
		return
	}
	t := &event.Task{EventID: d.event.ID, Title: d.newTask.Text, AssigneeID: d.newAssignee.id, Position: len(d.tasks)}
	if d.series != nil {
		t.EventID = d.series.ID
		if d.thisDateOnly != nil && d.thisDateOnly.Checked {
			t.Occurrence = d.occ.Original
		}
	}
	due, err := d.newDue.date()
	if err != nil {
		d.taskErr.Set(s.env.T("validation.date_invalid"))
		return
	}
	t.Due = due
	if err := s.env.Session.AddTask(context.Background(), t); err != nil {
		if m, ok := fieldMessages(s.env, err); ok {
			for _, msg := range m {
				d.taskErr.Set(msg)
				break
			}
			return
		}
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.showEvent(s.selected)
	if s.env.Window != nil && s.detail != nil {
		s.env.Window.Canvas().Focus(s.detail.newTask)
	}
}

// assigneeField shows who a task is assigned to: a button that opens a
// searchable picker over all contacts, and a button that clears it.
type assigneeField struct {
	id, name      string
	env           *Env
	choose, clear *widget.Button
	content       fyne.CanvasObject
}

func (s *eventsScreen) newAssigneeField(id, name string) *assigneeField {
	f := &assigneeField{env: s.env}
	f.choose = widget.NewButtonWithIcon("", theme.AccountIcon(), func() {
		s.assigneePicker = newContactPicker(s.env, s.env.T("events.tasks.assign_title"), s.env.T("events.tasks.assign"), nil,
			func(id, name string) {
				s.assigneePicker = nil
				if id != "" {
					f.set(id, name)
				}
			})
	})
	f.choose.Alignment = widget.ButtonAlignLeading
	f.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { f.set("", "") })
	f.content = container.NewBorder(nil, nil, nil, f.clear, f.choose)
	f.set(id, name)
	return f
}

// set shows the assignee; "" means nobody.
func (f *assigneeField) set(id, name string) {
	f.id, f.name = id, name
	if id == "" {
		f.choose.SetText(f.env.T("events.tasks.nobody"))
		f.clear.Hide()
	} else {
		f.choose.SetText(name)
		f.clear.Show()
	}
}

// taskEditor is the dialog that edits one task: title, assignee, due
// date and notes.
type taskEditor struct {
	task         *event.Task
	title        *textField
	due          *dateEntry
	notes        *textField
	assignee     *assigneeField
	err          *fieldError
	save, cancel *widget.Button
	dialog       *dialog.CustomDialog
}

func (s *eventsScreen) openTaskEditor(t *event.Task, assigneeName string) {
	env := s.env
	ed := &taskEditor{task: t}
	ed.title = newTextField()
	ed.title.SetText(t.Title)
	ed.assignee = s.newAssigneeField(t.AssigneeID, assigneeName)
	ed.due = newDateEntry(env, env.T("contacts.field.date_hint"))
	ed.due.setDate(t.Due)
	ed.notes = newMultiLineTextField()
	ed.notes.Wrapping = fyne.TextWrapWord
	ed.notes.SetMinRowsVisible(3)
	ed.notes.SetText(t.Notes)
	ed.err = newFieldError()
	label := func(id string) fyne.CanvasObject {
		l := widget.NewLabel(env.T(id))
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	form := container.NewVBox(
		label("events.field.title"), ed.title,
		label("events.tasks.assignee"), ed.assignee.content,
		label("events.tasks.due_label"), ed.due,
		label("events.tasks.notes"), ed.notes,
		ed.err.row)
	ed.dialog = dialog.NewCustomWithoutButtons(env.T("events.tasks.edit_title"), rtlContent(env.Tr, form), env.Window)
	ed.cancel = widget.NewButton(env.T("common.cancel"), func() {
		s.taskEditor = nil
		ed.dialog.Hide()
	})
	ed.save = widget.NewButtonWithIcon(env.T("common.save"), theme.DocumentSaveIcon(), func() { s.saveTask(ed) })
	ed.save.Importance = widget.HighImportance
	ed.title.OnSubmitted = func(string) { s.saveTask(ed) }
	ed.dialog.SetButtons([]fyne.CanvasObject{ed.cancel, ed.save})
	ed.dialog.Resize(fyne.NewSize(dialogMessage, 0))
	s.taskEditor = ed
	ed.dialog.Show()
	if env.Window != nil {
		env.Window.Canvas().Focus(ed.title)
	}
}

// saveTask writes the editor's task; errors keep the dialog open.
func (s *eventsScreen) saveTask(ed *taskEditor) {
	t := *ed.task
	t.Title, t.AssigneeID, t.Notes = ed.title.Text, ed.assignee.id, ed.notes.Text
	due, err := ed.due.date()
	if err != nil {
		ed.err.Set(s.env.T("validation.date_invalid"))
		return
	}
	t.Due = due
	if err := s.env.Session.UpdateTask(context.Background(), &t); err != nil {
		if m, ok := fieldMessages(s.env, err); ok {
			for _, msg := range m {
				ed.err.Set(msg)
				break
			}
			return
		}
		s.env.ShowError(err)
		return
	}
	s.taskEditor = nil
	ed.dialog.Hide()
	s.env.Changed()
	s.showEvent(t.EventID)
}

// confirmDelete asks, with lines of text (the question first, then the
// side effects), before deleting something shown on the events screen:
// del deletes it in the store and after updates the screen once the vault
// is marked changed. Nothing happens if the user cancels.
func (s *eventsScreen) confirmDelete(titleID string, lines []string, del func(context.Context) error, after func()) {
	s.confirmText = strings.Join(lines, "\n")
	var d *deleteDialog
	d = showDeleteDialog(s.env, s.env.T(titleID), lines, func() {
		if err := del(context.Background()); err != nil {
			s.env.ShowError(err)
			return
		}
		s.env.Changed()
		after()
	}, func() {
		if s.confirm == d {
			s.confirm = nil
		}
	})
	s.confirm = d
}

// askDeleteTask names the task before deleting it.
func (s *eventsScreen) askDeleteTask(t *event.Task) {
	id, eventID := t.ID, t.EventID
	s.confirmDelete("events.tasks.delete_title", []string{s.env.T("events.tasks.delete_confirm", "Title", t.Title)},
		func(ctx context.Context) error { return s.env.Session.DeleteTask(ctx, id) },
		func() { s.showEvent(eventID) })
}

func (s *eventsScreen) setTaskDone(id string, done bool) {
	if err := s.env.Session.SetTaskDone(context.Background(), id, done); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	if s.detail != nil {
		s.showEvent(s.selected)
	}
}
