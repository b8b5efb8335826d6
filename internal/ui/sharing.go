package ui

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

func init() { screenFactories[ScreenSharing] = newSharingScreen }

// sharingScreen is the Sharing page: my contact card, trusted people
// (adding, comparing safety phrases), sharing a file and opening one. It
// switches between three views: home, share and open.
type sharingScreen struct {
	env  *Env
	root *fyne.Container
	home fyne.CanvasObject

	// My card.
	nameHint *widget.Entry
	cardText *widget.Label
	cardLine string
	myFP     *widget.Label
	copyCard *widget.Button
	cardQR   *canvas.Image
	qrText   *widget.Label
	qrBox    *fyne.Container

	// Add a trusted person.
	cardIn      *widget.Entry
	checkCard   *widget.Button
	cardPreview *widget.Label
	addTarget   *widget.Select
	targetIDs   []string
	addPeer     *widget.Button
	addBox      *fyne.Container
	addErrRow   *fyne.Container
	addErr      *widget.Label
	added       *widget.Label

	// Trusted people.
	peers    []*store.Peer
	peersBox *fyne.Container

	// Compare safety phrase.
	phrase       string
	phrasePeer   *store.Peer
	phraseDialog dialog.Dialog
	verifyButton *widget.Button

	// Conflicts waiting for a decision.
	conflicts    []store.Conflict
	conflictsBox *fyne.Container

	share *shareForm
	open  *openPanel
}

func newSharingScreen(env *Env) Screen { return newSharing(env) }

func newSharing(env *Env) *sharingScreen {
	s := &sharingScreen{env: env}
	s.build()
	return s
}

func (s *sharingScreen) ctx() context.Context { return context.Background() }

// warnRow is a loud warning: icon, and a word in bold, never colour alone.
func warnRow(text string) *fyne.Container {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, l)
}

func (s *sharingScreen) build() {
	env := s.env
	s.nameHint = widget.NewEntry()
	s.nameHint.SetPlaceHolder(env.T("sharing.card.name_placeholder"))
	s.nameHint.OnChanged = func(string) { s.refreshCard() }
	s.cardText = widget.NewLabel("")
	s.cardText.Wrapping = fyne.TextWrapBreak
	s.cardText.Selectable = true
	s.cardText.TextStyle = fyne.TextStyle{Monospace: true}
	s.myFP = widget.NewLabel("")
	s.myFP.Wrapping = fyne.TextWrapWord
	s.copyCard = widget.NewButtonWithIcon(env.T("common.copy"), theme.ContentCopyIcon(), func() {
		if s.cardLine != "" && env.Clipboard != nil {
			env.Clipboard.Copy(s.cardLine)
		}
	})
	s.cardQR = canvas.NewImageFromResource(nil)
	s.cardQR.FillMode = canvas.ImageFillContain
	s.cardQR.SetMinSize(fyne.NewSize(220, 220))
	s.qrText = widget.NewLabel("")
	s.qrText.Wrapping = fyne.TextWrapWord
	s.qrBox = container.NewBorder(nil, nil, s.cardQR, nil, s.qrText)
	s.qrBox.Hide()
	cardSection := container.NewVBox(
		heading(env.T("sharing.card.heading")),
		paragraph(env.T("sharing.card.explain")),
		formField(env.T("sharing.card.name_label"), s.nameHint, newFieldError()),
		s.cardText,
		container.NewHBox(s.copyCard),
		s.myFP,
		s.qrBox,
	)

	s.cardIn = widget.NewMultiLineEntry()
	s.cardIn.Wrapping = fyne.TextWrapBreak
	s.cardIn.SetPlaceHolder(env.T("sharing.add.placeholder"))
	s.cardIn.SetMinRowsVisible(2)
	s.checkCard = widget.NewButton(env.T("sharing.add.check"), s.previewCard)
	s.cardPreview = paragraph("")
	s.addTarget = widget.NewSelect(nil, nil)
	s.addPeer = widget.NewButtonWithIcon(env.T("sharing.add.confirm"), theme.ContentAddIcon(), s.doAddPeer)
	s.addPeer.Importance = widget.HighImportance
	s.addBox = container.NewVBox(s.cardPreview,
		formField(env.T("sharing.add.target_label"), s.addTarget, newFieldError()), container.NewHBox(s.addPeer))
	s.addBox.Hide()
	s.addErrRow, s.addErr = newErrorLine()
	s.added = paragraph("")
	s.added.Hide()
	addSection := container.NewVBox(
		heading(env.T("sharing.add.heading")),
		paragraph(env.T("sharing.add.explain")),
		s.cardIn, container.NewHBox(s.checkCard), s.addErrRow, s.addBox, s.added,
	)

	s.peersBox = container.NewVBox()
	s.conflictsBox = container.NewVBox()
	shareBtn := widget.NewButtonWithIcon(env.T("sharing.share_button"), theme.MailSendIcon(), s.showShare)
	shareBtn.Importance = widget.HighImportance
	openBtn := widget.NewButtonWithIcon(env.T("sharing.open_button"), theme.FolderOpenIcon(), s.chooseFile)

	s.home = container.NewVBox(
		screenTitle(env.T("sharing.title")),
		paragraph(env.T("sharing.intro")),
		container.NewHBox(shareBtn, openBtn),
		s.conflictsBox,
		widget.NewSeparator(),
		heading(env.T("sharing.people.heading")),
		s.peersBox,
		widget.NewSeparator(),
		addSection,
		widget.NewSeparator(),
		cardSection,
	)
	s.share = newShareForm(s)
	s.open = newOpenPanel(s)
	s.root = container.NewStack(s.home)
}

