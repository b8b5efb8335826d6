package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Every store the tests make is checked when it is closed: the changes
// captured since it was made, replayed on the image it started from, must
// give the same database, table by table and row by row. So every write
// path the tests exercise is also a test of the journal's change capture.

var captureCheck struct {
	mu        sync.Mutex
	baselines map[*Store][]byte
	verified  int
	full      int
	failures  []string
}

func TestMain(m *testing.M) {
	captureCheck.baselines = map[*Store][]byte{}
	testCaptureBaseline = func(s *Store) {
		img, err := s.Serialize()
		if err != nil {
			panic(err)
		}
		s.resetCapture()
		captureCheck.mu.Lock()
		captureCheck.baselines[s] = img
		captureCheck.mu.Unlock()
	}
	testCaptureVerify = func(s *Store) {
		captureCheck.mu.Lock()
		base, ok := captureCheck.baselines[s]
		delete(captureCheck.baselines, s)
		captureCheck.mu.Unlock()
		if !ok {
			return
		}
		if err := verifyCapture(s, base); err != nil {
			captureCheck.mu.Lock()
			captureCheck.failures = append(captureCheck.failures, err.Error())
			captureCheck.mu.Unlock()
		}
	}
	code := m.Run()
	captureCheck.mu.Lock()
	defer captureCheck.mu.Unlock()
	for _, f := range captureCheck.failures {
		fmt.Fprintln(os.Stderr, "change capture:", f)
		code = 1
	}
	fmt.Fprintf(os.Stderr, "change capture: %d stores verified, %d skipped (full save)\n", captureCheck.verified, captureCheck.full)
	if captureCheck.verified < 20 && code == 0 && len(os.Args) <= 2 {
		// A run of the whole package verifies dozens; far fewer means
		// the check itself stopped working.
		fmt.Fprintln(os.Stderr, "change capture: too few stores verified")
		code = 1
	}
	os.Exit(code)
}

// verifyCapture replays what s captured on base and compares the result
// with s. A store whose changes were not all captured (a migration,
// Optimize) is counted and skipped: its next save is a full one.
func verifyCapture(s *Store, base []byte) error {
	p := s.PendingChanges()
	if p.Full {
		captureCheck.mu.Lock()
		captureCheck.full++
		captureCheck.mu.Unlock()
		return nil
	}
	if p.Empty {
		return nil
	}
	saved := testCaptureBaseline
	testCaptureBaseline = nil
	r, err := LoadJournal(base, [][]byte{p.SQL})
	testCaptureBaseline = saved
	if err != nil {
		return fmt.Errorf("replay: %w\n%s", err, p.SQL)
	}
	verify := testCaptureVerify
	testCaptureVerify = nil
	defer func() { r.Close(); testCaptureVerify = verify }()
	want, err := captureDump(s)
	if err != nil {
		return err
	}
	got, err := captureDump(r)
	if err != nil {
		return err
	}
	if want != got {
		w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
		for i := range min(len(w), len(g)) {
			if w[i] != g[i] {
				return fmt.Errorf("replayed database differs at line %d:\nlive:     %.500s\nreplayed: %.500s\nscript:\n%.1500s", i, w[i], g[i], p.SQL)
			}
		}
		return fmt.Errorf("replayed database differs: %d lines live, %d replayed", len(w), len(g))
	}
	captureCheck.mu.Lock()
	captureCheck.verified++
	captureCheck.mu.Unlock()
	return nil
}

// captureDump renders the schema and every row of every table (the search
// index's shadow tables included) as sorted text.
func captureDump(s *Store) (string, error) {
	ctx := context.Background()
	rows, err := s.db.QueryContext(ctx, "SELECT name, sql, type FROM sqlite_schema ORDER BY name")
	if err != nil {
		return "", err
	}
	var out []string
	var tables []string
	for rows.Next() {
		var name, typ string
		var sql *string
		if err := rows.Scan(&name, &sql, &typ); err != nil {
			rows.Close()
			return "", err
		}
		q := ""
		if sql != nil {
			q = *sql
		}
		out = append(out, "schema "+name+" "+q)
		if typ == "table" && !strings.HasPrefix(q, "CREATE VIRTUAL") && name != "sqlite_stat1" {
			tables = append(tables, name)
		}
	}
	rows.Close()
	for _, t := range tables {
		sel := "SELECT rowid, * FROM \"" + t + "\""
		if _, err := s.db.ExecContext(ctx, "SELECT rowid FROM \""+t+"\" LIMIT 0"); err != nil {
			sel = "SELECT * FROM \"" + t + "\"" // WITHOUT ROWID
		}
		rows, err := s.db.QueryContext(ctx, sel)
		if err != nil {
			return "", err
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", err
			}
			lines = append(lines, fmt.Sprintf("%s %#v", t, vals))
		}
		rows.Close()
		slices.Sort(lines)
		out = append(out, lines...)
	}
	return strings.Join(out, "\n"), nil
}

