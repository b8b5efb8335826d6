package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Secret returns the secret stored under name; the error wraps
// [ErrNotFound] when there is none.
func (s *Store) Secret(ctx context.Context, name string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM secrets WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("secret %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("failed to read secret %q: %w", name, err)
	}
	return v, nil
}

// SetSecret stores value under name, replacing what was there; an empty
// value deletes it.
func (s *Store) SetSecret(ctx context.Context, name, value string) error {
	return s.write(ctx, func(tx *txn) error {
		var err error
		if value == "" {
			_, err = tx.ExecContext(ctx, "DELETE FROM secrets WHERE name = ?", name)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO secrets(name, value, updated) VALUES (?, ?, ?)
				ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated = excluded.updated`, name, value, ms(s.now()))
		}
		if err != nil {
			return fmt.Errorf("failed to store secret %q: %w", name, err)
		}
		return nil
	})
}
