package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// ErrCheckFailed means the full integrity check that runs after unlocking
// ([Session.CheckInBackground]) found the database damaged. It wraps a
// [*vault.DamagedError] for the data file that was loaded. From then on
// the session saves nothing, so the files on disk stay as they were when
// the vault was unlocked (data.age.prev keeps the state before them).
var ErrCheckFailed = errors.New("the integrity check after unlocking failed")

// checkState is the background integrity check of a session.
type checkState struct {
	// cancel stops the check; done is closed when it has ended. Both
	// are nil until it is started.
	cancel context.CancelFunc
	done   chan struct{}
	// err is set (under Session.mu) when the check found damage.
	err error
}

// CheckInBackground starts SQLite's full integrity check (and the search
// index's and foreign keys' checks) on the unlocked database, in the
// background. Unlocking runs only the quick check: the data was
// authenticated by age before SQLite saw it, and the full check, which
// guards against Safehouse's own bugs, costs as much as the rest of an
// unlock. A failure is reported like a failed save: the state becomes
// [Failed] with an error wrapping [ErrCheckFailed], and every later save
// returns it. Calling it again, or on a closed session, does nothing.
// [Session.Close] stops a check still running.
func (s *Session) CheckInBackground() {
	s.mu.Lock()
	if s.closed || s.check.done != nil {
		s.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.check.cancel, s.check.done = cancel, done
	file := vault.DataFile
	if s.vault.FromPrevious() {
		file = vault.PrevFile
	}
	s.mu.Unlock()
	go func() {
		defer close(done)
		err := s.store.IntegrityCheckContext(ctx)
		if err == nil || ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		closed := s.closed // under it: the error is the closed database's
		if !closed {
			s.check.err = fmt.Errorf("%w: %w", ErrCheckFailed, &vault.DamagedError{File: file, Err: err})
		}
		s.mu.Unlock()
		if !closed {
			s.notify()
		}
	}()
}

// stopCheck stops the background check, if one runs, and waits for it.
func (s *Session) stopCheck() {
	s.mu.Lock()
	cancel, done := s.check.cancel, s.check.done
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// OpenPrevious ends s without saving anything and loads the vault's
// previous generation (data.age.prev) with the same unlocked vault, so
// the passphrase is not asked again. It is the way out after the
// background check found the loaded state damaged ([ErrCheckFailed]);
// the first save of the returned session sets the damaged data.age aside
// as data.age.damaged, as after choosing the earlier copy when unlocking.
// s is closed whatever happens; on error the vault is closed too.
func (s *Session) OpenPrevious() (*Session, error) {
	s.stopCheck()
	s.saveMu.Lock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.saveMu.Unlock()
		return nil, vault.ErrClosed
	}
	s.closed = true
	s.listeners = nil
	s.mu.Unlock()
	s.store.Close()
	s.saveMu.Unlock()
	next, err := Load(s.vault, vault.Previous)
	if err != nil {
		s.vault.Close()
		return nil, err
	}
	return next, nil
}

// WaitCheck waits for the background check started by
// [Session.CheckInBackground] to end (at once if none was started) and
// returns what it found: nil, or an error wrapping [ErrCheckFailed].
func (s *Session) WaitCheck() error {
	s.mu.Lock()
	done := s.check.done
	s.mu.Unlock()
	if done != nil {
		<-done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.check.err
}
