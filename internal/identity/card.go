package identity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/textsafe"
)

// CardPrefix starts every contact card line.
const CardPrefix = "SAFEHOUSE-CARD-1:"

// Card limits.
const (
	// MaxCardName is the longest display-name hint, in bytes.
	MaxCardName = 64
	// MaxCardLine is the longest card line accepted, in bytes.
	MaxCardLine = 8192
)

const cardVersion = 1

var b64 = base64.RawURLEncoding

// cardB64 decodes card lines strictly: unused bits of the last character
// must be zero, so each card has exactly one spelling.
var cardB64 = base64.RawURLEncoding.Strict()

// isB64URL reports whether s holds only characters of the unpadded
// base64url alphabet. The decoder itself skips line breaks, which would
// give a card more than one spelling.
func isB64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ErrCard is wrapped by every error of [ParseCard].
var ErrCard = errors.New("invalid contact card")

// Card is what a person hands out so others can share with them: their
// public keys and an optional display-name hint.
type Card struct {
	Keys
	// Name is a display-name hint chosen by the card's owner; it is only
	// a suggestion for the contact's name.
	Name string
}

// NewCard returns the card of keys with the name hint, which is cut to
// [MaxCardName] bytes (at a character boundary) and cleaned of control
// and invisible format characters (see package textsafe).
func NewCard(keys Keys, name string) Card {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || textsafe.Neutralized(r) {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	for len(name) > MaxCardName {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	return Card{Keys: keys, Name: strings.TrimSpace(name)}
}

// String returns the card line.
func (c Card) String() string {
	var b bytes.Buffer
	b.WriteByte(cardVersion)
	var n [2]byte
	binary.BigEndian.PutUint16(n[:], uint16(len(c.Recipient)))
	b.Write(n[:])
	b.WriteString(c.Recipient)
	b.Write(c.SigningKey)
	b.WriteByte(byte(len(c.Name)))
	b.WriteString(c.Name)
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:4])
	return CardPrefix + b64.EncodeToString(b.Bytes())
}

// ParseCard parses a card line; surrounding white space is ignored. A card
// has exactly one spelling: anything but the unpadded base64url alphabet
// after the prefix (line breaks included) and non-zero unused bits are
// refused. The error wraps [ErrCard].
func ParseCard(line string) (Card, error) {
	line = strings.TrimSpace(line)
	if len(line) > MaxCardLine {
		return Card{}, fmt.Errorf("%w: too long", ErrCard)
	}
	rest, ok := strings.CutPrefix(line, CardPrefix)
	if !ok {
		if strings.HasPrefix(line, "SAFEHOUSE-CARD-") {
			return Card{}, fmt.Errorf("%w: unsupported card version", ErrCard)
		}
		return Card{}, fmt.Errorf("%w: missing %q prefix", ErrCard, CardPrefix)
	}
	if !isB64URL(rest) {
		return Card{}, fmt.Errorf("%w: characters outside the card alphabet", ErrCard)
	}
	raw, err := cardB64.DecodeString(rest)
	if err != nil {
		return Card{}, fmt.Errorf("%w: %w", ErrCard, err)
	}
	if len(raw) < 1+2+ed25519.PublicKeySize+1+4 {
		return Card{}, fmt.Errorf("%w: truncated", ErrCard)
	}
	body, sum := raw[:len(raw)-4], raw[len(raw)-4:]
	want := sha256.Sum256(body)
	if !bytes.Equal(sum, want[:4]) {
		return Card{}, fmt.Errorf("%w: checksum mismatch (damaged in copying?)", ErrCard)
	}
	if body[0] != cardVersion {
		return Card{}, fmt.Errorf("%w: unsupported card version %d", ErrCard, body[0])
	}
	p := body[1:]
	n := int(binary.BigEndian.Uint16(p))
	p = p[2:]
	if n > MaxRecipient || len(p) < n+ed25519.PublicKeySize+1 {
		return Card{}, fmt.Errorf("%w: truncated", ErrCard)
	}
	var c Card
	c.Recipient = string(p[:n])
	p = p[n:]
	c.SigningKey = bytes.Clone(p[:ed25519.PublicKeySize])
	p = p[ed25519.PublicKeySize:]
	m := int(p[0])
	p = p[1:]
	if m > MaxCardName || len(p) != m {
		return Card{}, fmt.Errorf("%w: bad name length", ErrCard)
	}
	c.Name = string(p)
	if !utf8.ValidString(c.Name) || strings.IndexFunc(c.Name, unicode.IsControl) >= 0 || textsafe.Has(c.Name) ||
		c.Name != strings.TrimSpace(c.Name) {
		return Card{}, fmt.Errorf("%w: bad name", ErrCard)
	}
	if err := c.Keys.Validate(); err != nil {
		return Card{}, fmt.Errorf("%w: %w", ErrCard, err)
	}
	return c, nil
}
