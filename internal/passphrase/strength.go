package passphrase

import (
	_ "embed"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Level is a passphrase strength, from [VeryWeak] to [VeryStrong].
type Level int

// Strength levels, by estimated entropy.
const (
	VeryWeak   Level = iota // under 28 bits, or shorter than MinLength
	Weak                    // 28 to under 36 bits
	Fair                    // 36 to under 60 bits
	Strong                  // 60 to under 80 bits
	VeryStrong              // 80 bits or more
)

// String returns the level in lower-case English, for logs and tests.
func (l Level) String() string {
	switch l {
	case VeryWeak:
		return "very weak"
	case Weak:
		return "weak"
	case Fair:
		return "fair"
	case Strong:
		return "strong"
	case VeryStrong:
		return "very strong"
	}
	return "unknown"
}

// MessageID returns the translation message ID naming the level, such as
// "passphrase.strength.very_weak".
func (l Level) MessageID() string {
	return "passphrase.strength." + strings.ReplaceAll(l.String(), " ", "_")
}

// Strength rates p by its [Entropy]. A passphrase shorter than [MinLength]
// characters is VeryWeak whatever its entropy.
func Strength(p string) Level {
	if utf8.RuneCountInString(p) < MinLength {
		return VeryWeak
	}
	switch e := Entropy(p); {
	case e < 28:
		return VeryWeak
	case e < 36:
		return Weak
	case e < 60:
		return Fair
	case e < 80:
		return Strong
	}
	return VeryStrong
}

//go:embed common.txt
var commonText string

var commonSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, l := range strings.Split(commonText, "\n") {
		if l = strings.TrimSpace(l); l != "" && l[0] != '#' {
			set[l] = true
		}
	}
	return set
})

// commonBits is what guessing one of the common passwords costs.
var commonBits = sync.OnceValue(func() float64 { return math.Log2(float64(len(commonSet()))) })

// Entropy estimates, in bits, how hard p is to guess for someone who
// knows how people pick passphrases:
//
//   - words from the word list, split by separators (space - _ . , / + : ;),
//     count 11 bits each, as do list words run together ("maplehoney");
//   - a common password counts about 8 bits, even with digits or symbols
//     added at the end;
//   - anything else counts log2(character set size) per character, where
//     repeated characters, runs like "abc" or "321" and keyboard runs like
//     "qwe" count a quarter, and a repeated chunk ("abcabc") counts once.
//
// The estimate is deliberately simple and errs on the low side for the
// patterns above; it cannot know that a passphrase is a famous quote.
func Entropy(p string) float64 {
	p = strings.TrimSpace(p)
	if p == "" {
		return 0
	}
	if commonSet()[strings.ToLower(p)] {
		return commonBits()
	}
	var bits float64
	for _, tok := range strings.FieldsFunc(p, isSeparator) {
		bits += tokenBits(tok)
	}
	return bits
}

func isSeparator(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("-_.,/+:;", r)
}

// tokenBits estimates one separator-free part of a passphrase.
func tokenBits(tok string) float64 {
	lower := strings.ToLower(tok)
	if wordSet()[lower] {
		return wordBits
	}
	if n := segmentWords(lower); n > 0 {
		return float64(n) * wordBits
	}
	if commonSet()[lower] {
		return commonBits()
	}
	// A common password with something added at the end or start.
	if c := longestCommon(lower); c != "" {
		i := strings.Index(lower, c)
		return commonBits() + charsetBits(tok[:i]) + charsetBits(tok[i+len(c):])
	}
	return charsetBits(tok)
}

// segmentWords returns the fewest list words that make up s exactly, or 0
// if s cannot be split into list words. Words are 2 to 9 characters long
// (Chinese words have two).
func segmentWords(s string) int {
	r := []rune(s)
	if len(r) > 256 {
		return 0
	}
	set := wordSet()
	best := make([]int, len(r)+1) // best[i]: fewest words for r[:i], -1 if none
	for i := 1; i <= len(r); i++ {
		best[i] = -1
		for j := max(0, i-9); j <= i-2; j++ {
			if best[j] >= 0 && set[string(r[j:i])] && (best[i] < 0 || best[j]+1 < best[i]) {
				best[i] = best[j] + 1
			}
		}
	}
	return max(best[len(r)], 0)
}

// longestCommon returns the longest common password of at least 4
// characters contained in s.
func longestCommon(s string) string {
	var found string
	for c := range commonSet() {
		if len(c) >= 4 && len(c) > len(found) && strings.Contains(s, c) {
			found = c
		}
	}
	return found
}

// keyboardRows are runs that count as sequences, both ways.
var keyboardRows = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop", "yxcvbnm"}

func keyboardNeighbours(a, b rune) bool {
	a, b = unicode.ToLower(a), unicode.ToLower(b)
	for _, row := range keyboardRows {
		i := strings.IndexRune(row, a)
		j := strings.IndexRune(row, b)
		if i >= 0 && j >= 0 && (i-j == 1 || j-i == 1) {
			return true
		}
	}
	return false
}

// charsetBits is log2(pool) × effective length for a string with no known
// words in it.
func charsetBits(s string) float64 {
	if s == "" {
		return 0
	}
	// A chunk repeated: count it once, plus a little for the repetition.
	runes := []rune(s)
	for size := 1; size <= len(runes)/2; size++ {
		if len(runes)%size == 0 && strings.Repeat(string(runes[:size]), len(runes)/size) == s {
			if size == 1 {
				break // handled as repeated characters below
			}
			return charsetBits(string(runes[:size])) + math.Log2(float64(len(runes)/size))
		}
	}
	var lower, upper, digit, symbol, other bool
	eff := 0.0
	for i, r := range runes {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case r < utf8.RuneSelf:
			symbol = true
		default:
			other = true
		}
		w := 1.0
		if i > 0 {
			prev := runes[i-1]
			d := r - prev
			if d == 0 || d == 1 || d == -1 || keyboardNeighbours(prev, r) {
				w = 0.25
			}
		}
		eff += w
	}
	pool := 0
	for _, c := range []struct {
		has  bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 100}} {
		if c.has {
			pool += c.size
		}
	}
	return math.Log2(float64(pool)) * eff
}
