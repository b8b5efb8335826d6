package store

import (
	"context"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// Change capture for the vault's journal.
//
// Every write transaction of the store goes through writeTx and its txn,
// whose ExecContext, QueryContext and QueryRowContext record each write
// statement with its arguments rendered as SQL literals. When the
// transaction commits, SQLite's commit hook moves that text to the
// store's pending changes; a save takes them ([Store.PendingChanges]) and,
// once they are on disk, drops them ([Store.Saved]). Replaying the text
// on the last saved image — in this process at unlock, or with the
// sqlite3 command line tool when recovering — re-runs the very statements
// in the same order on the same data, so it produces the same rows, the
// same search index and the same row ids: the store's writes use no
// non-deterministic SQL (times and IDs are chosen in Go and bound as
// arguments).
//
// The commit hook also catches what escapes the capture: a commit that
// happens outside writeTx (VACUUM, a statement run on the bare
// connection), or in a transaction marked opaque (schema migrations). Any
// of those makes the pending text insufficient, and the next save must
// write the whole image ([Pending.Full]).

// capture is the store's record of committed changes not yet saved.
type capture struct {
	mu sync.Mutex
	// pending holds the SQL of the committed transactions not yet
	// saved; base is the offset of its first byte in all the text ever
	// captured.
	pending []byte
	base    uint64
	// seq counts commits; uncaptured is the seq of the latest commit
	// whose changes are not in pending, saved the seq covered by the
	// latest successful save.
	seq, uncaptured, saved uint64
	// current is the write transaction in progress (only one can be:
	// the store has a single connection).
	current *txn
	// ignore is set while a statement that changes nothing is run on
	// the bare connection (the search index's integrity check).
	ignore bool
}

// onCommit is SQLite's commit hook. It runs inside COMMIT on the
// goroutine holding the connection and must not use it.
func (s *Store) onCommit() int32 {
	c := &s.capture
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current == nil && c.ignore {
		return 0
	}
	c.seq++
	switch {
	case c.current != nil && !c.current.opaque && c.current.logErr == nil &&
		len(c.pending)+len(c.current.log) <= maxPending:
		// One transaction per transaction, as it happened: the
		// search index flushes at each commit, so the same
		// boundaries give the same index, byte for byte.
		c.pending = append(c.pending, "BEGIN;\n"...)
		c.pending = append(c.pending, c.current.log...)
		c.pending = append(c.pending, "COMMIT;\n"...)
		c.current.log = nil
	default:
		c.uncaptured = c.seq
		// The text so far is useless: the next save writes the image.
		c.base += uint64(len(c.pending))
		c.pending = nil
	}
	return 0
}

// maxPending bounds the captured text: past it (a bulk import, say) a
// full save costs less than a record, and the text is dropped.
const maxPending = 8 << 20

// commitHooker is the driver connection's commit hook registration.
type commitHooker interface {
	RegisterCommitHook(sqlite.CommitHookFn)
}

// hookCommits registers onCommit on the store's connection.
func (s *Store) hookCommits() error {
	conn, err := s.db.Conn(context.Background())
	if err != nil {
		return fmt.Errorf("failed to get connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		h, ok := dc.(commitHooker)
		if !ok {
			return fmt.Errorf("driver connection %T has no commit hook", dc)
		}
		h.RegisterCommitHook(s.onCommit)
		return nil
	})
}

// resetCapture forgets every change so far: the database now equals what
// is on disk (just loaded, or just created and saved in full).
func (s *Store) resetCapture() {
	c := &s.capture
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base += uint64(len(c.pending))
	c.pending = nil
	c.uncaptured, c.saved = 0, c.seq
}

// markUncaptured makes the next save a full one.
func (s *Store) markUncaptured() {
	c := &s.capture
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	c.uncaptured = c.seq
}

// Pending is the changes a save takes from the store.
type Pending struct {
	// SQL is a script that turns the last saved state into this one
	// (empty when nothing was captured): it switches foreign keys on and
	// runs the captured transactions as they were committed. sqlite3
	// replays it.
	SQL []byte
	// Full is set when SQL is not enough (something was changed outside
	// the capture) and the whole image must be saved.
	Full bool
	// Empty is set when there is nothing to save.
	Empty bool

	mark, seq uint64
}

// scriptHead starts every script: the store enforces foreign keys (with
// cascading deletes), sqlite3 does not unless told.
const scriptHead = "PRAGMA foreign_keys=ON;\n"

// PendingChanges returns the changes committed since the last save, as
// an SQL script to append to the vault's journal. After writing them,
// call [Store.Saved].
func (s *Store) PendingChanges() Pending {
	c := &s.capture
	c.mu.Lock()
	defer c.mu.Unlock()
	p := Pending{
		Full:  c.uncaptured > c.saved,
		Empty: c.seq == c.saved,
		mark:  c.base + uint64(len(c.pending)),
		seq:   c.seq,
	}
	if len(c.pending) > 0 {
		p.SQL = make([]byte, 0, len(scriptHead)+len(c.pending))
		p.SQL = append(p.SQL, scriptHead...)
		p.SQL = append(p.SQL, c.pending...)
	}
	return p
}

// SerializeForSave returns the image for a full save and the changes it
// covers, taken at the same instant: hand the latter to [Store.Saved]
// once the image is on disk.
func (s *Store) SerializeForSave() ([]byte, Pending, error) {
	if s.isClosed() {
		return nil, Pending{}, ErrClosed
	}
	var out []byte
	var p Pending
	err := s.raw(func(ser serializer) error {
		// The connection is held: no commit can happen until the
		// image is taken.
		c := &s.capture
		c.mu.Lock()
		p = Pending{Full: true, mark: c.base + uint64(len(c.pending)), seq: c.seq}
		c.mu.Unlock()
		b, err := ser.Serialize()
		out = b
		return err
	})
	if err != nil {
		return nil, Pending{}, fmt.Errorf("failed to serialize database: %w", err)
	}
	if n, err := ImageSize(out); err != nil || n != len(out) {
		return nil, Pending{}, fmt.Errorf("serialized image has inconsistent size %d (header %d): %w", len(out), n, err)
	}
	return out, p, nil
}

// Saved records that the changes p describes are on disk (appended to
// the journal, or inside a full image).
func (s *Store) Saved(p Pending) {
	c := &s.capture
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.mark > c.base {
		n := min(p.mark-c.base, uint64(len(c.pending)))
		c.pending = c.pending[n:]
		c.base += n
	}
	c.saved = max(c.saved, p.seq)
}

// ErrReplay means a journal record could not be applied to the image.
var ErrReplay = errors.New("journal record does not apply")

// replay runs the journal records on the freshly loaded image.
func (s *Store) replay(records [][]byte) error {
	ctx := context.Background()
	for i, r := range records {
		if len(r) == 0 {
			continue
		}
		if _, err := s.db.ExecContext(ctx, string(r)); err != nil {
			return fmt.Errorf("%w: %w: record %d: %w", ErrDamaged, ErrReplay, i+1, err)
		}
	}
	return nil
}

// record appends query with its arguments rendered as literals to the
// transaction's captured text. A failure to render is kept and fails the
// commit's capture (the save becomes a full one) rather than the write.
func (t *txn) record(query string, args []any) {
	if t.logErr != nil {
		return
	}
	if len(t.log) > maxPending {
		t.logErr = errors.New("too many changes for one journal record")
		t.log = nil
		return
	}
	sql, err := renderSQL(query, args)
	if err != nil {
		t.logErr = err
		return
	}
	t.log = append(t.log, sql...)
	t.log = append(t.log, ";\n"...)
}

// isWrite reports whether query (run through QueryContext) changes data:
// anything but a SELECT or VALUES, judged by its first keyword.
func isWrite(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	kw, _, _ := strings.Cut(q, " ")
	kw, _, _ = strings.Cut(kw, "\n")
	switch strings.ToUpper(strings.TrimSpace(kw)) {
	case "SELECT", "VALUES":
		return false
	}
	return true
}

// renderSQL replaces the parameters of query (? and ?NNN, outside
// literals, quoted names and comments) with args rendered as SQL
// literals exactly as the driver binds them.
func renderSQL(query string, args []any) (string, error) {
	var b strings.Builder
	b.Grow(len(query) + 16*len(args))
	next := 0 // index of the argument a bare ? takes (SQLite: largest so far + 1)
	for i := 0; i < len(query); {
		ch := query[i]
		switch {
		case ch == '\'' || ch == '"' || ch == '`' || ch == '[':
			end := byte(ch)
			if ch == '[' {
				end = ']'
			}
			j := i + 1
			for j < len(query) {
				if query[j] == end {
					if end != ']' && j+1 < len(query) && query[j+1] == end {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(query) {
				return "", fmt.Errorf("unterminated quote in %q", query)
			}
			b.WriteString(query[i : j+1])
			i = j + 1
		case ch == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteByte(' ') // a comment would swallow what follows on its line
			i += j
		case ch == '/' && i+1 < len(query) && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				return "", fmt.Errorf("unterminated comment in %q", query)
			}
			b.WriteByte(' ')
			i += j + 4
		case ch == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			idx := next
			if j > i+1 {
				n, err := strconv.Atoi(query[i+1 : j])
				if err != nil || n < 1 {
					return "", fmt.Errorf("bad parameter %q", query[i:j])
				}
				idx = n - 1
			}
			if idx >= len(args) {
				return "", fmt.Errorf("parameter %d of %d in %q", idx+1, len(args), query)
			}
			next = max(next, idx+1)
			if err := writeLiteral(&b, args[idx]); err != nil {
				return "", err
			}
			i = j
		case ch == ':' || ch == '@' || ch == '$':
			if i+1 < len(query) && (isIdentByte(query[i+1])) {
				return "", fmt.Errorf("named parameters are not captured: %q", query)
			}
			b.WriteByte(ch)
			i++
		default:
			b.WriteByte(ch)
			i++
		}
	}
	return b.String(), nil
}

func isIdentByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// writeLiteral writes v as an SQL literal of the type the driver binds it
// as: integers, booleans as 0/1, floats, text (as hex cast to text when
// it holds a NUL or is not UTF-8, which sqlite3 could not read back
// intact), blobs (nil is NULL, as the driver binds it) and NULL.
func writeLiteral(b *strings.Builder, v any) error {
	if val, ok := v.(driver.Valuer); ok {
		dv, err := val.Value()
		if err != nil {
			return err
		}
		v = dv
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("NULL")
	case int:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int8:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int16:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case uint8:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint16:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint32:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint:
		if uint64(x) > math.MaxInt64 {
			return fmt.Errorf("integer %d out of range", x)
		}
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint64:
		if x > math.MaxInt64 {
			return fmt.Errorf("integer %d out of range", x)
		}
		b.WriteString(strconv.FormatUint(x, 10))
	case bool:
		if x {
			b.WriteString("1")
		} else {
			b.WriteString("0")
		}
	case float32:
		return writeFloat(b, float64(x))
	case float64:
		return writeFloat(b, x)
	case string:
		if strings.IndexByte(x, 0) >= 0 || !utf8.ValidString(x) {
			b.WriteString("CAST(x'")
			b.WriteString(hex.EncodeToString([]byte(x)))
			b.WriteString("' AS TEXT)")
			return nil
		}
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(x, "'", "''"))
		b.WriteByte('\'')
	case []byte:
		if x == nil {
			b.WriteString("NULL")
			return nil
		}
		b.WriteString("x'")
		b.WriteString(hex.EncodeToString(x))
		b.WriteByte('\'')
	default:
		return fmt.Errorf("cannot capture an argument of type %T", v)
	}
	return nil
}

// writeFloat writes a finite float so that SQLite reads back the same
// double: the shortest decimal that round-trips, always with an exponent
// or a point so it is read as a real.
func writeFloat(b *strings.Builder, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("cannot capture the float %v", f)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	b.WriteString(s)
	return nil
}
