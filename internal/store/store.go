package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// Sentinel errors. Errors returned by the store wrap these; test with
// [errors.Is].
var (
	// ErrDamaged means a database image is not a usable SQLite database.
	ErrDamaged = errors.New("database is damaged")
	// ErrNewerVersion means the database was written by a newer Safehouse
	// with a schema this version does not know.
	ErrNewerVersion = errors.New("database was written by a newer version of Safehouse")
	// ErrNotFound means no record has the given ID (or ID prefix).
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous means an ID prefix matches more than one record.
	ErrAmbiguous = errors.New("ambiguous ID prefix")
	// ErrPrefixTooShort means an ID prefix has fewer than [MinPrefix] characters.
	ErrPrefixTooShort = errors.New("ID prefix too short")
	// ErrClosed means the store has been closed.
	ErrClosed = errors.New("store is closed")
)

// dsn opens a private in-memory database. The pragmas are applied again
// by [Store.configure] after every open and deserialize.
const dsn = "file::memory:?_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)"

// Store is an in-memory Safehouse database. It is safe for concurrent use;
// database/sql serializes access to the single connection, so a write
// transaction blocks readers until it ends.
type Store struct {
	db      *sql.DB
	changes atomic.Uint64
	closeMu sync.Mutex
	closed  bool
	// now returns the current time; replaced in tests.
	now func() time.Time
	// stmts caches prepared read statements of hot paths (search as you
	// type), where parsing and planning cost as much as running them.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
	// capture records the committed changes for the journal (see
	// capture.go).
	capture capture
}

// prepared returns a cached prepared statement for query, which must be a
// constant: the cache is never pruned. database/sql closes the statements
// when the store is closed.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[query] = st
	return st, nil
}

// onceConnector hands out exactly one connection. An in-memory database
// lives and dies with its connection, so a second connection would be a
// new, empty database: fail loudly instead of silently losing data.
type onceConnector struct {
	used atomic.Bool
}

func (c *onceConnector) Connect(context.Context) (driver.Conn, error) {
	if c.used.Swap(true) {
		return nil, errors.New("in-memory database connection was lost")
	}
	return (&sqlite.Driver{}).Open(dsn)
}

func (c *onceConnector) Driver() driver.Driver { return &sqlite.Driver{} }

