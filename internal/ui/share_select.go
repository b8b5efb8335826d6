package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// load fills the lists from the store: upcoming events, the user's own
// tutorials, contacts, and trusted people (verified first).
func (f *shareForm) load() error {
	f.reset()
	env, ctx := f.s.env, f.s.ctx()
	sess := env.Session
	evs, err := sess.Events(ctx, store.EventFilter{Upcoming: true, Now: env.Now()})
	if err != nil {
		return err
	}
	for _, e := range evs {
		f.addEvent(e)
	}
	f.upcoming = len(evs)
	f.selectUpcoming.SetText(env.Tr.N("sharing.share.select_upcoming", f.upcoming))
	if f.upcoming == 0 {
		f.selectUpcoming.Disable()
		f.eventsBox.Add(paragraph(env.T("sharing.share.no_events")))
	}
	tus, err := sess.Tutorials(ctx, "")
	if err != nil {
		return err
	}
	for _, t := range tus {
		if t.Source == tutorial.SourceBuiltin {
			continue
		}
		f.tutorials = append(f.tutorials, t)
		c := widget.NewCheck(shown(t.Title), func(bool) { f.invalidate() })
		f.tutChecks = append(f.tutChecks, c)
		f.tutBox.Add(c)
	}
	if len(f.tutorials) == 0 {
		f.tutBox.Add(paragraph(env.T("sharing.share.no_tutorials")))
	}
	sums, err := sess.ContactSummaries(ctx, store.ContactFilter{})
	if err != nil {
		return err
	}
	f.contacts = sums // their checkboxes are made when asked for (fillContacts)
	ps, err := sess.Peers(ctx)
	if err != nil {
		return err
	}
	sortPeers(ps)
	f.peers = ps
	for _, p := range ps {
		c := widget.NewCheck(f.personLabel(p), func(bool) { f.invalidate() })
		f.peerChecks = append(f.peerChecks, c)
		f.peersBox.Add(c)
	}
	if len(ps) == 0 {
		f.peersBox.Add(paragraph(env.T("sharing.share.no_people")))
	}
	f.invalidate()
	return nil
}

// fillContacts makes the contacts' checkboxes the first time "Also share
// contacts" is ticked: a vault can hold thousands, and most shares hold
// none.
func (f *shareForm) fillContacts() {
	if len(f.contactChecks) > 0 || len(f.contacts) == 0 {
		return
	}
	objs := make([]fyne.CanvasObject, 0, len(f.contacts))
	for _, c := range f.contacts {
		ch := widget.NewCheck(shown(c.Name), func(bool) { f.invalidate() })
		f.contactChecks = append(f.contactChecks, ch)
		objs = append(objs, ch)
	}
	f.contactsBox.Objects = objs
	f.filter()
}

// addEvent lists one more event to choose.
func (f *shareForm) addEvent(e *event.Event) {
	env := f.s.env
	c := widget.NewCheck(env.T("sharing.share.event_item", map[string]any{"Title": shown(e.Title), "Date": env.Tr.Date(e.Start.In(e.Zone()))}),
		func(bool) { f.invalidate() })
	f.events = append(f.events, e)
	f.eventChecks = append(f.eventChecks, c)
	f.eventsBox.Add(c)
}

// personLabel names a trusted person with their status when they are
// not verified.
func (f *shareForm) personLabel(p *store.Peer) string {
	env := f.s.env
	if p.Verified && !p.KeyChanged {
		return env.T("sharing.share.person_verified", map[string]any{"Name": shown(p.Name)})
	}
	word, _, _ := keyStatus(env, p)
	return env.T("sharing.share.person_marked", map[string]any{"Name": shown(p.Name), "Status": word})
}

// tickUpcoming ticks every upcoming event ("select all upcoming").
func (f *shareForm) tickUpcoming() {
	for _, c := range f.eventChecks[:f.upcoming] {
		c.SetChecked(true)
	}
}

// filter shows only the events, tutorials and contacts whose names
// contain the search text; hidden ones keep their ticks.
func (f *shareForm) filter() {
	q := strings.ToLower(strings.TrimSpace(f.search.Text))
	shown := 0
	apply := func(checks []*widget.Check) {
		for _, c := range checks {
			if q == "" || strings.Contains(strings.ToLower(c.Text), q) {
				c.Show()
				shown++
			} else {
				c.Hide()
			}
		}
	}
	apply(f.eventChecks)
	apply(f.tutChecks)
	if f.contactsOn.Checked {
		apply(f.contactChecks)
	}
	if q != "" && shown == 0 {
		f.noMatch.Show()
	} else {
		f.noMatch.Hide()
	}
	f.relayout()
}

// invalidate clears an error that no longer matches the choices.
func (f *shareForm) invalidate() { f.setError("") }

func (f *shareForm) usePassphrase() bool {
	return f.how.Selected == f.s.env.T("sharing.share.to_passphrase")
}

// selection is what the What step has ticked.
func (f *shareForm) selection() merge.Selection {
	var sel merge.Selection
	for i, c := range f.eventChecks {
		if c.Checked {
			sel.Events = append(sel.Events, f.events[i].ID)
		}
	}
	for i, c := range f.tutChecks {
		if c.Checked {
			sel.Tutorials = append(sel.Tutorials, f.tutorials[i].ID)
		}
	}
	if f.contactsOn.Checked {
		for i, c := range f.contactChecks {
			if c.Checked {
				sel.Contacts = append(sel.Contacts, f.contacts[i].ID)
			}
		}
		sel.IncludeChannels = f.inclChannels.Checked
		sel.IncludeNotes = f.inclNotes.Checked
	}
	return sel
}

// whatProblem is why the What step cannot go on ("" if it can).
func (f *shareForm) whatProblem() string {
	if f.selection().Empty() {
		return f.s.env.T("sharing.share.nothing_chosen")
	}
	return ""
}

// request builds the export request from the form, or returns the
// translated reason it cannot.
func (f *shareForm) request() (app.ExportRequest, string) {
	env := f.s.env
	req := app.ExportRequest{Selection: f.selection(), Armor: f.armor.Checked, WorkFactor: f.workFactor}
	if req.Selection.Empty() {
		return req, env.T("sharing.share.nothing_chosen")
	}
	if f.usePassphrase() {
		switch {
		case f.pass1.Text == "":
			return req, env.T("sharing.share.pass_empty")
		case f.pass1.Text != f.pass2.Text:
			return req, env.T("sharing.share.pass_mismatch")
		}
		req.Passphrase = f.pass1.Text
		return req, ""
	}
	for i, c := range f.peerChecks {
		if c.Checked {
			req.To = append(req.To, f.peers[i].ContactID)
		}
	}
	if len(req.To) == 0 {
		return req, env.T("sharing.share.nobody_chosen")
	}
	return req, ""
}

// chosenPeers are the ticked trusted people (none with a passphrase).
func (f *shareForm) chosenPeers() []*store.Peer {
	if f.usePassphrase() {
		return nil
	}
	var out []*store.Peer
	for i, c := range f.peerChecks {
		if c.Checked {
			out = append(out, f.peers[i])
		}
	}
	return out
}
