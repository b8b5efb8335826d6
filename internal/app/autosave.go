package app

import (
	"sync"
	"time"
)

// Autosaver saves a session as soon as it changes: each change announced
// with [Session.Changed] wakes it at once, and a periodic tick catches
// anything else (and retries). A save appends one journal record, a few
// milliseconds even for a large vault, so there is no reason to wait for
// a quiet moment: "Saved ✓" appears when the edit really is on disk.
// Edits made while a save runs are saved together right after it.
// After a failure it retries every [Autosaver.RetryAfter] (the user can
// always retry at once with [Session.Save]).
//
// The decision logic lives in [Autosaver.Tick], which takes the current
// time, so tests drive it with a fake clock instead of sleeping.
type Autosaver struct {
	RetryAfter time.Duration

	s        *Session
	kick     chan struct{}
	mu       sync.Mutex
	lastSeen uint64
	lastFail time.Time
}

// NewAutosaver returns an autosaver for s with the default timings.
func NewAutosaver(s *Session) *Autosaver {
	a := &Autosaver{
		RetryAfter: 10 * time.Second,
		s:          s,
		kick:       make(chan struct{}, 1),
		lastSeen:   s.store.Changes(),
	}
	s.OnSaveState(func(st SaveState) {
		if st.Status == Unsaved {
			a.Kick()
		}
	})
	return a
}

// Kick asks the running autosaver (see [Autosaver.Start]) to look at the
// session now instead of at its next tick. It never blocks.
func (a *Autosaver) Kick() {
	select {
	case a.kick <- struct{}{}:
	default: // a look is already due
	}
}

// Tick looks at the session at time now and saves if there is anything
// unsaved. It returns the save error, if a save was attempted and failed.
func (a *Autosaver) Tick(now time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.s.isClosed() {
		return nil
	}
	st := a.s.State()
	if c := a.s.store.Changes(); c != a.lastSeen {
		a.lastSeen = c
		if st.Status == Unsaved {
			// Writes that did not call Session.Changed still show
			// as "not saved yet" before the save starts.
			a.s.notify()
		}
	}
	switch st.Status {
	case Saved, Saving:
		return nil
	case Failed:
		if now.Sub(a.lastFail) < a.RetryAfter {
			return nil
		}
	}
	if err := a.s.Save(); err != nil {
		a.lastFail = now
		return err
	}
	return nil
}

// Start runs Tick whenever the session changes (see [Autosaver.Kick]) and
// every interval, on its own goroutine, until the returned stop function
// is called.
func (a *Autosaver) Start(interval time.Duration) (stop func()) {
	t := time.NewTicker(interval)
	done := make(chan struct{})
	var once sync.Once
	go func() {
		for {
			select {
			case now := <-t.C:
				a.Tick(now)
			case <-a.kick:
				a.Tick(time.Now())
			case <-done:
				return
			}
		}
	}()
	return func() {
		once.Do(func() {
			t.Stop()
			close(done)
		})
	}
}
