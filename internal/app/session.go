// Package app holds the use cases shared by Safehouse's two faces, the
// desktop app and the command line: creating and unlocking a vault, saving
// (now or automatically), locking, and turning errors into messages a
// person can act on. It knows neither Fyne nor SQL.
package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// BuiltinTutorials returns the tutorials shipped in the binary, parsed
// once for the whole program. Callers must not change them.
var BuiltinTutorials = sync.OnceValues(func() ([]*tutorial.Document, error) {
	return tutorial.LoadBuiltin(assets.Tutorials)
})

// syncBuiltins brings the vault's built-in tutorials up to date. A problem
// with a shipped tutorial (caught by the content tests before release)
// must never stop anyone from opening their vault, so errors are dropped:
// the vault simply keeps the tutorials it has.
func syncBuiltins(st *store.Store) {
	docs, _ := BuiltinTutorials()
	if len(docs) > 0 {
		SyncBuiltinTutorials(context.Background(), st, docs)
	}
}

// Session is an unlocked vault: the encrypted files on disk plus the
// in-memory database. Use [Session.Store] for reads and writes, then
// [Session.Save] (or an [Autosaver]) to make them durable.
type Session struct {
	vault *vault.Vault
	store *store.Store

	// saveMu serializes saves; mu guards the fields below.
	saveMu    sync.Mutex
	mu        sync.Mutex
	saved     uint64 // store.Changes() at the last successful save
	lastErr   error
	saving    bool
	listeners []func(SaveState)
	closed    bool
	// wantFull asks the next save to write the whole database and empty
	// the journal (set after imports).
	wantFull bool
	// check is the integrity check run after unlocking (see check.go).
	check checkState

	// rollback is what the vault reported when the data was loaded.
	rollback *vault.Rollback
	// decoy is set on the decoy's session opened for review (see
	// [Session.OpenDecoy]).
	decoy bool
}

// Create makes a new, empty vault in dir protected by passphrase and
// returns it unlocked.
func Create(dir string, passphrase []byte) (*Session, error) {
	st, err := store.New()
	if err != nil {
		return nil, err
	}
	syncBuiltins(st)
	// The sharing identity (separate from the vault's data key) is made
	// with the vault, so the user's contact card exists from the start.
	if _, _, err := ensureIdentity(context.Background(), st); err != nil {
		st.Close()
		return nil, err
	}
	img, pend, err := st.SerializeForSave()
	if err != nil {
		st.Close()
		return nil, err
	}
	v, err := vault.Create(dir, passphrase, img)
	clear(img)
	if err != nil {
		st.Close()
		return nil, err
	}
	st.Saved(pend)
	return &Session{vault: v, store: st, saved: st.Changes()}, nil
}

// Unlock opens the vault in dir with passphrase and loads the chosen
// generation. A data file that fails to decrypt or whose database fails
// its integrity check is reported as a [*vault.DamagedError], so the caller
// can offer [vault.Previous].
func Unlock(dir string, passphrase []byte, gen vault.Generation) (*Session, error) {
	v, err := vault.Open(dir, passphrase)
	if err != nil {
		return nil, err
	}
	s, err := Load(v, gen)
	if err != nil {
		v.Close()
		return nil, err
	}
	return s, nil
}

// Load loads a generation from an already opened vault. On error the vault
// stays open, so another generation can be tried without asking for the
// passphrase again.
func Load(v *vault.Vault, gen vault.Generation) (*Session, error) {
	img, err := v.Load(gen)
	if err != nil {
		return nil, err
	}
	// The journal's records, replayed on data.age, give the last saved
	// state.
	st, err := store.LoadJournal(img, v.Journal())
	clear(img)
	if err != nil {
		if errors.Is(err, store.ErrDamaged) {
			name := vault.DataFile
			if gen == vault.Previous {
				name = vault.PrevFile
			}
			return nil, &vault.DamagedError{File: name, Err: err}
		}
		return nil, err
	}
	// Newer built-in tutorials shipped with this version are added to the
	// vault; the session starts dirty then, so the autosaver keeps them.
	s := &Session{vault: v, store: st, saved: st.Changes(), rollback: v.Rollback()}
	syncBuiltins(st)
	return s, nil
}