func open() (*Store, error) {
	db := sql.OpenDB(&onceConnector{})
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, now: time.Now}
	if err := s.configure(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.hookCommits(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// configure applies the connection and database pragmas that keep every
// byte in memory and enforce foreign keys.
func (s *Store) configure() error {
	ctx := context.Background()
	for _, p := range []string{
		"PRAGMA foreign_keys = ON",
		"PRAGMA temp_store = MEMORY",
		"PRAGMA trusted_schema = OFF",
		"PRAGMA cell_size_check = ON",
	} {
		if _, err := s.db.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("failed to configure database (%s): %w", p, err)
		}
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = MEMORY").Scan(&mode); err != nil {
		return fmt.Errorf("failed to set journal mode: %w", err)
	}
	if mode != "memory" {
		return fmt.Errorf("journal mode is %q, want memory", mode)
	}
	return nil
}

// New returns a fresh, empty in-memory database with the latest schema.
func New() (*Store, error) {
	s, err := open()
	if err != nil {
		return nil, err
	}
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	if testCaptureBaseline != nil {
		testCaptureBaseline(s)
	}
	return s, nil
}

// testCaptureBaseline and testCaptureVerify are set by the package's
// tests, which check at every store's Close that replaying the captured
// changes on the image it started from gives the same database (see
// capture_check_test.go). Nil in the shipped program.
var testCaptureBaseline, testCaptureVerify func(*Store)

// sqliteHeader is the magic string at the start of every SQLite database.
const sqliteHeader = "SQLite format 3\x00"

// ImageSize returns the exact length of the SQLite database image at the
// start of b, computed from the page size and page count in its header.
// The error wraps [ErrDamaged] if b is not a plausible image or is shorter
// than its header says.
func ImageSize(b []byte) (int, error) {
	if len(b) < 100 || string(b[:16]) != sqliteHeader {
		return 0, fmt.Errorf("%w: not an SQLite database", ErrDamaged)
	}
	pageSize := int(binary.BigEndian.Uint16(b[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return 0, fmt.Errorf("%w: invalid page size %d", ErrDamaged, pageSize)
	}
	pages := binary.BigEndian.Uint32(b[28:32])
	if pages == 0 {
		return 0, fmt.Errorf("%w: page count is zero", ErrDamaged)
	}
	size := uint64(pages) * uint64(pageSize)
	if size > uint64(len(b)) {
		return 0, fmt.Errorf("%w: truncated (%d of %d bytes)", ErrDamaged, len(b), size)
	}
	return int(size), nil
}

// Load returns a store holding the database image, which may be followed
// by padding. It refuses ([ErrDamaged]) anything that is not an intact
// SQLite database and ([ErrNewerVersion]) databases with a newer schema,
// and migrates older ones. The image is copied; Load never panics.
func Load(image []byte) (*Store, error) {
	return LoadJournal(image, nil)
}

// LoadJournal is [Load] with the vault's journal: the records (SQL
// scripts from [Store.PendingChanges]) are applied to the image in order
// before the checks and migrations. A record that does not apply is
// reported as damage ([ErrDamaged] and [ErrReplay]).
func LoadJournal(image []byte, records [][]byte) (*Store, error) {
	n, err := ImageSize(image)
	if err != nil {
		return nil, err
	}
	// Bytes 18 and 19 say 2 for WAL databases; an in-memory image has
	// no WAL, so treat it as a rollback-journal database. The driver
	// copies the image into SQLite's memory, so copy it here only when it
	// must be changed (never for images written by Serialize).
	buf := image[:n:n]
	if buf[18] != 1 || buf[19] != 1 {
		buf = bytes.Clone(buf)
		buf[18], buf[19] = 1, 1
	}
	s, err := open()
	if err != nil {
		return nil, err
	}
	if err := s.deserialize(buf); err != nil {
		s.Close()
		return nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if err := s.configure(); err != nil {
		s.Close()
		return nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if err := s.replay(records); err != nil {
		s.Close()
		return nil, err
	}
	// What is in memory now is what is on disk; a migration below is
	// not captured, and makes the first save a full one.
	s.resetCapture()
	// The quick check (every page and b-tree well-formed, no index
	// compared with its table): the data was authenticated by age
	// before SQLite saw it, so the full check, which guards against our
	// own bugs, runs after the vault is open ([Store.IntegrityCheck]).
	if err := s.quickCheck(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	if testCaptureBaseline != nil {
		testCaptureBaseline(s)
	}
	return s, nil
}

type serializer interface {
	Serialize() ([]byte, error)
	Deserialize([]byte) error
}

func (s *Store) raw(fn func(serializer) error) error {
	ctx := context.Background()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("failed to get connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		ser, ok := dc.(serializer)
		if !ok {
			return fmt.Errorf("driver connection %T cannot serialize", dc)
		}
		return fn(ser)
	})
}

func (s *Store) deserialize(b []byte) error {
	return s.raw(func(ser serializer) error { return ser.Deserialize(b) })
}

// Serialize returns the exact SQLite image of the database (no padding).
func (s *Store) Serialize() ([]byte, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	var out []byte
	err := s.raw(func(ser serializer) error {
		b, err := ser.Serialize()
		out = b
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("failed to serialize database: %w", err)
	}
	if n, err := ImageSize(out); err != nil || n != len(out) {
		return nil, fmt.Errorf("serialized image has inconsistent size %d (header %d): %w", len(out), n, err)
	}
	return out, nil
}

// Close closes the database, discarding its contents. It is idempotent.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	if testCaptureVerify != nil {
		testCaptureVerify(s)
	}
	s.closed = true
	return s.db.Close()
}

func (s *Store) isClosed() bool {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	return s.closed
}

// Changes returns the number of committed write transactions since the
// store was created or loaded. It only grows; compare two values to see
// whether the database changed (for dirty tracking and autosave).
func (s *Store) Changes() uint64 { return s.changes.Load() }

// IntegrityCheck runs SQLite's integrity and foreign-key checks and
// verifies that the full-text index matches the indexed text. The error
// wraps [ErrDamaged] if any finds a problem.
//
// [Load] runs only PRAGMA quick_check, which verifies that every page and
// b-tree is well-formed but does not compare indexes with their tables,
// nor check foreign keys; PRAGMA integrity_check does, and verifies the
// structure of the full-text index, but for an external-content FTS5
// table it does not re-tokenize all the text, which the last check here
// does (it costs more than everything else together).
func (s *Store) IntegrityCheck() error {
	return s.IntegrityCheckContext(context.Background())
}

// IntegrityCheckContext is [Store.IntegrityCheck], stopped early when ctx
// is cancelled (with ctx's error, not [ErrDamaged]).
func (s *Store) IntegrityCheckContext(ctx context.Context) error {
	err := s.integrityCheck(ctx, "integrity_check", true)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// quickCheck runs PRAGMA quick_check on the schema table and on every
// ordinary table (with its indexes), but not on the full-text index: for
// a virtual table SQLite asks FTS5 to verify its whole index even in a
// quick check, which was half of the check's time on a large vault. The
// FTS5 index's own tables are checked as b-trees here; the full check
// ([Store.IntegrityCheck], run in the background after unlock and by
// `safehouse check`) covers the index's contents, the free-page list and
// page accounting. The error wraps [ErrDamaged].
func (s *Store) quickCheck() error {
	ctx := context.Background()
	tables, err := s.ordinaryTables(ctx)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	for _, t := range append([]string{"sqlite_schema"}, tables...) {
		if err := s.integrityCheck(ctx, "quick_check("+quoteName(t)+")", false); err != nil {
			return err
		}
	}
	return nil
}

// ordinaryTables lists the database's tables that are not virtual.
func (s *Store) ordinaryTables(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// quoteName quotes an SQL identifier.
func quoteName(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// integrityCheck runs PRAGMA pragma (integrity_check or quick_check, with
// its argument if it has one, else a limit of 20 messages) and, if full,
// the foreign-key check and the full-text index's own check.
func (s *Store) integrityCheck(ctx context.Context, pragma string, full bool) error {
	if !strings.Contains(pragma, "(") {
		pragma += "(20)"
	}
	rows, err := s.db.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return fmt.Errorf("%w: %w", ErrDamaged, err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("%w: integrity check: %v", ErrDamaged, msgs)
	}
	if !full {
		return nil
	}
	if err := s.searchIndexCheck(ctx); err != nil {
		return fmt.Errorf("%w: search index: %w", ErrDamaged, err)
	}
	var table string
	err = s.db.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("%w: foreign key check: %w", ErrDamaged, err)
	default:
		return fmt.Errorf("%w: broken reference in table %s", ErrDamaged, table)
	}
}

// searchIndexCheck runs the full-text index's own check, which
// re-tokenizes the indexed text. It is an INSERT that changes nothing:
// not a change for the journal.
func (s *Store) searchIndexCheck(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The connection is held: no other commit can happen meanwhile.
	s.capture.mu.Lock()
	s.capture.ignore = true
	s.capture.mu.Unlock()
	defer func() {
		s.capture.mu.Lock()
		s.capture.ignore = false
		s.capture.mu.Unlock()
	}()
	_, err = conn.ExecContext(ctx, "INSERT INTO search(search, rank) VALUES ('integrity-check', 1)")
	return err
}

// Tx is a write transaction. Its repositories work inside the
// transaction; see [Store.InTx].
type Tx struct {
	s  *Store
	tx *txn
}

// InTx runs fn in one write transaction, committed if fn returns nil and
// rolled back otherwise. Use it for bulk inserts and for changes that must
// happen together. Do not use the Store's own repositories inside fn: the
// single connection is held by the transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.writeTx(ctx, true, func(tx *txn) error { return fn(&Tx{s: s, tx: tx}) })
}

// write runs fn in a transaction and counts the commit in Changes.
func (s *Store) write(ctx context.Context, fn func(tx *txn) error) error {
	return s.writeTx(ctx, false, fn)
}

// writeTx is write with an optional prepared-statement cache, which pays
// off for transactions that repeat the same statements (bulk inserts).
func (s *Store) writeTx(ctx context.Context, cache bool, fn func(tx *txn) error) error {
	if s.isClosed() {
		return ErrClosed
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("failed to begin transaction: %w", err)
	}
	t := &txn{Tx: tx}
	if cache {
		t.stmts = map[string]*sql.Stmt{}
	}
	// The transaction holds the only connection: until it ends, every
	// commit is this one.
	s.capture.mu.Lock()
	s.capture.current = t
	s.capture.mu.Unlock()
	defer func() {
		s.capture.mu.Lock()
		s.capture.current = nil
		s.capture.mu.Unlock()
	}()
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		// The commit hook may have taken the text of a transaction
		// that did not commit after all: only a full save is right.
		s.markUncaptured()
		return fmt.Errorf("failed to commit: %w", err)
	}
	s.changes.Add(1)
	return nil
}

// txn is a transaction that may cache its prepared statements. The
// statements are closed by database/sql when the transaction ends.
type txn struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
	// log is the SQL of the writes so far (see capture.go); logErr a
	// write that could not be rendered. opaque marks a transaction
	// whose writes bypass the capture (schema migrations).
	log    []byte
	logErr error
	opaque bool
}

func (t *txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

// ExecContext executes query, through the statement cache if enabled.
func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	var err error
	if t.stmts == nil {
		res, err = t.Tx.ExecContext(ctx, query, args...)
	} else {
		var st *sql.Stmt
		if st, err = t.stmt(ctx, query); err == nil {
			res, err = st.ExecContext(ctx, args...)
		}
	}
	if err == nil {
		t.record(query, args)
	}
	return res, err
}

// QueryContext runs query, through the statement cache if enabled.
func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if isWrite(query) {
		// A write with RETURNING. Recorded before it runs: an error
		// shows only when the rows are read, and fails the
		// transaction then.
		t.record(query, args)
	}
	if t.stmts == nil {
		return t.Tx.QueryContext(ctx, query, args...)
	}
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query, through the statement cache if enabled.
func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if isWrite(query) {
		t.record(query, args)
	}
	if t.stmts == nil {
		return t.Tx.QueryRowContext(ctx, query, args...)
	}
	st, err := t.stmt(ctx, query)
	if err != nil {
		// Let the error surface from Scan.
		return t.Tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// querier is implemented by *sql.DB and *txn.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// repo is the common part of all repositories: bound either to the store
// (each write in its own transaction) or to a [Tx].
type repo struct {
	s  *Store
	tx *txn
}

func (r repo) q() querier {
	if r.tx != nil {
		return r.tx
	}
	return r.s.db
}

func (r repo) write(ctx context.Context, fn func(tx *txn) error) error {
	if r.tx != nil {
		return fn(r.tx)
	}
	return r.s.write(ctx, fn)
}

func (r repo) now() time.Time { return r.s.now().UTC().Truncate(time.Millisecond) }

// ms converts an instant to the stored form: Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// nullMS stores the zero time as NULL.
func nullMS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
