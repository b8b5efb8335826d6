package ui

import (
	"bytes"
	"context"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/interop/ics"
	"github.com/safehouse-app/safehouse/internal/store"
)

// Events in and out of calendar apps (iCalendar files, package ics): the
// Events screen's "Calendar file…" menu opens an export dialog that
// warns the file is not encrypted and offers the encrypted sharing flow
// instead, and an import that previews the file and adds nothing until
// the user confirms.

// calendarIO holds the open calendar dialogs of the Events screen and
// the widgets tests reach.
type calendarIO struct {
	s *eventsScreen

	// Export.
	exportDlg   dialog.Dialog
	scope       *widget.RadioGroup
	scopeIDs    [][]string // event IDs per scope option
	safety      *widget.Check
	shareButton *widget.Button
	saveButton  *widget.Button

	// Import.
	preview    *ics.Preview
	importDlg  dialog.Dialog
	importText *fyne.Container
	confirm    *widget.Button
	cancel     *widget.Button

	// message is the last result or error dialog.
	message     dialog.Dialog
	messageText string
}

// shareEventsRequest is the filter of Navigate(ScreenSharing, ...) that
// opens the share form with these events chosen.
type shareEventsRequest struct{ ids []string }

func newCalendarIO(s *eventsScreen) *calendarIO { return &calendarIO{s: s} }

// newButton is the Events screen's "Calendar file…" button; it
// opens a small menu with Export and Import.
func (x *calendarIO) newButton() *widget.Button {
	env := x.s.env
	var b *widget.Button
	b = widget.NewButtonWithIcon(env.T("calendar.menu_button"), theme.CalendarIcon(), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem(env.T("calendar.menu.export"), x.openExport),
			fyne.NewMenuItem(env.T("calendar.menu.import"), x.chooseImportFile),
		)
		c := fyne.CurrentApp().Driver().CanvasForObject(b)
		if c == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height))
		widget.ShowPopUpMenuAtPosition(menu, c, pos)
	})
	return b
}

// hide closes every calendar dialog and drops the preview (on lock).
func (x *calendarIO) hide() {
	for _, d := range []dialog.Dialog{x.exportDlg, x.importDlg, x.message} {
		if d != nil {
			d.Hide()
		}
	}
	x.exportDlg, x.importDlg, x.message, x.preview = nil, nil, nil, nil
}

func (x *calendarIO) show(title string, content fyne.CanvasObject, size fyne.Size) dialog.Dialog {
	env := x.s.env
	d := dialog.NewCustomWithoutButtons(title, rtlContent(env.Tr, content), env.Window)
	d.Resize(size)
	d.Show()
	return d
}

// say shows one message with an OK button.
func (x *calendarIO) say(title, text string) {
	env := x.s.env
	x.messageText = text
	x.message = dialog.NewCustom(title, env.T("common.ok"), rtlContent(env.Tr, paragraph(text)), env.Window)
	x.message.Resize(fyne.NewSize(dialogMessage, 0))
	x.message.Show()
}

// explain returns the translated line for a calendar error, or "" for
// errors the shell explains.
func (x *calendarIO) explain(err error) string {
	if m := app.Explain(err); m.Topic == app.TopicCalendar {
		return x.s.env.T(m.ID, m.Args)
	}
	return ""
}

// --- Export -----------------------------------------------------------------

