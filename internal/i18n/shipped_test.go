package i18n

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/safehouse-app/safehouse/locales"
)

// TestShippedLocales checks every translation that ships in the binary:
// it must load (syntax, placeholders, templates), translate every message
// of the English source with the same placeholders and every plural form
// its language needs, and hold no message English does not have.
//
// A new English message therefore fails this test until it is translated.
// `safehouse locale new LANG` writes a file with the existing translations
// and empty texts for the new messages; see docs/TRANSLATING.md.
func TestShippedLocales(t *testing.T) {
	names, err := fs.Glob(locales.FS, "*.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if name == sourceName {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := locales.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			r := Check(data, name)
			if !r.Loadable() {
				t.Fatalf("%s cannot be loaded:\n%s", name, r)
			}
			if len(r.Unknown) > 0 {
				t.Errorf("%s has messages English does not have: %v", name, r.Unknown)
			}
			for _, p := range r.Problems {
				t.Errorf("%s:%d: %s: %s", name, p.Line, p.ID, p.Detail)
			}
			if len(r.Missing) > 0 {
				t.Errorf("%s: %d messages not translated (English is shown instead):\n  %s",
					name, len(r.Missing), strings.Join(r.Missing, "\n  "))
			}
			tr, err := New(r.Lang)
			if err != nil {
				t.Fatalf("New(%q): %v", r.Lang, err)
			}
			if tr.Lang() != r.Lang {
				t.Errorf("New(%q) picked %q", r.Lang, tr.Lang())
			}
		})
	}
}

// cldrCategory is the CLDR plural category of the integer n in lang,
// written out from the CLDR rules (unicode.org/cldr/charts, "Language
// Plural Rules") independently of go-i18n, for the shipped languages.
func cldrCategory(lang string, n int) string {
	switch lang {
	case "en":
		if n == 1 {
			return "one"
		}
	case "es", "fr":
		switch {
		case n == 1 || lang == "fr" && n == 0:
			return "one"
		case n != 0 && n%1000000 == 0:
			return "many"
		}
	case "fa":
		if n == 0 || n == 1 {
			return "one"
		}
	case "ar":
		switch m := n % 100; {
		case n == 0:
			return "zero"
		case n == 1:
			return "one"
		case n == 2:
			return "two"
		case m >= 3 && m <= 10:
			return "few"
		case m >= 11 && m <= 99:
			return "many"
		}
	case "ru":
		switch d, m := n%10, n%100; {
		case d == 1 && m != 11:
			return "one"
		case d >= 2 && d <= 4 && (m < 12 || m > 14):
			return "few"
		default:
			return "many"
		}
	case "zh-Hans":
	}
	return "other"
}

// TestShippedPlurals checks, for every shipped language, that Translator.N
// picks the plural form CLDR prescribes: the text shown for each count is
// the shipped file's text of that category.
func TestShippedPlurals(t *testing.T) {
	counts := []int{0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 100, 101, 102, 103, 111, 112, 1000000}
	for _, lang := range []string{"en", "es", "fr", "ar", "fa", "ru", "zh-Hans"} {
		t.Run(lang, func(t *testing.T) {
			name := lang + ".toml"
			data, err := locales.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parseFile(name, data)
			if err != nil {
				t.Fatal(err)
			}
			required, _ := pluralForms(f.tag)
			// A plural message whose only placeholder is {{.Count}} and
			// that has every form the language needs.
			id := ""
			for _, cand := range append([]string{"contacts.count"}, sortedKeys(f.messages)...) {
				m := f.messages[cand]
				if m == nil || !isPlural(m) && len(required) > 1 || !onlyCount(m) {
					continue
				}
				complete := true
				for _, form := range required {
					complete = complete && hasForm(m, form)
				}
				if complete {
					id = cand
					break
				}
			}
			if id == "" {
				t.Fatalf("%s has no complete plural message to test", name)
			}
			m := f.messages[id]
			tr := newT(t, lang)
			for _, n := range counts {
				cat := cldrCategory(lang, n)
				want := formOf(m, cat)
				if want == "" {
					t.Errorf("%s: %s has no %q form (needed for %d)", name, id, cat, n)
					continue
				}
				got := tr.N(id, n)
				// Compare without the number, which the translator may
				// write with the language's own digits and grouping.
				if withoutDigits(got) != withoutDigits(strings.ReplaceAll(want, "{{.Count}}", "")) {
					t.Errorf("%s: N(%s, %d) = %q, want the %q form %q", lang, id, n, got, cat, want)
				}
			}
		})
	}
}

// onlyCount reports whether {{.Count}} is m's only placeholder.
func onlyCount(m *goi18n.Message) bool {
	for _, ft := range forms(m) {
		names, err := placeholders(ft.text, m.LeftDelim, m.RightDelim)
		if err != nil {
			return false
		}
		for _, n := range names {
			if n != "Count" {
				return false
			}
		}
	}
	return true
}

// withoutDigits drops digits (of any script), digit grouping marks and
// spaces.
func withoutDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) || unicode.IsSpace(r) || strings.ContainsRune(",.٬٫'  ", r) {
			return -1
		}
		return r
	}, s)
}
