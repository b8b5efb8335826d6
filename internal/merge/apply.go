package merge

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/store"
)

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
		m := newMerger(tx, o, self)
		pl, ds, err := m.plan(ctx)
		if err != nil {
			return err
		}
		if want != nil && !slices.Equal(want.Items, pl.Items) {
			return ErrStale
		}
		m.tx = tx
		if err := m.apply(ctx, ds); err != nil {
			return err
		}
		man := o.Manifest
		if err := tx.Sync().RecordBundle(ctx, man.ID, man.Sender.Fingerprint, man.Sequence); err != nil {
			return err
		}
		if err := tx.Peers().SetLastSequence(ctx, man.Sender.Fingerprint, man.Sequence); err != nil {
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

// apply carries out the plan ds: every record in the order of [records]
// (a changed date of a repeating event after the series), then the
// deletions. Whatever its kind, a new or changed record is written and
// agreed on; a conflict is written as a copy under a new ID, listed, and
// the local version agreed on; an unchanged record with the same content
// on both sides is agreed on.
func (m *merger) apply(ctx context.Context, ds []decision) error {
	byKey := map[string]decision{}
	for _, d := range ds {
		byKey[string(d.item.Kind)+d.item.ID] = d
	}
	recs := records(m.o.Payload)
	slices.SortStableFunc(recs, func(a, b incoming) int { return cmp.Compare(a.pass, b.pass) })
	for _, in := range recs {
		d, ops := byKey[string(in.kind)+in.id], kinds[in.kind]
		if ops.skip != nil && ops.skip(ctx, m, in) {
			m.skipped[in.id] = true
			continue
		}
		var err error
		switch d.item.Action {
		case New, Changed:
			if err = ops.put(ctx, m, in, d, in.id, d.item.Origin); err == nil {
				err = m.agree(ctx, in.id, in.version, in.version)
			}
		case Conflict:
			copyID := uuid.NewString()
			if err = ops.put(ctx, m, in, d, copyID, m.from); err == nil {
				err = m.tx.Sync().AddConflict(ctx, store.Conflict{CopyID: copyID, Kind: in.kind, OriginalID: in.id, Peer: m.sender})
			}
			if err == nil && d.local.rec != nil {
				err = m.agree(ctx, in.id, d.item.LocalVersion, in.version)
			}
		case Unchanged:
			if d.same {
				err = m.agree(ctx, in.id, d.item.LocalVersion, in.version)
			}
		}
		if err != nil {
			return err
		}
	}
	for _, d := range ds {
		if d.item.Action != Deleted {
			continue
		}
		if err := kinds[d.item.Kind].del(ctx, m.tx, d.item.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

// agree records the versions this vault and the sender now agree on for
// the record.
func (m *merger) agree(ctx context.Context, id string, local, remote int64) error {
	if m.sender == m.self {
		return nil // nothing to agree on with ourselves
	}
	return m.tx.Sync().SetBase(ctx, id, m.sender, store.SyncBase{Local: local, Remote: remote})
}

// hasContact reports whether the contact is here (after the bundle's
// contacts were merged).
func (m *merger) hasContact(ctx context.Context, id string) bool {
	_, err := m.tx.Contacts().Get(ctx, id)
	return err == nil
}

// series returns the ID of the series a changed date names: the series
// itself, or its conflict copy.
func (m *merger) series(id string) string {
	if n := m.renamed[id]; n != "" {
		return n
	}
	return id
}
