package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/interop/contactio"
	"github.com/safehouse-app/safehouse/internal/store"
)

// Importing contacts from vCard and CSV files and exporting them
// (docs/interop.md). Import reads the file, shows how CSV columns are read
// (changeable), then the plan — new, already there (with what a merge
// adds and keeps), not imported (with reasons) — and writes only on
// "Import N contacts". Export leads with the encrypted alternative and
// asks twice before writing a plain file.

// maxPreviewItems bounds the rows each section of the import preview
// shows.
const maxPreviewItems = 200

// contactsIO holds the import and export dialogs of the contact screen.
type contactsIO struct {
	s   *contactsScreen
	env *Env

	importButton, exportButton *widget.Button

	// Import state, from reading the file until the dialog closes.
	fileName  string
	records   []contactio.Record
	table     *contactio.CSVFile
	mapping   contactio.Mapping
	selects   []*widget.Select
	plan      *contactio.Plan
	dlg       dialog.Dialog
	body      *fyne.Container
	errRow    *fyne.Container
	errLabel  *widget.Label
	next      *widget.Button // from the column mapping to the preview
	confirm   *widget.Button
	summary   *widget.Label
	doneLabel *widget.Label

	// Export state.
	exportDlg    dialog.Dialog
	shareButton  *widget.Button
	plainButton  *widget.Button
	formatChoice *widget.RadioGroup
	saveButton   *widget.Button
	exportIDs    []string
}

// shareContacts is the filter that opens the Sharing screen's share form
// with these contacts chosen.
type shareContacts struct{ ids []string }

// newContactsIO builds the Import… and Export… buttons of s.
func newContactsIO(s *contactsScreen) *contactsIO {
	x := &contactsIO{s: s, env: s.env}
	x.importButton = widget.NewButtonWithIcon(s.env.T("contacts.io.import_button"), theme.DownloadIcon(), x.chooseImportFile)
	x.exportButton = widget.NewButtonWithIcon(s.env.T("contacts.io.export_button"), theme.UploadIcon(), x.showExport)
	return x
}

// --- Import ----------------------------------------------------------------

// chooseImportFile asks for a vCard or CSV file and reads it.
func (x *contactsIO) chooseImportFile() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			x.env.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		data, err := readContactFile(rc)
		name := rc.URI().Name()
		rc.Close()
		x.openImport(name, data, err)
	}, x.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".vcf", ".vcard", ".csv", ".tsv", ".txt"}))
	d.Show()
}

// readContactFile reads an import file; contactio.ReadFile refuses
// oversized files.
func readContactFile(r io.Reader) ([]byte, error) {
	return contactio.ReadFile(r, contactio.Limits{})
}

// openImport reads the file name with data and shows the first step:
// the column mapping for CSV, the preview for vCard. Nothing is written.
func (x *contactsIO) openImport(name string, data []byte, readErr error) {
	x.resetImport()
	x.fileName = name
	x.errRow, x.errLabel = newErrorLine()
	x.body = container.NewStack()
	title := x.env.T("contacts.io.import_title")
	x.dlg = dialog.NewCustomWithoutButtons(title, rtlContent(x.env.Tr, x.body), x.env.Window)
	x.dlg.SetOnClosed(x.resetImport)
	x.dlg.Resize(dialogSize(x.env, dialogLarge))
	x.dlg.Show()
	if readErr != nil {
		x.showFailure(readErr)
		return
	}
	format, err := contactio.Detect(name, data)
	if err != nil {
		x.showFailure(err)
		return
	}
	if format == contactio.FormatVCard {
		if x.records, err = contactio.ReadVCard(data, contactio.Limits{}); err != nil {
			x.showFailure(err)
			return
		}
		x.showPreview()
		return
	}
	if x.table, err = contactio.ParseCSV(data, contactio.CSVOptions{}); err != nil {
		x.showFailure(err)
		return
	}
	if !x.table.LooksLikeContacts() {
		x.showFailure(contactio.ErrNotContacts)
		return
	}
	x.mapping = x.table.SuggestMapping()
	x.showMapping()
}

// resetImport drops everything read from the file.
func (x *contactsIO) resetImport() {
	x.fileName, x.records, x.table, x.mapping, x.selects, x.plan = "", nil, nil, nil, nil, nil
	x.next, x.confirm, x.summary, x.doneLabel = nil, nil, nil, nil
}

