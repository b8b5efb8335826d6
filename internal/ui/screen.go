package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/i18n"
)

// Env is what every screen of an unlocked vault gets: the session, the
// translator, the window, and the services that must be shared (clipboard
// with automatic clearing, clock). Screens keep no global state; a test
// builds an Env by hand.
type Env struct {
	Session   *app.Session
	Tr        *i18n.Translator
	Window    fyne.Window
	Clipboard *Clipboard
	// Now returns the current time; tests inject a fixed clock.
	Now func() time.Time
	// Changed must be called after every write to the store, so the save
	// indicator updates at once and the autosaver picks the change up.
	Changed func()
	// ShowError shows one translated line for err (see app.Explain).
	ShowError func(err error)
	// Navigate switches the main window to another screen, e.g. from a
	// dashboard card to the filtered contact list.
	Navigate func(id ScreenID, filter any)
	// Background runs slow work (a query) off the UI thread; the work
	// reports back with fyne.Do. The shell counts these tasks, so tests
	// can wait for them. Nil means a plain goroutine.
	Background func(func())
	// FormChanged must be called when a field of an open form changes,
	// so the header can say "Unsaved changes" at once (see forms.go).
	FormChanged func()
	// ExportName returns the name to offer for a new export file, given
	// the usual one (neutral under camouflage); nil keeps the usual name.
	ExportName func(name string) string

	// leave is the open "unsaved changes" question, for tests.
	leave *leaveDialog
}

// exportName returns the name to offer for a new export file (see
// ExportName).
func (e *Env) exportName(name string) string {
	if e.ExportName == nil {
		return name
	}
	return e.ExportName(name)
}

// T translates a message ID with optional key/value arguments.
func (e *Env) T(id string, args ...any) string { return e.Tr.T(id, args...) }

// ScreenID names a main-window screen.
type ScreenID string

// The main-window screens, in navigation order.
const (
	ScreenDashboard ScreenID = "dashboard"
	ScreenContacts  ScreenID = "contacts"
	ScreenEvents    ScreenID = "events"
	ScreenTutorials ScreenID = "tutorials"
	ScreenSharing   ScreenID = "sharing"
	ScreenSettings  ScreenID = "settings"
)

// Screen is one page of the main window. The main window owns navigation,
// the save indicator, the Lock button and keyboard shortcuts; a screen owns
// its content.
type Screen interface {
	// Content returns the screen's root object (built once).
	Content() fyne.CanvasObject
	// Shown is called each time the screen becomes visible, with an
	// optional filter passed through Env.Navigate; reload data here.
	Shown(filter any)
	// NewItem handles Ctrl+N (no-op where nothing can be created).
	NewItem()
	// FocusSearch handles Ctrl+F (no-op without a search field).
	FocusSearch()
	// Teardown drops every reference to user data; called on lock.
	Teardown()
}

// areaFiller is implemented by screens that scroll their own parts (a
// list beside a detail pane, a scrolling card grid). The main window gives
// them exactly the content area instead of wrapping them in a scroll
// container; their minimum size must stay small enough for 800x600.
type areaFiller interface{ fillsArea() }
