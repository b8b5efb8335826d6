package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// reloadLocales reads the user's translation files again.
func (s *shell) reloadLocales() {
	srcs, err := loadUserLocales(s.localeDir)
	if err != nil {
		fyne.LogError("translation folder", err)
		return
	}
	s.localeSources = srcs
}

// setLanguage switches the interface language at once, rebuilding the
// current view with the new translator.
func (s *shell) setLanguage(tag string) {
	tr, _ := i18n.New(tag, s.localeSources...)
	if tr == nil {
		return
	}
	s.tr = tr
	if err := applyFyneLanguage(tr); err != nil {
		fyne.LogError("toolkit language", err)
	}
	s.prefs.SetLanguage(tag)
	s.win.SetTitle(s.title())
	switch {
	case s.main != nil:
		id := s.main.current
		s.main.teardown()
		s.buildMain(id)
	case s.unlock != nil:
		s.showUnlock()
	case s.first != nil:
		s.showFirstRun()
	}
}

// setAutoLock changes the idle timeout (0 = off).
func (s *shell) setAutoLock(d time.Duration) {
	s.autoLock = d
	s.prefs.SetAutoLock(d)
	s.touch()
}

// setClipboardClear changes the clipboard clear timeout.
func (s *shell) setClipboardClear(d time.Duration) {
	s.clip.SetTimeout(d)
	s.prefs.SetClipboardClear(d)
}

// setTheme applies and stores a theme choice.
func (s *shell) setTheme(choice string) {
	s.prefs.SetTheme(choice)
	applyTheme(s.app, choice)
}
