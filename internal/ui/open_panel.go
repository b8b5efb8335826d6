package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
)

// --- Open a shared file --------------------------------------------------

// openPanel is the "Open a shared file…" view: preview, then Import or
// Cancel, then the result and any conflicts.
type openPanel struct {
	s    *sharingScreen
	view fyne.CanvasObject

	data []byte
	in   *app.Inspection

	passRow  *fyne.Container
	pass     *textField
	unlock   *widget.Button // opens the file with the passphrase
	passErr  *fieldError    // what to do after a wrong passphrase
	sender   *widget.Label
	warnBox  *fyne.Container
	trust    *widget.Check
	contents *widget.Label
	changes  *widget.Label // the counts of what will change
	items    *fyne.Container
	// itemTexts are the lines of items, in order, for tests.
	itemTexts []string
	refusal   *fyne.Container
	refusalL  *widget.Label
	note      *widget.Label
	importBtn *widget.Button
	result    *widget.Label
	conflicts *fyne.Container

	// An inbox file: where it is, and the "Move to processed" choice.
	inboxDir, inboxName string
	moveBox             *fyne.Container
	moveNote            *widget.Label
	moveBtn             *widget.Button

	// work runs opening and importing off the UI thread.
	work *fileWork
}

func newOpenPanel(s *sharingScreen) *openPanel {
	env := s.env
	o := &openPanel{s: s}
	o.pass = newPasswordTextField()
	o.pass.OnSubmitted = func(string) { o.retryWithPassphrase() }
	o.passErr = newFieldError()
	o.unlock = widget.NewButton(env.T("sharing.open.unlock"), o.retryWithPassphrase)
	o.passRow = container.NewVBox(paragraph(env.T("sharing.open.need_passphrase")),
		formField(env.T("sharing.open.pass_label"), container.NewBorder(nil, nil, nil, o.unlock, o.pass), o.passErr))
	o.passRow.Hide()
	o.work = newFileWork(env)
	o.sender = paragraph("")
	o.warnBox = container.NewVBox()
	o.trust = widget.NewCheck("", func(bool) { o.updateImport() })
	o.trust.Hide()
	o.contents = paragraph("")
	o.changes = paragraph("")
	o.items = container.NewVBox()
	o.refusal, o.refusalL = newErrorLine()
	o.note = paragraph("")
	o.note.Hide()
	o.importBtn = widget.NewButtonWithIcon(env.T("sharing.open.import"), theme.DownloadIcon(), o.doImport)
	o.importBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("common.cancel"), o.cancel)
	o.moveNote = paragraph("")
	o.moveBtn = widget.NewButtonWithIcon(env.T("sharing.inbox.move_button"), theme.FolderIcon(), o.moveProcessed)
	o.moveBox = container.NewVBox(o.moveNote, container.NewHBox(o.moveBtn,
		widget.NewButton(env.T("common.close"), func() { o.reset(); s.showHome() })))
	o.moveBox.Hide()
	o.result = paragraph("")
	o.result.Hide()
	o.conflicts = container.NewVBox()
	buttons := container.NewHBox(cancel, o.importBtn)
	o.work.covers = buttons
	o.view = container.NewVBox(
		screenTitle(env.T("sharing.open.title")),
		o.passRow,
		o.sender, o.warnBox, o.trust,
		o.contents, o.changes,
		o.refusal, o.note,
		o.work.box, buttons, // the work's line takes the buttons' place
		o.result, o.moveBox, o.conflicts,
		o.items,
	)
	return o
}

// chooseFile asks for a shared file and previews it.
func (s *sharingScreen) chooseFile() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			s.env.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		data, err := app.ReadSharedFile(rc)
		rc.Close()
		s.openData(data, err)
	}, s.env.Window)
	d.Show()
}

// openData previews a shared file read with err.
func (s *sharingScreen) openData(data []byte, err error) {
	s.open.reset()
	s.setView(s.open.view)
	if err != nil {
		s.open.fail(err)
		return
	}
	s.open.data = data
	s.open.preview()
}

