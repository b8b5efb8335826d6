package ui

import (
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/passphrase"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// settingsScreen holds the preferences, passphrase tools and About.
type settingsScreen struct {
	env     *Env
	s       *shell
	content fyne.CanvasObject

	language  *widget.Select
	langTags  []string
	themeSel  *widget.Select
	autoLock  *widget.Select
	clipboard *widget.Select
	vaultPath *widget.Label
	inboxOn   *widget.Check
	inboxPath *widget.Label
	inboxPick *widget.Button

	// change passphrase dialog
	oldPass, newPass1, newPass2 *textField
	changeMeter                 *strengthMeter
	changeErrRow                *fyne.Container
	changeErr                   *widget.Label
	changeDialog                dialog.Dialog
	changeBusy                  bool
	// busy shows a progress bar while a passphrase is checked or changed
	// (key derivation takes about a second); busyText is its message.
	busy     dialog.Dialog
	busyText string
	// recovery key dialog
	recoveryPass   *textField
	recoveryDialog dialog.Dialog
	recoveryIntro  *widget.Label // after a passphrase change: the key is new
	recoveryKey    *recoveryKeyView
	recoveryBody   *fyne.Container // the key, the check, or its result
	recoveryWrote  *widget.Button
	recoveryCheck  *keyCheck
	recoveryAgain  *widget.Button
	recoveryDone   *widget.Label

	// Safety: the emergency destroy shortcut and camouflage (wipe.go,
	// emergency.go, camouflage.go)
	emergency  *widget.Select
	camouflage *widget.Check
	// duress is the duress passphrase section (duress.go).
	duress *duressCard

	loadLocale   *widget.Button
	localeNotice dialog.Dialog
}

var themeChoices = []string{themeSystem, themeLight, themeDark}

func newSettingsScreen(env *Env, s *shell) *settingsScreen {
	st := &settingsScreen{env: env, s: s}
	tr := env.Tr

	langNames, langTags, cur := languageChoices(tr, s.opts.Dev)
	st.langTags = langTags
	st.language = widget.NewSelect(langNames, nil)
	st.language.SetSelectedIndex(cur)
	st.language.OnChanged = func(string) {
		if i := st.language.SelectedIndex(); i >= 0 && st.langTags[i] != tr.Lang() {
			// Pick up files dropped into the translation folder since.
			s.reloadLocales()
			s.setLanguage(st.langTags[i])
		}
	}

	var themeNames []string
	for _, c := range themeChoices {
		themeNames = append(themeNames, tr.T("settings.theme."+c))
	}
	st.themeSel = widget.NewSelect(themeNames, nil)
	for i, c := range themeChoices {
		if c == s.prefs.Theme() {
			st.themeSel.SetSelectedIndex(i)
		}
	}
	st.themeSel.OnChanged = func(string) {
		if i := st.themeSel.SelectedIndex(); i >= 0 {
			s.setTheme(themeChoices[i])
		}
	}

	var lockNames []string
	for _, d := range autoLockChoices {
		if d == 0 {
			lockNames = append(lockNames, tr.T("settings.autolock.off"))
		} else {
			lockNames = append(lockNames, tr.N("settings.minutes", int(d/time.Minute)))
		}
	}
	st.autoLock = widget.NewSelect(lockNames, nil)
	for i, d := range autoLockChoices {
		if d == s.autoLock {
			st.autoLock.SetSelectedIndex(i)
		}
	}
	st.autoLock.OnChanged = func(string) {
		if i := st.autoLock.SelectedIndex(); i >= 0 {
			s.setAutoLock(autoLockChoices[i])
		}
	}

	var clipNames []string
	for _, d := range clipboardChoices {
		clipNames = append(clipNames, tr.N("settings.seconds", int(d/time.Second)))
	}
	st.clipboard = widget.NewSelect(clipNames, nil)
	for i, d := range clipboardChoices {
		if d == s.clip.Timeout() {
			st.clipboard.SetSelectedIndex(i)
		}
	}
	st.clipboard.OnChanged = func(string) {
		if i := st.clipboard.SelectedIndex(); i >= 0 {
			s.setClipboardClear(clipboardChoices[i])
		}
	}

	st.vaultPath = widget.NewLabel(s.dir)
	st.vaultPath.Selectable = true
	st.vaultPath.Wrapping = fyne.TextWrapBreak
	copyPath := widget.NewButtonWithIcon(tr.T("common.copy"), theme.ContentCopyIcon(), func() { s.clip.Copy(s.dir) })

	inboxCard := st.buildInbox()

	changePass := widget.NewButtonWithIcon(tr.T("settings.change_passphrase"), keyIcon, st.showChangePassphrase)
	showKey := widget.NewButtonWithIcon(tr.T("settings.show_recovery"), theme.VisibilityIcon(), st.showRecoveryKey)

	version := s.opts.Version
	if version == "" {
		version = "dev"
	}
	form := formRows(
		widget.NewFormItem(tr.T("settings.language_label"), st.language),
		widget.NewFormItem(tr.T("settings.theme_label"), st.themeSel),
		widget.NewFormItem(tr.T("settings.autolock_label"), st.autoLock),
		widget.NewFormItem(tr.T("settings.clipboard_label"), st.clipboard),
	)
	about := container.NewVBox(
		widget.NewLabel(tr.T("settings.about.version", "Version", version)),
		widget.NewLabel(tr.T("settings.about.licence")),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ConfirmIcon())), nil,
			paragraph(tr.T("settings.about.offline"))),
	)
	// The title sits where every other screen has it.
	st.content = container.NewBorder(screenTitle(tr.T("nav.settings")), nil, nil, nil, container.NewVScroll(container.NewVBox(
		sectionCard(tr.T("settings.section.general"), form),
		st.buildLocales(),
		sectionCard(tr.T("settings.section.security"),
			container.NewVBox(container.NewHBox(changePass, showKey))),
		st.buildSafety(),
		st.buildDuress(),
		sectionCard(tr.T("settings.vault_location"),
			container.NewBorder(nil, nil, nil, copyPath, st.vaultPath)),
		inboxCard,
		sectionCard(tr.T("settings.section.about"), about),
		st.dangerZone(),
	)))
	return st
}

