package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// portableRow is first run's line saying that the app runs in portable
// mode and which folder on the drive keeps the vault; a hidden, empty
// object (which takes no room) outside portable mode.
func (f *firstRunScreen) portableRow() fyne.CanvasObject {
	s := f.s
	if s.opts.Portable == "" {
		f.portableNote = nil
		none := container.NewWithoutLayout()
		none.Hide()
		return none
	}
	f.portableNote = paragraph(s.tr.T("firstrun.welcome.portable", "Dir", s.dir))
	f.portableNote.Importance = widget.HighImportance
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.StorageIcon())), nil, f.portableNote)
}