func (o *openPanel) reset() {
	o.work.stopWork()
	o.data, o.in = nil, nil
	o.pass.SetText("")
	o.passErr.Set("")
	o.passRow.Hide()
	o.sender.SetText("")
	o.warnBox.Objects = nil
	o.warnBox.Refresh()
	o.trust.SetChecked(false)
	o.trust.Hide()
	o.contents.SetText("")
	o.changes.SetText("")
	o.items.Objects, o.itemTexts = nil, nil
	o.items.Refresh()
	setErrorLine(o.refusal, o.refusalL, "")
	o.note.Hide()
	o.result.Hide()
	o.importBtn.Show()
	o.importBtn.Disable()
	o.conflicts.Objects = nil
	o.conflicts.Refresh()
	o.inboxDir, o.inboxName = "", ""
	o.moveBox.Hide()
}

// fail shows why the file cannot be opened or imported.
func (o *openPanel) fail(err error) {
	msg, ok := o.s.explain(err)
	if !ok {
		msg = o.s.env.T("sharing.open.unreadable")
	}
	setErrorLine(o.refusal, o.refusalL, msg)
	o.importBtn.Disable()
	o.relayout()
}

func (o *openPanel) retryWithPassphrase() {
	if o.data == nil {
		return
	}
	o.preview()
}

// preview inspects the file off the UI thread (writing nothing) and then
// shows what would change.
func (o *openPanel) preview() {
	env := o.s.env
	sess, data := env.Session, o.data
	opts := app.ImportOptions{Passphrase: o.pass.Text}
	o.importBtn.Disable()
	o.work.start(env.T("sharing.open.checking"), func(ctx context.Context) func() {
		in, err := app.Inspect(ctx, sess, data, opts)
		err = stoppedBy(ctx, err)
		return func() { o.showPreview(in, err) }
	})
}

// cancelled reports whether err is the end of work the user cancelled,
// and then says that nothing was imported; a preview already shown
// stays, and can be imported again.
func (o *openPanel) cancelled(err error) bool {
	if !errors.Is(err, context.Canceled) {
		return false
	}
	o.note.SetText(o.s.env.T("sharing.open.cancelled"))
	o.note.Show()
	o.updateImport()
	return true
}

// showPreview shows what inspecting the file found.
func (o *openPanel) showPreview(in *app.Inspection, err error) {
	env := o.s.env
	if o.cancelled(err) {
		return
	}
	setErrorLine(o.refusal, o.refusalL, "")
	o.passErr.Set("")
	if errors.Is(err, bundle.ErrNeedPassphrase) {
		o.passRow.Show()
		o.importBtn.Disable()
		o.relayout()
		if env.Window != nil {
			env.Window.Canvas().Focus(o.pass)
		}
		return
	}
	if o.passRow.Visible() && errors.Is(err, bundle.ErrNotForUs) {
		// A passphrase file and a wrong passphrase: say so under the
		// field, and keep what was typed, selected, to type over.
		o.passErr.Set(env.T("sharing.open.wrong_passphrase"))
		o.importBtn.Disable()
		o.relayout()
		if env.Window != nil {
			env.Window.Canvas().Focus(o.pass)
		}
		o.pass.TypedShortcut(&fyne.ShortcutSelectAll{})
		return
	}
	if err != nil {
		o.fail(err)
		return
	}
	o.passRow.Hide()
	o.in = in
	m := in.Manifest()
	var unknown *bundle.UnknownSenderError
	isUnknown := errors.As(in.Refusal, &unknown)
	o.warnBox.Objects = nil
	switch {
	case in.Sender != nil:
		word, _, _ := o.s.peerStatus(in.Sender)
		o.sender.SetText(env.T("sharing.open.from", map[string]any{"Name": shown(in.Sender.Name), "Status": word}))
		if in.Sender.KeyChanged {
			o.warnBox.Add(warnRow(env.T("sharing.people.changed_warning", map[string]any{"Name": in.Sender.Name})))
			o.trust.SetText(env.T("sharing.open.accept_changed"))
			o.trust.Show()
		} else if !in.Sender.Verified {
			o.warnBox.Add(paragraph(env.T("sharing.open.unverified_note")))
		}
	case isUnknown:
		f, _ := identity.ParseFingerprint(unknown.Fingerprint)
		o.sender.SetText(env.T("sharing.open.from_unknown"))
		o.warnBox.Add(warnRow(env.T("sharing.open.unknown_warning", map[string]any{"Fingerprint": f.Display()})))
		o.trust.SetText(env.T("sharing.open.trust_sender"))
		o.trust.Show()
	default:
		o.sender.SetText(env.T("sharing.open.from_self"))
	}
	o.warnBox.Refresh()
	c := m.Counts
	o.contents.SetText(env.T("sharing.open.contents", map[string]any{"Events": c.Events, "Tasks": c.Tasks,
		"Contacts": c.Contacts, "Tutorials": c.Tutorials + c.BuiltinTutorials, "Deleted": c.Deleted}))
	o.changes.SetText("")
	o.items.Objects, o.itemTexts = nil, nil
	if pl := in.Plan; pl != nil {
		o.changes.SetText(env.T("sharing.open.plan", map[string]any{"New": pl.Count(merge.New), "Changed": pl.Count(merge.Changed),
			"Conflicts": pl.Count(merge.Conflict), "Deleted": pl.Count(merge.Deleted)}))
		o.showItems(pl)
	}
	o.items.Refresh()
	switch {
	case errors.Is(in.Refusal, bundle.ErrReplay):
		o.note.SetText(env.T("sharing.open.replay"))
		o.note.Show()
	case in.Refusal != nil && !isUnknown:
		o.fail(in.Refusal)
	case in.Plan != nil && in.Plan.Empty():
		o.note.SetText(env.T("sharing.open.nothing_new"))
		o.note.Show()
	}
	o.updateImport()
}

