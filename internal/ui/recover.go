package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// recoverFlow is "Forgot your passphrase? Use the recovery key" on the
// unlock screen, in two steps: type the recovery key (checked against the
// vault before anything else happens), then choose a new passphrase with
// first run's rules. key.age is then rewritten for the new passphrase
// (vault.Recover) and the vault opens. Key checks, key derivation and file
// work run on goroutines behind a progress bar. Escape or Back returns a
// step; nothing is written before the last step succeeds.
type recoverFlow struct {
	u    *unlockScreen
	step int

	// step 1: the key
	key      *escEntry
	keyCount *widget.Label
	next     *widget.Button
	keyBack  *widget.Button
	// destroy is "Destroy this vault…", as on the unlock page.
	destroy   *widget.Button
	keyPage   fyne.CanvasObject
	keyColumn fyne.CanvasObject

	// step 2: the new passphrase
	chooser    *passphraseChooser
	save       *widget.Button
	passBack   *widget.Button
	passPage   fyne.CanvasObject
	passColumn fyne.CanvasObject

	progress *widget.ProgressBarInfinite
	errRow   *fyne.Container
	errLabel *widget.Label
	// checked is the key as typed once it was found to open the vault.
	checked string
	busy    bool
	// done is the dialog shown in the main window after recovery.
	done dialog.Dialog
}

// showRecover replaces the unlock page with the first recovery step.
func (u *unlockScreen) showRecover() {
	if u.busy {
		return
	}
	u.closePending()
	u.previous.Hide()
	setErrorLine(u.errRow, u.errLabel, "")
	u.pass.SetText("")
	u.rec = newRecoverFlow(u)
	u.rec.showKey()
}

// showUnlockPage goes back from the recovery to the passphrase.
func (u *unlockScreen) showUnlockPage() {
	if u.rec != nil {
		u.rec.forget()
		u.rec = nil
	}
	u.content.Objects = []fyne.CanvasObject{u.page}
	u.content.Refresh()
	u.s.win.Canvas().Focus(u.pass)
}

func newRecoverFlow(u *unlockScreen) *recoverFlow {
	tr := u.s.tr
	r := &recoverFlow{u: u}
	r.progress = widget.NewProgressBarInfinite()
	r.progress.Stop()
	r.progress.Hide()
	r.errRow, r.errLabel = newErrorLine()

	r.key = newSecretEntry()
	r.key.SetPlaceHolder(tr.T("recover.key_placeholder", "Groups", vault.RecoveryGroups))
	r.key.OnChanged = func(string) { r.countGroups() }
	r.key.OnSubmitted = func(string) { r.checkKey() }
	r.key.OnEscape = u.showUnlockPage
	r.key.OnShortcut = u.s.takeEmergency
	r.keyCount = widget.NewLabel("")
	r.next = widget.NewButtonWithIcon(tr.T("common.next"), theme.NavigateNextIcon(), r.checkKey)
	r.next.Importance = widget.HighImportance
	r.next.IconPlacement = widget.ButtonIconTrailingText
	r.keyBack = widget.NewButtonWithIcon(tr.T("common.back"), theme.NavigateBackIcon(), u.showUnlockPage)
	r.destroy = widget.NewButtonWithIcon(tr.T("settings.wipe.button"), theme.DeleteIcon(), u.destroy.showStep1)
	r.destroy.Importance = widget.LowImportance
	r.countGroups()

	r.chooser = newPassphraseChooser(tr)
	r.chooser.passShortcuts(u.s.takeEmergency)
	r.chooser.onChange = func(ok bool) {
		if ok && !r.busy {
			r.save.Enable()
		} else {
			r.save.Disable()
		}
	}
	r.chooser.pass1.OnEscape = r.backToKey
	r.chooser.pass2.OnEscape = r.backToKey
	r.chooser.pass2.OnSubmitted = func(string) { r.submit() }
	r.save = widget.NewButtonWithIcon(tr.T("recover.save"), theme.ConfirmIcon(), r.submit)
	r.save.Importance = widget.HighImportance
	r.passBack = widget.NewButtonWithIcon(tr.T("common.back"), theme.NavigateBackIcon(), r.backToKey)
	return r
}

