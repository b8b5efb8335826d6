package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Generations and rollback detection.
//
// Every data file carries, inside its encrypted plaintext, a trailer in the
// last [TrailerSize] bytes of the padding: a magic string, the vault's
// random ID and a generation number that grows by one with every save.
// SQLite never reads it (the database header gives the real length, and
// the trailer sits in the zero padding after it), so the decrypted file is
// still an ordinary SQLite database for stock tools.
//
// The newest generation this computer has seen of a vault's data.age and
// data.age.prev is kept outside the vault folder, in a small file per
// vault in the user's configuration folder (see [SetSeenDir]). Its name is
// derived from the vault ID and its contents are encrypted with a key
// derived from it, so without the vault's data key the file says neither
// which vault it belongs to nor how many saves were made. On loading, a
// data file older than the one recorded is reported by [Vault.Rollback].
//
// What cannot be detected: a rollback on a computer that never saw the
// newer state (a copy taken elsewhere), or one where the record was
// deleted or rolled back too.

// TrailerSize is the size of the generation trailer at the end of every
// data file's plaintext.
const TrailerSize = 64

// trailerMagic starts the trailer this version writes: format 2, whose
// data.age may be extended by journal records (see journal.go).
// trailerMagicV1 starts the trailer of format 1 (no journal), still read;
// such a data.age is rewritten in format 2 by the first save.
var (
	trailerMagic   = [16]byte{'s', 'a', 'f', 'e', 'h', 'o', 'u', 's', 'e', '-', 'g', 'e', 'n', '-', 'v', '2'}
	trailerMagicV1 = [16]byte{'s', 'a', 'f', 'e', 'h', 'o', 'u', 's', 'e', '-', 'g', 'e', 'n', '-', 'v', '1'}
)

// vaultID is a vault's random identity, kept only inside its data files.
type vaultID [32]byte

// trailer is what the end of a data file's plaintext says about it.
type trailer struct {
	id  vaultID
	gen uint64
	// v1 is set on a trailer read in format 1; encode always writes the
	// current format.
	v1 bool
}

// encode returns the 64-byte trailer: magic, vault ID, generation (big
// endian) and the first 8 bytes of the SHA-256 of what precedes them.
func (t trailer) encode() [TrailerSize]byte {
	var b [TrailerSize]byte
	copy(b[:16], trailerMagic[:])
	copy(b[16:48], t.id[:])
	binary.BigEndian.PutUint64(b[48:56], t.gen)
	sum := sha256.Sum256(b[:56])
	copy(b[56:], sum[:8])
	return b
}

// parseTrailer reads the trailer at the end of plain. ok is false for a
// plaintext without one (written before generations existed).
func parseTrailer(plain []byte) (t trailer, ok bool) {
	if len(plain) < TrailerSize {
		return t, false
	}
	b := plain[len(plain)-TrailerSize:]
	switch {
	case bytes.Equal(b[:16], trailerMagic[:]):
	case bytes.Equal(b[:16], trailerMagicV1[:]):
		t.v1 = true
	default:
		return t, false
	}
	sum := sha256.Sum256(b[:56])
	if !bytes.Equal(b[56:], sum[:8]) {
		return t, false
	}
	copy(t.id[:], b[16:48])
	t.gen = binary.BigEndian.Uint64(b[48:56])
	return t, true
}

// splitTrailer returns the image part of a decrypted data file (its
// padding included) and its trailer.
func splitTrailer(plain []byte) ([]byte, trailer, bool) {
	t, ok := parseTrailer(plain)
	if !ok {
		return plain, t, false
	}
	return plain[:len(plain)-TrailerSize], t, true
}

// newVaultID returns a fresh random vault ID.
func newVaultID() vaultID {
	var id vaultID
	rand.Read(id[:])
	return id
}

// Rollback reports a data file that is older than one this computer has
// seen for the same vault: it was put back in place of a newer one (a
// restored backup, an old copy, or someone with access to the disk).
type Rollback struct {
	// File is the data file that was loaded (data.age or data.age.prev).
	File string
	// Generation is the loaded file's save number.
	Generation uint64
	// Seen is the newest save number of that file this computer has seen.
	Seen uint64
}

// seenRecord is what this computer remembers about one vault.
type seenRecord struct {
	// Cur and Prev are the newest generations seen of data.age and
	// data.age.prev.
	Cur, Prev uint64
}

