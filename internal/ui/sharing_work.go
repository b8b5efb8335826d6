package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fileWork runs the slow steps of opening and importing a shared file
// (key derivation for a passphrase, decryption, decoding, comparing with
// the vault, merging) off the UI thread, so the window keeps answering
// and still locks, while one line says what is being done, with a
// spinning indicator and a Cancel button, in place of the buttons it
// covers (where the user just clicked). Cancel cancels the work's
// context, which rolls an import's one transaction back, says
// "Stopping…" and waits for the work to end: the result then says what
// really happened (an import that was already complete stays imported,
// and is shown as such). A reset or a lock drop the result instead.
type fileWork struct {
	box      *fyne.Container
	label    *widget.Label
	activity *widget.Activity
	cancel   *widget.Button
	// covers is hidden while work runs (the buttons the line replaces).
	covers fyne.CanvasObject
	// run runs work off the UI thread: Env.Background (counted by the
	// shell, so tests can wait), else a goroutine.
	run func(func())
	// stopping is the text shown after Cancel until the work ends.
	stopping string

	stop context.CancelFunc
	gen  uint64
}

func newFileWork(env *Env) *fileWork {
	w := &fileWork{run: env.Background, stopping: env.T("sharing.open.cancelling")}
	if w.run == nil {
		w.run = func(f func()) { go f() }
	}
	w.label = widget.NewLabel("")
	w.label.Wrapping = fyne.TextWrapWord
	w.activity = widget.NewActivity()
	w.cancel = widget.NewButtonWithIcon(env.T("common.cancel"), theme.CancelIcon(), w.requestCancel)
	w.box = container.NewBorder(nil, nil, w.activity, w.cancel, w.label)
	w.box.Hide()
	return w
}

// busy reports whether work is running.
func (w *fileWork) busy() bool { return w.stop != nil }

// start shows text and runs work off the UI thread with a context that
// Cancel, a reset or a lock cancels. work returns what to do on the UI
// thread with its result (after Cancel too: work then usually reports
// the context's error); that is skipped when the work was reset, locked
// away or started again meanwhile.
func (w *fileWork) start(text string, work func(ctx context.Context) func()) {
	w.stopWork()
	ctx, cancel := context.WithCancel(context.Background())
	w.gen++
	gen := w.gen
	w.stop = cancel
	w.label.SetText(text)
	if w.covers != nil {
		w.covers.Hide()
	}
	w.box.Show()
	w.activity.Start()
	w.run(func() {
		then := work(ctx)
		fyne.Do(func() {
			if gen != w.gen {
				return // cancelled, reset or locked since
			}
			w.finish()
			then()
		})
	})
}

// requestCancel cancels the running work's context and says so; the
// work's result still comes back (see start), so what is shown is what
// happened.
func (w *fileWork) requestCancel() {
	if w.stop == nil {
		return
	}
	w.stop()
	w.label.SetText(w.stopping)
	w.cancel.Disable()
}

// stopWork cancels the running work, if any; its result is dropped.
func (w *fileWork) stopWork() {
	w.gen++
	w.finish()
}

func (w *fileWork) finish() {
	if w.stop != nil {
		w.stop()
		w.stop = nil
	}
	w.activity.Stop()
	w.cancel.Enable()
	w.box.Hide()
	if w.covers != nil {
		w.covers.Show()
	}
}

// stoppedBy returns err, marked as context.Canceled when the work failed
// because ctx was cancelled: a statement of a transaction that the
// cancellation rolled back may fail with another error first. An error
// means the import's transaction did not commit, so nothing was written.
func stoppedBy(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w: %w", context.Canceled, err)
	}
	return err
}
