// Package ui is Safehouse's desktop interface, built with Fyne.
//
// # Shell and screens
//
// The shell (this file, firstrun.go, unlock.go, mainwindow.go, settings.go)
// owns the window: first run, unlock, the main window's navigation, save
// indicator, Lock button and shortcuts, auto-lock, clipboard clearing and
// the network deny layer. The content screens (dashboard, contacts,
// events, tutorials) implement [Screen] and register a constructor in
// screenFactories from their files' init functions; the shell builds them
// after unlock and tears them down on lock.
//
// # Threads
//
// Fyne widgets are touched only on the UI thread. Slow work (key
// derivation, saving) runs on goroutines that report back with [fyne.Do].
// Every such goroutine is counted in shell.tasks so tests can wait for it
// instead of sleeping.
package ui

import (
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// Options configure [Run].
type Options struct {
	// VaultDir is the vault folder; "" means the last one used, or
	// [vault.DefaultDir].
	VaultDir string
	// Demo marks a throwaway vault of sample data: a DEMO badge is shown and
	// the unlock field is prefilled with [DemoPassphrase].
	Demo bool
	// Lang is the interface language (BCP 47) when the user has not chosen
	// one in Settings; "" means English.
	Lang string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Version is shown in Settings › About.
	Version string
	// LocaleDir is the folder of the user's own translation files; ""
	// means i18n.UserDir. Tests point it at a temporary folder.
	LocaleDir string
	// Dev turns on tools for developers and translators: the language
	// choosers list the pseudo-locale. cmd/safehouse sets it when
	// SAFEHOUSE_DEV=1.
	Dev bool
	// Portable is the data folder beside the executable when the app runs
	// in portable mode (internal/portable), else "". First run says so,
	// and the vault folder is not remembered in the preferences (the
	// drive's path changes from one computer to the next).
	Portable string
	// InboxDir is the inbox folder used until the user chooses one; ""
	// means none. Portable mode sets it to the drive's inbox folder.
	InboxDir string
}

// DemoPassphrase is the passphrase of demo vaults.
const DemoPassphrase = "demo"

// screenFactories maps each content screen to its constructor. The
// content screens' files fill it from init; a missing entry shows a
// placeholder. Settings is built by the shell itself.
var screenFactories = map[ScreenID]func(*Env) Screen{}

// Timings of the shell's background work.
const (
	autosaveInterval = 250 * time.Millisecond
	tickInterval     = time.Second
)

// Run opens the Safehouse window on a and blocks until it is closed. It
// installs the network deny layer first.
func Run(a fyne.App, opts Options) error {
	a.SetIcon(fyne.NewStaticResource("safehouse.png", assets.Icon))
	s, err := newShell(a, opts)
	if err != nil {
		return err
	}
	s.live = true
	stop := s.startTicker()
	defer stop()
	go s.exitOnSignal()
	s.win.ShowAndRun()
	endFocusChecks()
	return nil
}

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
// anyway (the last successful save, at most a second old with autosave,
// is what stays on disk).
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

// shell is the state of the Safehouse window.
type shell struct {
	app   fyne.App
	win   fyne.Window
	opts  Options
	now   func() time.Time
	tr    *i18n.Translator
	prefs *Prefs
	// localeSources are extra translation files loaded over the embedded
	// ones: the files of localeDir (see settings_locale.go).
	localeSources []i18n.Source
	localeDir     string
	clip          *Clipboard
	dir           string
	// menuBar is the main menu drawn inside the window (right-to-left
	// interfaces, see menubar.go); nil when the window's own is used.
	menuBar *menuBar
	root    *fyne.Container // holds the current screen inside the activity catcher

	// live starts background timers (autosave, idle and clipboard ticks);
	// tests leave it off and drive Tick, checkIdle and clearDue directly.
	live  bool
	tasks sync.WaitGroup

	// session is the open vault, or nil. While locked it is non-nil only in
	// the "locked, not saved" state: the save on lock failed and the
	// changes are kept in memory until the user unlocks and saves.
	session   *app.Session
	listening *app.Session // session whose save state we listen to
	// lastScreen is the screen shown when the vault was locked; unlocking
	// returns to it.
	lastScreen    ScreenID
	lockedUnsaved bool
	lockErr       error
	locking       chan struct{} // closed when a lock's save has finished
	autosaver     *app.Autosaver
	stopAutosave  func()

	inputMu   sync.Mutex
	lastInput time.Time
	autoLock  time.Duration
	focusSig  focusSignature

	first  *firstRunScreen
	unlock *unlockScreen
	main   *mainWindow
	// emergency is the emergency shortcut's open confirmation, or nil.
	emergency *emergencyDialog
	// reviewOf is the vault's session while its decoy is reviewed (the
	// decoy is then s.session; see duress.go); reviewBack is the
	// banner's button back to the vault.
	reviewOf   *app.Session
	reviewBack *widget.Button
}

func newShell(a fyne.App, opts Options) (*shell, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	prefs := newPrefs(a.Preferences())
	prefs.inboxDefault = opts.InboxDir
	dir := opts.VaultDir
	if d := prefs.VaultDir(); dir == "" && d != "" && vault.IsVaultDir(d) {
		// The folder of the last vault used, while it still holds one
		// (not, say, an unplugged stick's empty mount point).
		dir = d
	}
	if dir == "" {
		d, err := vault.DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	lang := prefs.Language()
	if lang == "" {
		lang = opts.Lang
	}
	localeDir := opts.LocaleDir
	if localeDir == "" {
		// No folder (no home directory) only means no user files.
		localeDir, _ = i18n.UserDir(os.Getenv)
	}
	localeSources, err := loadUserLocales(localeDir)
	if err != nil {
		fyne.LogError("translation folder", err)
	}
	// A rejected user file is skipped (Settings shows why); New fails
	// only when the embedded English source is broken.
	tr, err := i18n.New(lang, localeSources...)
	if tr == nil {
		return nil, err
	}
	// Fyne registered its own http handlers when a was created: replace
	// them before anything can be rendered.
	DenyNetwork()
	if t := prefs.Theme(); t != themeSystem {
		applyTheme(a, t)
	}
	if err := applyFyneLanguage(tr); err != nil {
		fyne.LogError("toolkit language", err)
	}
	s := &shell{
		app:      a,
		opts:     opts,
		now:      opts.Now,
		tr:       tr,
		prefs:    prefs,
		dir:      dir,
		autoLock: prefs.AutoLock(),

		localeDir:     localeDir,
		localeSources: localeSources,
	}
	s.clip = NewClipboard(a.Clipboard(), opts.Now, prefs.ClipboardClear())
	s.win = a.NewWindow(s.title())
	s.win.Resize(fyne.NewSize(1100, 720))
	s.root = container.NewStack()
	s.win.SetContent(newActivityCatcher(s.root, s.touch))
	s.win.SetCloseIntercept(s.quit)
	s.hookInput()
	s.installEmergency()
	s.applyCamouflage()
	s.showStart()
	return s, nil
}

// title is the window title: always neutral, never user data.
func (s *shell) title() string {
	t := s.appName()
	if s.opts.Demo && !s.prefs.Camouflage() {
		t = s.tr.T("shell.title_demo", "App", t)
	}
	return t
}

// setContent shows obj as the whole window content, mirrored when the
// language is written right to left (see rtl.go).
//
// The keyboard focus is dropped with the old content: a field that is no
// longer shown would otherwise keep it and, where no main menu sees
// shortcuts first (right to left), swallow every shortcut typed next.
func (s *shell) setContent(obj fyne.CanvasObject) {
	s.win.Canvas().Unfocus()
	s.root.Layout = layout.NewStackLayout()
	if s.tr.RTL() {
		mirrorRoot(s.root)
	}
	s.root.Objects = []fyne.CanvasObject{obj}
	s.root.Refresh()
}

// showStart shows first run when dir holds no vault, else the unlock screen.
func (s *shell) showStart() {
	if vault.Exists(s.dir) {
		s.showUnlock()
		return
	}
	s.showFirstRun()
}

func (s *shell) showFirstRun() {
	s.lastScreen = ""
	s.unlock = nil
	s.first = newFirstRunScreen(s)
	s.setContent(s.first.content)
	s.win.Canvas().Focus(nil)
}

func (s *shell) showUnlock() {
	s.first = nil
	s.unlock = newUnlockScreen(s)
	s.setContent(s.unlock.content)
	s.win.Canvas().Focus(s.unlock.pass)
}

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

// wait blocks until every background task started so far has finished,
// or timeout passes; it reports whether they finished. Tests use it.
func (s *shell) wait(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() {
		s.tasks.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}

// goTask runs fn on a new goroutine counted in s.tasks.
func (s *shell) goTask(fn func()) {
	s.tasks.Add(1)
	go func() {
		defer s.tasks.Done()
		fn()
	}()
}

// explain returns the one translated line describing err.
func (s *shell) explain(err error) string {
	m := app.Explain(err)
	if !s.tr.Has(m.ID) {
		switch {
		case vault.IsDamaged(err):
			m = app.Message{ID: "error.damaged"}
		default:
			m = app.Message{ID: "error.unknown"}
		}
	}
	return s.tr.T(m.ID, m.Args)
}

// openMain shows the main window on sess.
func (s *shell) openMain(sess *app.Session) {
	s.first, s.unlock = nil, nil
	s.session = sess
	s.lockedUnsaved, s.lockErr = false, nil
	if s.listening != sess {
		s.listening = sess
		sess.OnSaveState(func(st app.SaveState) {
			fyne.Do(func() {
				if s.main != nil && s.session == sess {
					s.main.showSaveState(st)
				}
			})
		})
	}
	// Unlocking ran the quick check; the full one reports through the
	// save state.
	sess.CheckInBackground()
	s.autosaver = app.NewAutosaver(sess)
	if s.live {
		s.stopAutosave = s.autosaver.Start(autosaveInterval)
	}
	if !s.opts.Demo && s.opts.Portable == "" {
		s.prefs.SetVaultDir(s.dir)
	}
	start := ScreenDashboard
	if s.lastScreen != "" {
		start = s.lastScreen
	}
	s.buildMain(start)
	s.main.resumeDrafts()
	s.touch()
}

// buildMain (re)builds the main window and shows screen id.
func (s *shell) buildMain(id ScreenID) {
	s.main = newMainWindow(s, s.session)
	s.menuBar = nil
	content := s.main.content
	if banner := s.decoyBanner(); banner != nil {
		content = container.NewBorder(banner, nil, nil, nil, content)
	}
	if inWindowMenus(s.tr.RTL()) {
		s.menuBar = newMenuBar(s.mainMenu())
		s.setContent(container.NewBorder(
			container.NewVBox(s.menuBar.box, widget.NewSeparator()), nil, nil, nil, content))
		s.win.SetMainMenu(nil)
	} else {
		s.setContent(content)
		s.win.SetMainMenu(s.mainMenu())
	}
	s.main.showSaveState(s.session.State())
	s.main.show(id, nil)
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
