package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// journalVault makes a vault holding base and appends one record per body;
// it returns the folder, closed.
func journalVault(t *testing.T, base []byte, bodies ...string) string {
	t.Helper()
	dir, v := newVault(t, base)
	// A full save first, so data.age.prev exists as in a vault in use.
	if err := v.Save(base); err != nil {
		t.Fatal(err)
	}
	for _, b := range bodies {
		if err := v.Append([]byte(b)); err != nil {
			t.Fatalf("Append(%q): %v", b, err)
		}
	}
	v.Close()
	return dir
}

// openJournal opens dir and loads data.age and its journal.
func openJournal(t *testing.T, dir string) (*Vault, []byte, []string, error) {
	t.Helper()
	v, err := Open(dir, testPass)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	img, err := v.Load(Current)
	var bodies []string
	for _, b := range v.Journal() {
		bodies = append(bodies, string(b))
	}
	return v, img, bodies, err
}

func journalFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := journalNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestJournalAppendAndReplay(t *testing.T) {
	dir := journalVault(t, image("base", 1000), "INSERT 1;\n", "INSERT 2;", "")
	if got := journalFiles(t, dir); len(got) != 3 || got[0] != "journal-000001.age" || got[2] != "journal-000003.age" {
		t.Fatalf("journal files = %v", got)
	}
	for _, n := range journalFiles(t, dir) {
		st, _ := os.Stat(filepath.Join(dir, n))
		b, _ := os.ReadFile(filepath.Join(dir, n))
		if !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) || bytes.Contains(b, []byte("INSERT")) {
			t.Fatalf("%s is not an age file or shows its plaintext", n)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s mode %v", n, st.Mode())
		}
	}
	v, img, bodies, err := openJournal(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(img, []byte("base")) {
		t.Fatal("data.age image not returned")
	}
	if want := []string{"INSERT 1;\n", "INSERT 2;", ""}; fmt.Sprint(bodies) != fmt.Sprint(want) {
		t.Fatalf("journal = %q, want %q", bodies, want)
	}
	if v.Journal() != nil {
		t.Fatal("Journal must hand the records over once")
	}
	if v.JournalLen() != 3 || v.Rollback() != nil {
		t.Fatalf("JournalLen %d, rollback %v", v.JournalLen(), v.Rollback())
	}
	// Appending goes on from where it was.
	if err := v.Append([]byte("INSERT 4;")); err != nil {
		t.Fatal(err)
	}
	// A full save (compaction) empties the journal.
	if err := v.Save(image("compacted", 1000)); err != nil {
		t.Fatal(err)
	}
	if got := journalFiles(t, dir); len(got) != 0 {
		t.Fatalf("journal after compaction: %v", got)
	}
	if err := v.Append([]byte("INSERT 5;")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	_, img, bodies, err = openJournal(t, dir)
	if err != nil || !bytes.HasPrefix(img, []byte("compacted")) || fmt.Sprint(bodies) != "[INSERT 5;]" {
		t.Fatalf("after compaction: %v %q %q", err, img[:9], bodies)
	}
}

// TestJournalRecordIsSQL: a record's plaintext is SQL text that sqlite3
// reads: a header of comments, the body, and a padding comment, in a
// size bucket.
func TestJournalRecordIsSQL(t *testing.T) {
	for _, body := range []string{"", "SELECT 1;", "SELECT 1;\n", strings.Repeat("x", 70_000)} {
		plain := encodeRecord(recordHeader{seq: 1, gen: 2}, []byte(body))
		if len(plain) != PaddedSize(len(plain)) {
			t.Errorf("record of %d bytes is not a bucket size (%d)", len(body), len(plain))
		}
		for _, line := range strings.Split(strings.TrimSuffix(string(plain), "\n"), "\n") {
			if strings.HasPrefix(line, "--") || strings.HasPrefix(body, line) || strings.Contains(body, line) {
				continue
			}
			t.Errorf("line %q is neither a comment nor the body", line)
		}
		h, got, err := decodeRecord(plain)
		if err != nil || string(got) != body || h.seq != 1 || h.gen != 2 {
			t.Errorf("decode: %v %q", err, got)
		}
	}
}

// TestJournalHostileRecords: records that decrypt but are malformed are
// refused, never trusted, never a panic.
func TestJournalHostileRecords(t *testing.T) {
	good := string(encodeRecord(recordHeader{seq: 1, gen: 2}, []byte("SELECT 1;")))
	cases := map[string]string{
		"empty":          "",
		"no magic":       strings.Replace(good, "safehouse-journal-v1", "safehouse-journal-v9", 1),
		"huge length":    strings.Replace(good, "-- length 9", "-- length 99999999999", 1),
		"length 8":       strings.Replace(good, "-- length 9", "-- length 8", 1),
		"sequence 0":     strings.Replace(good, "-- sequence 1", "-- sequence 0", 1),
		"sequence huge":  strings.Replace(good, "-- sequence 1", "-- sequence 99999999999999999999", 1),
		"bad hex":        strings.Replace(good, "-- base 00", "-- base zz", 1),
		"short hex":      strings.Replace(good, "-- prev 00", "-- prev 0", 1),
		"garbage pad":    strings.TrimSuffix(good, "  \n") + "x\n",
		"missing field":  strings.Replace(good, "-- generation 2\n", "", 1),
		"negative gen":   strings.Replace(good, "-- generation 2", "-- generation -2", 1),
		"truncated":      good[:len(good)/2],
		"no newline end": strings.TrimSuffix(good, "\n"),
	}
	for name, plain := range cases {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			if _, _, err := decodeRecord([]byte(plain)); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}()
	}
	for _, name := range []string{"journal-1.age", "journal-000000.age", "journal-00001a.age", "journal-0000001.age", "journal-+00001.age", "xjournal-000001.age"} {
		if isJournalName(name) {
			t.Errorf("%s taken for a journal record", name)
		}
	}
}

