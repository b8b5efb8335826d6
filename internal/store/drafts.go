package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MaxDraftSize bounds one draft's data. Forms hold a few kilobytes; the
// limit only keeps a runaway caller from bloating the vault.
const MaxDraftSize = 1 << 20

// ErrDraftTooLarge means a draft's data is larger than [MaxDraftSize].
var ErrDraftTooLarge = errors.New("draft is too large")

// Draft is an edit the user had not finished when the vault was locked:
// the field values of an open form, kept inside the encrypted vault so a
// lock (by hand or after idle time) never throws typing away. Drafts are
// local to this vault; they are never shared or exported.
type Draft struct {
	// Key names the form the draft belongs to, e.g. "contact:<id>".
	Key string
	// Saved is when the draft was stored.
	Saved time.Time
	// Data is the form's own encoding of its field values.
	Data []byte
}

// Drafts is the repository of unfinished edits.
type Drafts struct{ repo }

// Drafts returns the draft repository.
func (s *Store) Drafts() *Drafts { return &Drafts{repo{s: s}} }

// Put stores data as the draft for key, replacing any earlier one.
func (r *Drafts) Put(ctx context.Context, key string, data []byte) error {
	if len(data) > MaxDraftSize {
		return fmt.Errorf("failed to keep draft: %w", ErrDraftTooLarge)
	}
	now := r.now()
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx,
			"INSERT INTO drafts(key, saved, data) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET saved = excluded.saved, data = excluded.data",
			key, ms(now), string(data))
		if err != nil {
			return fmt.Errorf("failed to keep draft: %w", err)
		}
		return nil
	})
}

// List returns every draft, oldest first.
func (r *Drafts) List(ctx context.Context) ([]Draft, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT key, saved, data FROM drafts ORDER BY saved, key")
	if err != nil {
		return nil, fmt.Errorf("failed to list drafts: %w", err)
	}
	defer rows.Close()
	var out []Draft
	for rows.Next() {
		var d Draft
		var saved int64
		var data string
		if err := rows.Scan(&d.Key, &saved, &data); err != nil {
			return nil, fmt.Errorf("failed to read draft: %w", err)
		}
		d.Saved, d.Data = fromMS(saved), []byte(data)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failed to list drafts: %w", err)
	}
	return out, nil
}

// Delete removes the draft for key; a missing draft is not an error. It
// writes (and so marks the vault changed) only when there was one.
func (r *Drafts) Delete(ctx context.Context, key string) error {
	var n int
	err := r.q().QueryRowContext(ctx, "SELECT count(*) FROM drafts WHERE key = ?", key).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("failed to read draft: %w", err)
	}
	if n == 0 {
		return nil
	}
	return r.write(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM drafts WHERE key = ?", key); err != nil {
			return fmt.Errorf("failed to drop draft: %w", err)
		}
		return nil
	})
}
