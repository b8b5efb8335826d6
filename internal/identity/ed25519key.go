package identity

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"

	"filippo.io/edwards25519"
)

// Errors of [checkSigningKey]; both are wrapped by [Keys.Validate].
var (
	// errWeakKey means the signing key is a point of small order, or has a
	// small-order component: signatures "by" it can be forged without a
	// private key.
	errWeakKey = errors.New("signing key is a weak (small-order) point")
	// errNonCanonical means the signing key is not spelled the one way an
	// Ed25519 key is written.
	errNonCanonical = errors.New("signing key is not canonically encoded")
)

// lMinus1 is ℓ - 1, where ℓ is the order of the Ed25519 base point,
// little-endian.
var lMinus1 = func() *edwards25519.Scalar {
	b := []byte{
		0xec, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	}
	s, err := new(edwards25519.Scalar).SetCanonicalBytes(b)
	if err != nil {
		panic(err)
	}
	return s
}()

// checkSigningKey accepts exactly the Ed25519 public keys an honest key
// pair has: 32 bytes, the canonical encoding of a point (y < p, no sign
// bit on x = 0) that lies in the prime-order subgroup. That refuses the
// eight points of small order (the all-zero key among them), for which a
// signature verifies without any private key, and points with a
// small-order component.
func checkSigningKey(k []byte) error {
	if len(k) != ed25519.PublicKeySize {
		return fmt.Errorf("invalid signing key: %d bytes, want %d", len(k), ed25519.PublicKeySize)
	}
	p, err := new(edwards25519.Point).SetBytes(k)
	if err != nil {
		return fmt.Errorf("invalid signing key: %w", err)
	}
	if !bytes.Equal(p.Bytes(), k) {
		return errNonCanonical
	}
	if new(edwards25519.Point).MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return errWeakKey
	}
	// ℓ·P must be the neutral element: (ℓ-1)·P + P.
	q := new(edwards25519.Point).ScalarMult(lMinus1, p)
	if q.Add(q, p).Equal(edwards25519.NewIdentityPoint()) != 1 {
		return errWeakKey
	}
	return nil
}
