package bundle

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/identity"
)

// newTestIdentity returns a fixed identity for the fuzz seeds.
func newTestIdentity() (*identity.Identity, error) {
	seed := make([]byte, ed25519.SeedSize)
	return identity.Parse(fixedAgeKey, seed)
}

// fixedAgeKey is a test-only age identity (testdata/keys/alice.txt).
var fixedAgeKey = func() string {
	b, _ := readKeyLine()
	return b
}()

func readKeyLine() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "keys", "alice.txt"))
	if err != nil {
		return "", err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "AGE-SECRET-KEY-") {
			return l, nil
		}
	}
	return "", os.ErrNotExist
}

// TestIndependentPadding: bundletest's padding, written from
// docs/bundle-format.md, gives the sizes the writer uses.
func TestIndependentPadding(t *testing.T) {
	for _, n := range []int{0, 1, 4095, 4096, 4097, 5000, 8191, 8192, 8193, 65537, 1 << 20, 3<<20 + 12345, 16 << 20} {
		if got, want := len(bundletest.Pad(make([]byte, n))), PaddedSize(n); got != want {
			t.Errorf("Pad(%d bytes) = %d bytes, PaddedSize = %d", n, got, want)
		}
	}
}
