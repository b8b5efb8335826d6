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
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/store"
)

func init() { screenFactories[ScreenSharing] = newSharingScreen }

// sharingScreen is the Sharing page: my contact card, trusted people
// (adding, comparing safety phrases), sharing a file and opening one. It
// switches between three views: home, share and open.
type sharingScreen struct {
	env  *Env
	root *fyne.Container
	home fyne.CanvasObject

	// My card: the QR code and the fingerprint lead; the long card line
	// is copied with a button and shown only on request.
	nameHint *textField
	cardText *widget.Label
	cardLine string
	myFP     *widget.Label
	copyCard *widget.Button
	showText *widget.Button // shows or hides cardText
	cardQR   *canvas.Image
	qrText   *widget.Label
	qrBox    *fyne.Container

	// Add a trusted person.
	cardIn      *textField
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
	l := widget.NewLabel(shown(text))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, l)
}

func (s *sharingScreen) build() {
	env := s.env
	s.nameHint = newTextField()
	s.nameHint.SetPlaceHolder(env.T("sharing.card.name_placeholder"))
	s.nameHint.OnChanged = func(string) { s.refreshCard() }
	s.cardText = widget.NewLabel("")
	s.cardText.Wrapping = fyne.TextWrapBreak
	s.cardText.Selectable = true
	s.cardText.TextStyle = fyne.TextStyle{Monospace: true}
	s.cardText.Hide()
	s.myFP = widget.NewLabel("")
	s.myFP.TextStyle = fyne.TextStyle{Monospace: true}
	s.myFP.SizeName = theme.SizeNameSubHeadingText
	s.copyCard = widget.NewButtonWithIcon(env.T("sharing.card.copy"), theme.ContentCopyIcon(), func() {
		if s.cardLine != "" && env.Clipboard != nil {
			env.Clipboard.Copy(s.cardLine)
		}
	})
	s.copyCard.Importance = widget.HighImportance
	s.showText = widget.NewButtonWithIcon(env.T("sharing.card.show_text"), theme.VisibilityIcon(), s.toggleCardText)
	s.cardQR = canvas.NewImageFromResource(nil)
	s.cardQR.FillMode = canvas.ImageFillContain
	s.cardQR.SetMinSize(fyne.NewSize(220, 220))
	s.qrText = widget.NewLabel("")
	s.qrText.Wrapping = fyne.TextWrapWord
	s.qrBox = container.NewVBox(s.cardQR, s.qrText)
	s.qrBox.Hide()
	fpTitle := widget.NewLabelWithStyle(env.T("sharing.card.fingerprint_label"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	beside := container.NewVBox(fpTitle, s.myFP,
		formField(env.T("sharing.card.name_label"), s.nameHint, newFieldError()),
		container.NewHBox(s.copyCard, s.showText))
	cardSection := container.NewVBox(
		heading(env.T("sharing.card.heading")),
		paragraph(env.T("sharing.card.explain")),
		container.NewBorder(nil, nil, container.New(&fixedWidth{width: 220}, s.qrBox), nil, beside),
		s.cardText,
	)

	s.cardIn = newMultiLineTextField()
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
	if s.share != nil {
		s.share.close()
		s.share = nil
	}
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
	id, err := app.LoadIdentity(s.ctx(), sess.Store())
	id.Destroy()
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
	s.myFP.SetText(fingerprintRows(card.Fingerprint().Display()))
	s.showCardQR(card)
}

// fingerprintRows lays a fingerprint's groups out four to a row, for
// reading aloud.
func fingerprintRows(display string) string {
	groups := strings.Fields(display)
	var rows []string
	for i := 0; i < len(groups); i += 4 {
		rows = append(rows, strings.Join(groups[i:min(i+4, len(groups))], " "))
	}
	return strings.Join(rows, "\n")
}

// toggleCardText shows or hides the long card line under the card.
func (s *sharingScreen) toggleCardText() {
	if s.cardText.Visible() {
		s.cardText.Hide()
		s.showText.SetText(s.env.T("sharing.card.show_text"))
		s.showText.SetIcon(theme.VisibilityIcon())
	} else {
		s.cardText.Show()
		s.showText.SetText(s.env.T("sharing.card.hide_text"))
		s.showText.SetIcon(theme.VisibilityOffIcon())
	}
	s.root.Refresh()
}

// fixedWidth lays its objects out one above the other at a fixed width
// (the QR code and its caption, which would otherwise wrap after every
// word beside the card's other parts).
type fixedWidth struct{ width float32 }

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(l.width, max(size.Height, o.MinSize().Height)))
	}
}

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for _, o := range objs {
		if o.Visible() {
			size = fyne.NewSize(l.width, max(size.Height, o.MinSize().Height))
		}
	}
	return size
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
		name := widget.NewLabel(shown(p.Name))
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
	s.added.SetText(shown(msg))
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
	d.dialog = dialog.NewCustom(env.T("sharing.compare.title", map[string]any{"Name": shown(p.Name)}), env.T("common.close"), rtlContent(env.Tr, content), env.Window)
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
		o.changes.SetText(env.T("sharing.open.plan", map[string]any{"New": pl.Count(bundle.New), "Changed": pl.Count(bundle.Changed),
			"Conflicts": pl.Count(bundle.Conflict), "Deleted": pl.Count(bundle.Deleted)}))
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
