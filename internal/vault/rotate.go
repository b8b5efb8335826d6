package vault

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
)

// Changing the passphrase rotates the data key.
//
// Someone who copied key.age and learnt the passphrase could otherwise
// read every later data.age, and putting the old key.age back would make
// the old passphrase open the live vault. So a passphrase change makes a
// new data key and re-encrypts the data files to it, as one crash-safe
// sequence built on age's support for several recipients:
//
//  1. Every new file is written and verified first: data.age and
//     data.age.prev encrypted to both the old and the new key (data.age
//     with the next generation number), and key.age holding the new key
//     under the new passphrase. A failure here changes nothing.
//  2. The two data files are replaced. The old passphrase still opens the
//     vault: its key reads them.
//  3. key.age is replaced: the commit point. From here on the new
//     passphrase opens the vault and the old one does not.
//  4. A damaged data.age.prev or data.age.damaged (which cannot be
//     re-encrypted) is destroyed; then both data files are encrypted to
//     the new key alone ("settling").
//
// Replaced files are overwritten in place before they are deleted, the
// way [Wipe] destroys files, where the file system has hard links (see
// replaceDestroying). A crash at any point leaves a vault that opens with
// the old passphrase (before step 3) or the new one (after); whichever key
// opens it next finishes the job: a data file with more than one
// recipient is re-encrypted to the current key alone when the vault is
// opened or saved.

// ErrNotSaved is returned by [Vault.ChangePassphrase] when the vault was
// loaded from data.age.prev and not saved since: save first, so data.age
// is whole again.
var ErrNotSaved = errors.New("vault must be saved before the passphrase can be changed")

// ChangePassphrase checks oldPass, then makes newPass the passphrase and
// replaces the data key with a new one, re-encrypting data.age and
// data.age.prev to it (see the sequence above). Afterwards neither the
// old passphrase nor the old key.age nor the old recovery key opens any
// file of the vault; [Vault.RecoveryKey] returns the new key. The vault
// must be loaded from data.age ([ErrNotLoaded], [ErrNotSaved]); it
// returns [ErrWrongPassphrase], [ErrChangedOnDisk] when data.age or
// key.age are not the files this process loaded, a [*DamagedError], or a
// [*SaveError] for I/O failures before the commit point, in which case
// the old passphrase and key still open the vault.
func (v *Vault) ChangePassphrase(oldPass, newPass []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil {
		return ErrClosed
	}
	if v.second {
		return errSecondSlot
	}
	if len(newPass) == 0 {
		return errors.New("empty passphrase")
	}
	if !v.loaded {
		return ErrNotLoaded
	}
	if v.fromPrevious {
		return ErrNotSaved
	}
	keyData, err := readLimited(filepath.Join(v.dir, KeyFile), maxKeyFileSize)
	if err != nil {
		return fmt.Errorf("failed to read key file: %w", err)
	}
	id, err := decryptIdentity(keyData, oldPass)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return ErrWrongPassphrase
		}
		return &DamagedError{File: KeyFile, Err: err}
	}
	if v.matchIdentity(id) != nil {
		// key.age no longer holds the key this process unlocked.
		return ErrChangedOnDisk
	}
	if id2, _ := openSecondKey(v.dir, newPass); id2 != nil {
		return ErrPassphraseTaken
	}
	return v.rotate(newPass)
}

