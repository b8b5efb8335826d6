package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The journal.
//
// A save no longer rewrites data.age: it appends one journal record, a
// file of its own beside data.age, holding the changes made since the
// previous save as SQL text that the sqlite3 command line tool replays
// (the store renders it; the vault treats it as opaque bytes). A record
// is padded like data.age ([PaddedSize]) and encrypted to the data key,
// so its size says only that a save happened (and, for one larger than
// 64 KiB, roughly how large it was). Its plaintext starts with a header
// of SQL comments that chains it to data.age and to the record before
// it:
//
//	-- safehouse-journal-v1
//	-- vault <vault ID, hex>
//	-- generation <the save number this record brings the vault to>
//	-- sequence <1 for the first record after data.age, then 2, 3, ...>
//	-- base <SHA-256 of the data.age file it extends, hex>
//	-- prev <SHA-256 of the previous record's file, hex; zeros for the first>
//	-- length <bytes of SQL that follow>
//	<SQL>
//	--<spaces up to the padded size>\n
//
// Records are named journal-000001.age, journal-000002.age, ... in the
// order they were written. Appending creates the next name exclusively,
// writes, syncs the file and then the folder; only then is the save
// acknowledged. A crash while appending leaves at most a torn last
// record, which fails to decrypt and is dropped when the vault is next
// opened. A record in the middle that does not decrypt, is out of order,
// or does not chain to its predecessor makes the vault's current state
// unreadable and is reported like a damaged data.age.
//
// Compaction is the full save of old: the whole database is written as a
// new data.age (the commit point), then the records are deleted. After a
// crash in between, the records' base no longer matches data.age: they
// are stale (their changes are in data.age already) and are ignored, then
// deleted by the next save.

// journalPrefix and journalSuffix frame the name of a journal record.
const (
	journalPrefix = "journal-"
	journalSuffix = ".age"
	journalMagic  = "-- safehouse-journal-v1\n"
)

// Compaction thresholds: a journal with this many records, or whose files
// together exceed max(JournalMaxBytes, half of data.age), asks to be
// compacted (see [Vault.NeedsCompaction]).
const (
	JournalMaxRecords = 100
	JournalMaxBytes   = 8 << 20
	// maxJournalFiles bounds what Load reads, so a folder stuffed with
	// journal names cannot stall an unlock.
	maxJournalFiles = 10_000
)

// ErrCompact is returned by [Vault.Append] when the changes cannot go to
// the journal and a full save ([Vault.Save]) is needed instead: the vault
// was loaded from data.age.prev, data.age predates the journal format, or
// the journal holds records that cannot be extended (stale ones). It is
// also returned by [Vault.ChangePassphrase] while the journal holds
// records.
var ErrCompact = errors.New("a full save is needed")

// journalName returns the file name of record seq.
func journalName(seq int) string {
	return fmt.Sprintf("%s%06d%s", journalPrefix, seq, journalSuffix)
}

// journalSeq parses a journal record's file name. ok is false for any
// other name.
func journalSeq(name string) (int, bool) {
	if !strings.HasPrefix(name, journalPrefix) || !strings.HasSuffix(name, journalSuffix) {
		return 0, false
	}
	digits := name[len(journalPrefix) : len(name)-len(journalSuffix)]
	if len(digits) != 6 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 || strconv.Itoa(n) != strings.TrimLeft(digits, "0") {
		return 0, false
	}
	return n, true
}

// isJournalName reports whether name is a journal record's file name.
func isJournalName(name string) bool {
	_, ok := journalSeq(name)
	return ok
}

// journalNames returns the journal records in dir, ordered by sequence.
func journalNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if isJournalName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names) // zero-padded: lexical order is numeric order
	return names, nil
}

// journalRecord is what the vault remembers of one record it loaded or
// wrote.
type journalRecord struct {
	name string
	size int64
	sum  [sha256.Size]byte
}

// recordHeader is the chain a record carries inside its encryption.
type recordHeader struct {
	id   vaultID
	gen  uint64
	seq  int
	base [sha256.Size]byte
	prev [sha256.Size]byte
}

