package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/store"
)

// peerStatus is the word for a peer's state (used with an icon).
func (s *sharingScreen) peerStatus(p *store.Peer) (string, fyne.Resource, widget.Importance) {
	return keyStatus(s.env, p)
}

// keyStatus is the word, icon and importance for a trusted person's key
// state (the Sharing screen and the contact detail show the same).
func keyStatus(env *Env, p *store.Peer) (string, fyne.Resource, widget.Importance) {
	switch {
	case p.KeyChanged:
		return env.T("sharing.status.changed"), theme.WarningIcon(), widget.DangerImportance
	case p.Verified:
		return env.T("sharing.status.verified"), theme.ConfirmIcon(), widget.SuccessImportance
	}
	return env.T("sharing.status.unverified"), theme.QuestionIcon(), widget.MediumImportance
}

// sortPeers puts verified people first, then by name.
func sortPeers(ps []*store.Peer) {
	rank := func(p *store.Peer) int {
		if p.Verified && !p.KeyChanged {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(ps, func(a, b *store.Peer) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

func (s *sharingScreen) reloadPeers() {
	ps, err := s.env.Session.Peers(s.ctx())
	if err != nil {
		s.env.ShowError(err)
		return
	}
	sortPeers(ps)
	s.peers = ps
	s.peersBox.Objects = nil
	if len(ps) == 0 {
		s.peersBox.Add(paragraph(s.env.T("sharing.people.empty")))
	}
	for _, p := range ps {
		word, icon, imp := s.peerStatus(p)
		status := widget.NewLabel(word)
		status.Importance = imp
		status.TextStyle = fyne.TextStyle{Bold: p.KeyChanged}
		name := widget.NewLabel(shown(p.Name))
		name.Truncation = fyne.TextTruncateEllipsis
		compare := widget.NewButton(s.env.T("sharing.people.compare"), func() { s.comparePhrase(p.ContactID) })
		row := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewIcon(icon), status, compare), name)
		s.peersBox.Add(row)
		if p.KeyChanged {
			s.peersBox.Add(warnRow(s.env.T("sharing.people.changed_warning", map[string]any{"Name": p.Name})))
		}
	}
	s.peersBox.Refresh()
}

// previewCard parses the pasted card and offers where to attach it.
func (s *sharingScreen) previewCard() {
	setErrorLine(s.addErrRow, s.addErr, "")
	s.added.Hide()
	card, err := identity.ParseCard(strings.TrimSpace(s.cardIn.Text))
	if err != nil {
		msg, _ := s.explain(err)
		if msg == "" {
			msg = s.env.T("error.bundle_card_invalid")
		}
		setErrorLine(s.addErrRow, s.addErr, msg)
		s.addBox.Hide()
		return
	}
	hint := card.Name
	if hint == "" {
		hint = s.env.T("sharing.add.no_name")
	}
	s.cardPreview.SetText(s.env.T("sharing.add.preview", map[string]any{"Name": hint, "Fingerprint": card.Fingerprint().Display()}))
	sums, err := s.env.Session.ContactSummaries(s.ctx(), store.ContactFilter{})
	if err != nil {
		s.env.ShowError(err)
		return
	}
	opts := []string{s.env.T("sharing.add.new_contact", map[string]any{"Name": hint})}
	s.targetIDs = []string{""}
	for _, c := range sums {
		opts = append(opts, c.Name)
		s.targetIDs = append(s.targetIDs, c.ID)
	}
	s.addTarget.SetOptions(opts)
	s.addTarget.SetSelectedIndex(0)
	s.addBox.Show()
}

// doAddPeer adds the previewed card to the chosen contact.
func (s *sharingScreen) doAddPeer() {
	target := ""
	if i := s.addTarget.SelectedIndex(); i > 0 && i < len(s.targetIDs) {
		target = s.targetIDs[i]
	}
	p, err := app.AddPeer(s.ctx(), s.env.Session, strings.TrimSpace(s.cardIn.Text), target)
	if err != nil {
		if msg, ok := s.explain(err); ok {
			setErrorLine(s.addErrRow, s.addErr, msg)
			return
		}
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.cardIn.SetText("")
	s.addBox.Hide()
	msg := s.env.T("sharing.add.done", map[string]any{"Name": p.Name})
	if p.KeyChanged {
		msg = s.env.T("sharing.people.changed_warning", map[string]any{"Name": p.Name})
	}
	s.added.SetText(shown(msg))
	s.added.Show()
	s.reloadPeers()
}
