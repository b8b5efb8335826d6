// Package names gives the names of the countries and languages that
// Safehouse stores as codes (ISO 3166-1 alpha-2 country codes such as
// "KE", BCP 47 language tags such as "sw" or "pt-BR"), in the language of
// the interface.
//
// The names are CLDR's, from golang.org/x/text/language/display, which
// has them for every language Safehouse ships (en, es, fr, ar, fa, ru,
// zh-Hans). Where it has none (the pseudo-locale, a language added by a
// translator, a rare code) the English name is used, and failing that the
// code itself, so a name is never empty.
//
// Lists are sorted the way the interface language sorts words
// (golang.org/x/text/collate). Nothing here is stored: the vault keeps the
// codes, and names are looked up each time they are shown.
package names

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/textfold"
)

// Choice is one country or language a picker offers.
type Choice struct {
	// Code is the stored value: "KE", "sw", "pt-BR".
	Code string
	// Name is the name in the interface language, with a capital first
	// letter as in a menu ("Kenya", "Suajili").
	Name string
	// English is the English name, also searched ("Kenya", "Swahili").
	English string
	// Key holds Name, English and Code folded (textfold.Key), for
	// matching typed text.
	Key string
	// nameKey and englishKey are Name and English folded, for
	// MatchCountries.
	nameKey, englishKey string
}

// tag parses an interface language tag; anything unparsable is English.
func tag(lang string) language.Tag {
	t, err := language.Parse(lang)
	if err != nil {
		return language.English
	}
	return t
}

// Country returns the name of the country with the ISO 3166-1 alpha-2
// code in the interface language lang: "Kenia" for ("es", "KE"). Unknown
// codes are returned as they are.
func Country(lang, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	r, err := language.ParseRegion(code)
	if err != nil || len(code) != 2 {
		return code
	}
	if n := regionName(display.Regions(tag(lang)), r); n != "" {
		return n
	}
	if n := regionName(display.English.Regions(), r); n != "" {
		return n
	}
	return code
}

func regionName(n display.Namer, r language.Region) string {
	if n == nil {
		return ""
	}
	name := n.Name(r)
	if name == n.Name(language.MustParseRegion("ZZ")) { // "Unknown Region"
		return ""
	}
	return name
}

// Language returns the name of the language tag in the interface
// language lang, with a capital first letter: "Japonés" for ("es", "ja"),
// "Brazilian Portuguese" for ("en", "pt-BR"). Unknown or malformed tags
// are returned as they are.
func Language(lang, code string) string {
	code = strings.TrimSpace(code)
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := languageName(display.Languages(tag(lang)), t); n != "" {
		return capitalize(n)
	}
	if n := languageName(display.English.Languages(), t); n != "" {
		return n
	}
	return code
}

func languageName(n display.Namer, t language.Tag) string {
	if n == nil {
		return ""
	}
	name := n.Name(t)
	if name == n.Name(language.Und) { // "Unknown language"
		return ""
	}
	return name
}

// capitalize upper-cases the first letter, as CLDR asks for names shown
// alone in a list or menu (Spanish, French and Russian write language
// names in lower case inside a sentence).
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToTitle(r)) + s[n:]
}

// languageCodes are the languages pickers offer: every ISO 639-1
// language (without the deprecated codes in, iw, ji, jw, mo, sh and the
// collective bh) and a few widely spoken languages or variants that have
// no two-letter code or differ in writing.
var languageCodes = []string{
	"aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
	"bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
	"dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
	"ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
	"id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
	"kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
	"lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
	"ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
	"ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
	"sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
	"tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
	"wo", "xh", "yi", "yo", "za", "zh", "zu",
	// Without a two-letter code, or a variant written differently.
	"ceb", "ckb", "fil", "hmn", "kab", "pcm", "sat", "syr", "tzm", "yue", "zgh",
	"pt-BR", "zh-Hans", "zh-Hant",
}

var (
	mu        sync.Mutex
	countries = map[string][]Choice{}
	languages = map[string][]Choice{}
)

// Countries returns every assigned country with its name in lang, sorted
// by that name. The slice is shared: do not modify it.
func Countries(lang string) []Choice {
	mu.Lock()
	defer mu.Unlock()
	if c, ok := countries[lang]; ok {
		return c
	}
	var out []Choice
	for _, code := range contact.Countries() {
		out = append(out, newChoice(code, Country(lang, code), Country("en", code)))
	}
	sortChoices(lang, out)
	countries[lang] = out
	return out
}

// Languages returns the languages pickers offer, with their names in
// lang, sorted by that name. The slice is shared: do not modify it.
func Languages(lang string) []Choice {
	mu.Lock()
	defer mu.Unlock()
	if c, ok := languages[lang]; ok {
		return c
	}
	var out []Choice
	for _, code := range languageCodes {
		out = append(out, LanguageChoice(lang, code))
	}
	sortChoices(lang, out)
	languages[lang] = out
	return out
}

// LanguageChoice returns the choice for any language tag, listed or not
// (a tag someone typed or a shared contact brought).
func LanguageChoice(lang, code string) Choice {
	return newChoice(code, Language(lang, code), Language("en", code))
}

// CountryChoice returns the choice for a country code.
func CountryChoice(lang, code string) Choice {
	return newChoice(code, Country(lang, code), Country("en", code))
}

func newChoice(code, name, english string) Choice {
	return Choice{Code: code, Name: name, English: english,
		Key:     textfold.Key(name + " · " + english + " · " + code),
		nameKey: textfold.Key(name), englishKey: textfold.Key(english)}
}

// sortChoices sorts by name in lang's order, then by code.
func sortChoices(lang string, cs []Choice) {
	col := collate.New(tag(lang), collate.Loose)
	slices.SortStableFunc(cs, func(a, b Choice) int {
		if c := col.CompareString(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
}

// Collator returns a comparison of strings in the order of the
// interface language lang (ignoring case and accents first), for sorting
// names shown to the user. It is not safe for concurrent use.
func Collator(lang string) func(a, b string) int {
	col := collate.New(tag(lang), collate.Loose)
	return col.CompareString
}

// MatchCountries returns the codes of the countries whose name in lang
// or in English matches text typed into a search: each word of the text
// starts a word of the name ("Kenia", "south af", "肯尼亚"), ignoring case,
// accents and letter variants (package textfold). A text of fewer than
// three characters must be the whole name, so typing a name's first
// letters does not bring in whole countries.
func MatchCountries(lang, text string) []string {
	q := textfold.NewQuery(text)
	if q.Empty() {
		return nil
	}
	whole := textfold.Key(strings.TrimSpace(text))
	short := utf8.RuneCountInString(whole) < 3
	var out []string
	for _, c := range Countries(lang) {
		for _, key := range []string{c.nameKey, c.englishKey} {
			if short {
				if key == whole {
					out = append(out, c.Code)
					break
				}
				continue
			}
			if wordsStart(q, key) {
				out = append(out, c.Code)
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// wordsStart reports whether every word of q starts a word of key.
func wordsStart(q textfold.Query, key string) bool {
	words := textfold.Words(key)
	for _, w := range q.Words() {
		if !slices.ContainsFunc(words, func(k string) bool { return strings.HasPrefix(k, w) }) {
			return false
		}
	}
	return true
}