// page builds a step: icon, title, text, the step's widgets, then the
// shared progress bar and error line, then the buttons.
func (r *recoverFlow) page(title, intro string, body fyne.CanvasObject, buttons *fyne.Container) (fyne.CanvasObject, fyne.CanvasObject) {
	t := heading(title)
	t.Alignment = fyne.TextAlignCenter
	col := container.NewVBox(
		container.NewCenter(widget.NewIcon(theme.VisibilityOffIcon())),
		t,
		paragraph(intro),
		body,
		r.progress,
		r.errRow,
		buttons,
	)
	return centredPage(480, col), col
}

// show puts a step's page in the unlock screen.
func (r *recoverFlow) show(page fyne.CanvasObject, focus fyne.Focusable) {
	r.u.content.Objects = []fyne.CanvasObject{page}
	r.u.content.Refresh()
	r.u.s.win.Canvas().Focus(focus)
}

// showKey is step 1: type the recovery key.
func (r *recoverFlow) showKey() {
	tr := r.u.s.tr
	r.step = 1
	setErrorLine(r.errRow, r.errLabel, "")
	r.keyPage, r.keyColumn = r.page(tr.T("recover.title"), tr.T("recover.intro"),
		container.NewVBox(widget.NewLabel(tr.T("recover.key_label")), r.key, r.keyCount),
		container.NewVBox(container.NewHBox(r.keyBack, layout.NewSpacer(), r.next),
			container.NewCenter(r.destroy)))
	r.show(r.keyPage, r.key)
}

// countGroups says how many of the groups are typed, so a missing or
// doubled group shows before Next.
func (r *recoverFlow) countGroups() {
	n := 0
	for _, c := range strings.ToUpper(r.key.Text) {
		if c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' {
			n++
		}
	}
	if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(r.key.Text)), "AGE-SECRET-KEY-") {
		n = len(strings.Join(vault.RecoveryKeyGroups(r.key.Text), ""))
	}
	groups := (n + vault.RecoveryGroupSize - 1) / vault.RecoveryGroupSize
	r.keyCount.SetText(r.u.s.tr.T("recover.key_count", "Typed", groups, "Groups", vault.RecoveryGroups))
	r.relayout()
}

// relayout lays the current step out again after a text changed, so a
// right-to-left interface puts the new text in visual order (package rtl does
// that when a container is laid out).
func (r *recoverFlow) relayout() {
	for _, col := range []fyne.CanvasObject{r.keyColumn, r.passColumn} {
		if c, ok := col.(*fyne.Container); ok && c.Visible() {
			c.Refresh()
		}
	}
}

func (r *recoverFlow) setBusy(b bool) {
	r.busy = b
	for _, w := range []fyne.Disableable{r.key, r.next, r.keyBack, r.passBack} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	r.chooser.setEnabled(!b)
	if b {
		r.save.Disable()
		r.progress.Show()
		r.progress.Start()
	} else {
		r.chooser.validate()
		r.progress.Stop()
		r.progress.Hide()
	}
}

// checkKey validates the typed key (format first, at once; then against
// the vault's data, off the UI thread) and moves on to the passphrase.
func (r *recoverFlow) checkKey() {
	if r.busy || r.step != 1 {
		return
	}
	s := r.u.s
	text := r.key.Text
	if _, err := vault.ParseRecoveryKey(text); err != nil {
		r.keyFailed(err)
		return
	}
	setErrorLine(r.errRow, r.errLabel, "")
	r.setBusy(true)
	if locking := s.locking; locking != nil {
		// The save started by Lock is still running; whether the vault
		// is still held open is known once it ends.
		s.goTask(func() {
			<-locking
			fyne.Do(func() { r.matchKey(text) })
		})
		return
	}
	r.matchKey(text)
}

// matchKey checks a well-formed key against the vault on a goroutine and
// moves on to the passphrase.
func (r *recoverFlow) matchKey(text string) {
	s := r.u.s
	kept := s.session
	dir := s.dir
	s.goTask(func() {
		var err error
		if kept != nil {
			// Locked, not saved: this process holds the vault open.
			err = kept.Vault().CheckRecoveryKey(text)
		} else {
			err = app.CheckRecoveryKey(dir, text)
		}
		fyne.Do(func() {
			if s.unlock != r.u || r.u.rec != r {
				return
			}
			r.setBusy(false)
			if err != nil {
				r.keyFailed(err)
				return
			}
			r.checked = text
			r.showPassphrase()
		})
	})
}

