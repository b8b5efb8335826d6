package bundle

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/identity"
)

// Envelope constants (docs/bundle-format.md).
const (
	innerMagic     = "SHBUNDLE"
	innerVersion   = 1
	signDomain     = "safehouse-bundle-v1\n"
	maxManifest    = 256 << 10
	minPaddedInner = 4 << 10
	// WorkFactor is the scrypt work factor of passphrase bundles.
	WorkFactor = 18
	// MaxWorkFactor is the largest scrypt work factor accepted; larger
	// ones are refused before any work is done. It is the one Safehouse
	// writes: every file it makes opens, and no file can make opening it
	// cost more than that (about 1 s and 256 MiB; 20 would be 4–5 s and
	// 1 GiB, beyond what opening a shared file may cost).
	MaxWorkFactor = WorkFactor
)

// SealOptions say how to seal a bundle.
type SealOptions struct {
	// Recipients are the peers' keys. Exactly one of Recipients and
	// Passphrase must be set.
	Recipients []identity.Keys
	// Passphrase encrypts the bundle with age's scrypt recipient instead.
	Passphrase string
	// WorkFactor is the scrypt work factor; 0 means [WorkFactor].
	WorkFactor int
	// Armor writes the ASCII armored form of age.
	Armor bool
	// Sequence is the sender's bundle counter for this bundle (≥ 1).
	Sequence int64
	// Now is the creation time; zero means the current time.
	Now time.Time
	// ID is the bundle UUID; "" means a new random one.
	ID string
}

// Seal signs the payload with the sender's identity and encrypts it to
// the recipients (or the passphrase). It returns the bundle file and its
// manifest.
func Seal(sender *identity.Identity, p *Payload, opts SealOptions) ([]byte, *Manifest, error) {
	lim := DefaultLimits
	if (len(opts.Recipients) == 0) == (opts.Passphrase == "") {
		return nil, nil, errors.New("bundle needs either recipients or a passphrase")
	}
	if len(opts.Recipients) > MaxRecipients {
		return nil, nil, errf(ErrTooLarge, "%d recipients, limit %d", len(opts.Recipients), MaxRecipients)
	}
	if opts.Sequence < 1 {
		return nil, nil, errors.New("bundle sequence must be at least 1")
	}
	plain, compressed, err := encodePayload(p, lim)
	if err != nil {
		return nil, nil, err
	}
	m := newManifest(sender, p, opts, plain, compressed)
	mb, err := json.Marshal(m)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to encode manifest: %w", err)
	}
	sig := sender.Sign(signedMessage(mb, compressed))
	inner := assemble(mb, compressed, sig)
	var ageRecipients []age.Recipient
	if opts.Passphrase != "" {
		r, err := age.NewScryptRecipient(opts.Passphrase)
		if err != nil {
			return nil, nil, err
		}
		wf := opts.WorkFactor
		if wf == 0 {
			wf = WorkFactor
		}
		r.SetWorkFactor(wf)
		ageRecipients = append(ageRecipients, r)
	}
	for _, k := range opts.Recipients {
		r, err := k.AgeRecipient()
		if err != nil {
			return nil, nil, fmt.Errorf("invalid recipient key: %w", err)
		}
		ageRecipients = append(ageRecipients, r)
	}
	file, err := encrypt(inner, opts.Armor, ageRecipients...)
	if err != nil {
		return nil, nil, err
	}
	return file, m, nil
}

func newManifest(sender *identity.Identity, p *Payload, opts SealOptions, plain, compressed []byte) *Manifest {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	id := opts.ID
	if id == "" {
		id = uuid.NewString()
	}
	keys := sender.Keys()
	sum := sha256.Sum256(compressed)
	m := &Manifest{
		Format:  FormatVersion,
		ID:      id,
		Created: now.UTC().Truncate(time.Second),
		Sender: Sender{Fingerprint: keys.Fingerprint().String(), Recipient: keys.Recipient,
			SigningKey: keys.SigningKeyText()},
		Recipients: []string{},
		Passphrase: opts.Passphrase != "",
		Sequence:   opts.Sequence,
		Payload: PayloadInfo{Compression: "deflate", SHA256: hex.EncodeToString(sum[:]), Size: int64(len(compressed)),
			ExpandedSize: int64(len(plain))},
		Counts: p.Counts(),
	}
	for _, k := range opts.Recipients {
		m.Recipients = append(m.Recipients, k.Fingerprint().String())
	}
	return m
}

