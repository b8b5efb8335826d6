package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// emptyImage returns the image of an SQLite database with no schema.
func emptyImage(t testing.TB, setup ...string) []byte {
	t.Helper()
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A database with no pages cannot be serialized: create and drop a
	// table so that page 1 exists.
	for _, q := range append([]string{"CREATE TABLE x(a)", "DROP TABLE x"}, setup...) {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	b, err := s.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMigrateFromEmpty(t *testing.T) {
	t.Parallel()
	s, err := Load(emptyImage(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.UserVersion(context.Background())
	if err != nil || v != SchemaVersion {
		t.Fatalf("version %d %v", v, err)
	}
	c := contact.Contact{Name: "after migration"}
	if err := s.Contacts().Add(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
}

func TestRefuseNewerAndForeign(t *testing.T) {
	t.Parallel()
	newer := emptyImage(t, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1))
	if _, err := Load(newer); !errors.Is(err, ErrNewerVersion) {
		t.Fatalf("newer: %v", err)
	}
	foreign := emptyImage(t, "CREATE TABLE passwords(p)")
	if _, err := Load(foreign); !errors.Is(err, ErrDamaged) {
		t.Fatalf("foreign: %v", err)
	}
}

func populated(t testing.TB) (*Store, []byte) {
	t.Helper()
	ctx := context.Background()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	c := contact.Contact{Name: "Zanele", Country: "ZA", Tags: []string{"press"}, FollowUp: date.MustParse("2027-10-20"),
		Channels: []contact.Channel{{Type: contact.ChannelMatrix, Value: "@z:example.net"}}, PeerKeys: &contact.PeerKeys{Recipient: "age1q"}}
	if err := s.Contacts().Add(ctx, &c); err != nil {
		t.Fatal(err)
	}
	e := event.Event{Title: "GEC fair", Start: time.Date(2027, 10, 21, 8, 0, 0, 0, time.UTC), TimeZone: "Africa/Johannesburg", Objectives: []event.Objective{2}}
	if err := s.Events().Add(ctx, &e); err != nil {
		t.Fatal(err)
	}
	if err := s.Tasks().Add(ctx, &event.Task{EventID: e.ID, Title: "Banner", AssigneeID: c.ID, Due: date.MustParse("2027-10-01")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Participants().Set(ctx, event.Participant{EventID: e.ID, ContactID: c.ID, Role: "host"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Tutorials().Add(ctx, &tutorial.Tutorial{Slug: "t", Title: "Threat modelling", Body: "- [ ] a"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Tutorials().SetItemDone(ctx, "t", "a", true); err != nil {
		t.Fatal(err)
	}
	img, err := s.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return s, img
}

// dump returns a textual dump of every table, for comparing databases.
func dump(t testing.TB, s *Store) string {
	t.Helper()
	var buf bytes.Buffer
	tables, err := queryStrings(context.Background(), s.db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'search%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		rows, err := s.db.Query("SELECT * FROM " + tb + " ORDER BY 1, 2")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&buf, "%s %v\n", tb, vals)
		}
		rows.Close()
	}
	return buf.String()
}

func TestSerializeLoadRoundTrip(t *testing.T) {
	t.Parallel()
	s, img := populated(t)
	defer s.Close()
	for _, pad := range []int{0, 1, 4096, 100000} {
		padded := append(append([]byte(nil), img...), make([]byte, pad)...)
		s2, err := Load(padded)
		if err != nil {
			t.Fatalf("pad %d: %v", pad, err)
		}
		if a, b := dump(t, s), dump(t, s2); a != b || a == "" {
			t.Fatalf("pad %d: dumps differ:\n%s\n---\n%s", pad, a, b)
		}
		img2, err := s2.Serialize()
		if err != nil || !bytes.Equal(img, img2) {
			t.Fatalf("pad %d: re-serialized image differs (%v)", pad, err)
		}
		if hits, err := s2.Search(context.Background(), "zanele", 5); err != nil || len(hits) != 1 {
			t.Fatalf("search after load: %v %v", hits, err)
		}
		if s2.Changes() != 0 {
			t.Fatal("a loaded store starts with zero changes")
		}
		s2.Close()
		if err := s2.Close(); err != nil {
			t.Fatal("Close must be idempotent")
		}
		if _, err := s2.Serialize(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
	}
}

func TestLoadDamaged(t *testing.T) {
	t.Parallel()
	s, img := populated(t)
	s.Close()
	pageSize := int(binary.BigEndian.Uint16(img[16:18]))
	flip := func(off int) []byte {
		b := bytes.Clone(img)
		for i := off; i < off+64 && i < len(b); i++ {
			b[i] ^= 0xA5
		}
		return b
	}
	tests := map[string][]byte{
		"nil":            nil,
		"empty":          {},
		"zeros":          make([]byte, 8192),
		"text":           []byte("SQLite format 3 but not really"),
		"header only":    img[:100],
		"truncated":      img[:len(img)-1],
		"half":           img[:len(img)/2],
		"bad page size":  func() []byte { b := bytes.Clone(img); b[16], b[17] = 0, 3; return b }(),
		"zero pages":     func() []byte { b := bytes.Clone(img); copy(b[28:32], []byte{0, 0, 0, 0}); return b }(),
		"huge pages":     func() []byte { b := bytes.Clone(img); copy(b[28:32], []byte{0xff, 0xff, 0xff, 0xff}); return b }(),
		"schema header":  flip(100),
		"schema middle":  flip(pageSize / 2),
		"page 2 garbled": flip(pageSize + 8),
		"last page":      flip(len(img) - pageSize + 16),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, err := Load(b)
			if err == nil {
				// Some flips hit unused bytes; the result must then be sane.
				defer s.Close()
				if err := s.IntegrityCheck(); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("want ErrDamaged, got %v", err)
			}
		})
	}
	// The strongly damaged ones must really be refused.
	for _, name := range []string{"nil", "zeros", "header only", "truncated", "half", "bad page size", "zero pages", "huge pages", "schema header"} {
		if s, err := Load(tests[name]); err == nil {
			s.Close()
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestWriteFuzzSeeds keeps the committed seed corpus in step with the
// image format; run with SAFEHOUSE_WRITE_SEEDS=1 to regenerate. Without it,
// it checks that the corpus is there.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("SAFEHOUSE_WRITE_SEEDS") == "" {
		seeds, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzLoad"))
		if err != nil || len(seeds) < 3 {
			t.Fatalf("FuzzLoad seed corpus missing (%d files, %v): run with SAFEHOUSE_WRITE_SEEDS=1", len(seeds), err)
		}
		return
	}
	// Small images keep the corpus small; full databases are covered by
	// TestSerializeLoadRoundTrip and TestLoadDamaged.
	img := emptyImage(t)
	dir := filepath.Join("testdata", "fuzz", "FuzzLoad")
	seeds := map[string][]byte{
		"empty-db":  img,
		"padded":    append(bytes.Clone(img), make([]byte, 512)...),
		"newer":     emptyImage(t, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1)),
		"foreign":   emptyImage(t, "CREATE TABLE x(a)", "INSERT INTO x VALUES ('hello')"),
		"truncated": img[:len(img)/2],
		"header":    img[:100],
		"garbage":   []byte("not a database"),
	}
	for name, b := range seeds {
		data := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Load(b)
		if err != nil {
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNewerVersion) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		defer s.Close()
		// Whatever loads must be usable and serialize to a loadable image.
		if _, err := s.Counts(context.Background()); err != nil {
			return
		}
		img, err := s.Serialize()
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Load(img)
		if err != nil {
			t.Fatalf("re-load of accepted image: %v", err)
		}
		s2.Close()
	})
}

func TestImageSize(t *testing.T) {
	t.Parallel()
	h := make([]byte, 4096)
	copy(h, sqliteHeader)
	h[16], h[17] = 0, 1 // 65536
	binary.BigEndian.PutUint32(h[28:], 1)
	if _, err := ImageSize(h); !errors.Is(err, ErrDamaged) {
		t.Fatal("65536-byte page in a 4096-byte buffer must be truncated")
	}
	h[16], h[17] = 0x10, 0 // 4096
	if n, err := ImageSize(h); err != nil || n != 4096 {
		t.Fatal(n, err)
	}
}

// corruptInPage returns a copy of img in which the first occurrence of old
// within the pages of the b-tree rooted at the named table or index's root
// page is replaced by new (same length).
func corruptInPage(t *testing.T, s *Store, img []byte, name, old, new string) []byte {
	t.Helper()
	var root int
	if err := s.db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", name).Scan(&root); err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.BigEndian.Uint16(img[16:18]))
	page := img[(root-1)*pageSize : root*pageSize]
	i := bytes.Index(page, []byte(old))
	if i < 0 {
		t.Fatalf("%q not in root page of %s", old, name)
	}
	b := bytes.Clone(img)
	copy(b[(root-1)*pageSize+i:], new)
	return b
}

// TestLoadDetectsLogicalDamage changes bytes so that every page stays
// well-formed but the database contradicts itself. Only a full
// PRAGMA integrity_check (not quick_check) notices: Load runs the quick
// check (the full one would double the cost of an unlock), and
// IntegrityCheck, which the app runs in the background after unlocking
// and `safehouse check` runs, reports the damage.
func TestLoadDetectsLogicalDamage(t *testing.T) {
	t.Parallel()
	s, img := populated(t)
	defer s.Close()
	if _, err := Load(img); err != nil {
		t.Fatal(err)
	}
	tests := map[string][]byte{
		// The name index says "Yanele" for a contact named "Zanele".
		"index entry": corruptInPage(t, s, img, "contacts_name", "Zanele", "Yanele"),
		// The table says "Yanele" but the name index still says "Zanele".
		"table row": corruptInPage(t, s, img, "contacts", "Zanele", "Yanele"),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			s2, err := Load(b)
			if err != nil {
				t.Fatalf("well-formed pages refused by the quick check: %v", err)
			}
			defer s2.Close()
			if err := s2.IntegrityCheck(); !errors.Is(err, ErrDamaged) {
				t.Fatalf("IntegrityCheck: want ErrDamaged, got %v", err)
			}
		})
	}
	// A page that is not well-formed is refused by Load itself.
	bad := bytes.Clone(img)
	pageSize := int(binary.BigEndian.Uint16(img[16:18]))
	var root int
	if err := s.db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'contacts'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	bad[(root-1)*pageSize] = 0x42 // not a b-tree page type
	if s5, err := Load(bad); !errors.Is(err, ErrDamaged) {
		if s5 != nil {
			s5.Close()
		}
		t.Fatalf("malformed page: want ErrDamaged, got %v", err)
	}
	// A term changed inside the full-text index leaves its structure
	// valid, so Load accepts it (see IntegrityCheck), but IntegrityCheck,
	// which re-tokenizes the indexed text, reports it.
	s4, err := Load(corruptInPage(t, s, img, "search_data", "anele", "zzzzz"))
	if err != nil {
		t.Fatalf("structurally sound search index refused: %v", err)
	}
	defer s4.Close()
	if err := s4.IntegrityCheck(); !errors.Is(err, ErrDamaged) {
		t.Fatalf("IntegrityCheck: want ErrDamaged, got %v", err)
	}
	// A quick check alone would have accepted the damaged index entry.
	s3, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if err := s3.deserialize(bytes.Clone(tests["index entry"])); err != nil {
		t.Fatal(err)
	}
	var res string
	if err := s3.db.QueryRow("PRAGMA quick_check").Scan(&res); err != nil || res != "ok" {
		t.Logf("quick_check also noticed: %q %v", res, err)
	}
}

// TestIntegrityCheckSearchText checks that IntegrityCheck (unlike Load)
// compares the full-text index with the indexed text.
func TestIntegrityCheckSearchText(t *testing.T) {
	t.Parallel()
	s, _ := populated(t)
	defer s.Close()
	if err := s.IntegrityCheck(); err != nil {
		t.Fatal(err)
	}
	// Change the indexed text behind the index's back.
	if _, err := s.db.Exec("UPDATE search_docs SET title = 'Someone else' WHERE kind = 'contact'"); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(); !errors.Is(err, ErrDamaged) {
		t.Fatalf("want ErrDamaged, got %v", err)
	}
	img, err := s.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	// Load does not re-tokenize (see IntegrityCheck); the structure is sound.
	s2, err := Load(img)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	s2.Close()
}

// TestQuickCheckCoversEveryTable makes the root page of each ordinary
// table (the full-text index's own tables included) malformed in turn:
// Load's quick check, which runs table by table to leave out the FTS5
// index's contents, must still refuse every one of them.
func TestQuickCheckCoversEveryTable(t *testing.T) {
	t.Parallel()
	s, img := populated(t)
	defer s.Close()
	// Listed here, not with the code under test.
	var tables []string
	rows, err := s.db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if !slices.Contains(tables, "contacts") || !slices.Contains(tables, "search_data") {
		t.Fatalf("tables listed: %v", tables)
	}
	pageSize := int(binary.BigEndian.Uint16(img[16:18]))
	for _, name := range tables {
		var root int
		if err := s.db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", name).Scan(&root); err != nil {
			t.Fatal(err)
		}
		if root < 2 {
			continue
		}
		bad := bytes.Clone(img)
		bad[(root-1)*pageSize] = 0x42 // not a b-tree page type
		s2, err := Load(bad)
		if err == nil {
			s2.Close()
		}
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: malformed root page: want ErrDamaged, got %v", name, err)
		}
	}
}
