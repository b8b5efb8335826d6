package cli

import (
	"errors"
	"os"
)

// writeNewFile writes data to a new file with mode perm (0600 for
// anything holding vault data). An existing file is never replaced (the
// error then wraps fs.ErrExist), the data is synced before the file is
// closed, and a failed write leaves no file behind.
func writeNewFile(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	// The umask may have taken permissions away, never added any; set
	// them exactly so a 0600 file is never readable by others.
	err = f.Chmod(perm)
	if errors.Is(err, errors.ErrUnsupported) {
		err = nil
	}
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
