package contactio

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// countryAliases are country names that display.English does not give but
// address books write.
var countryAliases = map[string]string{
	"usa": "US", "united states of america": "US", "u.s.a.": "US", "america": "US",
	"uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
	"northern ireland": "GB", "britain": "GB",
	"deutschland": "DE", "österreich": "AT", "schweiz": "CH", "suisse": "CH", "svizzera": "CH",
	"españa": "ES", "espana": "ES", "méxico": "MX", "brasil": "BR", "россия": "RU",
	"russian federation": "RU", "україна": "UA", "türkiye": "TR", "turkey": "TR",
	"iran": "IR", "syria": "SY", "south korea": "KR", "north korea": "KP", "vietnam": "VN",
	"ivory coast": "CI", "czech republic": "CZ", "holland": "NL", "nederland": "NL",
	"italia": "IT", "polska": "PL", "sverige": "SE", "norge": "NO", "danmark": "DK",
	"suomi": "FI", "ελλάδα": "GR", "palestine": "PS", "burma": "MM", "congo-kinshasa": "CD",
	"congo-brazzaville": "CG", "macedonia": "MK", "eswatini": "SZ", "swaziland": "SZ",
}

// countryNameLanguages are the languages whose country names are
// recognised in addresses, besides English: those Safehouse ships and
// other widely used ones.
var countryNameLanguages = []string{"es", "fr", "ar", "fa", "ru", "zh", "zh-Hant", "de", "pt", "it", "tr",
	"uk", "ja", "ko", "he", "hi", "ur", "bn", "id", "vi", "th", "el", "pl", "nl", "sw", "am", "my", "km"}

var (
	countryOnce  sync.Once
	countryNames map[string]string
	langOnce     sync.Once
	langNames    map[string]string
)

func foldKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// countryCode returns the ISO 3166-1 alpha-2 code for s: a code in any
// case, an alpha-3 code, or a country name in English or a few common
// other forms. It returns false when s is not recognised.
func countryCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if len(s) == 2 && contact.ValidCountry(strings.ToUpper(s)) {
		return strings.ToUpper(s), true
	}
	if len(s) == 3 && isASCIILetters(s) {
		if r, err := language.ParseRegion(s); err == nil && contact.ValidCountry(r.String()) {
			return r.String(), true
		}
	}
	countryOnce.Do(func() {
		countryNames = map[string]string{}
		names := display.English.Regions()
		for _, code := range contact.Countries() {
			r, err := language.ParseRegion(code)
			if err != nil {
				continue
			}
			if n := names.Name(r); n != "" {
				countryNames[foldKey(n)] = code
			}
		}
		// Names in the languages address books are most often kept in
		// besides English: what a phone set to Chinese, Arabic or
		// Russian writes into its contacts' addresses (CLDR's names,
		// the same data the country pickers show).
		for _, lang := range countryNameLanguages {
			other := display.Regions(language.Make(lang))
			for _, code := range contact.Countries() {
				r, err := language.ParseRegion(code)
				if err != nil {
					continue
				}
				if n := other.Name(r); n != "" {
					if _, taken := countryNames[foldKey(n)]; !taken {
						countryNames[foldKey(n)] = code
					}
				}
			}
		}
		for k, v := range countryAliases {
			countryNames[foldKey(k)] = v
		}
	})
	code, ok := countryNames[foldKey(s)]
	return code, ok
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// languageTag returns a short BCP 47 tag for s: a tag ("en", "pt_BR"), or
// a language name in English or in the language itself ("French",
// "Deutsch"). It returns false when s is not recognised.
func languageTag(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 60 {
		return "", false
	}
	if t, err := language.Parse(strings.ReplaceAll(s, "_", "-")); err == nil && !strings.Contains(s, " ") {
		out := t.String()
		if len(out) <= contact.MaxLanguage && out != "und" {
			return out, true
		}
	}
	langOnce.Do(func() {
		langNames = map[string]string{}
		en := display.English.Languages()
		for a := 'a'; a <= 'z'; a++ {
			for b := 'a'; b <= 'z'; b++ {
				code := string([]rune{a, b})
				base, err := language.ParseBase(code)
				if err != nil || base.String() != code {
					continue
				}
				t := language.Make(code)
				if n := en.Name(t); n != "" {
					langNames[foldKey(n)] = code
				}
				if n := display.Self.Name(t); n != "" {
					if _, taken := langNames[foldKey(n)]; !taken {
						langNames[foldKey(n)] = code
					}
				}
			}
		}
	})
	code, ok := langNames[foldKey(s)]
	return code, ok
}

// splitList splits a list value ("en, fr", "work;press", "a ::: b") into
// its trimmed, non-empty items.
func splitList(s string) []string {
	s = strings.ReplaceAll(s, ":::", ",")
	f := strings.FieldsFunc(s, func(r rune) bool {
		// Latin, Arabic and CJK commas and semicolons.
		return r == ',' || r == ';' || r == '\n' || r == '،' || r == '؛' || r == '，' || r == '、' || r == '；'
	})
	var out []string
	for _, v := range f {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// addLanguages adds the recognised languages of items to c and returns the
// reasons for the others.
func addLanguages(c *contact.Contact, items []string) []Reason {
	var dropped []Reason
	for _, it := range items {
		for _, w := range strings.FieldsFunc(it, func(r rune) bool { return r == '/' }) {
			if tag, ok := languageTag(w); ok {
				c.Languages = append(c.Languages, tag)
			} else {
				dropped = append(dropped, Reason{Code: CodeLanguageUnknown, Args: map[string]any{"Value": clip(strings.TrimSpace(w), 60)}})
			}
		}
	}
	return dropped
}

// setCountry sets c's country from s when it is recognised, and returns
// the reason it was left out otherwise.
func setCountry(c *contact.Contact, s string) []Reason {
	s = strings.TrimSpace(s)
	if s == "" || c.Country != "" {
		return nil
	}
	if code, ok := countryCode(s); ok {
		c.Country = code
		return nil
	}
	return []Reason{{Code: CodeCountryUnknown, Args: map[string]any{"Value": clip(s, 60)}}}
}

// kindOf reads a contact kind written by people or other tools.
func kindOf(s string) (contact.Kind, bool) {
	switch foldKey(s) {
	case "", "person", "individual", "people", "personne", "persona", "pessoa":
		return contact.KindPerson, true
	case "organization", "organisation", "org", "group", "ngo", "organización", "organização":
		return contact.KindOrganization, true
	case "business", "company", "firm", "shop", "entreprise", "empresa", "unternehmen", "firma":
		return contact.KindBusiness, true
	}
	return "", false
}

// isPhoneLike reports whether s looks like a phone number: at least five
// digits and nothing but digits, spaces and + - ( ) . /.
func isPhoneLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/' || r == '\u00a0':
		default:
			return false
		}
	}
	return digits >= 5
}

// isEmailLike reports whether s looks like an email address.
func isEmailLike(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " \t<>,;")
}

// phoneDigits returns the digits of a phone number, with its leading +.
func phoneDigits(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		if r == '+' && i == 0 {
			b.WriteRune(r)
		} else if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
