package vault

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// WipedFile is what [Wipe] did to one vault file.
type WipedFile struct {
	// Name is the file's base name.
	Name string
	// Size is the file's size before the wipe.
	Size int64
	// Overwritten is true when the file's bytes were replaced with random
	// bytes and synced before it was deleted. Empty files count as
	// overwritten.
	Overwritten bool
	// Removed is true when the file's name is gone from the folder.
	Removed bool
	// Err is the first failure (overwrite, delete or folder sync), or nil.
	Err error
}

// WipeReport says what [Wipe] destroyed and what it could not.
type WipeReport struct {
	// Dir is the vault folder.
	Dir string
	// Files lists every vault file found, in the order they were wiped:
	// key.age first.
	Files []WipedFile
	// Left lists the names of entries in the folder that are not the
	// vault's; they were not touched.
	Left []string
	// DirRemoved is true when the folder was empty afterwards and was
	// removed.
	DirRemoved bool
}

// KeyGone reports whether no key.age is left in the folder: it was
// deleted, or there was none (a half-finished first run).
func (r *WipeReport) KeyGone() bool {
	for _, f := range r.Files {
		if f.Name == KeyFile {
			return f.Removed
		}
	}
	return true
}

// Failed returns the files that were not completely destroyed.
func (r *WipeReport) Failed() []WipedFile {
	var out []WipedFile
	for _, f := range r.Files {
		if f.Err != nil || !f.Removed {
			out = append(out, f)
		}
	}
	return out
}

// Destroyed returns the number of files that were overwritten and deleted.
func (r *WipeReport) Destroyed() int {
	n := 0
	for _, f := range r.Files {
		if f.Err == nil && f.Removed {
			n++
		}
	}
	return n
}

// WipeError is returned by [Wipe] when some vault files could not be
// completely destroyed. Every other file was still wiped; the report
// returned with it says which.
type WipeError struct {
	// Failed lists the files that were not completely destroyed.
	Failed []WipedFile
}

func (e *WipeError) Error() string {
	var parts []string
	for _, f := range e.Failed {
		parts = append(parts, fmt.Sprintf("%s: %v", f.Name, f.Err))
	}
	return "failed to destroy vault files: " + strings.Join(parts, "; ")
}

// Unwrap returns the underlying errors.
func (e *WipeError) Unwrap() []error {
	var errs []error
	for _, f := range e.Failed {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
	}
	return errs
}

// errNotRegular is recorded for a vault file name that is not a regular
// file (a symbolic link, a folder): its contents are not overwritten,
// only its name is removed.
var errNotRegular = errors.New("not a regular file; its contents were not overwritten")

// Wipe destroys the vault in dir without unlocking it: no passphrase is
// needed. It takes the vault lock and returns [ErrInUse] if another
// process (or another window of this one) holds it; use [Vault.Wipe] to
// wipe a vault this process has open. It returns [ErrNotFound] when dir
// holds no vault files.
//
// key.age is destroyed first: its bytes are overwritten with random bytes
// of the same length and synced, then it is deleted and the folder is
// synced. Without it the data files cannot be decrypted. Then the same is
// done to key.age.sha256, data.age, data.age.prev, data.age.damaged, any
// temporary files of the save sequence and finally vault.lock; if the
// folder is then empty it is removed. A failure at one step is recorded
// and the remaining steps still run. Files in the folder that are not the
// vault's are never touched; they are listed in [WipeReport.Left]. When
// some vault file could not be destroyed the error is a [*WipeError].
//
// Overwriting cannot reach copies the operating system or the disk keep
// elsewhere (flash wear levelling, journals, snapshots, backups); see
// docs/wipe.md.
func Wipe(dir string) (WipeReport, error) {
	return wipe(dir, osFS{})
}

func wipe(dir string, fsys fileSystem) (WipeReport, error) {
	if err := checkVaultDir(dir); err != nil {
		return WipeReport{Dir: dir}, err
	}
	v := &Vault{dir: dir, fs: fsys}
	if err := v.acquireLock(); err != nil {
		return WipeReport{Dir: dir}, err
	}
	return v.wipeLocked()
}

// WipeInUse destroys the vault in dir while another process holds its
// lock (the desktop app has it open): the same files as [Wipe], key.age
// first, except vault.lock, which stays with the process holding it. That
// process notices the key file is gone, drops its session without saving
// and wipes whatever is left with its lock (see the lock-file protocol in
// docs/wipe.md). It returns [ErrNotFound] or [ErrNotVault] as [Wipe] does
// and touches nothing then. Use it only after [Wipe] returned [ErrInUse].
func WipeInUse(dir string) (WipeReport, error) {
	if err := checkVaultDir(dir); err != nil {
		return WipeReport{Dir: dir}, err
	}
	v := &Vault{dir: dir, fs: osFS{}}
	rep := WipeReport{Dir: dir}
	for _, name := range wipeOrder(dir) {
		if f, ok := v.wipeFile(name); ok {
			rep.Files = append(rep.Files, f)
		}
	}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if !isVaultName(e.Name()) {
				rep.Left = append(rep.Left, e.Name())
			}
		}
	}
	if failed := rep.Failed(); len(failed) > 0 {
		return rep, &WipeError{Failed: failed}
	}
	return rep, nil
}