// Store returns the in-memory database.
func (s *Session) Store() *store.Store { return s.store }

// Vault returns the encrypted container.
func (s *Session) Vault() *vault.Vault { return s.vault }

// Dir returns the vault folder.
func (s *Session) Dir() string { return s.vault.Dir() }

// Dirty reports whether there are changes not yet saved to disk.
func (s *Session) Dirty() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.closed && s.store.Changes() != s.saved
}

// SaveStatus is where the latest changes are.
type SaveStatus int

const (
	// Saved means every change is on disk.
	Saved SaveStatus = iota
	// Unsaved means there are changes that will be saved shortly.
	Unsaved
	// Saving means a save is in progress.
	Saving
	// Failed means the last save failed; State.Err says why. The changes
	// are still in memory.
	Failed
)

// SaveState is reported to listeners whenever the save status changes.
type SaveState struct {
	Status SaveStatus
	Err    error
}

// State returns the current save state.
func (s *Session) State() SaveState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stateLocked()
}

func (s *Session) stateLocked() SaveState {
	switch {
	case s.check.err != nil:
		return SaveState{Status: Failed, Err: s.check.err}
	case s.saving:
		return SaveState{Status: Saving}
	case s.lastErr != nil:
		return SaveState{Status: Failed, Err: s.lastErr}
	case !s.closed && s.store.Changes() != s.saved:
		return SaveState{Status: Unsaved}
	default:
		return SaveState{Status: Saved}
	}
}

// OnSaveState registers fn to be called (from any goroutine) whenever the
// save state changes.
func (s *Session) OnSaveState(fn func(SaveState)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, fn)
}

// Changed tells listeners that the database changed; call it after a write
// so the save indicator can show "not saved yet" at once.
func (s *Session) Changed() { s.notify() }

func (s *Session) notify() {
	s.mu.Lock()
	st := s.stateLocked()
	ls := append([]func(SaveState){}, s.listeners...)
	s.mu.Unlock()
	for _, fn := range ls {
		fn(st)
	}
}

// Save writes the changes made since the last save to disk, if any: as
// one record appended to the vault's journal, or, when the journal is due
// for compaction or the changes could not be captured, as a whole new
// data.age. On failure the changes stay in memory and marked unsaved; a
// later Save can succeed.
func (s *Session) Save() error { return s.save(false) }

// SaveNow writes the whole database to disk even if nothing changed, and
// empties the journal. After unlocking [vault.Previous] this makes the
// previous generation the current one (the damaged file is set aside).
func (s *Session) SaveNow() error { return s.save(true) }

// Compact saves pending changes and, if the vault's journal holds
// records, writes the whole database as data.age and deletes them.
func (s *Session) Compact() error {
	if s.isClosed() {
		return vault.ErrClosed
	}
	if s.vault.JournalLen() == 0 {
		return s.save(false)
	}
	return s.save(true)
}

// compactNext makes the next save a full one (after bulk changes such as
// imports, where one large record would outweigh the whole file).
func (s *Session) compactNext() {
	s.mu.Lock()
	s.wantFull = true
	s.mu.Unlock()
}

func (s *Session) save(force bool) error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return vault.ErrClosed
	}
	if err := s.check.err; err != nil {
		// Damage found after unlocking: keep the files on disk as
		// they are.
		s.mu.Unlock()
		return fmt.Errorf("failed to save: %w", err)
	}
	changes := s.store.Changes()
	if changes == s.saved && s.lastErr == nil && !force {
		s.mu.Unlock()
		return nil
	}
	full := force || s.wantFull
	s.saving = true
	s.mu.Unlock()
	s.notify()

	err := s.write(full)

	s.mu.Lock()
	s.saving = false
	if err != nil {
		s.lastErr = err
	} else {
		s.lastErr = nil
		s.saved = changes
		if full {
			s.wantFull = false
		}
	}
	s.mu.Unlock()
	s.notify()
	if err != nil {
		return fmt.Errorf("failed to save: %w", err)
	}
	if !full && s.vault.NeedsCompaction() {
		// The save is done and reported; the journal has grown enough
		// to be folded into data.age. A failure only leaves the
		// journal as it is, to be compacted later.
		s.writeFull()
	}
	return nil
}

