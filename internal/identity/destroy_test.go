package identity

import (
	"bytes"
	"testing"
)

// TestDestroyZeroesSigningKey: Destroy leaves no byte of the private
// signing key in the identity's memory; the public keys stay usable.
func TestDestroyZeroesSigningKey(t *testing.T) {
	id, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	keys := id.Keys()
	fp := id.Fingerprint()
	priv := id.sign // the same memory, not a copy
	if bytes.Count(priv, []byte{0}) == len(priv) {
		t.Fatal("a zero key before Destroy")
	}
	id.Destroy()
	if bytes.Count(priv, []byte{0}) != len(priv) {
		t.Fatal("the private signing key survived Destroy")
	}
	if !id.Keys().Equal(keys) || id.Fingerprint() != fp {
		t.Fatal("Destroy changed the public keys")
	}
	var none *Identity
	none.Destroy() // no panic
}
