package merge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// kindOps is what the merge needs to know about one kind of record; the
// routine that plans and applies a merge ([merger.plan], [merger.apply])
// is the same for every kind. Sharing a new kind takes one entry in
// [kinds] (and its place in [records]).
type kindOps struct {
	// get reads the record with the ID here; the error wraps
	// store.ErrNotFound when there is none.
	get func(ctx context.Context, src Source, id string) (local, error)
	// same reports whether l holds the content of in: the record without
	// its metadata, local-only fields and the fields the sender left out.
	same func(ctx context.Context, m *merger, in incoming, l local) (bool, error)
	// clash, if set, reports whether a new record would take what another
	// record here holds; it is then added as a conflict copy.
	clash func(ctx context.Context, m *merger, in incoming) bool
	// skip, if set, reports whether the record cannot be written here
	// (what it belongs to is gone); nothing is then done with it.
	skip func(ctx context.Context, m *merger, in incoming) bool
	// put writes the record under id with origin: its own ID, or a new
	// one for a conflict copy (id != in.id).
	put func(ctx context.Context, m *merger, in incoming, d decision, id, origin string) error
	// del deletes the record here.
	del func(ctx context.Context, tx *store.Tx, id string) error
}

// kinds has one entry per kind of record peers share
// ([record.Kind.Shared]).
var kinds = map[record.Kind]kindOps{
	record.Contact: {
		get: getter(func(src Source) getFunc[contact.Contact] { return src.Contacts().Get },
			func(c *contact.Contact) local { return local{c, c.Name, c.Origin, c.Version} }),
		same: func(_ context.Context, _ *merger, in incoming, l local) (bool, error) {
			w := in.rec.(*bundle.Contact)
			return bytes.Equal(contactContent(withFields(*l.rec.(*contact.Contact), contact.Contact{}, w.Redacted)), contactContent(w.Contact)), nil
		},
		put: putContact,
		del: func(ctx context.Context, tx *store.Tx, id string) error {
			_, err := tx.Contacts().Delete(ctx, id)
			return err
		},
	},
	record.Event: {
		get: getter(func(src Source) getFunc[event.Event] { return src.Events().Get },
			func(e *event.Event) local { return local{e, e.Title, e.Origin, e.Version} }),
		same: sameEvent,
		skip: func(ctx context.Context, m *merger, in incoming) bool {
			w := in.rec.(*bundle.Event)
			if w.SeriesID == "" {
				return false
			}
			s, err := m.tx.Events().Get(ctx, m.series(w.SeriesID))
			return err != nil || !s.Repeats() // its series stayed deleted here, or no longer repeats
		},
		put: putEvent,
		del: func(ctx context.Context, tx *store.Tx, id string) error { return tx.Events().Delete(ctx, id) },
	},
	record.Task: {
		get: getter(func(src Source) getFunc[event.Task] { return src.Tasks().Get },
			func(t *event.Task) local { return local{t, t.Title, t.Origin, t.Version} }),
		same: func(_ context.Context, _ *merger, in incoming, l local) (bool, error) {
			t, mine := in.rec.(*event.Task), *l.rec.(*event.Task)
			if t.AssigneeID == "" {
				mine.AssigneeID = "" // an empty assignee leaves ours as it is
			}
			return bytes.Equal(taskContent(mine), taskContent(*t)), nil
		},
		skip: func(ctx context.Context, m *merger, in incoming) bool {
			eventID := in.rec.(*event.Task).EventID
			_, err := m.tx.Events().Get(ctx, eventID)
			return m.skipped[eventID] || err != nil // the event was not written, or stayed deleted here
		},
		put: func(ctx context.Context, m *merger, in incoming, d decision, id, origin string) error {
			n := *in.rec.(*event.Task)
			n.ID, n.Origin = id, origin
			if n.AssigneeID != "" && !m.hasContact(ctx, n.AssigneeID) {
				n.AssigneeID = ""
			}
			if mine, ok := d.local.rec.(*event.Task); ok && n.AssigneeID == "" {
				n.AssigneeID = mine.AssigneeID
			}
			return m.tx.Tasks().Put(ctx, &n)
		},
		del: func(ctx context.Context, tx *store.Tx, id string) error { return tx.Tasks().Delete(ctx, id) },
	},
	record.Tutorial: {
		get: getter(func(src Source) getFunc[tutorial.Tutorial] { return src.Tutorials().Get },
			func(t *tutorial.Tutorial) local { return local{t, t.Title, t.Origin, t.Version} }),
		same: func(_ context.Context, _ *merger, in incoming, l local) (bool, error) {
			return bytes.Equal(tutorialContent(*l.rec.(*tutorial.Tutorial)), tutorialContent(*in.rec.(*tutorial.Tutorial))), nil
		},
		clash: func(ctx context.Context, m *merger, in incoming) bool {
			t := in.rec.(*tutorial.Tutorial)
			other, err := m.src.Tutorials().GetBySlug(ctx, t.Slug, t.Language)
			return err == nil && other.ID != t.ID // another tutorial has the slug and language: keep both
		},
		put: func(ctx context.Context, m *merger, in incoming, _ decision, id, origin string) error {
			n := *in.rec.(*tutorial.Tutorial)
			n.ID, n.Origin, n.Source = id, origin, tutorial.SourceImported
			if origin == "" {
				n.Source = tutorial.SourceCustom
			}
			if id != in.id {
				n.Slug = freeSlug(ctx, m.tx, n.Slug, n.Language)
			}
			return m.tx.Tutorials().Put(ctx, &n)
		},
		del: func(ctx context.Context, tx *store.Tx, id string) error { return tx.Tutorials().Delete(ctx, id) },
	},
}

