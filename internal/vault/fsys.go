package vault

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// file is the part of *os.File the save sequence uses.
type file interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

// fileSystem is the seam through which every write goes, so tests can inject
// faults (full disk, permission denied, read-only file system) at any step.
type fileSystem interface {
	CreateTemp(dir, pattern string) (file, error)
	// OpenFile opens an existing file for [Wipe] to overwrite in place.
	OpenFile(name string, flag int, perm os.FileMode) (file, error)
	Rename(oldpath, newpath string) error
	Link(oldname, newname string) error
	Remove(name string) error
	SyncDir(dir string) error
}

// osFS is the real file system.
type osFS struct{}

func (osFS) CreateTemp(dir, pattern string) (file, error) { return os.CreateTemp(dir, pattern) }
func (osFS) OpenFile(name string, flag int, perm os.FileMode) (file, error) {
	return os.OpenFile(name, flag, perm)
}
func (osFS) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
func (osFS) Link(oldname, newname string) error   { return os.Link(oldname, newname) }
func (osFS) Remove(name string) error             { return os.Remove(name) }

func (osFS) SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		// Windows cannot open a directory for syncing; NTFS journals
		// renames itself.
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// tempPrefix starts the name of every temporary file the vault writes. Stale
// ones (left by a crash) are removed when the vault is next opened; they are
// encrypted like everything else.
const tempPrefix = ".safehouse-tmp-"

// removeStaleTemps deletes temporary files left behind by a crashed save.
// A replaced file kept for destruction ("old-", see replaceDestroying) is
// overwritten first, unless it still shares its contents with a live
// file (the crash came before the replacement). It must only run while
// the vault lock is held.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tempPrefix) || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), tempPrefix+"old-") {
			if st, err := os.Lstat(path); err == nil && singleLink(st) {
				(&Vault{dir: dir, fs: osFS{}}).wipeFile(e.Name())
				continue
			}
		}
		os.Remove(path)
	}
}

// randomSuffix returns a short random hex string for temporary file names.
func randomSuffix() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
