package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"
	"github.com/gofrs/flock"
)

// File names inside a vault directory.
const (
	KeyFile     = "key.age"
	KeySumFile  = "key.age.sha256"
	DataFile    = "data.age"
	PrevFile    = "data.age.prev"
	DamagedFile = "data.age.damaged"
	LockFile    = "vault.lock"
)

const (
	// WorkFactor is the scrypt work factor (log2 N) written into key.age.
	WorkFactor = 18
	// MaxWorkFactor is the largest scrypt work factor accepted when reading;
	// larger ones are refused at once so a hostile file cannot stall us
	// (20 already takes 1 GiB of memory and a few seconds).
	MaxWorkFactor = 20

	maxKeyFileSize  = 64 << 10
	maxDataFileSize = 2 << 30
)

// writeWorkFactor is the work factor new key files get. Only tests change it,
// through [SetWorkFactorForTesting].
var writeWorkFactor = WorkFactor

// SetWorkFactorForTesting lowers the scrypt work factor used when writing
// key.age, so test suites do not spend most of their time in scrypt. It
// panics outside a test binary: the shipped program always writes
// [WorkFactor]. It returns a function restoring the previous value.
func SetWorkFactorForTesting(logN int) (restore func()) {
	if !testing.Testing() {
		panic("vault: SetWorkFactorForTesting called outside a test")
	}
	old := writeWorkFactor
	writeWorkFactor = logN
	return func() { writeWorkFactor = old }
}

// Generation selects which data file [Vault.Load] reads.
type Generation int

const (
	// Current is data.age, the last saved state.
	Current Generation = iota
	// Previous is data.age.prev, the state before the last save.
	Previous
)

// Vault is an unlocked vault directory. It holds the data key in memory and
// the vault lock on disk until [Vault.Close]. Its methods are safe for
// concurrent use.
type Vault struct {
	dir string
	fs  fileSystem

	mu        sync.Mutex
	lock      *flock.Flock
	identity  age.Identity
	recipient age.Recipient
	// identityText is the data key as text, in memory kept out of core
	// dumps and swap (allocSecret); zeroed and released by forgetKey.
	identityText []byte
	loaded       bool
	fromPrevious bool
	// disk identifies data.age as this process loaded or last wrote it
	// (hash and size of the ciphertext), to detect changes made by
	// someone else.
	disk       diskCopy
	diskExists bool

	// id and gen are the vault ID and the generation of the data file
	// loaded or last written; seen is this computer's record for id.
	id       vaultID
	hasID    bool
	gen      uint64
	seen     seenRecord
	rollback *Rollback
	// unsettled is set while a data file may still be encrypted to a
	// former data key too (an interrupted passphrase change).
	unsettled bool
	// second is set on the handle of the second key slot's decoy (see
	// [Vault.OpenSecond]): it reads and writes data2.age and holds no
	// lock of its own.
	second bool
	// journal is the journal extending data.age (see journal.go).
	journal journalState
}

// Exists reports whether dir holds a vault (its key file).
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, KeyFile))
	return err == nil
}

// Create makes a new vault in dir (created with mode 0700 if missing) with
// image as its first saved state, protected by passphrase. It refuses a
// directory that already holds a vault. The returned vault is open and
// loaded; call [Vault.Close] when done.
func Create(dir string, passphrase []byte, image []byte) (*Vault, error) {
	return create(dir, passphrase, image, osFS{})
}

func create(dir string, passphrase []byte, image []byte, fsys fileSystem) (*Vault, error) {
	if len(passphrase) == 0 {
		return nil, errors.New("empty passphrase")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, saveErr("create folder", err)
	}
	v := &Vault{dir: dir, fs: fsys}
	if err := v.acquireLock(); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			v.Close()
		}
	}()
	if Exists(dir) {
		return nil, ErrExists
	}
	removeStaleTemps(dir)

	id, err := age.GenerateHybridIdentity()
	if err != nil {
		return nil, fmt.Errorf("failed to generate data key: %w", err)
	}
	v.setIdentity(id)
	v.id, v.hasID = newVaultID(), true
	// data.age first, key.age last: a vault exists once its key file does,
	// so a crash in between leaves a folder that Create can simply redo.
	v.loaded = true
	v.fromPrevious = true // nothing to keep as .prev
	if err := v.saveLocked(image); err != nil {
		return nil, err
	}
	if err := v.writeFiller(); err != nil {
		return nil, err
	}
	if err := v.writeKey(passphrase); err != nil {
		return nil, err
	}
	ok = true
	return v, nil
}

// Open unlocks the vault in dir with passphrase and takes the vault lock.
// It returns [ErrNotFound], [ErrInUse], [ErrWrongPassphrase], or a
// [*DamagedError] for key.age. The data is read by [Vault.Load].
func Open(dir string, passphrase []byte) (*Vault, error) {
	return open(dir, passphrase, osFS{})
}

