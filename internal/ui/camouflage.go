package ui

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/safehouse-app/safehouse/assets"
)

// Camouflage (Settings › Safety, off by default) makes the window look
// like an ordinary notes app to someone glancing at the screen or the task
// switcher: the window title and the name in the navigation are "Notes"
// (translated), the window icon is a plain document, the unlock screen's
// heading does not name the app, and new export files get neutral names
// (see [shell.exportName]). It hides nothing from someone who looks
// closer: the app's files, its menus and its installed name are unchanged.

// appName is the app's name as shown: "Safehouse", or "Notes" under
// camouflage.
func (s *shell) appName() string {
	if s.prefs.Camouflage() {
		return s.tr.T("camouflage.title")
	}
	return s.tr.T("app.title")
}

// applyCamouflage sets the window's title and icon for the current
// camouflage setting.
func (s *shell) applyCamouflage() {
	s.win.SetTitle(s.title())
	if s.prefs.Camouflage() {
		s.win.SetIcon(theme.FileTextIcon())
	} else {
		s.win.SetIcon(fyne.NewStaticResource("safehouse.png", assets.Icon))
	}
}

// setCamouflage turns camouflage on or off at once.
func (s *shell) setCamouflage(on bool) {
	s.prefs.SetCamouflage(on)
	s.applyCamouflage()
	if s.main != nil {
		s.main.setAppName(s.appName())
	}
}

// exportName returns the name offered for a new export file: name itself,
// or under camouflage "notes-" and eight random hex digits with name's
// extension (e.g. notes-3f9a01c2.vcf), which says nothing about what the
// file holds beyond its format.
func (s *shell) exportName(name string) string {
	if !s.prefs.Camouflage() {
		return name
	}
	var b [4]byte
	rand.Read(b[:])
	return "notes-" + hex.EncodeToString(b[:]) + filepath.Ext(name)
}

// setAppName shows name in the main window's top bar.
func (m *mainWindow) setAppName(name string) {
	m.appName.SetText(name)
}
