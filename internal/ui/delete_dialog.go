package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// confirmer is an open confirmation dialog tests can answer: a Fyne
// confirm dialog or a [deleteDialog].
type confirmer interface {
	Confirm()
	Hide()
}

// deleteDialog asks before something is deleted. Its text names exactly
// what goes and what else changes; its destructive button is red with a
// trash icon. Fyne's confirm dialogs put a ✓ on the confirm button and
// give no way to change it, so this is a custom dialog: Cancel first,
// then Delete on the side where dialogs put their action.
type deleteDialog struct {
	dialog *dialog.CustomDialog
	// text is the whole question as shown, for tests.
	text         string
	cancelButton *widget.Button
	deleteButton *widget.Button
	onDelete     func()
	done         bool
}

// showDeleteDialog shows the question (each of lines a paragraph, the
// first one in bold) and runs onDelete if the user presses Delete.
// onClosed, if not nil, runs whenever the dialog goes away, deleted or
// not.
func showDeleteDialog(env *Env, title string, lines []string, onDelete, onClosed func()) *deleteDialog {
	d := &deleteDialog{text: strings.Join(lines, "\n"), onDelete: onDelete}
	col := container.NewVBox()
	for i, l := range lines {
		p := paragraph(l)
		if i == 0 {
			p.TextStyle = fyne.TextStyle{Bold: true}
		}
		col.Add(p)
	}
	icon := widget.NewIcon(theme.NewErrorThemedResource(theme.DeleteIcon()))
	content := container.NewBorder(nil, nil, container.NewVBox(icon), nil, col)
	d.dialog = dialog.NewCustomWithoutButtons(title, rtlContent(env.Tr, content), env.Window)
	d.cancelButton = widget.NewButtonWithIcon(env.T("common.cancel"), theme.CancelIcon(), d.Hide)
	d.deleteButton = widget.NewButtonWithIcon(env.T("common.delete"), theme.DeleteIcon(), d.Confirm)
	d.deleteButton.Importance = widget.DangerImportance
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancelButton, d.deleteButton})
	d.dialog.SetOnClosed(func() {
		if onClosed != nil {
			onClosed()
		}
	})
	d.dialog.Resize(fyne.NewSize(dialogMessage, 0))
	d.dialog.Show()
	return d
}

// Confirm deletes, as the Delete button does (once).
func (d *deleteDialog) Confirm() {
	if d.done {
		return
	}
	d.done = true
	d.dialog.Hide()
	d.onDelete()
}

// Hide closes the dialog without deleting anything.
func (d *deleteDialog) Hide() {
	d.done = true
	d.dialog.Hide()
}

// dialogSize is want, shrunk to leave a margin inside the window on
// small screens (800x600 and below), so no part of a dialog falls
// outside it.
func dialogSize(env *Env, want fyne.Size) fyne.Size {
	if env.Window == nil {
		return want
	}
	c := env.Window.Canvas().Size()
	margin := 4 * theme.Padding()
	if c.Width > 0 && want.Width > c.Width-margin {
		want.Width = c.Width - margin
	}
	if c.Height > 0 && want.Height > c.Height-margin {
		want.Height = c.Height - margin
	}
	return want
}
