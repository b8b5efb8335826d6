package vault

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync/atomic"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/scrypt"
)

// Passphrase stanzas.
//
// key.age is an age file with one "scrypt" stanza, exactly as
// age.NewScryptRecipient writes it, so `age -d -i key.age` reads it. The
// two types below produce and read that stanza themselves, because the
// age API takes the passphrase as a Go string: every unlock would leave
// an immutable copy of it on the heap that nothing can clear. Here the
// passphrase stays in the caller's byte slice (which the caller clears),
// the derived key is cleared after use, and the work factor is checked
// before any work is done.

const (
	scryptLabel    = "age-encryption.org/v1/scrypt"
	scryptSaltSize = 16
	fileKeySize    = 16
)

var b64 = base64.RawStdEncoding.Strict()

// passRecipient encrypts an age file key to a passphrase (an scrypt
// stanza). It must be the only recipient of a file.
type passRecipient struct {
	pass []byte // not owned; the caller clears it
	logN int
}

var _ age.RecipientWithLabels = (*passRecipient)(nil)

// Wrap implements age.Recipient.
func (r *passRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	if len(r.pass) == 0 {
		return nil, errors.New("empty passphrase")
	}
	if r.logN < 1 || r.logN > 30 {
		return nil, fmt.Errorf("invalid scrypt work factor %d", r.logN)
	}
	salt := make([]byte, scryptSaltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	k, err := deriveKey(r.pass, salt, r.logN)
	if err != nil {
		return nil, fmt.Errorf("failed to derive key: %w", err)
	}
	defer clear(k)
	aead, err := chacha20poly1305.New(k)
	if err != nil {
		return nil, err
	}
	body := aead.Seal(nil, make([]byte, chacha20poly1305.NonceSize), fileKey, nil)
	return []*age.Stanza{{
		Type: "scrypt",
		Args: []string{b64.EncodeToString(salt), strconv.Itoa(r.logN)},
		Body: body,
	}}, nil
}

// WrapWithLabels implements age.RecipientWithLabels with a random label,
// as age does, so a passphrase can never share a file with another
// recipient.
func (r *passRecipient) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	s, err := r.Wrap(fileKey)
	if err != nil {
		return nil, nil, err
	}
	label := make([]byte, 16)
	if _, err := rand.Read(label); err != nil {
		return nil, nil, err
	}
	return s, []string{hex.EncodeToString(label)}, nil
}

// passIdentity decrypts an age file encrypted to a passphrase. Files
// asking for a work factor above maxLogN are refused before any scrypt
// work ([ErrWorkFactor]).
type passIdentity struct {
	pass    []byte // not owned; the caller clears it
	maxLogN int
}

var _ age.Identity = (*passIdentity)(nil)

// ErrWorkFactor is wrapped by the error for a passphrase-encrypted file
// whose scrypt work factor is above [MaxWorkFactor]: opening it would
// take minutes and gigabytes of memory, so it is refused at once.
var ErrWorkFactor = errors.New("scrypt work factor too large")

// derivations counts the passphrase derivations made to open files, so
// tests can check that every unlock derives both key slots.
var derivations atomic.Int64

// Unwrap implements age.Identity with the rules of age's own scrypt
// identity: the stanza must be the file's only one, its arguments are
// canonical, and a wrong passphrase yields age.ErrIncorrectIdentity.
func (i *passIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type == "scrypt" && len(stanzas) != 1 {
			return nil, errors.New("an scrypt recipient must be the only one")
		}
	}
	if len(stanzas) != 1 || stanzas[0].Type != "scrypt" {
		return nil, fmt.Errorf("%w: file is not passphrase-encrypted", age.ErrIncorrectIdentity)
	}
	s := stanzas[0]
	if len(s.Args) != 2 {
		return nil, errors.New("invalid scrypt recipient block")
	}
	salt, err := b64.DecodeString(s.Args[0])
	if err != nil || len(salt) != scryptSaltSize {
		return nil, errors.New("invalid scrypt salt")
	}
	w := s.Args[1]
	if w == "" || len(w) > 2 || w[0] < '1' || w[0] > '9' || (len(w) == 2 && (w[1] < '0' || w[1] > '9')) {
		return nil, fmt.Errorf("invalid scrypt work factor encoding %q", w)
	}
	logN, _ := strconv.Atoi(w)
	if logN > i.maxLogN || logN > 30 {
		return nil, fmt.Errorf("%w: %d, limit %d", ErrWorkFactor, logN, i.maxLogN)
	}
	if len(s.Body) != fileKeySize+chacha20poly1305.Overhead {
		return nil, errors.New("invalid scrypt recipient block: incorrect file key size")
	}
	if len(i.pass) == 0 {
		return nil, fmt.Errorf("%w: empty passphrase", age.ErrIncorrectIdentity)
	}
	k, err := deriveKey(i.pass, salt, logN)
	if err != nil {
		return nil, fmt.Errorf("failed to derive key: %w", err)
	}
	defer clear(k)
	derivations.Add(1)
	aead, err := chacha20poly1305.New(k)
	if err != nil {
		return nil, err
	}
	fileKey, err := aead.Open(nil, make([]byte, chacha20poly1305.NonceSize), s.Body, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: incorrect passphrase", age.ErrIncorrectIdentity)
	}
	return fileKey, nil
}

// releaseFromLogN is the work factor from which a derivation's memory is
// handed back to the system at once: 128 × 8 × 2^16 bytes = 64 MiB.
const releaseFromLogN = 16

// deriveKey runs scrypt as age's scrypt stanza does (r = 8, p = 1, the
// label prefixed to the salt). At the shipped work factor scrypt
// allocates 256 MiB that is garbage the moment it returns; the Go heap
// would keep that memory and grow past it for the database (two slots are
// derived at every unlock), so opening the large demo vault peaked at
// 585–656 MB. Returning it at once keeps the peak near what one
// derivation needs; returning the heap's free memory before it too takes
// what the process held before (the desktop app's unlock screen: ~30 MB)
// off that peak. Each costs one garbage collection, against a
// derivation of about a second.
func deriveKey(pass, salt []byte, logN int) ([]byte, error) {
	if logN >= releaseFromLogN {
		debug.FreeOSMemory()
	}
	k, err := scrypt.Key(pass, append([]byte(scryptLabel), salt...), 1<<logN, 8, 1, chacha20poly1305.KeySize)
	if logN >= releaseFromLogN {
		debug.FreeOSMemory()
	}
	return k, err
}
