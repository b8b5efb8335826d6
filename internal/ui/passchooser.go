package ui

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/passphrase"
)

// passphraseChooser is where a new passphrase is chosen, on first run and
// after opening the vault with the recovery key: the passphrase typed
// twice, a strength meter, a one-click suggestion, and one hint line. The
// rules are the same everywhere: at least [passphrase.MinLength]
// characters, and both fields the same.
type passphraseChooser struct {
	tr           *i18n.Translator
	pass1, pass2 *escEntry
	meter        *strengthMeter
	suggestBtn   *widget.Button
	// suggestEn suggests English words where the interface language has
	// its own list (nil otherwise).
	suggestEn *widget.Button
	suggested *widget.Label
	hintRow   *fyne.Container
	hintLabel *widget.Label
	content   *fyne.Container

	// onChange is called after every validation with its result.
	onChange func(ok bool)
}

// passShortcuts gives both fields' shortcuts to fn first (see
// escEntry.OnShortcut).
func (c *passphraseChooser) passShortcuts(fn func(fyne.Shortcut) bool) {
	c.pass1.OnShortcut = fn
	c.pass2.OnShortcut = fn
}

func newPassphraseChooser(tr *i18n.Translator) *passphraseChooser {
	c := &passphraseChooser{tr: tr}
	c.pass1 = newSecretEntry()
	c.pass1.SetPlaceHolder(tr.T("firstrun.pass.placeholder"))
	c.pass2 = newSecretEntry()
	c.pass2.SetPlaceHolder(tr.T("firstrun.pass.repeat_placeholder"))
	c.meter = newStrengthMeter(tr)
	c.suggested = widget.NewLabel("")
	c.suggested.Selectable = true
	c.suggested.TextStyle = fyne.TextStyle{Monospace: true}
	c.suggested.Wrapping = fyne.TextWrapBreak
	c.suggested.Hide()
	c.suggestBtn = widget.NewButtonWithIcon(tr.T("passphrase.suggest"), theme.ViewRefreshIcon(), func() { c.suggest(tr.Lang()) })
	suggestRow := container.NewHBox(c.suggestBtn)
	if passphrase.ListLanguage(tr.Lang()) != "en" {
		c.suggestEn = widget.NewButton(tr.T("passphrase.suggest_english"), func() { c.suggest("en") })
		c.suggestEn.Importance = widget.LowImportance
		suggestRow.Add(c.suggestEn)
	}
	c.hintRow, c.hintLabel = newErrorLine()
	c.hintLabel.Importance = widget.MediumImportance
	changed := func(string) { c.validate() }
	c.pass1.OnChanged = changed
	c.pass2.OnChanged = changed
	c.content = container.NewVBox(
		widget.NewLabel(tr.T("firstrun.pass.label")),
		c.pass1,
		widget.NewLabel(tr.T("firstrun.pass.repeat_label")),
		c.pass2,
		c.meter,
		suggestRow,
		c.suggested,
	)
	return c
}

// suggest fills both fields with a random passphrase of words in lang
// (the interface language, or English on request) and shows it, so it
// can be written down.
func (c *passphraseChooser) suggest(lang string) {
	p, err := passphrase.SuggestIn(lang, passphrase.DefaultWords)
	if err != nil {
		setErrorLine(c.hintRow, c.hintLabel, c.tr.T("error.unknown"))
		return
	}
	c.pass1.SetText(p)
	c.pass2.SetText(p)
	c.suggested.SetText(p)
	c.suggested.Show()
}

// validate updates the strength meter and the hint line and reports
// whether the passphrase can be used.
func (c *passphraseChooser) validate() bool {
	p1, p2 := c.pass1.Text, c.pass2.Text
	c.meter.Update(p1)
	if c.suggested.Visible() && p1 != c.suggested.Text {
		c.suggested.SetText("")
		c.suggested.Hide()
	}
	hint := ""
	ok := false
	switch {
	case p1 == "":
	case utf8.RuneCountInString(p1) < passphrase.MinLength:
		hint = c.tr.T("passphrase.too_short", "Min", passphrase.MinLength)
	case p2 == "":
	case p1 != p2:
		hint = c.tr.T("passphrase.mismatch")
	default:
		ok = true
	}
	if hint != c.hintLabel.Text {
		setErrorLine(c.hintRow, c.hintLabel, hint)
		c.hintRow.Refresh() // lays the new line out (in visual order right to left)
	}
	if c.onChange != nil {
		c.onChange(ok)
	}
	return ok
}

// setEnabled enables or disables the fields and the suggestion while the
// vault is being written.
func (c *passphraseChooser) setEnabled(on bool) {
	for _, e := range []*escEntry{c.pass1, c.pass2} {
		if on {
			e.Enable()
		} else {
			e.Disable()
		}
	}
	if on {
		c.suggestBtn.Enable()
	} else {
		c.suggestBtn.Disable()
	}
}

// clear empties both fields and the suggestion.
func (c *passphraseChooser) clear() {
	c.pass1.SetText("")
	c.pass2.SetText("")
	c.suggested.SetText("")
	c.suggested.Hide()
}
