package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SchemaVersion is the schema version this code writes, stored in
// PRAGMA user_version.
const SchemaVersion = 9

// migrations[i] upgrades a database from user_version i to i+1. Each runs
// in its own transaction together with the user_version update. Released
// migrations are never edited; add a new one instead.
var migrations = []func(ctx context.Context, tx *sql.Tx) error{
	execAll(schemaV1),
	execAll(schemaV2),
	execAll(schemaV3),
	execAll(schemaV4),
	execAll(schemaV5),
	migrateV6,
	execAll(schemaV7),
	execAll(schemaV8),
	execAll(schemaV9),
}

func execAll(stmts []string) func(ctx context.Context, tx *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		for _, st := range stmts {
			if _, err := tx.ExecContext(ctx, st); err != nil {
				return fmt.Errorf("%w (in %.60q)", err, st)
			}
		}
		return nil
	}
}

// UserVersion returns the schema version stored in the database.
func (s *Store) UserVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("failed to read schema version: %w", err)
	}
	return v, nil
}

func (s *Store) migrate(ctx context.Context) error {
	v, err := s.UserVersion(ctx)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("%w (schema %d, this version knows up to %d)", ErrNewerVersion, v, SchemaVersion)
	}
	if v < 0 {
		return fmt.Errorf("%w: negative schema version %d", ErrDamaged, v)
	}
	if v == 0 {
		// A version-0 database must be empty: anything else is not ours.
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return fmt.Errorf("%w: %w", ErrDamaged, err)
		}
		if n != 0 {
			return fmt.Errorf("%w: not a Safehouse database", ErrDamaged)
		}
	}
	for ; v < SchemaVersion; v++ {
		err := s.write(ctx, func(tx *txn) error {
			// Migrations run on the bare transaction: the first save
			// after one writes the whole image.
			tx.opaque = true
			if err := migrations[v](ctx, tx.Tx); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
			return err
		})
		if err != nil {
			// The tables do not match what version v must hold.
			return fmt.Errorf("%w: failed to migrate schema from version %d: %w", ErrDamaged, v, err)
		}
	}
	return nil
}

