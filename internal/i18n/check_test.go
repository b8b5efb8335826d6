package i18n

import (
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

func mustTag(t *testing.T, s string) language.Tag {
	t.Helper()
	tag, err := language.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return tag
}

func TestCheck(t *testing.T) {
	data, err := os.ReadFile("testdata/check.de.toml")
	if err != nil {
		t.Fatal(err)
	}
	r := Check(data, "check.de.toml")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Lang != "de" || r.Messages != 6 {
		t.Errorf("Lang, Messages = %q, %d", r.Lang, r.Messages)
	}
	if !slices.Equal(r.Unknown, []string{"not.in.english"}) {
		t.Errorf("Unknown = %v", r.Unknown)
	}
	if !slices.Contains(r.Missing, "common.no") || slices.Contains(r.Missing, "common.ok") || slices.Contains(r.Missing, "not.in.english") {
		t.Errorf("Missing = %v", r.Missing)
	}
	type key struct {
		kind ProblemKind
		id   string
		line int
	}
	var got []key
	for _, p := range r.Problems {
		got = append(got, key{p.Kind, p.ID, p.Line})
	}
	want := []key{
		{ProblemUnknownPlaceholder, "save.failed", 4},
		{ProblemMissingPlaceholder, "save.failed", 4},
		{ProblemMissingPlaceholder, "validation.text_too_long", 7},
		{ProblemMissingPluralForm, "contacts.count", 10},
		{ProblemTemplate, "common.cancel", 17},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Problems =\n%v\nwant\n%v\n%s", got, want, r)
	}
	if r.OK() || r.Loadable() {
		t.Error("report with fatal problems is OK or loadable")
	}
	out := r.String()
	for _, s := range []string{
		"check.de.toml:4: save.failed: unknown placeholder: {{.Grund}} is not in the English text ({{.Reason}})",
		"check.de.toml:10: contacts.count: de needs the plural forms one, other; missing one",
		"check.de.toml:17: common.cancel: bad placeholder: unexpected EOF",
		"check.de.toml: not.in.english: not in the English source",
		"check.de.toml: common.no: not translated",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("report lacks %q:\n%s", s, out)
		}
	}
}

func TestCheckPlurals(t *testing.T) {
	for _, tc := range []struct {
		name, data, missing string
	}{
		{"ru.toml", "[contacts.count]\none = \"{{.Count}} контакт\"\nother = \"{{.Count}} контакта\"\n", "missing few, many"},
		{"ar.toml", "[contacts.count]\nother = \"{{.Count}}\"\n", "missing zero, one, two, few, many"},
		{"ja.toml", "[contacts.count]\nother = \"{{.Count}} 件\"\n", ""},
	} {
		r := Check([]byte(tc.data), tc.name)
		var details []string
		for _, p := range r.Problems {
			details = append(details, p.Detail)
		}
		joined := strings.Join(details, "\n")
		if tc.missing == "" && joined != "" || !strings.Contains(joined, tc.missing) {
			t.Errorf("%s: problems %q, want %q", tc.name, joined, tc.missing)
		}
	}
	// The test files are complete for contacts.count.
	for _, name := range []string{"ru.toml", "ar.toml"} {
		data, _ := os.ReadFile("testdata/" + name)
		r := Check(data, name)
		if len(r.Problems) != 0 || !r.Loadable() {
			t.Errorf("%s: %s", name, r)
		}
	}
}

func TestCheckBroken(t *testing.T) {
	r := Check([]byte("[a\n"), "fr.toml")
	if r.Err == nil || r.Loadable() || !strings.HasPrefix(r.String(), "fr.toml:2: syntax error") {
		t.Errorf("report = %+v\n%s", r, r)
	}
	r = Check(nil, "fr.toml")
	if r.Err != nil || len(r.Missing) == 0 || r.OK() || !r.Loadable() {
		t.Errorf("empty file report = %+v", r)
	}
}

func TestMatchSystem(t *testing.T) {
	avail := []language.Tag{language.English, mustTag(t, "fr"), mustTag(t, "pt-BR"), mustTag(t, "ar"), mustTag(t, "sr-Latn")}
	for _, tc := range []struct{ in, want string }{
		{"", "en"},
		{"C", "en"},
		{"C.UTF-8", "en"},
		{"POSIX", "en"},
		{"en_US.UTF-8", "en"},
		{"fr_FR.UTF-8", "fr"},
		{"fr_CA", "fr"},
		{"fr", "fr"},
		{"pt_BR.utf8", "pt-BR"},
		{"ar_EG.UTF-8", "ar"},
		{"de_DE.UTF-8", "en"},
		{"de:fr", "fr"},
		{"sr_RS@latin", "sr-Latn"},
		{"garbage!!", "en"},
	} {
		if got := matchPOSIX(tc.in, avail); got != tc.want {
			t.Errorf("matchPOSIX(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// With only the embedded locales, English always works.
	for _, in := range []string{"", "C", "C.UTF-8", "en_GB.UTF-8"} {
		if got := MatchSystem(in); got != "en" {
			t.Errorf("MatchSystem(%q) = %q, want en", in, got)
		}
	}
}