// encodeRecord returns the padded plaintext of a record holding body.
func encodeRecord(h recordHeader, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(journalMagic)
	fmt.Fprintf(&b, "-- vault %s\n", hex.EncodeToString(h.id[:]))
	fmt.Fprintf(&b, "-- generation %d\n", h.gen)
	fmt.Fprintf(&b, "-- sequence %d\n", h.seq)
	fmt.Fprintf(&b, "-- base %s\n", hex.EncodeToString(h.base[:]))
	fmt.Fprintf(&b, "-- prev %s\n", hex.EncodeToString(h.prev[:]))
	fmt.Fprintf(&b, "-- length %d\n", len(body))
	size := PaddedSize(b.Len() + len(body) + 3)
	out := make([]byte, size)
	n := copy(out, b.Bytes())
	n += copy(out[n:], body)
	// The padding is one SQL comment: "--", spaces, a newline. A body
	// not ending in a newline gets one first, so the comment cannot
	// swallow its last line.
	if len(body) > 0 && body[len(body)-1] != '\n' {
		out[n] = '\n'
		n++
	}
	out[n], out[n+1] = '-', '-'
	for i := n + 2; i < size-1; i++ {
		out[i] = ' '
	}
	out[size-1] = '\n'
	return out
}

var errRecord = errors.New("not a journal record")

// decodeRecord parses a record's plaintext, returning its header and SQL
// body (a slice of plain). Every field is checked; nothing is trusted.
func decodeRecord(plain []byte) (recordHeader, []byte, error) {
	var h recordHeader
	rest, ok := bytes.CutPrefix(plain, []byte(journalMagic))
	if !ok {
		return h, nil, errRecord
	}
	field := func(name string) (string, error) {
		line, after, ok := bytes.Cut(rest, []byte{'\n'})
		if !ok {
			return "", errRecord
		}
		v, ok := bytes.CutPrefix(line, []byte("-- "+name+" "))
		if !ok || len(v) > 80 {
			return "", fmt.Errorf("%w: field %s", errRecord, name)
		}
		rest = after
		return string(v), nil
	}
	hexField := func(name string, dst []byte) error {
		s, err := field(name)
		if err != nil {
			return err
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != len(dst) {
			return fmt.Errorf("%w: field %s", errRecord, name)
		}
		copy(dst, b)
		return nil
	}
	numField := func(name string) (uint64, error) {
		s, err := field(name)
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseUint(s, 10, 63)
		if err != nil {
			return 0, fmt.Errorf("%w: field %s", errRecord, name)
		}
		return n, nil
	}
	if err := hexField("vault", h.id[:]); err != nil {
		return h, nil, err
	}
	gen, err := numField("generation")
	if err != nil {
		return h, nil, err
	}
	seq, err := numField("sequence")
	if err != nil || seq == 0 || seq > maxJournalFiles {
		return h, nil, fmt.Errorf("%w: sequence", errRecord)
	}
	h.gen, h.seq = gen, int(seq)
	if err := hexField("base", h.base[:]); err != nil {
		return h, nil, err
	}
	if err := hexField("prev", h.prev[:]); err != nil {
		return h, nil, err
	}
	n, err := numField("length")
	if err != nil || n > uint64(len(rest)) {
		return h, nil, fmt.Errorf("%w: length", errRecord)
	}
	body := rest[:n]
	pad := rest[n:]
	if len(pad) > 0 && pad[0] == '\n' && (n == 0 || body[n-1] != '\n') {
		pad = pad[1:]
	}
	if len(pad) < 3 || pad[0] != '-' || pad[1] != '-' || pad[len(pad)-1] != '\n' ||
		len(bytes.Trim(pad[2:len(pad)-1], " ")) != 0 {
		return h, nil, fmt.Errorf("%w: padding", errRecord)
	}
	return h, body, nil
}

// journalState is the journal as this process loaded or last wrote it.
type journalState struct {
	// base is the SHA-256 of data.age (ciphertext) the records extend,
	// and baseGen its generation.
	base    [sha256.Size]byte
	baseGen uint64
	// baseV2 is set when data.age carries the current trailer, so records
	// may extend it.
	baseV2 bool
	// records are the live records, in order.
	records []journalRecord
	// bytes is the total size of the records' files.
	bytes int64
	// drop lists journal files that belong to no live chain: stale ones
	// (left by a compaction that crashed before deleting them) and a
	// torn last record. They are deleted by the next save.
	drop []string
	// bodies holds the SQL of the records read by Load, until the caller
	// takes them with [Vault.Journal].
	bodies [][]byte
	// dataStat is data.age as this process loaded or last wrote it, to
	// notice someone else replacing it without reading it back.
	dataStat os.FileInfo
}

// readJournal reads and checks the journal extending data.age, whose
// ciphertext hashes to base, trailer t (hasTrailer false for a data.age
// older than generations). It returns the records' SQL bodies in order.
// A torn last record and stale records are listed in js.drop; anything
// else wrong is a [*DamagedError] for data.age. v.mu must be held.
func (v *Vault) readJournal(js *journalState, t trailer, hasTrailer bool) error {
	names, err := journalNames(v.dir)
	if err != nil {
		return fmt.Errorf("failed to list vault folder: %w", err)
	}
	if len(names) > maxJournalFiles {
		return &DamagedError{File: DataFile, Err: fmt.Errorf("%d journal records", len(names))}
	}
	damaged := func(name string, err error) error {
		return &DamagedError{File: DataFile, Err: fmt.Errorf("journal record %s: %w", name, err)}
	}
	var prev [sha256.Size]byte
	for i, name := range names {
		last := i == len(names)-1
		path := filepath.Join(v.dir, name)
		cipher, err := readLimited(path, maxDataFileSize)
		if err != nil && !errors.Is(err, errTooLarge) {
			return fmt.Errorf("failed to read %s: %w", name, err)
		}
		var plain []byte
		if err == nil {
			plain, err = decryptAll(cipher, v.identity)
		}
		if err != nil {
			if last {
				// A torn append: never acknowledged.
				js.drop = append(js.drop, name)
				break
			}
			return damaged(name, err)
		}
		h, body, err := decodeRecord(plain)
		if err != nil {
			clear(plain)
			return damaged(name, err)
		}
		if i == 0 && (h.base != js.base || !hasTrailer || h.id != t.id) {
			// Records of another data.age: a compaction put their
			// changes into data.age and crashed before deleting them.
			clear(plain)
			js.drop = append(js.drop, names...)
			return nil
		}
		seq, _ := journalSeq(name)
		switch {
		case h.id != t.id || h.base != js.base:
			err = errors.New("belongs to another data file")
		case h.seq != i+1 || seq != i+1:
			err = fmt.Errorf("out of order (sequence %d, position %d)", h.seq, i+1)
		case h.prev != prev:
			err = errors.New("does not follow the record before it")
		case h.gen != t.gen+uint64(i+1):
			err = fmt.Errorf("generation %d, want %d", h.gen, t.gen+uint64(i+1))
		}
		if err != nil {
			clear(plain)
			return damaged(name, err)
		}
		js.bodies = append(js.bodies, bytes.Clone(body))
		clear(plain)
		sum := sha256.Sum256(cipher)
		js.records = append(js.records, journalRecord{name: name, size: int64(len(cipher)), sum: sum})
		js.bytes += int64(len(cipher))
		prev = sum
	}
	return nil
}

// Journal returns the SQL text of the journal records read by the last
// [Vault.Load] of [Current], in the order they must be applied on top of
// the image Load returned, and forgets them. It is nil when there are
// none and after loading [Previous]. The caller must apply them before
// saving: the next full save replaces data.age and deletes the records.
func (v *Vault) Journal() [][]byte {
	v.mu.Lock()
	defer v.mu.Unlock()
	b := v.journal.bodies
	v.journal.bodies = nil
	return b
}

// JournalLen returns the number of live journal records: saves since
// data.age was last written in full.
func (v *Vault) JournalLen() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.journal.records)
}

