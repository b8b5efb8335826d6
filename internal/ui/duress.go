package ui

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/passphrase"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// duressCard is the Settings section for the duress passphrase: what it
// does, whether one is set, and the buttons to set, review and remove it.
// Reviewing the decoy shows the decoy's own settings, where this section
// only leads back to the vault.
type duressCard struct {
	st     *settingsScreen
	box    *fyne.Container
	status *widget.Label
	set    *widget.Button
	review *widget.Button
	clear  *widget.Button
	back   *widget.Button

	// the set dialog
	pass, repeat *textField
	dlg          dialog.Dialog
	errRow       *fyne.Container
	errLabel     *widget.Label
}

func (st *settingsScreen) buildDuress() fyne.CanvasObject {
	tr := st.env.Tr
	c := &duressCard{st: st}
	st.duress = c
	if st.s.reviewOf != nil {
		c.back = widget.NewButtonWithIcon(tr.T("decoy.back"), theme.NavigateBackIcon(), st.s.endReview)
		c.box = container.NewVBox(paragraph(tr.T("decoy.banner")), container.NewHBox(c.back))
		return sectionCard(tr.T("settings.duress.title"), c.box)
	}
	c.status = widget.NewLabel("")
	c.set = widget.NewButtonWithIcon("", keyIcon, c.showSet)
	c.review = widget.NewButtonWithIcon(tr.T("settings.duress.review"), theme.VisibilityIcon(), st.s.reviewDecoy)
	c.clear = widget.NewButtonWithIcon(tr.T("settings.duress.clear"), theme.DeleteIcon(), c.confirmClear)
	c.box = container.NewVBox(
		paragraph(tr.T("settings.duress.explain")),
		c.status,
		container.NewHBox(c.set, c.review, c.clear),
	)
	c.refresh()
	return sectionCard(tr.T("settings.duress.title"), c.box)
}

// refresh shows whether a duress passphrase is set.
func (c *duressCard) refresh() {
	tr := c.st.env.Tr
	on := c.st.env.Session.HasDuress()
	if on {
		c.status.SetText(tr.T("settings.duress.status_on"))
		c.set.SetText(tr.T("settings.duress.change"))
		c.review.Show()
		c.clear.Show()
	} else {
		c.status.SetText(tr.T("settings.duress.status_off"))
		c.set.SetText(tr.T("settings.duress.set"))
		c.review.Hide()
		c.clear.Hide()
	}
}

// showSet asks for the duress passphrase twice and sets it.
func (c *duressCard) showSet() {
	tr := c.st.env.Tr
	c.pass = newPasswordTextField()
	c.repeat = newPasswordTextField()
	c.errRow, c.errLabel = newErrorLine()
	form := formRows(
		widget.NewFormItem(tr.T("settings.duress.field"), c.pass),
		widget.NewFormItem(tr.T("settings.duress.repeat"), c.repeat),
	)
	content := container.NewVBox(paragraph(tr.T("settings.duress.dialog_intro")), form, c.errRow)
	d := dialog.NewCustomConfirm(tr.T("settings.duress.dialog_title"), tr.T("settings.duress.set_button"),
		tr.T("common.cancel"), content, c.submit, c.st.s.win)
	c.dlg = d
	c.repeat.OnSubmitted = func(string) { d.Confirm() }
	d.Resize(fyne.NewSize(dialogForm, d.MinSize().Height))
	d.Show()
	c.st.s.win.Canvas().Focus(c.pass)
}