// Wipe closes the vault (dropping the data key) and destroys its files as
// [Wipe] does, using the lock this process already holds, and deletes this
// computer's generation record of it (see [SetSeenDir]). The vault cannot
// be used afterwards.
func (v *Vault) Wipe() (WipeReport, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.second {
		return WipeReport{Dir: v.dir}, errSecondSlot
	}
	if v.hasID {
		// This computer's generation record of the vault goes too.
		v.removeSeen(v.id)
	}
	v.forgetKey()
	if v.lock == nil {
		return WipeReport{Dir: v.dir}, ErrClosed
	}
	return v.wipeLocked()
}

// isVaultName reports whether name is a file the vault writes.
func isVaultName(name string) bool {
	switch name {
	case KeyFile, KeySumFile, DataFile, PrevFile, DamagedFile, LockFile, KeyFile2, DataFile2:
		return true
	}
	return strings.HasPrefix(name, tempPrefix) || isJournalName(name)
}

// hasVaultFiles reports whether dir holds any file a vault writes,
// including those of a first run that never finished.
func hasVaultFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if isVaultName(e.Name()) {
			return true
		}
	}
	return false
}

// ErrNotVault is returned by [Wipe], [WipeInUse] and [PlanWipe] when a
// folder holds files with vault names (a key.age, say) but none of
// Safehouse's own markers; nothing is touched.
var ErrNotVault = errors.New("not a Safehouse vault: none of its marker files is present")

// checkVaultDir returns nil when dir is a Safehouse vault that may be
// wiped, [ErrNotFound] when it holds no vault file name at all, and
// [ErrNotVault] otherwise.
func checkVaultDir(dir string) error {
	if !hasVaultFiles(dir) {
		return ErrNotFound
	}
	if !IsVaultDir(dir) {
		return ErrNotVault
	}
	return nil
}

// IsVaultDir reports whether dir carries the markers of a Safehouse vault,
// not merely a file named key.age. At least one of these must hold:
//
//   - vault.lock is an empty regular file (Safehouse creates it before
//     anything else, also in a first run that never finished);
//   - key.age.sha256 is exactly "<64 hex digits>  key.age\n";
//   - a temporary file of the save sequence (.safehouse-tmp-*) exists;
//   - key.age is an age file whose only stanza is scrypt AND data.age or
//     data.age.prev is an age file whose only stanza is the post-quantum
//     mlkem768x25519 recipient (a copied vault without its lock file).
//
// The rule is documented in docs/wipe.md.
func IsVaultDir(dir string) bool {
	if st, err := os.Lstat(filepath.Join(dir, LockFile)); err == nil && st.Mode().IsRegular() && st.Size() == 0 {
		return true
	}
	if b, err := readLimited(filepath.Join(dir, KeySumFile), 1024); err == nil && isKeySumLine(b) {
		return true
	}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), tempPrefix) {
				return true
			}
		}
	}
	if onlyStanza(filepath.Join(dir, KeyFile)) != "scrypt" {
		return false
	}
	return onlyStanza(filepath.Join(dir, DataFile)) == "mlkem768x25519" ||
		onlyStanza(filepath.Join(dir, PrevFile)) == "mlkem768x25519"
}

// isKeySumLine reports whether b is the line Safehouse writes to
// key.age.sha256.
func isKeySumLine(b []byte) bool {
	const suffix = "  " + KeyFile + "\n"
	if len(b) != 64+len(suffix) || string(b[64:]) != suffix {
		return false
	}
	for _, c := range b[:64] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// onlyStanza returns the type of the single recipient stanza of the age
// file at path, or "" when it is not an age file with exactly one stanza.
// Only the first 4 KiB are read.
func onlyStanza(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(f, buf)
	lines := strings.Split(string(buf[:n]), "\n")
	if len(lines) < 3 || lines[0] != "age-encryption.org/v1" {
		return ""
	}
	typ := ""
	for _, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, "---"):
			return typ
		case strings.HasPrefix(l, "-> "):
			if typ != "" {
				return "" // more than one stanza
			}
			if fields := strings.Fields(l[3:]); len(fields) > 0 {
				typ = fields[0]
			}
		}
	}
	return ""
}