func (s *sharingScreen) Content() fyne.CanvasObject { return s.root }

func (s *sharingScreen) Shown(filter any) {
	if s.env.Session == nil {
		return
	}
	s.showHome()
	if req, ok := filter.(shareContacts); ok { // from the contacts' Export… (contacts_io.go)
		s.shareContacts(req.ids)
	}
	if req, ok := filter.(shareEventsRequest); ok { // from the events' Export to calendar… (events_io.go)
		s.shareEvents(req.ids)
	}
}

func (s *sharingScreen) NewItem()     { s.showShare() }
func (s *sharingScreen) FocusSearch() {}

func (s *sharingScreen) Teardown() {
	if s.phraseDialog != nil {
		s.phraseDialog.Hide()
	}
	s.cardLine, s.phrase, s.phrasePeer = "", "", nil
	s.peers, s.conflicts = nil, nil
	s.share.reset()
	s.open.reset()
	s.root.Objects = nil
}

// showError shows one translated line for a sharing error, or passes
// other errors to the shell.
func (s *sharingScreen) explain(err error) (string, bool) {
	if m, ok := app.ExplainSharing(err); ok {
		return s.env.T(m.ID, m.Args), true
	}
	return "", false
}

func (s *sharingScreen) setView(o fyne.CanvasObject) {
	s.root.Objects = []fyne.CanvasObject{o}
	s.root.Refresh()
}

func (s *sharingScreen) showHome() {
	s.refreshCard()
	s.reloadPeers()
	s.reloadConflicts()
	s.setView(s.home)
}

// refreshCard shows my card line, creating the sharing identity if this
// vault has none yet.
func (s *sharingScreen) refreshCard() {
	sess := s.env.Session
	if sess == nil {
		return
	}
	_, err := app.LoadIdentity(s.ctx(), sess.Store())
	created := errors.Is(err, app.ErrNoIdentity)
	card, err := app.MyCard(s.ctx(), sess, strings.TrimSpace(s.nameHint.Text))
	if err != nil {
		if !errors.Is(err, identity.ErrCard) {
			s.env.ShowError(err)
		}
		return
	}
	if created {
		s.env.Changed()
	}
	s.cardLine = card.String()
	s.cardText.SetText(s.cardLine)
	s.myFP.SetText(s.env.T("sharing.card.fingerprint", map[string]any{"Fingerprint": card.Fingerprint().Display()}))
	s.showCardQR(card)
}

// showCardQR shows my card as a QR code with its caption (hidden if the
// code cannot be made).
func (s *sharingScreen) showCardQR(card identity.Card) {
	png, fpOnly, err := identity.CardQR(card, 440)
	if err != nil {
		s.qrBox.Hide()
		return
	}
	s.cardQR.Resource = fyne.NewStaticResource("card-qr.png", png)
	s.cardQR.Refresh()
	if fpOnly {
		s.qrText.SetText(s.env.T("sharing.card.qr_fingerprint_only"))
	} else {
		s.qrText.SetText(s.env.T("sharing.card.qr_caption"))
	}
	s.qrBox.Show()
}

