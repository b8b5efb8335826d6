package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/record"
)

// tableOf returns the table that holds records of the kind.
func tableOf(k record.Kind) (string, error) {
	switch k {
	case record.Contact:
		return "contacts", nil
	case record.Event:
		return "events", nil
	case record.Task:
		return "tasks", nil
	case record.Tutorial:
		return "tutorials", nil
	}
	return "", fmt.Errorf("unknown record kind %q", k)
}

// MinPrefix is the shortest ID prefix [Store.ResolveID] accepts.
const MinPrefix = 6

// ResolveID returns the full ID of the record of kind whose ID is or
// starts with prefix (case-insensitive). The error wraps [ErrNotFound],
// [ErrAmbiguous] or [ErrPrefixTooShort].
func (s *Store) ResolveID(ctx context.Context, kind record.Kind, prefix string) (string, error) {
	table, err := tableOf(kind)
	if err != nil {
		return "", err
	}
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if len(prefix) < MinPrefix {
		return "", fmt.Errorf("%w: %q (need at least %d characters)", ErrPrefixTooShort, prefix, MinPrefix)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM "+table+" WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", prefix, prefix+"~")
	if err != nil {
		return "", fmt.Errorf("failed to resolve ID: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", fmt.Errorf("failed to resolve ID: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("failed to resolve ID: %w", err)
	}
	switch {
	case len(ids) == 0:
		return "", fmt.Errorf("%s %q: %w", kind, prefix, ErrNotFound)
	case len(ids) > 1 && ids[0] != prefix:
		return "", fmt.Errorf("%s %q: %w", kind, prefix, ErrAmbiguous)
	}
	return ids[0], nil
}

// Tombstone records the deletion of a record, for merging bundles later.
type Tombstone struct {
	ID        string
	Kind      record.Kind
	DeletedAt time.Time
	Origin    string
}

func tombstone(ctx context.Context, tx *txn, kind record.Kind, id, origin string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO deleted(id, kind, deleted_at, origin) VALUES (?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET deleted_at = excluded.deleted_at`, id, string(kind), ms(at), origin)
	if err != nil {
		return fmt.Errorf("failed to record deletion: %w", err)
	}
	return nil
}

// Tombstones returns the deletions recorded since the given time
// (all of them for the zero time), oldest first.
func (s *Store) Tombstones(ctx context.Context, since time.Time) ([]Tombstone, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, kind, deleted_at, origin FROM deleted WHERE deleted_at >= ? ORDER BY deleted_at, id", ms(since))
	if err != nil {
		return nil, fmt.Errorf("failed to list deletions: %w", err)
	}
	defer rows.Close()
	var out []Tombstone
	for rows.Next() {
		var t Tombstone
		var at int64
		if err := rows.Scan(&t.ID, &t.Kind, &at, &t.Origin); err != nil {
			return nil, fmt.Errorf("failed to list deletions: %w", err)
		}
		t.DeletedAt = fromMS(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Counts summarizes the database for the dashboard.
type Counts struct {
	Contacts  int
	Events    int
	Tasks     int
	Tutorials int
	// ContactsByStage counts contacts per stage (all kinds together).
	ContactsByStage map[string]int
	// OpenTasks counts tasks not done; OverdueTasks those of them due
	// before today (in the time zone of the now passed to CountsAt) whose
	// event is still open (see [OpenEventSQL]).
	OpenTasks    int
	OverdueTasks int
	// UpcomingEvents counts events that have not ended yet and are not
	// done or cancelled.
	UpcomingEvents int
	// FollowUpsDue counts contacts whose follow-up date is today or earlier.
	FollowUpsDue int
}

// Counts returns database counts relative to the current time.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	return s.CountsAt(ctx, s.now())
}

// CountsAt returns database counts relative to now.
func (s *Store) CountsAt(ctx context.Context, now time.Time) (Counts, error) {
	c := Counts{ContactsByStage: map[string]int{}}
	today := date.Of(now).String()
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM contacts),
		(SELECT count(*) FROM events),
		(SELECT count(*) FROM tasks),
		(SELECT count(*) FROM tutorials),
		(SELECT count(*) FROM tasks WHERE done = 0),
		(SELECT count(*) FROM tasks WHERE done = 0 AND due <> '' AND due < ? AND `+OpenEventSQL+`),
		(SELECT count(*) FROM events WHERE coalesce(series_end, end_at, start_at) >= ? AND status NOT IN ('done', 'cancelled')),
		(SELECT count(*) FROM contacts WHERE follow_up <> '' AND follow_up <= ?)`,
		today, ms(now), ms(now), today).Scan(&c.Contacts, &c.Events, &c.Tasks, &c.Tutorials, &c.OpenTasks, &c.OverdueTasks, &c.UpcomingEvents, &c.FollowUpsDue)
	if err != nil {
		return c, fmt.Errorf("failed to count records: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT stage, count(*) FROM contacts GROUP BY stage")
	if err != nil {
		return c, fmt.Errorf("failed to count stages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return c, fmt.Errorf("failed to count stages: %w", err)
		}
		c.ContactsByStage[st] = n
	}
	return c, rows.Err()
}

// notFound turns sql.ErrNoRows into an error wrapping ErrNotFound.
func notFound(err error, kind record.Kind, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %q: %w", kind, id, ErrNotFound)
	}
	return fmt.Errorf("failed to read %s %q: %w", kind, id, err)
}
