package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// dangerZone is the last section of Settings: destroying the vault, behind
// two confirmations. The first says what happens and what cannot be
// guaranteed; the second asks for the vault name (the vault folder's
// name), and its Destroy button stays disabled until the name is typed
// exactly. No passphrase is asked: whoever holds the unlocked window can
// already read everything.
type dangerZone struct {
	st        *settingsScreen
	section   fyne.CanvasObject
	button    *widget.Button
	vaultName string

	// the two confirmations
	step1   dialog.Dialog
	step2   dialog.Dialog
	name    *widget.Entry
	destroy *widget.Button
}

// newDangerZone builds the Danger zone section of st.
func newDangerZone(st *settingsScreen) *dangerZone {
	tr := st.env.Tr
	z := &dangerZone{st: st, vaultName: app.VaultName(st.s.dir)}
	z.button = widget.NewButtonWithIcon(tr.T("settings.wipe.button"), theme.DeleteIcon(), z.showStep1)
	z.button.Importance = widget.DangerImportance
	title := heading(tr.T("settings.wipe.heading"))
	title.Importance = widget.DangerImportance
	// A separator and a warning icon set it apart, not colour alone.
	z.section = container.NewVBox(
		widget.NewSeparator(),
		widget.NewCard("", "", container.NewVBox(
			container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, title),
			paragraph(tr.T("settings.wipe.explain")),
			container.NewHBox(z.button),
		)),
	)
	return z
}

// showStep1 says what destroying does and what it cannot guarantee.
func (z *dangerZone) showStep1() {
	tr := z.st.env.Tr
	limits := paragraph(tr.T("settings.wipe.step1_limits"))
	content := container.NewVBox(
		paragraph(tr.T("settings.wipe.step1_body")),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, limits),
	)
	d := dialog.NewCustomConfirm(tr.T("settings.wipe.step1_title"), tr.T("settings.wipe.continue"), tr.T("common.cancel"),
		rtlContent(tr, content), func(ok bool) {
			if ok {
				z.showStep2()
			}
		}, z.st.s.win)
	d.Resize(fyne.NewSize(520, 0))
	z.step1 = d
	d.Show()
}

// showStep2 asks for the vault name; Destroy is enabled only while the
// entry holds exactly that name.
func (z *dangerZone) showStep2() {
	tr := z.st.env.Tr
	z.name = widget.NewEntry()
	z.destroy = widget.NewButtonWithIcon(tr.T("settings.wipe.destroy"), theme.DeleteIcon(), z.destroyNow)
	z.destroy.Importance = widget.DangerImportance
	z.destroy.Disable()
	z.name.OnChanged = func(text string) {
		if text == z.vaultName {
			z.destroy.Enable()
		} else {
			z.destroy.Disable()
		}
	}
	d := dialog.NewCustomWithoutButtons(tr.T("settings.wipe.step2_title"), rtlContent(tr, container.NewVBox(
		paragraph(tr.T("settings.wipe.step2_body", "Name", z.vaultName)),
		z.name,
	)), z.st.s.win)
	// Cancel first, the destructive button last and never the default:
	// Enter in the field does nothing.
	cancel := widget.NewButtonWithIcon(tr.T("common.cancel"), theme.CancelIcon(), d.Hide)
	d.SetButtons([]fyne.CanvasObject{cancel, z.destroy})
	d.Resize(fyne.NewSize(520, 0))
	z.step2 = d
	d.Show()
	z.st.s.win.Canvas().Focus(z.name)
}

// destroyNow destroys the vault if the typed name still matches.
func (z *dangerZone) destroyNow() {
	if z.name == nil || z.name.Text != z.vaultName || z.destroy.Disabled() {
		return
	}
	z.step2.Hide()
	z.st.s.destroyVault()
}

// destroyVault hides everything at once, as locking does (screens torn
// down, dialogs closed, clipboard cleared), then drops the session and
// wipes the vault on a background goroutine, and shows the first-run
// screen (or the unlock screen, if the key file survived) with a one-line
// result.
func (s *shell) destroyVault() {
	if s.main == nil || s.session == nil {
		return
	}
	s.hideAll()
	sess := s.session
	s.session = nil
	s.lockedUnsaved, s.lockErr = false, nil
	progress := widget.NewProgressBarInfinite()
	s.setContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(240, progress.MinSize().Height), progress)))
	s.goTask(func() {
		rep, err := sess.Destroy()
		fyne.Do(func() {
			progress.Stop()
			s.showWipeResult(rep, err)
		})
	})
}

// showWipeResult shows the start screen with one line saying how the wipe
// ended.
func (s *shell) showWipeResult(rep vault.WipeReport, err error) {
	m := app.ExplainWipe(rep, err)
	text := s.tr.T(m.ID, m.Args)
	if !s.tr.Has(m.ID) {
		text = s.explain(err)
	}
	s.showStart()
	var screen fyne.CanvasObject
	switch {
	case s.first != nil:
		screen = s.first.content
	case s.unlock != nil:
		screen = s.unlock.content
	}
	icon := theme.ConfirmIcon()
	line := paragraph(text)
	if err != nil {
		icon = theme.WarningIcon()
		line.Importance = widget.DangerImportance
	}
	banner := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, line)
	top := container.NewVBox(container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*4, theme.Padding()*4), banner),
		widget.NewSeparator())
	s.setContent(container.NewBorder(top, nil, nil, nil, screen))
}