// write puts the changes since the last save on disk: appended to the
// journal, or in a whole new data.age when full is set or the vault needs
// one. s.saveMu must be held.
func (s *Session) write(full bool) error {
	if !full {
		p := s.store.PendingChanges()
		if p.Empty {
			return nil
		}
		if !p.Full {
			err := s.vault.Append(p.SQL)
			if err == nil {
				s.store.Saved(p)
				return nil
			}
			if !errors.Is(err, vault.ErrCompact) {
				return err
			}
		}
	}
	return s.writeFull()
}

// writeFull writes the whole database as data.age, which empties the
// journal. s.saveMu must be held.
func (s *Session) writeFull() error {
	img, p, err := s.store.SerializeForSave()
	if err != nil {
		return err
	}
	err = s.vault.Save(img)
	clear(img)
	if err == nil {
		s.store.Saved(p)
	}
	return err
}

// ChangePassphrase makes newPass the passphrase after checking oldPass,
// and replaces the data key (see [vault.Vault.ChangePassphrase]): the old
// passphrase, old copies of key.age and the old recovery key stop opening
// the vault, and [Session.RecoveryKey] returns the new key, which the user
// must write down again. Pending changes are saved first, so what is
// re-encrypted is the latest state; if that save fails nothing is
// changed and its error is returned.
func (s *Session) ChangePassphrase(oldPass, newPass []byte) error {
	// A full save: the journal's records are encrypted to the key being
	// replaced.
	if err := s.save(s.vault.FromPrevious() || s.vault.JournalLen() > 0); err != nil {
		return err
	}
	return s.vault.ChangePassphrase(oldPass, newPass)
}

// RecoveryKey returns the vault's data key for a paper backup.
func (s *Session) RecoveryKey() (string, error) { return s.vault.RecoveryKey() }

// Rollback reports that the data file this session was loaded from is
// older than one this computer has seen of the vault (see
// [vault.Vault.Rollback]), or nil. It says what was found at unlock and
// does not change for the life of the session (the first save moves the
// vault past every generation seen, so the next unlock is quiet).
func (s *Session) Rollback() *vault.Rollback { return s.rollback }

// Lock saves pending changes, compacts the journal and closes the session.
// If the save fails the session stays open and the error is returned, so
// nothing is lost; use [Session.Close] to discard unsaved changes
// deliberately.
func (s *Session) Lock() error {
	if err := s.saveForClose(); err != nil {
		return err
	}
	return s.Close()
}

// saveForClose saves before the session ends. Pending changes and the
// journal's records go into one full save (appending a record only to
// fold it into data.age at Close would write twice); if that full save
// fails (a full disk has room for a record, not for a whole data.age),
// the changes are appended to the journal instead, so nothing is lost.
func (s *Session) saveForClose() error {
	if s.isClosed() {
		return vault.ErrClosed
	}
	if s.Dirty() || s.vault.JournalLen() > 0 {
		if err := s.save(true); err == nil {
			return nil
		}
	}
	return s.Save()
}

// Close drops the database and the data key without saving unsaved
// changes. When everything is saved, it first compacts the journal (best
// effort), so a closed vault normally holds none. It is idempotent.
func (s *Session) Close() error {
	s.stopCheck()
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	if s.store.Changes() == s.saved && s.lastErr == nil && s.check.err == nil && s.vault.JournalLen() > 0 {
		s.mu.Unlock()
		s.writeFull()
		s.mu.Lock()
	}
	s.closed = true
	s.listeners = nil
	s.mu.Unlock()
	err := s.store.Close()
	if verr := s.vault.Close(); err == nil {
		err = verr
	}
	return err
}

func (s *Session) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}
