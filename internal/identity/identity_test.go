package identity

import (
	"crypto/ed25519"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// fixedIdentity returns a deterministic test identity (test-only keys).
func fixedIdentity(t testing.TB, ageKey string, seedByte byte) *Identity {
	t.Helper()
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = seedByte
	}
	id, err := Parse(ageKey, seed)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func generate(t testing.TB) *Identity {
	t.Helper()
	id, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSecretRoundTrip(t *testing.T) {
	id := generate(t)
	a, seed := id.Secret()
	back, err := Parse(a, seed)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Keys().Equal(id.Keys()) || back.Fingerprint() != id.Fingerprint() {
		t.Fatal("keys changed in a round trip")
	}
	msg := []byte("hello")
	if !id.Keys().Verify(msg, back.Sign(msg)) {
		t.Fatal("signature does not verify")
	}
	if id.Keys().Verify([]byte("hellO"), id.Sign(msg)) {
		t.Fatal("signature verifies for another message")
	}
	if _, err := Parse(a, seed[:5]); err == nil {
		t.Fatal("short seed accepted")
	}
	if _, err := Parse("AGE-SECRET-KEY-1XYZ", seed); err == nil {
		t.Fatal("bad age key accepted")
	}
}

func TestFingerprintDomainSeparated(t *testing.T) {
	a, b := generate(t), generate(t)
	if a.Fingerprint() == b.Fingerprint() {
		t.Fatal("two identities share a fingerprint")
	}
	// Swapping one key changes the fingerprint.
	mixed := Keys{Recipient: a.Keys().Recipient, SigningKey: b.Keys().SigningKey}
	if mixed.Fingerprint() == a.Fingerprint() || mixed.Fingerprint() == b.Fingerprint() {
		t.Fatal("fingerprint ignores a key")
	}
	f := a.Fingerprint()
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(f.String()) {
		t.Fatalf("fingerprint %q", f)
	}
	back, err := ParseFingerprint(strings.ToUpper(f.Display()))
	if err != nil || back != f {
		t.Fatalf("ParseFingerprint(Display) = %v, %v", back, err)
	}
	if _, err := ParseFingerprint("abcd"); err == nil {
		t.Fatal("short fingerprint accepted")
	}
}

func TestSafetyPhraseSymmetric(t *testing.T) {
	a, b, c := generate(t).Fingerprint(), generate(t).Fingerprint(), generate(t).Fingerprint()
	p := SafetyPhrase(a, b)
	if p != SafetyPhrase(b, a) {
		t.Fatal("phrase differs between the two sides")
	}
	if !regexp.MustCompile(`^\d{5}( \d{5}){5}$`).MatchString(p) {
		t.Fatalf("phrase %q is not six groups of five digits", p)
	}
	if p == SafetyPhrase(a, c) || p == SafetyPhrase(b, c) {
		t.Fatal("phrase does not depend on both parties")
	}
	// A fixed vector, so the derivation never changes by accident.
	var x, y Fingerprint
	for i := range x {
		x[i], y[i] = byte(i), byte(255-i)
	}
	if got, want := SafetyPhrase(y, x), SafetyPhrase(x, y); got != want {
		t.Fatal("not symmetric on the vector")
	}
	if got := SafetyPhrase(x, y); got != safetyVector {
		t.Fatalf("SafetyPhrase(vector) = %q, want %q", got, safetyVector)
	}
}

// safetyVector is SafetyPhrase(00 01 .. 1f, ff fe .. e0); see docs/bundle-format.md.
const safetyVector = "78305 89709 32769 10614 80960 55660"

func TestCardRoundTrip(t *testing.T) {
	id := generate(t)
	for _, name := range []string{"", "Ana", "Zhang Wěi 张伟", strings.Repeat("é", 40)} {
		c := NewCard(id.Keys(), name)
		if len(c.Name) > MaxCardName {
			t.Fatalf("name not cut: %d bytes", len(c.Name))
		}
		line := c.String()
		if strings.ContainsAny(line, " \n=") || !strings.HasPrefix(line, CardPrefix) {
			t.Fatalf("card line %q", line)
		}
		back, err := ParseCard("  " + line + "\n")
		if err != nil {
			t.Fatal(err)
		}
		if !back.Keys.Equal(id.Keys()) || back.Name != c.Name {
			t.Fatalf("card round trip: %+v", back)
		}
	}
	if c := NewCard(id.Keys(), "a\x1b[2Jb\n"); c.Name != "a[2Jb" {
		t.Fatalf("control characters kept: %q", c.Name)
	}
}

func TestCardRejects(t *testing.T) {
	id := generate(t)
	line := NewCard(id.Keys(), "Ana").String()
	body := line[len(CardPrefix):]
	flip := func(i int) string {
		b := []byte(body)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return CardPrefix + string(b)
	}
	for name, in := range map[string]string{
		"empty":        "",
		"no prefix":    body,
		"version 2":    "SAFEHOUSE-CARD-2:" + body,
		"flipped":      flip(len(body) / 2),
		"flipped name": flip(len(body) - 10),
		"truncated":    line[:len(line)-8],
		"padding":      line + "==",
		"too long":     CardPrefix + strings.Repeat("A", MaxCardLine),
		"not base64":   CardPrefix + "!!!!",
	} {
		if _, err := ParseCard(in); !errors.Is(err, ErrCard) {
			t.Errorf("%s: err = %v, want ErrCard", name, err)
		}
	}
}