// dangerZone is the Danger zone section; while the decoy is reviewed
// there is none (the vault is destroyed from the vault, or with the
// emergency shortcut, which destroys the vault in any case).
func (st *settingsScreen) dangerZone() fyne.CanvasObject {
	if st.s.reviewOf != nil {
		return layout.NewSpacer()
	}
	return newDangerZone(st).section
}

// buildInbox makes the Sharing section: the inbox folder switch, the
// folder chooser and the chosen path.
func (st *settingsScreen) buildInbox() fyne.CanvasObject {
	tr := st.env.Tr
	prefs := st.s.prefs
	st.inboxPath = widget.NewLabel("")
	st.inboxPath.Selectable = true
	st.inboxPath.Wrapping = fyne.TextWrapBreak
	st.inboxPick = widget.NewButtonWithIcon(tr.T("settings.inbox.choose"), theme.FolderOpenIcon(), st.chooseInbox)
	st.inboxOn = widget.NewCheck(tr.T("settings.inbox.enable"), nil)
	st.inboxOn.SetChecked(prefs.InboxEnabled())
	st.inboxOn.OnChanged = func(on bool) {
		prefs.SetInboxEnabled(on)
		st.showInbox()
	}
	st.showInbox()
	return sectionCard(tr.T("settings.inbox.heading"), container.NewVBox(
		paragraph(tr.T("settings.inbox.explain")),
		st.inboxOn,
		container.NewBorder(nil, nil, nil, st.inboxPick, st.inboxPath),
	))
}

// showInbox mirrors the inbox preferences.
func (st *settingsScreen) showInbox() {
	dir := st.s.prefs.InboxDir()
	if dir == "" {
		st.inboxPath.SetText(st.env.T("settings.inbox.no_folder"))
	} else {
		st.inboxPath.SetText(dir)
	}
	if st.inboxOn.Checked {
		st.inboxPick.Enable()
	} else {
		st.inboxPick.Disable()
	}
}

// setInboxDir stores the chosen inbox folder.
func (st *settingsScreen) setInboxDir(dir string) {
	st.s.prefs.SetInboxDir(dir)
	st.showInbox()
}

// chooseInbox asks for the inbox folder.
func (st *settingsScreen) chooseInbox() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			st.env.ShowError(err)
			return
		}
		if u == nil || u.Scheme() != "file" {
			return
		}
		st.setInboxDir(u.Path())
	}, st.s.win)
	d.Show()
}

func (st *settingsScreen) Content() fyne.CanvasObject { return st.content }
func (st *settingsScreen) Shown(any)                  {}
func (st *settingsScreen) NewItem()                   {}
func (st *settingsScreen) FocusSearch()               {}