// peerStatus is the word for a peer's state (used with an icon).
func (s *sharingScreen) peerStatus(p *store.Peer) (string, fyne.Resource, widget.Importance) {
	return keyStatus(s.env, p)
}

// keyStatus is the word, icon and importance for a trusted person's key
// state (the Sharing screen and the contact detail show the same).
func keyStatus(env *Env, p *store.Peer) (string, fyne.Resource, widget.Importance) {
	switch {
	case p.KeyChanged:
		return env.T("sharing.status.changed"), theme.WarningIcon(), widget.DangerImportance
	case p.Verified:
		return env.T("sharing.status.verified"), theme.ConfirmIcon(), widget.SuccessImportance
	}
	return env.T("sharing.status.unverified"), theme.QuestionIcon(), widget.MediumImportance
}

// sortPeers puts verified people first, then by name.
func sortPeers(ps []*store.Peer) {
	rank := func(p *store.Peer) int {
		if p.Verified && !p.KeyChanged {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(ps, func(a, b *store.Peer) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

func (s *sharingScreen) reloadPeers() {
	ps, err := s.env.Session.Store().Peers().List(s.ctx())
	if err != nil {
		s.env.ShowError(err)
		return
	}
	sortPeers(ps)
	s.peers = ps
	s.peersBox.Objects = nil
	if len(ps) == 0 {
		s.peersBox.Add(paragraph(s.env.T("sharing.people.empty")))
	}
	for _, p := range ps {
		word, icon, imp := s.peerStatus(p)
		status := widget.NewLabel(word)
		status.Importance = imp
		status.TextStyle = fyne.TextStyle{Bold: p.KeyChanged}
		name := widget.NewLabel(p.Name)
		name.Truncation = fyne.TextTruncateEllipsis
		compare := widget.NewButton(s.env.T("sharing.people.compare"), func() { s.comparePhrase(p.ContactID) })
		row := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewIcon(icon), status, compare), name)
		s.peersBox.Add(row)
		if p.KeyChanged {
			s.peersBox.Add(warnRow(s.env.T("sharing.people.changed_warning", map[string]any{"Name": p.Name})))
		}
	}
	s.peersBox.Refresh()
}

// previewCard parses the pasted card and offers where to attach it.
func (s *sharingScreen) previewCard() {
	setErrorLine(s.addErrRow, s.addErr, "")
	s.added.Hide()
	card, err := identity.ParseCard(strings.TrimSpace(s.cardIn.Text))
	if err != nil {
		msg, _ := s.explain(err)
		if msg == "" {
			msg = s.env.T("error.bundle_card_invalid")
		}
		setErrorLine(s.addErrRow, s.addErr, msg)
		s.addBox.Hide()
		return
	}
	hint := card.Name
	if hint == "" {
		hint = s.env.T("sharing.add.no_name")
	}
	s.cardPreview.SetText(s.env.T("sharing.add.preview", map[string]any{"Name": hint, "Fingerprint": card.Fingerprint().Display()}))
	sums, err := s.env.Session.Store().Contacts().ListSummaries(s.ctx(), store.ContactFilter{})
	if err != nil {
		s.env.ShowError(err)
		return
	}
	opts := []string{s.env.T("sharing.add.new_contact", map[string]any{"Name": hint})}
	s.targetIDs = []string{""}
	for _, c := range sums {
		opts = append(opts, c.Name)
		s.targetIDs = append(s.targetIDs, c.ID)
	}
	s.addTarget.SetOptions(opts)
	s.addTarget.SetSelectedIndex(0)
	s.addBox.Show()
}

// doAddPeer adds the previewed card to the chosen contact.
func (s *sharingScreen) doAddPeer() {
	target := ""
	if i := s.addTarget.SelectedIndex(); i > 0 && i < len(s.targetIDs) {
		target = s.targetIDs[i]
	}
	p, err := app.AddPeer(s.ctx(), s.env.Session, strings.TrimSpace(s.cardIn.Text), target)
	if err != nil {
		if msg, ok := s.explain(err); ok {
			setErrorLine(s.addErrRow, s.addErr, msg)
			return
		}
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.cardIn.SetText("")
	s.addBox.Hide()
	msg := s.env.T("sharing.add.done", map[string]any{"Name": p.Name})
	if p.KeyChanged {
		msg = s.env.T("sharing.people.changed_warning", map[string]any{"Name": p.Name})
	}
	s.added.SetText(msg)
	s.added.Show()
	s.reloadPeers()
}

// groupPhrase lays out the safety phrase in rows of two groups.
func groupPhrase(phrase string) string {
	groups := strings.Fields(phrase)
	var rows []string
	for i := 0; i < len(groups); i += 2 {
		rows = append(rows, strings.Join(groups[i:min(i+2, len(groups))], "   "))
	}
	return strings.Join(rows, "\n")
}

// comparePhrase shows the safety phrase to compare with a trusted person.
func (s *sharingScreen) comparePhrase(contactID string) {
	d := showSafetyPhrase(s.env, contactID, s.reloadPeers)
	if d == nil {
		return
	}
	s.phrase, s.phrasePeer = d.phrase, d.peer
	s.phraseDialog, s.verifyButton = d.dialog, d.verify
}

// phraseDialog is the open "Compare safety phrase" dialog.
type phraseDialog struct {
	phrase string
	peer   *store.Peer
	dialog dialog.Dialog
	// verify marks the person verified (nil when already verified).
	verify *widget.Button
}

// showSafetyPhrase shows the safety phrase to compare with the trusted
// person of the contact, with a button to mark them verified; onVerified
// (if not nil) runs after marking. The Sharing screen and the contact
// detail both use it. It returns nil after showing an error.
func showSafetyPhrase(env *Env, contactID string, onVerified func()) *phraseDialog {
	ctx := context.Background()
	phrase, p, err := app.SafetyPhrase(ctx, env.Session, contactID)
	if err != nil {
		env.ShowError(err)
		return nil
	}
	d := &phraseDialog{phrase: phrase, peer: p}
	var lines []fyne.CanvasObject
	for _, row := range strings.Split(groupPhrase(phrase), "\n") {
		t := canvas.NewText(row, theme.Color(theme.ColorNameForeground))
		t.TextSize = theme.TextSize() * 2
		t.TextStyle = fyne.TextStyle{Monospace: true}
		t.Alignment = fyne.TextAlignCenter
		lines = append(lines, t)
	}
	content := container.NewVBox(paragraph(env.T("sharing.compare.explain", map[string]any{"Name": p.Name})))
	if p.KeyChanged {
		content.Add(warnRow(env.T("sharing.people.changed_warning", map[string]any{"Name": p.Name})))
	}
	content.Add(container.NewVBox(lines...))
	if p.Verified && !p.KeyChanged {
		content.Add(paragraph(env.T("sharing.compare.already")))
	} else {
		d.verify = widget.NewButtonWithIcon(env.T("sharing.compare.mark"), theme.ConfirmIcon(), func() {
			if err := env.Session.Store().Peers().Verify(ctx, p.ContactID); err != nil {
				env.ShowError(err)
				return
			}
			env.Changed()
			d.dialog.Hide()
			if onVerified != nil {
				onVerified()
			}
		})
		d.verify.Importance = widget.HighImportance
		content.Add(container.NewCenter(d.verify))
	}
	d.dialog = dialog.NewCustom(env.T("sharing.compare.title", map[string]any{"Name": p.Name}), env.T("common.close"), rtlContent(env.Tr, content), env.Window)
	d.dialog.Resize(fyne.NewSize(480, 0))
	d.dialog.Show()
	return d
}

// --- Conflicts ----------------------------------------------------------

func (s *sharingScreen) reloadConflicts() {
	cs, err := s.env.Session.Store().Sync().Conflicts(s.ctx())
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.conflicts = cs
	s.conflictsBox.Objects = s.conflictRows()
	s.conflictsBox.Refresh()
	if s.open != nil {
		s.open.refreshConflicts()
	}
}

// conflictRows builds the rows of the pending conflicts, each with
// "keep mine" and "keep theirs".
func (s *sharingScreen) conflictRows() []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	if len(s.conflicts) > 0 {
		rows = append(rows, heading(s.env.T("sharing.conflicts.heading")), paragraph(s.env.T("sharing.conflicts.explain")))
	}
	for _, c := range s.conflicts {
		title := s.recordTitle(c.Kind, c.OriginalID)
		mine := widget.NewButton(s.env.T("sharing.conflicts.keep_mine"), func() { s.resolve(c, true) })
		theirs := widget.NewButton(s.env.T("sharing.conflicts.keep_theirs"), func() { s.resolve(c, false) })
		l := widget.NewLabel(s.kindTitle(c.Kind, title))
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewHBox(mine, theirs), l))
	}
	return rows
}

