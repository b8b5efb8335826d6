package app

import (
	"context"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/store"
)

// Contacts returns the contacts that match f, in name order.
func (s *Session) Contacts(ctx context.Context, f store.ContactFilter) ([]*contact.Contact, error) {
	return s.store.Contacts().List(ctx, f)
}

// Contact returns the contact with the given full ID; the error wraps
// [store.ErrNotFound] if there is none.
func (s *Session) Contact(ctx context.Context, id string) (*contact.Contact, error) {
	return s.store.Contacts().Get(ctx, id)
}

// AddContact validates c, gives it an ID and stores it, then marks the
// session changed.
func (s *Session) AddContact(ctx context.Context, c *contact.Contact) error {
	return s.changedAfter(s.store.Contacts().Add(ctx, c))
}

// UpdateContact validates and saves c, then marks the session changed.
// The error wraps [store.ErrNotFound] if c no longer exists.
func (s *Session) UpdateContact(ctx context.Context, c *contact.Contact) error {
	return s.changedAfter(s.store.Contacts().Update(ctx, c))
}

// DeleteContact deletes the contact with the given ID (its tasks lose
// their assignee, events their participant) and marks the session
// changed. impact says what else changed. The error wraps
// [store.ErrNotFound] if there is no such contact.
func (s *Session) DeleteContact(ctx context.Context, id string) (impact store.DeleteImpact, err error) {
	impact, err = s.store.Contacts().Delete(ctx, id)
	return impact, s.changedAfter(err)
}

// ContactSummaries returns the list rows (name, kind, stage, …) of the
// contacts that match f, in list order.
func (s *Session) ContactSummaries(ctx context.Context, f store.ContactFilter) ([]store.ContactSummary, error) {
	return s.store.Contacts().ListSummaries(ctx, f)
}

// ContactChoices returns the contacts that match f as picker choices, in
// list order (relevance when searching); f.Limit keeps a picker short.
func (s *Session) ContactChoices(ctx context.Context, f store.ContactFilter) ([]store.ContactChoice, error) {
	return s.store.Contacts().Choices(ctx, f)
}

// ContactIDs returns the IDs of the contacts that match f, in list order.
func (s *Session) ContactIDs(ctx context.Context, f store.ContactFilter) ([]string, error) {
	return s.store.Contacts().IDs(ctx, f)
}

// ContactDeleteImpact says what deleting the contact would change, so
// the user can be asked first.
func (s *Session) ContactDeleteImpact(ctx context.Context, id string) (store.DeleteImpact, error) {
	return s.store.Contacts().Impact(ctx, id)
}

// ContactTags returns every distinct tag in use, sorted.
func (s *Session) ContactTags(ctx context.Context) ([]string, error) {
	return s.store.Contacts().Tags(ctx)
}

// ContactCountries returns every distinct country code in use, sorted.
func (s *Session) ContactCountries(ctx context.Context) ([]string, error) {
	return s.store.Contacts().Countries(ctx)
}
