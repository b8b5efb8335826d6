package i18n

import (
	"strings"
	"testing"
	"time"
)

func mustNew(t *testing.T, lang string) *Translator {
	t.Helper()
	tr, err := New(lang)
	if err != nil || tr == nil {
		t.Fatalf("New(%q): %v", lang, err)
	}
	return tr
}

func TestNumberFollowsLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 12345, "12,345"},
		{"en", 7, "7"},
		{"en", -1200, "-1,200"},
		{"es", 12345, "12.345"},
		{"fr", 12345, "12\u00a0345"},
		{"ru", 12345, "12\u00a0345"},
		{"zh-Hans", 12345, "12,345"},
		{"fa", 12345, "۱۲٬۳۴۵"},
		{"ar", 12345, "١٢٬٣٤٥"},
		{"fa", 0, "۰"},
	} {
		if got := mustNew(t, c.lang).Number(c.n); got != c.want {
			t.Errorf("%s: Number(%d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestDateAndTime(t *testing.T) {
	t.Parallel()
	tm := time.Date(2026, time.November, 7, 9, 5, 0, 0, time.UTC)
	en := mustNew(t, "en")
	if got := en.Date(tm); got != "November 7, 2026" {
		t.Errorf("en Date = %q", got)
	}
	if got := en.Clock(tm); got != "09:05" {
		t.Errorf("en Clock = %q", got)
	}
	if got := en.DateTime(tm); got != "November 7, 2026, 09:05" {
		t.Errorf("en DateTime = %q", got)
	}
	if got := en.Date(time.Time{}); got != "" {
		t.Errorf("zero Date = %q, want empty", got)
	}
	// The year is never grouped ("2,026") and the digits are the
	// language's own.
	fa := mustNew(t, "fa")
	d := fa.Date(tm)
	if !strings.Contains(d, "۲۰۲۶") || !strings.Contains(d, "۷") || strings.ContainsAny(d, "0123456789") {
		t.Errorf("fa Date = %q, want Persian digits only", d)
	}
	if got := fa.Clock(tm); !strings.Contains(got, "۰۹") || !strings.Contains(got, "۰۵") {
		t.Errorf("fa Clock = %q, want Persian digits", got)
	}
	// Each language's month name comes from its locale file.
	for _, lang := range []string{"es", "fr", "ar", "fa", "ru", "zh-Hans"} {
		tr := mustNew(t, lang)
		if got := tr.Date(tm); strings.Contains(got, "November") {
			t.Errorf("%s Date = %q, month not translated", lang, got)
		}
	}
}

func TestPlaceholderNumbersAreLocalized(t *testing.T) {
	t.Parallel()
	const file = `
["format.time"]
other = "{{.Hour}}h{{.Minute}}"
`
	fa := mustNew(t, "fa")
	// Integers given as placeholder values take the language's digits;
	// text values are left alone.
	if got := fa.T("format.time", "Hour", 12, "Minute", "30"); got != "۱۲:30" {
		t.Errorf("fa T with int = %q, want Persian digits for the int", got)
	}
	fr := mustNew(t, "fr")
	if err := fr.LoadBytes("fr.toml", []byte(file)); err != nil {
		t.Fatal(err)
	}
	if got := fr.T("format.time", "Hour", 1500, "Minute", "05"); got != "1\u00a0500h05" {
		t.Errorf("fr T = %q", got)
	}
}

func TestIsRTL(t *testing.T) {
	t.Parallel()
	for tag, want := range map[string]bool{
		"ar": true, "fa": true, "ar-MA": true, "fa-IR": true, "ur": true, "he": true,
		"ps": true, "az-Arab": true, "ckb": true,
		"en": false, "fr": false, "ru": false, "zh-Hans": false, "az": false,
		"": false, "not a tag!": false, "en-XA": false,
	} {
		if got := IsRTL(tag); got != want {
			t.Errorf("IsRTL(%q) = %v, want %v", tag, got, want)
		}
	}
	if !mustNew(t, "fa").RTL() || mustNew(t, "fr").RTL() {
		t.Error("Translator.RTL does not follow the language")
	}
}
