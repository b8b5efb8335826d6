package bundle

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"

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
