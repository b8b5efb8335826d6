package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// This file holds the store side of merging bundles from peers: writing
// records with the IDs, versions and origins they carry (the ordinary Add
// and Update assign their own), and the bookkeeping of merges. The merge
// rules themselves live in package merge.

// checkMeta validates the record metadata a merge writes verbatim.
func checkMeta(kind record.Kind, id string, version int64, created, updated time.Time) error {
	if !isUUID(id) {
		return fmt.Errorf("%s: invalid ID %q", kind, id)
	}
	if version < 1 {
		return fmt.Errorf("%s %s: invalid version %d", kind, id, version)
	}
	if created.IsZero() || updated.IsZero() {
		return fmt.Errorf("%s %s: missing timestamps", kind, id)
	}
	return nil
}

// Put inserts the contact, or replaces the stored one with the same ID,
// keeping c's ID, Created, Updated, Origin and Version as given. The
// stored peer keys are kept (they are local knowledge); c.PeerKeys is
// ignored.
func (r *Contacts) Put(ctx context.Context, c *contact.Contact) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	c.Created, c.Updated = c.Created.UTC().Truncate(time.Millisecond), c.Updated.UTC().Truncate(time.Millisecond)
	if err := checkMeta(record.Contact, c.ID, c.Version, c.Created, c.Updated); err != nil {
		return err
	}
	return r.write(ctx, func(tx *txn) error {
		langs, _ := json.Marshal(nonNil(c.Languages))
		_, err := tx.ExecContext(ctx, `INSERT INTO contacts(id, created, updated, origin, version, name, kind,
			organization, role, country, languages, stage, trust, consent, follow_up, notes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET created = excluded.created, updated = excluded.updated, origin = excluded.origin,
				version = excluded.version, name = excluded.name, kind = excluded.kind, organization = excluded.organization,
				role = excluded.role, country = excluded.country, languages = excluded.languages, stage = excluded.stage,
				trust = excluded.trust, consent = excluded.consent, follow_up = excluded.follow_up, notes = excluded.notes`,
			c.ID, ms(c.Created), ms(c.Updated), c.Origin, c.Version, c.Name, string(c.Kind), c.Organization, c.Role,
			c.Country, string(langs), string(c.Stage), string(c.Trust), c.Consent, c.FollowUp.String(), c.Notes)
		if err != nil {
			return fmt.Errorf("failed to merge contact: %w", err)
		}
		for _, q := range []string{"DELETE FROM contact_channels WHERE contact_id = ?", "DELETE FROM contact_tags WHERE contact_id = ?"} {
			if _, err := tx.ExecContext(ctx, q, c.ID); err != nil {
				return fmt.Errorf("failed to merge contact: %w", err)
			}
		}
		return writeContactChildren(ctx, tx, c)
	})
}