// keyFailed explains why the key was refused and selects it for another
// try.
func (r *recoverFlow) keyFailed(err error) {
	setErrorLine(r.errRow, r.errLabel, r.u.s.explain(err))
	r.relayout()
	selectAllText(r.u.s.win.Canvas(), r.key)
}

// showPassphrase is step 2: choose the new passphrase.
func (r *recoverFlow) showPassphrase() {
	tr := r.u.s.tr
	r.step = 2
	setErrorLine(r.errRow, r.errLabel, "")
	r.chooser.clear()
	r.passPage, r.passColumn = r.page(tr.T("recover.pass_title"), tr.T("recover.pass_intro"),
		container.NewVBox(r.chooser.content, r.chooser.hintRow),
		container.NewHBox(r.passBack, layout.NewSpacer(), r.save))
	r.chooser.validate()
	r.show(r.passPage, r.chooser.pass1)
}

// backToKey returns from the passphrase to the key.
func (r *recoverFlow) backToKey() {
	if r.busy {
		return
	}
	r.checked = ""
	r.chooser.clear()
	r.showKey()
}

// submit rewrites the key file for the new passphrase and opens the vault.
func (r *recoverFlow) submit() {
	if r.busy || r.step != 2 || !r.chooser.validate() {
		return
	}
	s := r.u.s
	key := r.checked
	pass := []byte(r.chooser.pass1.Text)
	setErrorLine(r.errRow, r.errLabel, "")
	r.setBusy(true)
	if locking := s.locking; locking != nil {
		// The save started by Lock is still running: decide once it ends.
		s.goTask(func() {
			<-locking
			fyne.Do(func() { r.recoverWith(key, pass) })
		})
		return
	}
	r.recoverWith(key, pass)
}

// recoverWith runs the recovery on a goroutine and opens the vault.
func (r *recoverFlow) recoverWith(key string, pass []byte) {
	u, s := r.u, r.u.s
	if kept := s.session; kept != nil {
		s.goTask(func() {
			err := kept.Vault().RecoverPassphrase(key, pass)
			clear(pass)
			fyne.Do(func() {
				if s.unlock != u || u.rec != r {
					return
				}
				if err != nil {
					r.failed(err)
					return
				}
				r.opened(kept)
				s.saveNow()
			})
		})
		return
	}
	dir := s.dir
	s.goTask(func() {
		v, err := vault.Recover(dir, key, pass)
		clear(pass)
		var sess *app.Session
		if err == nil {
			sess, err = app.Load(v, vault.Current)
			if err != nil && !offersPrevious(dir, err) {
				v.Close()
				v = nil
			}
		}
		fyne.Do(func() {
			if s.unlock != u || u.rec != r {
				if sess != nil {
					sess.Close()
				} else if v != nil {
					v.Close()
				}
				return
			}
			if err != nil {
				if v != nil {
					// The new passphrase is in force; the data is damaged.
					// Back to the unlock page, which offers the earlier copy.
					u.showUnlockPage()
					u.opened = v
					u.previous.Show()
					u.fail(err)
					return
				}
				r.failed(err)
				return
			}
			r.opened(sess)
		})
	})
}

// failed shows why the recovery did not happen; nothing was changed.
func (r *recoverFlow) failed(err error) {
	r.setBusy(false)
	setErrorLine(r.errRow, r.errLabel, r.u.s.explain(err))
	r.relayout()
}

// opened shows the main window and says that the passphrase changed.
func (r *recoverFlow) opened(sess *app.Session) {
	s := r.u.s
	tr := s.tr
	r.forget()
	s.openMain(sess)
	r.done = dialog.NewCustom(tr.T("recover.title"), tr.T("common.close"),
		rtlContent(tr, paragraph(tr.T("recover.done"))), s.win)
	r.done.Resize(fyne.NewSize(dialogMessage, 0))
	r.done.Show()
}

// forget clears the typed key and passphrases.
func (r *recoverFlow) forget() {
	r.checked = ""
	r.key.SetText("")
	r.chooser.clear()
}
