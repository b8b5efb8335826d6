package app

import (
	"context"
	"errors"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
)

// This file and contacts.go, events.go hold the everyday reads and writes
// of the desktop app and the command line. They are thin on purpose: the
// store does the work, and a write announces itself with
// [Session.Changed], so the autosaver and the save indicator see it the
// same way whichever face made it.

// ResolveID returns the full ID of the record of kind whose ID is or
// starts with prefix (case-insensitive), as the command line accepts it.
// The error wraps [store.ErrNotFound], [store.ErrAmbiguous] or
// [store.ErrPrefixTooShort].
func (s *Session) ResolveID(ctx context.Context, kind record.Kind, prefix string) (string, error) {
	return s.store.ResolveID(ctx, kind, prefix)
}

// Search runs a full-text search over the vault and returns at most limit
// hits, best first.
func (s *Session) Search(ctx context.Context, query string, limit int) ([]store.Hit, error) {
	return s.store.Search(ctx, query, limit)
}

// Peers returns the people the user shares with.
func (s *Session) Peers(ctx context.Context) ([]*store.Peer, error) {
	return s.store.Peers().List(ctx)
}

// Peer returns the peer of the contact; the error wraps
// [store.ErrNotFound] if the contact has no sharing keys.
func (s *Session) Peer(ctx context.Context, contactID string) (*store.Peer, error) {
	return s.store.Peers().Get(ctx, contactID)
}

// PeerByFingerprint returns the peer with the key fingerprint; the error
// wraps [store.ErrNotFound] for a key the vault does not know.
func (s *Session) PeerByFingerprint(ctx context.Context, fingerprint string) (*store.Peer, error) {
	return s.store.Peers().ByFingerprint(ctx, fingerprint)
}

// VerifyPeer marks the key of the peer whose contact has the given ID as
// checked with them in person. The error wraps [store.ErrNotFound] if
// there is no such peer.
func (s *Session) VerifyPeer(ctx context.Context, contactID string) error {
	if err := s.store.Peers().Verify(ctx, contactID); err != nil {
		return err
	}
	s.Changed()
	return nil
}

// changedAfter announces a successful write.
func (s *Session) changedAfter(err error) error {
	if err == nil {
		s.Changed()
	}
	return err
}

// Counts returns how many records of each kind the vault holds, and the
// counts relative to now (tasks overdue, events coming up).
func (s *Session) Counts(ctx context.Context, now time.Time) (store.Counts, error) {
	return s.store.CountsAt(ctx, now)
}

// IntegrityCheck runs SQLite's full integrity check (and the search
// index's and foreign keys' checks) now and waits for it; the error wraps
// [store.ErrDamaged] when the database is damaged. The desktop app uses
// [Session.CheckInBackground] instead.
func (s *Session) IntegrityCheck() error {
	return s.store.IntegrityCheck()
}

// Conflicts returns the records that a peer and this vault both changed,
// each kept as a copy until the user chooses (see [ResolveConflict]).
func (s *Session) Conflicts(ctx context.Context) ([]store.Conflict, error) {
	return s.store.Sync().Conflicts(ctx)
}

// HasIdentity reports whether the vault holds its sharing identity yet
// (vaults made before sharing existed get it when it is first needed).
func (s *Session) HasIdentity(ctx context.Context) (bool, error) {
	id, err := LoadIdentity(ctx, s.store)
	if errors.Is(err, ErrNoIdentity) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	id.Destroy()
	return true, nil
}

// ContactCount counts the contacts that match f.
func (s *Session) ContactCount(ctx context.Context, f store.ContactFilter) (int, error) {
	return s.store.Contacts().Count(ctx, f)
}

// Stats returns the dashboard's statistics as of now.
func (s *Session) Stats(ctx context.Context, now time.Time) (store.Stats, error) {
	return s.store.Stats(ctx, now)
}

// OverdueTasks returns the open tasks due before now, in events still to
// come or under way.
func (s *Session) OverdueTasks(ctx context.Context, now time.Time) ([]*event.Task, error) {
	return s.store.Tasks().Overdue(ctx, now)
}

// FollowUpsDue returns the contacts whose follow-up date is day or
// earlier.
func (s *Session) FollowUpsDue(ctx context.Context, day date.Date) ([]store.ContactSummary, error) {
	return s.store.Contacts().FollowUpsDue(ctx, day)
}