// NeedsCompaction reports whether the journal has grown past its
// thresholds (see [JournalMaxRecords]) and a full save should be made.
func (v *Vault) NeedsCompaction() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	js := &v.journal
	limit := max(int64(JournalMaxBytes), v.disk.size/2)
	return len(js.records) >= JournalMaxRecords || js.bytes > limit
}

// sameFile reports whether the file now at path is the one described by
// was: same file (device and inode), size, modification time and, where
// the system has one, change time.
func sameFile(path string, was os.FileInfo) bool {
	if was == nil {
		return false
	}
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	return os.SameFile(st, was) && st.Size() == was.Size() && st.ModTime().Equal(was.ModTime()) &&
		changeTime(st) == changeTime(was)
}

// journalUnchanged reports whether data.age and the journal are as this
// process loaded or last wrote them: data.age by file identity and times
// (reading it back would cost what the journal saves), the records by
// name and size.
func (v *Vault) journalUnchanged() bool {
	path := filepath.Join(v.dir, DataFile)
	if !sameFile(path, v.journal.dataStat) {
		// Touched, maybe rewritten: what counts is whether it still
		// holds the same bytes (read only in this rare case).
		b, err := readLimited(path, maxDataFileSize)
		if err != nil || sha256.Sum256(b) != v.journal.base {
			return false
		}
		v.journal.dataStat, _ = os.Stat(path)
	}
	return v.journalNamesUnchanged()
}