// wipeOrder lists the names [Wipe] destroys, in order: the key first (once
// it is gone, the rest is unreadable), then the checksum, the data
// generations and the temporary files of the save sequence. The lock file
// comes last and is not listed.
func wipeOrder(dir string) []string {
	order := []string{KeyFile, KeyFile2, KeySumFile, DataFile, DataFile2, PrevFile, DamagedFile}
	if names, err := journalNames(dir); err == nil {
		order = append(order, names...)
	}
	if entries, err := os.ReadDir(dir); err == nil {
		var temps []string
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), tempPrefix) {
				temps = append(temps, e.Name())
			}
		}
		slices.Sort(temps)
		order = append(order, temps...)
	}
	return order
}

// PlanWipe lists what [Wipe] would destroy in dir, in the same order, with
// the files' sizes, and the entries it would leave alone; it changes
// nothing and takes no lock. It returns [ErrNotFound] when dir holds no
// vault files and [ErrNotVault] when it is not a Safehouse vault (see
// [IsVaultDir]).
func PlanWipe(dir string) (WipeReport, error) {
	rep := WipeReport{Dir: dir}
	if err := checkVaultDir(dir); err != nil {
		return rep, err
	}
	for _, name := range append(wipeOrder(dir), LockFile) {
		if st, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			rep.Files = append(rep.Files, WipedFile{Name: name, Size: st.Size()})
		}
	}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if !isVaultName(e.Name()) {
				rep.Left = append(rep.Left, e.Name())
			}
		}
	}
	return rep, nil
}

// wipeLocked destroys the vault files while v holds the lock, and releases
// the lock.
func (v *Vault) wipeLocked() (WipeReport, error) {
	rep := WipeReport{Dir: v.dir}
	for _, name := range wipeOrder(v.dir) {
		if f, ok := v.wipeFile(name); ok {
			rep.Files = append(rep.Files, f)
		}
	}
	rep.Files = append(rep.Files, v.wipeLockFile())

	entries, err := os.ReadDir(v.dir)
	if err == nil {
		for _, e := range entries {
			if !isVaultName(e.Name()) {
				rep.Left = append(rep.Left, e.Name())
			}
		}
		if len(entries) == 0 {
			if v.fs.Remove(v.dir) == nil {
				rep.DirRemoved = true
				v.fs.SyncDir(filepath.Dir(v.dir))
			}
		}
	}
	if failed := rep.Failed(); len(failed) > 0 {
		return rep, &WipeError{Failed: failed}
	}
	return rep, nil
}

// wipeFile overwrites, deletes and syncs one file of the vault folder. ok
// is false when there is no such file.
func (v *Vault) wipeFile(name string) (f WipedFile, ok bool) {
	path := filepath.Join(v.dir, name)
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, false
	}
	f.Name = name
	if err != nil {
		f.Err = fmt.Errorf("failed to inspect %s: %w", name, err)
		return f, true
	}
	f.Size = st.Size()
	if st.Mode().IsRegular() {
		if err := v.overwrite(path, st.Size()); err != nil {
			f.Err = err
		} else {
			f.Overwritten = true
		}
	} else {
		f.Err = errNotRegular
	}
	// Delete even when the overwrite failed: removing the name is what
	// matters most.
	if err := v.fs.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		if f.Err == nil {
			f.Err = saveErr("delete", err)
		}
		return f, true
	}
	f.Removed = true
	if err := v.fs.SyncDir(v.dir); err != nil && f.Err == nil {
		f.Err = saveErr("sync folder", err)
	}
	return f, true
}

// overwrite replaces the size bytes of the file at path with random bytes,
// in place, and syncs them to disk.
func (v *Vault) overwrite(path string, size int64) error {
	w, err := v.fs.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return saveErr("overwrite", err)
	}
	buf := make([]byte, min(size, 1<<20))
	for left := size; left > 0; {
		chunk := buf[:min(left, int64(len(buf)))]
		rand.Read(chunk)
		n, err := w.Write(chunk)
		if err == nil && n != len(chunk) {
			err = io.ErrShortWrite
		}
		if err != nil {
			w.Close()
			return saveErr("overwrite", err)
		}
		left -= int64(n)
	}
	if err := w.Sync(); err != nil {
		w.Close()
		return saveErr("sync", err)
	}
	if err := w.Close(); err != nil {
		return saveErr("close", err)
	}
	return nil
}

// wipeLockFile deletes vault.lock and releases the lock. The file is
// empty, so there is nothing to overwrite.
func (v *Vault) wipeLockFile() WipedFile {
	f := WipedFile{Name: LockFile, Overwritten: true}
	path := filepath.Join(v.dir, LockFile)
	// Unix lets us delete the file while we hold its lock, so nobody can
	// take it in between; Windows does not, so there we unlock first.
	err := v.fs.Remove(path)
	if v.lock != nil {
		v.lock.Unlock()
		v.lock = nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		err = v.fs.Remove(path)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		f.Err = saveErr("delete", err)
		return f
	}
	f.Removed = true
	if err := v.fs.SyncDir(v.dir); err != nil {
		f.Err = saveErr("sync folder", err)
	}
	return f
}