// closeImport closes the import dialog.
func (x *contactsIO) closeImport() {
	if x.dlg != nil {
		x.dlg.Hide()
		x.dlg = nil
	}
	x.resetImport()
}

func (x *contactsIO) setBody(content fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	row := container.NewHBox(buttons...)
	x.body.Objects = []fyne.CanvasObject{container.NewBorder(nil, container.NewVBox(x.errRow, row), nil, nil, content)}
	x.body.Refresh()
}

// showFailure says why the file cannot be read.
func (x *contactsIO) showFailure(err error) {
	msg := x.env.T("contacts.io.unreadable")
	if m := app.Explain(err); m.Topic == app.TopicContactFile {
		msg = x.env.T(m.ID, "Max", formatNumber(x.env, contactio.DefaultLimits.Records))
	}
	setErrorLine(x.errRow, x.errLabel, msg)
	x.setBody(paragraph(x.env.T("contacts.io.nothing_changed")), widget.NewButton(x.env.T("common.close"), x.closeImport))
}

// fieldName is the translated name of a mapping field.
func (x *contactsIO) fieldName(f contactio.Field) string {
	return x.env.T("contacts.io.field." + string(f))
}

// columnName is a column's header, or "Column N" without a header.
func (x *contactsIO) columnName(i int) string {
	if h := x.table.Headers[i]; h != "" {
		return h
	}
	return x.env.T("contacts.io.column", "Number", i+1)
}

// showMapping shows the CSV columns with a field choice and sample
// values each.
func (x *contactsIO) showMapping() {
	env, t := x.env, x.table
	sep := string(t.Separator)
	if t.Separator == '\t' {
		sep = env.T("contacts.io.separator_tab")
	}
	info := paragraph(env.T("contacts.io.csv_info", map[string]any{"Encoding": t.Encoding, "Separator": sep,
		"Rows": formatNumber(env, len(t.Rows))}))
	names := make([]string, len(contactio.Fields))
	for i, f := range contactio.Fields {
		names[i] = x.fieldName(f)
	}
	sample := t.Sample(3)
	grid := container.NewVBox()
	x.selects = make([]*widget.Select, t.Columns())
	for i := 0; i < t.Columns(); i++ {
		i := i
		sel := widget.NewSelect(names, func(string) {})
		sel.SetSelectedIndex(indexOfField(x.mapping[i]))
		sel.OnChanged = func(string) {
			if k := sel.SelectedIndex(); k >= 0 {
				x.mapping[i] = contactio.Fields[k]
			}
		}
		x.selects[i] = sel
		var vals []string
		for _, row := range sample {
			if i < len(row) && strings.TrimSpace(row[i]) != "" {
				vals = append(vals, oneLineText(row[i], 40))
			}
		}
		head := widget.NewLabel(oneLineText(x.columnName(i), 40))
		head.TextStyle = fyne.TextStyle{Bold: true}
		ex := widget.NewLabel(strings.Join(vals, " · "))
		ex.Truncation = fyne.TextTruncateEllipsis
		grid.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(220, sel.MinSize().Height), head),
			container.NewGridWrap(fyne.NewSize(200, sel.MinSize().Height), sel), ex))
	}
	x.next = widget.NewButtonWithIcon(env.T("contacts.io.preview_button"), theme.NavigateNextIcon(), func() {
		x.records = x.table.Records(x.mapping)
		x.showPreview()
	})
	x.next.Importance = widget.HighImportance
	content := container.NewBorder(container.NewVBox(info, paragraph(env.T("contacts.io.mapping_explain"))), nil, nil, nil,
		container.NewVScroll(grid))
	x.setBody(content, widget.NewButton(env.T("common.cancel"), x.closeImport), x.next)
}

func indexOfField(f contactio.Field) int {
	for i, x := range contactio.Fields {
		if x == f {
			return i
		}
	}
	return 0
}

// oneLineText folds s onto one line of at most n characters.
func oneLineText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// reasonText translates a reason; a Field argument names a field.
func (x *contactsIO) reasonText(r contactio.Reason) string {
	args := map[string]any{}
	for k, v := range r.Args {
		args[k] = v
	}
	if f, ok := args["Field"].(string); ok {
		args["Field"] = x.env.T("contacts.field." + f)
	}
	return x.env.T(r.MessageID(), args)
}

