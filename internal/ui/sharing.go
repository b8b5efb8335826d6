package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/store"
)

// sharingScreen is the Sharing page: my contact card, trusted people
// (adding, comparing safety phrases), sharing a file and opening one. It
// shows one of two views: home (sharing_card.go, sharing_peers.go,
// sharing_conflicts.go) or the open panel that previews and imports a
// received file (open_panel.go). Sharing a file is a dialog over home
// (shareForm, share_flow.go); comparing safety phrases is another
// (safety_phrase.go).
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

// explain returns the one translated line for a sharing error (app.Explain
// with app.TopicShared) and true, or false for any other error, which the
// caller passes on to the shell (Env.ShowError).
func (s *sharingScreen) explain(err error) (string, bool) {
	if m := app.Explain(err); m.Topic == app.TopicShared {
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
