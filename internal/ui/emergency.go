package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
)

// The emergency shortcut (Settings › Safety, off by default) destroys the
// vault after one confirmation, from any screen, the unlock screen
// included. Ctrl (Cmd on macOS) + Shift + the chosen key.

// emergencyModifier is the emergency shortcut's modifiers.
const emergencyModifier = fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift

// emergencyShortcut returns the shortcut for key.
func emergencyShortcut(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: emergencyModifier}
}

// emergencyLabel is how Settings names the shortcut for key, e.g.
// "Ctrl+Shift+Delete" (key names are not translated).
func emergencyLabel(key fyne.KeyName) string {
	return emergencyShortcut(key).ShortcutName()[len("CustomDesktop:"):]
}

// takeEmergency runs the emergency shortcut when sc is the one chosen,
// and reports whether it was: an escEntry's OnShortcut.
func (s *shell) takeEmergency(sc fyne.Shortcut) bool {
	if !s.isEmergency(sc) {
		return false
	}
	s.emergencyDestroy()
	return true
}

// isEmergency reports whether sc is the emergency shortcut the user chose.
func (s *shell) isEmergency(sc fyne.Shortcut) bool {
	key := s.prefs.Emergency()
	return key != "" && sc != nil && sc.ShortcutName() == emergencyShortcut(key).ShortcutName()
}

// installEmergency puts every possible emergency shortcut on the canvas;
// each does something only while it is the chosen one. Entries that hold
// the focus see shortcuts first: the main menu (while unlocked) and the
// unlock screen's passphrase field pass it on too.
func (s *shell) installEmergency() {
	for _, k := range emergencyKeys {
		sc := emergencyShortcut(k)
		s.win.Canvas().AddShortcut(sc, func(got fyne.Shortcut) {
			if s.isEmergency(got) {
				s.emergencyDestroy()
			}
		})
		ownShortcut(sc)
	}
}

// emergencyDestroy asks once, then destroys the vault as Settings' Danger
// zone does. Cancel is the default; the dialog says what goes.
func (s *shell) emergencyDestroy() {
	if s.prefs.Emergency() == "" || !s.canDestroy() || s.emergency != nil {
		return
	}
	tr := s.tr
	var d *dialog.CustomDialog
	destroy := widget.NewButtonWithIcon(tr.T("settings.wipe.destroy"), theme.DeleteIcon(), func() {
		d.Hide()
		s.destroyVault(false)
	})
	destroy.Importance = widget.DangerImportance
	cancel := widget.NewButtonWithIcon(tr.T("common.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr.T("emergency.title"), rtlContent(tr, container.NewVBox(
		paragraph(tr.T("emergency.body", "Name", app.VaultName(s.dir))),
	)), s.win)
	d.SetButtons([]fyne.CanvasObject{cancel, destroy})
	d.SetOnClosed(func() { s.emergency = nil })
	d.Resize(fyne.NewSize(dialogMessage, 0))
	s.emergency = &emergencyDialog{dialog: d, destroy: destroy, cancel: cancel}
	d.Show()
	s.win.Canvas().Focus(cancel)
}

// emergencyDialog is the emergency shortcut's open confirmation.
type emergencyDialog struct {
	dialog  *dialog.CustomDialog
	destroy *widget.Button
	cancel  *widget.Button
}

// emergencyEntry is a password field that passes the emergency shortcut
// on to the shell: Fyne gives a focused field every shortcut first.
type emergencyEntry struct {
	widget.Entry
	s *shell
}

func newEmergencyPasswordEntry(s *shell) *emergencyEntry {
	e := &emergencyEntry{s: s}
	e.Password = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	// The wrapper is what sits in the canvas: Fyne's show/hide button
	// must find it.
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut runs the emergency shortcut, or what the field does.
func (e *emergencyEntry) TypedShortcut(sc fyne.Shortcut) {
	if e.s.isEmergency(sc) {
		e.s.emergencyDestroy()
		return
	}
	if passShortcut(e, sc) {
		return
	}
	e.Entry.TypedShortcut(sc)
}

func (e *emergencyEntry) baseEntry() *widget.Entry { return &e.Entry }
