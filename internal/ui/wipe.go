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

// dangerZone is "Destroy this vault…" behind two confirmations. The first
// says what happens and what cannot be guaranteed (and, when the inbox
// folder has a processed-files folder, offers to delete it too); the
// second asks for the vault name (the vault folder's name), and its
// Destroy button stays disabled until the name is typed exactly. No
// passphrase is asked: a person under pressure may not be able to type it.
// Settings' Danger zone, the unlock screen, the recovery's first step and
// the first-run screen all use it.
type dangerZone struct {
	s *shell
	// section is Settings' Danger zone (nil elsewhere).
	section   fyne.CanvasObject
	button    *widget.Button
	vaultName string

	// the two confirmations
	step1   dialog.Dialog
	step2   dialog.Dialog
	name    *textField
	destroy *widget.Button
	// processed asks to delete the inbox's processed-files folder too; nil
	// when there is none.
	processed *widget.Check
}

// newDestroyConfirm returns the two-step confirmation for the vault s
// shows, with a "Destroy this vault…" button that starts it.
func newDestroyConfirm(s *shell) *dangerZone {
	z := &dangerZone{s: s, vaultName: app.VaultName(s.dir)}
	z.button = widget.NewButtonWithIcon(s.tr.T("settings.wipe.button"), theme.DeleteIcon(), z.showStep1)
	return z
}

// newDangerZone builds the Danger zone section of st.
func newDangerZone(st *settingsScreen) *dangerZone {
	tr := st.env.Tr
	z := newDestroyConfirm(st.s)
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

// processedCheck returns the "also delete the processed inbox files" box,
// or nil when the inbox folder has no processed-files folder.
func processedCheck(s *shell) *widget.Check {
	if !app.HasProcessed(s.prefs.InboxDir()) {
		return nil
	}
	return widget.NewCheck(s.tr.T("wipe.processed_check"), nil)
}

// showStep1 says what destroying does and what it cannot guarantee.
func (z *dangerZone) showStep1() {
	tr := z.s.tr
	limits := paragraph(tr.T("settings.wipe.step1_limits"))
	content := container.NewVBox(
		paragraph(tr.T("settings.wipe.step1_body")),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, limits),
	)
	if z.processed = processedCheck(z.s); z.processed != nil {
		content.Add(z.processed)
	}
	d := dialog.NewCustomConfirm(tr.T("settings.wipe.step1_title"), tr.T("settings.wipe.continue"), tr.T("common.cancel"),
		rtlContent(tr, content), func(ok bool) {
			if ok {
				z.showStep2()
			}
		}, z.s.win)
	d.Resize(fyne.NewSize(dialogForm, 0))
	z.step1 = d
	d.Show()
}

// showStep2 asks for the vault name; Destroy is enabled only while the
// entry holds exactly that name.
func (z *dangerZone) showStep2() {
	tr := z.s.tr
	z.name = newTextField()
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
	)), z.s.win)
	// Cancel first, the destructive button last and never the default:
	// Enter in the field does nothing.
	cancel := widget.NewButtonWithIcon(tr.T("common.cancel"), theme.CancelIcon(), d.Hide)
	d.SetButtons([]fyne.CanvasObject{cancel, z.destroy})
	d.Resize(fyne.NewSize(dialogForm, 0))
	z.step2 = d
	d.Show()
	z.s.win.Canvas().Focus(z.name)
}

// destroyNow destroys the vault if the typed name still matches.
func (z *dangerZone) destroyNow() {
	if z.name == nil || z.name.Text != z.vaultName || z.destroy.Disabled() {
		return
	}
	z.step2.Hide()
	z.s.destroyVault(z.processed != nil && z.processed.Checked)
}

// canDestroy reports whether a vault (or what is left of one) is there to
// destroy and nothing is in the middle of opening it.
func (s *shell) canDestroy() bool {
	if s.unlock != nil && s.unlock.busy {
		return false
	}
	if s.first != nil && s.first.busy {
		return false
	}
	return s.session != nil || vault.IsVaultDir(s.dir)
}

// destroyVault hides everything at once, as locking does (screens torn
// down, dialogs closed, clipboard cleared), forgets every trace Safehouse
// keeps outside the vault folder (see clearTraces), then drops the
// session without saving and wipes the vault on a background goroutine
// (with the session's lock, or taking the lock when the vault is not
// open), and shows the first-run screen (or the unlock screen, if the key
// file survived) with a one-line result. With processed, the inbox's
// processed-files folder is deleted too.
func (s *shell) destroyVault(processed bool) {
	if !s.canDestroy() {
		return
	}
	if s.main != nil {
		s.hideAll()
	}
	if s.unlock != nil {
		s.unlock.closePending()
		if s.unlock.rec != nil {
			s.unlock.rec.forget()
			s.unlock.rec = nil
		}
	}
	ov := s.win.Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
	sess := s.session
	if real := s.reviewOf; real != nil {
		// Reviewing the decoy: the vault's session is the one to destroy.
		sess.Close()
		sess, s.reviewOf = real, nil
	}
	s.session = nil
	s.lockedUnsaved, s.lockErr = false, nil
	s.first, s.unlock = nil, nil
	dir, inbox := s.dir, s.prefs.InboxDir()
	s.clearTraces()
	progress := widget.NewProgressBarInfinite()
	s.setContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(240, progress.MinSize().Height), progress)))
	s.goTask(func() {
		var rep vault.WipeReport
		var err error
		if sess != nil {
			rep, err = sess.Destroy()
		} else {
			rep, err = vault.Wipe(dir)
		}
		if processed {
			if perr := app.RemoveProcessed(inbox); perr != nil && err == nil {
				err = perr
			}
		}
		fyne.Do(func() {
			progress.Stop()
			s.showWipeResult(rep, err)
		})
	})
}

