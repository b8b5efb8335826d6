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

// scanInbox scans the inbox folder; tests replace it to hold a scan
// midway.
var scanInbox = app.ScanInboxProgress

// inboxState is what the main window knows about the inbox folder: the
// files already examined and the ones waiting for review.
type inboxState struct {
	dir     string
	last    time.Time
	seen    map[string]bool
	pending []app.InboxItem

	// scan is the scan running off the UI thread (nil when none); its
	// result is dropped when it is no longer this one (stopped, locked).
	scan *inboxScan

	banner   *fyne.Container // added to the top area on first use
	label    *widget.Label
	unknown  *widget.Label // how many pending files are from strangers
	review   *widget.Button
	progress *widget.ProgressBarInfinite
	stop     *widget.Button
}

// inboxScan is one scan of the inbox folder.
type inboxScan struct {
	cancel      context.CancelFunc
	done, total int
}

// checkInbox looks for new shared files in the inbox folder at most every
// inboxInterval while the vault is unlocked and the inbox is on. The scan
// runs off the UI thread (a shell task): it only decrypts each new file
// and reads its signed manifest, never a payload, and while it looks at
// new files the banner says so, with a Stop button. The shell's ticker
// calls it; tests call it directly and wait for the shell's tasks.
func (m *mainWindow) checkInbox(now time.Time) {
	prefs := m.s.prefs
	if m.env.Session == nil || !prefs.InboxEnabled() || prefs.InboxDir() == "" {
		return
	}
	ib := &m.inbox
	dir := prefs.InboxDir()
	if dir != ib.dir {
		m.stopInboxScan()
		ib.dir, ib.seen, ib.pending, ib.last = dir, map[string]bool{}, nil, time.Time{}
	}
	if ib.scan != nil {
		return // one scan at a time
	}
	if !ib.last.IsZero() && now.Sub(ib.last) < inboxInterval && now.After(ib.last) {
		return
	}
	ib.last = now
	if ib.seen == nil {
		ib.seen = map[string]bool{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	scan := &inboxScan{cancel: cancel}
	ib.scan = scan
	sess, seen := m.env.Session, ib.seen
	m.s.goTask(func() {
		progress := func(done, total int) {
			fyne.Do(func() {
				if m.inbox.scan == scan && done < total {
					scan.done, scan.total = done, total
					m.showInboxBanner()
				}
			})
		}
		items, err := scanInbox(ctx, sess, dir, seen, progress)
		fyne.Do(func() {
			if m.inbox.scan != scan {
				return // stopped, locked, or another folder since
			}
			m.inbox.scan = nil
			cancel()
			if err == nil {
				m.inbox.pending = append(m.inbox.pending, items...)
			}
			m.showInboxBanner()
		})
	})
}

// stopInboxScan stops the running scan, if any: the files it found stay
// in the folder (and count as seen), to be opened by hand.
func (m *mainWindow) stopInboxScan() {
	ib := &m.inbox
	if ib.scan == nil {
		return
	}
	ib.scan.cancel()
	ib.scan = nil
	m.showInboxBanner()
}

// showInboxBanner shows or hides the inbox line: the progress of a scan,
// or how many new shared files wait (and how many are from someone the
// user does not know).
func (m *mainWindow) showInboxBanner() {
	ib := &m.inbox
	tr := m.s.tr
	scanning := ib.scan != nil && ib.scan.total > 0
	if ib.banner == nil {
		if len(ib.pending) == 0 && !scanning {
			return
		}
		ib.label = widget.NewLabel("")
		ib.label.Wrapping = fyne.TextWrapWord
		ib.unknown = widget.NewLabel("")
		ib.unknown.Wrapping = fyne.TextWrapWord
		ib.unknown.Importance = widget.WarningImportance
		ib.progress = widget.NewProgressBarInfinite()
		ib.review = widget.NewButtonWithIcon(tr.T("sharing.inbox.review"), theme.MailComposeIcon(), m.reviewInbox)
		ib.review.Importance = widget.HighImportance
		ib.stop = widget.NewButtonWithIcon(tr.T("sharing.inbox.stop"), theme.CancelIcon(), m.stopInboxScan)
		ib.banner = container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.InfoIcon())),
			container.NewVBox(ib.review, ib.stop), container.NewVBox(ib.label, ib.unknown, ib.progress))
		m.top.Add(ib.banner)
	}
	if scanning {
		ib.label.SetText(tr.T("sharing.inbox.checking", map[string]any{"Done": ib.scan.done + 1, "Total": ib.scan.total}))
		ib.unknown.Hide()
		ib.review.Hide()
		ib.stop.Show()
		ib.progress.Show()
		ib.progress.Start()
		ib.banner.Show()
		return
	}
	ib.progress.Stop()
	ib.progress.Hide()
	ib.stop.Hide()
	ib.review.Show()
	if len(ib.pending) == 0 {
		ib.banner.Hide()
		return
	}
	ib.label.SetText(tr.N("sharing.inbox.banner", len(ib.pending)))
	strangers := 0
	for _, it := range ib.pending {
		if it.UnknownSender {
			strangers++
		}
	}
	ib.unknown.SetText(tr.T("sharing.inbox.unknown", "Count", strangers))
	ib.unknown.Hidden = strangers == 0
	ib.banner.Show()
	ib.banner.Refresh()
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
