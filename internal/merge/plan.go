package merge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Action is what a merge does with one incoming record.
type Action string

// Merge actions.
const (
	// New: the record is added.
	New Action = "new"
	// Changed: the sender's newer version replaces the local one, which
	// was not changed since the two last agreed.
	Changed Action = "changed"
	// Conflict: both sides changed the record since they last agreed (or
	// never agreed). The local record is kept and the incoming version is
	// added as a copy flagged for the user to resolve.
	Conflict Action = "conflict"
	// Unchanged: nothing to do (same content, or only the local side
	// changed).
	Unchanged Action = "unchanged"
	// Deleted: the sender deleted a record it created; it is removed.
	Deleted Action = "deleted"
	// Kept: a deletion that is not applied, because the sender did not
	// create the record or it was changed here since.
	Kept Action = "kept"
)

// Item is the plan for one record.
type Item struct {
	Kind   record.Kind `json:"kind"`
	ID     string      `json:"id"`
	Title  string      `json:"title"`
	Action Action      `json:"action"`
	// LocalVersion is 0 when the record does not exist here.
	LocalVersion  int64 `json:"local_version"`
	RemoteVersion int64 `json:"remote_version"`
	// Origin is who the record came from as stored after the merge: ""
	// for this vault, else a peer's fingerprint. It is the signer of the
	// bundle that brought the record here, never what the bundle claims,
	// and stays what it was when a record that exists here is updated.
	Origin string `json:"origin"`
}

// Plan is the preview of a merge: what importing a bundle would do.
type Plan struct {
	BundleID string `json:"bundle_id"`
	Sender   string `json:"sender"`
	Items    []Item `json:"items"`
	// MissingBuiltins are built-in tutorials the sender has that this
	// version of the app does not ship (or only in an older version).
	MissingBuiltins []bundle.BuiltinRef `json:"missing_builtins"`
}

// Count returns the number of items with the action.
func (p *Plan) Count(a Action) int {
	n := 0
	for _, it := range p.Items {
		if it.Action == a {
			n++
		}
	}
	return n
}

// Empty reports whether applying the plan would change nothing.
func (p *Plan) Empty() bool {
	for _, it := range p.Items {
		if it.Action != Unchanged && it.Action != Kept {
			return false
		}
	}
	return true
}

// CheckNewer decides about a bundle that passed [bundle.Check] given the plan of
// its merge: a bundle whose sequence is not above the last one imported
// from its sender (delivered out of order, or made after the sender
// restored an old copy of their vault) is imported only when something
// in it is newer than this vault; otherwise it is refused with
// [bundle.ErrOutdated]. Bundles in sequence are always imported.
func CheckNewer(m *bundle.Manifest, sender bundle.SenderState, pl *Plan) error {
	if m.Sequence > sender.LastSequence || pl == nil || !pl.Empty() {
		return nil
	}
	return fmt.Errorf("%w (sequence %d, last imported %d)", bundle.ErrOutdated, m.Sequence, sender.LastSequence)
}

// Source is read by the planner: a [*store.Store] or a [*store.Tx].
type Source interface {
	Contacts() *store.Contacts
	Events() *store.Events
	Tasks() *store.Tasks
	Participants() *store.Participants
	Tutorials() *store.Tutorials
	Sync() *store.Sync
}

// MakePlan previews the merge of an opened bundle from sender (a
// fingerprint) into the vault whose fingerprint is self. It writes
// nothing.
func MakePlan(ctx context.Context, src Source, o *bundle.Opened, self string) (*Plan, error) {
	pl, _, err := plan(ctx, src, o, self)
	return pl, err
}

// decision carries what Apply needs beyond the Item.
type decision struct {
	item  Item
	local any
	// same is true when the local record holds the incoming content.
	same bool
}

