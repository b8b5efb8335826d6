package vault

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
)

// The second key slot.
//
// Every vault has two key slots: key.age with data.age (the vault), and
// key2.age with data2.age (the second slot). The second slot is either
// unconfigured or holds a decoy: a small vault of its own, with its own
// data key, sealed with a second passphrase (the duress passphrase).
//
// An unconfigured slot is indistinguishable from a configured one without
// the passphrases: key2.age is an age file with one scrypt stanza at the
// same work factor, sealing random bytes as long as a data key; data2.age
// is an age file with one post-quantum stanza to a random key nobody
// keeps, sealing random bytes of [SlotPaddedSize]. A decoy's data is
// padded to at least that size, so the two are the same size unless the
// decoy has grown past it. [Create] writes an unconfigured slot, and
// [Open] gives a vault that has none (made by an earlier release, or
// after the slot was used) a fresh one.
//
// [Open] always derives both key files with the passphrase typed, so the
// time spent in key derivation does not say which one matched. When only
// the second one matches, the vault is replaced by the decoy before
// anything is returned (see [Vault.useSecond]):
//
//  1. key.age is overwritten in place with random bytes and synced: from
//     here on nothing opens the vault's data with a passphrase.
//  2. This computer's generation records are deleted.
//  3. key.age.sha256, data.age, data.age.prev, data.age.damaged and the
//     temporary files are destroyed as [Wipe] destroys them (what is
//     already the decoy's is kept).
//  4. The decoy is written as data.age.prev and data.age (its next
//     generation, as if it had been saved once since), padded as a
//     vault's own data, and data2.age is destroyed; then key2.age is
//     renamed to key.age (and its checksum written): the folder is now an
//     ordinary vault whose passphrase is the duress passphrase.
//  5. A fresh unconfigured second slot is written.
//
// A crash before key2.age is renamed leaves a folder that nothing opens but the
// duress passphrase, which runs the sequence again from where it stopped;
// a crash after it leaves the decoy as the vault, and the next unlock
// writes the fresh second slot.

// File names of the second slot.
const (
	KeyFile2  = "key2.age"
	DataFile2 = "data2.age"
)

// SlotPaddedSize is the smallest padded plaintext of the second slot's
// data file, configured or not. It is larger than the decoy the app
// makes (a test in package app checks this for every language), so a
// decoy and an unconfigured slot have the same size.
const SlotPaddedSize = 8 << 20

// ErrPassphraseTaken is returned when a passphrase chosen for one key
// slot already opens the other one: the vault's passphrase and the
// duress passphrase must differ.
var ErrPassphraseTaken = errors.New("this passphrase already opens the other key slot")

// ErrNoSecond is returned by [Vault.OpenSecond] when the second slot does
// not hold the decoy whose key was given (it was cleared, replaced, or
// is damaged).
var ErrNoSecond = errors.New("the second key slot does not hold this decoy")

// errSecondSlot is returned by the methods that make no sense on the
// second slot's handle (see [Vault.OpenSecond]).
var errSecondSlot = errors.New("not available for the second key slot")

// slotSize returns the padded size of a second-slot plaintext of n bytes
// (trailer included).
func slotSize(n int) int {
	return max(PaddedSize(n), SlotPaddedSize)
}

// identityTextSize is the length of a data key written into a key file:
// the identity string and its newline.
var identityTextSize = func() int {
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		panic(err)
	}
	return len(id.String()) + 1
}()

// fillerFiles returns the contents of an unconfigured second slot:
// key2.age sealing random bytes with a random passphrase nobody keeps,
// and data2.age sealing random bytes to a random key nobody keeps.
func fillerFiles() (key, data []byte, err error) {
	var pass [32]byte
	rand.Read(pass[:])
	secret := make([]byte, identityTextSize)
	rand.Read(secret)
	key, err = sealTo(&passRecipient{pass: pass[:], logN: writeWorkFactor}, secret)
	clear(pass[:])
	if err != nil {
		return nil, nil, err
	}
	throwaway, err := age.GenerateHybridIdentity()
	if err != nil {
		return nil, nil, fmt.Errorf("failed to generate filler key: %w", err)
	}
	body := make([]byte, SlotPaddedSize)
	rand.Read(body)
	data, err = sealTo(throwaway.Recipient(), body)
	if err != nil {
		return nil, nil, err
	}
	return key, data, nil
}

