package store

import (
	"context"
	"strings"
	"testing"
)

// A vault written with schema 5, whose search index holds the text as
// typed, opens with schema 6: its records are found by folded searches,
// the index matches its text and snippets show the original spelling.
func TestMigrateV5ToV6FoldsSearch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	v5, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer v5.Close()
	tx, err := v5.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:5] {
		if err := m(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	// Records and their search documents as schema 5 wrote them.
	stmts := []string{
		"PRAGMA user_version = 5",
		`INSERT INTO contacts(id, created, updated, name, kind, stage, trust, notes)
			VALUES ('c1', 0, 0, 'José Müller', 'person', 'contact', 'unverified', 'Réunion à Dakar')`,
		`INSERT INTO contacts(id, created, updated, name, kind, stage, trust, organization)
			VALUES ('c2', 0, 0, 'أَحمد كريمي', 'person', 'contact', 'unverified', 'مدرسة السلام')`,
		`INSERT INTO contacts(id, created, updated, name, kind, stage, trust)
			VALUES ('c3', 0, 0, 'Plain Name', 'person', 'contact', 'unverified')`,
		`INSERT INTO search_docs(kind, id, title, body) VALUES
			('contact', 'c1', 'José Müller', 'Réunion à Dakar'),
			('contact', 'c2', 'أَحمد كريمي', 'مدرسة السلام'),
			('contact', 'c3', 'Plain Name', '')`,
		"INSERT INTO search(search) VALUES ('rebuild')",
	}
	for _, q := range stmts {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// Schema 5 indexed the marks: "احمد" finds nothing yet.
	if n := countMatches(t, v5, `"احمد"`); n != 0 {
		t.Fatalf("schema 5 matched the folded name %d times", n)
	}
	img, err := v5.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(img)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.UserVersion(ctx); v != SchemaVersion {
		t.Fatalf("user_version %d after migration", v)
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Fatalf("index does not match the text after migration: %v", err)
	}
	for q, want := range map[string]string{
		"jose muller": "c1", "reunion": "c1", "احمد": "c2", "کریمی": "c2", "مدرسه": "c2", "plain": "c3",
	} {
		hits, err := s.Search(ctx, q, 10)
		if err != nil || len(hits) != 1 || hits[0].ID != want {
			t.Errorf("Search(%q) = %+v, %v; want %s", q, hits, err, want)
		}
	}
	hits, _ := s.Search(ctx, "reunion", 10)
	if len(hits) == 1 && hits[0].Snippet != HighlightStart+"Réunion"+HighlightEnd+" à Dakar" {
		t.Errorf("snippet %q does not show the original text", hits[0].Snippet)
	}
	if len(hits) == 1 && hits[0].Title != "José Müller" {
		t.Errorf("title %q", hits[0].Title)
	}
	// Only text that folding changes is kept twice.
	var plain, folded int
	if err := s.db.QueryRow(`SELECT count(*) FILTER (WHERE folded_title IS NULL AND folded_body IS NULL),
		count(*) FILTER (WHERE folded_title IS NOT NULL) FROM search_docs`).Scan(&plain, &folded); err != nil {
		t.Fatal(err)
	}
	if plain != 1 || folded != 2 {
		t.Errorf("%d documents without folded text, %d with: want 1 and 2", plain, folded)
	}
	// Editing a migrated record reindexes it cleanly.
	c, err := s.Contacts().Get(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	c.Notes = "Atelier à Saint-Louis"
	if err := s.Contacts().Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.Search(ctx, "reunion", 10); len(hits) != 0 {
		t.Errorf("old text still found: %+v", hits)
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Fatalf("after update: %v", err)
	}
}

func countMatches(t *testing.T, s *Store, match string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM search WHERE search MATCH ?", match).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSnippetTerms(t *testing.T) {
	t.Parallel()
	hl := func(s string) string { return HighlightStart + s + HighlightEnd }
	long := "one two three four five six seven eight nine ten eleven twelve thirteen José fourteen fifteen sixteen seventeen eighteen nineteen twenty"
	tests := []struct {
		query, title, body, want string
	}{
		{"jose", "Kestrel", "José runs the trainings.", hl("José") + " runs the trainings."},
		{"jose", "José Müller", "", hl("José") + " Müller"},
		{"enc", "Kestrel", "encryption trainer, Encrypted", hl("encryption") + " trainer, " + hl("Encrypted")},
		{"enc ", "Kestrel", "encryption trainer", "encryption trainer"}, // a finished word is not a prefix
		{"jose", "Kestrel", long, "…ten eleven twelve thirteen " + hl("José") + " fourteen fifteen sixteen seventeen eighteen nineteen twenty"},
		{"one", "Kestrel", long, hl("one") + " two three four five six seven eight nine ten eleven twelve…"},
		{"احمد", "", "لقاء مع أَحمد غدًا", "لقاء مع " + hl("أَحمد") + " غدًا"},
		{"nothing", "Title", "", "Title"},
	}
	for _, tt := range tests {
		if got := newSnippetTerms(tt.query).snippet(tt.title, tt.body); got != tt.want {
			t.Errorf("snippet(%q, %q, %q)\n got %q\nwant %q", tt.query, tt.title, tt.body, got, tt.want)
		}
	}
	if got := newSnippetTerms("x").snippet("", strings.Repeat("\xff", 3)); got != "" {
		t.Errorf("no words: %q", got)
	}
}

// RefoldForTest runs the folding part of the migration to schema 6 again
// on s, for BenchmarkRefold (package store_test, which may import demo).
func RefoldForTest(s *Store) error {
	ctx := context.Background()
	return s.write(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, "UPDATE search_docs SET folded_title = NULL, folded_body = NULL"); err != nil {
			return err
		}
		return refold(ctx, tx.Tx)
	})
}
