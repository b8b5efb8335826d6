package vault

import (
	"bufio"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
)

// Recovery keys.
//
// The recovery key is the vault's data key, the age identity that key.age
// holds: "AGE-SECRET-KEY-PQ-1" followed by 58 characters of Bech32 (52 of
// key, 6 of checksum). People write down only those 58 characters, in
// groups of [RecoveryGroupSize] ([RecoveryGroups]); the fixed prefix
// adds nothing. [ParseRecoveryKey] reads what they type back: with or
// without the prefix, spaces, dashes or line breaks, in either case, and
// with the letter O read as the digit 0 (Bech32 has no O). The checksum
// catches typing mistakes before any file is touched.

const (
	// RecoveryGroupSize is the number of characters in each group of a
	// recovery key as shown to people.
	RecoveryGroupSize = 5
	// RecoveryKeyLength is the number of characters people write down.
	RecoveryKeyLength = 58
	// RecoveryGroups is the number of groups a recovery key is shown in
	// (the last one is shorter).
	RecoveryGroups = (RecoveryKeyLength + RecoveryGroupSize - 1) / RecoveryGroupSize

	hybridPrefix = "AGE-SECRET-KEY-PQ-1"
	x25519Prefix = "AGE-SECRET-KEY-1"
	// bech32Charset is the alphabet of the key part (lower case).
	bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
)

var (
	// ErrMalformedRecoveryKey is matched (with errors.Is) by every
	// [*RecoveryKeyError]: the text typed is not a recovery key at all.
	ErrMalformedRecoveryKey = errors.New("malformed recovery key")
	// ErrWrongRecoveryKey is returned when a well-formed recovery key
	// does not open this vault's data (it belongs to another vault).
	ErrWrongRecoveryKey = errors.New("recovery key does not open this vault")
)

// RecoveryKeyProblem says what is wrong with a malformed recovery key.
type RecoveryKeyProblem int

const (
	// KeyBadLength means the key has too few or too many characters.
	KeyBadLength RecoveryKeyProblem = iota
	// KeyBadCharacter means a character that recovery keys never contain.
	KeyBadCharacter
	// KeyTypo means the checksum does not match: a character was mistyped.
	KeyTypo
)

// RecoveryKeyError reports a recovery key refused before anything was
// read from disk.
type RecoveryKeyError struct {
	// Problem classifies the mistake.
	Problem RecoveryKeyProblem
	// Length is the number of key characters found (separators removed).
	Length int
	// Group is, for [KeyBadCharacter], the 1-based group holding the first
	// character recovery keys never contain.
	Group int
}

func (e *RecoveryKeyError) Error() string {
	switch e.Problem {
	case KeyBadLength:
		return fmt.Sprintf("malformed recovery key: %d characters, want %d", e.Length, RecoveryKeyLength)
	case KeyBadCharacter:
		return fmt.Sprintf("malformed recovery key: invalid character in group %d", e.Group)
	default:
		return "malformed recovery key: checksum mismatch"
	}
}

// Is makes every RecoveryKeyError match [ErrMalformedRecoveryKey].
func (e *RecoveryKeyError) Is(target error) bool { return target == ErrMalformedRecoveryKey }

// RecoveryKeyGroups splits a recovery key as returned by
// [Vault.RecoveryKey] into the groups people write down: the characters
// after the age prefix, upper case, [RecoveryGroupSize] at a time.
func RecoveryKeyGroups(key string) []string {
	code := strings.ToUpper(strings.TrimSpace(key))
	for _, p := range []string{hybridPrefix, x25519Prefix} {
		if strings.HasPrefix(code, p) {
			code = code[len(p):]
			break
		}
	}
	var groups []string
	for len(code) > RecoveryGroupSize {
		groups = append(groups, code[:RecoveryGroupSize])
		code = code[RecoveryGroupSize:]
	}
	if code != "" {
		groups = append(groups, code)
	}
	return groups
}