// Put inserts the event, or replaces the stored one with the same ID,
// keeping e's metadata as given. Tasks and participants are not touched.
func (r *Events) Put(ctx context.Context, e *event.Event) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	normalizeTimes(e)
	e.Created, e.Updated = e.Created.UTC().Truncate(time.Millisecond), e.Updated.UTC().Truncate(time.Millisecond)
	if err := checkMeta(record.Event, e.ID, e.Version, e.Created, e.Updated); err != nil {
		return err
	}
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO events(id, created, updated, origin, version, title, kind, start_at,
			end_at, time_zone, location, online, description, status, safety_threats, safety_mitigations,
			safety_emergency_contacts, safety_check_in, outcome, uid, rrule, exdates, rdates, series_end, series_id,
			recurrence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET created = excluded.created, updated = excluded.updated, origin = excluded.origin,
				version = excluded.version, title = excluded.title, kind = excluded.kind, start_at = excluded.start_at,
				end_at = excluded.end_at, time_zone = excluded.time_zone, location = excluded.location,
				online = excluded.online, description = excluded.description, status = excluded.status,
				safety_threats = excluded.safety_threats, safety_mitigations = excluded.safety_mitigations,
				safety_emergency_contacts = excluded.safety_emergency_contacts, safety_check_in = excluded.safety_check_in,
				outcome = excluded.outcome, uid = excluded.uid, rrule = excluded.rrule, exdates = excluded.exdates,
				rdates = excluded.rdates, series_end = excluded.series_end, series_id = excluded.series_id,
				recurrence_id = excluded.recurrence_id`,
			append([]any{e.ID, ms(e.Created), ms(e.Updated), e.Origin, e.Version, e.Title, string(e.Kind), ms(e.Start), nullMS(e.End),
				e.TimeZone, e.Location, e.Online, e.Description, string(e.Status), e.Safety.Threats, e.Safety.Mitigations,
				e.Safety.EmergencyContacts, e.Safety.CheckIn, e.Outcome, e.UID}, seriesColumns(e)...)...)
		if err != nil {
			return fmt.Errorf("failed to merge event: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM event_objectives WHERE event_id = ?", e.ID); err != nil {
			return fmt.Errorf("failed to merge event: %w", err)
		}
		return writeEventChildren(ctx, tx, e)
	})
}

// Put inserts the task, or replaces the stored one with the same ID,
// keeping t's metadata as given. Its event (and assignee) must exist.
func (r *Tasks) Put(ctx context.Context, t *event.Task) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	t.Created, t.Updated = t.Created.UTC().Truncate(time.Millisecond), t.Updated.UTC().Truncate(time.Millisecond)
	if err := checkMeta(record.Task, t.ID, t.Version, t.Created, t.Updated); err != nil {
		return err
	}
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tasks(`+taskColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET created = excluded.created, updated = excluded.updated, origin = excluded.origin,
				version = excluded.version, event_id = excluded.event_id, title = excluded.title,
				assignee_id = excluded.assignee_id, due = excluded.due, done = excluded.done, notes = excluded.notes,
				position = excluded.position, occurrence = excluded.occurrence`,
			t.ID, ms(t.Created), ms(t.Updated), t.Origin, t.Version, t.EventID, t.Title, nullStr(t.AssigneeID),
			t.Due.String(), t.Done, t.Notes, t.Position, nullMS(t.Occurrence))
		if err != nil {
			return fmt.Errorf("failed to merge task: %w", err)
		}
		return index(ctx, tx, record.Task, t.ID, t.Title, t.Notes)
	})
}

// Put inserts the tutorial, or replaces the stored one with the same ID,
// keeping t's metadata as given. Its slug and language must not belong to
// another tutorial.
func (r *Tutorials) Put(ctx context.Context, t *tutorial.Tutorial) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	t.Created, t.Updated = t.Created.UTC().Truncate(time.Millisecond), t.Updated.UTC().Truncate(time.Millisecond)
	if err := checkMeta(record.Tutorial, t.ID, t.Version, t.Created, t.Updated); err != nil {
		return err
	}
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO tutorials("+tutorialColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET created = excluded.created, updated = excluded.updated, origin = excluded.origin,
				version = excluded.version, slug = excluded.slug, language = excluded.language, title = excluded.title,
				summary = excluded.summary, body = excluded.body, content_version = excluded.content_version,
				source = excluded.source, meta = excluded.meta`,
			t.ID, ms(t.Created), ms(t.Updated), t.Origin, t.Version, t.Slug, t.Language, t.Title, t.Summary, t.Body,
			t.ContentVersion, string(t.Source), encodeTutorialMeta(t))
		if err != nil {
			return fmt.Errorf("failed to merge tutorial %s/%s: %w", t.Slug, t.Language, err)
		}
		return index(ctx, tx, record.Tutorial, t.ID, t.Title, t.Summary, t.Body)
	})
}

// Replace sets the participants of the event to list without changing
// the event's version (the merge writes the sender's version).
func (r *Participants) Replace(ctx context.Context, eventID string, list []event.Participant) error {
	for i := range list {
		list[i].EventID = eventID
		if err := list[i].Validate(); err != nil {
			return err
		}
	}
	return r.write(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM participants WHERE event_id = ?", eventID); err != nil {
			return fmt.Errorf("failed to merge participants: %w", err)
		}
		for _, p := range list {
			if _, err := tx.ExecContext(ctx, "INSERT INTO participants(event_id, contact_id, role) VALUES (?, ?, ?)",
				eventID, p.ContactID, p.Role); err != nil {
				return fmt.Errorf("failed to merge participants: %w", err)
			}
		}
		return nil
	})
}

// SyncBase is what this vault and one peer last agreed on for a record:
// the local and the peer's version at the last import or export.
type SyncBase struct {
	Local, Remote int64
}

// Sync is the repository of merge bookkeeping: agreed versions, imported
// bundles, tombstones and conflict copies.
type Sync struct{ repo }

// Sync returns the merge bookkeeping repository.
func (s *Store) Sync() *Sync { return &Sync{repo{s: s}} }

// Sync returns the merge bookkeeping repository bound to the transaction.
func (t *Tx) Sync() *Sync { return &Sync{repo{s: t.s, tx: t.tx}} }

// Base returns the versions last agreed with the peer (a fingerprint) for
// the record; ok is false if there is no agreement yet.
func (r *Sync) Base(ctx context.Context, recordID, peer string) (b SyncBase, ok bool, err error) {
	err = r.q().QueryRowContext(ctx, "SELECT local_version, remote_version FROM sync_base WHERE record_id = ? AND peer = ?", recordID, peer).
		Scan(&b.Local, &b.Remote)
	if errors.Is(err, sql.ErrNoRows) {
		return SyncBase{}, false, nil
	}
	if err != nil {
		return SyncBase{}, false, fmt.Errorf("failed to read merge state: %w", err)
	}
	return b, true, nil
}

