package identity

import (
	"errors"
	"strings"
	"testing"
)

// TestCardCanonicalEncoding checks a card has exactly one spelling: line
// breaks, spaces or other characters inside the base64, padding, and
// non-zero trailing bits are refused (found by FuzzParseCard).
func TestCardCanonicalEncoding(t *testing.T) {
	// A name that leaves unused bits in the last base64 character.
	line := NewCard(fixedIdentity(t, fixedAgeKey, 3).Keys(), "Ana").String()
	for name := "Ana"; (len(line)-len(CardPrefix))%4 == 0; name += "a" {
		line = NewCard(fixedIdentity(t, fixedAgeKey, 3).Keys(), name).String()
	}
	if _, err := ParseCard(line); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseCard("  " + line + "\n"); err != nil {
		t.Fatalf("surrounding space: %v", err)
	}
	body := line[len(CardPrefix):]
	mid := len(CardPrefix) + len(body)/2
	lastBits := []byte(line)
	// The last character of an unpadded base64 line carries unused bits:
	// flipping the lowest one keeps the bytes and changes the spelling.
	lastBits[len(lastBits)-1] = flipUnusedBit(lastBits[len(lastBits)-1])
	for name, bad := range map[string]string{
		"newline":       line[:mid] + "\n" + line[mid:],
		"crlf":          line[:mid] + "\r\n" + line[mid:],
		"carriage":      line[:mid] + "\r" + line[mid:],
		"space":         line[:mid] + " " + line[mid:],
		"tab":           line[:mid] + "\t" + line[mid:],
		"padding":       line + strings.Repeat("=", (4-len(body)%4)%4+4*boolInt(len(body)%4 == 0)),
		"standard b64":  strings.NewReplacer("-", "+", "_", "/").Replace(line) + "+",
		"trailing bits": string(lastBits),
	} {
		if _, err := ParseCard(bad); !errors.Is(err, ErrCard) {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// flipUnusedBit returns the base64url character c with its lowest bit
// flipped: in the last character of an unpadded body whose length is not
// a multiple of 4, that bit is never part of a decoded byte.
func flipUnusedBit(c byte) byte {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	return alphabet[strings.IndexByte(alphabet, c)^1]
}

// TestCardNameWithoutFormatCharacters: a card's name hint (which becomes
// a contact's name) may hold no invisible format characters: NewCard
// drops them, ParseCard refuses a card that has them. The joiners that
// Persian needs stay.
func TestCardNameWithoutFormatCharacters(t *testing.T) {
	keys := fixedIdentity(t, fixedAgeKey, 5).Keys()
	if c := NewCard(keys, "Ana\u202e\u200b"); c.Name != "Ana" {
		t.Fatalf("NewCard kept %q", c.Name)
	}
	if c := NewCard(keys, "می\u200cخواهم"); c.Name != "می\u200cخواهم" {
		t.Fatalf("NewCard dropped the joiner: %q", c.Name)
	}
	forged := Card{Keys: keys, Name: "Ana\u202egnp.exe"} // String does not clean
	if _, err := ParseCard(forged.String()); !errors.Is(err, ErrCard) {
		t.Fatalf("card with U+202E in its name: %v", err)
	}
}