// ParseRecoveryKey reads a recovery key as a person types it and returns
// the vault identity it holds. It does no I/O and takes microseconds. A
// malformed key yields a [*RecoveryKeyError].
func ParseRecoveryKey(text string) (age.Identity, error) {
	code, prefixes := normalizeRecoveryKey(text)
	for i, r := range code {
		if !strings.ContainsRune(bech32Charset, r) {
			return nil, &RecoveryKeyError{Problem: KeyBadCharacter, Length: len(code), Group: i/RecoveryGroupSize + 1}
		}
	}
	if len(code) != RecoveryKeyLength {
		return nil, &RecoveryKeyError{Problem: KeyBadLength, Length: len(code)}
	}
	for _, prefix := range prefixes {
		hrp := strings.TrimSuffix(prefix, "1")
		if !bech32Verify(strings.ToLower(hrp), code) {
			continue
		}
		full := prefix + strings.ToUpper(code)
		var id age.Identity
		var err error
		if prefix == hybridPrefix {
			id, err = age.ParseHybridIdentity(full)
		} else {
			id, err = age.ParseX25519Identity(full)
		}
		if err != nil {
			return nil, &RecoveryKeyError{Problem: KeyTypo, Length: len(code)}
		}
		return id, nil
	}
	return nil, &RecoveryKeyError{Problem: KeyTypo, Length: len(code)}
}

// normalizeRecoveryKey returns the key characters of text in lower case,
// with separators and a typed age prefix removed and O read as 0, and the
// prefixes (key types) to try.
func normalizeRecoveryKey(text string) (code string, prefixes []string) {
	var b strings.Builder
	for _, r := range strings.ToUpper(text) {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '-' || r == '_' || r == '.' || r == '·':
		case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xa0, r == 0x202f, r == 0x2009, r == 0x200b:
			// Typographic dashes and spaces from a pasted note.
		case r == 'O':
			b.WriteRune('0')
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	switch {
	case strings.HasPrefix(s, "AGESECRETKEYPQ1"):
		return strings.ToLower(s[len("AGESECRETKEYPQ1"):]), []string{hybridPrefix}
	case strings.HasPrefix(s, "AGESECRETKEY1"):
		return strings.ToLower(s[len("AGESECRETKEY1"):]), []string{x25519Prefix}
	}
	return strings.ToLower(s), []string{hybridPrefix, x25519Prefix}
}

// bech32Verify checks the Bech32 checksum of data (lower-case charset
// characters, checksum included) under the human-readable part hrp.
func bech32Verify(hrp, data string) bool {
	values := make([]byte, 0, 2*len(hrp)+1+len(data))
	for _, c := range []byte(hrp) {
		values = append(values, c>>5)
	}
	values = append(values, 0)
	for _, c := range []byte(hrp) {
		values = append(values, c&31)
	}
	for _, r := range data {
		values = append(values, byte(strings.IndexRune(bech32Charset, r)))
	}
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range gen {
			if top>>i&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk == 1
}

// CheckRecoveryKey reports whether the recovery key typed as text opens the
// vault in dir: nil, a [*RecoveryKeyError] for a malformed key (found
// before any file is read), [ErrWrongRecoveryKey] for a key of another
// vault, [ErrNotFound], or a [*DamagedError] when no data file can be
// read to tell. It only reads the headers of the data files and changes
// nothing, so it needs no lock and works while key.age is damaged.
func CheckRecoveryKey(dir, text string) error {
	id, err := ParseRecoveryKey(text)
	if err != nil {
		return err
	}
	return matchData(dir, id)
}

// matchData checks that id opens data.age, or data.age.prev when data.age
// is damaged or missing. Only the age header is read: unwrapping the file
// key authenticates the header, which proves the identity is this vault's.
func matchData(dir string, id age.Identity) error {
	var damaged error
	wrong, found := false, false
	for _, name := range []string{DataFile, PrevFile} {
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("failed to read %s: %w", name, err)
		}
		found = true
		_, err = age.Decrypt(bufio.NewReader(io.LimitReader(f, maxDataFileSize)), id)
		f.Close()
		if err == nil {
			return nil
		}
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			wrong = true
		} else if damaged == nil {
			damaged = &DamagedError{File: name, Err: err}
		}
	}
	switch {
	case !found:
		return ErrNotFound
	case wrong:
		return ErrWrongRecoveryKey
	}
	return damaged
}