func (x *contactsIO) changeText(c contactio.Change) string {
	return x.env.T("import.change."+string(c.Kind), map[string]any{"Field": x.env.T("contacts.field." + c.Field),
		"Value": oneLineText(c.Value, 80), "Existing": oneLineText(c.Existing, 80)})
}

// recordLabel names a record: its name, else its number in the file.
func (x *contactsIO) recordLabel(r contactio.Record) string {
	id := "contacts.io.row"
	if x.table == nil {
		id = "contacts.io.card"
	}
	where := x.env.T(id, "Number", r.Number)
	if r.Contact != nil {
		return where + " · " + oneLineText(r.Contact.Name, 60)
	}
	return where
}

// showPreview plans the import against the vault and shows the plan.
func (x *contactsIO) showPreview() {
	env := x.env
	plan, err := app.PlanContactImport(context.Background(), env.Session, x.records)
	if err != nil {
		env.ShowError(err)
		return
	}
	x.plan = plan
	var newBox, dupBox, repeatBox, badBox = container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()
	counts := map[*fyne.Container]int{}
	add := func(box *fyne.Container, o fyne.CanvasObject) {
		counts[box]++
		if counts[box] <= maxPreviewItems {
			box.Add(o)
		}
	}
	for _, it := range plan.Items {
		var lines []string
		for _, r := range it.Record.Notices {
			if r.Code != contactio.CodeRepeated {
				lines = append(lines, "• "+x.reasonText(r))
			}
		}
		for _, r := range it.Record.Dropped {
			lines = append(lines, "• "+x.reasonText(r))
		}
		switch it.Action {
		case contactio.ActionNew:
			add(newBox, x.itemRow(theme.ContentAddIcon(), x.recordLabel(it.Record), lines))
		case contactio.ActionMerge, contactio.ActionUnchanged:
			head := env.T("contacts.io.same_as", "Record", x.recordLabel(it.Record), "Name", it.Existing.Name)
			var changes []string
			for _, c := range it.Changes {
				changes = append(changes, "• "+x.changeText(c))
			}
			if it.Action == contactio.ActionUnchanged && len(changes) == 0 {
				changes = append(changes, "• "+env.T("contacts.io.nothing_new"))
			}
			add(dupBox, x.itemRow(theme.AccountIcon(), head, append(changes, lines...)))
		case contactio.ActionRepeated:
			// Merged into the earlier record's new contact: what it
			// adds is listed, nothing is dropped.
			into := plan.Items[it.Into].Record
			head := env.T("contacts.io.same_in_file", "Record", x.recordLabel(it.Record), "Earlier", x.recordLabel(into))
			var changes []string
			for _, c := range it.Changes {
				changes = append(changes, "• "+x.changeText(c))
			}
			if len(changes) == 0 {
				changes = append(changes, "• "+env.T("contacts.io.nothing_new_in_file"))
			}
			add(repeatBox, x.itemRow(theme.ContentCopyIcon(), head, append(changes, lines...)))
		default:
			var reasons []string
			for _, r := range it.Record.Problems {
				reasons = append(reasons, "• "+x.reasonText(r))
			}
			add(badBox, x.itemRow(theme.WarningIcon(), x.recordLabel(it.Record), reasons))
		}
	}
	writes := plan.Writes()
	x.summary = paragraph(env.T("contacts.io.summary", map[string]any{
		"New": plan.Count(contactio.ActionNew), "Merge": plan.Count(contactio.ActionMerge),
		"Unchanged": plan.Count(contactio.ActionUnchanged),
		"Invalid":   plan.Count(contactio.ActionInvalid)}))
	sections := container.NewVBox(x.summary)
	if n := plan.Count(contactio.ActionRepeated); n > 0 {
		sections.Add(paragraph(env.T("import.summary_repeated", "Count", n)))
	}
	for _, sec := range []struct {
		box *fyne.Container
		id  string
	}{{newBox, "contacts.io.section_new"}, {repeatBox, "contacts.io.section_repeated"}, {dupBox, "contacts.io.section_duplicates"},
		{badBox, "contacts.io.section_invalid"}} {
		if counts[sec.box] == 0 {
			continue
		}
		sections.Add(sectionLabel(env.Tr.N(sec.id, counts[sec.box])))
		sections.Add(sec.box)
		if more := counts[sec.box] - maxPreviewItems; more > 0 {
			sections.Add(paragraph(env.Tr.N("contacts.io.more", more)))
		}
	}
	x.confirm = widget.NewButtonWithIcon(env.Tr.N("contacts.io.confirm", writes), theme.ConfirmIcon(), x.applyImport)
	x.confirm.Importance = widget.HighImportance
	if writes == 0 {
		x.confirm.Disable()
	}
	buttons := []fyne.CanvasObject{widget.NewButton(env.T("common.cancel"), x.closeImport)}
	if x.table != nil {
		buttons = append([]fyne.CanvasObject{widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), x.showMapping)}, buttons...)
	}
	x.setBody(container.NewVScroll(sections), append(buttons, x.confirm)...)
}