func TestJournalTornTailDropped(t *testing.T) {
	dir := journalVault(t, image("base", 1000), "one;", "two;", "three;")
	last := filepath.Join(dir, "journal-000003.age")
	for _, cut := range []int{0, 10, 200, -1} {
		b, _ := os.ReadFile(last)
		if cut < 0 {
			cut = len(b) - 1
		}
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			os.WriteFile(last, b[:cut], 0o600)
			defer os.WriteFile(last, b, 0o600)
			v, _, bodies, err := openJournal(t, dir)
			if err != nil || fmt.Sprint(bodies) != "[one; two;]" {
				t.Fatalf("torn tail: %v %q", err, bodies)
			}
			// The next save must be a full one; it removes the torn file.
			if err := v.Append([]byte("four;")); !errors.Is(err, ErrCompact) {
				t.Fatalf("Append after torn tail = %v, want ErrCompact", err)
			}
			v.Close()
		})
	}
}

func TestJournalDamagedMiddle(t *testing.T) {
	dir := journalVault(t, image("base", 1000), "one;", "two;", "three;")
	mid := filepath.Join(dir, "journal-000002.age")
	orig, _ := os.ReadFile(mid)
	other := journalVault(t, image("other", 1000), "alien;", "alien2;")
	alien, _ := os.ReadFile(filepath.Join(other, "journal-000002.age"))
	first, _ := os.ReadFile(filepath.Join(dir, "journal-000001.age"))
	variants := map[string][]byte{
		"flipped":   func() []byte { b := bytes.Clone(orig); b[len(b)/2] ^= 1; return b }(),
		"truncated": orig[:len(orig)/2],
		"empty":     {},
		"other key": alien,
		"repeated":  first, // record 1 again in place of record 2
	}
	for name, b := range variants {
		t.Run(name, func(t *testing.T) {
			os.WriteFile(mid, b, 0o600)
			defer os.WriteFile(mid, orig, 0o600)
			v, _, _, err := openJournal(t, dir)
			if !IsDamaged(err) || !strings.Contains(err.Error(), "journal-000002.age") {
				t.Fatalf("Load = %v, want damaged data.age naming the record", err)
			}
			var d *DamagedError
			if errors.As(err, &d); d.File != DataFile {
				t.Fatalf("damaged file %q, want %q", d.File, DataFile)
			}
			// data.age.prev is still offered.
			if _, err := v.Load(Previous); err != nil {
				t.Fatalf("previous: %v", err)
			}
		})
	}
	// A missing middle record breaks the chain too.
	os.Rename(mid, mid+".x")
	if _, _, _, err := openJournal(t, dir); !IsDamaged(err) {
		t.Fatalf("gap: Load = %v, want damaged", err)
	}
	os.Rename(mid+".x", mid)
}

func TestJournalReordered(t *testing.T) {
	dir := journalVault(t, image("base", 1000), "one;", "two;", "three;")
	a, b := filepath.Join(dir, "journal-000001.age"), filepath.Join(dir, "journal-000002.age")
	os.Rename(a, a+".x")
	os.Rename(b, a)
	os.Rename(a+".x", b)
	if _, _, _, err := openJournal(t, dir); !IsDamaged(err) {
		t.Fatalf("reordered: Load = %v, want damaged", err)
	}
}

