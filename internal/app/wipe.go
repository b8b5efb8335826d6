package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// VaultName is the name a person types to confirm destroying the vault in
// dir. Safehouse has no separate vault name: it is the base name of the
// vault folder ("vault" for the default location).
func VaultName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(filepath.Clean(dir))
}

// Destroy drops the in-memory database and the data key without saving,
// then wipes the vault folder with the lock this session holds (see
// [vault.Wipe]): key.age first, then the data files, the previous
// generation, temporary files and the lock file. The session is closed
// afterwards whatever the outcome; the report says what was destroyed.
// A session that is already closed returns [vault.ErrClosed] and wipes
// nothing.
func (s *Session) Destroy() (vault.WipeReport, error) {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return vault.WipeReport{Dir: s.vault.Dir()}, vault.ErrClosed
	}
	s.closed = true
	s.listeners = nil
	s.lastErr = nil
	s.mu.Unlock()
	s.store.Close()
	return s.vault.Wipe()
}

// WipeDone returns the line for a wipe that ended without error:
// everything destroyed, naming the files in the folder that were not
// Safehouse's and were left in place. rep is what [vault.Wipe] or
// [Session.Destroy] returned.
func WipeDone(rep vault.WipeReport) Message {
	if len(rep.Left) > 0 {
		return Message{ID: "wipe.done_left", Args: map[string]any{"Files": strings.Join(rep.Left, ", ")}}
	}
	return Message{ID: "wipe.done"}
}

// WipeFailure wraps the error err that [vault.Wipe] or [Session.Destroy]
// returned with rep, so that [Explain] can say whether the key itself was
// destroyed and which files were not. nil stays nil.
func WipeFailure(rep vault.WipeReport, err error) error {
	if err == nil {
		return nil
	}
	return &wipeFailure{rep: rep, err: err}
}

type wipeFailure struct {
	rep vault.WipeReport
	err error
}

func (e *wipeFailure) Error() string { return e.err.Error() }
func (e *wipeFailure) Unwrap() error { return e.err }

// HasProcessed reports whether the inbox folder inboxDir has a
// processed-files folder (see [ProcessedDir]) that a wipe could delete.
func HasProcessed(inboxDir string) bool {
	if inboxDir == "" {
		return false
	}
	st, err := os.Lstat(filepath.Join(inboxDir, ProcessedDir))
	return err == nil && st.IsDir()
}

// RemoveProcessed deletes the inbox's processed-files folder and
// everything in it, when the person destroying the vault asked for it.
// The files there are the bundles already imported (encrypted), but their
// presence shows that Safehouse was used. A missing folder is not an
// error.
func RemoveProcessed(inboxDir string) error {
	if !HasProcessed(inboxDir) {
		return nil
	}
	if err := os.RemoveAll(filepath.Join(inboxDir, ProcessedDir)); err != nil {
		return fmt.Errorf("failed to delete the processed inbox files: %w", err)
	}
	return nil
}