// canImport reports whether Import may be pressed.
func (o *openPanel) canImport() bool {
	in := o.in
	if in == nil || in.Plan == nil || in.Plan.Empty() || o.work.busy() {
		return false
	}
	var unknown *bundle.UnknownSenderError
	if in.Refusal != nil && !errors.As(in.Refusal, &unknown) {
		return false
	}
	if o.trust.Visible() && !o.trust.Checked {
		return false
	}
	return true
}

func (o *openPanel) updateImport() {
	if o.canImport() {
		o.importBtn.Enable()
	} else {
		o.importBtn.Disable()
	}
	o.relayout()
}

// relayout lays the view out again after lines were shown, hidden or
// changed (an error line shown without it keeps no room), and hides the
// lines left empty so they leave no gaps.
func (o *openPanel) relayout() {
	for _, l := range []*widget.Label{o.sender, o.contents, o.changes} {
		if l.Text == "" {
			l.Hide()
		} else {
			l.Show()
		}
	}
	if c, ok := o.view.(*fyne.Container); ok {
		c.Refresh()
	}
	o.s.root.Refresh()
}

// doImport merges the previewed file.
func (o *openPanel) doImport() {
	if !o.canImport() {
		return
	}
	env := o.s.env
	var unknown *bundle.UnknownSenderError
	opts := app.ImportOptions{Passphrase: o.pass.Text, TrustNewSender: errors.As(o.in.Refusal, &unknown) && o.trust.Checked}
	sess, data, preview := env.Session, o.data, o.in.Plan
	o.importBtn.Disable()
	o.note.Hide()
	o.work.start(env.T("sharing.open.importing"), func(ctx context.Context) func() {
		pl, err := app.ApplyImport(ctx, sess, data, opts, preview)
		err = stoppedBy(ctx, err)
		return func() { o.imported(pl, err) }
	})
}

// imported shows the result of an import.
func (o *openPanel) imported(pl *merge.Plan, err error) {
	env := o.s.env
	if o.cancelled(err) {
		return // the transaction was rolled back: nothing was written
	}
	if err != nil {
		if _, ok := o.s.explain(err); ok {
			o.fail(err)
			return
		}
		env.ShowError(err)
		return
	}
	env.Changed()
	o.importBtn.Hide()
	o.trust.Hide()
	o.result.SetText(env.T("sharing.open.done", map[string]any{"New": pl.Count(merge.New), "Changed": pl.Count(merge.Changed),
		"Conflicts": pl.Count(merge.Conflict), "Deleted": pl.Count(merge.Deleted)}))
	o.result.Show()
	o.data = nil
	o.offerMove()
	o.s.reloadConflicts()
	o.relayout()
}

// refreshConflicts mirrors the pending conflicts under the import result.
func (o *openPanel) refreshConflicts() {
	o.conflicts.Objects = nil
	if o.result.Visible() {
		o.conflicts.Objects = o.s.conflictRows()
	}
	o.conflicts.Refresh()
}
