package app

import (
	"context"

	"github.com/safehouse-app/safehouse/internal/store"
)

// Drafts: the state of a form left open when the vault locked, kept in
// the vault and reopened at the next unlock. Unlike the other Session
// writes these do not announce a change: a draft is written while the
// vault locks, and the lock's own save keeps it; a draft dropped when its
// form is saved goes with that save, and one dropped on discarding is
// kept by the autosaver's next tick, as before.

// KeepDraft stores the state of the open form named key.
func (s *Session) KeepDraft(ctx context.Context, key string, data []byte) error {
	return s.store.Drafts().Put(ctx, key, data)
}

// Drafts returns the kept drafts, oldest first.
func (s *Session) Drafts(ctx context.Context) ([]store.Draft, error) {
	return s.store.Drafts().List(ctx)
}

// DropDraft forgets the draft of the form named key, if there is one.
func (s *Session) DropDraft(ctx context.Context, key string) error {
	return s.store.Drafts().Delete(ctx, key)
}