// journalNamesUnchanged reports whether the journal records in the folder
// are the ones this process loaded or wrote (and those it means to
// drop), the last one with the size it had.
func (v *Vault) journalNamesUnchanged() bool {
	js := &v.journal
	names, err := journalNames(v.dir)
	if err != nil {
		return false
	}
	want := make([]string, 0, len(js.records)+len(js.drop))
	for _, r := range js.records {
		want = append(want, r.name)
	}
	for _, n := range js.drop {
		if !slices.Contains(want, n) {
			want = append(want, n)
		}
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		return false
	}
	if n := len(js.records); n > 0 {
		st, err := os.Stat(filepath.Join(v.dir, js.records[n-1].name))
		if err != nil || st.Size() != js.records[n-1].size {
			return false
		}
	}
	return true
}

// Append writes changes (SQL text that turns the last saved state into
// the current one) as the next journal record and syncs it: when it
// returns nil the save is durable. It returns [ErrCompact] when a full
// save is needed instead, [ErrChangedOnDisk] when data.age or the journal
// were changed by someone else, or a [*SaveError]; in every error case
// the files on disk are as they were.
func (v *Vault) Append(changes []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil {
		return ErrClosed
	}
	if !v.loaded {
		return ErrNotLoaded
	}
	js := &v.journal
	if v.second || v.fromPrevious || !js.baseV2 || len(js.drop) > 0 || v.unsettled ||
		len(js.records) >= maxJournalFiles-1 {
		return ErrCompact
	}
	if !v.journalUnchanged() {
		return ErrChangedOnDisk
	}
	seq := len(js.records) + 1
	newGen := max(v.gen, v.seen.Cur) + 1
	if newGen != js.baseGen+uint64(seq) {
		// This computer saw a newer generation than data.age and its
		// records account for: a full save moves past it.
		return ErrCompact
	}
	var prev [sha256.Size]byte
	if seq > 1 {
		prev = js.records[seq-2].sum
	}
	plain := encodeRecord(recordHeader{id: v.id, gen: newGen, seq: seq, base: js.base, prev: prev}, changes)
	defer clear(plain)
	cipher, err := sealTo(v.recipient, plain)
	if err != nil {
		return err
	}
	// Check the encryption before anything touches the disk.
	if got, err := decryptAll(cipher, v.identity); err != nil || !bytes.Equal(got, plain) {
		if err == nil {
			err = errMismatch
		}
		return saveErr("verify", err)
	}
	name := journalName(seq)
	path := filepath.Join(v.dir, name)
	f, err := v.fs.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return saveErr("create", err)
	}
	undo := func() {
		v.fs.Remove(path)
		v.fs.SyncDir(v.dir)
	}
	if err := writeSyncClose(f, cipher); err != nil {
		undo()
		return err
	}
	if got, err := readLimited(path, int64(len(cipher))); err != nil || !bytes.Equal(got, cipher) {
		undo()
		if err == nil {
			err = errMismatch
		}
		return saveErr("verify", err)
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		undo()
		return saveErr("sync folder", err)
	}
	js.records = append(js.records, journalRecord{name: name, size: int64(len(cipher)), sum: sha256.Sum256(cipher)})
	js.bytes += int64(len(cipher))
	v.gen = newGen
	v.seen.Cur = newGen
	v.rollback = nil
	v.writeSeen(v.id, v.seen)
	return nil
}

// dropJournal deletes every journal file (after a full save made them
// redundant) and syncs the folder. Best effort: a record left behind is
// stale and ignored at the next open. v.mu must be held.
func (v *Vault) dropJournal() {
	names, _ := journalNames(v.dir)
	for _, n := range names {
		v.fs.Remove(filepath.Join(v.dir, n))
	}
	if len(names) > 0 {
		v.fs.SyncDir(v.dir)
	}
	v.journal.records, v.journal.drop, v.journal.bytes = nil, nil, 0
	if rest, _ := journalNames(v.dir); len(rest) > 0 {
		v.journal.drop = rest
	}
}

// setBase records data.age as just loaded or written: the identity of its
// ciphertext, its generation and trailer version. v.mu must be held.
func (v *Vault) setBase(file diskCopy, gen uint64, v2 bool) {
	js := &v.journal
	js.base = file.sum
	js.baseGen = gen
	js.baseV2 = v2
	js.dataStat, _ = os.Stat(filepath.Join(v.dir, DataFile))
}
