package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Tutorials is the tutorial repository, including checklist progress.
type Tutorials struct{ repo }

// Tutorials returns the tutorial repository.
func (s *Store) Tutorials() *Tutorials { return &Tutorials{repo{s: s}} }

// Tutorials returns the tutorial repository bound to the transaction.
func (t *Tx) Tutorials() *Tutorials { return &Tutorials{repo{s: t.s, tx: t.tx}} }

const tutorialColumns = "id, created, updated, origin, version, slug, language, title, summary, body, content_version, source, meta"

// tutorialMeta is the JSON held in the meta column of tutorials: the
// optional front matter values. Absent keys are zero.
type tutorialMeta struct {
	Level      tutorial.Level `json:"level,omitempty"`
	Minutes    int            `json:"minutes,omitempty"`
	Tags       []string       `json:"tags,omitempty"`
	Objectives []int          `json:"objectives,omitempty"`
	Series     string         `json:"series,omitempty"`
	Part       int            `json:"part,omitempty"`
	Reviewed   string         `json:"reviewed,omitempty"`
}

// encodeTutorialMeta returns the meta column value of t ("{}" when it
// has none).
func encodeTutorialMeta(t *tutorial.Tutorial) string {
	b, err := json.Marshal(tutorialMeta{t.Level, t.Minutes, t.Tags, t.Objectives, t.Series, t.Part, t.Reviewed})
	if err != nil {
		panic(err) // plain strings and ints always marshal
	}
	return string(b)
}

func scanTutorial(sc interface{ Scan(...any) error }) (*tutorial.Tutorial, error) {
	var t tutorial.Tutorial
	var created, updated int64
	var meta string
	if err := sc.Scan(&t.ID, &created, &updated, &t.Origin, &t.Version, &t.Slug, &t.Language, &t.Title, &t.Summary,
		&t.Body, &t.ContentVersion, &t.Source, &meta); err != nil {
		return nil, err
	}
	var m tutorialMeta
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		return nil, fmt.Errorf("%w: tutorial %s: meta: %w", ErrDamaged, t.ID, err)
	}
	t.Level, t.Minutes, t.Tags, t.Objectives = m.Level, m.Minutes, m.Tags, m.Objectives
	t.Series, t.Part, t.Reviewed = m.Series, m.Part, m.Reviewed
	t.Created, t.Updated = fromMS(created), fromMS(updated)
	return &t, nil
}

// Add validates t and inserts it with a new ID, timestamps and version 1.
// A tutorial with the same slug and language must not exist.
func (r *Tutorials) Add(ctx context.Context, t *tutorial.Tutorial) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	now := r.now()
	n := *t
	n.ID, n.Created, n.Updated, n.Version = uuid.NewString(), now, now, 1
	err := r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO tutorials("+tutorialColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			n.ID, ms(n.Created), ms(n.Updated), n.Origin, n.Version, n.Slug, n.Language, n.Title, n.Summary, n.Body,
			n.ContentVersion, string(n.Source), encodeTutorialMeta(&n))
		if err != nil {
			return fmt.Errorf("failed to add tutorial %s/%s: %w", n.Slug, n.Language, err)
		}
		return index(ctx, tx, record.Tutorial, n.ID, n.Title, n.Summary, n.Body)
	})
	if err != nil {
		return err
	}
	*t = n
	return nil
}

// Update validates t and replaces the stored tutorial with the same ID,
// incrementing its version.
func (r *Tutorials) Update(ctx context.Context, t *tutorial.Tutorial) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	n := *t
	n.Updated = r.now()
	err := r.write(ctx, func(tx *txn) error {
		var created int64
		err := tx.QueryRowContext(ctx, `UPDATE tutorials SET updated = ?, version = version + 1, slug = ?, language = ?,
			title = ?, summary = ?, body = ?, content_version = ?, source = ?, meta = ? WHERE id = ? RETURNING version, created, origin`,
			ms(n.Updated), n.Slug, n.Language, n.Title, n.Summary, n.Body, n.ContentVersion, string(n.Source),
			encodeTutorialMeta(&n), n.ID).
			Scan(&n.Version, &created, &n.Origin)
		if err != nil {
			return notFound(err, record.Tutorial, n.ID)
		}
		n.Created = fromMS(created)
		return index(ctx, tx, record.Tutorial, n.ID, n.Title, n.Summary, n.Body)
	})
	if err != nil {
		return err
	}
	*t = n
	return nil
}

