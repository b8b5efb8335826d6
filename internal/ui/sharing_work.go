package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fileWork runs the slow steps of opening and importing a shared file
// (key derivation for a passphrase, decryption, decoding, comparing with
// the vault, merging) off the UI thread, so the window keeps answering
// and still locks, while a line says what is being done, with a moving
// bar and a Cancel button. A result that comes back after Cancel, a
// reset or a lock is dropped; cancelling an import cancels its context,
// which rolls the import's one transaction back: nothing of it is
// written.
type fileWork struct {
	box    *fyne.Container
	label  *widget.Label
	bar    *widget.ProgressBarInfinite
	cancel *widget.Button
	// run runs work off the UI thread: Env.Background (counted by the
	// shell, so tests can wait), else a goroutine.
	run func(func())
	// onCancel runs on the UI thread after the user pressed Cancel.
	onCancel func()

	stop context.CancelFunc
	gen  uint64
}

func newFileWork(env *Env) *fileWork {
	w := &fileWork{run: env.Background}
	if w.run == nil {
		w.run = func(f func()) { go f() }
	}
	w.label = widget.NewLabel("")
	w.label.Wrapping = fyne.TextWrapWord
	w.bar = widget.NewProgressBarInfinite()
	w.bar.Stop()
	w.cancel = widget.NewButtonWithIcon(env.T("common.cancel"), theme.CancelIcon(), func() {
		w.stopWork()
		if w.onCancel != nil {
			w.onCancel()
		}
	})
	w.box = container.NewVBox(w.label, container.NewBorder(nil, nil, nil, w.cancel, w.bar))
	w.box.Hide()
	return w
}

// busy reports whether work is running.
func (w *fileWork) busy() bool { return w.stop != nil }

// start shows text and runs work off the UI thread with a context that
// Cancel, a reset or a lock cancels. work returns what to do on the UI
// thread with its result; that is skipped when the work was stopped (or
// started again) meanwhile.
func (w *fileWork) start(text string, work func(ctx context.Context) func()) {
	w.stopWork()
	ctx, cancel := context.WithCancel(context.Background())
	w.gen++
	gen := w.gen
	w.stop = cancel
	w.label.SetText(text)
	w.box.Show()
	w.bar.Start()
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
	w.bar.Stop()
	w.box.Hide()
}
