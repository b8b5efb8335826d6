package identity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseCard checks that the card parser never panics and that every
// accepted card re-encodes to the same line. Seeds: testdata/fuzz/FuzzParseCard.
func FuzzParseCard(f *testing.F) {
	seed := make([]byte, 32)
	id, err := Parse(fixedAgeKey, seed)
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{NewCard(id.Keys(), "Ana").String(), NewCard(id.Keys(), "").String(), CardPrefix, CardPrefix + "AQ", "SAFEHOUSE-CARD-2:AAAA"}
	for i, s := range seeds {
		f.Add(s)
		if os.Getenv("SAFEHOUSE_WRITE_SEEDS") != "" {
			dir := filepath.Join("testdata", "fuzz", "FuzzParseCard")
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(fmt.Sprintf("go test fuzz v1\nstring(%q)\n", s)), 0o644)
		}
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, err := ParseCard(line)
		if err != nil {
			return
		}
		if got := c.String(); got != strings.TrimSpace(line) {
			t.Fatalf("accepted card re-encodes differently:\n in %q\nout %q", line, got)
		}
		if _, err := ParseCard(c.String()); err != nil {
			t.Fatalf("re-encoded card rejected: %v", err)
		}
	})
}

// fixedAgeKey is a test-only age identity (also in
// internal/bundle/testdata/keys/alice.txt).
const fixedAgeKey = "AGE-SECRET-KEY-PQ-1QX7HJNGKFJKQN2YUTELF6G4SV2AD6ZRUW8XTMLELLTGTF5RASZ2QTYJEUM"