// openExport shows the export dialog: the warning first, the encrypted
// alternative as the prominent action, then the plain calendar file.
func (x *calendarIO) openExport() {
	env, s := x.s.env, x.s
	all, err := env.Session.Events(context.Background(), store.EventFilter{})
	if err != nil {
		env.ShowError(err)
		return
	}
	if len(all) == 0 {
		x.say(env.T("calendar.export.title"), env.T("calendar.error.nothing_to_export"))
		return
	}
	ids := make([]string, len(all))
	for i, e := range all {
		ids[i] = e.ID
	}
	options := []string{env.Tr.N("calendar.export.scope_all", len(all))}
	x.scopeIDs = [][]string{ids}
	if s.detail != nil && s.detail.event != nil {
		options = append(options, env.T("calendar.export.scope_one", "Title", s.detail.event.Title))
		x.scopeIDs = append(x.scopeIDs, []string{s.detail.event.ID})
	}
	x.scope = widget.NewRadioGroup(options, nil)
	x.scope.Required = true
	x.scope.SetSelected(options[len(options)-1])
	x.safety = widget.NewCheck(env.T("calendar.export.include_safety"), nil)
	x.shareButton = widget.NewButtonWithIcon(env.T("calendar.export.share_instead"), theme.MailSendIcon(), x.shareInstead)
	x.shareButton.Importance = widget.HighImportance
	x.saveButton = widget.NewButtonWithIcon(env.T("calendar.export.save"), theme.DocumentSaveIcon(), x.chooseExportFile)
	cancel := widget.NewButton(env.T("common.cancel"), func() {
		if x.exportDlg != nil {
			x.exportDlg.Hide()
			x.exportDlg = nil
		}
	})
	content := container.NewVBox(
		warnRow(env.T("calendar.export.warning")),
		paragraph(env.T("calendar.export.safer")),
		container.NewHBox(x.shareButton),
		widget.NewSeparator(),
		x.scope,
		x.safety,
		paragraph(env.T("calendar.export.left_out")),
		container.NewHBox(cancel, x.saveButton),
	)
	x.exportDlg = x.show(env.T("calendar.export.title"), content, fyne.NewSize(dialogForm, 0))
}

// chosen returns the IDs of the events the scope selects.
func (x *calendarIO) chosen() []string {
	for i, o := range x.scope.Options {
		if o == x.scope.Selected {
			return x.scopeIDs[i]
		}
	}
	return x.scopeIDs[0]
}

// shareInstead opens the Sharing screen's share form with the events
// chosen, to send them as an encrypted file.
func (x *calendarIO) shareInstead() {
	ids := x.chosen()
	x.exportDlg.Hide()
	x.exportDlg = nil
	x.s.env.Navigate(ScreenSharing, shareEventsRequest{ids: ids})
}

// chooseExportFile asks where to save the calendar file, then writes it.
func (x *calendarIO) chooseExportFile() {
	env := x.s.env
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if wc == nil {
			return // cancelled: nothing written
		}
		path := ""
		if wc.URI().Scheme() == "file" {
			path = wc.URI().Path()
		}
		n, err := x.save(wc, path)
		if err != nil {
			if path != "" {
				os.Remove(path)
			}
			if msg := x.explain(err); msg != "" {
				x.say(env.T("calendar.export.title"), msg)
				return
			}
			env.ShowError(err)
			return
		}
		if x.exportDlg != nil {
			x.exportDlg.Hide()
			x.exportDlg = nil
		}
		shown := path
		if shown == "" {
			shown = wc.URI().String()
		}
		x.say(env.T("calendar.export.saved_title"), env.Tr.N("calendar.export.saved", n, "Path", shown))
	}, env.Window)
	d.SetFileName(env.exportName("calendar.ics"))
	d.Show()
}

// save writes the chosen events to w and closes it. A file at path (the
// one the save dialog made, readable by everyone) is first replaced by a
// new one that only the user can read (app.CreatePrivateFile), so that a
// descriptor opened on the dialog's file reads nothing. It returns the
// number of events written.
func (x *calendarIO) save(w io.WriteCloser, path string) (int, error) {
	env := x.s.env
	ctx := context.Background()
	if path != "" {
		w.Close()
		pf, err := app.CreatePrivateFile(path)
		if err != nil {
			return 0, err
		}
		w = pf
	}
	items, err := app.CollectCalendar(ctx, env.Session, x.chosen())
	if err != nil {
		w.Close()
		return 0, err
	}
	opts := ics.ExportOptions{Now: env.Now(), IncludeSafetyPlan: x.safety.Checked, Labels: ics.SafetyLabels{
		Heading:           env.T("calendar.export.safety_heading"),
		Threats:           env.T("events.safety.threats"),
		Mitigations:       env.T("events.safety.mitigations"),
		EmergencyContacts: env.T("events.safety.emergency_contacts"),
		CheckIn:           env.T("events.safety.check_in"),
	}}
	var buf bytes.Buffer
	if err := ics.Encode(&buf, items, opts); err != nil {
		w.Close()
		return 0, err
	}
	_, err = w.Write(buf.Bytes())
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return len(items), nil
}

