package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// schemaV3 adds sharing: the vault's own sharing identity (private keys,
// kept only inside the encrypted database) with its outgoing bundle
// counter, per-peer state, the bundles already imported, the versions
// both sides last agreed on per record, and conflict copies waiting for
// the user. See docs/bundle-format.md.
var schemaV3 = []string{
	`CREATE TABLE sharing_identity (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		created INTEGER NOT NULL,
		age_identity TEXT NOT NULL,
		signing_seed BLOB NOT NULL,
		fingerprint TEXT NOT NULL,
		sequence INTEGER NOT NULL DEFAULT 0
	)`,
	`CREATE TABLE peers (
		contact_id TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
		fingerprint TEXT NOT NULL UNIQUE,
		name_hint TEXT NOT NULL DEFAULT '',
		verified INTEGER NOT NULL DEFAULT 0,
		key_changed INTEGER NOT NULL DEFAULT 0,
		previous_fingerprint TEXT NOT NULL DEFAULT '',
		last_sequence INTEGER NOT NULL DEFAULT 0,
		added INTEGER NOT NULL,
		updated INTEGER NOT NULL
	)`,
	`CREATE TABLE imported_bundles (
		id TEXT PRIMARY KEY,
		sender TEXT NOT NULL,
		sequence INTEGER NOT NULL,
		imported INTEGER NOT NULL
	)`,
	`CREATE TABLE sync_base (
		record_id TEXT NOT NULL,
		peer TEXT NOT NULL,
		local_version INTEGER NOT NULL,
		remote_version INTEGER NOT NULL,
		PRIMARY KEY (record_id, peer)
	) WITHOUT ROWID`,
	`CREATE TABLE merge_conflicts (
		copy_id TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		original_id TEXT NOT NULL,
		peer TEXT NOT NULL,
		created INTEGER NOT NULL
	)`,
}

// ErrPeerExists means the keys already belong to another contact.
var ErrPeerExists = errors.New("these keys already belong to another contact")

// SharingSecret is the vault's sharing identity as stored: the private
// keys (see package identity) and the fingerprint of their public halves.
type SharingSecret struct {
	AgeIdentity string
	SigningSeed []byte
	Fingerprint string
	Created     time.Time
}

// SharingSecret returns the stored sharing identity; the error wraps
// [ErrNotFound] if the vault has none yet.
func (s *Store) SharingSecret(ctx context.Context) (*SharingSecret, error) {
	var sec SharingSecret
	var created int64
	err := s.db.QueryRowContext(ctx, "SELECT age_identity, signing_seed, fingerprint, created FROM sharing_identity WHERE id = 1").
		Scan(&sec.AgeIdentity, &sec.SigningSeed, &sec.Fingerprint, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sharing identity: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to read sharing identity: %w", err)
	}
	sec.Created = fromMS(created)
	return &sec, nil
}

