package names

import (
	"slices"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// The seven interface languages Safehouse ships.
var shipped = []string{"en", "es", "fr", "ar", "fa", "ru", "zh-Hans"}

func TestCountryNames(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"en": "Kenya", "es": "Kenia", "fr": "Kenya", "ar": "كينيا", "fa": "کنیا", "ru": "Кения", "zh-Hans": "肯尼亚",
	}
	for _, lang := range shipped {
		if got := Country(lang, "KE"); got != want[lang] {
			t.Errorf("Country(%s, KE) = %q, want %q", lang, got, want[lang])
		}
		// Every assigned code has a name in every shipped language.
		for _, code := range contact.Countries() {
			if n := Country(lang, code); n == "" || n == code {
				t.Errorf("Country(%s, %s) = %q", lang, code, n)
			}
		}
	}
	for in, want := range map[string]string{" ke ": "Kenya", "": "", "XX": "XX", "K1": "K1", "KEN": "KEN"} {
		if got := Country("en", in); got != want {
			t.Errorf("Country(en, %q) = %q, want %q", in, got, want)
		}
	}
	// Languages without names of their own fall back to English.
	for _, lang := range []string{"en-XA", "sw", "xx", ""} {
		if got := Country(lang, "KE"); got == "" || got == "KE" {
			t.Errorf("Country(%q, KE) = %q", lang, got)
		}
	}
}

func TestLanguageNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ lang, code, want string }{
		{"en", "ja", "Japanese"},
		{"es", "ja", "Japonés"}, // capitalized, as in a menu
		{"fr", "sw", "Swahili"},
		{"ru", "ja", "Японский"},
		{"ar", "ja", "اليابانية"},
		{"fa", "ja", "ژاپنی"},
		{"zh-Hans", "ja", "日语"},
		{"en", "pt-BR", "Brazilian Portuguese"},
		{"en", "zh-Hant", "Traditional Chinese"},
		{"en", "xqq", "xqq"}, // unknown: the tag itself
		{"en", "not a tag", "not a tag"},
		{"en-XA", "ja", "Japanese"},
	}
	for _, tt := range tests {
		if got := Language(tt.lang, tt.code); got != tt.want {
			t.Errorf("Language(%s, %s) = %q, want %q", tt.lang, tt.code, got, tt.want)
		}
	}
	for _, lang := range shipped {
		for _, c := range Languages(lang) {
			if c.Name == "" || c.Name == c.Code || c.English == "" {
				t.Errorf("%s: language %s has no name (%q, %q)", lang, c.Code, c.Name, c.English)
			}
			if !contactLanguageOK(c.Code) {
				t.Errorf("%s is offered but a contact cannot store it", c.Code)
			}
		}
	}
}

func contactLanguageOK(code string) bool {
	c := contact.Contact{Name: "x", Languages: []string{code}}
	c.Normalize()
	return c.Validate() == nil
}

func TestListsSortedByLocalName(t *testing.T) {
	t.Parallel()
	names := func(cs []Choice) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	es := names(Countries("es"))
	// Spanish sorts "Áfr..." among the A's and "Ñ" after "N".
	iA, iB := slices.Index(es, "Austria"), slices.Index(es, "Bahamas")
	if iA < 0 || iB < 0 || iA > iB {
		t.Errorf("Spanish countries not in order: Austria %d, Bahamas %d", iA, iB)
	}
	// Accents do not move a name to the end: Åland and Österreich-like
	// names sort with their letter.
	if i := slices.Index(es, "Islas Åland"); i < 0 || i > slices.Index(es, "Islas Caimán") {
		t.Errorf("Islas Åland at %d, Islas Caimán at %d", i, slices.Index(es, "Islas Caimán"))
	}
	if len(es) != len(contact.Countries()) {
		t.Fatalf("%d countries", len(es))
	}
	zh := names(Countries("zh-Hans"))
	if zh[0] == "" {
		t.Fatal("empty name")
	}
	en := names(Languages("en"))
	if !slices.IsSortedFunc(en, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("English languages not sorted: %q", en[:10])
	}
}

func TestMatchCountries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"en", "Kenya", []string{"KE"}},
		{"es", "Kenia", []string{"KE"}},
		{"es", "kenya", []string{"KE"}}, // English names match in every language
		{"en", "ken", []string{"KE"}},
		{"en", "ke", nil}, // too short for a prefix
		{"en", "south af", []string{"ZA"}},
		{"en", "united", []string{"AE", "GB", "US"}},
		{"fr", "cote d'ivoire", []string{"CI"}},
		{"zh-Hans", "肯尼亚", []string{"KE"}},
		{"zh-Hans", "中国", []string{"CN"}}, // a two-character name, typed whole
		{"ar", "كينيا", []string{"KE"}},
		{"fa", "کنیا", []string{"KE"}},
		{"fa", "كنيا", []string{"KE"}}, // Arabic letters typed in the Persian interface
		{"ru", "кения", []string{"KE"}},
		{"en", "", nil},
		{"en", "amina", nil},
		{"en", "enya", nil}, // inside a word
	}
	for _, tt := range tests {
		if got := MatchCountries(tt.lang, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("MatchCountries(%s, %q) = %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

func TestCollator(t *testing.T) {
	t.Parallel()
	cmp := Collator("es")
	if cmp("ñu", "nz") <= 0 {
		t.Error("Spanish ñ must sort after n")
	}
	if Collator("en")("émile", "Ezra") >= 0 {
		t.Error("accents must not put É after Z")
	}
}
