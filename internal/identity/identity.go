package identity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"
)

// Identity is a vault's sharing identity: the private halves of the age
// hybrid key and the Ed25519 signing key.
type Identity struct {
	age  *age.HybridIdentity
	sign ed25519.PrivateKey
	keys Keys
}

// Generate returns a new random sharing identity.
func Generate() (*Identity, error) {
	a, err := age.GenerateHybridIdentity()
	if err != nil {
		return nil, fmt.Errorf("failed to generate encryption key: %w", err)
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("failed to generate signing key: %w", err)
	}
	return Parse(a.String(), seed)
}

// Parse returns the identity stored as an age identity string
// ("AGE-SECRET-KEY-PQ-1...") and a 32-byte Ed25519 seed, as written by
// [Identity.Secret].
func Parse(ageIdentity string, seed []byte) (*Identity, error) {
	a, err := age.ParseHybridIdentity(ageIdentity)
	if err != nil {
		return nil, fmt.Errorf("invalid encryption key: %w", err)
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("invalid signing key: %d bytes, want %d", len(seed), ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	id := &Identity{age: a, sign: priv}
	id.keys = Keys{Recipient: a.Recipient().String(), SigningKey: bytes.Clone(priv.Public().(ed25519.PublicKey))}
	return id, nil
}

// Secret returns the private keys in the form [Parse] reads. Callers must
// keep them inside the encrypted database only.
func (id *Identity) Secret() (ageIdentity string, seed []byte) {
	return id.age.String(), bytes.Clone(id.sign.Seed())
}

// AgeIdentity returns the age identity that decrypts bundles sent to this
// identity.
func (id *Identity) AgeIdentity() *age.HybridIdentity { return id.age }

// Keys returns the public keys.
func (id *Identity) Keys() Keys { return id.keys }

// Fingerprint returns the fingerprint of the public keys.
func (id *Identity) Fingerprint() Fingerprint { return id.keys.Fingerprint() }

// Sign signs msg with the Ed25519 key.
func (id *Identity) Sign(msg []byte) []byte { return ed25519.Sign(id.sign, msg) }

// Destroy zeroes the private signing key id holds, so that no copy of it
// stays in memory once id is dropped; id must not sign afterwards. The
// age identity's private keys live in the age library's own types, which
// cannot be cleared (docs/memory.md). A nil id is ignored.
func (id *Identity) Destroy() {
	if id != nil {
		clear(id.sign)
	}
}

// Keys are the public keys of a sharing identity.
type Keys struct {
	// Recipient is the age hybrid recipient string ("age1pq1...").
	Recipient string
	// SigningKey is the raw Ed25519 public key.
	SigningKey ed25519.PublicKey
}

// MaxRecipient is the longest age recipient string accepted.
const MaxRecipient = 4096

// Validate checks that both keys are well formed. The signing key must be
// the canonical encoding of a point in the prime-order subgroup: weak
// (small-order) keys, for which signatures can be forged without a
// private key, and other spellings of a key are refused.
func (k Keys) Validate() error {
	if len(k.Recipient) > MaxRecipient {
		return errors.New("encryption key too long")
	}
	if _, err := age.ParseHybridRecipient(k.Recipient); err != nil {
		return fmt.Errorf("invalid encryption key: %w", err)
	}
	return checkSigningKey(k.SigningKey)
}

// AgeRecipient parses the age recipient.
func (k Keys) AgeRecipient() (*age.HybridRecipient, error) {
	return age.ParseHybridRecipient(k.Recipient)
}

// Verify reports whether sig is a valid signature of msg by the signing
// key. A weak or non-canonical key verifies nothing.
func (k Keys) Verify(msg, sig []byte) bool {
	return checkSigningKey(k.SigningKey) == nil && len(sig) == ed25519.SignatureSize &&
		ed25519.Verify(k.SigningKey, msg, sig)
}

// Equal reports whether k and o are the same keys.
func (k Keys) Equal(o Keys) bool {
	return k.Recipient == o.Recipient && bytes.Equal(k.SigningKey, o.SigningKey)
}

const fingerprintDomain = "safehouse-keys-v1\n"

// Fingerprint returns the fingerprint of the key set (see the package
// documentation).
func (k Keys) Fingerprint() Fingerprint {
	h := sha256.New()
	h.Write([]byte(fingerprintDomain))
	var n [2]byte
	binary.BigEndian.PutUint16(n[:], uint16(len(k.Recipient)))
	h.Write(n[:])
	h.Write([]byte(k.Recipient))
	binary.BigEndian.PutUint16(n[:], uint16(len(k.SigningKey)))
	h.Write(n[:])
	h.Write(k.SigningKey)
	var f Fingerprint
	h.Sum(f[:0])
	return f
}

// SigningKeyText is the signing key as stored with a contact: unpadded
// base64url.
func (k Keys) SigningKeyText() string { return b64.EncodeToString(k.SigningKey) }

// ParseSigningKeyText decodes a signing key written by
// [Keys.SigningKeyText]; only that one spelling is accepted. It does not
// check the key itself (see [Keys.Validate]).
func ParseSigningKeyText(s string) (ed25519.PublicKey, error) {
	if !isB64URL(s) {
		return nil, errors.New("invalid signing key: characters outside base64url")
	}
	sk, err := cardB64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("invalid signing key: %w", err)
	}
	return sk, nil
}

// ParseKeys parses keys in the text form stored with a contact (see
// contact.PeerKeys) and validates them.
func ParseKeys(recipient, signingKey string) (Keys, error) {
	sk, err := ParseSigningKeyText(signingKey)
	if err != nil {
		return Keys{}, err
	}
	k := Keys{Recipient: recipient, SigningKey: sk}
	if err := k.Validate(); err != nil {
		return Keys{}, err
	}
	return k, nil
}

// Fingerprint identifies a key set: SHA-256 over both public keys.
type Fingerprint [sha256.Size]byte

// String returns the fingerprint as 64 lower-case hex digits.
func (f Fingerprint) String() string { return hex.EncodeToString(f[:]) }

// Display returns the fingerprint in groups of four hex digits for people
// to read.
func (f Fingerprint) Display() string {
	s := f.String()
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i : i+4])
	}
	return b.String()
}

// IsZero reports whether f is the zero value.
func (f Fingerprint) IsZero() bool { return f == Fingerprint{} }

// ParseFingerprint parses 64 hex digits (spaces allowed, any case).
func ParseFingerprint(s string) (Fingerprint, error) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	var f Fingerprint
	if len(s) != 2*len(f) {
		return f, errors.New("invalid fingerprint: want 64 hex digits")
	}
	if _, err := hex.Decode(f[:], []byte(s)); err != nil {
		return Fingerprint{}, fmt.Errorf("invalid fingerprint: %w", err)
	}
	return f, nil
}

const safetyDomain = "safehouse-safety-phrase-v1\n"

// SafetyPhrase returns the phrase two parties compare to verify each
// other's keys: six groups of five digits, the same whichever fingerprint
// is a and which b.
func SafetyPhrase(a, b Fingerprint) string {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	h := sha256.New()
	h.Write([]byte(safetyDomain))
	h.Write(a[:])
	h.Write(b[:])
	sum := h.Sum(nil)
	groups := make([]string, 6)
	for i := range groups {
		var v uint64
		for _, c := range sum[5*i : 5*i+5] {
			v = v<<8 | uint64(c)
		}
		groups[i] = fmt.Sprintf("%05d", v%100000)
	}
	return strings.Join(groups, " ")
}