// signedMessage is what the sender signs: a domain separator, the
// manifest bytes exactly as stored, and the hash of the compressed payload.
func signedMessage(manifest, compressed []byte) []byte {
	sum := sha256.Sum256(compressed)
	msg := make([]byte, 0, len(signDomain)+len(manifest)+len(sum))
	msg = append(msg, signDomain...)
	msg = append(msg, manifest...)
	return append(msg, sum[:]...)
}

// assemble builds the inner plaintext: magic, version, length-prefixed
// manifest, payload and signature, then zero padding (see [PaddedSize]).
func assemble(manifest, compressed, sig []byte) []byte {
	var b bytes.Buffer
	b.WriteString(innerMagic)
	b.WriteByte(innerVersion)
	binary.Write(&b, binary.BigEndian, uint32(len(manifest)))
	b.Write(manifest)
	binary.Write(&b, binary.BigEndian, uint32(len(compressed)))
	b.Write(compressed)
	binary.Write(&b, binary.BigEndian, uint16(len(sig)))
	b.Write(sig)
	out := make([]byte, PaddedSize(b.Len()))
	copy(out, b.Bytes())
	return out
}

// PaddedSize returns the size an inner plaintext of n bytes is padded to:
// the Padmé scheme (only O(log log n) bits of the length survive, at most
// 12% overhead) with a floor of 4 KiB.
func PaddedSize(n int) int {
	if n <= minPaddedInner {
		return minPaddedInner
	}
	e := bits.Len(uint(n)) - 1
	s := bits.Len(uint(e))
	mask := (1 << (e - s)) - 1
	return (n + mask) &^ mask
}

func encrypt(inner []byte, armored bool, recipients ...age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	var dst io.Writer = &buf
	var aw io.WriteCloser
	if armored {
		aw = armor.NewWriter(&buf)
		dst = aw
	}
	w, err := age.Encrypt(dst, recipients...)
	if err != nil {
		return nil, fmt.Errorf("failed to encrypt bundle: %w", err)
	}
	if _, err := w.Write(inner); err != nil {
		return nil, fmt.Errorf("failed to encrypt bundle: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("failed to encrypt bundle: %w", err)
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return nil, fmt.Errorf("failed to encrypt bundle: %w", err)
		}
	}
	return buf.Bytes(), nil
}

// OpenOptions say how to open a bundle.
type OpenOptions struct {
	// Identity is this vault's sharing identity; it may be nil when
	// Passphrase is set.
	Identity *identity.Identity
	// Passphrase opens a passphrase bundle.
	Passphrase string
	// Limits override [DefaultLimits] (zero fields keep the default).
	Limits Limits
}

// Opened is a decrypted, verified bundle. Whether its sender is trusted,
// it is addressed to this vault and it is new is decided by [Check].
type Opened struct {
	Manifest *Manifest
	Payload  *Payload
	// SenderKeys are the signer's public keys.
	SenderKeys identity.Keys
}

const armorHeader = "-----BEGIN AGE ENCRYPTED FILE-----"

// Open decrypts a bundle file, checks its structure and signature and
// decodes its payload within the limits. A bundle whose signed manifest
// says it is protected by a passphrase must arrive encrypted to a
// passphrase, and one naming recipients encrypted to keys; anything else
// was re-encrypted by someone and is refused ([ErrForwarded]). Every
// error wraps one of the sentinel errors of this package.
func Open(file []byte, opts OpenOptions) (*Opened, error) {
	lim := opts.Limits.orDefault()
	env, err := decryptEnvelope(file, opts, lim)
	if err != nil {
		return nil, err
	}
	return env.decode(lim)
}

// OpenManifest is [Open] without the payload: it decrypts the bundle and
// verifies its envelope, signed manifest and the hash of the compressed
// payload, but never decompresses or decodes the payload (Opened.Payload
// is nil). A background scan uses it, so that a file from a stranger
// costs no more than its decryption.
func OpenManifest(file []byte, opts OpenOptions) (*Opened, error) {
	env, err := decryptEnvelope(file, opts, opts.Limits.orDefault())
	if err != nil {
		return nil, err
	}
	return &Opened{Manifest: env.m, SenderKeys: env.keys}, nil
}