func TestJournalExternalChange(t *testing.T) {
	dir := journalVault(t, image("base", 1000), "one;")
	v, _, _, err := openJournal(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	// Someone else adds a record.
	extra := filepath.Join(dir, "journal-000002.age")
	os.WriteFile(extra, []byte("x"), 0o600)
	if err := v.Append([]byte("two;")); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("Append with a foreign record = %v", err)
	}
	if err := v.Save(image("full", 1000)); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("Save with a foreign record = %v", err)
	}
	os.Remove(extra)
	// data.age rewritten with the same bytes is not a change (as for
	// a full save, contents count)...
	data := filepath.Join(dir, DataFile)
	b, _ := os.ReadFile(data)
	os.Remove(data)
	os.WriteFile(data, b, 0o600)
	if err := v.Append([]byte("two;")); err != nil {
		t.Fatalf("Append after data.age was rewritten unchanged = %v", err)
	}
	// ...other bytes are.
	prev, _ := os.ReadFile(filepath.Join(dir, PrevFile))
	os.WriteFile(data, prev, 0o600)
	if err := v.Append([]byte("three;")); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("Append after data.age was replaced = %v", err)
	}
	if got := journalFiles(t, dir); len(got) != 2 {
		t.Fatalf("refused appends left files: %v", got)
	}
}

