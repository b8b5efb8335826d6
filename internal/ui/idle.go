package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// focusSignature describes where the text cursor is, without keeping any
// text: when it changes between two ticks the user typed or moved the
// cursor in a field. Fyne hands keys to a focused widget without telling
// the canvas, so this is how typing in a form resets the idle timer.
type focusSignature struct {
	obj           fyne.Focusable
	row, col, len int
}

func (s *shell) currentFocus() focusSignature {
	f := s.win.Canvas().Focused()
	if f == nil {
		return focusSignature{}
	}
	sig := focusSignature{obj: f}
	if e := entryOf(f); e != nil {
		sig.row, sig.col, sig.len = e.CursorRow, e.CursorColumn, len(e.Text)
	}
	return sig
}

// idleFor returns how long there has been no input at now.
func (s *shell) idleFor(now time.Time) time.Duration {
	s.inputMu.Lock()
	defer s.inputMu.Unlock()
	return now.Sub(s.lastInput)
}

// checkIdle locks the vault when the main window has seen no keyboard or
// mouse input for the auto-lock timeout at now. The shell's ticker calls
// it every second on the UI thread; tests call it with a fake clock.
func (s *shell) checkIdle(now time.Time) {
	if s.main == nil || s.autoLock <= 0 {
		return
	}
	if sig := s.currentFocus(); sig != s.focusSig {
		s.focusSig = sig
		s.inputMu.Lock()
		s.lastInput = now
		s.inputMu.Unlock()
		return
	}
	if s.idleFor(now) >= s.autoLock {
		s.lock()
	}
}
