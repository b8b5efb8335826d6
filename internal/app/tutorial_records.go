package app

import (
	"context"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Tutorials returns the vault's tutorials ordered by slug and language;
// lang "" means all languages.
func (s *Session) Tutorials(ctx context.Context, lang string) ([]*tutorial.Tutorial, error) {
	return s.store.Tutorials().List(ctx, lang)
}

// Tutorial returns the tutorial with the given ID; the error wraps
// [store.ErrNotFound] if there is none.
func (s *Session) Tutorial(ctx context.Context, id string) (*tutorial.Tutorial, error) {
	return s.store.Tutorials().Get(ctx, id)
}

// TutorialBySlug returns the tutorial with the slug in the language; the
// error wraps [store.ErrNotFound] if that translation does not exist.
func (s *Session) TutorialBySlug(ctx context.Context, slug, lang string) (*tutorial.Tutorial, error) {
	return s.store.Tutorials().GetBySlug(ctx, slug, lang)
}

// TutorialProgress returns the done flag of every checklist item recorded
// for the tutorial slug (shared by all its languages), by item ID.
func (s *Session) TutorialProgress(ctx context.Context, slug string) (map[string]bool, error) {
	return s.store.Tutorials().Progress(ctx, slug)
}

// SetTutorialItemDone records whether the checklist item of the tutorial
// slug is done, then marks the session changed.
func (s *Session) SetTutorialItemDone(ctx context.Context, slug, itemID string, done bool) error {
	return s.changedAfter(s.store.Tutorials().SetItemDone(ctx, slug, itemID, done))
}

// DeleteTutorial deletes the tutorial with the given ID (its checklist
// progress stays with the slug) and marks the session changed. The error
// wraps [store.ErrNotFound] if there is none.
func (s *Session) DeleteTutorial(ctx context.Context, id string) error {
	return s.changedAfter(s.store.Tutorials().Delete(ctx, id))
}
