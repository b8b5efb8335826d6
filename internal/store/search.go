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
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/textfold"
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
	Kind  record.Kind
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
// external-content FTS5 table over the view search_text, which reads the
// folded text of search_docs (or the text itself where folding changes
// nothing): removing a document from the index needs the exact text it
// was indexed with, which search_docs still holds.
func index(ctx context.Context, tx *txn, kind record.Kind, id, title string, body ...string) error {
	text := strings.Join(body, "\n")
	var doc int64
	var oldTitle, oldBody, oldIndexedTitle, oldIndexedBody string
	err := tx.QueryRowContext(ctx, `SELECT doc, title, body, coalesce(folded_title, title), coalesce(folded_body, body)
		FROM search_docs WHERE id = ?`, id).Scan(&doc, &oldTitle, &oldBody, &oldIndexedTitle, &oldIndexedBody)
	foldedTitle, foldedBody := foldedText(title), foldedText(text)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, "INSERT INTO search_docs(kind, id, title, body, folded_title, folded_body) VALUES (?, ?, ?, ?, ?, ?)",
			string(kind), id, title, text, foldedTitle, foldedBody)
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
		if _, err := tx.ExecContext(ctx, "INSERT INTO search(search, rowid, title, body) VALUES ('delete', ?, ?, ?)", doc, oldIndexedTitle, oldIndexedBody); err != nil {
			return fmt.Errorf("failed to reindex %s: %w", kind, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE search_docs SET title = ?, body = ?, folded_title = ?, folded_body = ? WHERE doc = ?",
			title, text, foldedTitle, foldedBody, doc); err != nil {
			return fmt.Errorf("failed to reindex %s: %w", kind, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO search(rowid, title, body) VALUES (?, ?, ?)",
		doc, indexedText(title, foldedTitle), indexedText(text, foldedBody)); err != nil {
		return fmt.Errorf("failed to index %s: %w", kind, err)
	}
	return nil
}

// foldedText returns the folded form of s (see package textfold) to keep
// next to it, or NULL when folding does not change s.
func foldedText(s string) sql.NullString {
	if f := textfold.Fold(s); f != s {
		return sql.NullString{String: f, Valid: true}
	}
	return sql.NullString{}
}

// indexedText is the text the index holds for s: its folded form if it
// has one.
func indexedText(s string, folded sql.NullString) string {
	if folded.Valid {
		return folded.String
	}
	return s
}

// unindex removes the search documents of the given record IDs.
func unindex(ctx context.Context, tx *txn, ids ...string) error {
	for _, id := range ids {
		var doc int64
		var title, body string
		err := tx.QueryRowContext(ctx, `DELETE FROM search_docs WHERE id = ?
			RETURNING doc, coalesce(folded_title, title), coalesce(folded_body, body)`, id).Scan(&doc, &title, &body)
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

// FTSQuery converts text typed by a user into a safe FTS5 query: the text
// is folded like the indexed text (see package textfold: accents, Arabic
// and Persian letter variants...), every word becomes a quoted string (so
// FTS5 operators and punctuation have no special meaning), all words must
// match, and the last word matches as a prefix unless the text ends with a
// space (search as you type). It returns "" when the text holds nothing
// searchable.
func FTSQuery(text string) string {
	text = textfold.Fold(text)
	words := strings.Fields(text)
	var terms []string
	for _, w := range words {
		if !strings.ContainsFunc(w, textfold.IsWordRune) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	if len(terms) == 0 {
		return ""
	}
	last := words[len(words)-1]
	// The last character, not the last byte: the last byte of م (U+0645)
	// or à is 0x85 or 0xA0, which as runes are spaces.
	lastRune, _ := utf8.DecodeLastRuneInString(text)
	endsWithSpace := unicode.IsSpace(lastRune)
	if !endsWithSpace && strings.ContainsFunc(last, textfold.IsWordRune) {
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
		// ORDER BY rank lets FTS5 sort the matches itself, so only the
		// rows returned are read (and get a snippet).
		hits, err := s.hits(ctx, `SELECT rowid AS doc, rank AS score
			FROM search WHERE search MATCH ? AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank LIMIT ?`, nil, q, limit, query)
		sortHits(hits)
		return hits, err
	}
	// FTS5 returns rows in rowid order (newest first) without sorting, so
	// only the returned rows are read; no bm25, which would read every
	// match. The score is the position: title matches first.
	const recent = `SELECT rowid AS doc, 0.0 AS score FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?`
	hits, err := s.hits(ctx, recent, nil, "{title} : ("+q+")", limit, query)
	if err != nil {
		return nil, err
	}
	if len(hits) < limit {
		seen := make(map[string]bool, len(hits))
		for _, h := range hits {
			seen[h.ID] = true
		}
		more, err := s.hits(ctx, recent, seen, q, limit+len(hits), query)
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

// hits runs an FTS query selecting (rowid, rank) and resolves the rows to
// records, skipping IDs in skip. Titles and snippets come from the
// original text in search_docs (the index holds folded text); text is
// the user's query, whose words the snippets mark.
func (s *Store) hits(ctx context.Context, query string, skip map[string]bool, match string, limit int, text string) ([]Hit, error) {
	st, err := s.prepared(ctx, `SELECT d.kind, d.id, d.title, d.body, h.score FROM (`+query+`) h
		JOIN search_docs d ON d.doc = h.doc`)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	rows, err := st.QueryContext(ctx, match, limit)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	defer rows.Close()
	terms := newSnippetTerms(text)
	var hits []Hit
	for rows.Next() {
		var h Hit
		var body string
		if err := rows.Scan(&h.Kind, &h.ID, &h.Title, &body, &h.Rank); err != nil {
			return nil, fmt.Errorf("search failed: %w", err)
		}
		if !skip[h.ID] {
			h.Snippet = terms.snippet(h.Title, body)
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
	_, err = s.db.ExecContext(ctx, "VACUUM")
	// The statistics depend on this connection's past queries, and VACUUM
	// rebuilds every page: the next save writes the whole image (which
	// is what an import wants anyway).
	s.markUncaptured()
	if err != nil {
		return fmt.Errorf("failed to compact database: %w", err)
	}
	return nil
}
