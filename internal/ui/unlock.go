package ui

import (
	"errors"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// unlockScreen asks for the passphrase. It shows nothing about the vault's
// contents.
type unlockScreen struct {
	s *shell
	// content holds the unlock page, or a step of the recovery.
	content *fyne.Container
	page    *container.Scroll
	column  fyne.CanvasObject // the centred column (tests measure it)

	pass     *emergencyEntry
	unlock   *widget.Button
	progress *widget.ProgressBarInfinite
	errRow   *fyne.Container
	errLabel *widget.Label
	previous *widget.Button
	// forgot starts the recovery with the recovery key (recover.go).
	forgot *widget.Button
	// destroy starts "Destroy this vault…" (wipe.go), no passphrase needed.
	destroy *dangerZone
	rec     *recoverFlow
	// notSaved tells that the last changes are kept in memory, unsaved.
	notSavedRow   *fyne.Container
	notSavedLabel *widget.Label

	// opened is a vault whose current data is damaged, kept open so the
	// previous generation can be loaded without asking again.
	opened *vault.Vault
	busy   bool
}

func newUnlockScreen(s *shell) *unlockScreen {
	u := &unlockScreen{s: s}
	tr := s.tr
	u.pass = newEmergencyPasswordEntry(s)
	u.pass.SetPlaceHolder(tr.T("unlock.placeholder"))
	u.pass.OnSubmitted = func(string) { u.submit() }
	u.unlock = widget.NewButtonWithIcon(tr.T("unlock.button"), theme.LoginIcon(), u.submit)
	u.unlock.Importance = widget.HighImportance
	u.progress = widget.NewProgressBarInfinite()
	u.progress.Stop()
	u.progress.Hide()
	u.errRow, u.errLabel = newErrorLine()
	u.previous = widget.NewButtonWithIcon(tr.T("unlock.open_previous"), theme.HistoryIcon(), u.openPrevious)
	u.previous.Hide()
	u.notSavedRow, u.notSavedLabel = newErrorLine()
	u.notSavedLabel.Importance = widget.WarningImportance
	u.forgot = widget.NewButtonWithIcon(tr.T("unlock.forgot"), theme.HelpIcon(), u.showRecover)
	u.forgot.Importance = widget.LowImportance
	u.destroy = newDestroyConfirm(s)
	u.destroy.button.Importance = widget.LowImportance

	title := heading(tr.T("unlock.title"))
	if s.prefs.Camouflage() {
		title = heading(tr.T("camouflage.locked"))
	}
	title.Alignment = fyne.TextAlignCenter
	hint := paragraph(tr.T("unlock.hint"))
	hint.Alignment = fyne.TextAlignCenter
	items := []fyne.CanvasObject{
		container.NewCenter(widget.NewIcon(theme.VisibilityOffIcon())),
		title, hint,
	}
	if s.opts.Demo {
		demo := paragraph(tr.T("unlock.demo_hint", "Passphrase", DemoPassphrase))
		demo.Importance = widget.WarningImportance
		demo.Alignment = fyne.TextAlignCenter
		items = append(items, demo)
		u.pass.SetText(DemoPassphrase)
	}
	items = append(items,
		widget.NewLabel(tr.T("unlock.label")),
		u.pass,
		container.NewHBox(layout.NewSpacer(), u.unlock),
		u.progress,
		u.errRow,
		container.NewHBox(layout.NewSpacer(), u.previous),
		u.notSavedRow,
		container.NewCenter(u.forgot),
		container.NewCenter(u.destroy.button),
	)
	u.column = container.NewVBox(items...)
	u.page = centredPage(480, u.column)
	u.content = container.NewStack(u.page)
	if s.lockedUnsaved {
		u.showNotSaved(s.explain(s.lockErr))
	}
	return u
}

// showNotSaved says that the last changes could not be saved when locking
// and will be saved after unlocking.
func (u *unlockScreen) showNotSaved(reason string) {
	setErrorLine(u.notSavedRow, u.notSavedLabel, u.s.tr.T("unlock.not_saved", "Reason", reason))
}

func (u *unlockScreen) setBusy(b bool) {
	u.busy = b
	if b {
		u.unlock.Disable()
		u.previous.Disable()
		u.forgot.Disable()
		u.destroy.button.Disable()
		u.pass.Disable()
		u.progress.Show()
		u.progress.Start()
	} else {
		u.unlock.Enable()
		u.previous.Enable()
		u.forgot.Enable()
		u.destroy.button.Enable()
		u.pass.Enable()
		u.progress.Stop()
		u.progress.Hide()
	}
}

// submit tries the typed passphrase. The field keeps the text (disabled
// while the key is derived): after a wrong passphrase it is selected, so
// the next keystroke replaces it and the eye button can show it. It is
// cleared when the vault opens.
func (u *unlockScreen) submit() {
	if u.busy {
		return
	}
	pass := []byte(u.pass.Text)
	if len(pass) == 0 {
		setErrorLine(u.errRow, u.errLabel, u.s.tr.T("unlock.empty"))
		return
	}
	u.closePending()
	u.previous.Hide()
	setErrorLine(u.errRow, u.errLabel, "")
	u.setBusy(true)
	s := u.s
	if locking := s.locking; locking != nil {
		// The save started by Lock is still running: decide once it ends.
		s.goTask(func() {
			<-locking
			fyne.Do(func() { u.unlockWith(pass) })
		})
		return
	}
	u.unlockWith(pass)
}

// unlockWith runs key derivation and loading on a goroutine.
func (u *unlockScreen) unlockWith(pass []byte) {
	s := u.s
	if kept := s.session; kept != nil {
		// Locked, not saved: the session is still in memory and holds the
		// vault lock, so check the passphrase against the key file.
		s.goTask(func() {
			// Both key slots are checked: the duress passphrase
			// replaces the kept session with the decoy (see duress.go).
			sess, err := kept.Reopen(pass)
			clear(pass)
			fyne.Do(func() {
				if s.unlock != u {
					return
				}
				if err != nil {
					u.fail(err)
					return
				}
				u.pass.SetText("")
				s.openMain(sess)
				s.saveNow()
			})
		})
		return
	}
	dir := s.dir
	s.goTask(func() {
		v, err := vault.Open(dir, pass)
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
			if s.unlock != u {
				if sess != nil {
					sess.Close()
				} else if v != nil {
					v.Close()
				}
				return
			}
			if err != nil {
				if v != nil {
					u.opened = v
					u.previous.Show()
				}
				u.fail(err)
				return
			}
			u.pass.SetText("")
			s.openMain(sess)
		})
	})
}

