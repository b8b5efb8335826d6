package app

import (
	"sync"
	"time"
)

// Autosaver saves a session shortly after it changes: once edits have been
// quiet for [Autosaver.Quiet], and at the latest [Autosaver.MaxDelay] after
// the first unsaved change, so an edit is on disk within about a second.
// After a failure it retries every [Autosaver.RetryAfter] (the user can
// always retry at once with [Session.Save]).
//
// The decision logic lives in [Autosaver.Tick], which takes the current
// time, so tests drive it with a fake clock instead of sleeping.
type Autosaver struct {
	Quiet      time.Duration
	MaxDelay   time.Duration
	RetryAfter time.Duration

	s          *Session
	mu         sync.Mutex
	lastSeen   uint64
	lastChange time.Time
	firstDirty time.Time
	lastFail   time.Time
}

// NewAutosaver returns an autosaver for s with the default timings.
func NewAutosaver(s *Session) *Autosaver {
	return &Autosaver{
		Quiet:      300 * time.Millisecond,
		MaxDelay:   800 * time.Millisecond,
		RetryAfter: 10 * time.Second,
		s:          s,
		lastSeen:   s.store.Changes(),
	}
}

// Tick looks at the session at time now and saves if it is time to. It
// returns the save error, if a save was attempted and failed.
func (a *Autosaver) Tick(now time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.s.isClosed() {
		return nil
	}
	st := a.s.State()
	if c := a.s.store.Changes(); c != a.lastSeen {
		a.lastSeen = c
		a.lastChange = now
		if a.firstDirty.IsZero() {
			a.firstDirty = now
		}
		if st.Status == Unsaved {
			a.s.notify()
		}
	}
	switch st.Status {
	case Saved, Saving:
		a.firstDirty = time.Time{}
		return nil
	case Failed:
		if now.Sub(a.lastFail) < a.RetryAfter {
			return nil
		}
	case Unsaved:
		if now.Sub(a.lastChange) < a.Quiet && now.Sub(a.firstDirty) < a.MaxDelay {
			return nil
		}
	}
	if err := a.s.Save(); err != nil {
		a.lastFail = now
		return err
	}
	a.firstDirty = time.Time{}
	return nil
}

// Start runs Tick every interval on its own goroutine until the returned
// stop function is called.
func (a *Autosaver) Start(interval time.Duration) (stop func()) {
	t := time.NewTicker(interval)
	done := make(chan struct{})
	var once sync.Once
	go func() {
		for {
			select {
			case now := <-t.C:
				a.Tick(now)
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
