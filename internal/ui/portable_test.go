package ui

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/portable"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// envPortableChild names the stick folder for
// TestPortableSessionChild, set by TestPortableSessionLeavesHostUntouched.
const envPortableChild = "SAFEHOUSE_TEST_PORTABLE_STICK"

// TestPortableSessionLeavesHostUntouched is issue 13 §3's session test.
// TestPortableSessionChild runs the desktop app in portable mode, with the
// toolkit's real preferences storage (not the test app's in-memory one),
// in a process of its own whose HOME, TMPDIR and XDG folders are empty
// folders: first run, add and search a contact, share it into a file on
// the stick, change a setting, lock, unlock, quit. A process of its own,
// because the toolkit watches its preferences folder until the process
// ends and recreates it when it is deleted. Afterwards every host folder
// is still empty, and the vault, its generation record, the preferences
// and the shared file are on the stick, the preferences naming no folder.
func TestPortableSessionLeavesHostUntouched(t *testing.T) {
	sandbox := t.TempDir()
	host := map[string]string{}
	env := []string{"PATH=" + os.Getenv("PATH")}
	for _, name := range []string{"HOME", "TMPDIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", ""} {
		d := filepath.Join(sandbox, "host-"+strings.ToLower(name))
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		host[name] = d
		if name != "" {
			env = append(env, name+"="+d)
		}
	}
	stick := filepath.Join(t.TempDir(), "stick")
	if err := os.Mkdir(stick, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPortableSessionChild$", "-test.count=1", "-test.v")
	cmd.Env = append(env, envPortableChild+"="+stick)
	cmd.Dir = host[""]
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestPortableSessionChild") {
		t.Fatalf("the portable session failed: %v\n%s", err, out)
	}

	for name, d := range host {
		err := filepath.WalkDir(d, func(p string, _ fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != d {
				t.Errorf("portable mode wrote %s (in the folder of %q)", p, name)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	l := portable.New(stick)
	if !vault.Exists(l.VaultDir()) {
		t.Error("no vault on the stick")
	}
	if seen, _ := os.ReadDir(l.SeenDir()); len(seen) == 0 {
		t.Error("no generation record on the stick")
	}
	if fi, err := os.Stat(filepath.Join(stick, "shared.age")); err != nil || fi.Size() == 0 {
		t.Errorf("shared file: %v", err)
	}
	var prefsFiles []string
	err = filepath.WalkDir(l.Root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "preferences.json" {
			prefsFiles = append(prefsFiles, p)
		}
		return err
	})
	if err != nil || len(prefsFiles) != 1 {
		t.Fatalf("preferences files on the stick: %q, %v", prefsFiles, err)
	}
	b, err := os.ReadFile(prefsFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"theme":"dark"`) {
		t.Errorf("the setting is not in the stick's preferences: %s", b)
	}
	if strings.Contains(string(b), prefVaultDir) || strings.Contains(string(b), stick) {
		t.Errorf("the preferences name a folder: %s", b)
	}
}

// TestPortableSessionChild is the session of
// TestPortableSessionLeavesHostUntouched, run in its own process; run
// directly (without envPortableChild) it does nothing.
func TestPortableSessionChild(t *testing.T) {
	stick := os.Getenv(envPortableChild)
	if stick == "" {
		return
	}
	// As cmd/safehouse does: redirect the folders, then create the app.
	l := portable.New(stick)
	if err := portable.Apply(l, runtime.GOOS, os.Setenv); err != nil {
		t.Fatal(err)
	}
	vault.SetSeenDir(l.SeenDir())
	a := fyneapp.NewWithID("org.safehouse.Safehouse")
	clk := newFakeClock()
	s, err := newShell(a, Options{
		VaultDir: l.VaultDir(), LocaleDir: l.LocaleDir(), InboxDir: l.InboxDir(),
		Portable: l.Root, Now: clk.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	s.win.Resize(fyne.NewSize(1280, 800))

	// First run says it runs from the drive, and where the vault is.
	f := s.first
	if f == nil || f.portableNote == nil {
		t.Fatal("first run has no portable mode line")
	}
	if txt := f.portableNote.Text; !strings.Contains(txt, "Portable mode") || !strings.Contains(txt, l.VaultDir()) {
		t.Errorf("portable line %q", txt)
	}
	if !containsText(canvasTexts(s.win.Canvas()), f.portableNote.Text) {
		t.Error("portable line not on screen")
	}
	f.showPassphrase()
	f.pass1.SetText(testPass)
	f.pass2.SetText(testPass)
	test.Tap(f.create)
	waitTasks(t, s)
	test.Tap(f.later)
	if s.main == nil {
		t.Fatal("main window not shown after first run")
	}

	// Edit and search.
	s.main.navigate(ScreenContacts, nil)
	cs := s.main.screen(ScreenContacts).(*contactsScreen)
	cs.debounce.delay = 0
	cs.async = func(fn func()) { fn() }
	cs.NewItem()
	test.Type(cs.form.name, "Stick Person")
	test.Tap(cs.form.save)
	test.Type(cs.search, "stick")
	if got := itemNames(cs); len(got) != 1 || got[0] != "Stick Person" {
		t.Fatalf("search found %q", got)
	}

	// Share the contact into a passphrase-protected file on the stick.
	s.main.navigate(ScreenSharing, nil)
	sa := s.main.screen(ScreenSharing).(*sharingScreen)
	sa.showShare()
	sf := sa.share
	test.Tap(sf.contactsOn)
	sf.contactChecks[0].SetChecked(true)
	test.Tap(sf.next)
	sf.how.SetSelected(s.tr.T("sharing.share.to_passphrase"))
	test.Type(sf.pass1, "a bundle passphrase")
	test.Type(sf.pass2, "a bundle passphrase")
	test.Tap(sf.next)
	if sf.step != stepCheck {
		t.Fatalf("share stopped at step %d: %q", sf.step, sf.errLabel.Text)
	}
	wc, err := storage.Writer(storage.NewFileURI(filepath.Join(stick, "shared.age")))
	if err != nil {
		t.Fatal(err)
	}
	sf.saveTo(wc)
	waitTasks(t, s) // the file is sealed off the UI thread
	if sf.step != stepSaved {
		t.Fatalf("share not saved: %q", sf.errLabel.Text)
	}
	test.Tap(sf.done)

	// A setting goes into the toolkit's preferences; the inbox folder
	// defaults to the stick's.
	s.setTheme(themeDark)
	if got := s.prefs.InboxDir(); got != l.InboxDir() {
		t.Errorf("inbox folder %q, want %q", got, l.InboxDir())
	}

	// Lock, unlock, quit.
	shortcut(s, fyne.KeyL)
	waitTasks(t, s)
	if s.unlock == nil || s.session != nil {
		t.Fatal("not locked")
	}
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
	s.quit()
	waitTasks(t, s)
	if s.session != nil {
		t.Fatal("session still open after quit")
	}
	a.Quit()
}

// Outside portable mode first run has no portable line, and the vault
// folder is remembered as before.
func TestNotPortableRemembersVaultDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	s, _ := newTestShell(t, dir, Options{})
	if s.first == nil || s.first.portableNote != nil {
		t.Fatal("portable line outside portable mode")
	}
	if got := s.prefs.InboxDir(); got != "" {
		t.Errorf("inbox folder %q without a choice", got)
	}
	f := s.first
	f.showPassphrase()
	f.pass1.SetText(testPass)
	f.pass2.SetText(testPass)
	test.Tap(f.create)
	waitTasks(t, s)
	test.Tap(f.later)
	if got := s.prefs.VaultDir(); got != dir {
		t.Errorf("vault folder remembered as %q, want %q", got, dir)
	}
}

// A folder the user chose for the inbox wins over portable mode's.
func TestPortableInboxChoiceWins(t *testing.T) {
	s, _ := newTestShell(t, filepath.Join(t.TempDir(), "vault"), Options{InboxDir: "/stick/safehouse-data/inbox", Portable: "/stick/safehouse-data"})
	if got := s.prefs.InboxDir(); got != "/stick/safehouse-data/inbox" {
		t.Errorf("default inbox %q", got)
	}
	s.prefs.SetInboxDir("/elsewhere")
	if got := s.prefs.InboxDir(); got != "/elsewhere" {
		t.Errorf("chosen inbox %q", got)
	}
}

// The welcome text says where the vault is: on this computer, or in
// portable mode on the drive.
func TestPortableWelcomeSaysDrive(t *testing.T) {
	for _, c := range []struct {
		portable string
		want     string
	}{{"", "firstrun.welcome.intro"}, {"/stick/safehouse-data", "firstrun.welcome.intro_portable"}} {
		s, _ := newTestShell(t, filepath.Join(t.TempDir(), "vault"), Options{Portable: c.portable})
		texts := canvasTexts(s.win.Canvas())
		if !containsText(texts, s.tr.T(c.want)) {
			t.Errorf("portable %q: the welcome does not say %q", c.portable, s.tr.T(c.want))
		}
	}
}