// sealTo encrypts plain to one recipient.
func sealTo(r age.Recipient, plain []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, fmt.Errorf("failed to encrypt: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("failed to encrypt: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("failed to encrypt: %w", err)
	}
	return buf.Bytes(), nil
}

// writeFiller replaces the second slot with an unconfigured one, key2.age
// first (so a decoy stops opening at once), destroying the files it
// replaces. v.mu must be held (or v not yet shared).
func (v *Vault) writeFiller() error {
	key, data, err := fillerFiles()
	if err != nil {
		return err
	}
	keyTmp, err := v.writeTemp(key)
	if err != nil {
		return err
	}
	dataTmp, err := v.writeTemp(data)
	if err != nil {
		v.fs.Remove(keyTmp)
		return err
	}
	oldKey, err := v.replaceDestroying(keyTmp, KeyFile2)
	if err != nil {
		v.fs.Remove(dataTmp)
		return err
	}
	oldData, err := v.replaceDestroying(dataTmp, DataFile2)
	if err == nil {
		err = v.fs.SyncDir(v.dir)
		if err != nil {
			err = saveErr("sync folder", err)
		}
	}
	v.destroyOld(oldKey, oldData)
	return err
}

// hasSecond reports whether both files of the second slot are age files
// of the right kind (one scrypt stanza; one post-quantum stanza).
func hasSecond(dir string) bool {
	return onlyStanza(filepath.Join(dir, KeyFile2)) == "scrypt" &&
		onlyStanza(filepath.Join(dir, DataFile2)) == "mlkem768x25519"
}

// ensureSecond writes an unconfigured second slot when the vault has no
// whole one. Best effort: a vault on a read-only disk still opens.
func (v *Vault) ensureSecond() {
	if !hasSecond(v.dir) {
		v.writeFiller()
	}
}

// openSecondKey derives the second slot's key file with passphrase. It
// returns nil when the slot is missing, damaged or sealed with another
// passphrase.
func openSecondKey(dir string, passphrase []byte) (age.Identity, []byte) {
	data, err := readLimited(filepath.Join(dir, KeyFile2), maxKeyFileSize)
	if err != nil {
		return nil, nil
	}
	id, err := decryptIdentity(data, passphrase)
	if err != nil {
		return nil, nil
	}
	return id, data
}

// useSecond replaces the vault with the decoy of the second slot, whose
// key id was derived from keyData (see the sequence above). It is safe
// to run again after a crash at any step. v holds the lock; v.mu must be
// held (or v not yet shared). On success v holds the decoy's key and is
// not loaded.
func (v *Vault) useSecond(id age.Identity, keyData []byte) error {
	v.forgetKey()
	v.setIdentity(id)
	// 1. The vault's key, in place, as the wipe destroys it.
	keyPath := filepath.Join(v.dir, KeyFile)
	if st, err := os.Lstat(keyPath); err == nil && st.Mode().IsRegular() {
		if err := v.overwrite(keyPath, st.Size()); err != nil {
			return err
		}
	}
	// 2. What this computer remembers of the vault.
	clearSeen(v.dir)
	// 3. The vault's data, except what is already the decoy's.
	for _, name := range wipeOrder(v.dir) {
		switch name {
		case KeyFile, KeyFile2, DataFile2:
			continue
		case DataFile, PrevFile:
			if headerMatches(filepath.Join(v.dir, name), id) {
				continue
			}
		}
		if f, ok := v.wipeFile(name); ok && f.Err != nil {
			return f.Err
		}
	}
	// 4. The decoy becomes the vault's data, padded as a vault's own:
	// data.age.prev, then data.age as its next generation (as if it had
	// been saved once since), then data2.age is destroyed.
	if headerMatches(filepath.Join(v.dir, DataFile2), id) {
		if err := v.moveDecoy(id); err != nil {
			return err
		}
	} else if f, ok := v.wipeFile(DataFile2); ok && f.Err != nil {
		// Left half overwritten by a crash in the step above.
		return f.Err
	}
	// 5. The decoy's key becomes the vault's.
	if err := v.fs.Rename(filepath.Join(v.dir, KeyFile2), keyPath); err != nil {
		return saveErr("rename", err)
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		return saveErr("sync folder", err)
	}
	if err := v.writeKeySum(keyData); err != nil {
		return err
	}
	// 6. A fresh second slot.
	return v.writeFiller()
}

