package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Fyne draws its own menu bar (everywhere but macOS, where the system's
// menu bar is used) from the left edge of the window, whatever the
// language. In a right-to-left interface the menus belong at the right,
// the first one rightmost, so there the shell puts the same menus in a
// row of buttons inside the window instead: the row goes through the
// mirroring like everything else (package rtl). The shortcuts do not depend
// on it: they are the canvas's own (shell.addShortcuts).

// inWindowMenus reports whether the main menu is drawn inside the window
// (right-to-left interfaces, where the system draws no menu bar).
func inWindowMenus(rtl bool) bool { return rtl && runtime.GOOS != "darwin" }

// menuBar is the main menu as a row of buttons, each opening its menu
// below it, aligned to the button's trailing (right) edge.
type menuBar struct {
	box     *fyne.Container
	buttons []*widget.Button
	menus   []*fyne.Menu
	// open is the menu shown last (tests read it).
	open *widget.PopUpMenu
}

func newMenuBar(menu *fyne.MainMenu) *menuBar {
	mb := &menuBar{box: container.NewHBox()}
	for _, m := range menu.Items {
		var b *widget.Button
		b = widget.NewButton(m.Label, func() { mb.show(m, b) })
		b.Importance = widget.LowImportance
		mb.buttons = append(mb.buttons, b)
		mb.menus = append(mb.menus, m)
		mb.box.Add(b)
	}
	return mb
}

// show opens m below its button b, its right edge at the button's.
func (mb *menuBar) show(m *fyne.Menu, b *widget.Button) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(b)
	if c == nil {
		return
	}
	pop := widget.NewPopUpMenu(m, c)
	pos := d.AbsolutePositionForObject(b)
	x := pos.X + b.Size().Width - pop.MinSize().Width
	if x < 0 {
		x = 0
	}
	mb.open = pop
	pop.ShowAtPosition(fyne.NewPos(x, pos.Y+b.Size().Height))
}
