package app

import (
	"context"
	"errors"

	"github.com/safehouse-app/safehouse/internal/interop/contactio"
	"github.com/safehouse-app/safehouse/internal/store"
)

// PlanContactImport previews importing records (read from a vCard or CSV
// file with package contactio) into the vault: what is new, what
// duplicates an existing contact and what cannot be imported. It writes
// nothing.
func PlanContactImport(ctx context.Context, s *Session, records []contactio.Record) (*contactio.Plan, error) {
	existing, err := s.Store().Contacts().List(ctx, store.ContactFilter{})
	if err != nil {
		return nil, err
	}
	return contactio.MakePlan(records, existing), nil
}

// ApplyContactImport carries out a plan the user confirmed, in one store
// transaction: it adds the new contacts and updates the merged ones. If a
// contact to merge into was changed or deleted since the plan was made,
// nothing is written and the error wraps contactio.ErrStale.
func ApplyContactImport(ctx context.Context, s *Session, p *contactio.Plan, opts contactio.ApplyOptions) (contactio.Applied, error) {
	var done contactio.Applied
	err := s.Store().InTx(ctx, func(tx *store.Tx) error {
		done = contactio.Applied{}
		for _, st := range p.Steps(opts) {
			if st.Existing == nil {
				if err := tx.Contacts().Add(ctx, st.Contact); err != nil {
					return err
				}
				done.Added++
				continue
			}
			cur, err := tx.Contacts().Get(ctx, st.Existing.ID)
			if errors.Is(err, store.ErrNotFound) {
				return contactio.ErrStale
			}
			if err != nil {
				return err
			}
			if cur.Version != st.Existing.Version {
				return contactio.ErrStale
			}
			if err := tx.Contacts().Update(ctx, st.Contact); err != nil {
				return err
			}
			done.Merged++
		}
		return nil
	})
	if err != nil {
		return contactio.Applied{}, err
	}
	if done != (contactio.Applied{}) {
		s.compactNext()
		s.Changed()
	}
	return done, nil
}
