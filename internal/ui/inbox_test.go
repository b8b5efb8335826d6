package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/merge"
)

// TestInboxReviewImportMove: a bundle from a second vault dropped into
// the inbox folder is announced, previewed, imported and moved aside.
func TestInboxReviewImportMove(t *testing.T) {
	s, clk, _ := unlocked(t)
	ctx := context.Background()

	// Off by default: nothing is scanned.
	inbox := t.TempDir()
	s.prefs.SetInboxDir(inbox)
	if s.prefs.InboxEnabled() {
		t.Fatal("inbox on by default")
	}

	// Settings turns it on.
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	if st.inboxOn.Checked || !st.inboxPick.Disabled() || st.inboxPath.Text != inbox {
		t.Fatalf("settings: on %v, path %q", st.inboxOn.Checked, st.inboxPath.Text)
	}
	test.Tap(st.inboxOn)
	if !s.prefs.InboxEnabled() || st.inboxPick.Disabled() {
		t.Fatal("inbox not enabled from Settings")
	}
	st.setInboxDir(inbox)
	s.main.navigate(ScreenDashboard, nil)

	// A second vault that knows this one exports an event to it.
	other, err := app.Create(filepath.Join(t.TempDir(), "other"), []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	card, err := app.MyCard(ctx, s.session, "Me")
	if err != nil {
		t.Fatal(err)
	}
	peer, err := app.AddPeer(ctx, other, card.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	ev := &event.Event{Title: "Inbox party", Start: clk.Now().Add(72 * time.Hour), TimeZone: "UTC", Status: event.StatusPlanned}
	if err := other.Store().Events().Add(ctx, ev); err != nil {
		t.Fatal(err)
	}
	ex, err := app.Export(ctx, other, app.ExportRequest{Selection: merge.Selection{Events: []string{ev.ID}}, To: []string{peer.ContactID}})
	if err != nil {
		t.Fatal(err)
	}

	s.main.checkInbox(clk.Now())
	waitTasks(t, s)
	if s.main.inbox.banner != nil && s.main.inbox.banner.Visible() {
		t.Fatal("banner for an empty inbox")
	}
	if err := os.WriteFile(filepath.Join(inbox, ex.Name), ex.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "notes.txt"), []byte("not a bundle"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Within the interval nothing is scanned.
	clk.advance(time.Second)
	s.main.checkInbox(clk.Now())
	waitTasks(t, s)
	if s.main.inbox.banner != nil && s.main.inbox.banner.Visible() {
		t.Fatal("scanned before the interval")
	}
	clk.advance(inboxInterval)
	s.main.checkInbox(clk.Now())
	waitTasks(t, s)
	ib := &s.main.inbox
	want := "1 new shared file in your inbox"
	if ib.banner == nil || !ib.banner.Visible() || ib.label.Text != want {
		t.Fatalf("banner = %v", ib.label)
	}
	if !containsText(canvasTexts(s.win.Canvas()), want) || ib.review.Text != "Review" {
		t.Fatal("banner not drawn")
	}
	// The file is from someone this vault does not know: the banner says
	// so, and nothing of it was decoded (the scan reads manifests only).
	if ib.pending[0].UnknownSender != true || !ib.unknown.Visible() ||
		ib.unknown.Text != "From someone you don't know: 1. Nothing in those files is read until you open them." {
		t.Fatalf("unknown sender line: %q (visible %v)", ib.unknown.Text, ib.unknown.Visible())
	}
	// The same file is not announced twice.
	clk.advance(inboxInterval)
	s.main.checkInbox(clk.Now())
	waitTasks(t, s)
	if len(ib.pending) != 1 {
		t.Fatalf("pending = %d", len(ib.pending))
	}

	test.Tap(ib.review)
	waitTasks(t, s) // the file is opened off the UI thread
	if s.main.current != ScreenSharing || ib.banner.Visible() {
		t.Fatalf("review: screen %v, banner %v", s.main.current, ib.banner.Visible())
	}
	sh := s.main.screens[ScreenSharing].(*sharingScreen)
	o := sh.open
	if o.inboxName != ex.Name || o.in == nil {
		t.Fatalf("preview of %q: %v", o.inboxName, o.refusalL.Text)
	}
	if _, err := s.session.Store().Events().Get(ctx, ev.ID); err == nil {
		t.Fatal("imported by the preview")
	}
	// Unknown sender: the trust box must be ticked.
	if !o.trust.Visible() || !o.importBtn.Disabled() {
		t.Fatal("unknown sender not flagged")
	}
	test.Tap(o.trust)
	test.Tap(o.importBtn)
	waitTasks(t, s) // and imported off it
	if got, err := s.session.Store().Events().Get(ctx, ev.ID); err != nil || got.Title != "Inbox party" {
		t.Fatalf("event: %v %v", got, err)
	}
	if !o.moveBox.Visible() || !o.moveBtn.Visible() {
		t.Fatal("Move to processed not offered")
	}
	test.Tap(o.moveBtn)
	if o.moveBtn.Visible() || o.moveNote.Text != s.tr.T("sharing.inbox.moved") {
		t.Fatalf("after move: %q", o.moveNote.Text)
	}
	got := map[string]bool{}
	filepath.Walk(inbox, func(p string, _ os.FileInfo, err error) error {
		rel, _ := filepath.Rel(inbox, p)
		got[rel] = true
		return err
	})
	wantFiles := map[string]bool{".": true, "notes.txt": true, app.ProcessedDir: true,
		filepath.Join(app.ProcessedDir, ex.Name): true}
	if len(got) != len(wantFiles) {
		t.Fatalf("inbox holds %v", got)
	}
	for k := range wantFiles {
		if !got[k] {
			t.Fatalf("inbox holds %v", got)
		}
	}

	// Locking forgets the inbox state.
	s.lock()
	waitTasks(t, s)
	if s.main != nil {
		t.Fatal("not locked")
	}
}

// Cancel on an inbox file offers the move too.
func TestInboxCancelOffersMove(t *testing.T) {
	e := newScrEnv(t)
	sh := newTestSharing(t, e)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.age"), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	sh.openInboxItem(dir, "x.age")
	if !sh.open.refusal.Visible() {
		t.Fatal("garbage not refused")
	}
	sh.open.cancel()
	if !sh.open.moveBox.Visible() {
		t.Fatal("move not offered after cancel")
	}
	test.Tap(sh.open.moveBtn)
	if _, err := os.Stat(filepath.Join(dir, app.ProcessedDir, "x.age")); err != nil {
		t.Fatal(err)
	}
	sh.open.cancel()
	if sh.open.moveBox.Visible() || sh.open.inboxName != "" {
		t.Fatal("cancel did not leave")
	}
}

// TestInboxScanOffUIThreadAndStop: the inbox scan runs off the UI thread
// (checkInbox returns while the scan is held midway), the banner shows
// its progress with a Stop button, Stop drops the scan's result, and a
// lock stops a scan too.
func TestInboxScanOffUIThreadAndStop(t *testing.T) {
	s, clk, _ := unlocked(t)
	s.prefs.SetInboxDir(t.TempDir())
	s.prefs.SetInboxEnabled(true)
	reached, release := make(chan struct{}), make(chan struct{})
	var stopped bool
	orig := scanInbox
	scanInbox = func(ctx context.Context, _ *app.Session, _ string, _ map[string]bool, progress func(int, int)) ([]app.InboxItem, error) {
		progress(0, 2)
		close(reached)
		<-release
		stopped = ctx.Err() != nil
		return []app.InboxItem{{Name: "late.age"}}, nil
	}
	t.Cleanup(func() { scanInbox = orig })

	s.main.checkInbox(clk.Now()) // returns at once: the scan waits on release
	<-reached
	ib := &s.main.inbox
	if ib.scan == nil || !ib.banner.Visible() || ib.label.Text != "Checking new files in your inbox folder (1 of 2)…" ||
		!ib.stop.Visible() || ib.review.Visible() {
		t.Fatalf("while scanning: %q, stop %v", ib.label.Text, ib.stop.Visible())
	}
	test.Tap(ib.stop)
	close(release)
	waitTasks(t, s)
	if !stopped || ib.scan != nil || len(ib.pending) != 0 || ib.banner.Visible() {
		t.Fatalf("after Stop: stopped %v, pending %v, banner %v", stopped, ib.pending, ib.banner.Visible())
	}

	// A lock stops a running scan.
	reached, release = make(chan struct{}), make(chan struct{})
	clk.advance(inboxInterval)
	s.main.checkInbox(clk.Now())
	<-reached
	s.lock()
	close(release)
	waitTasks(t, s)
	if !stopped || s.main != nil {
		t.Fatalf("lock did not stop the scan (stopped %v)", stopped)
	}
}
