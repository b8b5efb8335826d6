package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/store"
)

// groupPhrase lays out the safety phrase in rows of two groups.
func groupPhrase(phrase string) string {
	groups := strings.Fields(phrase)
	var rows []string
	for i := 0; i < len(groups); i += 2 {
		rows = append(rows, strings.Join(groups[i:min(i+2, len(groups))], "   "))
	}
	return strings.Join(rows, "\n")
}

// comparePhrase shows the safety phrase to compare with a trusted person.
func (s *sharingScreen) comparePhrase(contactID string) {
	d := showSafetyPhrase(s.env, contactID, s.reloadPeers)
	if d == nil {
		return
	}
	s.phrase, s.phrasePeer = d.phrase, d.peer
	s.phraseDialog, s.verifyButton = d.dialog, d.verify
}

// phraseDialog is the open "Compare safety phrase" dialog.
type phraseDialog struct {
	phrase string
	peer   *store.Peer
	dialog dialog.Dialog
	// verify marks the person verified (nil when already verified).
	verify *widget.Button
}

// showSafetyPhrase shows the safety phrase to compare with the trusted
// person of the contact, with a button to mark them verified; onVerified
// (if not nil) runs after marking. The Sharing screen and the contact
// detail both use it. It returns nil after showing an error.
func showSafetyPhrase(env *Env, contactID string, onVerified func()) *phraseDialog {
	ctx := context.Background()
	phrase, p, err := app.SafetyPhrase(ctx, env.Session, contactID)
	if err != nil {
		env.ShowError(err)
		return nil
	}
	d := &phraseDialog{phrase: phrase, peer: p}
	var lines []fyne.CanvasObject
	for _, row := range strings.Split(groupPhrase(phrase), "\n") {
		t := canvas.NewText(row, theme.Color(theme.ColorNameForeground))
		t.TextSize = theme.TextSize() * 2
		t.TextStyle = fyne.TextStyle{Monospace: true}
		t.Alignment = fyne.TextAlignCenter
		lines = append(lines, t)
	}
	content := container.NewVBox(paragraph(env.T("sharing.compare.explain", map[string]any{"Name": p.Name})))
	if p.KeyChanged {
		content.Add(warnRow(env.T("sharing.people.changed_warning", map[string]any{"Name": p.Name})))
	}
	content.Add(container.NewVBox(lines...))
	if p.Verified && !p.KeyChanged {
		content.Add(paragraph(env.T("sharing.compare.already")))
	} else {
		d.verify = widget.NewButtonWithIcon(env.T("sharing.compare.mark"), theme.ConfirmIcon(), func() {
			if err := env.Session.VerifyPeer(ctx, p.ContactID); err != nil {
				env.ShowError(err)
				return
			}
			env.Changed()
			d.dialog.Hide()
			if onVerified != nil {
				onVerified()
			}
		})
		d.verify.Importance = widget.HighImportance
		content.Add(container.NewCenter(d.verify))
	}
	d.dialog = dialog.NewCustom(env.T("sharing.compare.title", map[string]any{"Name": shown(p.Name)}), env.T("common.close"), rtlContent(env.Tr, content), env.Window)
	d.dialog.Resize(fyne.NewSize(dialogMessage, 0))
	d.dialog.Show()
	return d
}
