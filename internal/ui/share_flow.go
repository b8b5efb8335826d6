package ui

import (
	"context"
	"errors"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// The share flow is a dialog of four short steps: What (events,
// tutorials and, only when asked, contacts; with a search and "select
// all upcoming"), Who (trusted people, verified first, or a passphrase),
// Check (what goes, to whom, and what is left out) and Save (where the
// file went). Back and Next are the dialog's own buttons, so they stay at
// its bottom whatever the length of a step, which scrolls between the
// step names and the error line.

// The share steps, in order.
const (
	stepWhat = iota
	stepWho
	stepCheck
	stepSaved
	shareStepCount
)

// shareStepNames are the message IDs of the step names.
var shareStepNames = [shareStepCount]string{
	"sharing.share.step.what", "sharing.share.step.who", "sharing.share.step.check", "sharing.share.step.save",
}

// summaryItems is the number of items the Check step names one by one;
// it counts the rest.
const summaryItems = 30

// shareForm is the open share dialog and the widgets tests reach.
type shareForm struct {
	s      *sharingScreen
	dialog *dialog.CustomDialog
	step   int

	stepLabels [shareStepCount]*widget.Label
	pages      [shareStepCount]fyne.CanvasObject
	page       *fyne.Container // holds the current step's page
	scroll     *container.Scroll
	content    *fyne.Container // step names, page and error line

	// What.
	search         *textField
	selectUpcoming *widget.Button
	upcoming       int // events[:upcoming] are the upcoming events listed by load
	events         []*event.Event
	eventChecks    []*widget.Check
	eventsBox      *fyne.Container
	tutorials      []*tutorial.Tutorial
	tutChecks      []*widget.Check
	tutBox         *fyne.Container
	contactsOn     *widget.Check
	contactsPart   *fyne.Container // shown when contactsOn is ticked: the warning first
	contacts       []store.ContactSummary
	contactChecks  []*widget.Check
	contactsBox    *fyne.Container
	inclChannels   *widget.Check
	inclNotes      *widget.Check
	noMatch        *widget.Label

	// Who.
	how        *widget.RadioGroup
	peers      []*store.Peer
	peerChecks []*widget.Check
	peersBox   *fyne.Container
	passPart   *fyne.Container
	pass1      *textField
	pass2      *textField

	// Check.
	summary    *widget.Label
	unverified *fyne.Container // warning about recipients not verified
	armor      *widget.Check

	// Saved.
	savedText *widget.Label

	errRow   *fyne.Container
	errLabel *widget.Label
	back     *widget.Button
	next     *widget.Button // Next, or "Save file…" on the Check step
	cancel   *widget.Button
	done     *widget.Button

	// workFactor is passed to the export (tests).
	workFactor int

	// work seals and writes the file off the UI thread (a passphrase
	// file's key derivation takes a second or more), with a line that
	// says so under the page.
	work *fileWork
}

func newShareForm(s *sharingScreen) *shareForm {
	env := s.env
	f := &shareForm{s: s}
	f.errRow, f.errLabel = newErrorLine()
	f.work = newFileWork(env)
	// Sealing cannot be stopped halfway (the file is written when it
	// ends): the line has no Cancel.
	f.work.cancel.Hide()

	// What.
	f.search = newTextField()
	f.search.SetPlaceHolder(env.T("common.search_placeholder"))
	f.search.OnChanged = func(string) { f.filter() }
	f.selectUpcoming = widget.NewButtonWithIcon("", theme.CheckButtonCheckedIcon(), f.tickUpcoming)
	f.eventsBox = container.NewVBox()
	f.tutBox = container.NewVBox()
	f.contactsBox = container.NewVBox()
	f.noMatch = paragraph(env.T("sharing.share.no_match"))
	f.noMatch.Hide()
	f.inclChannels = widget.NewCheck(env.T("sharing.share.include_channels"), func(bool) { f.invalidate() })
	f.inclNotes = widget.NewCheck(env.T("sharing.share.include_notes"), func(bool) { f.invalidate() })
	// The warning sits right under "Also share contacts", before the
	// list: contacts are the most dangerous thing to share.
	f.contactsPart = container.NewVBox(warnRow(env.T("sharing.share.contacts_warning")), f.contactsBox, f.inclChannels, f.inclNotes)
	f.contactsPart.Hide()
	f.contactsOn = widget.NewCheck(env.T("sharing.share.contacts_on"), func(on bool) {
		if on {
			f.fillContacts()
			f.contactsPart.Show()
		} else {
			f.contactsPart.Hide()
		}
		f.invalidate()
		f.relayout()
	})
	bold := func(id string) *widget.Label {
		return widget.NewLabelWithStyle(env.T(id), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	f.pages[stepWhat] = container.NewVBox(
		heading(env.T("sharing.share.what")),
		container.NewBorder(nil, nil, nil, f.selectUpcoming, f.search),
		f.noMatch,
		bold("sharing.share.events"), f.eventsBox,
		bold("sharing.share.tutorials"), f.tutBox,
		widget.NewSeparator(),
		f.contactsOn, f.contactsPart,
	)

	// Who.
	f.peersBox = container.NewVBox()
	f.pass1 = newPasswordTextField()
	f.pass1.SetPlaceHolder(env.T("sharing.share.pass_placeholder"))
	f.pass2 = newPasswordTextField()
	f.pass2.SetPlaceHolder(env.T("sharing.share.pass_again"))
	// Enter moves from the first passphrase to the second, then on.
	f.pass1.OnSubmitted = func(string) {
		if env.Window != nil {
			env.Window.Canvas().Focus(f.pass2)
		}
	}
	f.pass2.OnSubmitted = func(string) { f.goNext() }
	f.passPart = container.NewVBox(paragraph(env.T("sharing.share.pass_explain")), f.pass1, f.pass2)
	f.passPart.Hide()
	people, pass := env.T("sharing.share.to_people"), env.T("sharing.share.to_passphrase")
	f.how = widget.NewRadioGroup([]string{people, pass}, func(v string) {
		if v == pass {
			f.passPart.Show()
			f.peersBox.Hide()
		} else {
			f.passPart.Hide()
			f.peersBox.Show()
		}
		f.invalidate()
		f.relayout()
	})
	f.how.Required = true
	f.how.SetSelected(people)
	f.pages[stepWho] = container.NewVBox(heading(env.T("sharing.share.who")), f.how, f.peersBox, f.passPart)

	// Check.
	f.summary = paragraph("")
	f.unverified = container.NewVBox()
	f.armor = widget.NewCheck(env.T("sharing.share.armor"), nil)
	f.pages[stepCheck] = container.NewVBox(heading(env.T("sharing.share.summary_heading")), f.unverified, f.summary,
		widget.NewSeparator(), f.armor)

	// Saved.
	f.savedText = paragraph("")
	f.pages[stepSaved] = container.NewVBox(heading(env.T("sharing.share.saved_title")), f.savedText)

	// Buttons: Cancel and Back on one side, the step's action on the
	// other; Done alone once the file is saved.
	f.cancel = widget.NewButtonWithIcon(env.T("common.cancel"), theme.CancelIcon(), f.close)
	f.back = widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), f.goBack)
	f.next = widget.NewButtonWithIcon(env.T("common.next"), theme.NavigateNextIcon(), f.goNext)
	f.next.Importance = widget.HighImportance
	f.done = widget.NewButtonWithIcon(env.T("common.close"), theme.ConfirmIcon(), f.close)
	f.done.Importance = widget.HighImportance
	return f
}

// open shows the dialog at its first step.
func (f *shareForm) open() {
	env := f.s.env
	steps := container.NewHBox()
	for i, id := range shareStepNames {
		f.stepLabels[i] = widget.NewLabel(env.T("sharing.share.step_label", "Number", formatNumber(env, i+1), "Name", env.T(id)))
		steps.Add(f.stepLabels[i])
	}
	f.page = container.NewStack()
	f.scroll = container.NewVScroll(f.page)
	f.content = container.NewBorder(container.NewVBox(container.NewHScroll(steps), widget.NewSeparator()),
		container.NewVBox(f.errRow, f.work.box), nil, nil, f.scroll)
	f.dialog = dialog.NewCustomWithoutButtons(env.T("sharing.share.title"), rtlContent(env.Tr, f.content), env.Window)
	// One row of buttons for every step (each step shows the ones it
	// needs): replacing the row of a shown dialog lays it out wrongly.
	f.dialog.SetButtons([]fyne.CanvasObject{f.cancel, f.back, f.next, f.done})
	f.dialog.Resize(dialogSize(env, fyne.NewSize(720, 620)))
	f.dialog.Show()
	f.show(stepWhat)
}

// show switches to step i: its page, the step names and the buttons.
func (f *shareForm) show(i int) {
	env := f.s.env
	f.step = i
	f.setError("")
	f.page.Objects = []fyne.CanvasObject{f.pages[i]}
	for j, l := range f.stepLabels {
		name := env.T("sharing.share.step_label", "Number", formatNumber(env, j+1), "Name", env.T(shareStepNames[j]))
		switch {
		case j < i:
			l.SetText("✓ " + name)
			l.TextStyle = fyne.TextStyle{}
			l.Importance = widget.MediumImportance
		case j == i:
			l.SetText(name)
			l.TextStyle = fyne.TextStyle{Bold: true}
			l.Importance = widget.HighImportance
		default:
			l.SetText(name)
			l.TextStyle = fyne.TextStyle{}
			l.Importance = widget.MediumImportance
		}
		l.Refresh()
	}
	f.next.SetText(env.T("common.next"))
	f.next.SetIcon(theme.NavigateNextIcon())
	for _, b := range []*widget.Button{f.cancel, f.back, f.next} {
		b.Show()
	}
	f.done.Hide()
	f.back.Enable()
	switch i {
	case stepWhat:
		f.back.Disable()
	case stepCheck:
		f.next.SetText(env.T("sharing.share.save"))
		f.next.SetIcon(theme.DocumentSaveIcon())
	case stepSaved:
		f.cancel.Hide()
		f.back.Hide()
		f.next.Hide()
		f.done.Show()
	}
	f.dialog.Refresh()
	f.relayout()
	f.scroll.ScrollToTop()
}

// setError shows (or with "" hides) the error line above the buttons,
// taking its room from the page.
func (f *shareForm) setError(text string) {
	if text == "" && !f.errRow.Visible() {
		return
	}
	setErrorLine(f.errRow, f.errLabel, text)
	if f.content != nil {
		f.content.Refresh()
	}
}

// relayout lays the current page out again after parts were shown or
// hidden, so the scroll knows its new height.
func (f *shareForm) relayout() {
	if f.page == nil {
		return
	}
	f.page.Refresh()
	f.scroll.Refresh()
}

// goNext checks the step and moves on; on the Check step it asks where to
// save the file.
func (f *shareForm) goNext() {
	switch f.step {
	case stepWhat:
		if problem := f.whatProblem(); problem != "" {
			f.setError(problem)
			return
		}
		f.show(stepWho)
	case stepWho:
		req, problem := f.request()
		if problem != "" {
			f.setError(problem)
			return
		}
		f.fillSummary(req)
		f.show(stepCheck)
	case stepCheck:
		f.chooseSaveFile()
	}
}

// goBack returns to the previous step; nothing chosen is lost.
func (f *shareForm) goBack() {
	if f.step > stepWhat && f.step < stepSaved {
		f.show(f.step - 1)
	}
}

// close hides the dialog (Cancel, Close, or Escape through the dialog);
// the passphrases typed are dropped.
func (f *shareForm) close() {
	if f.dialog != nil {
		f.dialog.Hide()
	}
	f.reset()
}

// reset drops the form's data (and the result of a file being sealed).
func (f *shareForm) reset() {
	f.work.stopWork()
	f.events, f.tutorials, f.contacts, f.peers = nil, nil, nil, nil
	f.eventChecks, f.tutChecks, f.contactChecks, f.peerChecks = nil, nil, nil, nil
	f.eventsBox.Objects, f.tutBox.Objects, f.contactsBox.Objects, f.peersBox.Objects = nil, nil, nil, nil
	f.pass1.SetText("")
	f.pass2.SetText("")
	f.summary.SetText("")
	f.savedText.SetText("")
}

// load fills the lists from the store: upcoming events, the user's own
// tutorials, contacts, and trusted people (verified first).
func (f *shareForm) load() error {
	f.reset()
	env, ctx := f.s.env, f.s.ctx()
	st := env.Session.Store()
	evs, err := st.Events().List(ctx, store.EventFilter{Upcoming: true, Now: env.Now()})
	if err != nil {
		return err
	}
	for _, e := range evs {
		f.addEvent(e)
	}
	f.upcoming = len(evs)
	f.selectUpcoming.SetText(env.Tr.N("sharing.share.select_upcoming", f.upcoming))
	if f.upcoming == 0 {
		f.selectUpcoming.Disable()
		f.eventsBox.Add(paragraph(env.T("sharing.share.no_events")))
	}
	tus, err := st.Tutorials().List(ctx, "")
	if err != nil {
		return err
	}
	for _, t := range tus {
		if t.Source == tutorial.SourceBuiltin {
			continue
		}
		f.tutorials = append(f.tutorials, t)
		c := widget.NewCheck(shown(t.Title), func(bool) { f.invalidate() })
		f.tutChecks = append(f.tutChecks, c)
		f.tutBox.Add(c)
	}
	if len(f.tutorials) == 0 {
		f.tutBox.Add(paragraph(env.T("sharing.share.no_tutorials")))
	}
	sums, err := st.Contacts().ListSummaries(ctx, store.ContactFilter{})
	if err != nil {
		return err
	}
	f.contacts = sums // their checkboxes are made when asked for (fillContacts)
	ps, err := st.Peers().List(ctx)
	if err != nil {
		return err
	}
	sortPeers(ps)
	f.peers = ps
	for _, p := range ps {
		c := widget.NewCheck(f.personLabel(p), func(bool) { f.invalidate() })
		f.peerChecks = append(f.peerChecks, c)
		f.peersBox.Add(c)
	}
	if len(ps) == 0 {
		f.peersBox.Add(paragraph(env.T("sharing.share.no_people")))
	}
	f.invalidate()
	return nil
}

// fillContacts makes the contacts' checkboxes the first time "Also share
// contacts" is ticked: a vault can hold thousands, and most shares hold
// none.
func (f *shareForm) fillContacts() {
	if len(f.contactChecks) > 0 || len(f.contacts) == 0 {
		return
	}
	objs := make([]fyne.CanvasObject, 0, len(f.contacts))
	for _, c := range f.contacts {
		ch := widget.NewCheck(shown(c.Name), func(bool) { f.invalidate() })
		f.contactChecks = append(f.contactChecks, ch)
		objs = append(objs, ch)
	}
	f.contactsBox.Objects = objs
	f.filter()
}

// addEvent lists one more event to choose.
func (f *shareForm) addEvent(e *event.Event) {
	env := f.s.env
	c := widget.NewCheck(env.T("sharing.share.event_item", map[string]any{"Title": shown(e.Title), "Date": env.Tr.Date(e.Start.In(e.Zone()))}),
		func(bool) { f.invalidate() })
	f.events = append(f.events, e)
	f.eventChecks = append(f.eventChecks, c)
	f.eventsBox.Add(c)
}

// personLabel names a trusted person with their status when they are
// not verified.
func (f *shareForm) personLabel(p *store.Peer) string {
	env := f.s.env
	if p.Verified && !p.KeyChanged {
		return env.T("sharing.share.person_verified", map[string]any{"Name": shown(p.Name)})
	}
	word, _, _ := keyStatus(env, p)
	return env.T("sharing.share.person_marked", map[string]any{"Name": shown(p.Name), "Status": word})
}

// tickUpcoming ticks every upcoming event ("select all upcoming").
func (f *shareForm) tickUpcoming() {
	for _, c := range f.eventChecks[:f.upcoming] {
		c.SetChecked(true)
	}
}

// filter shows only the events, tutorials and contacts whose names
// contain the search text; hidden ones keep their ticks.
func (f *shareForm) filter() {
	q := strings.ToLower(strings.TrimSpace(f.search.Text))
	shown := 0
	apply := func(checks []*widget.Check) {
		for _, c := range checks {
			if q == "" || strings.Contains(strings.ToLower(c.Text), q) {
				c.Show()
				shown++
			} else {
				c.Hide()
			}
		}
	}
	apply(f.eventChecks)
	apply(f.tutChecks)
	if f.contactsOn.Checked {
		apply(f.contactChecks)
	}
	if q != "" && shown == 0 {
		f.noMatch.Show()
	} else {
		f.noMatch.Hide()
	}
	f.relayout()
}

// invalidate clears an error that no longer matches the choices.
func (f *shareForm) invalidate() { f.setError("") }

func (f *shareForm) usePassphrase() bool {
	return f.how.Selected == f.s.env.T("sharing.share.to_passphrase")
}

// selection is what the What step has ticked.
func (f *shareForm) selection() bundle.Selection {
	var sel bundle.Selection
	for i, c := range f.eventChecks {
		if c.Checked {
			sel.Events = append(sel.Events, f.events[i].ID)
		}
	}
	for i, c := range f.tutChecks {
		if c.Checked {
			sel.Tutorials = append(sel.Tutorials, f.tutorials[i].ID)
		}
	}
	if f.contactsOn.Checked {
		for i, c := range f.contactChecks {
			if c.Checked {
				sel.Contacts = append(sel.Contacts, f.contacts[i].ID)
			}
		}
		sel.IncludeChannels = f.inclChannels.Checked
		sel.IncludeNotes = f.inclNotes.Checked
	}
	return sel
}

// whatProblem is why the What step cannot go on ("" if it can).
func (f *shareForm) whatProblem() string {
	if f.selection().Empty() {
		return f.s.env.T("sharing.share.nothing_chosen")
	}
	return ""
}

// request builds the export request from the form, or returns the
// translated reason it cannot.
func (f *shareForm) request() (app.ExportRequest, string) {
	env := f.s.env
	req := app.ExportRequest{Selection: f.selection(), Armor: f.armor.Checked, WorkFactor: f.workFactor}
	if req.Selection.Empty() {
		return req, env.T("sharing.share.nothing_chosen")
	}
	if f.usePassphrase() {
		switch {
		case f.pass1.Text == "":
			return req, env.T("sharing.share.pass_empty")
		case f.pass1.Text != f.pass2.Text:
			return req, env.T("sharing.share.pass_mismatch")
		}
		req.Passphrase = f.pass1.Text
		return req, ""
	}
	for i, c := range f.peerChecks {
		if c.Checked {
			req.To = append(req.To, f.peers[i].ContactID)
		}
	}
	if len(req.To) == 0 {
		return req, env.T("sharing.share.nobody_chosen")
	}
	return req, ""
}

// chosenPeers are the ticked trusted people (none with a passphrase).
func (f *shareForm) chosenPeers() []*store.Peer {
	if f.usePassphrase() {
		return nil
	}
	var out []*store.Peer
	for i, c := range f.peerChecks {
		if c.Checked {
			out = append(out, f.peers[i])
		}
	}
	return out
}

// fillSummary writes the Check step: a warning for recipients not
// verified, then what goes, to whom, and what is left out.
func (f *shareForm) fillSummary(req app.ExportRequest) {
	env := f.s.env
	f.unverified.Objects = nil
	var names []string
	for _, p := range f.chosenPeers() {
		if !p.Verified || p.KeyChanged {
			names = append(names, p.Name)
		}
	}
	if len(names) > 0 {
		f.unverified.Add(warnRow(env.T("sharing.share.unverified_warning", "Names", strings.Join(names, ", "))))
	}
	f.unverified.Refresh()
	f.summary.SetText(f.summaryText(req))
}

// summaryText says what is shared (each item named), with whom, and what
// is left out.
func (f *shareForm) summaryText(req app.ExportRequest) string {
	env := f.s.env
	var b strings.Builder
	b.WriteString(env.T("sharing.share.summary_counts", map[string]any{"Events": len(req.Selection.Events),
		"Tutorials": len(req.Selection.Tutorials), "Contacts": len(req.Selection.Contacts)}))
	// Each item named, up to summaryItems of them.
	named, more := 0, 0
	name := func(id string, checks []*widget.Check) {
		for _, c := range checks {
			if !c.Checked {
				continue
			}
			if named == summaryItems {
				more++
				continue
			}
			named++
			b.WriteString("\n• " + env.T(id, "Title", c.Text))
		}
	}
	name("sharing.kind.event", f.eventChecks)
	name("sharing.kind.tutorial", f.tutChecks)
	if f.contactsOn.Checked {
		name("sharing.kind.contact", f.contactChecks)
	}
	if more > 0 {
		b.WriteString("\n" + env.Tr.N("contacts.io.more", more))
	}
	b.WriteString("\n\n")
	if req.Passphrase != "" {
		b.WriteString(env.T("sharing.share.summary_passphrase"))
	} else {
		var names []string
		for _, p := range f.chosenPeers() {
			names = append(names, f.personLabel(p))
		}
		b.WriteString(env.T("sharing.share.summary_to", map[string]any{"Names": strings.Join(names, ", ")}))
	}
	b.WriteString("\n\n" + env.T("sharing.share.left_out_heading"))
	var out []string
	if len(req.Selection.Contacts) == 0 {
		out = append(out, env.T("sharing.share.left_out_contacts"))
	} else {
		if !req.Selection.IncludeChannels {
			out = append(out, env.T("sharing.share.left_out_channels"))
		}
		if !req.Selection.IncludeNotes {
			out = append(out, env.T("sharing.share.left_out_notes"))
		}
		out = append(out, env.T("sharing.share.left_out_consent"))
	}
	out = append(out, env.T("sharing.share.left_out_trust"), env.T("sharing.share.left_out_assignees"))
	for _, o := range out {
		b.WriteString("\n• " + o)
	}
	return b.String()
}

// exportTo seals the chosen bundle and writes it to w, on the calling
// goroutine.
func (f *shareForm) exportTo(w io.Writer) (*app.Exported, error) {
	req, problem := f.request()
	if problem != "" {
		return nil, errors.New(problem)
	}
	ex, err := exportBundle(f.s.ctx(), f.s.env.Session, req, w)
	if err == nil {
		f.s.env.Changed()
	}
	return ex, err
}

// exportBundle seals the bundle req asks for and writes it to w. It may
// run off the UI thread.
func exportBundle(ctx context.Context, sess *app.Session, req app.ExportRequest, w io.Writer) (*app.Exported, error) {
	ex, err := app.Export(ctx, sess, req)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(ex.Data); err != nil {
		return nil, err
	}
	return ex, nil
}

// chooseSaveFile asks where to save the bundle, then writes it.
func (f *shareForm) chooseSaveFile() {
	env := f.s.env
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if wc == nil {
			return
		}
		f.saveTo(wc)
	}, env.Window)
	d.SetFileName(bundle.FileName())
	d.Show()
}