// Teardown closes the passphrase dialogs and forgets the recovery key.
func (st *settingsScreen) Teardown() {
	if st.changeDialog != nil {
		st.changeDialog.Hide()
	}
	if st.recoveryDialog != nil {
		st.recoveryDialog.Hide()
	}
	st.hideBusy()
	if st.recoveryKey != nil {
		st.recoveryKey.Clear()
	}
	st.recoveryKey, st.recoveryCheck = nil, nil
	st.oldPass, st.newPass1, st.newPass2, st.recoveryPass = nil, nil, nil, nil
}

// showChangePassphrase asks for the old passphrase and the new one twice.
func (st *settingsScreen) showChangePassphrase() {
	tr := st.env.Tr
	st.oldPass = newPasswordTextField()
	st.newPass1 = newPasswordTextField()
	st.newPass2 = newPasswordTextField()
	st.changeMeter = newStrengthMeter(tr)
	st.changeErrRow, st.changeErr = newErrorLine()
	st.newPass1.OnChanged = func(p string) { st.changeMeter.Update(p) }
	content := container.NewVBox(
		widget.NewLabel(tr.T("settings.pass.old")), st.oldPass,
		widget.NewLabel(tr.T("firstrun.pass.label")), st.newPass1,
		widget.NewLabel(tr.T("firstrun.pass.repeat_label")), st.newPass2,
		st.changeMeter, st.changeErrRow,
	)
	var d *dialog.ConfirmDialog
	confirm := func(ok bool) {
		if !ok || st.oldPass == nil {
			return
		}
		oldP, p1, p2 := st.oldPass.Text, st.newPass1.Text, st.newPass2.Text
		switch {
		case utf8.RuneCountInString(p1) < passphrase.MinLength:
			setErrorLine(st.changeErrRow, st.changeErr, tr.T("passphrase.too_short", "Min", passphrase.MinLength))
			d.Show()
			return
		case p1 != p2:
			setErrorLine(st.changeErrRow, st.changeErr, tr.T("passphrase.mismatch"))
			d.Show()
			return
		}
		st.oldPass.SetText("")
		st.newPass1.SetText("")
		st.newPass2.SetText("")
		oldB, newB := []byte(oldP), []byte(p1)
		st.changeBusy = true
		st.showBusy(tr.T("settings.change_passphrase"), tr.T("settings.pass.changing"))
		sess := st.env.Session
		s := st.s
		s.goTask(func() {
			err := sess.ChangePassphrase(oldB, newB)
			clear(oldB)
			clear(newB)
			var key string
			if err == nil {
				key, err = sess.RecoveryKey()
			}
			fyne.Do(func() {
				st.changeBusy = false
				st.hideBusy()
				if st.oldPass == nil {
					return
				}
				if err != nil {
					setErrorLine(st.changeErrRow, st.changeErr, s.explain(err))
					d.Show()
					return
				}
				setErrorLine(st.changeErrRow, st.changeErr, "")
				// The data key changed with the passphrase: the old
				// paper is void, so the new key is shown at once.
				st.recoveryIntro = paragraph(tr.T("settings.pass.changed") + " " + tr.T("settings.pass.new_recovery"))
				st.recoveryIntro.Importance = widget.WarningImportance
				st.showKey(key)
			})
		})
	}
	d = dialog.NewCustomConfirm(tr.T("settings.change_passphrase"), tr.T("settings.pass.change"), tr.T("common.cancel"),
		rtlContent(tr, content), confirm, st.s.win)
	d.Resize(fyne.NewSize(dialogMessage, 0))
	st.changeDialog = d
	d.Show()
	st.s.win.Canvas().Focus(st.oldPass)
}

// showRecoveryKey asks for the passphrase again, then shows the recovery
// key for writing down (showKey).
func (st *settingsScreen) showRecoveryKey() {
	tr := st.env.Tr
	st.recoveryPass = newPasswordTextField()
	errRow, errLabel := newErrorLine()
	content := container.NewVBox(paragraph(tr.T("settings.recovery.confirm")), st.recoveryPass, errRow)
	var d *dialog.ConfirmDialog
	check := func(ok bool) {
		if !ok || st.recoveryPass == nil {
			return
		}
		pass := []byte(st.recoveryPass.Text)
		st.recoveryPass.SetText("")
		s := st.s
		sess := st.env.Session
		st.showBusy(tr.T("settings.show_recovery"), tr.T("settings.pass.checking"))
		s.goTask(func() {
			err := sess.Vault().CheckPassphrase(pass)
			clear(pass)
			var key string
			if err == nil {
				key, err = sess.RecoveryKey()
			}
			fyne.Do(func() {
				st.hideBusy()
				if st.recoveryPass == nil {
					return
				}
				if err != nil {
					setErrorLine(errRow, errLabel, s.explain(err))
					d.Show()
					return
				}
				st.recoveryIntro = nil
				st.showKey(key)
			})
		})
	}
	d = dialog.NewCustomConfirm(tr.T("settings.show_recovery"), tr.T("settings.recovery.show"), tr.T("common.cancel"),
		rtlContent(tr, content), check, st.s.win)
	d.Resize(fyne.NewSize(dialogMessage, 0))
	st.recoveryDialog = d
	st.recoveryPass.OnSubmitted = func(string) { d.Hide(); check(true) }
	d.Show()
	st.s.win.Canvas().Focus(st.recoveryPass)
}

