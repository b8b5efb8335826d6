package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// CreatePrivateFile makes a new file at path that only the user can read
// (mode 0600 from its creation, never widened afterwards) and opens it for
// writing. It is for exports chosen in a save dialog, which has already
// created (or truncated) the file with the default, world-readable mode:
// that empty file, or a symbolic link in its place, is removed first and
// a new one is created exclusively, so nothing written can be read
// through a descriptor opened on the old file, and no link is followed.
func CreatePrivateFile(path string) (*os.File, error) {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case st.Mode().IsRegular() && st.Size() == 0, st.Mode()&fs.ModeSymlink != 0:
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	// The umask can only take permissions away; make sure of 0600.
	if err := f.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	return f, nil
}