// SetSharingSecret stores the sharing identity unless one exists, and
// reports whether it stored it (false: an identity was already there and
// is kept).
func (s *Store) SetSharingSecret(ctx context.Context, sec *SharingSecret) (bool, error) {
	stored := false
	err := s.write(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO sharing_identity(id, created, age_identity, signing_seed, fingerprint)
			VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`, ms(s.now()), sec.AgeIdentity, sec.SigningSeed, sec.Fingerprint)
		if err != nil {
			return fmt.Errorf("failed to store sharing identity: %w", err)
		}
		n, _ := res.RowsAffected()
		stored = n == 1
		return nil
	})
	return stored, err
}

// NextSequence increments and returns the vault's outgoing bundle
// sequence number. The error wraps [ErrNotFound] without an identity.
func (t *Tx) NextSequence(ctx context.Context) (int64, error) {
	var n int64
	err := t.tx.QueryRowContext(ctx, "UPDATE sharing_identity SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence").Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("sharing identity: %w", ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("failed to count bundles: %w", err)
	}
	return n, nil
}

// OutgoingSequence returns the sequence number of the last bundle this
// vault made (0 before the first). The error wraps [ErrNotFound] without
// a sharing identity.
func (s *Store) OutgoingSequence(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT sequence FROM sharing_identity WHERE id = 1").Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("sharing identity: %w", ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("failed to read the bundle counter: %w", err)
	}
	return n, nil
}

// Peer is a contact with sharing keys, and what this vault knows about
// them.
type Peer struct {
	ContactID string
	// Name is the contact's name.
	Name string
	Keys contact.PeerKeys
	// Fingerprint is the hex fingerprint of Keys.
	Fingerprint string
	// NameHint is the display name the peer's card suggested.
	NameHint string
	// Verified is set when the user compared the safety phrase; it is
	// cleared when the keys change.
	Verified bool
	// KeyChanged is set when the contact's keys were replaced by
	// different ones; warn loudly until the user verifies again.
	KeyChanged bool
	// PreviousFingerprint is the fingerprint before the last key change.
	PreviousFingerprint string
	// LastSequence is the highest bundle sequence number imported from
	// the peer; bundles at or below it are replays.
	LastSequence int64
	Added        time.Time
	Updated      time.Time
}

// Peers is the repository of peers.
type Peers struct{ repo }

// Peers returns the peer repository.
func (s *Store) Peers() *Peers { return &Peers{repo{s: s}} }

// Peers returns the peer repository bound to the transaction.
func (t *Tx) Peers() *Peers { return &Peers{repo{s: t.s, tx: t.tx}} }

// NewPeer describes keys to attach to a contact; see [Peers.Add].
type NewPeer struct {
	Keys        contact.PeerKeys
	Fingerprint string
	NameHint    string
	// ContactID names the existing contact the keys belong to; "" creates
	// a new contact named after NameHint (or the fingerprint).
	ContactID string
}

// Add attaches keys to a contact (a new one if p.ContactID is "") and
// returns the peer. Adding the same keys again changes nothing. Adding
// different keys to a contact that had keys marks them changed and clears
// verification and the replay counter. The error wraps [ErrPeerExists]
// when another contact already has the keys, and [ErrNotFound] for an
// unknown contact.
func (r *Peers) Add(ctx context.Context, p NewPeer) (*Peer, error) {
	p.Fingerprint = strings.ToLower(strings.TrimSpace(p.Fingerprint))
	if len(p.Fingerprint) != 64 || strings.Trim(p.Fingerprint, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("invalid fingerprint %q", p.Fingerprint)
	}
	id := p.ContactID
	err := r.write(ctx, func(tx *txn) error {
		now := r.now()
		var owner string
		err := tx.QueryRowContext(ctx, "SELECT contact_id FROM peers WHERE fingerprint = ?", p.Fingerprint).Scan(&owner)
		switch {
		case err == nil && (id == "" || owner == id):
			id = owner // same keys again: nothing changes
			return nil
		case err == nil:
			return fmt.Errorf("%w (contact %s)", ErrPeerExists, owner)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("failed to look up peer: %w", err)
		}
		if id == "" {
			name := p.NameHint
			if strings.TrimSpace(name) == "" {
				name = "Peer " + p.Fingerprint[:8]
			}
			c := &contact.Contact{Name: name, PeerKeys: &p.Keys}
			if err := (&Contacts{repo{s: r.s, tx: tx}}).Add(ctx, c); err != nil {
				return err
			}
			id = c.ID
		} else {
			// Keys are local knowledge, never shared in bundles: setting
			// them does not count as a change of the contact record.
			res, err := tx.ExecContext(ctx, "UPDATE contacts SET peer_recipient = ?, peer_signing_key = ? WHERE id = ?",
				p.Keys.Recipient, p.Keys.SigningKey, id)
			if err != nil {
				return fmt.Errorf("failed to save keys: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("contact %q: %w", id, ErrNotFound)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO peers(contact_id, fingerprint, name_hint, added, updated) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT(contact_id) DO UPDATE SET previous_fingerprint = fingerprint, fingerprint = excluded.fingerprint,
				name_hint = excluded.name_hint, verified = 0, key_changed = 1, last_sequence = 0, updated = excluded.updated`,
			id, p.Fingerprint, p.NameHint, ms(now), ms(now))
		if err != nil {
			return fmt.Errorf("failed to save peer: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r.Get(ctx, id)
}

const peerColumns = `p.contact_id, c.name, coalesce(c.peer_recipient, ''), coalesce(c.peer_signing_key, ''), p.fingerprint,
	p.name_hint, p.verified, p.key_changed, p.previous_fingerprint, p.last_sequence, p.added, p.updated`

func scanPeer(sc interface{ Scan(...any) error }) (*Peer, error) {
	var p Peer
	var added, updated int64
	if err := sc.Scan(&p.ContactID, &p.Name, &p.Keys.Recipient, &p.Keys.SigningKey, &p.Fingerprint, &p.NameHint,
		&p.Verified, &p.KeyChanged, &p.PreviousFingerprint, &p.LastSequence, &added, &updated); err != nil {
		return nil, err
	}
	p.Added, p.Updated = fromMS(added), fromMS(updated)
	return &p, nil
}

// Get returns the peer of the contact; the error wraps [ErrNotFound] if
// the contact has no keys.
func (r *Peers) Get(ctx context.Context, contactID string) (*Peer, error) {
	p, err := scanPeer(r.q().QueryRowContext(ctx, "SELECT "+peerColumns+" FROM peers p JOIN contacts c ON c.id = p.contact_id WHERE p.contact_id = ?", contactID))
	if err != nil {
		return nil, notFound(err, "peer", contactID)
	}
	return p, nil
}

// ByFingerprint returns the peer with the key fingerprint (64 hex
// digits); the error wraps [ErrNotFound] for unknown keys.
func (r *Peers) ByFingerprint(ctx context.Context, fingerprint string) (*Peer, error) {
	p, err := scanPeer(r.q().QueryRowContext(ctx, "SELECT "+peerColumns+" FROM peers p JOIN contacts c ON c.id = p.contact_id WHERE p.fingerprint = ?",
		strings.ToLower(fingerprint)))
	if err != nil {
		return nil, notFound(err, "peer", fingerprint)
	}
	return p, nil
}

// List returns all peers by contact name.
func (r *Peers) List(ctx context.Context) ([]*Peer, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT "+peerColumns+" FROM peers p JOIN contacts c ON c.id = p.contact_id ORDER BY c.name COLLATE NOCASE, c.id")
	if err != nil {
		return nil, fmt.Errorf("failed to list peers: %w", err)
	}
	defer rows.Close()
	var out []*Peer
	for rows.Next() {
		p, err := scanPeer(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list peers: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Verify records that the user compared the safety phrase with the peer,
// clearing the key-changed warning. The error wraps [ErrNotFound].
func (r *Peers) Verify(ctx context.Context, contactID string) error {
	return r.write(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, "UPDATE peers SET verified = 1, key_changed = 0, updated = ? WHERE contact_id = ?", ms(r.now()), contactID)
		if err != nil {
			return fmt.Errorf("failed to verify peer: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("peer %q: %w", contactID, ErrNotFound)
		}
		return nil
	})
}

// SetLastSequence records the sequence number of the latest bundle
// imported from the peer with the fingerprint. It never lowers it.
func (r *Peers) SetLastSequence(ctx context.Context, fingerprint string, seq int64) error {
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "UPDATE peers SET last_sequence = max(last_sequence, ?) WHERE fingerprint = ?", seq, strings.ToLower(fingerprint))
		if err != nil {
			return fmt.Errorf("failed to record bundle sequence: %w", err)
		}
		return nil
	})
}

// isUUID reports whether s is a canonical lower-case UUID.
func isUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}
