package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"
)

// Loading: reading and decrypting a data file, checking its generation.

// Load decrypts and returns the plaintext image of the chosen generation
// (including its zero padding, without the generation trailer). A file
// that fails to decrypt yields a [*DamagedError]; nothing is returned from
// it. After loading [Previous], the next save writes data.age and sets the
// damaged file aside as data.age.damaged instead of overwriting
// data.age.prev.
//
// A file older than the newest one this computer has seen of it is loaded
// all the same; [Vault.Rollback] then says so.
func (v *Vault) Load(gen Generation) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.loadLocked(gen)
}

// loadLocked is [Vault.Load]; v.mu must be held (or v not yet shared).
func (v *Vault) loadLocked(gen Generation) ([]byte, error) {
	if v.identity == nil {
		return nil, ErrClosed
	}
	name := DataFile
	if gen == Previous {
		name = PrevFile
	}
	if v.second {
		if gen == Previous {
			return nil, &DamagedError{File: DataFile2, Err: os.ErrNotExist}
		}
		name = DataFile2
	}
	cipher, err := readLimited(filepath.Join(v.dir, name), maxDataFileSize)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && gen == Current {
			return nil, &DamagedError{File: name, Err: err}
		}
		if errors.Is(err, errTooLarge) {
			return nil, &DamagedError{File: name, Err: err}
		}
		return nil, fmt.Errorf("failed to read %s: %w", name, err)
	}
	// Hash the ciphertext (the journal's records name it) on another
	// core while it is decrypted.
	sumc := make(chan diskCopy, 1)
	go func() { sumc <- diskCopyOf(cipher) }()
	plain, err := decryptAll(cipher, v.identity)
	loaded := <-sumc
	cipher = nil // only its hash is kept
	if err != nil {
		return nil, &DamagedError{File: name, Err: err}
	}
	img, t, hasTrailer := splitTrailer(plain)
	v.journal = journalState{}
	if gen == Current && !v.second {
		v.setBase(loaded, t.gen, hasTrailer && !t.v1)
		if err := v.readJournal(&v.journal, t, hasTrailer); err != nil {
			clear(plain)
			v.journal = journalState{}
			return nil, err
		}
	}
	if gen == Previous && !v.second {
		// The records extend data.age, not this file: the next save
		// (a full one) deletes them.
		v.journal.drop, _ = journalNames(v.dir)
	}
	if v.second {
		v.id, v.hasID, v.gen = t.id, true, t.gen
		if !hasTrailer {
			v.id, v.gen = newVaultID(), 0
		}
	} else {
		// The state loaded is data.age's generation plus one per
		// journal record.
		tg := t
		tg.gen += uint64(len(v.journal.records))
		v.checkGeneration(gen, tg, hasTrailer)
	}
	if gen == Previous {
		// Remember the current data.age (whatever state it is in) so a
		// concurrent change by someone else is still detected at save.
		cur, err := os.ReadFile(filepath.Join(v.dir, DataFile))
		v.diskExists = err == nil
		v.disk = diskCopyOf(cur)
		v.fromPrevious = true
	} else {
		v.diskExists = true
		v.disk = loaded
		v.fromPrevious = false
	}
	v.loaded = true
	return img, nil
}

// checkGeneration compares the generation of a freshly loaded data file
// with this computer's record, sets v.rollback, and records a newer
// generation. A file without a trailer (written before generations
// existed) gets a new vault ID at its next save. v.mu must be held.
func (v *Vault) checkGeneration(gen Generation, t trailer, hasTrailer bool) {
	v.rollback = nil
	if !hasTrailer {
		if !v.hasID {
			v.id, v.hasID = newVaultID(), true
		}
		v.gen, v.seen = 0, seenRecord{}
		return
	}
	v.id, v.hasID, v.gen = t.id, true, t.gen
	rec, have := v.readSeen(t.id)
	switch gen {
	case Current:
		if have && t.gen < rec.Cur {
			v.rollback = &Rollback{File: DataFile, Generation: t.gen, Seen: rec.Cur}
		}
		if !have || t.gen > rec.Cur {
			rec.Cur = t.gen
			v.writeSeen(t.id, rec)
		}
	case Previous:
		if have && t.gen < rec.Prev {
			v.rollback = &Rollback{File: PrevFile, Generation: t.gen, Seen: rec.Prev}
		}
	}
	v.seen = rec
}

// Rollback reports whether the data file last loaded is older than the
// newest one this computer has seen of this vault, and by how much. It
// is nil when the file is as new as (or newer than) anything seen, when
// this computer has no record of the vault, and after a save.
func (v *Vault) Rollback() *Rollback {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.rollback == nil {
		return nil
	}
	r := *v.rollback
	return &r
}

// FromPrevious reports whether the vault was loaded from data.age.prev and
// not saved since.
func (v *Vault) FromPrevious() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.fromPrevious
}

func decryptAll(cipher []byte, id age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(cipher), id)
	if err != nil {
		return nil, err
	}
	// The plaintext is never larger than the ciphertext.
	buf := bytes.NewBuffer(make([]byte, 0, len(cipher)))
	if _, err := io.Copy(buf, r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
