package i18n

import (
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
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
	// The year is never grouped ("1,405") and the digits are the
	// language's own; Persian dates are Solar Hijri (7 November 2026 is
	// 16 Aban 1405).
	fa := mustNew(t, "fa")
	if d := fa.Date(tm); d != "۱۶ آبان ۱۴۰۵" {
		t.Errorf("fa Date = %q, want Solar Hijri with Persian digits", d)
	}
	if d := mustNew(t, "ar").Date(tm); d != "٧ نوفمبر ٢٠٢٦" {
		t.Errorf("ar Date = %q, want Gregorian with Arabic digits", d)
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

// TestSolarHijriDates: the Persian interface shows Solar Hijri dates with
// Persian digits and month names, the other shipped languages Gregorian
// ones, and a translation file chooses with format.calendar.
func TestSolarHijriDates(t *testing.T) {
	t.Parallel()
	fa := mustNew(t, "fa")
	if fa.Calendar() != date.SolarHijri {
		t.Fatalf("fa calendar %v", fa.Calendar())
	}
	for in, want := range map[string]string{
		"2027-10-22": "۳۰ مهر ۱۴۰۶",
		"2026-03-21": "۱ فروردین ۱۴۰۵",
		"2025-03-20": "۳۰ اسفند ۱۴۰۳", // Esfand 30 of a leap year
		"2026-03-20": "۲۹ اسفند ۱۴۰۴",
		"1979-02-11": "۲۲ بهمن ۱۳۵۷",
		"2121-03-21": "۱ فروردین ۱۵۰۰",
		"0500-01-01": "۱ ژانویه ۰۵۰۰", // before the Solar Hijri table: Gregorian
	} {
		if got := fa.Date(date.MustParse(in).Time(time.UTC)); got != want {
			t.Errorf("fa Date(%s) = %q, want %q", in, got, want)
		}
	}
	// The day is the one in the time's own zone: 01:00 on 22 October in
	// Tehran (30 Mehr) is still 21 October (29 Mehr) in UTC.
	tehran := time.FixedZone("IRST", 3*3600+1800)
	at := time.Date(2027, 10, 22, 1, 0, 0, 0, tehran)
	if got := fa.DateTime(at); got != "۳۰ مهر ۱۴۰۶، ساعت ۰۱:۰۰" {
		t.Errorf("fa DateTime = %q", got)
	}
	if got := fa.SolarHijriMonth(12); got != "اسفند" {
		t.Errorf("fa month 12 = %q", got)
	}
	for _, lang := range []string{"en", "es", "fr", "ar", "ru", "zh-Hans"} {
		if c := mustNew(t, lang).Calendar(); c != date.Gregorian {
			t.Errorf("%s calendar %v, want Gregorian", lang, c)
		}
	}
	// A translation file chooses; a word it does not know is Gregorian.
	en := mustNew(t, "en")
	if err := en.LoadBytes("en.toml", []byte("[\"format.calendar\"]\nother = \"solar_hijri\"\n")); err != nil {
		t.Fatal(err)
	}
	if got := en.Date(date.MustParse("2027-10-22").Time(time.UTC)); got != "Mehr 30, 1406" {
		t.Errorf("en in Solar Hijri = %q", got)
	}
	if err := en.LoadBytes("en.toml", []byte("[\"format.calendar\"]\nother = \"میلادی\"\n")); err != nil {
		t.Fatal(err)
	}
	if en.Calendar() != date.Gregorian {
		t.Error("an unknown calendar word is not Gregorian")
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
