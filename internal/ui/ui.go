// Package ui is Safehouse's desktop interface, built with Fyne.
//
// # Shell and screens
//
// The shell (this file, shell_keys.go, shell_session.go,
// shell_settings.go, firstrun.go, unlock.go, mainwindow.go, settings.go)
// owns the window: first run, unlock, the main window's navigation, save
// indicator, Lock button and shortcuts, auto-lock, clipboard clearing and
// the network deny layer. The content screens (dashboard, contacts,
// events, tutorials, sharing) implement [Screen]; the shell builds them
// from its table of constructors (contentScreens) when they are first
// shown after unlock, and tears them down on lock.
//
// # Threads
//
// Fyne widgets are touched only on the UI thread. Slow work (key
// derivation, saving) runs on goroutines that report back with [fyne.Do].
// Every such goroutine is counted in shell.tasks so tests can wait for it
// instead of sleeping.
package ui

import (
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/ui/rtl"
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

// contentScreens returns the constructors of the content screens by ID:
// the table each new shell starts from (shell.screens). Settings is built
// by the shell itself; an ID with no constructor shows a placeholder.
func contentScreens() map[ScreenID]func(*Env) Screen {
	return map[ScreenID]func(*Env) Screen{
		ScreenDashboard: newDashboardScreen,
		ScreenContacts:  newContactsScreen,
		ScreenEvents:    newEventsScreen,
		ScreenTutorials: newTutorialsScreen,
		ScreenSharing:   newSharingScreen,
	}
}

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

	// screens builds the content screens (contentScreens; tests replace
	// entries).
	screens map[ScreenID]func(*Env) Screen
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
		screens:       contentScreens(),
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
// language is written right to left (see package rtl).
//
// The keyboard focus is dropped with the old content: a field that is no
// longer shown would otherwise keep it and, where no main menu sees
// shortcuts first (right to left), swallow every shortcut typed next.
func (s *shell) setContent(obj fyne.CanvasObject) {
	s.win.Canvas().Unfocus()
	s.root.Layout = layout.NewStackLayout()
	if s.tr.RTL() {
		rtl.Mirror(s.root)
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
		// A validation code without a message (a newer vault's).
		m = app.Message{ID: "error.unknown"}
	}
	text := s.tr.T(m.ID, m.Args)
	if m.Then != "" {
		text += " " + s.tr.T(m.Then)
	}
	return text
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