// SetBase records the versions agreed with the peer for the record.
func (r *Sync) SetBase(ctx context.Context, recordID, peer string, b SyncBase) error {
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_base(record_id, peer, local_version, remote_version) VALUES (?, ?, ?, ?)
			ON CONFLICT(record_id, peer) DO UPDATE SET local_version = excluded.local_version, remote_version = excluded.remote_version`,
			recordID, peer, b.Local, b.Remote)
		if err != nil {
			return fmt.Errorf("failed to save merge state: %w", err)
		}
		return nil
	})
}

// SharedWith returns the IDs of records with an agreement with the peer.
func (r *Sync) SharedWith(ctx context.Context, peer string) ([]string, error) {
	return queryStrings(ctx, r.q(), "SELECT record_id FROM sync_base WHERE peer = ? ORDER BY record_id", peer)
}

// Tombstone returns the deletion of the record, if it was deleted here.
func (r *Sync) Tombstone(ctx context.Context, id string) (Tombstone, bool, error) {
	var t Tombstone
	var at int64
	err := r.q().QueryRowContext(ctx, "SELECT id, kind, deleted_at, origin FROM deleted WHERE id = ?", id).Scan(&t.ID, &t.Kind, &at, &t.Origin)
	if errors.Is(err, sql.ErrNoRows) {
		return Tombstone{}, false, nil
	}
	if err != nil {
		return Tombstone{}, false, fmt.Errorf("failed to read deletions: %w", err)
	}
	t.DeletedAt = fromMS(at)
	return t, true, nil
}

// BundleImported reports whether the bundle with the ID, signed by sender
// (a fingerprint), was imported (or, for the vault's own fingerprint,
// exported). An ID recorded for another sender does not count: a peer
// who saw someone else's bundle cannot make it look imported.
func (r *Sync) BundleImported(ctx context.Context, bundleID, sender string) (bool, error) {
	var n int
	if err := r.q().QueryRowContext(ctx, "SELECT count(*) FROM imported_bundles WHERE id = ? AND sender = ?", bundleID, sender).Scan(&n); err != nil {
		return false, fmt.Errorf("failed to read imported bundles: %w", err)
	}
	return n > 0, nil
}

// RecordBundle records that the bundle was imported (or, with the vault's
// own fingerprint as sender, that it was made here). An ID already
// recorded (for any sender) is kept as it is.
func (r *Sync) RecordBundle(ctx context.Context, bundleID, sender string, seq int64) error {
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO imported_bundles(id, sender, sequence, imported) VALUES (?, ?, ?, ?)",
			bundleID, sender, seq, ms(r.now()))
		if err != nil {
			return fmt.Errorf("failed to record bundle: %w", err)
		}
		return nil
	})
}

// Conflict is a copy of a record kept because both sides changed it.
type Conflict struct {
	// CopyID is the ID of the incoming version, stored as a new record.
	CopyID string
	Kind   record.Kind
	// OriginalID is the local record it conflicts with.
	OriginalID string
	// Peer is the fingerprint of the sender.
	Peer    string
	Created time.Time
}

// AddConflict records a conflict copy.
func (r *Sync) AddConflict(ctx context.Context, c Conflict) error {
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO merge_conflicts(copy_id, kind, original_id, peer, created) VALUES (?, ?, ?, ?, ?)",
			c.CopyID, string(c.Kind), c.OriginalID, c.Peer, ms(r.now()))
		if err != nil {
			return fmt.Errorf("failed to record conflict: %w", err)
		}
		return nil
	})
}

// Conflicts returns the conflict copies waiting for the user, oldest first.
func (r *Sync) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT copy_id, kind, original_id, peer, created FROM merge_conflicts ORDER BY created, copy_id")
	if err != nil {
		return nil, fmt.Errorf("failed to list conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var at int64
		if err := rows.Scan(&c.CopyID, &c.Kind, &c.OriginalID, &c.Peer, &at); err != nil {
			return nil, fmt.Errorf("failed to list conflicts: %w", err)
		}
		c.Created = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ResolveConflict forgets the conflict of the copy (after the user kept,
// merged or deleted it).
func (r *Sync) ResolveConflict(ctx context.Context, copyID string) error {
	return r.write(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM merge_conflicts WHERE copy_id = ?", copyID)
		if err != nil {
			return fmt.Errorf("failed to resolve conflict: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("conflict %q: %w", copyID, ErrNotFound)
		}
		return nil
	})
}
