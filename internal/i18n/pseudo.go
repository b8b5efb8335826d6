package i18n

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// PseudoLocale is the tag of the pseudo-locale, a fake language made from
// the English source at run time for testing layouts: every letter is
// replaced by an accented look-alike ("Sáṽë" for "Save") and every text is
// wrapped in ⟦ ⟧ and padded to about 140% of its English length, the
// typical growth of a translation. Placeholders such as {{.Count}} and
// plural forms are kept, so the texts still render. Text shown unchanged
// in English under this locale was not sent through the translator;
// text cut off or overlapping needs more room.
//
// [New] accepts it like any language; [Translator.Available] lists it last;
// [MatchSystem] returns it for LANGUAGE=en_XA.
const PseudoLocale = "en-XA"

// PseudoName is the name under which [Translator.Available] lists the
// pseudo-locale.
const PseudoName = "Pseudo (en-XA)"

var pseudoTag = language.MustParse(PseudoLocale)

// pseudoGrowth is how much longer than English a pseudo-translated text is.
const pseudoGrowth = 1.4

// pseudoLetters maps ASCII letters to accented look-alikes.
var pseudoLetters = map[rune]rune{
	'a': 'á', 'b': 'ƀ', 'c': 'ç', 'd': 'ð', 'e': 'ë', 'f': 'ƒ', 'g': 'ĝ', 'h': 'ĥ', 'i': 'î',
	'j': 'ĵ', 'k': 'ķ', 'l': 'ļ', 'm': 'ɱ', 'n': 'ñ', 'o': 'ö', 'p': 'þ', 'q': 'ʠ', 'r': 'ŕ',
	's': 'š', 't': 'ţ', 'u': 'û', 'v': 'ṽ', 'w': 'ŵ', 'x': 'ẋ', 'y': 'ý', 'z': 'ž',
	'A': 'Å', 'B': 'Ɓ', 'C': 'Ç', 'D': 'Ð', 'E': 'É', 'F': 'Ƒ', 'G': 'Ĝ', 'H': 'Ĥ', 'I': 'Î',
	'J': 'Ĵ', 'K': 'Ķ', 'L': 'Ļ', 'M': 'Ṁ', 'N': 'Ñ', 'O': 'Ö', 'P': 'Þ', 'Q': 'Ǫ', 'R': 'Ŕ',
	'S': 'Š', 'T': 'Ţ', 'U': 'Û', 'V': 'Ṽ', 'W': 'Ŵ', 'X': 'Ẋ', 'Y': 'Ý', 'Z': 'Ž',
}

// pseudoFiller pads pseudo-translated texts.
const pseudoFiller = "ļöŕëɱ îþšûɱ ðöļöŕ šîţ áɱëţ çöñšëçţëţûŕ áðîþîšçîñĝ ëļîţ "

// pseudoMessages returns the pseudo-locale's messages, made from the
// English source.
var pseudoMessages = sync.OnceValue(func() []*goi18n.Message {
	src, err := english()
	if err != nil {
		return nil
	}
	out := make([]*goi18n.Message, 0, len(src))
	for _, id := range sortedKeys(src) {
		out = append(out, pseudoMessage(src[id]))
	}
	return out
})

// pseudoMessage returns the pseudo-translation of m: the same ID,
// delimiters and plural forms, each text pseudo-translated.
func pseudoMessage(m *goi18n.Message) *goi18n.Message {
	p := *m
	l, r := m.LeftDelim, m.RightDelim
	for _, f := range []*string{&p.Zero, &p.One, &p.Two, &p.Few, &p.Many, &p.Other} {
		if *f != "" {
			*f = Pseudo(*f, l, r)
		}
	}
	return &p
}

// Pseudo returns the pseudo-translation of a message text whose
// placeholders are delimited by left and right ("" means "{{" and "}}"):
// letters outside placeholders are accented, and the whole is wrapped in
// ⟦ ⟧ and padded to about 140% of its length in characters. Placeholders
// are kept exactly.
func Pseudo(text, left, right string) string {
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	var b strings.Builder
	b.WriteString("⟦")
	rest := text
	for rest != "" {
		i := strings.Index(rest, left)
		if i < 0 {
			i = len(rest)
		}
		b.WriteString(strings.Map(accent, rest[:i]))
		rest = rest[i:]
		if rest == "" {
			break
		}
		j := strings.Index(rest[len(left):], right)
		if j < 0 { // not an action: keep as text
			b.WriteString(strings.Map(accent, rest))
			break
		}
		end := len(left) + j + len(right)
		b.WriteString(rest[:end])
		rest = rest[end:]
	}
	n := utf8.RuneCountInString(text)
	// The brackets and a space count towards the growth.
	if pad := int(math.Ceil(float64(n)*pseudoGrowth)) - n - 2; pad > 0 {
		b.WriteByte(' ')
		filler := []rune(pseudoFiller)
		for i := 0; i < max(pad-1, 1); i++ {
			b.WriteRune(filler[i%len(filler)])
		}
	}
	b.WriteString("⟧")
	return b.String()
}

func accent(r rune) rune {
	if a, ok := pseudoLetters[r]; ok {
		return a
	}
	return r
}