func open(dir string, passphrase []byte, fsys fileSystem) (*Vault, error) {
	if !Exists(dir) {
		return nil, ErrNotFound
	}
	v := &Vault{dir: dir, fs: fsys}
	if err := v.acquireLock(); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			v.Close()
		}
	}()
	removeStaleTemps(dir)

	keyData, err := readLimited(filepath.Join(dir, KeyFile), maxKeyFileSize)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return nil, &DamagedError{File: KeyFile, Err: err}
		}
		return nil, fmt.Errorf("failed to read key file: %w", err)
	}
	sum := sha256.Sum256(keyData)
	wantSum, haveSum := readKeySum(dir)
	sumMatches := haveSum && wantSum == sum

	// Both key slots are always derived, so the time this takes does not
	// say which one the passphrase opens (see slot.go).
	id, err := decryptIdentity(keyData, passphrase)
	id2, key2 := openSecondKey(dir, passphrase)
	if err != nil && id2 != nil {
		if err := v.useSecond(id2, key2); err != nil {
			return nil, err
		}
		ok = true
		return v, nil
	}
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) && (!haveSum || sumMatches) {
			return nil, ErrWrongPassphrase
		}
		return nil, &DamagedError{File: KeyFile, Err: err}
	}
	v.setIdentity(id)
	if !sumMatches {
		// The key file is good (it decrypted and authenticated); the
		// checksum was missing or stale after an interrupted change.
		if err := v.writeKeySum(keyData); err != nil {
			return nil, err
		}
	}
	// Finish a passphrase change that was interrupted (best effort: a
	// vault on a read-only disk must still open).
	v.unsettled = true
	v.settle()
	// A vault made by an earlier release, or whose second slot was used,
	// gets a fresh one (best effort, like settling).
	v.ensureSecond()
	ok = true
	return v, nil
}

func (v *Vault) acquireLock() error {
	l := flock.New(filepath.Join(v.dir, LockFile), flock.SetPermissions(0o600))
	locked, err := l.TryLock()
	if err != nil {
		return fmt.Errorf("failed to lock vault: %w", err)
	}
	if !locked {
		return ErrInUse
	}
	v.lock = l
	return nil
}

func (v *Vault) setIdentity(id age.Identity) {
	freeSecret(v.identityText)
	v.identityText = nil
	var text string
	switch id := id.(type) {
	case *age.HybridIdentity:
		v.recipient = id.Recipient()
		text = id.String()
	case *age.X25519Identity:
		v.recipient = id.Recipient()
		text = id.String()
	}
	v.identityText = allocSecret(len(text))
	copy(v.identityText, text)
	v.identity = id
}

// decryptIdentity opens key.age the way the age command line tool opens a
// passphrase-protected identity file. The passphrase is only read, never
// copied into a string (see passIdentity).
func decryptIdentity(keyData, passphrase []byte) (age.Identity, error) {
	if len(passphrase) == 0 {
		return nil, errors.New("empty passphrase")
	}
	r, err := age.Decrypt(bytes.NewReader(keyData), &passIdentity{pass: passphrase, maxLogN: MaxWorkFactor})
	if err != nil {
		return nil, err
	}
	plain, err := io.ReadAll(io.LimitReader(r, maxKeyFileSize))
	if err != nil {
		return nil, fmt.Errorf("failed to decrypt key file: %w", err)
	}
	defer clear(plain)
	ids, err := age.ParseIdentities(bytes.NewReader(plain))
	if err != nil {
		return nil, fmt.Errorf("failed to parse data key: %w", err)
	}
	if len(ids) != 1 {
		return nil, fmt.Errorf("key file holds %d keys, want 1", len(ids))
	}
	switch ids[0].(type) {
	case *age.HybridIdentity, *age.X25519Identity:
		return ids[0], nil
	}
	return nil, errors.New("unsupported data key type")
}

var errTooLarge = errors.New("file too large")

// readLimited reads the file at path, refusing one larger than limit. The
// buffer is sized from the file's size, so a large data file is read
// without the copies of a growing buffer.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(512)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = min(st.Size(), limit) + bytes.MinRead
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, errTooLarge
	}
	return buf.Bytes(), nil
}

// readKeySum reads key.age.sha256 (sha256sum format).
func readKeySum(dir string) (sum [sha256.Size]byte, ok bool) {
	data, err := readLimited(filepath.Join(dir, KeySumFile), 1024)
	if err != nil {
		return sum, false
	}
	fields := strings.Fields(string(data))
	if len(fields) != 2 || fields[1] != KeyFile {
		return sum, false
	}
	b, err := hex.DecodeString(fields[0])
	if err != nil || len(b) != sha256.Size {
		return sum, false
	}
	copy(sum[:], b)
	return sum, true
}

// Dir returns the vault directory.
func (v *Vault) Dir() string { return v.dir }