// schemaV1 is the first schema. Instants are INTEGER Unix milliseconds
// (UTC), dates are TEXT "YYYY-MM-DD" (empty for none), booleans are 0/1.
var schemaV1 = []string{
	`CREATE TABLE contacts (
		id TEXT PRIMARY KEY,
		created INTEGER NOT NULL,
		updated INTEGER NOT NULL,
		origin TEXT NOT NULL DEFAULT '',
		version INTEGER NOT NULL DEFAULT 1,
		name TEXT NOT NULL,
		kind TEXT NOT NULL,
		organization TEXT NOT NULL DEFAULT '',
		role TEXT NOT NULL DEFAULT '',
		country TEXT NOT NULL DEFAULT '',
		languages TEXT NOT NULL DEFAULT '[]',
		stage TEXT NOT NULL,
		trust TEXT NOT NULL,
		consent TEXT NOT NULL DEFAULT '',
		follow_up TEXT NOT NULL DEFAULT '',
		notes TEXT NOT NULL DEFAULT '',
		peer_recipient TEXT,
		peer_signing_key TEXT
	)`,
	// Few indexes: every index entry is verified by PRAGMA integrity_check
	// at each unlock. Kind and stage have a handful of values each, so an
	// index on them would not beat scanning the name index (lists) or the
	// table (counts).
	`CREATE INDEX contacts_name ON contacts(name COLLATE NOCASE, id)`,
	`CREATE INDEX contacts_country ON contacts(country)`,
	`CREATE INDEX contacts_follow_up ON contacts(follow_up) WHERE follow_up <> ''`,
	`CREATE TABLE contact_channels (
		contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		type TEXT NOT NULL,
		value TEXT NOT NULL,
		label TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (contact_id, position)
	) WITHOUT ROWID`,
	`CREATE TABLE contact_tags (
		contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
		tag TEXT NOT NULL,
		PRIMARY KEY (contact_id, tag)
	) WITHOUT ROWID`,
	`CREATE INDEX contact_tags_tag ON contact_tags(tag, contact_id)`,
	`CREATE TABLE events (
		id TEXT PRIMARY KEY,
		created INTEGER NOT NULL,
		updated INTEGER NOT NULL,
		origin TEXT NOT NULL DEFAULT '',
		version INTEGER NOT NULL DEFAULT 1,
		title TEXT NOT NULL,
		kind TEXT NOT NULL,
		start_at INTEGER NOT NULL,
		end_at INTEGER,
		time_zone TEXT NOT NULL DEFAULT 'UTC',
		location TEXT NOT NULL DEFAULT '',
		online INTEGER NOT NULL DEFAULT 0,
		description TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL,
		safety_threats TEXT NOT NULL DEFAULT '',
		safety_mitigations TEXT NOT NULL DEFAULT '',
		safety_emergency_contacts TEXT NOT NULL DEFAULT '',
		safety_check_in TEXT NOT NULL DEFAULT '',
		outcome TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE INDEX events_start ON events(start_at)`,
	`CREATE INDEX events_end ON events(coalesce(end_at, start_at))`,
	`CREATE INDEX events_status ON events(status, start_at)`,
	`CREATE TABLE event_objectives (
		event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
		objective INTEGER NOT NULL CHECK (objective BETWEEN 1 AND 6),
		PRIMARY KEY (event_id, objective)
	) WITHOUT ROWID`,
	`CREATE TABLE tasks (
		id TEXT PRIMARY KEY,
		created INTEGER NOT NULL,
		updated INTEGER NOT NULL,
		origin TEXT NOT NULL DEFAULT '',
		version INTEGER NOT NULL DEFAULT 1,
		event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
		title TEXT NOT NULL,
		assignee_id TEXT REFERENCES contacts(id) ON DELETE SET NULL,
		due TEXT NOT NULL DEFAULT '',
		done INTEGER NOT NULL DEFAULT 0,
		notes TEXT NOT NULL DEFAULT '',
		position INTEGER NOT NULL DEFAULT 0
	)`,
	`CREATE INDEX tasks_event ON tasks(event_id, position)`,
	`CREATE INDEX tasks_assignee ON tasks(assignee_id) WHERE assignee_id IS NOT NULL`,
	`CREATE TABLE participants (
		event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
		contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
		role TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (event_id, contact_id)
	) WITHOUT ROWID`,
	`CREATE INDEX participants_contact ON participants(contact_id)`,
	`CREATE TABLE tutorials (
		id TEXT PRIMARY KEY,
		created INTEGER NOT NULL,
		updated INTEGER NOT NULL,
		origin TEXT NOT NULL DEFAULT '',
		version INTEGER NOT NULL DEFAULT 1,
		slug TEXT NOT NULL,
		language TEXT NOT NULL,
		title TEXT NOT NULL,
		summary TEXT NOT NULL DEFAULT '',
		body TEXT NOT NULL DEFAULT '',
		content_version INTEGER NOT NULL DEFAULT 1,
		source TEXT NOT NULL,
		UNIQUE (slug, language)
	)`,
	`CREATE TABLE tutorial_progress (
		slug TEXT NOT NULL,
		item_id TEXT NOT NULL,
		done INTEGER NOT NULL,
		updated INTEGER NOT NULL,
		PRIMARY KEY (slug, item_id)
	) WITHOUT ROWID`,
	`CREATE TABLE deleted (
		id TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		deleted_at INTEGER NOT NULL,
		origin TEXT NOT NULL DEFAULT ''
	)`,
	// Full-text search: search_docs holds the indexed text of each record
	// and is the external content table of the FTS5 index search
	// (search.rowid = search_docs.doc). The index is kept in step by the
	// store, in the same transaction as the record; PRAGMA integrity_check
	// then verifies the index structure without re-tokenizing every text.
	`CREATE TABLE search_docs (
		doc INTEGER PRIMARY KEY,
		kind TEXT NOT NULL,
		id TEXT NOT NULL UNIQUE,
		title TEXT NOT NULL,
		body TEXT NOT NULL
	)`,
	`CREATE VIRTUAL TABLE search USING fts5(
		title, body,
		content = 'search_docs', content_rowid = 'doc',
		tokenize = 'unicode61 remove_diacritics 2'
	)`,
}

// schemaV2 adds the campaign templates saved by the user. The body is the
// template's TOML text (docs/templates.md); name is shown in lists.
var schemaV2 = []string{
	`CREATE TABLE templates (
		id TEXT PRIMARY KEY,
		created INTEGER NOT NULL,
		updated INTEGER NOT NULL,
		origin TEXT NOT NULL DEFAULT '',
		version INTEGER NOT NULL DEFAULT 1,
		name TEXT NOT NULL,
		body TEXT NOT NULL
	)`,
}

// schemaV4 keeps the optional front matter of tutorials (level, minutes,
// tags, objectives) as a JSON object; see tutorialMeta.
var schemaV4 = []string{
	`ALTER TABLE tutorials ADD COLUMN meta TEXT NOT NULL DEFAULT '{}'`,
}

// schemaV5 keeps unfinished form edits across a lock (see [Drafts]): the
// form's field values as JSON, keyed by the form they belong to.
var schemaV5 = []string{
	`CREATE TABLE drafts (
		key TEXT PRIMARY KEY,
		saved INTEGER NOT NULL,
		data TEXT NOT NULL
	)`,
}

