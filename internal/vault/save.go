package vault

import (
	"errors"
	"os"
	"path/filepath"

	"filippo.io/age"
)

// Saving: the full save sequence of docs/vault-format.md (the journal's
// append is in journal.go, writing a data file in write.go).

// Save pads image, encrypts it and replaces data.age with the save sequence
// described in the package documentation. It returns [ErrChangedOnDisk] if
// data.age was changed by someone else, or a [*SaveError] for I/O failures;
// in both cases the files on disk are unchanged.
func (v *Vault) Save(image []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil {
		return ErrClosed
	}
	if !v.loaded {
		return ErrNotLoaded
	}
	if v.second {
		return v.saveSecondLocked(image)
	}
	return v.saveLocked(image)
}

func (v *Vault) saveLocked(image []byte) error {
	dataPath := filepath.Join(v.dir, DataFile)

	// Refuse to overwrite what someone else wrote: data.age, and the
	// journal extending it.
	if !v.second && !v.journalNamesUnchanged() {
		return ErrChangedOnDisk
	}
	exists, err := v.dataUnchanged(dataPath)
	if err != nil {
		return err
	}

	newGen := max(v.gen, v.seen.Cur) + 1
	tmp, written, err := v.writeVerified(padded(image, trailer{id: v.id, gen: newGen}), []age.Recipient{v.recipient}, v.identity)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			v.fs.Remove(tmp)
		}
	}()

	// Keep the current file: as data.age.prev normally, or aside as
	// data.age.damaged when we were opened from the previous generation.
	var keepTmp, keepName string
	if exists {
		keepName = PrevFile
		if v.fromPrevious {
			keepName = DamagedFile
		}
		keepTmp, err = v.keepCopy(dataPath)
		if err != nil {
			return err
		}
	}

	if err := v.fs.Rename(tmp, dataPath); err != nil {
		if keepTmp != "" {
			v.fs.Remove(keepTmp)
		}
		return saveErr("rename", err)
	}
	committed = true
	v.disk = written
	v.diskExists = true
	v.fromPrevious = false
	// data.age.prev now holds the generation that was loaded or last
	// written (it is either the file just replaced, or, after loading the
	// previous generation, the file loaded).
	prevGen := v.seen.Prev
	if exists {
		prevGen = v.journal.baseGen
		if v.fromPrevious {
			prevGen = v.gen
		}
	}
	v.gen = newGen
	v.seen = seenRecord{Cur: newGen, Prev: prevGen}
	v.rollback = nil
	// Best effort: a record that cannot be written only weakens rollback
	// detection, it must never fail a save.
	v.writeSeen(v.id, v.seen)

	if keepTmp != "" {
		if err := v.fs.Rename(keepTmp, filepath.Join(v.dir, keepName)); err != nil {
			// The new state is saved; only the older generation is
			// stale. Not worth failing the save for.
			v.fs.Remove(keepTmp)
		}
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		return saveErr("sync folder", err)
	}
	// data.age now holds every change the journal held: its records
	// are redundant. A crash before they are gone leaves them stale
	// (their base is the former data.age), and Load ignores them.
	v.dropJournal()
	v.setBase(written, newGen, true)
	if v.unsettled {
		// A passphrase change was interrupted: data.age.prev may still
		// be encrypted to the former key too.
		v.settle()
	}
	return nil
}

// dataUnchanged checks that data.age is the file this process loaded or
// last wrote (or still absent, if it was then), and reports whether it
// exists. When the file's identity, size and times are those recorded at
// the last load or save it is not read again (reading it back would cost
// a large vault tens of milliseconds per save); otherwise its contents'
// hash decides.
func (v *Vault) dataUnchanged(path string) (exists bool, err error) {
	if v.diskExists && !v.fromPrevious && sameFile(path, v.journal.dataStat) {
		return true, nil
	}
	old, err := readLimited(path, maxDataFileSize)
	switch {
	case err == nil:
		if !v.diskExists || !v.disk.is(old) {
			return true, ErrChangedOnDisk
		}
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		if v.diskExists {
			return false, ErrChangedOnDisk
		}
		return false, nil
	case errors.Is(err, errTooLarge):
		return true, ErrChangedOnDisk
	default:
		return false, saveErr("read", err)
	}
}

// keepCopy makes a temporary second name for the current data.age (a hard
// link, or a synced copy where links are not supported) so it can become
// data.age.prev once the new file is in place.
func (v *Vault) keepCopy(dataPath string) (string, error) {
	name := filepath.Join(v.dir, tempPrefix+"prev-"+randomSuffix())
	if err := v.fs.Link(dataPath, name); err == nil {
		return name, nil
	}
	old, err := readLimited(dataPath, maxDataFileSize)
	if err != nil {
		return "", saveErr("read", err)
	}
	if !v.disk.is(old) {
		return "", ErrChangedOnDisk
	}
	f, err := v.fs.CreateTemp(v.dir, tempPrefix+"*")
	if err != nil {
		return "", saveErr("create", err)
	}
	name = f.Name()
	if err := writeSyncClose(f, old); err != nil {
		v.fs.Remove(name)
		return "", err
	}
	return name, nil
}
