package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/record"
)

// Templates is the repository of campaign templates saved in the vault.
// Built-in templates ship in the binary and are not stored.
type Templates struct{ repo }

// Templates returns the template repository.
func (s *Store) Templates() *Templates { return &Templates{repo{s: s}} }

// Templates returns the template repository bound to the transaction.
func (t *Tx) Templates() *Templates { return &Templates{repo{s: t.s, tx: t.tx}} }

const templateColumns = "id, created, updated, origin, version, name, body"

func scanTemplate(sc interface{ Scan(...any) error }) (*campaign.Record, error) {
	var r campaign.Record
	var created, updated int64
	if err := sc.Scan(&r.ID, &created, &updated, &r.Origin, &r.Version, &r.Name, &r.Body); err != nil {
		return nil, err
	}
	r.Created, r.Updated = fromMS(created), fromMS(updated)
	return &r, nil
}

// Add validates r (a name and a body that [campaign.Parse] accepts) and
// inserts it with a new ID, timestamps and version 1; r is updated to
// what was stored. An invalid record changes nothing; the error wraps
// [campaign.ErrInvalid].
func (r *Templates) Add(ctx context.Context, rec *campaign.Record) error {
	if err := rec.Validate(); err != nil {
		return err
	}
	now := r.now()
	n := *rec
	n.ID, n.Created, n.Updated, n.Version = uuid.NewString(), now, now, 1
	err := r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO templates("+templateColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
			n.ID, ms(n.Created), ms(n.Updated), n.Origin, n.Version, n.Name, n.Body)
		if err != nil {
			return fmt.Errorf("failed to add template: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*rec = n
	return nil
}

// Update validates rec and replaces the name and body of the saved
// template with its ID, keeping the ID and creation time; the version is
// incremented and rec is updated to what was stored. An invalid record
// changes nothing (the error wraps [campaign.ErrInvalid]), a missing one
// gives an error wrapping [ErrNotFound].
func (r *Templates) Update(ctx context.Context, rec *campaign.Record) error {
	if err := rec.Validate(); err != nil {
		return err
	}
	n := *rec
	n.Updated = r.now()
	err := r.write(ctx, func(tx *txn) error {
		var created int64
		err := tx.QueryRowContext(ctx, "UPDATE templates SET updated = ?, version = version + 1, name = ?, body = ? WHERE id = ? RETURNING version, created, origin",
			ms(n.Updated), n.Name, n.Body, n.ID).Scan(&n.Version, &created, &n.Origin)
		if err != nil {
			return notFound(err, record.Template, n.ID)
		}
		n.Created = fromMS(created)
		return nil
	})
	if err != nil {
		return err
	}
	*rec = n
	return nil
}

// Get returns the saved template with the given ID; the error wraps
// [ErrNotFound].
func (r *Templates) Get(ctx context.Context, id string) (*campaign.Record, error) {
	rec, err := scanTemplate(r.q().QueryRowContext(ctx, "SELECT "+templateColumns+" FROM templates WHERE id = ?", id))
	if err != nil {
		return nil, notFound(err, record.Template, id)
	}
	return rec, nil
}

// List returns every saved template ordered by name.
func (r *Templates) List(ctx context.Context) ([]*campaign.Record, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT "+templateColumns+" FROM templates ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return nil, fmt.Errorf("failed to list templates: %w", err)
	}
	defer rows.Close()
	var out []*campaign.Record
	for rows.Next() {
		rec, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list templates: %w", err)
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// Resolve returns the full ID of the saved template whose ID is or starts
// with prefix (at least [MinPrefix] characters, case-insensitive). The
// error wraps [ErrNotFound], [ErrAmbiguous] or [ErrPrefixTooShort].
func (r *Templates) Resolve(ctx context.Context, prefix string) (string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if len(prefix) < MinPrefix {
		return "", fmt.Errorf("%w: %q (need at least %d characters)", ErrPrefixTooShort, prefix, MinPrefix)
	}
	ids, err := queryStrings(ctx, r.q(), "SELECT id FROM templates WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", prefix, prefix+"~")
	if err != nil {
		return "", fmt.Errorf("failed to resolve ID: %w", err)
	}
	switch {
	case len(ids) == 0:
		return "", fmt.Errorf("%s %q: %w", record.Template, prefix, ErrNotFound)
	case len(ids) > 1 && ids[0] != prefix:
		return "", fmt.Errorf("%s %q: %w", record.Template, prefix, ErrAmbiguous)
	}
	return ids[0], nil
}

// Delete removes the saved template and records a tombstone. The error
// wraps [ErrNotFound] for a missing ID.
func (r *Templates) Delete(ctx context.Context, id string) error {
	return r.write(ctx, func(tx *txn) error {
		var origin string
		if err := tx.QueryRowContext(ctx, "DELETE FROM templates WHERE id = ? RETURNING origin", id).Scan(&origin); err != nil {
			return notFound(err, record.Template, id)
		}
		return tombstone(ctx, tx, record.Template, id, origin, r.now())
	})
}
