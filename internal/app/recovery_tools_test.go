package app

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// The recovery procedure of docs/recovery.md, run as written with the age
// command line tool (built from the pinned module, as the bundle tests
// do) and Debian's sqlite3: data.age decrypted, the journal replayed,
// compared with what Safehouse itself has.

// recoveryScript returns the shell block docs/recovery.md marks as the
// recovery script.
func recoveryScript(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "recovery.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "<!-- recovery-script")
	if !ok {
		t.Fatal("docs/recovery.md has no recovery-script marker")
	}
	_, block, ok := strings.Cut(after, "```sh\n")
	if !ok {
		t.Fatal("no sh block after the recovery-script marker")
	}
	block, _, ok = strings.Cut(block, "```\n")
	if !ok {
		t.Fatal("unterminated sh block")
	}
	if !strings.Contains(block, "sqlite3") || !strings.Contains(block, "journal-") {
		t.Fatalf("the marked block is not the journal replay:\n%s", block)
	}
	return block
}

// buildAgeCLI builds the age command (a tool dependency in go.mod) into a
// temporary folder and returns that folder.
func buildAgeCLI(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "age"), "filippo.io/age/cmd/age")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the age command: %v\n%s", err, out)
	}
	return dir
}

// runRecovery runs the documented block in the vault folder with the
// recovery key in recovery.txt, and returns its output and the recovered
// database file's path.
func runRecovery(t *testing.T, ageDir, dir, key string) (string, string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "recovery.txt"), []byte(strings.ToUpper(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-c", "umask 077\n"+recoveryScript(t))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+ageDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("recovery script: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "vault.db")
	st, err := os.Stat(db)
	if err != nil {
		t.Fatalf("no vault.db: %v\n%s", err, out)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("vault.db has mode %v", st.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(dir, "record.sql")); err == nil {
		t.Error("the script left record.sql behind")
	}
	return string(out), db
}

// sqlDump renders every row of every table of the SQLite file at path
// (the full-text index's segments excepted: their layout depends on the
// SQLite version; its documents are compared) as sorted text, after
// checking the file's integrity.
func sqlDump(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("%s: integrity_check %q %v", path, check, err)
	}
	if _, err := db.Exec("INSERT INTO search(search, rank) VALUES ('integrity-check', 1)"); err == nil {
		t.Fatalf("%s: opened read-only, yet the index check wrote", path)
	}
	rows, err := db.Query("SELECT name, type, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var out, tables []string
	for rows.Next() {
		var name, typ, q string
		if err := rows.Scan(&name, &typ, &q); err != nil {
			t.Fatal(err)
		}
		out = append(out, "schema "+name+" "+q)
		if typ == "table" && !strings.HasPrefix(q, "CREATE VIRTUAL") && name != "search_data" && name != "search_idx" && name != "sqlite_stat1" {
			tables = append(tables, name)
		}
	}
	rows.Close()
	for _, tb := range tables {
		rows, err := db.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
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
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %#v", tb, vals))
		}
		rows.Close()
		slices.Sort(lines)
		out = append(out, lines...)
	}
	return strings.Join(out, "\n")
}

// liveDump dumps the session's database as it is in memory.
func liveDump(t *testing.T, s *Session) string {
	t.Helper()
	img, err := s.Store().Serialize()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "live.db")
	if err := os.WriteFile(path, img, 0o600); err != nil {
		t.Fatal(err)
	}
	return sqlDump(t, path)
}

