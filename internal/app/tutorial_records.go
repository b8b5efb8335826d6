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

// AddTutorial stores a new tutorial the user wrote, copied or imported.
func (s *Session) AddTutorial(ctx context.Context, t *tutorial.Tutorial) error {
	return s.changedAfter(s.store.Tutorials().Add(ctx, t))
}

// UpdateTutorial stores an edited tutorial; the error wraps
// [store.ErrNotFound] if it is gone.
func (s *Session) UpdateTutorial(ctx context.Context, t *tutorial.Tutorial) error {
	return s.changedAfter(s.store.Tutorials().Update(ctx, t))
}

// CustomTutorialSlug is [CustomTutorialSlug] on this vault: want, or want
// with a number, free in language lang among the vault's tutorials and
// the built-in ones.
func (s *Session) CustomTutorialSlug(ctx context.Context, want, lang string, builtin []*tutorial.Document) (string, error) {
	return CustomTutorialSlug(ctx, s.store, want, lang, builtin)
}
