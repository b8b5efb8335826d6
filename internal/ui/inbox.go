package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
)

// inboxInterval is how often the main window looks at the inbox folder.
const inboxInterval = 10 * time.Second

// inboxState is what the main window knows about the inbox folder: the
// files already examined and the ones waiting for review.
type inboxState struct {
	dir     string
	last    time.Time
	seen    map[string]bool
	pending []app.InboxItem

	banner *fyne.Container // added to the top area on first use
	label  *widget.Label
	review *widget.Button
}

// checkInbox looks for new shared files in the inbox folder at most every
// inboxInterval while the vault is unlocked and the inbox is on. The
// shell's ticker calls it; tests call it directly.
func (m *mainWindow) checkInbox(now time.Time) {
	prefs := m.s.prefs
	if m.env.Session == nil || !prefs.InboxEnabled() || prefs.InboxDir() == "" {
		return
	}
	ib := &m.inbox
	dir := prefs.InboxDir()
	if dir != ib.dir {
		ib.dir, ib.seen, ib.pending, ib.last = dir, map[string]bool{}, nil, time.Time{}
	}
	if !ib.last.IsZero() && now.Sub(ib.last) < inboxInterval && now.After(ib.last) {
		return
	}
	ib.last = now
	if ib.seen == nil {
		ib.seen = map[string]bool{}
	}
	items, err := app.ScanInbox(context.Background(), m.env.Session, dir, ib.seen)
	if err != nil || len(items) == 0 {
		return
	}
	ib.pending = append(ib.pending, items...)
	m.showInboxBanner()
}

// showInboxBanner shows or hides the "new shared files" line.
func (m *mainWindow) showInboxBanner() {
	ib := &m.inbox
	tr := m.s.tr
	if ib.banner == nil {
		if len(ib.pending) == 0 {
			return
		}
		ib.label = widget.NewLabel("")
		ib.label.Wrapping = fyne.TextWrapWord
		ib.review = widget.NewButtonWithIcon(tr.T("sharing.inbox.review"), theme.MailComposeIcon(), m.reviewInbox)
		ib.review.Importance = widget.HighImportance
		ib.banner = container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.InfoIcon())),
			container.NewVBox(ib.review), ib.label)
		m.top.Add(ib.banner)
	}
	if len(ib.pending) == 0 {
		ib.banner.Hide()
		return
	}
	ib.label.SetText(tr.N("sharing.inbox.banner", len(ib.pending)))
	ib.banner.Show()
}

// reviewInbox opens the first waiting file on the Sharing screen.
func (m *mainWindow) reviewInbox() {
	ib := &m.inbox
	if len(ib.pending) == 0 || m.env.Session == nil {
		return
	}
	it := ib.pending[0]
	ib.pending = ib.pending[1:]
	m.showInboxBanner()
	m.s.touch()
	m.navigate(ScreenSharing, nil)
	if s, ok := m.screens[ScreenSharing].(*sharingScreen); ok {
		s.openInboxItem(ib.dir, it.Name)
	}
}

// openInboxItem previews the file name of the inbox folder dir; after an
// import or Cancel the panel offers to move it to the processed folder.
func (s *sharingScreen) openInboxItem(dir, name string) {
	data, err := app.ReadInboxFile(dir, name)
	s.openData(data, err)
	s.open.inboxDir, s.open.inboxName = dir, name
}

// offerMove shows the "Move to processed" choice for an inbox file.
func (o *openPanel) offerMove() {
	if o.inboxName == "" {
		return
	}
	o.moveBtn.Enable()
	o.moveBtn.Show()
	o.moveNote.SetText(o.s.env.T("sharing.inbox.prompt"))
	o.moveNote.Show()
	o.moveBox.Show()
}

// moveProcessed moves the inbox file into the processed folder.
func (o *openPanel) moveProcessed() {
	if o.inboxName == "" {
		return
	}
	if err := app.MoveProcessed(o.inboxDir, o.inboxName); err != nil {
		o.s.env.ShowError(err)
		return
	}
	o.inboxDir, o.inboxName = "", ""
	o.moveBtn.Hide()
	o.moveNote.SetText(o.s.env.T("sharing.inbox.moved"))
}

// cancel leaves the open view; for an inbox file it first offers to move
// the file aside.
func (o *openPanel) cancel() {
	if o.inboxName != "" && !o.moveBox.Visible() {
		o.importBtn.Hide()
		o.trust.Hide()
		o.data = nil
		o.offerMove()
		return
	}
	o.reset()
	o.s.showHome()
}