// moveDecoy writes the decoy of data2.age as data.age.prev and data.age
// (the next generation), each padded as the vault pads its own data,
// then destroys data2.age.
func (v *Vault) moveDecoy(id age.Identity) error {
	cipher, err := readLimited(filepath.Join(v.dir, DataFile2), maxDataFileSize)
	if err != nil {
		return &DamagedError{File: DataFile2, Err: err}
	}
	plain, err := decryptAll(cipher, id)
	if err != nil {
		return &DamagedError{File: DataFile2, Err: err}
	}
	defer clear(plain)
	img, t, ok := splitTrailer(plain)
	if !ok {
		t = trailer{id: newVaultID()}
	}
	img = img[:imageLen(img)]
	for i, name := range []string{PrevFile, DataFile} {
		tmp, _, err := v.writeVerified(padded(img, trailer{id: t.id, gen: t.gen + uint64(i)}), []age.Recipient{v.recipient}, id)
		if err != nil {
			return err
		}
		if err := v.fs.Rename(tmp, filepath.Join(v.dir, name)); err != nil {
			v.fs.Remove(tmp)
			return saveErr("rename", err)
		}
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		return saveErr("sync folder", err)
	}
	if f, ok := v.wipeFile(DataFile2); ok && f.Err != nil {
		return f.Err
	}
	return nil
}

// imageLen returns the length of the SQLite database at the start of img
// (page size times page count, from its header), or len(img) when img
// does not start with a database header that fits in it.
func imageLen(img []byte) int {
	if len(img) < 100 || string(img[:16]) != "SQLite format 3\x00" {
		return len(img)
	}
	pageSize := int(binary.BigEndian.Uint16(img[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	n := pageSize * int(binary.BigEndian.Uint32(img[28:32]))
	if n <= 0 || n > len(img) {
		return len(img)
	}
	return n
}

// clearSeen deletes this computer's generation records (see
// [SetSeenDir]) of every vault: the records carry no name, so the
// vault's own cannot be told apart without its key. Rollback detection
// starts afresh for other vaults on this computer.
func clearSeen(dir string) {
	seen := seenDirFor(dir)
	if seen == "" {
		return
	}
	entries, err := os.ReadDir(seen)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			os.Remove(filepath.Join(seen, e.Name()))
		}
	}
}

// Reopen checks passphrase for a vault this process holds open (the app
// was locked while a save was failing, so the session stayed in memory).
// It derives both key slots, as [Open] does. It returns false and nil
// when the passphrase opens key.age, [ErrWrongPassphrase] or a
// [*DamagedError] when it opens neither, and true and nil when it opens
// the second slot: then the vault has been replaced by the decoy as
// [Open] does, what the caller holds in memory must be dropped unsaved,
// and the decoy is read with [Vault.Load].
func (v *Vault) Reopen(passphrase []byte) (switched bool, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil || v.second {
		return false, ErrClosed
	}
	keyData, err := readLimited(filepath.Join(v.dir, KeyFile), maxKeyFileSize)
	if err != nil {
		return false, &DamagedError{File: KeyFile, Err: err}
	}
	_, err = decryptIdentity(keyData, passphrase)
	id2, key2 := openSecondKey(v.dir, passphrase)
	if err == nil {
		return false, nil
	}
	if id2 != nil {
		if v.hasID {
			v.removeSeen(v.id)
		}
		v.hasID = false
		return true, v.useSecond(id2, key2)
	}
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		return false, ErrWrongPassphrase
	}
	return false, &DamagedError{File: KeyFile, Err: err}
}