func (s *sharingScreen) kindTitle(k store.Kind, title string) string {
	return s.env.T("sharing.kind."+string(k), map[string]any{"Title": shown(title)})
}

// recordTitle returns the name or title of a record ("" if unknown).
func (s *sharingScreen) recordTitle(k store.Kind, id string) string {
	st := s.env.Session.Store()
	switch k {
	case store.KindContact:
		if c, err := st.Contacts().Get(s.ctx(), id); err == nil {
			return c.Name
		}
	case store.KindEvent:
		if e, err := st.Events().Get(s.ctx(), id); err == nil {
			return e.Title
		}
	case store.KindTask:
		if t, err := st.Tasks().Get(s.ctx(), id); err == nil {
			return t.Title
		}
	case store.KindTutorial:
		if t, err := st.Tutorials().Get(s.ctx(), id); err == nil {
			return t.Title
		}
	}
	return ""
}

// resolve keeps my version or theirs of the conflict (see
// [app.ResolveConflict]) and shows the conflicts left.
func (s *sharingScreen) resolve(c store.Conflict, keepMine bool) {
	if err := app.ResolveConflict(s.ctx(), s.env.Session, c.CopyID, keepMine); err != nil {
		s.env.ShowError(err)
		s.reloadConflicts() // drop a row resolved elsewhere
		return
	}
	s.env.Changed()
	s.reloadConflicts()
}