// Recover opens the vault in dir with its recovery key instead of the
// passphrase, and makes newPass its passphrase: key.age is rewritten
// (temporary file, fsync, read back and unlocked with newPass, rename,
// fsync of the folder, the old file overwritten), so the old key.age stays
// in place, valid, until the new one replaces it. From then on the old
// passphrase no longer opens the vault; the recovery key does not change
// (it is the data key) and keeps working. Unlike [Vault.ChangePassphrase]
// the data key is kept: the recovery key is for a forgotten passphrase,
// and the paper must go on working.
//
// The key is checked first, before the lock is taken or anything is
// written: a malformed key yields a [*RecoveryKeyError], a key of another
// vault [ErrWrongRecoveryKey], and in both cases the folder is unchanged.
// A damaged or missing key.age is no obstacle: it is what the recovery key
// is for. The returned vault is open and holds the lock; read its data
// with [Vault.Load] and call [Vault.Close] when done.
func Recover(dir, text string, newPass []byte) (*Vault, error) {
	return recoverVault(dir, text, newPass, osFS{})
}

func recoverVault(dir, text string, newPass []byte, fsys fileSystem) (*Vault, error) {
	id, err := ParseRecoveryKey(text)
	if err != nil {
		return nil, err
	}
	if len(newPass) == 0 {
		return nil, errors.New("empty passphrase")
	}
	if !hasData(dir) {
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
	if err := matchData(dir, id); err != nil {
		return nil, err
	}
	if id2, _ := openSecondKey(dir, newPass); id2 != nil {
		return nil, ErrPassphraseTaken
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.setIdentity(id)
	if err := v.writeKey(newPass); err != nil {
		return nil, err
	}
	// Finish a passphrase change that was interrupted.
	v.unsettled = true
	v.settle()
	v.ensureSecond()
	ok = true
	return v, nil
}

// hasData reports whether dir holds a data file of either generation.
func hasData(dir string) bool {
	for _, name := range []string{DataFile, PrevFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// CheckRecoveryKey reports whether the recovery key typed as text is this
// open vault's: nil, a [*RecoveryKeyError] or [ErrWrongRecoveryKey]. It is
// for a vault kept open while the app is locked (its last save failed),
// whose lock would make [CheckRecoveryKey] on the folder impossible to
// follow with [Recover]. It changes nothing.
func (v *Vault) CheckRecoveryKey(text string) error {
	id, err := ParseRecoveryKey(text)
	if err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil {
		return ErrClosed
	}
	return v.matchIdentity(id)
}

// RecoverPassphrase is [Recover] for a vault this process already holds
// open: it checks the recovery key against the vault's data key and
// rewrites key.age for newPass with the careful save sequence.
func (v *Vault) RecoverPassphrase(text string, newPass []byte) error {
	id, err := ParseRecoveryKey(text)
	if err != nil {
		return err
	}
	if len(newPass) == 0 {
		return errors.New("empty passphrase")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.identity == nil {
		return ErrClosed
	}
	if err := v.matchIdentity(id); err != nil {
		return err
	}
	if id2, _ := openSecondKey(v.dir, newPass); id2 != nil {
		return ErrPassphraseTaken
	}
	return v.writeKey(newPass)
}

// matchIdentity compares id with the vault's data key in constant time.
// v.mu must be held.
func (v *Vault) matchIdentity(id age.Identity) error {
	var text string
	switch id := id.(type) {
	case *age.HybridIdentity:
		text = id.String()
	case *age.X25519Identity:
		text = id.String()
	}
	if subtle.ConstantTimeCompare([]byte(text), v.identityText) != 1 {
		return ErrWrongRecoveryKey
	}
	return nil
}
