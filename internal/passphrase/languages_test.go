package passphrase

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/safehouse-app/safehouse/assets"
)

// scripts is the script every word of a language's list is written in.
var scripts = map[string]*unicode.RangeTable{
	"en": unicode.Latin, "es": unicode.Latin, "fr": unicode.Latin,
	"ru": unicode.Cyrillic, "ar": unicode.Arabic, "fa": unicode.Arabic, "zh-Hans": unicode.Han,
}

// TestEveryWordList: each shipped list has 2,048 distinct words, sorted,
// in Unicode NFC, without separators, all letters of the language's
// script and in lower case, so a suggestion in that language never needs
// another keyboard layout.
func TestEveryWordList(t *testing.T) {
	langs := Languages()
	for lang := range scripts {
		if !slices.Contains(langs, lang) {
			t.Errorf("no word list for %s", lang)
		}
	}
	for _, lang := range langs {
		script, ok := scripts[lang]
		if !ok {
			t.Errorf("%s: word list of a language this test does not know the script of", lang)
			continue
		}
		data, err := fs.ReadFile(assets.Wordlists, "wordlist/"+lang+".txt")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		words, err := WordsIn(lang)
		if err != nil || !slices.Equal(words, lines) {
			t.Fatalf("%s: WordsIn = %d words, %v (file has %d lines)", lang, len(words), err, len(lines))
		}
		if !slices.IsSorted(lines) {
			t.Errorf("%s: not sorted in byte order", lang)
		}
		for i, w := range lines {
			if !norm.NFC.IsNormalString(w) {
				t.Errorf("%s:%d: %q is not NFC", lang, i+1, w)
			}
			if n := utf8.RuneCountInString(w); n < 2 || n > 9 {
				t.Errorf("%s:%d: %q has %d letters", lang, i+1, w, n)
			}
			for _, r := range w {
				if !unicode.Is(script, r) || unicode.IsUpper(r) {
					t.Errorf("%s:%d: %q holds %q, not a lower-case letter of its script", lang, i+1, w, r)
					break
				}
			}
		}
	}
}

// TestSuggestInLanguage: a suggestion in a language with a list uses only
// that list's words; other languages get English.
func TestSuggestInLanguage(t *testing.T) {
	for _, lang := range []string{"ar", "fa", "ru", "zh-Hans", "es", "fr"} {
		words, err := WordsIn(lang)
		if err != nil {
			t.Fatal(err)
		}
		p, err := SuggestIn(lang, 6)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(p, Separator)
		if len(parts) != 6 {
			t.Fatalf("%s: %q", lang, p)
		}
		for _, w := range parts {
			if !slices.Contains(words, w) {
				t.Errorf("%s: %q is not from its list", lang, w)
			}
		}
		if lang != "es" && lang != "fr" && strings.ContainsFunc(p, func(r rune) bool { return r < 128 && unicode.IsLetter(r) }) {
			t.Errorf("%s: English letters in %q", lang, p)
		}
		// Each word counts fully in the strength estimate.
		if got := Entropy(p); got < 6*wordBits {
			t.Errorf("%s: %q rated %.0f bits, want at least %d", lang, p, got, 6*wordBits)
		}
	}
	for in, want := range map[string]string{"pt-BR": "en", "es-MX": "es", "fa-AF": "fa", "zh-Hans": "zh-Hans", "": "en"} {
		if got := ListLanguage(in); got != want {
			t.Errorf("ListLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}
