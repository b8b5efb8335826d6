package ui

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestOpenAndImportOffUIThread: opening and importing a shared file run
// off the UI thread (held here in a queue the test releases), with a line
// saying what is being done and a Cancel button; Import waits meanwhile.
// Cancel drops the work's result and writes nothing; the preview stays
// and the import can be started again.
func TestOpenAndImportOffUIThread(t *testing.T) {
	ctx := context.Background()
	a, b, sa, sb, bOnA, _ := pairSharing(t)
	ev := sampleEvent(t, a)
	file := exportEvent(t, sa, bOnA)
	var queued []func()
	o := sb.open
	o.work.run = func(f func()) { queued = append(queued, f) }
	release := func() {
		t.Helper()
		if len(queued) != 1 {
			t.Fatalf("%d pieces of work queued", len(queued))
		}
		f := queued[0]
		queued = nil
		f()
	}

	sb.openData(file, nil)
	if !o.work.box.Visible() || o.work.label.Text != "Opening and checking the file…" || !o.work.cancel.Visible() ||
		o.work.covers.Visible() || o.in != nil {
		t.Fatalf("while opening: %q, box %v", o.work.label.Text, o.work.box.Visible())
	}
	release()
	if o.work.box.Visible() || !o.work.covers.Visible() || o.in == nil || o.importBtn.Disabled() {
		t.Fatalf("after opening: in %v, import disabled %v", o.in, o.importBtn.Disabled())
	}

	test.Tap(o.importBtn)
	if !o.work.box.Visible() || o.work.label.Text != "Importing… Nothing is written until the import is complete." || !o.importBtn.Disabled() {
		t.Fatalf("while importing: %q", o.work.label.Text)
	}
	o.trust.SetChecked(o.trust.Checked) // any change of the form keeps Import waiting
	if !o.importBtn.Disabled() {
		t.Fatal("Import enabled during an import")
	}
	test.Tap(o.work.cancel)
	release() // the cancelled import runs to its end: its context is done
	if _, err := b.Session.Store().Events().Get(ctx, ev.ID); err == nil {
		t.Fatal("a cancelled import wrote the event")
	}
	if o.work.box.Visible() || o.note.Text != "Cancelled. Nothing was imported." || o.importBtn.Disabled() || o.result.Visible() {
		t.Fatalf("after Cancel: note %q, import disabled %v", o.note.Text, o.importBtn.Disabled())
	}

	test.Tap(o.importBtn)
	release()
	if got, err := b.Session.Store().Events().Get(ctx, ev.ID); err != nil || got.Title != ev.Title {
		t.Fatalf("import: %v %v", got, err)
	}
	if !o.result.Visible() {
		t.Fatal("no result shown")
	}

	// Leaving the screen (a lock tears it down) stops work in flight.
	sb.openData(file, nil)
	sb.Teardown()
	if o.work.busy() {
		t.Fatal("teardown left work running")
	}
	release()
}

// TestCancelAfterTheWorkFinished: Cancel pressed when the work had just
// finished (an import already committed) does not hide its result: the
// result is shown, never "Cancelled. Nothing was imported.".
func TestCancelAfterTheWorkFinished(t *testing.T) {
	e := newScrEnv(t)
	w := newFileWork(e.Env)
	var shown error
	w.start("Importing…", func(ctx context.Context) func() {
		test.Tap(w.cancel) // the click arrives as the work ends
		return func() { shown = ctx.Err() }
	})
	if shown != context.Canceled || w.busy() || w.box.Visible() {
		t.Fatalf("result after a late Cancel: %v, busy %v", shown, w.busy())
	}
	if err := stoppedBy(context.Background(), errors.New("disk full")); errors.Is(err, context.Canceled) {
		t.Fatal("an error of work nobody cancelled counted as a cancel")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := stoppedBy(ctx, errors.New("sql: transaction has already been committed or rolled back")); !errors.Is(err, context.Canceled) {
		t.Fatal("a failure caused by the cancel is not marked as one")
	}
}
