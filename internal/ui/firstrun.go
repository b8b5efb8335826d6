package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// firstRunScreen walks through creating a vault in three steps: what
// Safehouse protects (with the language chooser), choosing a passphrase,
// and an optional paper copy of the recovery key, checked by typing one
// group back.
type firstRunScreen struct {
	s       *shell
	content *fyne.Container
	step    int
	// destroy offers to destroy what is left of a vault in the folder
	// (a key file that was lost, a first run that never finished); nil
	// when the folder holds no Safehouse vault files.
	destroy *dangerZone
	// column is the centred column of the current step (tests measure it).
	column fyne.CanvasObject

	// step 1
	language *widget.Select
	langTags []string
	next     *widget.Button

	// portableNote says where the vault is kept in portable mode; nil
	// otherwise.
	portableNote *widget.Label

	// step 2
	chooser      *passphraseChooser
	pass1, pass2 *escEntry
	meter        *strengthMeter
	suggested    *widget.Label
	create       *widget.Button
	back         *widget.Button
	progress     *widget.ProgressBarInfinite
	hintRow      *fyne.Container
	hintLabel    *widget.Label
	busy         bool

	// step 3
	session   *app.Session
	groups    []string
	keyShown  *keyDisplay
	keyView   *recoveryKeyView
	showLarge *widget.Button
	done      *widget.Button
	later     *widget.Button
	check     *keyCheck
	lookAgain *widget.Button
}

func newFirstRunScreen(s *shell) *firstRunScreen {
	f := &firstRunScreen{s: s, content: container.NewStack()}
	f.showWelcome()
	return f
}

func (f *firstRunScreen) setStep(n int, body fyne.CanvasObject) {
	f.step = n
	tr := f.s.tr
	stepLabel := widget.NewLabel(tr.T("firstrun.step", "Step", n, "Total", 3))
	stepLabel.Importance = widget.LowImportance
	page := container.NewVBox(stepLabel, body)
	f.column = page
	f.content.Objects = []fyne.CanvasObject{centredPage(620, page)}
	f.content.Refresh()
}

// Step 1: the language, what Safehouse protects and what it cannot.
func (f *firstRunScreen) showWelcome() {
	s := f.s
	tr := s.tr
	names, tags, cur := languageChoices(tr, s.opts.Dev)
	f.langTags = tags
	f.language = widget.NewSelect(names, nil)
	f.language.SetSelectedIndex(cur)
	f.language.OnChanged = func(string) {
		if i := f.language.SelectedIndex(); i >= 0 && f.langTags[i] != tr.Lang() {
			// Remembered like the Settings choice; the welcome step is
			// rebuilt in the new language at once.
			s.reloadLocales()
			s.setLanguage(f.langTags[i])
			if s.first != nil && s.first.language != nil {
				s.win.Canvas().Focus(s.first.language)
			}
		}
	}
	f.next = widget.NewButtonWithIcon(tr.T("common.next"), theme.NavigateNextIcon(), f.showPassphrase)
	f.next.Importance = widget.HighImportance
	f.next.IconPlacement = widget.ButtonIconTrailingText
	body := container.NewVBox(
		container.NewHBox(layout.NewSpacer(), widget.NewLabel(tr.T("settings.language_label")), f.language),
		heading(tr.T("firstrun.welcome.title")),
		paragraph(tr.T(f.introID())),
		f.portableRow(),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ConfirmIcon())), nil,
			paragraph(tr.T("firstrun.welcome.protects"))),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil,
			paragraph(tr.T("firstrun.welcome.cannot"))),
		container.NewHBox(layout.NewSpacer(), f.next),
	)
	if vault.IsVaultDir(s.dir) {
		f.destroy = newDestroyConfirm(s)
		f.destroy.button.Importance = widget.LowImportance
		body.Add(paragraph(tr.T("firstrun.leftovers")))
		body.Add(container.NewHBox(f.destroy.button))
	}
	f.setStep(1, body)
}

// Step 2: choose the passphrase.
func (f *firstRunScreen) showPassphrase() {
	tr := f.s.tr
	c := newPassphraseChooser(tr)
	c.passShortcuts(f.s.takeEmergency)
	f.chooser = c
	f.pass1, f.pass2, f.meter, f.suggested = c.pass1, c.pass2, c.meter, c.suggested
	f.hintRow, f.hintLabel = c.hintRow, c.hintLabel
	f.create = widget.NewButtonWithIcon(tr.T("firstrun.create"), theme.ConfirmIcon(), f.submit)
	f.create.Importance = widget.HighImportance
	f.back = widget.NewButtonWithIcon(tr.T("common.back"), theme.NavigateBackIcon(), f.goBack)
	f.progress = widget.NewProgressBarInfinite()
	f.progress.Stop()
	f.progress.Hide()
	c.onChange = func(ok bool) {
		if ok && !f.busy {
			f.create.Enable()
		} else {
			f.create.Disable()
		}
	}
	c.pass1.OnEscape = f.goBack
	c.pass2.OnEscape = f.goBack
	c.pass2.OnSubmitted = func(string) { f.submit() }

	warning := paragraph(tr.T("firstrun.pass.no_recovery"))
	warning.Importance = widget.WarningImportance
	body := container.NewVBox(
		heading(tr.T("firstrun.pass.title")),
		paragraph(tr.T("firstrun.pass.intro")),
		c.content,
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, warning),
		f.hintRow,
		f.progress,
		container.NewHBox(f.back, layout.NewSpacer(), f.create),
	)
	f.setStep(2, body)
	f.validate()
	if cv := fyne.CurrentApp().Driver().CanvasForObject(f.content); cv != nil {
		cv.Focus(f.pass1)
	}
}