// Get returns the tutorial with the given ID; the error wraps [ErrNotFound].
func (r *Tutorials) Get(ctx context.Context, id string) (*tutorial.Tutorial, error) {
	t, err := scanTutorial(r.q().QueryRowContext(ctx, "SELECT "+tutorialColumns+" FROM tutorials WHERE id = ?", id))
	if err != nil {
		return nil, notFound(err, record.Tutorial, id)
	}
	return t, nil
}

// GetBySlug returns the tutorial with the slug in the language; the error
// wraps [ErrNotFound] if that translation does not exist.
func (r *Tutorials) GetBySlug(ctx context.Context, slug, lang string) (*tutorial.Tutorial, error) {
	t, err := scanTutorial(r.q().QueryRowContext(ctx, "SELECT "+tutorialColumns+" FROM tutorials WHERE slug = ? AND language = ?", slug, lang))
	if err != nil {
		return nil, notFound(err, record.Tutorial, slug+"/"+lang)
	}
	return t, nil
}

// Delete removes the tutorial and records a tombstone. Checklist progress
// is kept: it belongs to the slug, which other languages may share.
func (r *Tutorials) Delete(ctx context.Context, id string) error {
	return r.write(ctx, func(tx *txn) error {
		var origin string
		if err := tx.QueryRowContext(ctx, "DELETE FROM tutorials WHERE id = ? RETURNING origin", id).Scan(&origin); err != nil {
			return notFound(err, record.Tutorial, id)
		}
		if err := unindex(ctx, tx, id); err != nil {
			return err
		}
		return tombstone(ctx, tx, record.Tutorial, id, origin, r.now())
	})
}

// List returns tutorials ordered by slug and language; lang "" means all
// languages.
func (r *Tutorials) List(ctx context.Context, lang string) ([]*tutorial.Tutorial, error) {
	q := "SELECT " + tutorialColumns + " FROM tutorials"
	var args []any
	if lang != "" {
		q += " WHERE language = ?"
		args = append(args, lang)
	}
	rows, err := r.q().QueryContext(ctx, q+" ORDER BY slug, language", args...)
	if err != nil {
		return nil, fmt.Errorf("failed to list tutorials: %w", err)
	}
	defer rows.Close()
	var out []*tutorial.Tutorial
	for rows.Next() {
		t, err := scanTutorial(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list tutorials: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetItemDone records whether the checklist item of the tutorial slug is
// done. Progress is shared by all languages of the slug.
func (r *Tutorials) SetItemDone(ctx context.Context, slug, itemID string, done bool) error {
	slug, itemID = strings.TrimSpace(slug), strings.TrimSpace(itemID)
	if !tutorial.ValidSlug(slug) || itemID == "" || len(itemID) > 200 {
		return fmt.Errorf("invalid checklist item %q/%q", slug, itemID)
	}
	return r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tutorial_progress(slug, item_id, done, updated) VALUES (?, ?, ?, ?)
			ON CONFLICT(slug, item_id) DO UPDATE SET done = excluded.done, updated = excluded.updated`,
			slug, itemID, done, ms(r.now()))
		if err != nil {
			return fmt.Errorf("failed to save checklist progress: %w", err)
		}
		return nil
	})
}

// Progress returns the done flag of every checklist item recorded for the
// slug, by item ID.
func (r *Tutorials) Progress(ctx context.Context, slug string) (map[string]bool, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT item_id, done FROM tutorial_progress WHERE slug = ?", slug)
	if err != nil {
		return nil, fmt.Errorf("failed to read checklist progress: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		var done bool
		if err := rows.Scan(&id, &done); err != nil {
			return nil, fmt.Errorf("failed to read checklist progress: %w", err)
		}
		out[id] = done
	}
	return out, rows.Err()
}