var (
	seenMu   sync.Mutex
	seenSet  bool
	seenDir  string
	seenSkip = map[string]bool{}
)

// SetSeenDir sets the folder where the last generation seen of each vault
// is recorded, for the whole process. "" turns the records off (a demo or
// portable vault that must leave nothing on the computer). Without a call
// the folder is "safehouse/seen" in [os.UserConfigDir]. Tests point it at
// a temporary folder.
func SetSeenDir(dir string) {
	seenMu.Lock()
	defer seenMu.Unlock()
	seenSet, seenDir = true, dir
}

// SkipSeen keeps no generation record for the vault in dir, for the life
// of the process: for a throwaway vault, such as the demo the desktop app
// opens, that must leave nothing behind on the computer.
func SkipSeen(dir string) {
	seenMu.Lock()
	defer seenMu.Unlock()
	seenSkip[cleanDir(dir)] = true
}

// KeepsSeen reports whether a generation record is kept for the vault in
// dir: records are on ([SeenDir] is not "") and dir was not passed to
// [SkipSeen].
func KeepsSeen(dir string) bool {
	return seenDirFor(dir) != ""
}

func cleanDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return filepath.Clean(dir)
}

// seenDirFor returns the record folder for the vault in dir, or "".
func seenDirFor(dir string) string {
	seenMu.Lock()
	skip := seenSkip[cleanDir(dir)]
	seenMu.Unlock()
	if skip {
		return ""
	}
	return SeenDir()
}

// SeenDir returns the folder of the generation records, or "" when they
// are off or no configuration folder is known.
func SeenDir() string {
	seenMu.Lock()
	defer seenMu.Unlock()
	if seenSet {
		return seenDir
	}
	base, err := os.UserConfigDir()
	if err != nil || !filepath.IsAbs(base) {
		return ""
	}
	return filepath.Join(base, "safehouse", "seen")
}

const (
	seenVersion  = 1
	seenFileSize = 1 + 12 + 16 + 16 // version, nonce, record, tag
)

// seenName returns the record's file name for id: it does not reveal id.
func seenName(id vaultID) string {
	h := sha256.New()
	h.Write([]byte("safehouse seen name\x00"))
	h.Write(id[:])
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func seenAEAD(id vaultID) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, id[:], nil, "safehouse seen record", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	clear(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// readSeen returns this computer's record for the vault ID id; ok is false
// when there is none (or it cannot be read, which counts the same).
func (v *Vault) readSeen(id vaultID) (rec seenRecord, ok bool) {
	dir := seenDirFor(v.dir)
	if dir == "" {
		return rec, false
	}
	name := seenName(id)
	data, err := readLimited(filepath.Join(dir, name), seenFileSize)
	if err != nil || len(data) != seenFileSize || data[0] != seenVersion {
		return rec, false
	}
	aead, err := seenAEAD(id)
	if err != nil {
		return rec, false
	}
	plain, err := aead.Open(nil, data[1:13], data[13:], []byte(name))
	if err != nil || len(plain) != 16 {
		return rec, false
	}
	rec.Cur = binary.BigEndian.Uint64(plain[:8])
	rec.Prev = binary.BigEndian.Uint64(plain[8:])
	return rec, true
}

// writeSeen replaces the record for id (temporary file, rename). It is
// called after the data file it describes is on disk (synced), and is not
// synced itself: a power cut may lose the latest update, which can only
// make the record older (a rollback to the last saves goes unnoticed),
// never newer than the data, and costs no fsync on every save.
func (v *Vault) writeSeen(id vaultID, rec seenRecord) error {
	dir := seenDirFor(v.dir)
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	aead, err := seenAEAD(id)
	if err != nil {
		return err
	}
	name := seenName(id)
	var plain [16]byte
	binary.BigEndian.PutUint64(plain[:8], rec.Cur)
	binary.BigEndian.PutUint64(plain[8:], rec.Prev)
	out := make([]byte, 13, seenFileSize)
	out[0] = seenVersion
	rand.Read(out[1:13])
	out = aead.Seal(out, out[1:13], plain[:], []byte(name))

	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(out)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// removeSeen deletes the record for id (after the vault was wiped).
func (v *Vault) removeSeen(id vaultID) error {
	dir := seenDirFor(v.dir)
	if dir == "" {
		return nil
	}
	err := os.Remove(filepath.Join(dir, seenName(id)))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("failed to remove generation record: %w", err)
	}
	return nil
}