// clearTraces forgets every preference Safehouse stored outside the vault
// folder: the vault and inbox folders, the file dialogs' last folder, and
// every setting (language, theme, timeouts, shortcuts, camouflage), so
// nothing in the preferences file points at the vault or shows how it was
// used. The interface keeps its current language until the app restarts.
func (s *shell) clearTraces() {
	s.prefs.Clear()
}

// vaultGone is called by tick when the key file disappeared while this
// window holds the vault: another process (safehouse wipe) destroyed it.
// The session is dropped at once without saving, whatever the vault lock
// still protects is wiped with it, the preferences are cleared, and the
// first-run screen says what happened.
func (s *shell) vaultGone() {
	if s.main != nil {
		s.hideAll()
	}
	if s.unlock != nil {
		s.unlock.closePending()
	}
	ov := s.win.Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
	sess := s.session
	if real := s.reviewOf; real != nil {
		// Reviewing the decoy: the vault's session is the one to destroy.
		sess.Close()
		sess, s.reviewOf = real, nil
	}
	s.session = nil
	s.lockedUnsaved, s.lockErr = false, nil
	s.first, s.unlock = nil, nil
	s.clearTraces()
	if sess == nil {
		s.showOutsideWipe()
		return
	}
	progress := widget.NewProgressBarInfinite()
	s.setContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(240, progress.MinSize().Height), progress)))
	s.goTask(func() {
		// Nothing is saved: Destroy drops the data and wipes whatever a
		// save racing the other process may have written back.
		sess.Destroy()
		fyne.Do(func() {
			progress.Stop()
			s.showOutsideWipe()
		})
	})
}

// showOutsideWipe shows the start screen saying that the vault was
// destroyed from outside this window.
func (s *shell) showOutsideWipe() {
	s.showStart()
	s.showBanner(s.tr.T("wipe.outside"), false)
}

// checkVaultGone notices, from tick, that this window's vault lost its
// key file while it was open or being unlocked.
func (s *shell) checkVaultGone() {
	if s.session == nil && s.unlock == nil {
		return
	}
	if s.unlock != nil && s.unlock.busy {
		return
	}
	if vault.Exists(s.dir) {
		return
	}
	s.vaultGone()
}

// showWipeResult shows the start screen with one line saying how the wipe
// ended.
func (s *shell) showWipeResult(rep vault.WipeReport, err error) {
	text := s.tr.T(app.WipeDone(rep).ID, app.WipeDone(rep).Args)
	if err != nil {
		text = s.explain(app.WipeFailure(rep, err))
	}
	s.showStart()
	s.showBanner(text, err != nil)
}

// showBanner puts one line above the start screen, with a warning icon
// when warn is set.
func (s *shell) showBanner(text string, warn bool) {
	var screen fyne.CanvasObject
	switch {
	case s.first != nil:
		screen = s.first.content
	case s.unlock != nil:
		screen = s.unlock.content
	}
	icon := theme.ConfirmIcon()
	line := paragraph(text)
	if warn {
		icon = theme.WarningIcon()
		line.Importance = widget.DangerImportance
	}
	banner := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, line)
	top := container.NewVBox(container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*4, theme.Padding()*4), banner),
		widget.NewSeparator())
	s.setContent(container.NewBorder(top, nil, nil, nil, screen))
}

// buildSafety makes Settings' Safety section, just above the Danger zone:
// the emergency destroy shortcut (off by default) and camouflage (off by
// default).
func (st *settingsScreen) buildSafety() fyne.CanvasObject {
	tr := st.env.Tr
	s := st.s
	names := []string{tr.T("settings.safety.shortcut_off")}
	for _, k := range emergencyKeys {
		names = append(names, emergencyLabel(k))
	}
	st.emergency = widget.NewSelect(names, nil)
	st.emergency.SetSelectedIndex(0)
	for i, k := range emergencyKeys {
		if k == s.prefs.Emergency() {
			st.emergency.SetSelectedIndex(i + 1)
		}
	}
	st.emergency.OnChanged = func(string) {
		i := st.emergency.SelectedIndex()
		var k fyne.KeyName
		if i > 0 {
			k = emergencyKeys[i-1]
		}
		s.setEmergency(k)
	}
	st.camouflage = widget.NewCheck(tr.T("settings.safety.camouflage"), nil)
	st.camouflage.SetChecked(s.prefs.Camouflage())
	st.camouflage.OnChanged = s.setCamouflage
	return sectionCard(tr.T("settings.safety.heading"), container.NewVBox(
		paragraph(tr.T("settings.safety.shortcut_explain")),
		formRows(widget.NewFormItem(tr.T("settings.safety.shortcut_label"), st.emergency)),
		widget.NewSeparator(),
		st.camouflage,
		paragraph(tr.T("settings.safety.camouflage_explain")),
	))
}

// setEmergency stores the emergency shortcut's key ("" turns it off) and
// puts it in the main menu, so it works while a field has the focus.
func (s *shell) setEmergency(k fyne.KeyName) {
	if s.prefs.Emergency() == k {
		return
	}
	s.prefs.SetEmergency(k)
	if s.main != nil && s.menuBar == nil {
		s.win.SetMainMenu(s.mainMenu())
	}
}