// editAndSave makes a few kinds of edits, each followed by a save (one
// journal record each).
func editAndSave(t *testing.T, s *Session, tag string) {
	t.Helper()
	ctx := context.Background()
	st := s.Store()
	c := &contact.Contact{Name: "Amina " + tag + " O'Neil", Kind: contact.KindPerson, Notes: "line one\nit's -- fine ?", Tags: []string{"press"}}
	steps := []func() error{
		func() error { return st.Contacts().Add(ctx, c) },
		func() error { c.Notes += " (again)"; return st.Contacts().Update(ctx, c) },
		func() error {
			start := time.Date(2027, 5, 1, 18, 0, 0, 0, time.UTC)
			e := &event.Event{Title: "Meeting " + tag, Start: start, End: start.Add(time.Hour), Kind: event.KindWorkshop}
			if err := st.Events().Add(ctx, e); err != nil {
				return err
			}
			return st.Tasks().Add(ctx, &event.Task{EventID: e.ID, Title: "Room", AssigneeID: c.ID})
		},
		func() error { return st.Drafts().Put(ctx, "draft-"+tag, []byte{0, 1, 0xff}) },
		func() error {
			d := &contact.Contact{Name: "Gone " + tag, Kind: contact.KindPerson}
			if err := st.Contacts().Add(ctx, d); err != nil {
				return err
			}
			_, err := st.Contacts().Delete(ctx, d.ID)
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("edit %d: %v", i, err)
		}
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRecoveryScriptReplaysJournal: a vault left with journal records (the
// app was killed) and a torn last record is recovered by the documented
// block to exactly what Safehouse itself loads.
func TestRecoveryScriptReplaysJournal(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Fatal("the sqlite3 program is needed (apt-get install sqlite3): ", err)
	}
	ageDir := buildAgeCLI(t)

	t.Run("journal and torn record", func(t *testing.T) {
		dir, s := newSession(t)
		key, err := s.RecoveryKey()
		if err != nil {
			t.Fatal(err)
		}
		editAndSave(t, s, "one")
		editAndSave(t, s, "two")
		n := journalRecords(t, dir)
		if n < 10 {
			t.Fatalf("%d journal records", n)
		}
		want := liveDump(t, s)
		// Killed: no compaction. Then a torn append after the last record.
		s.vault.Close()
		s.store.Close()
		torn := filepath.Join(dir, fmt.Sprintf("journal-%06d.age", n+1))
		if err := os.WriteFile(torn, []byte("age-encryption.org/v1\n-> X25519 torn"), 0o600); err != nil {
			t.Fatal(err)
		}
		out, db := runRecovery(t, ageDir, dir, key)
		if !strings.Contains(out, filepath.Base(torn)+" does not decrypt: stopping here") {
			t.Errorf("the torn record was not reported:\n%s", out)
		}
		if got := sqlDump(t, db); got != want {
			t.Fatalf("recovered database differs from the vault's state\nscript output:\n%s", out)
		}
		// Safehouse loads the same state.
		os.Remove(db)
		s2, err := Unlock(dir, pass, vault.Current)
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		if got := liveDump(t, s2); got != want {
			t.Fatal("Safehouse's replay differs from the state saved")
		}
	})

	t.Run("stale records", func(t *testing.T) {
		dir, s := newSession(t)
		key, _ := s.RecoveryKey()
		editAndSave(t, s, "one")
		// Keep the records, fold them in, then put them back: a full save
		// cut off before deleting them.
		saved := map[string][]byte{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "journal-") {
				saved[e.Name()], _ = os.ReadFile(filepath.Join(dir, e.Name()))
			}
		}
		if len(saved) == 0 {
			t.Fatal("no records")
		}
		want := liveDump(t, s)
		if err := s.Lock(); err != nil {
			t.Fatal(err)
		}
		for name, b := range saved {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		out, db := runRecovery(t, ageDir, dir, key)
		if strings.Count(out, "does not extend data.age: skipped") != len(saved) {
			t.Errorf("stale records not all skipped:\n%s", out)
		}
		if got := sqlDump(t, db); got != want {
			t.Fatalf("recovered database differs\n%s", out)
		}
	})

	t.Run("no journal", func(t *testing.T) {
		dir, s := newSession(t)
		key, _ := s.RecoveryKey()
		editAndSave(t, s, "one")
		want := liveDump(t, s)
		if err := s.Lock(); err != nil {
			t.Fatal(err)
		}
		if n := journalRecords(t, dir); n != 0 {
			t.Fatalf("%d records after locking", n)
		}
		out, db := runRecovery(t, ageDir, dir, key)
		if strings.TrimSpace(out) != "" {
			t.Errorf("unexpected output:\n%s", out)
		}
		if got := sqlDump(t, db); got != want {
			t.Fatal("recovered database differs")
		}
	})
}