// schemaV6 makes search fold the ways people write the same word (see
// package textfold): accents, Arabic and Persian letter variants and vowel
// marks, digits of other scripts. The index is built from folded text,
// kept in search_docs next to the original (folded_title, folded_body,
// NULL when folding changes nothing, which is most text) and read through
// the view search_text. The tokenizer also keeps combining marks inside
// words, so words of scripts that need them (Devanagari, Thai...) are no
// longer cut apart.
var schemaV6 = []string{
	`ALTER TABLE search_docs ADD COLUMN folded_title TEXT`,
	`ALTER TABLE search_docs ADD COLUMN folded_body TEXT`,
	`CREATE VIEW search_text AS SELECT doc, coalesce(folded_title, title) AS title,
		coalesce(folded_body, body) AS body FROM search_docs`,
	`DROP TABLE search`,
	`CREATE VIRTUAL TABLE search USING fts5(
		title, body,
		content = 'search_text', content_rowid = 'doc',
		tokenize = 'unicode61 remove_diacritics 2 categories ''L* N* Co M*'''
	)`,
}

// migrateV6 applies schemaV6, folds the text of every record already
// indexed and rebuilds the index from it.
func migrateV6(ctx context.Context, tx *sql.Tx) error {
	if err := execAll(schemaV6)(ctx, tx); err != nil {
		return err
	}
	return refold(ctx, tx)
}

// refold fills the folded text of every search document and rebuilds
// the index from it.
func refold(ctx context.Context, tx *sql.Tx) error {
	type folded struct {
		doc         int64
		title, body sql.NullString
	}
	rows, err := tx.QueryContext(ctx, "SELECT doc, title, body FROM search_docs")
	if err != nil {
		return err
	}
	var changed []folded
	for rows.Next() {
		var f folded
		var title, body string
		if err := rows.Scan(&f.doc, &title, &body); err != nil {
			rows.Close()
			return err
		}
		f.title, f.body = foldedText(title), foldedText(body)
		if f.title.Valid || f.body.Valid {
			changed = append(changed, f)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range changed {
		if _, err := tx.ExecContext(ctx, "UPDATE search_docs SET folded_title = ?, folded_body = ? WHERE doc = ?", f.title, f.body, f.doc); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO search(search) VALUES ('rebuild')")
	return err
}

// schemaV7 adds secrets: keys the vault keeps for its own use, by name.
// The first is the data key of the decoy in the second key slot (see
// package vault), so the decoy can be reviewed from the vault.
var schemaV7 = []string{
	`CREATE TABLE secrets (
		name TEXT PRIMARY KEY,
		value TEXT NOT NULL,
		updated INTEGER NOT NULL
	) WITHOUT ROWID`,
}

// schemaV8 keeps the UID an event had in the calendar file it was
// imported from ("" for events made in Safehouse), so that exporting it
// again updates it in that calendar instead of adding a copy.
var schemaV8 = []string{
	`ALTER TABLE events ADD COLUMN uid TEXT NOT NULL DEFAULT ''`,
}

// schemaV9 adds repeating events (see package event). A series keeps its
// RRULE value in rrule (” for an event that happens once), the original
// starts of cancelled occurrences (EXDATE) and extra starts (RDATE) as
// JSON arrays of Unix ms, and in series_end the end of its last
// occurrence (Unix ms; the largest value for a series that never ends,
// NULL for an event that does not repeat), so that SQL can tell whether a
// series is over. A changed occurrence is a row of its own whose
// series_id names the series and whose recurrence_id is the original
// start it replaces. A task of one occurrence keeps that occurrence's
// original start in occurrence (NULL: the task belongs to the whole event
// or series).
var schemaV9 = []string{
	`ALTER TABLE events ADD COLUMN rrule TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE events ADD COLUMN exdates TEXT NOT NULL DEFAULT '[]'`,
	`ALTER TABLE events ADD COLUMN rdates TEXT NOT NULL DEFAULT '[]'`,
	`ALTER TABLE events ADD COLUMN series_end INTEGER`,
	`ALTER TABLE events ADD COLUMN series_id TEXT REFERENCES events(id) ON DELETE CASCADE`,
	`ALTER TABLE events ADD COLUMN recurrence_id INTEGER`,
	`CREATE INDEX events_series ON events(series_id) WHERE series_id IS NOT NULL`,
	`CREATE UNIQUE INDEX events_occurrence ON events(series_id, recurrence_id) WHERE series_id IS NOT NULL`,
	`ALTER TABLE tasks ADD COLUMN occurrence INTEGER`,
}