func (c *duressCard) submit(ok bool) {
	tr := c.st.env.Tr
	if !ok || c.pass == nil {
		c.pass, c.repeat = nil, nil
		return
	}
	p, again := []byte(c.pass.Text), []byte(c.repeat.Text)
	same := bytes.Equal(p, again)
	clear(again)
	fail := func(msg string) {
		clear(p)
		setErrorLine(c.errRow, c.errLabel, msg)
		c.dlg.Show()
	}
	switch {
	case utf8.RuneCount(p) < passphrase.MinLength:
		fail(tr.T("passphrase.too_short", "Min", passphrase.MinLength))
		return
	case !same:
		fail(tr.T("passphrase.mismatch"))
		return
	}
	c.pass.SetText("")
	c.repeat.SetText("")
	st, s := c.st, c.st.s
	sess := st.env.Session
	lang := tr.Lang()
	now := s.opts.Now()
	st.showBusy(tr.T("settings.duress.dialog_title"), tr.T("settings.duress.working"))
	s.goTask(func() {
		err := sess.SetDuress(p, lang, now, defaultZone())
		clear(p)
		fyne.Do(func() {
			st.hideBusy()
			if c.pass == nil {
				return
			}
			if err != nil {
				msg := s.explain(err)
				if errors.Is(err, vault.ErrPassphraseTaken) {
					msg = tr.T("duress.same_as_vault")
				}
				setErrorLine(c.errRow, c.errLabel, msg)
				c.dlg.Show()
				return
			}
			c.pass, c.repeat = nil, nil
			c.refresh()
			dialog.ShowInformation(tr.T("settings.duress.title"), tr.T("settings.duress.done"), s.win)
		})
	})
}

// confirmClear removes the duress passphrase after one confirmation.
func (c *duressCard) confirmClear() {
	tr := c.st.env.Tr
	s := c.st.s
	dialog.ShowCustomConfirm(tr.T("settings.duress.clear"), tr.T("settings.duress.clear"), tr.T("common.cancel"),
		paragraph(tr.T("settings.duress.clear_confirm")), func(ok bool) {
			if !ok {
				return
			}
			sess := c.st.env.Session
			s.goTask(func() {
				err := sess.ClearDuress()
				fyne.Do(func() {
					if err != nil {
						dialog.ShowInformation(tr.T("settings.duress.title"), s.explain(err), s.win)
					}
					c.refresh()
				})
			})
		}, s.win)
}

// reviewDecoy saves the vault and shows the decoy in its place, with a
// banner that leads back; the vault's session stays open underneath
// (the decoy shares its lock).
func (s *shell) reviewDecoy() {
	if s.main == nil || s.session == nil || s.reviewOf != nil {
		return
	}
	s.main.keepDraft()
	sess := s.session
	s.goTask(func() {
		var d *app.Session
		err := sess.SaveNow()
		if err == nil {
			d, err = sess.OpenDecoy()
		}
		fyne.Do(func() {
			if s.session != sess || s.main == nil {
				if err == nil {
					d.Close()
				}
				return
			}
			if err != nil {
				dialog.ShowInformation(s.tr.T("settings.duress.title"), s.explain(err), s.win)
				return
			}
			s.hideAll()
			s.reviewOf = sess
			s.lastScreen = ScreenContacts
			s.openMain(d)
		})
	})
}

// endReview saves and closes the decoy and shows the vault again, on its
// Settings screen.
func (s *shell) endReview() {
	real := s.reviewOf
	if real == nil || s.main == nil {
		return
	}
	s.main.keepDraft()
	s.hideAll()
	d := s.session
	s.reviewOf = nil
	s.session = real
	s.goTask(func() {
		d.Lock()
		d.Close()
	})
	s.lastScreen = ScreenSettings
	s.openMain(real)
}

// decoyBanner is the strip above the main window while the decoy is
// reviewed, or nil.
func (s *shell) decoyBanner() fyne.CanvasObject {
	if s.reviewOf == nil {
		return nil
	}
	back := widget.NewButtonWithIcon(s.tr.T("decoy.back"), theme.NavigateBackIcon(), s.endReview)
	back.Importance = widget.HighImportance
	s.reviewBack = back
	return container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), back, paragraph(s.tr.T("decoy.banner"))),
		widget.NewSeparator(),
	)
}