// saveTo seals the file and writes it to wc off the UI thread (the key
// derivation of a passphrase alone takes a second or more), with a line
// saying so and the buttons disabled meanwhile; then it shows where the
// file is (the Save step). An error stays on the Check step.
func (f *shareForm) saveTo(wc fyne.URIWriteCloser) {
	env := f.s.env
	req, problem := f.request()
	if problem != "" {
		wc.Close()
		f.setError(problem)
		return
	}
	f.setError("")
	for _, b := range []*widget.Button{f.cancel, f.back, f.next} {
		b.Disable()
	}
	sess, ctx, path := env.Session, f.s.ctx(), wc.URI().Path()
	f.work.start(env.T("sharing.share.saving"), func(context.Context) func() {
		_, err := exportBundle(ctx, sess, req, wc)
		if cerr := wc.Close(); err == nil {
			err = cerr
		}
		return func() { f.exported(path, err) }
	})
}

// exported shows the outcome of saveTo.
func (f *shareForm) exported(path string, err error) {
	for _, b := range []*widget.Button{f.cancel, f.back, f.next} {
		b.Enable()
	}
	if err != nil {
		if msg, ok := f.s.explain(err); ok {
			f.setError(msg)
			return
		}
		f.s.env.ShowError(err)
		return
	}
	f.s.env.Changed()
	f.saved(path)
}

// saved shows the Save step: where the file is and that its name reveals
// nothing.
func (f *shareForm) saved(path string) {
	env := f.s.env
	msg := env.T("sharing.share.saved", map[string]any{"Path": path})
	if f.armor.Checked {
		msg += "\n\n" + env.T("sharing.share.saved_armor")
	}
	f.pass1.SetText("")
	f.pass2.SetText("")
	f.savedText.SetText(msg)
	f.show(stepSaved)
}

// showShare opens the share dialog with fresh lists.
func (s *sharingScreen) showShare() {
	if s.env.Session == nil {
		return
	}
	if s.share != nil {
		s.share.close()
	}
	s.share = newShareForm(s)
	if err := s.share.load(); err != nil {
		s.env.ShowError(err)
		return
	}
	s.share.open()
}