// --- Share ----------------------------------------------------------------

// shareForm is the "Share…" view: what, to whom, then a summary and the
// save dialog.
type shareForm struct {
	s    *sharingScreen
	view fyne.CanvasObject

	events      []*event.Event
	eventChecks []*widget.Check
	eventsBox   *fyne.Container
	tutorials   []*tutorial.Tutorial
	tutChecks   []*widget.Check
	tutBox      *fyne.Container

	contactsOn    *widget.Check
	contactsPart  *fyne.Container
	contacts      []store.ContactSummary
	contactChecks []*widget.Check
	contactsBox   *fyne.Container
	inclChannels  *widget.Check
	inclNotes     *widget.Check

	how        *widget.RadioGroup
	peers      []*store.Peer
	peerChecks []*widget.Check
	peersBox   *fyne.Container
	passPart   *fyne.Container
	pass1      *widget.Entry
	pass2      *widget.Entry
	armor      *widget.Check

	errRow    *fyne.Container
	errLabel  *widget.Label
	summary   *widget.Label
	summaryUI *fyne.Container
	review    *widget.Button
	save      *widget.Button

	// workFactor is passed to the export (tests).
	workFactor int
}

func newShareForm(s *sharingScreen) *shareForm {
	env := s.env
	f := &shareForm{s: s}
	f.errRow, f.errLabel = newErrorLine()
	f.eventsBox = container.NewVBox()
	f.tutBox = container.NewVBox()
	f.contactsBox = container.NewVBox()
	f.inclChannels = widget.NewCheck(env.T("sharing.share.include_channels"), func(bool) { f.invalidate() })
	f.inclNotes = widget.NewCheck(env.T("sharing.share.include_notes"), func(bool) { f.invalidate() })
	f.contactsPart = container.NewVBox(warnRow(env.T("sharing.share.contacts_warning")), f.contactsBox, f.inclChannels, f.inclNotes)
	f.contactsPart.Hide()
	f.contactsOn = widget.NewCheck(env.T("sharing.share.contacts_on"), func(on bool) {
		if on {
			f.contactsPart.Show()
		} else {
			f.contactsPart.Hide()
		}
		f.invalidate()
	})

	f.peersBox = container.NewVBox()
	f.pass1 = widget.NewPasswordEntry()
	f.pass1.SetPlaceHolder(env.T("sharing.share.pass_placeholder"))
	f.pass2 = widget.NewPasswordEntry()
	f.pass2.SetPlaceHolder(env.T("sharing.share.pass_again"))
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
	})
	f.how.Required = true
	f.how.SetSelected(people)
	f.armor = widget.NewCheck(env.T("sharing.share.armor"), func(bool) { f.invalidate() })

	f.summary = paragraph("")
	f.save = widget.NewButtonWithIcon(env.T("sharing.share.save"), theme.DocumentSaveIcon(), f.chooseSaveFile)
	f.save.Importance = widget.HighImportance
	f.summaryUI = container.NewVBox(heading(env.T("sharing.share.summary_heading")), f.summary, container.NewHBox(f.save))
	f.summaryUI.Hide()
	f.review = widget.NewButton(env.T("sharing.share.review"), f.showSummary)
	f.review.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), s.showHome)

	f.view = container.NewVBox(
		container.NewHBox(back),
		screenTitle(env.T("sharing.share.title")),
		heading(env.T("sharing.share.what")),
		widget.NewLabelWithStyle(env.T("sharing.share.events"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		f.eventsBox,
		widget.NewLabelWithStyle(env.T("sharing.share.tutorials"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		f.tutBox,
		f.contactsOn, f.contactsPart,
		widget.NewSeparator(),
		heading(env.T("sharing.share.who")),
		f.how, f.peersBox, f.passPart,
		f.armor,
		f.errRow,
		container.NewHBox(f.review),
		f.summaryUI,
	)
	return f
}

func (s *sharingScreen) showShare() {
	if s.env.Session == nil {
		return
	}
	if err := s.share.load(); err != nil {
		s.env.ShowError(err)
		return
	}
	s.setView(s.share.view)
}

// reset drops the form's data.
func (f *shareForm) reset() {
	f.events, f.tutorials, f.contacts, f.peers = nil, nil, nil, nil
	f.eventChecks, f.tutChecks, f.contactChecks, f.peerChecks = nil, nil, nil, nil
	f.eventsBox.Objects, f.tutBox.Objects, f.contactsBox.Objects, f.peersBox.Objects = nil, nil, nil, nil
	f.pass1.SetText("")
	f.pass2.SetText("")
	f.summary.SetText("")
}

// load fills the checklists from the store.
func (f *shareForm) load() error {
	f.reset()
	env, ctx := f.s.env, f.s.ctx()
	st := env.Session.Store()
	evs, err := st.Events().List(ctx, store.EventFilter{Upcoming: true, Now: env.Now()})
	if err != nil {
		return err
	}
	f.events = evs
	for _, e := range evs {
		c := widget.NewCheck(env.T("sharing.share.event_item", map[string]any{"Title": e.Title, "Date": env.Tr.Date(e.Start.In(e.Zone()))}), func(bool) { f.invalidate() })
		f.eventChecks = append(f.eventChecks, c)
		f.eventsBox.Add(c)
	}
	if len(evs) == 0 {
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
		c := widget.NewCheck(t.Title, func(bool) { f.invalidate() })
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
	f.contacts = sums
	for _, c := range sums {
		ch := widget.NewCheck(c.Name, func(bool) { f.invalidate() })
		f.contactChecks = append(f.contactChecks, ch)
		f.contactsBox.Add(ch)
	}
	ps, err := st.Peers().List(ctx)
	if err != nil {
		return err
	}
	sortPeers(ps)
	f.peers = ps
	for _, p := range ps {
		label := p.Name
		if word, _, _ := f.s.peerStatus(p); !p.Verified || p.KeyChanged {
			label = env.T("sharing.share.person_marked", map[string]any{"Name": p.Name, "Status": word})
		} else {
			label = env.T("sharing.share.person_verified", map[string]any{"Name": p.Name})
		}
		c := widget.NewCheck(label, func(bool) { f.invalidate() })
		f.peerChecks = append(f.peerChecks, c)
		f.peersBox.Add(c)
	}
	if len(ps) == 0 {
		f.peersBox.Add(paragraph(env.T("sharing.share.no_people")))
	}
	f.eventsBox.Refresh()
	f.tutBox.Refresh()
	f.contactsBox.Refresh()
	f.peersBox.Refresh()
	f.invalidate()
	return nil
}

// invalidate hides a summary that no longer matches the choices.
func (f *shareForm) invalidate() {
	setErrorLine(f.errRow, f.errLabel, "")
	if f.summaryUI != nil {
		f.summaryUI.Hide()
	}
}

func (f *shareForm) usePassphrase() bool {
	return f.how.Selected == f.s.env.T("sharing.share.to_passphrase")
}

// request builds the export request from the form, or returns the
// translated reason it cannot.
func (f *shareForm) request() (app.ExportRequest, string) {
	env := f.s.env
	req := app.ExportRequest{Armor: f.armor.Checked, WorkFactor: f.workFactor}
	for i, c := range f.eventChecks {
		if c.Checked {
			req.Selection.Events = append(req.Selection.Events, f.events[i].ID)
		}
	}
	for i, c := range f.tutChecks {
		if c.Checked {
			req.Selection.Tutorials = append(req.Selection.Tutorials, f.tutorials[i].ID)
		}
	}
	if f.contactsOn.Checked {
		for i, c := range f.contactChecks {
			if c.Checked {
				req.Selection.Contacts = append(req.Selection.Contacts, f.contacts[i].ID)
			}
		}
		req.Selection.IncludeChannels = f.inclChannels.Checked
		req.Selection.IncludeNotes = f.inclNotes.Checked
	}
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

// summaryText says what is shared, with whom, and what is left out.
func (f *shareForm) summaryText(req app.ExportRequest) string {
	env := f.s.env
	var b strings.Builder
	b.WriteString(env.T("sharing.share.summary_counts", map[string]any{"Events": len(req.Selection.Events),
		"Tutorials": len(req.Selection.Tutorials), "Contacts": len(req.Selection.Contacts)}))
	b.WriteString("\n")
	if req.Passphrase != "" {
		b.WriteString(env.T("sharing.share.summary_passphrase"))
	} else {
		var names []string
		for i, c := range f.peerChecks {
			if c.Checked {
				p := f.peers[i]
				if p.Verified && !p.KeyChanged {
					names = append(names, p.Name)
				} else {
					word, _, _ := f.s.peerStatus(p)
					names = append(names, env.T("sharing.share.person_marked", map[string]any{"Name": p.Name, "Status": word}))
				}
			}
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

// showSummary checks the choices and shows the summary and Save button.
func (f *shareForm) showSummary() {
	req, problem := f.request()
	if problem != "" {
		setErrorLine(f.errRow, f.errLabel, problem)
		f.summaryUI.Hide()
		return
	}
	setErrorLine(f.errRow, f.errLabel, "")
	f.summary.SetText(f.summaryText(req))
	f.summaryUI.Show()
}

// exportTo seals the chosen bundle and writes it to w.
func (f *shareForm) exportTo(w io.Writer) (*app.Exported, error) {
	req, problem := f.request()
	if problem != "" {
		return nil, errors.New(problem)
	}
	ex, err := app.Export(f.s.ctx(), f.s.env.Session, req)
	if err != nil {
		return nil, err
	}
	f.s.env.Changed()
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
		_, err = f.exportTo(wc)
		cerr := wc.Close()
		if err == nil {
			err = cerr
		}
		if err != nil {
			if msg, ok := f.s.explain(err); ok {
				setErrorLine(f.errRow, f.errLabel, msg)
				return
			}
			env.ShowError(err)
			return
		}
		f.savedDialog(wc.URI().Path())
	}, env.Window)
	d.SetFileName(bundle.FileName())
	d.Show()
}

// savedDialog says where the file is and that its name reveals nothing.
func (f *shareForm) savedDialog(path string) {
	env := f.s.env
	msg := env.T("sharing.share.saved", map[string]any{"Path": path})
	if f.armor.Checked {
		msg += "\n\n" + env.T("sharing.share.saved_armor")
	}
	d := dialog.NewCustom(env.T("sharing.share.saved_title"), env.T("common.ok"), rtlContent(env.Tr, paragraph(msg)), env.Window)
	d.Resize(fyne.NewSize(460, 0))
	d.SetOnClosed(f.s.showHome)
	d.Show()
}

// --- Open a shared file --------------------------------------------------

// openPanel is the "Open a shared file…" view: preview, then Import or
// Cancel, then the result and any conflicts.
type openPanel struct {
	s    *sharingScreen
	view fyne.CanvasObject

	data []byte
	in   *app.Inspection

	passRow   *fyne.Container
	pass      *widget.Entry
	sender    *widget.Label
	warnBox   *fyne.Container
	trust     *widget.Check
	contents  *widget.Label
	changes   *widget.Label
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
	o.pass = widget.NewPasswordEntry()
	o.pass.OnSubmitted = func(string) { o.retryWithPassphrase() }
	o.passRow = container.NewVBox(paragraph(env.T("sharing.open.need_passphrase")),
		container.NewBorder(nil, nil, nil, widget.NewButton(env.T("sharing.open.unlock"), o.retryWithPassphrase), o.pass))
	o.passRow.Hide()
	o.work = newFileWork(env)
	o.sender = paragraph("")
	o.warnBox = container.NewVBox()
	o.trust = widget.NewCheck("", func(bool) { o.updateImport() })
	o.trust.Hide()
	o.contents = paragraph("")
	o.changes = paragraph("")
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
		data, err := readLimited(rc)
		rc.Close()
		s.openData(data, err)
	}, s.env.Window)
	d.Show()
}

// readLimited reads a bundle, refusing oversized files.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, bundle.DefaultLimits.File+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > bundle.DefaultLimits.File {
		return nil, bundle.ErrTooLarge
	}
	return data, nil
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
	o.passRow.Hide()
	o.sender.SetText("")
	o.warnBox.Objects = nil
	o.warnBox.Refresh()
	o.trust.SetChecked(false)
	o.trust.Hide()
	o.contents.SetText("")
	o.changes.SetText("")
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
	opts := app.ImportOptions{Passphrase: o.pass.Text}
	sess, data := env.Session, o.data
	o.importBtn.Disable()
	o.work.start(env.T("sharing.open.checking"), func(ctx context.Context) func() {
		in, err := app.PreviewImport(ctx, sess, data, opts)
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
	if errors.Is(err, bundle.ErrNeedPassphrase) {
		o.passRow.Show()
		if o.pass.Text != "" {
			o.fail(err)
		}
		o.importBtn.Disable()
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
		o.sender.SetText(env.T("sharing.open.from", map[string]any{"Name": in.Sender.Name, "Status": word}))
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
	if pl := in.Plan; pl != nil {
		o.changes.SetText(o.planText(pl))
	}
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

// planText lists the counts and the items by what happens to them.
func (o *openPanel) planText(pl *bundle.Plan) string {
	env := o.s.env
	var b strings.Builder
	b.WriteString(env.T("sharing.open.plan", map[string]any{"New": pl.Count(bundle.New), "Changed": pl.Count(bundle.Changed),
		"Conflicts": pl.Count(bundle.Conflict), "Deleted": pl.Count(bundle.Deleted)}))
	for _, a := range []bundle.Action{bundle.New, bundle.Changed, bundle.Conflict, bundle.Deleted} {
		var lines []string
		for _, it := range pl.Items {
			if it.Action == a {
				lines = append(lines, "• "+o.s.kindTitle(it.Kind, it.Title))
			}
		}
		if len(lines) > 0 {
			b.WriteString("\n\n" + env.T("sharing.open.action."+string(a)) + "\n" + strings.Join(lines, "\n"))
		}
	}
	return b.String()
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
func (o *openPanel) imported(pl *bundle.Plan, err error) {
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
	o.result.SetText(env.T("sharing.open.done", map[string]any{"New": pl.Count(bundle.New), "Changed": pl.Count(bundle.Changed),
		"Conflicts": pl.Count(bundle.Conflict), "Deleted": pl.Count(bundle.Deleted)}))
	o.result.Show()
	o.data = nil
	o.offerMove()
	o.s.reloadConflicts()
}

// refreshConflicts mirrors the pending conflicts under the import result.
func (o *openPanel) refreshConflicts() {
	o.conflicts.Objects = nil
	if o.result.Visible() {
		o.conflicts.Objects = o.s.conflictRows()
	}
	o.conflicts.Refresh()
}
