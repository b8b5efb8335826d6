package bundle

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/identity"
)

// FormatVersion is the bundle format this package writes and reads.
const FormatVersion = 1

// Manifest describes a bundle. It is signed together with the payload.
type Manifest struct {
	// Format is [FormatVersion].
	Format int `json:"format"`
	// ID is a random UUID naming the bundle.
	ID string `json:"id"`
	// Created is when the bundle was made (sender's clock, UTC).
	Created time.Time `json:"created"`
	Sender  Sender    `json:"sender"`
	// Recipients are the fingerprints of the vaults the bundle is for;
	// empty for a passphrase bundle.
	Recipients []string `json:"recipients"`
	// Passphrase is true when the bundle is encrypted to a passphrase.
	Passphrase bool `json:"passphrase"`
	// Sequence counts the sender's bundles, from 1.
	Sequence int64       `json:"sequence"`
	Payload  PayloadInfo `json:"payload"`
	Counts   Counts      `json:"counts"`
}

// Sender identifies the signer of a bundle.
type Sender struct {
	// Fingerprint is the hex fingerprint of the two keys below.
	Fingerprint string `json:"fingerprint"`
	// Recipient is the sender's age recipient, to reply to.
	Recipient string `json:"age_recipient"`
	// SigningKey is the Ed25519 public key, unpadded base64url.
	SigningKey string `json:"ed25519"`
}

// PayloadInfo describes the compressed payload.
type PayloadInfo struct {
	// Compression is always "deflate" (RFC 1951).
	Compression string `json:"compression"`
	// SHA256 is the hex SHA-256 of the compressed payload.
	SHA256 string `json:"sha256"`
	// Size is the length of the compressed payload in bytes.
	Size int64 `json:"size"`
	// ExpandedSize is the length of the payload JSON in bytes.
	ExpandedSize int64 `json:"expanded_size"`
}

// Counts says how many records of each kind the payload holds.
type Counts struct {
	Events           int `json:"events"`
	Tasks            int `json:"tasks"`
	Participants     int `json:"participants"`
	Contacts         int `json:"contacts"`
	Tutorials        int `json:"tutorials"`
	BuiltinTutorials int `json:"builtin_tutorials"`
	Deleted          int `json:"deleted"`
}

// Keys returns the sender's keys; the error wraps [ErrTampered] when they
// are malformed, weak (a small-order signing key, see
// [identity.Keys.Validate]) or do not match the fingerprint.
func (s Sender) Keys() (identity.Keys, error) {
	sk, err := identity.ParseSigningKeyText(s.SigningKey)
	if err != nil {
		return identity.Keys{}, errf(ErrTampered, "sender signing key: %v", err)
	}
	k := identity.Keys{Recipient: s.Recipient, SigningKey: sk}
	if err := k.Validate(); err != nil {
		return identity.Keys{}, errf(ErrTampered, "sender keys: %v", err)
	}
	if k.Fingerprint().String() != s.Fingerprint {
		return identity.Keys{}, errf(ErrTampered, "sender fingerprint does not match the keys")
	}
	return k, nil
}

// MaxRecipients is the most recipients a bundle may name.
const MaxRecipients = 256

// parseManifest decodes and checks a manifest.
func parseManifest(b []byte) (*Manifest, error) {
	var probe struct {
		Format int `json:"format"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, errf(ErrTampered, "manifest: %v", err)
	}
	if probe.Format != FormatVersion {
		return nil, errf(ErrVersion, "format %d, this version reads %d", probe.Format, FormatVersion)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var m Manifest
	if err := d.Decode(&m); err != nil {
		return nil, errf(ErrTampered, "manifest: %v", err)
	}
	if d.More() {
		return nil, errf(ErrTampered, "manifest: trailing data")
	}
	if u, err := uuid.Parse(m.ID); err != nil || u.String() != m.ID {
		return nil, errf(ErrTampered, "manifest: invalid bundle ID")
	}
	if m.Sequence < 1 {
		return nil, errf(ErrTampered, "manifest: invalid sequence %d", m.Sequence)
	}
	if len(m.Recipients) > MaxRecipients {
		return nil, errf(ErrTooLarge, "%d recipients", len(m.Recipients))
	}
	if m.Passphrase != (len(m.Recipients) == 0) {
		return nil, errf(ErrTampered, "manifest: recipients do not match the encryption")
	}
	for _, r := range m.Recipients {
		if len(r) != 64 {
			return nil, errf(ErrTampered, "manifest: invalid recipient fingerprint")
		}
		if _, err := hex.DecodeString(r); err != nil {
			return nil, errf(ErrTampered, "manifest: invalid recipient fingerprint")
		}
	}
	if m.Payload.Compression != "deflate" || len(m.Payload.SHA256) != 64 || m.Payload.Size < 0 || m.Payload.ExpandedSize < 0 {
		return nil, errf(ErrTampered, "manifest: invalid payload description")
	}
	if _, err := m.Sender.Keys(); err != nil {
		return nil, err
	}
	return &m, nil
}