// showKey shows the recovery key's groups with "Show large", then, after
// "I wrote it down", asks for one group back. Close skips the check.
func (st *settingsScreen) showKey(key string) {
	tr := st.env.Tr
	groups := vault.RecoveryKeyGroups(key)
	st.recoveryBody = container.NewStack()
	var showGroups func()
	showGroups = func() {
		disp := newKeyDisplay(st.s, groups)
		st.recoveryKey = disp.view
		st.recoveryCheck = nil
		st.recoveryWrote = widget.NewButtonWithIcon(tr.T("firstrun.recovery.done"), theme.ConfirmIcon(), func() {
			st.recoveryKey.Clear()
			st.recoveryKey = nil
			st.recoveryCheck = newKeyCheck(tr, groups, func() {
				st.recoveryCheck = nil
				st.recoveryDone = paragraph(tr.T("recovery.check_ok"))
				st.setRecoveryBody(container.NewBorder(nil, nil,
					container.NewVBox(widget.NewIcon(theme.ConfirmIcon())), nil, st.recoveryDone))
			})
			st.recoveryAgain = widget.NewButtonWithIcon(tr.T("recovery.look_again"), theme.VisibilityIcon(), showGroups)
			st.recoveryCheck.entry.OnEscape = showGroups
			st.setRecoveryBody(container.NewVBox(st.recoveryCheck.content,
				st.recoveryCheck.buttons(st.recoveryAgain, nil)))
			st.s.win.Canvas().Focus(st.recoveryCheck.entry)
		})
		st.recoveryWrote.Importance = widget.HighImportance
		disp.content.Add(container.NewHBox(layout.NewSpacer(), st.recoveryWrote))
		st.setRecoveryBody(disp.content)
	}
	showGroups()
	title, content := tr.T("settings.show_recovery"), fyne.CanvasObject(st.recoveryBody)
	if st.recoveryIntro != nil {
		title = tr.T("settings.change_passphrase")
		content = container.NewVBox(st.recoveryIntro, st.recoveryBody)
	}
	d := dialog.NewCustom(title, tr.T("common.close"), rtlContent(tr, content), st.s.win)
	d.SetOnClosed(func() {
		if st.recoveryKey != nil {
			st.recoveryKey.Clear()
		}
		for i := range groups {
			groups[i] = ""
		}
		st.recoveryKey, st.recoveryCheck, st.recoveryIntro = nil, nil, nil
	})
	d.Resize(fyne.NewSize(dialogWide, 0))
	st.recoveryDialog = d
	d.Show()
}

// showBusy shows a dialog with a moving progress bar and text, which
// nothing but hideBusy closes: the key derivation behind it takes a second
// or more, and the window stays responsive meanwhile.
func (st *settingsScreen) showBusy(title, text string) {
	st.hideBusy()
	bar := widget.NewProgressBarInfinite()
	st.busyText = text
	st.busy = dialog.NewCustomWithoutButtons(title,
		rtlContent(st.env.Tr, container.NewVBox(paragraph(text), bar)), st.s.win)
	st.busy.Resize(fyne.NewSize(dialogMessage, 0))
	st.busy.Show()
}

// hideBusy closes the progress dialog, if any.
func (st *settingsScreen) hideBusy() {
	if st.busy != nil {
		st.busy.Hide()
		st.busy, st.busyText = nil, ""
	}
}

// setRecoveryBody replaces what the recovery key dialog shows.
func (st *settingsScreen) setRecoveryBody(obj fyne.CanvasObject) {
	st.recoveryBody.Objects = []fyne.CanvasObject{obj}
	st.recoveryBody.Refresh()
}
