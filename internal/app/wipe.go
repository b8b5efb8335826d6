package app

import (
	"errors"
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

// ExplainWipe returns the one line that tells a person how a wipe ended:
// everything destroyed (and which files that were not Safehouse's were
// left in place), the key destroyed but some other files not, or the key
// itself not destroyed. err is what [vault.Wipe] or [Session.Destroy]
// returned with rep.
func ExplainWipe(rep vault.WipeReport, err error) Message {
	var we *vault.WipeError
	switch {
	case err == nil && len(rep.Left) > 0:
		return Message{ID: "wipe.done_left", Args: map[string]any{"Files": strings.Join(rep.Left, ", ")}}
	case err == nil:
		return Message{ID: "wipe.done"}
	case errors.As(err, &we) && !rep.KeyGone():
		return Message{ID: "wipe.key_failed", Args: map[string]any{"Dir": rep.Dir}}
	case errors.As(err, &we):
		var names []string
		for _, f := range we.Failed {
			names = append(names, f.Name)
		}
		return Message{ID: "wipe.partial", Args: map[string]any{"Files": strings.Join(names, ", ")}}
	}
	return Explain(err)
}

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
