package merge

import (
	"context"
	"fmt"
	"slices"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Selection chooses what goes into a bundle. Contacts go in only when
// listed, and then without channels, notes and consent unless the Include
// flags say otherwise.
type Selection struct {
	Events    []string
	Tutorials []string
	Contacts  []string

	IncludeChannels bool
	IncludeNotes    bool
	IncludeConsent  bool
}

// Empty reports whether nothing is selected.
func (s Selection) Empty() bool {
	return len(s.Events) == 0 && len(s.Tutorials) == 0 && len(s.Contacts) == 0
}

// Collect reads the selected records from the store into a payload.
// self is the sender's fingerprint, written as the origin of records the
// sender created; recipients are the fingerprints of the peers the bundle
// is for, whose shared records the sender deleted are listed as deletions.
//
// Participants whose contact is not selected are dropped, and so are task
// assignees (the receiver keeps its own). Trust levels and peer keys are
// never sent.
func Collect(ctx context.Context, st *store.Store, sel Selection, self string, recipients []string) (*bundle.Payload, error) {
	p := &bundle.Payload{}
	included := map[string]bool{}
	for _, id := range uniq(sel.Contacts) {
		c, err := st.Contacts().Get(ctx, id)
		if err != nil {
			return nil, err
		}
		w := bundle.Contact{Contact: *c}
		w.Origin = wireOrigin(c.Origin, self)
		w.PeerKeys = nil
		w.Trust = ""
		if !sel.IncludeChannels {
			w.Channels = nil
			w.Redacted = append(w.Redacted, bundle.FieldChannels)
		}
		if !sel.IncludeNotes {
			w.Notes = ""
			w.Redacted = append(w.Redacted, bundle.FieldNotes)
		}
		if !sel.IncludeConsent {
			w.Consent = ""
			w.Redacted = append(w.Redacted, bundle.FieldConsent)
		}
		included[c.ID] = true
		p.Contacts = append(p.Contacts, w)
	}
	ids, err := withSeries(ctx, st, uniq(sel.Events))
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		e, err := st.Events().Get(ctx, id)
		if err != nil {
			return nil, err
		}
		w := bundle.Event{Event: *e, Tasks: []*event.Task{}, Participants: []bundle.Participant{}}
		w.Origin = wireOrigin(e.Origin, self)
		tasks, err := st.Tasks().ListForEvent(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, t := range tasks {
			t.Origin = wireOrigin(t.Origin, self)
			if !included[t.AssigneeID] {
				t.AssigneeID = ""
			}
			w.Tasks = append(w.Tasks, t)
		}
		parts, err := st.Participants().ListForEvent(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, pt := range parts {
			if included[pt.ContactID] {
				w.Participants = append(w.Participants, bundle.Participant{ContactID: pt.ContactID, Role: pt.Role})
			}
		}
		p.Events = append(p.Events, w)
	}
	for _, id := range uniq(sel.Tutorials) {
		t, err := st.Tutorials().Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if t.Source == tutorial.SourceBuiltin {
			p.BuiltinTutorials = append(p.BuiltinTutorials, bundle.BuiltinRef{Slug: t.Slug, Language: t.Language, ContentVersion: t.ContentVersion})
			continue
		}
		t.Origin = wireOrigin(t.Origin, self)
		p.Tutorials = append(p.Tutorials, t)
	}
	// Deletions: records this vault created, shared with a recipient, and
	// deleted since.
	seen := map[string]bool{}
	for _, peer := range recipients {
		ids, err := st.Sync().SharedWith(ctx, peer)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			tomb, ok, err := st.Sync().Tombstone(ctx, id)
			if err != nil {
				return nil, err
			}
			if ok && tomb.Origin == "" {
				p.Deleted = append(p.Deleted, bundle.Deletion{ID: id, Kind: string(tomb.Kind)})
			}
		}
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("selection cannot be shared: %w", err)
	}
	return p, nil
}

// wireOrigin is the origin written into a bundle: the creator's
// fingerprint, which is the sender's own for records created locally.
func wireOrigin(origin, self string) string {
	if origin == "" {
		return self
	}
	return origin
}

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// withSeries returns ids with what goes with a repeating event: the
// series of a changed occurrence before it, and after a series its
// changed occurrences, each once.
func withSeries(ctx context.Context, st *store.Store, ids []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range ids {
		e, err := st.Events().Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if e.SeriesID != "" {
			if e, err = st.Events().Get(ctx, e.SeriesID); err != nil {
				return nil, err
			}
		}
		add(e.ID)
		if e.Repeats() {
			changed, err := st.Events().Overrides(ctx, e.ID)
			if err != nil {
				return nil, err
			}
			for _, o := range changed {
				add(o.ID)
			}
		}
	}
	return out, nil
}