// introID is the welcome text's message: the vault is on this computer,
// or in portable mode on the drive the program runs from.
func (f *firstRunScreen) introID() string {
	if f.s.opts.Portable != "" {
		return "firstrun.welcome.intro_portable"
	}
	return "firstrun.welcome.intro"
}

// goBack returns from the passphrase to the welcome step.
func (f *firstRunScreen) goBack() {
	if f.busy {
		return
	}
	f.showWelcome()
	f.s.win.Canvas().Focus(f.next)
}

// suggest fills both fields with a random passphrase and shows it, so it
// can be written down.
func (f *firstRunScreen) suggest() { f.chooser.suggest(f.s.tr.Lang()) }

// validate updates the strength meter, the hint line and the Create
// button. It returns whether the passphrase can be used.
func (f *firstRunScreen) validate() bool { return f.chooser.validate() }

// submit creates the vault on a goroutine (key derivation takes about a
// second), then shows the recovery key step.
func (f *firstRunScreen) submit() {
	if f.busy || !f.validate() {
		return
	}
	pass := []byte(f.pass1.Text)
	f.busy = true
	f.create.Disable()
	f.back.Disable()
	f.chooser.setEnabled(false)
	f.progress.Show()
	f.progress.Start()
	s := f.s
	dir := s.dir
	s.goTask(func() {
		sess, err := app.Create(dir, pass)
		clear(pass)
		fyne.Do(func() {
			if s.first != f {
				if sess != nil {
					sess.Close()
				}
				return
			}
			f.busy = false
			f.progress.Stop()
			f.progress.Hide()
			if err != nil {
				f.back.Enable()
				f.chooser.setEnabled(true)
				f.validate()
				setErrorLine(f.hintRow, f.hintLabel, s.explain(err))
				return
			}
			f.chooser.clear()
			s.session = sess
			f.showRecovery(sess)
		})
	})
}

// Step 3: the optional paper copy of the recovery key.
func (f *firstRunScreen) showRecovery(sess *app.Session) {
	f.session = sess
	f.pass1, f.pass2 = nil, nil
	key, err := sess.RecoveryKey()
	if err != nil {
		f.s.openMain(sess)
		return
	}
	f.groups = vault.RecoveryKeyGroups(key)
	f.showKey()
}

// showKey shows the key's groups with "I wrote it down" and "I'll do it
// later".
func (f *firstRunScreen) showKey() {
	tr := f.s.tr
	f.check = nil
	f.keyShown = newKeyDisplay(f.s, f.groups)
	f.keyView, f.showLarge = f.keyShown.view, f.keyShown.showLarge
	f.done = widget.NewButtonWithIcon(tr.T("firstrun.recovery.done"), theme.ConfirmIcon(), f.askGroup)
	f.done.Importance = widget.HighImportance
	f.later = widget.NewButton(tr.T("recovery.later"), f.finish)
	body := container.NewVBox(
		heading(tr.T("firstrun.recovery.title")),
		paragraph(tr.T("firstrun.recovery.intro")),
		f.keyShown.content,
		container.NewHBox(f.later, layout.NewSpacer(), f.done),
	)
	f.setStep(3, body)
	f.s.win.Canvas().Focus(f.done)
}

// askGroup hides the key and asks for one group of it back.
func (f *firstRunScreen) askGroup() {
	tr := f.s.tr
	f.keyView.Clear()
	f.keyView, f.keyShown = nil, nil
	f.check = newKeyCheck(tr, f.groups, f.finish)
	f.check.entry.OnEscape = f.showKey
	f.lookAgain = widget.NewButtonWithIcon(tr.T("recovery.look_again"), theme.VisibilityIcon(), f.showKey)
	f.later = widget.NewButton(tr.T("recovery.later"), f.finish)
	body := container.NewVBox(
		f.check.content,
		f.check.buttons(f.lookAgain, f.later),
	)
	f.setStep(3, body)
	f.s.win.Canvas().Focus(f.check.entry)
}

// finish forgets the key and opens the main window.
func (f *firstRunScreen) finish() {
	if f.keyView != nil {
		f.keyView.Clear()
	}
	f.keyView, f.keyShown, f.check = nil, nil, nil
	for i := range f.groups {
		f.groups[i] = ""
	}
	f.groups = nil
	f.s.openMain(f.session)
}