// getFunc reads a record of one kind from the store.
type getFunc[T any] func(ctx context.Context, id string) (*T, error)

// getter makes a table's get from a store getter and what it tells of
// its records.
func getter[T any](get func(Source) getFunc[T], describe func(*T) local) func(context.Context, Source, string) (local, error) {
	return func(ctx context.Context, src Source, id string) (local, error) {
		r, err := get(src)(ctx, id)
		if err != nil {
			return local{}, err
		}
		return describe(r), nil
	}
}

// records lists the records of p in the order of the plan: contacts
// first (events and tasks name them), then each event followed by its
// tasks, then tutorials. A changed date of a repeating event and its
// tasks are in pass 2: they are applied after every series, which they
// name.
func records(p *bundle.Payload) []incoming {
	var out []incoming
	for i := range p.Contacts {
		c := &p.Contacts[i]
		out = append(out, incoming{kind: record.Contact, id: c.ID, title: c.Name, version: c.Version, updated: c.Updated, rec: c})
	}
	for i := range p.Events {
		e := &p.Events[i]
		pass := 1
		if e.SeriesID != "" {
			pass = 2
		}
		out = append(out, incoming{kind: record.Event, id: e.ID, title: e.Title, version: e.Version, updated: e.Updated, rec: e, pass: pass})
		for _, t := range e.Tasks {
			out = append(out, incoming{kind: record.Task, id: t.ID, title: t.Title, version: t.Version, updated: t.Updated, rec: t, pass: pass})
		}
	}
	for _, t := range p.Tutorials {
		out = append(out, incoming{kind: record.Tutorial, id: t.ID, title: t.Title, version: t.Version, updated: t.Updated, rec: t, pass: 3})
	}
	return out
}

// putContact keeps the fields the sender left out and, unless it writes
// a conflict copy, our trust in the contact.
func putContact(ctx context.Context, m *merger, in incoming, d decision, id, origin string) error {
	w := in.rec.(*bundle.Contact)
	c := w.Contact
	c.Trust = contact.TrustUnverified
	if mine, ok := d.local.rec.(*contact.Contact); ok {
		c = withFields(c, *mine, w.Redacted)
		if id == in.id {
			c.Trust = mine.Trust
		}
	}
	c.ID, c.Origin = id, origin
	return m.tx.Contacts().Put(ctx, &c)
}

// sameEvent compares the events with their participants among the
// bundle's contacts (the sender could not include the others).
func sameEvent(ctx context.Context, m *merger, in incoming, l local) (bool, error) {
	w := in.rec.(*bundle.Event)
	parts, err := m.src.Participants().ListForEvent(ctx, w.ID)
	if err != nil {
		return false, err
	}
	var mine []bundle.Participant
	for _, pt := range parts {
		if m.contacts[pt.ContactID] {
			mine = append(mine, bundle.Participant{ContactID: pt.ContactID, Role: pt.Role})
		}
	}
	return bytes.Equal(eventContent(*l.rec.(*event.Event), mine), eventContent(w.Event, w.Participants)), nil
}