// decryptEnvelope decrypts file and verifies its envelope.
func decryptEnvelope(file []byte, opts OpenOptions, lim Limits) (*envelope, error) {
	if int64(len(file)) > lim.File {
		return nil, errf(ErrTooLarge, "file is %d bytes, limit %d", len(file), lim.File)
	}
	var src io.Reader = bytes.NewReader(file)
	if bytes.HasPrefix(bytes.TrimLeft(file, " \t\r\n"), []byte(armorHeader)) {
		src = armor.NewReader(src)
	}
	gate := &headerGate{opts: opts}
	r, err := age.Decrypt(src, gate)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		switch {
		case errors.Is(err, ErrNeedPassphrase), errors.Is(err, ErrTooLarge), errors.Is(err, ErrNotForUs):
			return nil, err
		case errors.As(err, &noMatch):
			return nil, fmt.Errorf("%w: %v", ErrNotForUs, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrTampered, err)
	}
	scrypt := gate.scrypt
	maxInner := PaddedSize(8+1+4+maxManifest+4+int(lim.Compressed)+2+64) + 1
	inner, err := io.ReadAll(io.LimitReader(r, int64(maxInner)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTampered, err)
	}
	if len(inner) >= maxInner {
		return nil, errf(ErrTooLarge, "decrypted bundle exceeds %d bytes", maxInner-1)
	}
	env, err := openEnvelope(inner, lim)
	if err != nil {
		return nil, err
	}
	if env.m.Passphrase != scrypt {
		return nil, errf(ErrForwarded, "encrypted otherwise than its signed manifest says (passphrase: %v)", env.m.Passphrase)
	}
	return env, nil
}

// headerGate is the one [age.Identity] a bundle is decrypted with. age
// hands it the header's recipient stanzas before any key work, and it
// decides from them, as the format says (docs/bundle-format.md): a file
// sealed to a passphrase (one "scrypt" stanza) is opened with the
// passphrase and a work factor of at most [MaxWorkFactor], refused at once
// above it; any other file with this vault's key, and only when it names
// at most [MaxRecipients] recipients, so a header of a million stanzas
// costs nothing to refuse.
type headerGate struct {
	opts OpenOptions
	// scrypt records that the file was sealed to a passphrase.
	scrypt bool
}

// Unwrap implements [age.Identity].
func (g *headerGate) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type != "scrypt" {
			continue
		}
		g.scrypt = true
		if len(s.Args) == 2 {
			if n, err := strconv.Atoi(s.Args[1]); err != nil || n > MaxWorkFactor {
				return nil, errf(ErrTooLarge, "passphrase work factor %s, limit %d", s.Args[1], MaxWorkFactor)
			}
		}
	}
	if g.scrypt {
		if g.opts.Passphrase == "" {
			return nil, ErrNeedPassphrase
		}
		id, err := age.NewScryptIdentity(g.opts.Passphrase)
		if err != nil {
			return nil, err
		}
		id.SetMaxWorkFactor(MaxWorkFactor)
		return id.Unwrap(stanzas)
	}
	if len(stanzas) > MaxRecipients {
		return nil, errf(ErrTooLarge, "encrypted to %d recipients, limit %d", len(stanzas), MaxRecipients)
	}
	if g.opts.Identity == nil {
		return nil, errf(ErrNotForUs, "no key to try")
	}
	return g.opts.Identity.AgeIdentity().Unwrap(stanzas)
}

// envelope is a verified inner plaintext whose payload is not decoded.
type envelope struct {
	m          *Manifest
	keys       identity.Keys
	compressed []byte
}

// openInner parses and verifies a decrypted inner plaintext and decodes
// its payload.
func openInner(inner []byte, lim Limits) (*Opened, error) {
	env, err := openEnvelope(inner, lim)
	if err != nil {
		return nil, err
	}
	return env.decode(lim)
}

