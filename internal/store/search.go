package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Snippet highlight markers: [Hit.Snippet] surrounds matched terms with
// these control characters, which never occur in stored text from forms.
// User interfaces replace them with their own emphasis.
const (
	HighlightStart = "\x02"
	HighlightEnd   = "\x03"
)

// Hit is one full-text search result.
type Hit struct {
	Kind  Kind
	ID    string
	Title string
	// Snippet is an excerpt of the matching text with matches marked by
	// [HighlightStart] and [HighlightEnd].
	Snippet string
	// Rank is the bm25 score: lower (more negative) is a better match.
	Rank float64
}

// MaxSearchLimit caps the number of hits [Store.Search] returns.
const MaxSearchLimit = 1000

// index adds or replaces the search document of a record. search is an
// external-content FTS5 table over search_docs: removing a document from
// the index needs the exact text it was indexed with, which search_docs
// still holds.
func index(ctx context.Context, tx *txn, kind Kind, id, title string, body ...string) error {
	text := strings.Join(body, "\n")
	var doc int64
	var oldTitle, oldBody string
	err := tx.QueryRowContext(ctx, "SELECT doc, title, body FROM search_docs WHERE id = ?", id).Scan(&doc, &oldTitle, &oldBody)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, "INSERT INTO search_docs(kind, id, title, body) VALUES (?, ?, ?, ?)", string(kind), id, title, text)
		if err != nil {
			return fmt.Errorf("failed to index %s: %w", kind, err)
		}
		if doc, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("failed to index %s: %w", kind, err)
		}
	case err != nil:
		return fmt.Errorf("failed to index %s: %w", kind, err)
	default:
		if oldTitle == title && oldBody == text {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO search(search, rowid, title, body) VALUES ('delete', ?, ?, ?)", doc, oldTitle, oldBody); err != nil {
			return fmt.Errorf("failed to reindex %s: %w", kind, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE search_docs SET title = ?, body = ? WHERE doc = ?", title, text, doc); err != nil {
			return fmt.Errorf("failed to reindex %s: %w", kind, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO search(rowid, title, body) VALUES (?, ?, ?)", doc, title, text); err != nil {
		return fmt.Errorf("failed to index %s: %w", kind, err)
	}
	return nil
}

// unindex removes the search documents of the given record IDs.
func unindex(ctx context.Context, tx *txn, ids ...string) error {
	for _, id := range ids {
		var doc int64
		var title, body string
		err := tx.QueryRowContext(ctx, "DELETE FROM search_docs WHERE id = ? RETURNING doc, title, body", id).Scan(&doc, &title, &body)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("failed to unindex: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO search(search, rowid, title, body) VALUES ('delete', ?, ?, ?)", doc, title, body); err != nil {
			return fmt.Errorf("failed to unindex: %w", err)
		}
	}
	return nil
}

// FTSQuery converts text typed by a user into a safe FTS5 query: every
// word becomes a quoted string (so FTS5 operators and punctuation have no
// special meaning), all words must match, and the last word matches as a
// prefix unless the text ends with a space (search as you type). It
// returns "" when the text holds nothing searchable.
func FTSQuery(text string) string {
	words := strings.Fields(text)
	var terms []string
	for _, w := range words {
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	if len(terms) == 0 {
		return ""
	}
	last := words[len(words)-1]
	endsWithSpace := len(text) > 0 && unicode.IsSpace(rune(text[len(text)-1]))
	if !endsWithSpace && strings.ContainsFunc(last, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
		terms[len(terms)-1] += "*"
	}
	return strings.Join(terms, " ")
}

// rankLimit is the number of matches above which [Store.Search] stops
// ranking with bm25. bm25 needs, for every query term, the number of
// records containing it, which FTS5 computes by reading every match: a
// short prefix typed into a large database matches thousands of records.
const rankLimit = 1500

// Search runs a ranked full-text search over contacts, events, tasks and
// tutorials. query is user text (see [FTSQuery]); limit ≤ 0 means 50.
// The title counts ten times as much as the other text.
//
// When the query matches more than 1,500 records (a short word typed
// into a large database), ranking is approximate to stay fast: records
// matching in their title come first, then the others, newest first
// within each group, without bm25. [Hit.Rank] then only encodes that
// order (it is still ascending, lower is better).
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	q := FTSQuery(query)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, MaxSearchLimit)
	var n int
	count, err := s.prepared(ctx, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)")
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	if err := count.QueryRowContext(ctx, q, rankLimit+1).Scan(&n); err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	if n <= rankLimit {
		// ORDER BY rank lets FTS5 sort the matches itself, so snippets
		// are computed only for the rows returned.
		hits, err := s.hits(ctx, `SELECT rowid AS doc, title, snippet(search, -1, ?, ?, '…', 12) AS snip, rank AS score
			FROM search WHERE search MATCH ? AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank LIMIT ?`, nil, q, limit)
		sortHits(hits)
		return hits, err
	}
	// FTS5 returns rows in rowid order (newest first) without sorting, so
	// snippet() runs only for the returned rows; no bm25, which would read
	// every match. The score is the position: title matches first.
	const recent = `SELECT rowid AS doc, title, snippet(search, -1, ?, ?, '…', 12) AS snip,
		0.0 AS score FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?`
	hits, err := s.hits(ctx, recent, nil, "{title} : ("+q+")", limit)
	if err != nil {
		return nil, err
	}
	if len(hits) < limit {
		seen := make(map[string]bool, len(hits))
		for _, h := range hits {
			seen[h.ID] = true
		}
		more, err := s.hits(ctx, recent, seen, q, limit+len(hits))
		if err != nil {
			return nil, err
		}
		hits = append(hits, more[:min(len(more), limit-len(hits))]...)
	}
	for i := range hits {
		hits[i].Rank = float64(i-len(hits)) / float64(len(hits))
	}
	return hits, nil
}

func sortHits(hits []Hit) {
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(a.Rank, b.Rank) })
}

// hits runs an FTS query selecting (rowid, title, snippet, rank) and
// resolves the rows to records, skipping IDs in skip.
func (s *Store) hits(ctx context.Context, query string, skip map[string]bool, match string, limit int) ([]Hit, error) {
	st, err := s.prepared(ctx, `SELECT d.kind, d.id, h.title, h.snip, h.score FROM (`+query+`) h
		JOIN search_docs d ON d.doc = h.doc`)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	rows, err := st.QueryContext(ctx, HighlightStart, HighlightEnd, match, limit)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.Kind, &h.ID, &h.Title, &h.Snippet, &h.Rank); err != nil {
			return nil, fmt.Errorf("search failed: %w", err)
		}
		if !skip[h.ID] {
			hits = append(hits, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	return hits, nil
}

// Optimize merges the full-text index into one segment, refreshes the
// query planner statistics and compacts the database (VACUUM), which
// after a bulk import makes the image up to a sixth smaller and each
// unlock's integrity check correspondingly faster. Call it after bulk
// changes (imports, demo data); it is one write transaction followed by
// the VACUUM. Nothing depends on implicit rowids, which VACUUM may
// renumber: search_docs.doc is an INTEGER PRIMARY KEY and is kept.
func (s *Store) Optimize(ctx context.Context) error {
	err := s.write(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO search(search) VALUES ('optimize')"); err != nil {
			return fmt.Errorf("failed to optimize search index: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA optimize(0x10002)"); err != nil {
			return fmt.Errorf("failed to optimize database: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("failed to compact database: %w", err)
	}
	return nil
}