// TestJournalStaleAfterCompactionCrash: a compaction that committed
// data.age but crashed before deleting the records leaves them stale; they
// are ignored and removed by the next full save.
func TestJournalStaleAfterCompactionCrash(t *testing.T) {
	dir := journalVault(t, image("base", 1000), "one;", "two;")
	saved := map[string][]byte{}
	for _, n := range journalFiles(t, dir) {
		saved[n], _ = os.ReadFile(filepath.Join(dir, n))
	}
	v, _, _, _ := openJournal(t, dir)
	if err := v.Save(image("compacted", 1000)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for n, b := range saved {
		os.WriteFile(filepath.Join(dir, n), b, 0o600)
	}
	v, img, bodies, err := openJournal(t, dir)
	if err != nil || !bytes.HasPrefix(img, []byte("compacted")) || bodies != nil {
		t.Fatalf("stale journal: %v %q", err, bodies)
	}
	if err := v.Append([]byte("three;")); !errors.Is(err, ErrCompact) {
		t.Fatalf("Append over stale records = %v, want ErrCompact", err)
	}
	if err := v.Save(image("compacted2", 1000)); err != nil {
		t.Fatal(err)
	}
	if got := journalFiles(t, dir); len(got) != 0 {
		t.Fatalf("stale records left: %v", got)
	}
}

func TestJournalAppendFaults(t *testing.T) {
	for _, op := range []string{"write", "sync", "close", "syncdir", "create"} {
		t.Run(op, func(t *testing.T) {
			dir := journalVault(t, image("base", 1000), "one;")
			before := snapshot(t, dir)
			fs := &journalFaultFS{op: op}
			v, err := open(dir, testPass, fs)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if _, err := v.Load(Current); err != nil {
				t.Fatal(err)
			}
			fs.armed = true
			err = v.Append([]byte("two;"))
			var se *SaveError
			if !errors.As(err, &se) {
				t.Fatalf("Append = %v, want a SaveError", err)
			}
			assertSnapshot(t, dir, before)
			// Once the fault is gone the same vault appends.
			fs.armed = false
			if err := v.Append([]byte("two;")); err != nil {
				t.Fatalf("Append after the fault: %v", err)
			}
		})
	}
}

// journalFaultFS fails one step of an append once armed.
type journalFaultFS struct {
	osFS
	op    string
	armed bool
}

func (fs *journalFaultFS) OpenFile(name string, flag int, perm os.FileMode) (file, error) {
	if fs.armed && fs.op == "create" {
		return nil, &os.PathError{Op: "open", Path: name, Err: errors.New("injected")}
	}
	f, err := os.OpenFile(name, flag, perm)
	if err != nil || !fs.armed {
		return f, err
	}
	return &faultFile{File: f, fs: &faultFS{op: fs.op, err: errors.New("injected")}}, nil
}

func (fs *journalFaultFS) SyncDir(dir string) error {
	if fs.armed && fs.op == "syncdir" {
		fs.armed = false // the undo's own sync goes through
		return errors.New("injected")
	}
	return fs.osFS.SyncDir(dir)
}

func TestJournalFormatMigration(t *testing.T) {
	// A vault written by the previous release: format-1 trailer.
	trailerMagic, trailerMagicV1 = trailerMagicV1, trailerMagic
	dir, v := newVault(t, image("old", 1000))
	v.Close()
	trailerMagic, trailerMagicV1 = trailerMagicV1, trailerMagic

	v, img, _, err := openJournal(t, dir)
	if err != nil || !bytes.HasPrefix(img, []byte("old")) {
		t.Fatalf("format-1 vault does not open: %v", err)
	}
	if err := v.Append([]byte("one;")); !errors.Is(err, ErrCompact) {
		t.Fatalf("Append on a format-1 data.age = %v, want ErrCompact", err)
	}
	if err := v.Save(image("new", 1000)); err != nil {
		t.Fatal(err)
	}
	if err := v.Append([]byte("one;")); err != nil {
		t.Fatalf("Append after migration: %v", err)
	}
	v.Close()
	_, img, bodies, err := openJournal(t, dir)
	if err != nil || !bytes.HasPrefix(img, []byte("new")) || fmt.Sprint(bodies) != "[one;]" {
		t.Fatalf("migrated vault: %v %q", err, bodies)
	}
}

// TestJournalGenerations: every record is a generation; deleting the last
// acknowledged record is reported as a rollback.
func TestJournalGenerations(t *testing.T) {
	withSeenDir(t)
	dir := journalVault(t, image("base", 1000), "one;", "two;")
	v, _, _, err := openJournal(t, dir)
	if err != nil || v.Rollback() != nil {
		t.Fatalf("%v %v", err, v.Rollback())
	}
	v.Close()
	os.Remove(filepath.Join(dir, "journal-000002.age"))
	v, _, bodies, err := openJournal(t, dir)
	if err != nil || len(bodies) != 1 {
		t.Fatal(err, bodies)
	}
	if rb := v.Rollback(); rb == nil || rb.Generation+1 != rb.Seen {
		t.Fatalf("Rollback = %+v, want one generation behind", rb)
	}
}

func TestJournalNeedsCompaction(t *testing.T) {
	dir, v := newVault(t, image("base", 1000))
	defer v.Close()
	for i := 0; i < JournalMaxRecords; i++ {
		if v.NeedsCompaction() {
			t.Fatalf("compaction asked after %d records", i)
		}
		if err := v.Append([]byte("x;")); err != nil {
			t.Fatal(err)
		}
	}
	if !v.NeedsCompaction() {
		t.Fatal("no compaction asked at the record threshold")
	}
	if err := v.Save(image("c", 1000)); err != nil || v.NeedsCompaction() || len(journalFiles(t, dir)) != 0 {
		t.Fatalf("compaction: %v", err)
	}
}

func TestJournalWipedAndRotated(t *testing.T) {
	dir := journalVault(t, image("base", 1000), "one;", "two;")
	v, _, _, _ := openJournal(t, dir)
	if err := v.ChangePassphrase(testPass, []byte("new passphrase here")); !errors.Is(err, ErrCompact) {
		t.Fatalf("ChangePassphrase with records = %v, want ErrCompact", err)
	}
	plan, err := PlanWipe(dir)
	if err != nil {
		t.Fatal(err)
	}
	var listed int
	for _, f := range plan.Files {
		if isJournalName(f.Name) {
			listed++
		}
	}
	if listed != 2 {
		t.Fatalf("PlanWipe lists %d journal records, want 2", listed)
	}
	rep, err := v.Wipe()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if isJournalName(f.Name) && (!f.Overwritten || !f.Removed) {
			t.Errorf("%s not destroyed: %+v", f.Name, f)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("folder left: %v", err)
	}
}

func TestJournalDuressDestroysRecords(t *testing.T) {
	dir, _, _ := newDuressVault(t, image("real", 1000), image("decoy", 1000))
	v, _, _, _ := openJournal(t, dir)
	if err := v.Append([]byte("secret;")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	d, err := Open(dir, duressPass)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := journalFiles(t, dir); len(got) != 0 {
		t.Fatalf("the duress passphrase left journal records: %v", got)
	}
	img, err := d.Load(Current)
	if err != nil || !bytes.HasPrefix(img, []byte("decoy")) || d.Journal() != nil {
		t.Fatalf("decoy: %v", err)
	}
}
