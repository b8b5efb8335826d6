package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/bundle"
)

// TestShareSaveOffUIThread: saving a shared file (sealing it, which for a
// passphrase file starts with the passphrase's key derivation) runs off
// the UI thread (held here in a queue the test releases), with a line
// saying so and the dialog's buttons waiting; then the Save step says
// where the file is, and the file opens with the passphrase.
func TestShareSaveOffUIThread(t *testing.T) {
	e := newScrEnv(t)
	sa := newTestSharing(t, e)
	sampleEvent(t, e)
	sa.showShare()
	f := sa.share
	f.workFactor = 10
	var queued []func()
	f.work.run = func(fn func()) { queued = append(queued, fn) }

	f.tickUpcoming()
	test.Tap(f.next)
	f.how.SetSelected(e.T("sharing.share.to_passphrase"))
	test.Type(f.pass1, "correct horse")
	test.Type(f.pass2, "correct horse")
	test.Tap(f.next)
	if f.step != stepCheck {
		t.Fatalf("step %d, %q", f.step, f.errLabel.Text)
	}
	path := filepath.Join(t.TempDir(), "3f9a0c1e.age")
	wc, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	f.saveTo(wc)
	if len(queued) != 1 {
		t.Fatalf("%d pieces of work queued: the file was sealed on the UI thread", len(queued))
	}
	if data, _ := os.ReadFile(path); len(data) != 0 {
		t.Fatal("the file was written before the work ran")
	}
	if !f.work.box.Visible() || f.work.label.Text != e.T("sharing.share.saving") || f.work.cancel.Visible() {
		t.Fatalf("while saving: line %q, shown %v", f.work.label.Text, f.work.box.Visible())
	}
	if !f.next.Disabled() || !f.back.Disabled() || !f.cancel.Disabled() || f.step != stepCheck {
		t.Fatal("the buttons did not wait while the file was saved")
	}
	queued[0]()
	if f.work.box.Visible() || f.step != stepSaved || !strings.Contains(f.savedText.Text, path) {
		t.Fatalf("after saving: step %d, %q", f.step, f.errLabel.Text)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	o, err := bundle.Open(data, bundle.OpenOptions{Passphrase: "correct horse"})
	if err != nil || o.Manifest.Counts.Events != 1 {
		t.Fatalf("the saved file: %v", err)
	}
	test.Tap(f.done)
}

// TestShareSaveClosedMidway: closing the dialog while the file is sealed
// drops the result; nothing is shown afterwards.
func TestShareSaveClosedMidway(t *testing.T) {
	e := newScrEnv(t)
	sa := newTestSharing(t, e)
	sampleEvent(t, e)
	sa.showShare()
	f := sa.share
	f.workFactor = 10
	var queued []func()
	f.work.run = func(fn func()) { queued = append(queued, fn) }
	f.tickUpcoming()
	test.Tap(f.next)
	f.how.SetSelected(e.T("sharing.share.to_passphrase"))
	test.Type(f.pass1, "correct horse")
	test.Type(f.pass2, "correct horse")
	test.Tap(f.next)
	wc, err := storage.Writer(storage.NewFileURI(filepath.Join(t.TempDir(), "x.age")))
	if err != nil {
		t.Fatal(err)
	}
	f.saveTo(wc)
	sa.Teardown()
	if len(queued) != 1 {
		t.Fatalf("%d pieces of work queued", len(queued))
	}
	queued[0]()
	if f.step == stepSaved || f.work.busy() {
		t.Fatal("a dropped save still showed its result")
	}
}
