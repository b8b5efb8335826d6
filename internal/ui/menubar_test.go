package ui

import (
	"runtime"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/ui/rtl"
)

// TestMenuBarRightToLeft: in Arabic the main menu is a row inside the
// window, at its right edge with the first menu rightmost, and each
// button opens its menu below it; in English the window's own menu bar
// is used.
func TestMenuBarRightToLeft(t *testing.T) {
	if inWindowMenus(true) != (runtime.GOOS != "darwin") || inWindowMenus(false) {
		t.Fatal("menus inside the window only for right to left, and never on macOS")
	}
	if runtime.GOOS == "darwin" {
		return // the system draws the menu bar there
	}
	dir := makeVault(t)
	s, _ := newTestShell(t, dir, Options{Lang: "ar"})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
	if s.win.MainMenu() != nil {
		t.Fatal("the window's own (left-aligned) menu bar is still set")
	}
	mb := s.menuBar
	if mb == nil || len(mb.buttons) != 3 {
		t.Fatalf("menu bar = %+v", mb)
	}
	d := fyne.CurrentApp().Driver()
	width := s.win.Canvas().Size().Width
	first, last := mb.buttons[0], mb.buttons[len(mb.buttons)-1]
	firstPos, lastPos := d.AbsolutePositionForObject(first), d.AbsolutePositionForObject(last)
	if right := firstPos.X + first.Size().Width; right < width-30 {
		t.Errorf("first menu ends at x=%v of %v: not at the right edge", right, width)
	}
	if lastPos.X >= firstPos.X {
		t.Errorf("menus not in right-to-left order: first at %v, last at %v", firstPos.X, lastPos.X)
	}
	if first.Text != rtl.VisualOrder(s.tr.T("shell.menu.vault")) {
		t.Errorf("first menu = %q", first.Text)
	}
	test.Tap(first)
	if mb.open == nil || !mb.open.Visible() {
		t.Fatal("the Vault menu did not open")
	}
	if len(mb.open.Items) == 0 {
		t.Fatal("the Vault menu has no items")
	}
	menuPos := d.AbsolutePositionForObject(mb.open)
	if menuPos.Y < firstPos.Y+first.Size().Height-1 {
		t.Errorf("menu at y=%v, over its button (bottom %v)", menuPos.Y, firstPos.Y+first.Size().Height)
	}
	mb.open.Hide()

	// The Go menu's first item opens the dashboard, as Ctrl+1 does.
	s.main.show(ScreenContacts, nil)
	goMenu := mb.menus[2]
	goMenu.Items[0].Action()
	if s.main.current != ScreenDashboard {
		t.Errorf("Go › Dashboard showed %v", s.main.current)
	}
}

// TestMenuBarLeftToRight: in English the window's own menu bar is used.
func TestMenuBarLeftToRight(t *testing.T) {
	s, _, _ := unlocked(t)
	if s.menuBar != nil || s.win.MainMenu() == nil || len(s.win.MainMenu().Items) != 3 {
		t.Fatalf("menu bar %v, window menu %v", s.menuBar, s.win.MainMenu())
	}
}