// TestRenderSQL: every kind of value the driver binds is rendered as a
// literal that reads back as the same value of the same type.
func TestRenderSQL(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	values := []any{nil, 0, -1, int64(1) << 62, uint32(7), true, false, 1.5, -0.1, 1e300, 5e-324,
		"", "plain", "it's", "a?b", "-- not a comment", "/* nor this */", "line\nbreak", "nul\x00byte", "bad\xffutf8", "عربى 中文",
		[]byte{}, []byte(nil), []byte{0, 1, 2, 0xff}}
	for _, v := range values {
		lit, err := renderSQL("SELECT ?, typeof(?1)", []any{v})
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		var gotV, gotT, wantV, wantT any
		if err := s.db.QueryRowContext(ctx, lit).Scan(&gotV, &gotT); err != nil {
			t.Fatalf("%#v: %s: %v", v, lit, err)
		}
		if err := s.db.QueryRowContext(ctx, "SELECT ?, typeof(?1)", v).Scan(&wantV, &wantT); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%#v %v", gotV, gotT) != fmt.Sprintf("%#v %v", wantV, wantT) {
			t.Errorf("%#v rendered as %s: got %#v %v, bound %#v %v", v, lit, gotV, gotT, wantV, wantT)
		}
	}
	for _, bad := range []struct {
		q    string
		args []any
	}{
		{"SELECT ?", nil},
		{"SELECT :name", []any{1}},
		{"SELECT 'open", nil},
		{"SELECT ?", []any{struct{}{}}},
		{"SELECT ?", []any{uint64(1) << 63}},
	} {
		if _, err := renderSQL(bad.q, bad.args); err == nil {
			t.Errorf("renderSQL(%q, %v) accepted", bad.q, bad.args)
		}
	}
	// Quoted names and string literals keep their question marks.
	got, err := renderSQL(`SELECT '?' || "a?" || ?2 || ? -- ?`+"\n", []any{1, 2, 3})
	if err != nil || got != `SELECT '?' || "a?" || 2 || 3  `+"\n" {
		t.Errorf("renderSQL = %q, %v", got, err)
	}
}

// TestCaptureFallsBackToFull: writes that escape the capture make the
// next save a full one; a failed transaction captures nothing.
func TestCaptureFallsBackToFull(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Saved in full below: the image it started from is not its base.
	captureCheck.mu.Lock()
	delete(captureCheck.baselines, s)
	captureCheck.mu.Unlock()
	ctx := context.Background()
	s.Saved(s.PendingChanges())
	if p := s.PendingChanges(); p.Full || !p.Empty || p.SQL != nil {
		t.Fatalf("fresh: %+v", p)
	}
	if err := s.write(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO drafts(key, saved, data) VALUES (?, ?, ?)", "k", 1, "d"); err != nil {
			return err
		}
		return errors.New("give up")
	}); err == nil {
		t.Fatal("expected the error")
	}
	if p := s.PendingChanges(); p.Full || p.SQL != nil {
		t.Fatalf("rolled back transaction captured: %+v", p)
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO drafts(key, saved, data) VALUES ('x', 1, 'y')"); err != nil {
		t.Fatal(err)
	}
	if p := s.PendingChanges(); !p.Full {
		t.Fatal("a write outside the capture did not ask for a full save")
	}
	_, p, err := s.SerializeForSave()
	if err != nil {
		t.Fatal(err)
	}
	s.Saved(p)
	if p := s.PendingChanges(); p.Full || !p.Empty {
		t.Fatalf("after a full save: %+v", p)
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Fatal(err)
	}
	if p := s.PendingChanges(); p.Full || !p.Empty {
		t.Fatalf("the integrity check counted as a change: %+v", p)
	}
}
