package bundle_test

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/identity"
)

// TestWeakSenderKeyRefused forges a bundle "signed" by the neutral point
// (a small-order key): R = neutral, S = 0 verifies for any message under
// that key, so no private key is needed. The manifest must be refused.
func TestWeakSenderKeyRefused(t *testing.T) {
	bob, mallory := testKey(t, "bob"), testKey(t, "carol")
	neutral, _ := hex.DecodeString("0100000000000000000000000000000000000000000000000000000000000000")
	forged := bundletest.Build(bundletest.Spec{Sender: mallory, Payload: bundletest.Empty, EncryptTo: []identity.Keys{bob.Keys()},
		Sequence: 1, SigningKey: neutral, Signature: append(append([]byte{}, neutral...), make([]byte, 32)...)})
	if _, err := bundle.Open(forged, bundle.OpenOptions{Identity: bob}); !errors.Is(err, bundle.ErrTampered) {
		t.Fatalf("forged bundle from a weak key: %v", err)
	}
	zero := make([]byte, 32)
	allZero := bundletest.Build(bundletest.Spec{Sender: mallory, Payload: bundletest.Empty, EncryptTo: []identity.Keys{bob.Keys()},
		Sequence: 1, SigningKey: zero})
	if _, err := bundle.Open(allZero, bundle.OpenOptions{Identity: bob}); !errors.Is(err, bundle.ErrTampered) {
		t.Fatalf("bundle naming the all-zero key: %v", err)
	}
}