// SetSecond makes passphrase (the duress passphrase) open the second
// slot, holding image as the decoy, under a new data key. It returns that
// key as text, for the caller to keep inside the vault so the decoy can
// be reviewed with [Vault.OpenSecond]; it is secret. It returns
// [ErrPassphraseTaken] when passphrase opens key.age. data2.age is
// replaced first, then key2.age; the files replaced are destroyed.
func (v *Vault) SetSecond(passphrase, image []byte) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil || v.second {
		return "", ErrClosed
	}
	if len(passphrase) == 0 {
		return "", errors.New("empty passphrase")
	}
	keyData, err := readLimited(filepath.Join(v.dir, KeyFile), maxKeyFileSize)
	if err != nil {
		return "", fmt.Errorf("failed to read key file: %w", err)
	}
	if _, err := decryptIdentity(keyData, passphrase); err == nil {
		return "", ErrPassphraseTaken
	}
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		return "", fmt.Errorf("failed to generate data key: %w", err)
	}
	idText := []byte(id.String())
	defer clear(idText)
	dataTmp, _, err := v.writeVerified(paddedTo(image, trailer{id: newVaultID(), gen: 1}, slotSize(len(image)+TrailerSize)), []age.Recipient{id.Recipient()}, id)
	if err != nil {
		return "", err
	}
	key, err := keyFileFor(idText, passphrase)
	if err != nil {
		v.fs.Remove(dataTmp)
		return "", err
	}
	keyTmp, err := v.writeTemp(key)
	if err != nil {
		v.fs.Remove(dataTmp)
		return "", err
	}
	oldData, err := v.replaceDestroying(dataTmp, DataFile2)
	if err != nil {
		v.fs.Remove(keyTmp)
		return "", err
	}
	oldKey, err := v.replaceDestroying(keyTmp, KeyFile2)
	if err == nil {
		if serr := v.fs.SyncDir(v.dir); serr != nil {
			err = saveErr("sync folder", serr)
		}
	}
	v.destroyOld(oldData, oldKey)
	if err != nil {
		return "", err
	}
	return string(idText), nil
}

// ClearSecond makes the second slot unconfigured again: the duress
// passphrase stops opening anything at once (key2.age is replaced
// first) and the decoy is destroyed.
func (v *Vault) ClearSecond() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil || v.second {
		return ErrClosed
	}
	return v.writeFiller()
}

// SecondOpens reports whether passphrase opens the second slot. It is
// for checking a new passphrase for the vault before it is chosen (see
// [ErrPassphraseTaken]).
func (v *Vault) SecondOpens(passphrase []byte) bool {
	id, _ := openSecondKey(v.dir, passphrase)
	return id != nil
}

// OpenSecond returns a handle on the decoy held in the second slot, read
// and saved with the data key keyText that [Vault.SetSecond] returned,
// for reviewing and editing it. The handle shares v's lock and is only
// valid while v is open; it keeps no previous generation and no
// generation record (either would tell a configured slot from an
// unconfigured one). It returns [ErrNoSecond] when the slot does not
// hold that decoy.
func (v *Vault) OpenSecond(keyText string) (*Vault, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil || v.second {
		return nil, ErrClosed
	}
	ids, err := age.ParseIdentities(strings.NewReader(keyText))
	if err != nil || len(ids) != 1 {
		return nil, ErrNoSecond
	}
	if !headerMatches(filepath.Join(v.dir, DataFile2), ids[0]) {
		return nil, ErrNoSecond
	}
	s := &Vault{dir: v.dir, fs: v.fs, second: true}
	s.setIdentity(ids[0])
	return s, nil
}

// saveSecondLocked is Save for the second slot's handle: the image is
// padded to the slot's size, encrypted, verified and renamed over
// data2.age; the file it replaces is destroyed, and no previous
// generation is kept.
func (v *Vault) saveSecondLocked(image []byte) error {
	path := filepath.Join(v.dir, DataFile2)
	old, err := os.ReadFile(path)
	if err != nil || !v.disk.is(old) {
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return saveErr("read", err)
		}
		return ErrChangedOnDisk
	}
	tmp, written, err := v.writeVerified(paddedTo(image, trailer{id: v.id, gen: v.gen + 1}, slotSize(len(image)+TrailerSize)), []age.Recipient{v.recipient}, v.identity)
	if err != nil {
		return err
	}
	replaced, err := v.replaceDestroying(tmp, DataFile2)
	if err != nil {
		return err
	}
	err = v.fs.SyncDir(v.dir)
	v.destroyOld(replaced)
	if err != nil {
		return saveErr("sync folder", err)
	}
	v.disk = written
	v.gen++
	return nil
}