// shareEvents opens the share form with the events ids chosen, adding
// past events the form does not list by itself.
func (s *sharingScreen) shareEvents(ids []string) {
	s.showShare()
	f, env := s.share, s.env
	listed := map[string]bool{}
	for _, e := range f.events {
		listed[e.ID] = true
	}
	for _, id := range ids {
		if listed[id] {
			continue
		}
		e, err := env.Session.Event(s.ctx(), id)
		if err != nil {
			continue
		}
		if len(f.events) == 0 {
			f.eventsBox.Objects = nil // drop the "no upcoming events" line
		}
		f.addEvent(e)
		listed[id] = true
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for i, e := range f.events {
		if want[e.ID] {
			f.eventChecks[i].SetChecked(true)
		}
	}
	f.eventsBox.Refresh()
}

// --- Import -----------------------------------------------------------------

// chooseImportFile asks for a calendar file and previews it.
func (x *calendarIO) chooseImportFile() {
	env := x.s.env
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		defer rc.Close()
		x.previewFrom(rc)
	}, env.Window)
	d.Show()
}

// previewData shows what importing a calendar file (data, read with
// readErr) would do. Nothing is written.
func (x *calendarIO) previewData(data []byte, readErr error) {
	if readErr != nil {
		x.refuse(readErr)
		return
	}
	x.previewFrom(bytes.NewReader(data))
	clear(data)
}

// refuse says why a calendar file cannot be imported.
func (x *calendarIO) refuse(err error) {
	env := x.s.env
	msg := x.explain(err)
	if msg == "" {
		msg = env.T("calendar.import.unreadable")
	}
	x.say(env.T("calendar.import.title"), msg)
}

// previewFrom reads a calendar file from r (ics.Read enforces the size
// limit) and shows what importing it would do. Nothing is written.
func (x *calendarIO) previewFrom(r io.Reader) {
	env := x.s.env
	parsed, err := ics.Read(r, ics.ImportOptions{Zone: defaultZone(), Untitled: env.T("calendar.import.untitled_event")})
	if err != nil {
		x.refuse(err)
		return
	}
	pv, err := app.PlanCalendarImport(context.Background(), env.Session, parsed)
	if err != nil {
		env.ShowError(err)
		return
	}
	x.preview = pv
	x.importText = x.previewContent(pv)
	x.cancel = widget.NewButton(env.T("common.cancel"), x.cancelImport)
	x.confirm = widget.NewButtonWithIcon(env.Tr.N("calendar.import.confirm", len(pv.New)), theme.DownloadIcon(), x.applyImport)
	x.confirm.Importance = widget.HighImportance
	if len(pv.New) == 0 {
		x.confirm.Disable()
	}
	scroll := container.NewVScroll(x.importText)
	scroll.SetMinSize(fyne.NewSize(520, 320))
	content := container.NewBorder(nil, container.NewHBox(x.cancel, x.confirm), nil, nil, scroll)
	x.importDlg = x.show(env.T("calendar.import.title"), content, dialogSize(x.s.env, dialogLarge))
}