// rotate runs the passphrase change sequence. v.mu must be held.
func (v *Vault) rotate(newPass []byte) error {
	dataPath := filepath.Join(v.dir, DataFile)
	cur, err := os.ReadFile(dataPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return ErrChangedOnDisk
	case err != nil:
		return saveErr("read", err)
	case !v.diskExists || !v.disk.is(cur) || !v.journalNamesUnchanged():
		return ErrChangedOnDisk
	}
	if len(v.journal.records) > 0 {
		// The records are encrypted to the key being replaced, and
		// data.age alone is not the latest state: compact first.
		return ErrCompact
	}
	// Stale or torn records hold nothing data.age lacks; they are
	// encrypted to the old key, so they go now, as a wipe destroys.
	for _, name := range v.journal.drop {
		v.wipeFile(name)
	}
	v.journal.drop = nil
	plain, err := decryptAll(cur, v.identity)
	if err != nil {
		return &DamagedError{File: DataFile, Err: err}
	}
	defer clear(plain)
	img, _, _ := splitTrailer(plain)
	newGen := max(v.gen, v.seen.Cur) + 1
	dataPlain := pad(img, trailer{id: v.id, gen: newGen})
	defer clear(dataPlain)

	// data.age.prev is carried over when it decrypts; a damaged one
	// cannot be, and is destroyed after the commit point.
	var prevPlain []byte
	prevGen := v.seen.Prev
	destroyPrev := false
	switch pc, err := readLimited(filepath.Join(v.dir, PrevFile), maxDataFileSize); {
	case err == nil:
		if p, err := decryptAll(pc, v.identity); err == nil {
			prevPlain = p
			defer clear(prevPlain)
			if t, ok := parseTrailer(p); ok {
				prevGen = t.gen
			}
		} else {
			destroyPrev = true
		}
	case errors.Is(err, errTooLarge):
		destroyPrev = true
	case !errors.Is(err, os.ErrNotExist):
		return saveErr("read", err)
	}

	newID, err := age.GenerateHybridIdentity()
	if err != nil {
		return fmt.Errorf("failed to generate data key: %w", err)
	}
	newText := allocSecret(len(newID.String()))
	copy(newText, newID.String())
	committed := false
	defer func() {
		if !committed {
			freeSecret(newText)
		}
	}()
	keyData, err := keyFileFor(newText, newPass)
	if err != nil {
		return err
	}

	// 1. Every new file, written and verified before anything is replaced.
	both := []age.Recipient{v.recipient, newID.Recipient()}
	var temps []string
	removeTemps := func() {
		for _, t := range temps {
			if t != "" {
				v.fs.Remove(t)
			}
		}
	}
	dataTmp, dataFile, err := v.writeVerified(wholePlain(dataPlain), both, newID)
	if err != nil {
		return err
	}
	temps = append(temps, dataTmp)
	var prevTmp string
	if prevPlain != nil {
		if prevTmp, _, err = v.writeVerified(wholePlain(prevPlain), both, newID); err != nil {
			removeTemps()
			return err
		}
		temps = append(temps, prevTmp)
	}
	keyTmp, err := v.writeTemp(keyData)
	if err != nil {
		removeTemps()
		return err
	}
	temps = append(temps, keyTmp)

	// 2. Data files readable by both keys.
	var olds []string
	defer func() { v.destroyOld(olds...) }()
	old, err := v.replaceDestroying(dataTmp, DataFile)
	if err != nil {
		removeTemps()
		return err
	}
	temps[0] = ""
	olds = append(olds, old)
	v.disk, v.gen = dataFile, newGen
	v.setBase(dataFile, newGen, true)
	v.seen = seenRecord{Cur: newGen, Prev: prevGen}
	v.rollback = nil
	v.unsettled = true
	v.writeSeen(v.id, v.seen)
	if prevTmp != "" {
		old, err := v.replaceDestroying(prevTmp, PrevFile)
		if err != nil {
			removeTemps()
			v.settle()
			return err
		}
		temps[1] = ""
		olds = append(olds, old)
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		removeTemps()
		v.settle()
		return saveErr("sync folder", err)
	}

	// 3. The commit point.
	old, err = v.replaceDestroying(keyTmp, KeyFile)
	if err != nil {
		removeTemps()
		v.settle()
		return err
	}
	committed = true
	olds = append(olds, old)
	freeSecret(v.identityText)
	v.identity, v.recipient, v.identityText = newID, newID.Recipient(), newText
	// From here on the change has happened; what follows is cleaning up,
	// which the next open or save repeats if it is cut short.
	v.fs.SyncDir(v.dir)
	v.writeKeySum(keyData)

	// 4. Files the new key cannot carry over, then the former key off
	// the data files.
	if destroyPrev {
		v.wipeFile(PrevFile)
	}
	v.wipeFile(DamagedFile)
	v.settle()
	return nil
}

