package merge

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/safehouse-app/safehouse/internal/bundle"
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
	pl, _, err := newMerger(src, o, self).plan(ctx)
	return pl, err
}

// incoming is one record of a bundle as the merge sees it, whatever its
// kind: rec is a *bundle.Contact, *bundle.Event, *event.Task or
// *tutorial.Tutorial of the payload.
type incoming struct {
	kind    record.Kind
	id      string
	title   string
	version int64
	updated time.Time
	rec     any
	// pass orders the apply: see [records].
	pass int
}

// local is a record as this vault holds it: rec is a *contact.Contact,
// *event.Event, *event.Task or *tutorial.Tutorial, or nil when there is
// none.
type local struct {
	rec     any
	title   string
	origin  string
	version int64
}

// decision carries what the apply needs beyond the Item.
type decision struct {
	item  Item
	local local
	// same is true when the local record holds the incoming content.
	same bool
}

// merger is one merge of a bundle into a vault, planned and then, inside
// a transaction, applied.
type merger struct {
	// src is the store while planning; tx is set while applying.
	src Source
	tx  *store.Tx
	o   *bundle.Opened
	// sender is the signer's fingerprint, self this vault's; from is the
	// origin of records this bundle adds: its signer, or "" when the
	// signer is this vault. The origin fields of the payload are only the
	// sender's claim and are not used.
	sender, self, from string
	// contacts are the IDs of the contacts in the bundle.
	contacts map[string]bool
	// renamed maps events kept as conflict copies to the copies' IDs:
	// their changed dates name the copy.
	renamed map[string]string
	// skipped are the events that could not be written here.
	skipped map[string]bool
}

func newMerger(src Source, o *bundle.Opened, self string) *merger {
	m := &merger{src: src, o: o, sender: o.Manifest.Sender.Fingerprint, self: self,
		contacts: map[string]bool{}, renamed: map[string]string{}, skipped: map[string]bool{}}
	if m.sender != self {
		m.from = m.sender
	}
	for _, c := range o.Payload.Contacts {
		m.contacts[c.ID] = true
	}
	return m
}

// plan decides what to do with every record of the bundle, in the order
// of [records], then with every deletion.
func (m *merger) plan(ctx context.Context) (*Plan, []decision, error) {
	p := m.o.Payload
	pl := &Plan{BundleID: m.o.Manifest.ID, Sender: m.sender, Items: []Item{}, MissingBuiltins: []bundle.BuiltinRef{}}
	var ds []decision
	for _, in := range records(p) {
		d, err := m.decide(ctx, in)
		if err != nil {
			return nil, nil, err
		}
		pl.Items, ds = append(pl.Items, d.item), append(ds, d)
	}
	for _, b := range p.BuiltinTutorials {
		t, err := m.src.Tutorials().GetBySlug(ctx, b.Slug, b.Language)
		if err != nil || t.Source != tutorial.SourceBuiltin || t.ContentVersion < b.ContentVersion {
			pl.MissingBuiltins = append(pl.MissingBuiltins, b)
		}
	}
	for _, del := range p.Deleted {
		d, ok, err := m.planDeletion(ctx, del)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			pl.Items, ds = append(pl.Items, d.item), append(ds, d)
		}
	}
	return pl, ds, nil
}

// decide plans one incoming record: it finds the record here, compares
// the two and applies the merge rules ([decide]).
func (m *merger) decide(ctx context.Context, in incoming) (decision, error) {
	ops := kinds[in.kind]
	l, err := ops.get(ctx, m.src, in.id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return decision{}, err
	}
	exists := err == nil
	d := decision{local: l}
	if exists {
		if d.same, err = ops.same(ctx, m, in, l); err != nil {
			return decision{}, err
		}
	}
	a, err := decide(ctx, m.src, in.id, m.sender, m.self, exists, l.version, in.version, in.updated, d.same)
	if err != nil {
		return decision{}, err
	}
	if a == New && ops.clash != nil && ops.clash(ctx, m, in) {
		a = Conflict
	}
	d.item = Item{Kind: in.kind, ID: in.id, Title: in.title, Action: a, LocalVersion: l.version,
		RemoteVersion: in.version, Origin: mergedOrigin(a, exists, l.origin, m.from)}
	return d, nil
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

// planDeletion plans a deletion the bundle carries; ok is false when the
// record is not here (anymore).
func (m *merger) planDeletion(ctx context.Context, del bundle.Deletion) (d decision, ok bool, err error) {
	kind := record.Kind(del.Kind)
	ops, known := kinds[kind]
	if !known {
		return d, false, fmt.Errorf("deletion of unknown kind %q", del.Kind)
	}
	l, err := ops.get(ctx, m.src, del.ID)
	if errors.Is(err, store.ErrNotFound) {
		return d, false, nil // already gone
	}
	if err != nil {
		return d, false, err
	}
	d.item = Item{Kind: kind, ID: del.ID, Title: l.title, Action: Kept, LocalVersion: l.version, Origin: l.origin}
	if l.origin != m.sender {
		return d, true, nil // only the creator's deletions apply
	}
	base, agreed, err := m.src.Sync().Base(ctx, del.ID, m.sender)
	if err != nil {
		return d, false, err
	}
	if agreed && base.Local == l.version {
		d.item.Action = Deleted
	}
	return d, true, nil
}
