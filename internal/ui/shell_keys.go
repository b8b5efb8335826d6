package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// hookInput makes keyboard input that reaches the canvas reset the idle
// timer and installs the shortcuts. Pointer input is seen by the
// activityCatcher around the content; typing into a focused entry is seen
// by checkIdle through the entry's cursor.
func (s *shell) hookInput() {
	c := s.win.Canvas()
	c.SetOnTypedKey(func(*fyne.KeyEvent) { s.touch() })
	c.SetOnTypedRune(func(rune) { s.touch() })
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { s.touch() })
	}
	for _, sc := range s.shortcuts() {
		c.AddShortcut(sc.shortcut, func(fyne.Shortcut) { sc.run() })
		ownShortcut(sc.shortcut)
	}
}

type shortcutAction struct {
	menu     string // message ID of the main menu that lists it
	label    string // message ID, or a navigation label's ID
	shortcut *desktop.CustomShortcut
	run      func()
	quit     bool // the menu's Quit item
}

// shortcuts lists the main window's keyboard shortcuts. They are installed
// on the canvas and, so they also work while a text field has the focus,
// as main menu items (Fyne gives a focused entry every shortcut first).
// Ctrl+1 … Ctrl+6 open the screens in navigation order, so every screen
// can be reached from the keyboard.
func (s *shell) shortcuts() []shortcutAction {
	mod := fyne.KeyModifierShortcutDefault
	key := func(k fyne.KeyName) *desktop.CustomShortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: mod}
	}
	out := []shortcutAction{
		{menu: "shell.menu.edit", label: "shell.menu.new", shortcut: key(fyne.KeyN), run: s.shortcutNew},
		{menu: "shell.menu.edit", label: "shell.menu.search", shortcut: key(fyne.KeyF), run: s.shortcutSearch},
		{menu: "shell.menu.vault", label: "shell.menu.save", shortcut: key(fyne.KeyS), run: s.shortcutSave},
		{menu: "shell.menu.vault", label: "shell.menu.lock", shortcut: key(fyne.KeyL), run: s.shortcutLock},
	}
	if k := s.prefs.Emergency(); k != "" {
		// Listed in the menu so it works while a field has the focus.
		out = append(out, shortcutAction{menu: "shell.menu.vault", label: "emergency.menu", shortcut: emergencyShortcut(k), run: func() {
			if s.prefs.Emergency() == k {
				s.emergencyDestroy()
			}
		}})
	}
	out = append(out, shortcutAction{menu: "shell.menu.vault", label: "shell.menu.quit", shortcut: key(fyne.KeyQ), run: s.quit, quit: true})
	digits := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	for i, e := range navEntries() {
		if i >= len(digits) {
			break
		}
		id := e.id
		out = append(out, shortcutAction{menu: "shell.menu.go", label: e.label, shortcut: key(digits[i]), run: func() { s.shortcutGo(id) }})
	}
	return out
}

// shortcutGo opens screen id (Ctrl+1 … Ctrl+6).
func (s *shell) shortcutGo(id ScreenID) {
	s.touch()
	if s.main != nil {
		s.main.navigate(id, nil)
	}
}

func (s *shell) shortcutNew() {
	s.touch()
	if s.main != nil {
		s.main.currentScreen().NewItem()
	}
}

func (s *shell) shortcutSearch() {
	s.touch()
	if s.main != nil {
		s.main.currentScreen().FocusSearch()
	}
}

// shortcutSave (Ctrl+S) saves the open form, if it has unsaved edits,
// and then the vault. A form that does not validate shows why and stays
// open; the vault is saved either way.
func (s *shell) shortcutSave() {
	s.touch()
	if s.main == nil {
		return
	}
	if f := s.main.activeForm(); f != nil && f.dirty() {
		f.submit()
		s.main.refreshSaveState()
	}
	s.saveNow()
}

func (s *shell) shortcutLock() {
	if s.main != nil {
		s.lock()
	}
}

// mainMenu builds the menu shown while unlocked: Vault, Edit and Go, in
// the order of shortcuts. The Vault menu ends with Quit, which closes the
// window the way its close button does (asking about unsaved edits and
// saving first), so Fyne adds no Quit of its own that would skip that.
func (s *shell) mainMenu() *fyne.MainMenu {
	var menus []*fyne.Menu
	byID := map[string]*fyne.Menu{}
	for _, id := range []string{"shell.menu.vault", "shell.menu.edit", "shell.menu.go"} {
		m := fyne.NewMenu(s.tr.T(id))
		byID[id] = m
		menus = append(menus, m)
	}
	for _, sc := range s.shortcuts() {
		item := fyne.NewMenuItem(s.tr.T(sc.label), sc.run)
		item.Shortcut = sc.shortcut
		if sc.quit {
			item.IsQuit = true
			byID[sc.menu].Items = append(byID[sc.menu].Items, fyne.NewMenuItemSeparator())
		}
		byID[sc.menu].Items = append(byID[sc.menu].Items, item)
	}
	return fyne.NewMainMenu(menus...)
}

// touch records user input now, resetting the idle timer.
func (s *shell) touch() {
	now := s.now()
	s.inputMu.Lock()
	s.lastInput = now
	s.inputMu.Unlock()
}