// previewContent lists the new events (with their notes), the
// duplicates and what is skipped, with reasons.
func (x *calendarIO) previewContent(pv *ics.Preview) *fyne.Container {
	env := x.s.env
	box := container.NewVBox()
	bold := func(text string) *widget.Label {
		l := paragraph(text)
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	indented := func(text string) fyne.CanvasObject {
		return container.NewBorder(nil, nil, spacer(theme.IconInlineSize()), nil, paragraph(text))
	}
	if len(pv.New) == 0 {
		box.Add(paragraph(env.T("calendar.error.nothing_new")))
	} else {
		box.Add(bold(env.Tr.N("calendar.import.new_heading", len(pv.New))))
		for _, in := range pv.New {
			// Named as in a shared file's preview: "New event · …".
			line := env.T("calendar.import.item", "Title", in.Event.Title, "When", formatWhen(env, &in.Event))
			if n := len(in.Tasks); n > 0 {
				line += " " + env.Tr.N("calendar.import.item_tasks", n)
			}
			box.Add(previewLine(theme.ContentAddIcon(), env.T("sharing.open.item.new_event", "Title", line), ""))
			for _, n := range in.Notices {
				box.Add(indented(env.T(n.ID, n.Args)))
			}
		}
	}
	if len(pv.Duplicates) > 0 {
		box.Add(widget.NewSeparator())
		box.Add(bold(env.Tr.N("calendar.import.dup_heading", len(pv.Duplicates))))
		for _, d := range pv.Duplicates {
			line := env.T("calendar.import.item", "Title", d.In.Event.Title, "When", formatWhen(env, &d.In.Event))
			if d.SameUID && d.ExistingTitle != d.In.Event.Title {
				line = env.T("calendar.import.dup_uid", "Title", d.In.Event.Title, "Existing", d.ExistingTitle)
			}
			box.Add(previewLine(theme.InfoIcon(), line, ""))
		}
	}
	if len(pv.Skipped) > 0 {
		box.Add(widget.NewSeparator())
		box.Add(bold(env.Tr.N("calendar.import.skip_heading", len(pv.Skipped))))
		for _, sk := range pv.Skipped {
			kind := env.T("calendar.import.kind_event")
			if sk.Kind == ics.KindTask {
				kind = env.T("calendar.import.kind_task")
			}
			title := sk.Title
			if title == "" {
				title = env.T("calendar.import.untitled")
			}
			box.Add(previewLine(theme.WarningIcon(), env.T("calendar.import.skip_item", "Kind", kind, "Title", title, "Reason", env.T(sk.Reason.ID, sk.Reason.Args)), ""))
		}
	}
	if len(pv.Warnings) > 0 {
		// Lines the reader skipped: the rest of the file was read.
		box.Add(widget.NewSeparator())
		box.Add(bold(env.T("calendar.import.warn_heading")))
		for _, w := range pv.Warnings {
			box.Add(previewLine(theme.WarningIcon(), env.T(w.ID, w.Args), ""))
		}
		if pv.MoreWarnings > 0 {
			box.Add(paragraph(env.T("calendar.warning.more", "Count", pv.MoreWarnings)))
		}
	}
	if pv.Ignored > 0 {
		box.Add(paragraph(env.Tr.N("calendar.import.ignored", pv.Ignored)))
	}
	box.Add(widget.NewSeparator())
	box.Add(paragraph(env.T("calendar.import.nothing_written")))
	return box
}

// cancelImport closes the preview; nothing was written.
func (x *calendarIO) cancelImport() {
	if x.importDlg != nil {
		x.importDlg.Hide()
	}
	x.importDlg, x.preview = nil, nil
}

// applyImport adds the new events in one transaction and reports.
func (x *calendarIO) applyImport() {
	env, pv := x.s.env, x.preview
	x.cancelImport()
	if pv == nil {
		return
	}
	res, err := app.ApplyCalendarImport(context.Background(), env.Session, pv)
	if err != nil {
		if msg := x.explain(err); msg != "" {
			x.say(env.T("calendar.import.title"), msg)
			return
		}
		env.ShowError(err)
		return
	}
	env.Changed()
	x.s.reload()
	x.say(env.T("calendar.import.title"), env.Tr.N("calendar.import.done", res.Events, "Tasks", res.Tasks))
}