// RecoveryKey returns the vault's data key as a standard age identity
// string, for a paper backup. Anyone holding it can read the vault.
func (v *Vault) RecoveryKey() (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil || v.second {
		return "", ErrClosed
	}
	return string(v.identityText), nil
}

// keyFileFor returns the contents of a key.age holding the identity text
// idText, encrypted to passphrase, after checking that it unlocks with it.
func keyFileFor(idText, passphrase []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, &passRecipient{pass: passphrase, logN: writeWorkFactor})
	if err != nil {
		return nil, fmt.Errorf("failed to encrypt key: %w", err)
	}
	// A standard age identity file. The matching recipient (public key)
	// is deliberately not written, unlike age-keygen's comment line.
	// Written directly, not through fmt, which would keep a copy of the
	// key in its pooled buffers.
	_, err = w.Write(idText)
	if err == nil {
		_, err = w.Write([]byte{'\n'})
	}
	if err != nil {
		return nil, fmt.Errorf("failed to encrypt key: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("failed to encrypt key: %w", err)
	}
	keyData := buf.Bytes()
	if _, err := decryptIdentity(keyData, passphrase); err != nil {
		return nil, fmt.Errorf("failed to verify new key file: %w", err)
	}
	return keyData, nil
}

// writeKey writes key.age (and its checksum) for passphrase, verifying that
// the new file unlocks with it before it replaces the old one. The old
// key.age is then overwritten in place where the file system allows (see
// replaceDestroying).
func (v *Vault) writeKey(passphrase []byte) error {
	keyData, err := keyFileFor(v.identityText, passphrase)
	if err != nil {
		return err
	}
	tmp, err := v.writeTemp(keyData)
	if err != nil {
		return err
	}
	old, err := v.replaceDestroying(tmp, KeyFile)
	if err != nil {
		return err
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		v.destroyOld(old)
		return saveErr("sync folder", err)
	}
	v.destroyOld(old)
	return v.writeKeySum(keyData)
}

func (v *Vault) writeKeySum(keyData []byte) error {
	sum := sha256.Sum256(keyData)
	line := fmt.Sprintf("%s  %s\n", hex.EncodeToString(sum[:]), KeyFile)
	return v.replaceFile(KeySumFile, []byte(line))
}

// writeTemp writes data to a new temporary file in the vault directory,
// syncs it and reads it back. It returns the file's name.
func (v *Vault) writeTemp(data []byte) (string, error) {
	f, err := v.fs.CreateTemp(v.dir, tempPrefix+"*")
	if err != nil {
		return "", saveErr("create", err)
	}
	tmp := f.Name()
	if err := writeSyncClose(f, data); err != nil {
		v.fs.Remove(tmp)
		return "", err
	}
	if got, err := os.ReadFile(tmp); err != nil || !bytes.Equal(got, data) {
		v.fs.Remove(tmp)
		if err == nil {
			err = errors.New("written file does not match")
		}
		return "", saveErr("verify", err)
	}
	return tmp, nil
}

// replaceFile atomically replaces a small file in the vault directory.
func (v *Vault) replaceFile(name string, data []byte) error {
	tmp, err := v.writeTemp(data)
	if err != nil {
		return err
	}
	if err := v.fs.Rename(tmp, filepath.Join(v.dir, name)); err != nil {
		v.fs.Remove(tmp)
		return saveErr("rename", err)
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		return saveErr("sync folder", err)
	}
	return nil
}

// Close drops the data key (best effort: the bytes we own are zeroed; Go
// may have copied them) and releases the vault lock. It is idempotent.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.forgetKey()
	if v.lock == nil {
		return nil
	}
	err := v.lock.Unlock()
	v.lock = nil
	return err
}

// forgetKey drops the data key and what was loaded (best effort: the
// bytes we own are zeroed). v.mu must be held.
func (v *Vault) forgetKey() {
	freeSecret(v.identityText)
	v.identityText = nil
	v.identity = nil
	v.recipient = nil
	v.disk = diskCopy{}
	v.loaded = false
	for _, b := range v.journal.bodies {
		clear(b)
	}
	v.journal = journalState{}
}

// CheckPassphrase reports whether passphrase unlocks key.age: nil,
// [ErrWrongPassphrase], or a [*DamagedError]. It is for confirming who is at
// the keyboard while the vault is open (before showing the recovery key, or
// when unlocking a session that was kept in memory because its last save
// failed); it changes nothing.
func (v *Vault) CheckPassphrase(passphrase []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil {
		return ErrClosed
	}
	keyData, err := readLimited(filepath.Join(v.dir, KeyFile), maxKeyFileSize)
	if err != nil {
		return &DamagedError{File: KeyFile, Err: err}
	}
	if _, err := decryptIdentity(keyData, passphrase); err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return ErrWrongPassphrase
		}
		return &DamagedError{File: KeyFile, Err: err}
	}
	return nil
}