// itemRow is one record of the preview: an icon, a bold line and details.
func (x *contactsIO) itemRow(icon fyne.Resource, head string, lines []string) fyne.CanvasObject {
	h := widget.NewLabel(head)
	h.TextStyle = fyne.TextStyle{Bold: true}
	h.Truncation = fyne.TextTruncateEllipsis
	col := container.NewVBox(h)
	if len(lines) > 0 {
		col.Add(paragraph(strings.Join(lines, "\n")))
	}
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, col)
}

// applyImport writes the plan the user confirmed.
func (x *contactsIO) applyImport() {
	env := x.env
	done, err := app.ApplyContactImport(context.Background(), env.Session, x.plan, contactio.ApplyOptions{})
	if err != nil {
		if m := app.Explain(err); m.Topic == app.TopicContactFile {
			setErrorLine(x.errRow, x.errLabel, env.T(m.ID, m.Args))
			x.confirm.Disable()
			return
		}
		env.ShowError(err)
		return
	}
	env.Changed()
	setErrorLine(x.errRow, x.errLabel, "")
	x.doneLabel = paragraph(env.T("contacts.io.done", map[string]any{"Added": done.Added, "Merged": done.Merged}))
	closeBtn := widget.NewButton(env.T("common.close"), x.closeImport)
	closeBtn.Importance = widget.HighImportance
	x.setBody(x.doneLabel, closeBtn)
	x.s.fillStoreFilters()
	x.s.reload()
}

// --- Export ----------------------------------------------------------------

// showExport shows the export dialog: a loud warning, sharing an
// encrypted file as the main choice, a plain file as the second.
func (x *contactsIO) showExport() {
	env := x.env
	ids, err := x.exportSelection()
	if err != nil {
		env.ShowError(err)
		return
	}
	x.exportIDs = ids
	x.shareButton = widget.NewButtonWithIcon(env.T("contacts.io.share_instead"), theme.MailSendIcon(), x.shareInstead)
	x.shareButton.Importance = widget.HighImportance
	x.plainButton = widget.NewButtonWithIcon(env.T("contacts.io.export_plain"), theme.WarningIcon(), x.showFormatChoice)
	x.plainButton.Importance = widget.LowImportance
	content := container.NewVBox(
		warnRow(env.T("contacts.io.export_warning")),
		paragraph(env.Tr.N("contacts.io.export_count", len(ids), "Number", formatNumber(env, len(ids)))),
		paragraph(env.T("contacts.io.share_explain")),
		container.NewHBox(x.shareButton),
		widget.NewSeparator(),
		container.NewHBox(x.plainButton),
	)
	x.exportDlg = dialog.NewCustom(env.T("contacts.io.export_title"), env.T("common.cancel"), rtlContent(env.Tr, content), env.Window)
	x.exportDlg.Resize(fyne.NewSize(dialogForm, 0))
	x.exportDlg.Show()
}

// exportSelection returns the IDs of the contacts the list shows now (all
// contacts when no filter is set).
func (x *contactsIO) exportSelection() ([]string, error) {
	return x.env.Session.ContactIDs(context.Background(), x.s.filter())
}

// shareInstead opens the Sharing screen's share form with the contacts
// chosen.
func (x *contactsIO) shareInstead() {
	ids := x.exportIDs
	x.closeExport()
	x.env.Navigate(ScreenSharing, shareContacts{ids: ids})
}

