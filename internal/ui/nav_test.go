package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestNarrowWindowShowsRail(t *testing.T) {
	s, _, _ := unlocked(t)
	s.win.Resize(fyne.NewSize(800, 600))
	s.win.Content().Refresh()
	m := s.main
	if m.sidebar.Visible() {
		t.Fatal("the sidebar is shown at 800x600")
	}
	r := m.railItems[ScreenContacts]
	if !m.rail.Visible() || r.Size().Width < railWidth-1 {
		t.Fatalf("the rail is not shown at 800x600 (visible %v, size %v)", m.rail.Visible(), r.Size())
	}
	test.Tap(r)
	if m.current != ScreenContacts {
		t.Fatalf("tapping the rail opened %q", m.current)
	}
	if !r.current || m.railItems[ScreenDashboard].current {
		t.Fatal("the rail does not mark the current screen")
	}
	// Keyboard: Space on a focused rail item chooses it.
	set := m.railItems[ScreenSettings]
	s.win.Canvas().Focus(set)
	set.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if m.current != ScreenSettings {
		t.Fatal("Space on a rail item did not open its screen")
	}
	s.win.Resize(fyne.NewSize(1280, 800))
	s.win.Content().Refresh()
	if !m.sidebar.Visible() || m.rail.Visible() {
		t.Fatal("the sidebar did not come back at 1280x800")
	}
}

func TestShortcutsOpenScreens(t *testing.T) {
	s, _, _ := unlocked(t)
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6}
	for i, e := range navEntries() {
		shortcut(s, keys[i])
		if s.main.current != e.id {
			t.Fatalf("Ctrl+%d opened %q, want %q", i+1, s.main.current, e.id)
		}
	}
}

func TestMenuHasOneQuitThatAsks(t *testing.T) {
	s, _, _ := unlocked(t)
	menu := s.mainMenu()
	var quits []*fyne.MenuItem
	for _, m := range menu.Items {
		for _, it := range m.Items {
			if it.IsQuit {
				quits = append(quits, it)
			}
		}
	}
	if len(quits) != 1 || quits[0] != menu.Items[0].Items[len(menu.Items[0].Items)-1] {
		t.Fatal("the Vault menu does not end with our one Quit item (Fyne would add one that skips the questions)")
	}
	editCanary(t, s, "unsaved")
	quits[0].Action()
	if s.main.env.leave == nil || s.session == nil {
		t.Fatal("Quit with a dirty form did not ask")
	}
}