// putEvent writes a changed date under its series (or the series' conflict
// copy), and the participants that are here.
func putEvent(ctx context.Context, m *merger, in incoming, d decision, id, origin string) error {
	w := in.rec.(*bundle.Event)
	e := w.Event
	if e.SeriesID != "" {
		e.SeriesID = m.series(e.SeriesID)
		if d.item.Action == Conflict || d.item.Action == New && changedHere(ctx, m.tx, &e) {
			// Both sides changed that date: the peer's version is kept
			// as an event of its own, next to the series.
			e.SeriesID, e.RecurrenceID = "", time.Time{}
		}
	}
	var parts []event.Participant
	for _, pt := range w.Participants {
		if m.hasContact(ctx, pt.ContactID) {
			parts = append(parts, event.Participant{ContactID: pt.ContactID, Role: pt.Role})
		}
	}
	if id != in.id {
		m.renamed[e.ID] = id
	} else if d.local.rec != nil {
		// Keep participants the sender could not include.
		cur, err := m.tx.Participants().ListForEvent(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, pt := range cur {
			if !m.contacts[pt.ContactID] {
				parts = append(parts, pt.Participant)
			}
		}
	}
	e.ID, e.Origin = id, origin
	if err := m.tx.Events().Put(ctx, &e); err != nil {
		return err
	}
	return m.tx.Participants().Replace(ctx, e.ID, parts)
}

// changedHere reports whether the vault already has another changed
// occurrence for the date e changes.
func changedHere(ctx context.Context, tx *store.Tx, e *event.Event) bool {
	overrides, err := tx.Events().Overrides(ctx, e.SeriesID)
	if err != nil {
		return false
	}
	for _, o := range overrides {
		if o.ID != e.ID && o.RecurrenceID.Equal(e.RecurrenceID) {
			return true
		}
	}
	return false
}

// freeSlug returns slug, or slug with a "-copy-N" suffix, unused in lang.
func freeSlug(ctx context.Context, tx *store.Tx, slug, lang string) string {
	for i := 1; ; i++ {
		s := fmt.Sprintf("%s-copy-%d", slug, i)
		if len(s) > tutorial.MaxSlug {
			s = fmt.Sprintf("copy-%d-%d", time.Now().UnixNano(), i)
		}
		if _, err := tx.Tutorials().GetBySlug(ctx, s, lang); errors.Is(err, store.ErrNotFound) {
			return s
		}
	}
}

// withFields returns c with the named fields (bundle.FieldChannels...)
// taken from from: from the local contact to keep what the sender left
// out, from an empty one to compare with a contact that left them out.
func withFields(c, from contact.Contact, fields []string) contact.Contact {
	for _, f := range fields {
		switch f {
		case bundle.FieldChannels:
			c.Channels = from.Channels
		case bundle.FieldNotes:
			c.Notes = from.Notes
		case bundle.FieldConsent:
			c.Consent = from.Consent
		}
	}
	return c
}

// The content functions encode what a merge compares: the record without
// its metadata (ID, times, origin, version) and without local-only
// fields (trust, peer keys).

func contactContent(c contact.Contact) []byte {
	c.Normalize()
	c.ID, c.Created, c.Updated, c.Origin, c.Version, c.Trust, c.PeerKeys = "", time.Time{}, time.Time{}, "", 0, "", nil
	b, _ := json.Marshal(c)
	return b
}

func eventContent(e event.Event, parts []bundle.Participant) []byte {
	e.Normalize()
	e.ID, e.Created, e.Updated, e.Origin, e.Version = "", time.Time{}, time.Time{}, "", 0
	e.Start, e.End = e.Start.UTC().Truncate(time.Millisecond), e.End.UTC().Truncate(time.Millisecond)
	ps := slices.Clone(parts)
	slices.SortFunc(ps, func(a, b bundle.Participant) int { return strings.Compare(a.ContactID, b.ContactID) })
	if len(ps) == 0 {
		ps = nil
	}
	b, _ := json.Marshal(struct {
		E event.Event
		P []bundle.Participant
	}{e, ps})
	return b
}

func taskContent(t event.Task) []byte {
	t.Normalize()
	t.ID, t.Created, t.Updated, t.Origin, t.Version = "", time.Time{}, time.Time{}, "", 0
	b, _ := json.Marshal(t)
	return b
}

func tutorialContent(t tutorial.Tutorial) []byte {
	t.Normalize()
	t.ID, t.Created, t.Updated, t.Origin, t.Version, t.Source = "", time.Time{}, time.Time{}, "", 0, ""
	b, _ := json.Marshal(t)
	return b
}
