package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	f.dialog.Resize(dialogSize(env, dialogTall))
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