// openEnvelope parses a decrypted inner plaintext and verifies the
// signature and the payload hash, without decompressing the payload.
func openEnvelope(inner []byte, lim Limits) (*envelope, error) {
	p := inner
	if len(p) < len(innerMagic)+1 || string(p[:len(innerMagic)]) != innerMagic {
		return nil, errf(ErrTampered, "not a Safehouse bundle")
	}
	p = p[len(innerMagic):]
	if p[0] != innerVersion {
		return nil, errf(ErrVersion, "envelope version %d", p[0])
	}
	p = p[1:]
	mb, p, err := lengthPrefixed(p, 4, maxManifest, "manifest")
	if err != nil {
		return nil, err
	}
	compressed, p, err := lengthPrefixed(p, 4, int(lim.Compressed), "payload")
	if err != nil {
		return nil, err
	}
	sig, p, err := lengthPrefixed(p, 2, 64, "signature")
	if err != nil {
		return nil, err
	}
	if len(sig) == 0 {
		return nil, ErrUnsigned
	}
	if len(sig) != 64 {
		return nil, errf(ErrTampered, "bad signature length")
	}
	for _, c := range p {
		if c != 0 {
			return nil, errf(ErrTampered, "data after the signature")
		}
	}
	m, err := parseManifest(mb)
	if err != nil {
		return nil, err
	}
	keys, err := m.Sender.Keys()
	if err != nil {
		return nil, err
	}
	if !keys.Verify(signedMessage(mb, compressed), sig) {
		return nil, errf(ErrTampered, "signature does not verify")
	}
	sum := sha256.Sum256(compressed)
	if hex.EncodeToString(sum[:]) != m.Payload.SHA256 || int64(len(compressed)) != m.Payload.Size {
		return nil, errf(ErrTampered, "payload does not match the manifest")
	}
	if m.Payload.ExpandedSize > lim.Expanded {
		return nil, errf(ErrTooLarge, "expanded payload is %d bytes, limit %d", m.Payload.ExpandedSize, lim.Expanded)
	}
	return &envelope{m: m, keys: keys, compressed: compressed}, nil
}

// decode decompresses, scans, decodes and validates the payload.
func (e *envelope) decode(lim Limits) (*Opened, error) {
	payload, err := decodePayload(e.compressed, e.m.Payload.ExpandedSize, lim)
	if err != nil {
		return nil, err
	}
	if payload.Counts() != e.m.Counts {
		return nil, errf(ErrTampered, "payload does not match the manifest")
	}
	if err := validatePayload(payload); err != nil {
		return nil, err
	}
	return &Opened{Manifest: e.m, Payload: payload, SenderKeys: e.keys}, nil
}

func lengthPrefixed(p []byte, width, limit int, what string) (field, rest []byte, err error) {
	if len(p) < width {
		return nil, nil, errf(ErrTampered, "truncated %s", what)
	}
	var n uint64
	if width == 4 {
		n = uint64(binary.BigEndian.Uint32(p))
	} else {
		n = uint64(binary.BigEndian.Uint16(p))
	}
	p = p[width:]
	if n > uint64(limit) {
		if what == "signature" {
			return nil, nil, errf(ErrTampered, "bad signature length")
		}
		return nil, nil, errf(ErrTooLarge, "%s of %d bytes, limit %d", what, n, limit)
	}
	if uint64(len(p)) < n {
		return nil, nil, errf(ErrTampered, "truncated %s", what)
	}
	return p[:n], p[n:], nil
}

// SenderState is what the vault knows about a bundle's signer.
type SenderState struct {
	// Known is true when the signer's fingerprint belongs to a peer (or
	// is the vault's own).
	Known bool
	// LastSequence is the highest sequence imported from the signer (for
	// the vault's own bundles: the last sequence it gave out).
	LastSequence int64
	// Imported is true when this bundle (its ID, from this signer) was
	// imported already.
	Imported bool
}

// Check decides whether an opened bundle may be imported by the vault
// whose fingerprint is self: the bundle must name self among its signed
// recipients ([ErrForwarded]; passphrase bundles name nobody), come from
// a known peer ([*UnknownSenderError]) and not have been imported before
// ([ErrReplay]: importing it again would change nothing). A bundle whose
// sequence is not above the last one from its sender is then judged by
// its content (merge.CheckNewer, given the plan of its merge).
func Check(m *Manifest, self string, sender SenderState) error {
	if !m.Passphrase {
		found := false
		for _, r := range m.Recipients {
			found = found || r == self
		}
		if !found {
			return ErrForwarded
		}
	}
	if !sender.Known {
		return &UnknownSenderError{Fingerprint: m.Sender.Fingerprint}
	}
	if sender.Imported {
		return fmt.Errorf("%w (bundle %s)", ErrReplay, m.ID)
	}
	return nil
}

// FileName returns a neutral random name for an exported bundle,
// "<8 hex digits>.age" ("3f9a0c1e.age"): never derived from the content,
// and with no prefix that would point to Safehouse in a folder listing
// or a search of a seized disk.
func FileName() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:]) + ".age"
}

// OpenInner verifies and decodes an already decrypted inner plaintext
// (what `age -d` prints for a bundle), like [Open] after decryption.
func OpenInner(inner []byte, lim Limits) (*Opened, error) {
	return openInner(inner, lim.orDefault())
}
