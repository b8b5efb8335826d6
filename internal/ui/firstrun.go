package ui

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/passphrase"
)

// firstRunScreen walks through creating a vault in three steps: what
// Safehouse protects, choosing a passphrase, and an optional paper copy of
// the recovery key.
type firstRunScreen struct {
	s       *shell
	content *fyne.Container
	step    int

	// step 2
	pass1, pass2 *widget.Entry
	meter        *strengthMeter
	suggested    *widget.Label
	create       *widget.Button
	back         *widget.Button
	progress     *widget.ProgressBarInfinite
	hintRow      *fyne.Container
	hintLabel    *widget.Label
	busy         bool

	// step 3
	session  *app.Session
	keyLabel *widget.Label
	copyKey  *widget.Button
	done     *widget.Button
	skip     *widget.Button
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
	f.content.Objects = []fyne.CanvasObject{container.NewVScroll(narrowColumn(620, page))}
	f.content.Refresh()
}

// Step 1: what Safehouse protects and what it cannot.
func (f *firstRunScreen) showWelcome() {
	tr := f.s.tr
	next := widget.NewButtonWithIcon(tr.T("common.next"), theme.NavigateNextIcon(), f.showPassphrase)
	next.Importance = widget.HighImportance
	next.IconPlacement = widget.ButtonIconTrailingText
	body := container.NewVBox(
		heading(tr.T("firstrun.welcome.title")),
		paragraph(tr.T("firstrun.welcome.intro")),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ConfirmIcon())), nil,
			paragraph(tr.T("firstrun.welcome.protects"))),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil,
			paragraph(tr.T("firstrun.welcome.cannot"))),
		container.NewHBox(layout.NewSpacer(), next),
	)
	f.setStep(1, body)
}

// Step 2: choose the passphrase.
func (f *firstRunScreen) showPassphrase() {
	tr := f.s.tr
	f.pass1 = widget.NewPasswordEntry()
	f.pass1.SetPlaceHolder(tr.T("firstrun.pass.placeholder"))
	f.pass2 = widget.NewPasswordEntry()
	f.pass2.SetPlaceHolder(tr.T("firstrun.pass.repeat_placeholder"))
	f.meter = newStrengthMeter(tr)
	f.suggested = widget.NewLabel("")
	f.suggested.Selectable = true
	f.suggested.TextStyle = fyne.TextStyle{Monospace: true}
	f.suggested.Wrapping = fyne.TextWrapBreak
	f.suggested.Hide()
	suggest := widget.NewButtonWithIcon(tr.T("passphrase.suggest"), theme.ViewRefreshIcon(), f.suggest)
	f.create = widget.NewButtonWithIcon(tr.T("firstrun.create"), theme.ConfirmIcon(), f.submit)
	f.create.Importance = widget.HighImportance
	f.back = widget.NewButtonWithIcon(tr.T("common.back"), theme.NavigateBackIcon(), f.showWelcome)
	f.progress = widget.NewProgressBarInfinite()
	f.progress.Stop()
	f.progress.Hide()
	f.hintRow, f.hintLabel = newErrorLine()
	f.hintLabel.Importance = widget.MediumImportance
	changed := func(string) { f.validate() }
	f.pass1.OnChanged = changed
	f.pass2.OnChanged = changed
	f.pass2.OnSubmitted = func(string) { f.submit() }

	warning := paragraph(tr.T("firstrun.pass.no_recovery"))
	warning.Importance = widget.WarningImportance
	body := container.NewVBox(
		heading(tr.T("firstrun.pass.title")),
		paragraph(tr.T("firstrun.pass.intro")),
		widget.NewLabel(tr.T("firstrun.pass.label")),
		f.pass1,
		widget.NewLabel(tr.T("firstrun.pass.repeat_label")),
		f.pass2,
		f.meter,
		container.NewHBox(suggest),
		f.suggested,
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, warning),
		f.hintRow,
		f.progress,
		container.NewHBox(f.back, layout.NewSpacer(), f.create),
	)
	f.setStep(2, body)
	f.validate()
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.content); c != nil {
		c.Focus(f.pass1)
	}
}

// suggest fills both fields with a random passphrase and shows it, so it
// can be written down.
func (f *firstRunScreen) suggest() {
	p, err := passphrase.Suggest(passphrase.DefaultWords)
	if err != nil {
		setErrorLine(f.hintRow, f.hintLabel, f.s.explain(err))
		return
	}
	f.pass1.SetText(p)
	f.pass2.SetText(p)
	f.suggested.SetText(p)
	f.suggested.Show()
}

// validate updates the strength meter, the hint line and the Create
// button. It returns whether the passphrase can be used.
func (f *firstRunScreen) validate() bool {
	tr := f.s.tr
	p1, p2 := f.pass1.Text, f.pass2.Text
	f.meter.Update(p1)
	if f.suggested.Visible() && p1 != f.suggested.Text {
		f.suggested.SetText("")
		f.suggested.Hide()
	}
	hint := ""
	ok := false
	switch {
	case p1 == "":
	case utf8.RuneCountInString(p1) < passphrase.MinLength:
		hint = tr.T("passphrase.too_short", "Min", passphrase.MinLength)
	case p2 == "":
	case p1 != p2:
		hint = tr.T("passphrase.mismatch")
	default:
		ok = true
	}
	setErrorLine(f.hintRow, f.hintLabel, hint)
	if ok && !f.busy {
		f.create.Enable()
	} else {
		f.create.Disable()
	}
	return ok
}

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
	f.pass1.Disable()
	f.pass2.Disable()
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
				f.pass1.Enable()
				f.pass2.Enable()
				f.validate()
				setErrorLine(f.hintRow, f.hintLabel, s.explain(err))
				return
			}
			s.session = sess
			f.showRecovery(sess)
		})
	})
}

// Step 3: the optional paper copy of the recovery key.
func (f *firstRunScreen) showRecovery(sess *app.Session) {
	tr := f.s.tr
	f.session = sess
	f.pass1, f.pass2 = nil, nil
	key, err := sess.RecoveryKey()
	if err != nil {
		f.s.openMain(sess)
		return
	}
	f.keyLabel = widget.NewLabel(key)
	f.keyLabel.Selectable = true
	f.keyLabel.Wrapping = fyne.TextWrapBreak
	f.keyLabel.TextStyle = fyne.TextStyle{Monospace: true}
	f.copyKey = widget.NewButtonWithIcon(tr.T("common.copy"), theme.ContentCopyIcon(), func() {
		f.s.clip.Copy(key)
	})
	finish := func() {
		f.keyLabel = nil
		f.s.openMain(sess)
	}
	f.done = widget.NewButtonWithIcon(tr.T("firstrun.recovery.done"), theme.ConfirmIcon(), finish)
	f.done.Importance = widget.HighImportance
	f.skip = widget.NewButton(tr.T("firstrun.recovery.skip"), finish)
	warning := paragraph(tr.T("firstrun.recovery.warning"))
	warning.Importance = widget.WarningImportance
	body := container.NewVBox(
		heading(tr.T("firstrun.recovery.title")),
		paragraph(tr.T("firstrun.recovery.intro")),
		widget.NewCard("", "", f.keyLabel),
		container.NewHBox(f.copyKey, widget.NewLabel(tr.T("firstrun.recovery.copy_hint", "Seconds", int(f.s.clip.Timeout().Seconds())))),
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, warning),
		container.NewHBox(f.skip, layout.NewSpacer(), f.done),
	)
	f.setStep(3, body)
}
