// Package textfold folds text for searching, so that the ways people
// write the same word compare equal: with or without accents (José, Jose),
// Arabic and Persian letter variants and vowel marks (أحمد, احمد;
// علي, علی), Persian and Arabic-Indic digits (۱۴۰۲, 1402).
//
// # What is folded
//
//   - Compatibility forms are decomposed (Unicode NFKD): ligatures (ﬁ),
//     full-width Latin (Ａ), Arabic presentation forms (ﻻ).
//   - Accents are removed from Latin and Greek letters (é→e, ü→u, ñ→n,
//     ά→α), and ё becomes е; other Cyrillic letters keep their marks
//     (й stays й).
//   - Letters written as two in plain ASCII: ß→ss, æ→ae, œ→oe, ø→o, ł→l,
//     đ→d, þ→th, ı→i.
//   - Arabic script: tashkeel, Quranic marks and hamza marks are removed
//     (so أ إ آ become ا, ؤ becomes و, ئ becomes ي), as is the tatweel;
//     ٱ→ا, ى and Persian ی→ي, Persian ک→ك, ة ۀ ە ہ ھ→ه.
//   - Decimal digits of every script become ASCII digits.
//   - The zero-width non-joiner (used inside Persian words) becomes a
//     space; invisible direction marks, joiners and soft hyphens go.
//
// Chinese, Japanese and Korean text is left as it is (recomposed to
// NFC), as is everything not listed above. [Fold] keeps letter case
// (search indexes fold case themselves); [Key] also lowers it, for
// comparisons in Go.
//
// Folding loses information on purpose: folded text is for matching,
// never for showing.
package textfold

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s folded for searching, keeping letter case. The result is
// valid UTF-8 in NFC, and Fold(Fold(s)) == Fold(s).
func Fold(s string) string {
	if isPlainASCII(s) {
		return s
	}
	d := norm.NFKD.String(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(d))
	// base is the last letter that is not a combining mark, whose script
	// decides whether the marks after it are dropped.
	var base rune
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			if dropMark(base, r) {
				continue
			}
			b.WriteRune(r)
			continue
		}
		base = r
		if rep, ok := letters[r]; ok {
			b.WriteString(rep)
			continue
		}
		switch {
		case r == '\u200c': // zero-width non-joiner
			b.WriteByte(' ')
		case invisible(r):
		case r > '9' && unicode.Is(unicode.Nd, r):
			b.WriteByte(byte('0' + digitValue(r)))
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Key returns s folded (see [Fold]) and in lower case: two texts that a
// search should treat as the same word have the same Key.
func Key(s string) string {
	if isPlainASCII(s) {
		return strings.ToLower(s)
	}
	// Lowering can expose a letter that folds (İ lowers to i + a dot),
	// and folding can expose an upper-case letter (ℌ decomposes to H).
	return Fold(strings.ToLower(Fold(strings.ToLower(s))))
}

// isPlainASCII reports whether s holds only ASCII characters, which need
// no folding other than case.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// letters maps single letters to their folded spelling. Letters that
// decompose (é, أ) are handled by decomposition and mark removal instead.
var letters = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D",
	'þ': "th", 'Þ': "TH", 'ð': "d", 'Ð': "D", 'ı': "i", 'ħ': "h", 'Ħ': "H",
	// Arabic script.
	'\u0671': "\u0627", // alef wasla → alef
	'\u0649': "\u064a", // alef maksura → yeh
	'\u06cc': "\u064a", // Persian yeh → Arabic yeh
	'\u06a9': "\u0643", // keheh (Persian kaf) → kaf
	'\u0629': "\u0647", // teh marbuta → heh
	'\u06d5': "\u0647", // ae (ۀ without its hamza) → heh
	'\u06c1': "\u0647", // heh goal → heh
	'\u06be': "\u0647", // heh doachashmee → heh
}

// dropMark reports whether the combining mark r after the letter base is
// removed.
func dropMark(base, r rune) bool {
	switch {
	case isArabicMark(r):
		return true
	case r >= 0x0300 && r <= 0x036f: // combining diacritical marks
		if unicode.In(base, unicode.Latin, unicode.Greek) {
			return true
		}
		// ё → е, the only Cyrillic letter commonly written without its mark.
		return r == 0x0308 && (base == 'е' || base == 'Е')
	}
	return false
}

// isArabicMark reports whether r is an Arabic vowel sign (tashkeel), a
// hamza mark left by decomposition, or a Quranic annotation mark.
func isArabicMark(r rune) bool {
	return r >= 0x0610 && r <= 0x061a ||
		r >= 0x064b && r <= 0x065f ||
		r == 0x0670 ||
		r >= 0x06d6 && r <= 0x06dc ||
		r >= 0x06df && r <= 0x06e8 ||
		r >= 0x06ea && r <= 0x06ed
}

// invisible reports whether r is a character that only shapes or orders
// text (tatweel, joiners, direction marks, soft hyphen) and is dropped.
func invisible(r rune) bool {
	switch r {
	case '\u0640', // tatweel
		'\u00ad',                               // soft hyphen
		'\u200b', '\u200d', '\u2060', '\ufeff', // zero-width space, joiner, word joiner, BOM
		'\u200e', '\u200f', '\u061c': // direction marks
		return true
	}
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' // direction embeddings and isolates
}

// Digits returns s with every decimal digit of any script (Arabic-Indic
// "٢٠٢٧", Persian "۲۰۲۷", Devanagari, full-width…) written as an ASCII
// digit, and nothing else changed: for parsing numbers and dates that
// people type in their own digits.
func Digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII && unicode.Is(unicode.Nd, r) {
			return '0' + rune(digitValue(r))
		}
		return r
	}, s)
}

// digitValue returns the value of the decimal digit r (category Nd).
// Unicode encodes every set of decimal digits as ten consecutive code
// points from zero to nine, and each range of unicode.Nd holds whole sets.
func digitValue(r rune) int {
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return 0
}

// Words splits s into words the way Safehouse's search index does: runs
// of letters, digits, combining marks and private-use characters; anything
// else separates words.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !IsWordRune(r) })
}

// IsWordRune reports whether r belongs to a word (see [Words]).
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Co, r)
}

// Query is search text prepared for matching against [Key]s, the way
// Safehouse's pickers filter their choices: every word of the query must
// occur in the text, anywhere (so a part of a Chinese name matches too).
type Query struct{ words []string }

// NewQuery prepares text typed by a user.
func NewQuery(text string) Query { return Query{words: Words(Key(text))} }

// Empty reports whether the query holds no word, so that it matches
// everything.
func (q Query) Empty() bool { return len(q.words) == 0 }

// Words returns the folded words of the query.
func (q Query) Words() []string { return slices.Clone(q.words) }

// Rank reports whether key (a [Key]) matches the query and how well:
// 0 when key starts with the query's first word, 1 when one of its words
// does, 2 when the word only occurs inside a word. Lower is better. An
// empty query matches every key with rank 0.
func (q Query) Rank(key string) (rank int, ok bool) {
	for _, w := range q.words {
		if !strings.Contains(key, w) {
			return 0, false
		}
	}
	if len(q.words) == 0 || strings.HasPrefix(key, q.words[0]) {
		return 0, true
	}
	for _, w := range Words(key) {
		if strings.HasPrefix(w, q.words[0]) {
			return 1, true
		}
	}
	return 2, true
}
