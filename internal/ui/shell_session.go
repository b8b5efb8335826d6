package ui

import (
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// exitOnSignal saves and closes the vault and ends the process when the
// system asks it to stop (SIGTERM at logout or shutdown, Ctrl+C in the
// terminal that started it). Fyne catches these signals too, but quits
// without the close intercept, and was seen to leave the process running
// with its window gone and the vault still open in memory. A save that
// does not finish within shutdownTimeout is abandoned: the process ends
// anyway, and with it the only plaintext copy.
func (s *shell) exitOnSignal() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	// Fyne ends its event loop on these signals too: no more focus
	// checks, which would run off the UI thread from now on.
	endFocusChecks()
	done := make(chan struct{})
	fyne.Do(func() {
		s.shutdown()
		close(done)
	})
	code := 0
	select {
	case <-done:
	case <-time.After(shutdownTimeout):
		code = 1
	}
	os.Exit(code)
}

// shutdownTimeout bounds the save made when the system stops the app.
const shutdownTimeout = 10 * time.Second

// shutdown saves and closes the vault without asking anything: the
// system is stopping the app. If the save fails the session is closed
// anyway (what stays on disk is the last successful save: with
// autosave saving each edit at once, every edit but one still being
// written).
func (s *shell) shutdown() {
	if s.stopAutosave != nil {
		s.stopAutosave()
		s.stopAutosave = nil
	}
	s.clip.ClearNow()
	if s.unlock != nil {
		s.unlock.closePending()
	}
	if s.main != nil {
		s.main.keepDraft()
	}
	if sess := s.session; sess != nil {
		if err := sess.Lock(); err != nil {
			sess.Close()
		}
		s.session = nil
	}
}

// startTicker runs the idle and clipboard checks every second on the UI
// thread until the returned function is called.
func (s *shell) startTicker() (stop func()) {
	t := time.NewTicker(tickInterval)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				fyne.Do(func() { s.tick(s.now()) })
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			t.Stop()
			close(done)
		})
	}
}

// tick runs the periodic checks at now.
func (s *shell) tick(now time.Time) {
	s.checkVaultGone()
	s.clip.clearDue(now)
	s.checkIdle(now)
	if s.main != nil {
		s.main.checkInbox(now)
		// Backstop for inputs that report no change of their own.
		s.main.refreshSaveState()
	}
}

// saveNow saves at once on a background goroutine; the save indicator
// follows through the session's listener.
func (s *shell) saveNow() {
	sess := s.session
	if sess == nil {
		return
	}
	s.goTask(func() { sess.Save() })
}

// lock hides everything at once: every screen is torn down, dialogs are
// closed, the clipboard is cleared and the unlock screen shown. The
// session is then saved and closed in the background; if that save fails
// the session stays in memory ("locked, not saved") and the unlock screen
// says so.
func (s *shell) lock() {
	if s.main == nil || s.session == nil {
		return
	}
	// An unfinished edit goes into the vault before anything is hidden,
	// and is saved with it.
	s.main.keepDraft()
	s.lastScreen = s.main.current
	s.hideAll()
	sess := s.session
	var decoy *app.Session
	if real := s.reviewOf; real != nil {
		// Reviewing the decoy: it is saved and closed first, then the
		// vault is locked as usual.
		decoy = sess
		s.reviewOf, s.session, sess = nil, real, real
		s.lastScreen = ScreenSettings
	}
	done := make(chan struct{})
	s.locking = done
	s.showUnlock()
	s.goTask(func() {
		if decoy != nil {
			decoy.Lock()
			decoy.Close()
		}
		err := sess.Lock()
		fyne.Do(func() {
			defer close(done)
			if s.locking == done {
				s.locking = nil
			}
			if s.session != sess || s.main != nil {
				return
			}
			if err != nil {
				s.lockedUnsaved, s.lockErr = true, err
				if s.unlock != nil {
					s.unlock.showNotSaved(s.explain(err))
				}
				return
			}
			s.session = nil
		})
	})
}

// hideAll removes everything the unlocked window shows, at once: the
// clipboard is cleared, autosave stopped, every screen torn down, the
// menu and every dialog removed. The session itself is left to the
// caller (lock saves and closes it, destroyVault wipes it).
func (s *shell) hideAll() {
	s.clip.ClearNow()
	if s.stopAutosave != nil {
		s.stopAutosave()
		s.stopAutosave = nil
	}
	s.autosaver = nil
	s.main.teardown()
	s.main = nil
	s.win.SetMainMenu(nil)
	s.focusSig = focusSignature{}
	ov := s.win.Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
}

// quit is the window's close intercept. It first asks what to do with a
// form that has unsaved edits (Save, Discard or Keep editing); then it
// saves and closes the vault, and asks before closing if the last changes
// could not be saved.
func (s *shell) quit() {
	if s.main != nil {
		s.main.leaveForm(s.quitNow, nil)
		return
	}
	s.quitNow()
}

// quitNow saves and closes the vault and the window.
func (s *shell) quitNow() {
	if s.stopAutosave != nil {
		s.stopAutosave()
		s.stopAutosave = nil
	}
	s.clip.ClearNow()
	if s.unlock != nil {
		s.unlock.closePending()
	}
	if s.session == nil {
		s.win.Close()
		return
	}
	sess := s.session
	if err := sess.Lock(); err != nil && !errors.Is(err, vault.ErrClosed) {
		msg := widget.NewLabel(s.tr.T("shell.quit_unsaved", "Reason", s.explain(err)))
		msg.Wrapping = fyne.TextWrapWord
		d := newConfirm(s, s.tr.T("shell.quit_unsaved_title"), msg,
			s.tr.T("shell.quit_anyway"), s.tr.T("shell.keep_open"), func(ok bool) {
				if ok {
					sess.Close()
					s.session = nil
					s.win.Close()
					return
				}
				if s.main != nil && s.live {
					s.stopAutosave = s.autosaver.Start(autosaveInterval)
				}
			})
		d.Show()
		return
	}
	s.session = nil
	s.win.Close()
}