func (x *contactsIO) closeExport() {
	if x.exportDlg != nil {
		x.exportDlg.Hide()
		x.exportDlg = nil
	}
}

// showFormatChoice asks for the format before the save location.
func (x *contactsIO) showFormatChoice() {
	env := x.env
	x.closeExport()
	vcf, csvName := env.T("contacts.io.format_vcard"), env.T("contacts.io.format_csv")
	x.formatChoice = widget.NewRadioGroup([]string{vcf, csvName}, func(string) {})
	x.formatChoice.Required = true
	x.formatChoice.SetSelected(vcf)
	x.saveButton = widget.NewButtonWithIcon(env.T("contacts.io.save_plain"), theme.DocumentSaveIcon(), func() {
		f := contactio.FormatVCard
		if x.formatChoice.Selected == csvName {
			f = contactio.FormatCSV
		}
		x.closeExport()
		x.chooseExportFile(f)
	})
	x.saveButton.Importance = widget.DangerImportance
	content := container.NewVBox(warnRow(env.T("contacts.io.export_warning_short")), x.formatChoice, container.NewHBox(x.saveButton))
	x.exportDlg = dialog.NewCustom(env.T("contacts.io.export_plain_title"), env.T("common.cancel"), rtlContent(env.Tr, content), env.Window)
	x.exportDlg.Resize(fyne.NewSize(dialogForm, 0))
	x.exportDlg.Show()
}

// chooseExportFile asks where to save, then writes the file.
func (x *contactsIO) chooseExportFile(f contactio.Format) {
	env := x.env
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if wc == nil {
			return
		}
		x.saveExport(wc, f)
	}, env.Window)
	name := "contacts.vcf"
	if f == contactio.FormatCSV {
		name = "contacts.csv"
	}
	d.SetFileName(env.exportName(name))
	d.Show()
}

// saveExport writes the export into the file the save dialog opened.
func (x *contactsIO) saveExport(wc fyne.URIWriteCloser, f contactio.Format) {
	env := x.env
	var w io.WriteCloser = wc
	path := wc.URI().Path()
	if wc.URI().Scheme() == "file" {
		// The dialog made the file readable by everyone: put one that
		// only the user can read in its place before writing.
		wc.Close()
		pf, err := app.CreatePrivateFile(path)
		if err != nil {
			env.ShowError(err)
			return
		}
		w = pf
	}
	n, err := x.writeExport(w, f)
	cerr := w.Close()
	if err == nil {
		err = cerr
	}
	if err != nil {
		env.ShowError(err)
		return
	}
	x.exportedDialog(path, n)
}

// writeExport writes the chosen contacts to w in format f and returns how
// many it wrote.
func (x *contactsIO) writeExport(w io.Writer, f contactio.Format) (int, error) {
	ctx := context.Background()
	var cs []*contact.Contact
	for _, id := range x.exportIDs {
		c, err := x.env.Session.Contact(ctx, id)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			return 0, err
		}
		cs = append(cs, c)
	}
	var buf bytes.Buffer
	var err error
	if f == contactio.FormatCSV {
		err = contactio.WriteCSV(&buf, cs)
	} else {
		err = contactio.WriteVCard(&buf, cs)
	}
	if err != nil {
		return 0, err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return 0, fmt.Errorf("failed to write the export: %w", err)
	}
	return len(cs), nil
}

// exportedDialog says where the plain file is and to delete it soon.
func (x *contactsIO) exportedDialog(path string, n int) {
	env := x.env
	msg := env.Tr.N("contacts.io.exported", n, "Path", path, "Number", formatNumber(env, n))
	d := dialog.NewCustom(env.T("contacts.io.exported_title"), env.T("common.ok"), rtlContent(env.Tr, paragraph(msg)), env.Window)
	d.Resize(fyne.NewSize(dialogMessage, 0))
	d.Show()
}

// shareContacts opens the share form with the contacts ids chosen and
// their channels included (what the user was about to export).
func (s *sharingScreen) shareContacts(ids []string) {
	s.showShare()
	f := s.share
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	f.contactsOn.SetChecked(true)
	for i, c := range f.contacts {
		if want[c.ID] {
			f.contactChecks[i].SetChecked(true)
		}
	}
	f.inclChannels.SetChecked(true)
}