func plan(ctx context.Context, src Source, o *bundle.Opened, self string) (*Plan, []decision, error) {
	sender := o.Manifest.Sender.Fingerprint
	// from is the origin of records this bundle adds: its signer, or ""
	// when the signer is this vault. The origin fields of the payload are
	// only the sender's claim and are not used.
	from := sender
	if sender == self {
		from = ""
	}
	p := o.Payload
	pl := &Plan{BundleID: o.Manifest.ID, Sender: sender, Items: []Item{}, MissingBuiltins: []bundle.BuiltinRef{}}
	var ds []decision
	add := func(it Item, local any, same bool) {
		pl.Items = append(pl.Items, it)
		ds = append(ds, decision{item: it, local: local, same: same})
	}
	bundleContacts := map[string]bool{}
	for i := range p.Contacts {
		w := &p.Contacts[i]
		bundleContacts[w.ID] = true
		local, err := src.Contacts().Get(ctx, w.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		it := Item{Kind: record.Contact, ID: w.ID, Title: w.Name, RemoteVersion: w.Version}
		var same bool
		var lv int64
		localOrigin := ""
		if local != nil {
			lv, localOrigin = local.Version, local.Origin
			same = bytes.Equal(contactContent(redact(*local, w.Redacted)), contactContent(w.Contact))
		}
		a, err := decide(ctx, src, w.ID, sender, self, local != nil, lv, w.Version, w.Updated, same)
		if err != nil {
			return nil, nil, err
		}
		it.Action, it.LocalVersion, it.Origin = a, lv, mergedOrigin(a, local != nil, localOrigin, from)
		add(it, local, same)
	}
	for i := range p.Events {
		w := &p.Events[i]
		local, err := src.Events().Get(ctx, w.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		it := Item{Kind: record.Event, ID: w.ID, Title: w.Title, RemoteVersion: w.Version}
		var same bool
		var lv int64
		localOrigin := ""
		if local != nil {
			lv, localOrigin = local.Version, local.Origin
			parts, err := src.Participants().ListForEvent(ctx, w.ID)
			if err != nil {
				return nil, nil, err
			}
			var lp []bundle.Participant
			for _, pt := range parts {
				if bundleContacts[pt.ContactID] {
					lp = append(lp, bundle.Participant{ContactID: pt.ContactID, Role: pt.Role})
				}
			}
			same = bytes.Equal(eventContent(*local, lp), eventContent(w.Event, w.Participants))
		}
		a, err := decide(ctx, src, w.ID, sender, self, local != nil, lv, w.Version, w.Updated, same)
		if err != nil {
			return nil, nil, err
		}
		it.Action, it.LocalVersion, it.Origin = a, lv, mergedOrigin(a, local != nil, localOrigin, from)
		add(it, local, same)
		for _, t := range w.Tasks {
			local, err := src.Tasks().Get(ctx, t.ID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, nil, err
			}
			it := Item{Kind: record.Task, ID: t.ID, Title: t.Title, RemoteVersion: t.Version}
			var same bool
			var lv int64
			localOrigin := ""
			if local != nil {
				lv, localOrigin = local.Version, local.Origin
				l := *local
				if t.AssigneeID == "" {
					l.AssigneeID = ""
				}
				same = bytes.Equal(taskContent(l), taskContent(*t))
			}
			a, err := decide(ctx, src, t.ID, sender, self, local != nil, lv, t.Version, t.Updated, same)
			if err != nil {
				return nil, nil, err
			}
			it.Action, it.LocalVersion, it.Origin = a, lv, mergedOrigin(a, local != nil, localOrigin, from)
			add(it, local, same)
		}
	}
	for _, t := range p.Tutorials {
		local, err := src.Tutorials().Get(ctx, t.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		it := Item{Kind: record.Tutorial, ID: t.ID, Title: t.Title, RemoteVersion: t.Version}
		var same bool
		var lv int64
		localOrigin := ""
		if local != nil {
			lv, localOrigin = local.Version, local.Origin
			same = bytes.Equal(tutorialContent(*local), tutorialContent(*t))
		}
		a, err := decide(ctx, src, t.ID, sender, self, local != nil, lv, t.Version, t.Updated, same)
		if err != nil {
			return nil, nil, err
		}
		if a == New {
			// Another tutorial here has the slug and language: keep both.
			if other, err := src.Tutorials().GetBySlug(ctx, t.Slug, t.Language); err == nil && other.ID != t.ID {
				a = Conflict
			}
		}
		it.Action, it.LocalVersion, it.Origin = a, lv, mergedOrigin(a, local != nil, localOrigin, from)
		add(it, local, same)
	}
	for _, b := range p.BuiltinTutorials {
		t, err := src.Tutorials().GetBySlug(ctx, b.Slug, b.Language)
		if err != nil || t.Source != tutorial.SourceBuiltin || t.ContentVersion < b.ContentVersion {
			pl.MissingBuiltins = append(pl.MissingBuiltins, b)
		}
	}
	for _, d := range p.Deleted {
		it, err := planDeletion(ctx, src, d, sender)
		if err != nil {
			return nil, nil, err
		}
		if it != nil {
			add(*it, nil, false)
		}
	}
	return pl, ds, nil
}

// mergedOrigin is the origin a record has after the merge: a record that
// exists here and is updated (or left alone) keeps its own; a new record
// or a conflict copy comes from the signer.
func mergedOrigin(a Action, exists bool, local, from string) string {
	if exists && (a == Changed || a == Unchanged) {
		return local
	}
	return from
}

// decide applies the merge rules to one record that exists here or not.
// Versions only grow along a record's history, so an incoming version
// below the one last agreed on with the sender is old news, never a
// change; the same version with other content means the sender's history
// forked (they restored an old copy of their vault) and is shown as a
// conflict rather than dropped. remoteUpdated is when the sender last
// changed the record (used only against a deletion here when there is
// no agreement).
func decide(ctx context.Context, src Source, id, sender, self string, exists bool, local, remote int64, remoteUpdated time.Time, same bool) (Action, error) {
	if !exists {
		tomb, deleted, err := src.Sync().Tombstone(ctx, id)
		if err != nil || !deleted {
			return New, err
		}
		base, agreed, err := src.Sync().Base(ctx, id, sender)
		if err != nil {
			return "", err
		}
		if agreed && remote > base.Remote || !agreed && remoteUpdated.After(tomb.DeletedAt) {
			// Changed by the sender after it was deleted here.
			return New, nil
		}
		return Unchanged, nil // deleted here, and the sender has nothing newer
	}
	if same {
		return Unchanged, nil
	}
	if sender == self {
		// One of this vault's own bundles: the versions are its own.
		switch {
		case remote < local:
			return Unchanged, nil
		case remote == local:
			return Conflict, nil
		}
		return Changed, nil
	}
	base, agreed, err := src.Sync().Base(ctx, id, sender)
	if err != nil {
		return "", err
	}
	if !agreed {
		return Conflict, nil
	}
	localChanged := local != base.Local
	switch {
	case remote < base.Remote:
		return Unchanged, nil // older than what we agreed on
	case remote > base.Remote && localChanged:
		return Conflict, nil
	case remote > base.Remote:
		return Changed, nil
	case !localChanged:
		return Conflict, nil // same version, other content: a forked history
	}
	return Unchanged, nil // only we changed it
}

func planDeletion(ctx context.Context, src Source, d bundle.Deletion, sender string) (*Item, error) {
	var origin, title string
	var version int64
	var err error
	switch record.Kind(d.Kind) {
	case record.Contact:
		var c *contact.Contact
		if c, err = src.Contacts().Get(ctx, d.ID); err == nil {
			origin, title, version = c.Origin, c.Name, c.Version
		}
	case record.Event:
		var e *event.Event
		if e, err = src.Events().Get(ctx, d.ID); err == nil {
			origin, title, version = e.Origin, e.Title, e.Version
		}
	case record.Task:
		var t *event.Task
		if t, err = src.Tasks().Get(ctx, d.ID); err == nil {
			origin, title, version = t.Origin, t.Title, t.Version
		}
	case record.Tutorial:
		var t *tutorial.Tutorial
		if t, err = src.Tutorials().Get(ctx, d.ID); err == nil {
			origin, title, version = t.Origin, t.Title, t.Version
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil // already gone
	}
	if err != nil {
		return nil, err
	}
	it := &Item{Kind: record.Kind(d.Kind), ID: d.ID, Title: title, Action: Kept, LocalVersion: version, Origin: origin}
	if origin != sender {
		return it, nil // only the creator's deletions apply
	}
	base, agreed, err := src.Sync().Base(ctx, d.ID, sender)
	if err != nil {
		return nil, err
	}
	if agreed && base.Local == version {
		it.Action = Deleted
	}
	return it, nil
}

// ErrStale means the vault changed between the preview and the apply in a
// way that changes the plan.
var ErrStale = errors.New("vault changed since the preview")

// Apply merges the opened bundle into the store in one transaction,
// following the same plan [MakePlan] previews (computed again inside the
// transaction; if it differs from want, when want is not nil, nothing is
// written and the error wraps [ErrStale]). before, if not nil, runs first
// in the same transaction (to add a newly trusted sender).
func Apply(ctx context.Context, st *store.Store, o *bundle.Opened, self string, want *Plan, before func(tx *store.Tx) error) (*Plan, error) {
	var out *Plan
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if before != nil {
			if err := before(tx); err != nil {
				return err
			}
		}
		pl, ds, err := plan(ctx, tx, o, self)
		if err != nil {
			return err
		}
		if want != nil && !slices.Equal(want.Items, pl.Items) {
			return ErrStale
		}
		if err := apply(ctx, tx, o, self, ds); err != nil {
			return err
		}
		m := o.Manifest
		if err := tx.Sync().RecordBundle(ctx, m.ID, m.Sender.Fingerprint, m.Sequence); err != nil {
			return err
		}
		if err := tx.Peers().SetLastSequence(ctx, m.Sender.Fingerprint, m.Sequence); err != nil {
			return err
		}
		out = pl
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func apply(ctx context.Context, tx *store.Tx, o *bundle.Opened, self string, ds []decision) error {
	sender := o.Manifest.Sender.Fingerprint
	from := sender
	if sender == self {
		from = ""
	}
	p := o.Payload
	byID := map[string]decision{}
	for _, d := range ds {
		byID[string(d.item.Kind)+d.item.ID] = d
	}
	agree := func(id string, local, remote int64) error {
		if sender == self {
			return nil // nothing to agree on with ourselves
		}
		return tx.Sync().SetBase(ctx, id, sender, store.SyncBase{Local: local, Remote: remote})
	}
	conflict := func(kind record.Kind, copyID, orig string) error {
		return tx.Sync().AddConflict(ctx, store.Conflict{CopyID: copyID, Kind: kind, OriginalID: orig, Peer: sender})
	}
	// Contacts first: events and tasks refer to them.
	for i := range p.Contacts {
		w := p.Contacts[i]
		d := byID[string(record.Contact)+w.ID]
		c := w.Contact
		c.Origin = d.item.Origin
		local, _ := d.local.(*contact.Contact)
		c.Trust = contact.TrustUnverified
		if local != nil {
			c.Trust = local.Trust
			c = unredact(c, *local, w.Redacted)
		}
		switch d.item.Action {
		case New, Changed:
			if err := tx.Contacts().Put(ctx, &c); err != nil {
				return err
			}
			if err := agree(c.ID, c.Version, w.Version); err != nil {
				return err
			}
		case Conflict:
			orig := c.ID
			c.ID, c.Origin, c.Trust = uuid.NewString(), from, contact.TrustUnverified
			if err := tx.Contacts().Put(ctx, &c); err != nil {
				return err
			}
			if err := conflict(record.Contact, c.ID, orig); err != nil {
				return err
			}
			if err := agree(orig, local.Version, w.Version); err != nil {
				return err
			}
		case Unchanged:
			if d.same {
				if err := agree(w.ID, local.Version, w.Version); err != nil {
					return err
				}
			}
		}
	}
	bundleContacts := map[string]bool{}
	for _, c := range p.Contacts {
		bundleContacts[c.ID] = true
	}
	exists := func(contactID string) bool {
		_, err := tx.Contacts().Get(ctx, contactID)
		return err == nil
	}
	// A series before its changed occurrences, which name it; a series
	// that took a new ID (a conflict) is named by that ID.
	order := make([]int, 0, len(p.Events))
	for i := range p.Events {
		if p.Events[i].SeriesID == "" {
			order = append(order, i)
		}
	}
	for i := range p.Events {
		if p.Events[i].SeriesID != "" {
			order = append(order, i)
		}
	}
	renamed := map[string]string{}
	for _, i := range order {
		w := p.Events[i]
		d := byID[string(record.Event)+w.ID]
		e := w.Event
		e.Origin = d.item.Origin
		if e.SeriesID != "" {
			if n := renamed[e.SeriesID]; n != "" {
				e.SeriesID = n
			}
			if s, err := tx.Events().Get(ctx, e.SeriesID); err != nil || !s.Repeats() {
				continue // its series stayed deleted here, or no longer repeats
			}
			if d.item.Action == Conflict || d.item.Action == New && changedHere(ctx, tx, &e) {
				// Both sides changed that date: the peer's version is kept
				// as an event of its own, next to the series.
				e.SeriesID, e.RecurrenceID = "", time.Time{}
			}
		}
		local, _ := d.local.(*event.Event)
		var parts []event.Participant
		for _, pt := range w.Participants {
			if exists(pt.ContactID) {
				parts = append(parts, event.Participant{ContactID: pt.ContactID, Role: pt.Role})
			}
		}
		switch d.item.Action {
		case New, Changed:
			if local != nil {
				// Keep participants the sender could not include.
				cur, err := tx.Participants().ListForEvent(ctx, e.ID)
				if err != nil {
					return err
				}
				for _, pt := range cur {
					if !bundleContacts[pt.ContactID] {
						parts = append(parts, pt.Participant)
					}
				}
			}
			if err := tx.Events().Put(ctx, &e); err != nil {
				return err
			}
			if err := tx.Participants().Replace(ctx, e.ID, parts); err != nil {
				return err
			}
			if err := agree(e.ID, e.Version, w.Version); err != nil {
				return err
			}
		case Conflict:
			orig := e.ID
			e.ID, e.Origin = uuid.NewString(), from
			renamed[orig] = e.ID
			if err := tx.Events().Put(ctx, &e); err != nil {
				return err
			}
			if err := tx.Participants().Replace(ctx, e.ID, parts); err != nil {
				return err
			}
			if err := conflict(record.Event, e.ID, orig); err != nil {
				return err
			}
			if err := agree(orig, local.Version, w.Version); err != nil {
				return err
			}
		case Unchanged:
			if d.same {
				if err := agree(d.item.ID, d.item.LocalVersion, w.Version); err != nil {
					return err
				}
			}
		}
		for _, t := range w.Tasks {
			d := byID[string(record.Task)+t.ID]
			n := *t
			n.Origin = d.item.Origin
			local, _ := d.local.(*event.Task)
			if n.AssigneeID != "" && !exists(n.AssigneeID) {
				n.AssigneeID = ""
			}
			if n.AssigneeID == "" && local != nil {
				n.AssigneeID = local.AssigneeID
			}
			if _, err := tx.Events().Get(ctx, n.EventID); err != nil {
				continue // the event stayed deleted here
			}
			switch d.item.Action {
			case New, Changed:
				if err := tx.Tasks().Put(ctx, &n); err != nil {
					return err
				}
				if err := agree(n.ID, n.Version, t.Version); err != nil {
					return err
				}
			case Conflict:
				orig := n.ID
				n.ID, n.Origin = uuid.NewString(), from
				if err := tx.Tasks().Put(ctx, &n); err != nil {
					return err
				}
				if err := conflict(record.Task, n.ID, orig); err != nil {
					return err
				}
				if err := agree(orig, local.Version, t.Version); err != nil {
					return err
				}
			case Unchanged:
				if d.same {
					if err := agree(d.item.ID, d.item.LocalVersion, t.Version); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, t := range p.Tutorials {
		d := byID[string(record.Tutorial)+t.ID]
		n := *t
		n.Origin = d.item.Origin
		n.Source = tutorial.SourceImported
		if n.Origin == "" {
			n.Source = tutorial.SourceCustom
		}
		local, _ := d.local.(*tutorial.Tutorial)
		switch d.item.Action {
		case New, Changed:
			if err := tx.Tutorials().Put(ctx, &n); err != nil {
				return err
			}
			if err := agree(n.ID, n.Version, t.Version); err != nil {
				return err
			}
		case Conflict:
			orig := n.ID
			n.ID, n.Origin = uuid.NewString(), from
			n.Slug = freeSlug(ctx, tx, n.Slug, n.Language)
			if err := tx.Tutorials().Put(ctx, &n); err != nil {
				return err
			}
			if err := conflict(record.Tutorial, n.ID, orig); err != nil {
				return err
			}
			if local != nil {
				if err := agree(orig, local.Version, t.Version); err != nil {
					return err
				}
			}
		case Unchanged:
			if d.same {
				if err := agree(d.item.ID, d.item.LocalVersion, t.Version); err != nil {
					return err
				}
			}
		}
	}
	for _, d := range ds {
		if d.item.Action != Deleted {
			continue
		}
		var err error
		switch d.item.Kind {
		case record.Contact:
			_, err = tx.Contacts().Delete(ctx, d.item.ID)
		case record.Event:
			err = tx.Events().Delete(ctx, d.item.ID)
		case record.Task:
			err = tx.Tasks().Delete(ctx, d.item.ID)
		case record.Tutorial:
			err = tx.Tutorials().Delete(ctx, d.item.ID)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
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

// redact returns c with the named fields cleared, to compare it with a
// redacted incoming contact.
func redact(c contact.Contact, fields []string) contact.Contact {
	for _, f := range fields {
		switch f {
		case bundle.FieldChannels:
			c.Channels = nil
		case bundle.FieldNotes:
			c.Notes = ""
		case bundle.FieldConsent:
			c.Consent = ""
		}
	}
	return c
}

// unredact fills the fields the sender left out from the local contact.
func unredact(c, local contact.Contact, fields []string) contact.Contact {
	for _, f := range fields {
		switch f {
		case bundle.FieldChannels:
			c.Channels = local.Channels
		case bundle.FieldNotes:
			c.Notes = local.Notes
		case bundle.FieldConsent:
			c.Consent = local.Consent
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
	slices.SortFunc(ps, func(a, b bundle.Participant) int {
		if a.ContactID < b.ContactID {
			return -1
		}
		if a.ContactID > b.ContactID {
			return 1
		}
		return 0
	})
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
