package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// fakeScreen shows the canary and records its teardown.
type fakeScreen struct {
	label    *widget.Label
	search   *widget.Entry
	torn     bool
	newItems int
}

func (f *fakeScreen) Content() fyne.CanvasObject { return container.NewVBox(f.label, f.search) }
func (f *fakeScreen) Shown(any)                  {}
func (f *fakeScreen) NewItem()                   { f.newItems++ }
func (f *fakeScreen) FocusSearch()               {}
func (f *fakeScreen) Teardown()                  { f.torn = true; f.label.SetText(""); f.search.SetText("") }

// withFakeContacts makes s build a fakeScreen as its contacts screen.
func withFakeContacts(s *shell) **fakeScreen {
	var last *fakeScreen
	s.screens[ScreenContacts] = func(env *Env) Screen {
		c, err := env.Session.Store().Contacts().List(context.Background(), store.ContactFilter{})
		name := ""
		if err == nil && len(c) > 0 {
			name = c[0].Name
		}
		last = &fakeScreen{label: widget.NewLabel(name), search: widget.NewEntry()}
		last.search.SetText(name)
		return last
	}
	return &last
}

func shortcut(s *shell, key fyne.KeyName) {
	s.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
}

func TestSettingsLanguageSwitch(t *testing.T) {
	s, _, _ := unlocked(t)
	// A translator's file in the user locale folder, which overrides the
	// built-in French messages it has.
	if err := os.WriteFile(filepath.Join(s.localeDir, "fr.toml"), []byte(
		"[nav.settings]\nother = \"Paramètres (essai)\"\n\n[lock.button]\nother = \"Verrouiller (essai)\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	idx := -1
	for i, tag := range st.langTags {
		if tag == "fr" {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("French not offered: %v", st.langTags)
	}
	st.language.SetSelectedIndex(idx)
	if s.main == nil || s.main.current != ScreenSettings {
		t.Fatal("settings not shown after the switch")
	}
	if got := s.main.navButtons[ScreenSettings].Text; got != "Paramètres (essai)" {
		t.Errorf("navigation = %q", got)
	}
	if got := s.main.lockButton.Text; got != "Verrouiller (essai)" {
		t.Errorf("lock button = %q", got)
	}
	if s.prefs.Language() != "fr" {
		t.Errorf("language preference = %q", s.prefs.Language())
	}
	if s.main.screens[ScreenSettings] == Screen(st) {
		t.Error("old settings screen kept")
	}
}

func TestSettingsTimeoutsStored(t *testing.T) {
	s, _, _ := unlocked(t)
	s.main.navigate(ScreenSettings, nil)
	st := s.main.screens[ScreenSettings].(*settingsScreen)
	st.autoLock.SetSelectedIndex(0)
	st.clipboard.SetSelectedIndex(0)
	if s.autoLock != 0 || s.prefs.AutoLock() != 0 {
		t.Errorf("auto-lock = %v / %v", s.autoLock, s.prefs.AutoLock())
	}
	if s.clip.Timeout() != 10*time.Second || s.prefs.ClipboardClear() != 10*time.Second {
		t.Errorf("clipboard = %v", s.clip.Timeout())
	}
}

func TestMissingScreenShowsPlaceholder(t *testing.T) {
	// Every screen is built in; take one away from this shell's table.
	s, _, _ := unlocked(t)
	delete(s.screens, ScreenEvents)
	s.main.navigate(ScreenEvents, nil)
	if !containsText(canvasTexts(s.win.Canvas()), s.tr.T("shell.not_available")) {
		t.Error("no placeholder for a missing screen")
	}
}

// Each shell owns its table of screens: every content screen is built
// from it, Settings by the shell, and a change to one shell's table
// leaves other shells alone.
func TestScreenTableOwnedByShell(t *testing.T) {
	s, _, _ := unlocked(t)
	for id, want := range map[ScreenID]string{
		ScreenDashboard: "*ui.dashboardScreen",
		ScreenContacts:  "*ui.contactsScreen",
		ScreenEvents:    "*ui.eventsScreen",
		ScreenTutorials: "*ui.tutorialsScreen",
		ScreenSharing:   "*ui.sharingScreen",
		ScreenSettings:  "*ui.settingsScreen",
	} {
		if got := fmt.Sprintf("%T", s.main.screen(id)); got != want {
			t.Errorf("screen %s is %s, want %s", id, got, want)
		}
	}
	other, _ := newTestShell(t, makeVault(t), Options{})
	delete(other.screens, ScreenContacts)
	if s.screens[ScreenContacts] == nil || contentScreens()[ScreenContacts] == nil {
		t.Error("a change to one shell's table reached another")
	}
}

func TestNetworkDeny(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()

	test.NewTempApp(t) // registers Fyne's own http handlers
	DenyNetwork()
	before := NetworkAttempts()
	rt := widget.NewRichTextFromMarkdown("![](" + srv.URL + "/x.png)\n\n[link](" + srv.URL + "/y)")
	w := test.NewTempWindow(t, rt)
	w.Resize(fyne.NewSize(400, 300))
	w.Canvas().Refresh(rt)
	_ = w.Canvas().Capture()
	if _, err := http.Get(srv.URL + "/direct"); err == nil {
		t.Error("http.Get was not refused")
	}
	deadline := time.Now().Add(5 * time.Second)
	for NetworkAttempts()-before < 2 && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("test server got %d requests", n)
	}
	if NetworkAttempts()-before < 2 {
		t.Errorf("refused attempts = %d; the image load was not attempted", NetworkAttempts()-before)
	}
}

// The main window at 1280x800 with a small fixed data set and the fixed
// clock: navigation, save indicator, dashboard.
func TestShellMainMarkup(t *testing.T) {
	s, clk, _ := unlocked(t)
	ctx := context.Background()
	st := s.session.Store()
	now := clk.Now()
	for _, c := range []*contact.Contact{
		{Name: "Amina K.", Kind: contact.KindPerson, Stage: contact.StageAdvocate},
		{Name: "Bao Tran", Kind: contact.KindPerson, Stage: contact.StageSupporter},
		{Name: "Open Net", Kind: contact.KindOrganization, Stage: contact.StageMember},
		{Name: "Print Shop", Kind: contact.KindBusiness, Stage: contact.StageProspect},
	} {
		if err := st.Contacts().Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ev := &event.Event{Title: "Crypto party", Start: now.Add(48 * time.Hour), TimeZone: "UTC", Status: event.StatusPlanned}
	if err := st.Events().Add(ctx, ev); err != nil {
		t.Fatal(err)
	}
	for _, tk := range []*event.Task{
		{EventID: ev.ID, Title: "Book the room", Due: date.Of(now).AddDays(-1)},
		{EventID: ev.ID, Title: "Print flyers"},
	} {
		if err := st.Tasks().Add(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	s.main.navigate(ScreenDashboard, nil)
	d := s.main.screens[ScreenDashboard].(*dashboardScreen)
	if d.upcoming != 1 || d.openTasks != 2 || d.overdueTasks != 1 {
		t.Fatalf("dashboard counts %d/%d/%d", d.upcoming, d.openTasks, d.overdueTasks)
	}
	test.AssertRendersToMarkup(t, "shell_main.xml", s.win.Canvas())
}

// In the main window, list and detail fill the content area on wide
// windows (list about 40 %, detail the rest) and the detail hint wraps
// at the pane's width.
func TestListDetailFillsWideWindow(t *testing.T) {
	s, _, _ := unlocked(t)
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1440, Height: 900}} {
		s.win.Resize(size)
		for _, id := range []ScreenID{ScreenContacts, ScreenEvents} {
			s.main.navigate(id, nil)
			var md *masterDetail
			switch scr := s.main.screens[id].(type) {
			case *contactsScreen:
				md = scr.panes.layout
			case *eventsScreen:
				md = scr.panes.layout
			}
			body := s.main.body.Size()
			l, d := md.list.Size(), md.detail.Size()
			if l.Width+d.Width < body.Width-2*theme.Padding() || d.Width < body.Width*0.55 || l.Width < body.Width*0.35 {
				t.Errorf("%s at %v: list %v, detail %v of %v", id, size, l.Width, d.Width, body.Width)
			}
			if md.detail.MinSize().Height > body.Height {
				t.Errorf("%s at %v: detail needs %v high", id, size, md.detail.MinSize().Height)
			}
		}
	}
}