// settle re-encrypts every data file that has more than one recipient
// (left by a passphrase change) to the current key alone, and destroys a
// data.age.prev or data.age.damaged that the current key does not open.
// It is best effort: whatever fails stays for the next open or save, and
// v.unsettled says so. v.mu must be held (or v not yet shared).
func (v *Vault) settle() {
	if !v.unsettled {
		return
	}
	dual, failed := false, false
	var olds []string
	defer func() { v.destroyOld(olds...) }()
	for _, name := range []string{DataFile, PrevFile} {
		path := filepath.Join(v.dir, name)
		n, err := recipientCount(path)
		if errors.Is(err, os.ErrNotExist) || (err == nil && n <= 1) {
			continue
		}
		if err != nil {
			// Unreadable: Load reports it as damaged.
			continue
		}
		dual = true
		cipher, err := readLimited(path, maxDataFileSize)
		if err != nil {
			failed = true
			continue
		}
		if name == DataFile && v.loaded && !v.disk.is(cipher) {
			// Not the file this process loaded: leave it to Save,
			// which refuses to overwrite it.
			failed = true
			continue
		}
		plain, err := decryptAll(cipher, v.identity)
		if err != nil {
			// A file of a key that is gone or a damaged one; Load
			// reports it.
			continue
		}
		tmp, newFile, err := v.writeVerified(wholePlain(plain), []age.Recipient{v.recipient}, v.identity)
		clear(plain)
		if err != nil {
			failed = true
			continue
		}
		old, err := v.replaceDestroying(tmp, name)
		if err != nil {
			failed = true
			continue
		}
		olds = append(olds, old)
		if name == DataFile && v.loaded {
			v.disk = newFile
			v.setBase(newFile, v.journal.baseGen, true)
		}
	}
	if dual {
		// The former key's files that could not be carried over.
		for _, name := range []string{PrevFile, DamagedFile} {
			path := filepath.Join(v.dir, name)
			if _, err := os.Lstat(path); err != nil {
				continue
			}
			if n, err := recipientCount(path); err == nil && n > 1 {
				continue
			}
			if !headerMatches(path, v.identity) {
				v.wipeFile(name)
			}
		}
	}
	if v.fs.SyncDir(v.dir) != nil {
		failed = true
	}
	v.unsettled = failed
}

// replaceDestroying renames the temporary file tmp over the vault file
// name, first giving the file it replaces a second, temporary name (a hard
// link) so that its contents can be destroyed afterwards with
// [Vault.destroyOld]. Where the file system has no hard links the old
// file is simply replaced. On failure tmp is removed and nothing changed.
func (v *Vault) replaceDestroying(tmp, name string) (old string, err error) {
	path := filepath.Join(v.dir, name)
	old = filepath.Join(v.dir, tempPrefix+"old-"+randomSuffix())
	if v.fs.Link(path, old) != nil {
		old = ""
	}
	if err := v.fs.Rename(tmp, path); err != nil {
		if old != "" {
			v.fs.Remove(old)
		}
		v.fs.Remove(tmp)
		return "", saveErr("rename", err)
	}
	return old, nil
}

// destroyOld overwrites and deletes the replaced files that
// replaceDestroying kept, as [Wipe] does. A name that is not the file's
// only link is only deleted: overwriting it would reach the other name.
func (v *Vault) destroyOld(olds ...string) {
	for _, old := range olds {
		if old == "" {
			continue
		}
		st, err := os.Lstat(old)
		if err != nil {
			continue
		}
		if st.Mode().IsRegular() && singleLink(st) {
			v.wipeFile(filepath.Base(old))
		} else {
			v.fs.Remove(old)
		}
	}
}

// recipientCount returns the number of recipient stanzas in the header of
// the age file at path.
func recipientCount(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReader(io.LimitReader(f, 1<<20))
	line, err := r.ReadString('\n')
	if err != nil || line != "age-encryption.org/v1\n" {
		return 0, errors.New("not an age file")
	}
	n := 0
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return 0, errors.New("truncated age header")
		}
		switch {
		case strings.HasPrefix(line, "-> "):
			n++
		case strings.HasPrefix(line, "---"):
			return n, nil
		}
	}
}

// headerMatches reports whether id unwraps the header of the age file at
// path (only the header is read).
func headerMatches(path string, id age.Identity) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = age.Decrypt(bufio.NewReader(io.LimitReader(f, maxDataFileSize)), id)
	return err == nil
}