// offersPrevious reports whether err says the current data file is
// damaged and a previous generation exists to fall back to.
func offersPrevious(dir string, err error) bool {
	var d *vault.DamagedError
	if !errors.As(err, &d) || d.File != vault.DataFile {
		return false
	}
	_, serr := os.Stat(filepath.Join(dir, vault.PrevFile))
	return serr == nil
}

// openPrevious loads the previous generation from the vault kept open
// after a damaged current one.
func (u *unlockScreen) openPrevious() {
	v := u.opened
	if v == nil || u.busy {
		return
	}
	u.opened = nil
	u.previous.Hide()
	setErrorLine(u.errRow, u.errLabel, "")
	u.setBusy(true)
	s := u.s
	s.goTask(func() {
		sess, err := app.Load(v, vault.Previous)
		if err != nil {
			v.Close()
		}
		fyne.Do(func() {
			if s.unlock != u {
				if sess != nil {
					sess.Close()
				}
				return
			}
			if err != nil {
				u.fail(err)
				return
			}
			s.openMain(sess)
		})
	})
}

// fail shows one translated line for err and gets ready for another try:
// the passphrase typed is kept and selected.
func (u *unlockScreen) fail(err error) {
	u.setBusy(false)
	setErrorLine(u.errRow, u.errLabel, u.s.explain(err))
	if u.content.Objects[0] == u.page {
		selectAllText(u.s.win.Canvas(), u.pass)
	}
}

// closePending releases a vault kept open for "open previous version".
func (u *unlockScreen) closePending() {
	if u.opened != nil {
		u.opened.Close()
		u.opened = nil
	}
}
