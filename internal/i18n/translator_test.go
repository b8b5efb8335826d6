package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/safehouse-app/safehouse/locales"
)

func newT(t *testing.T, lang string, extra ...Source) *Translator {
	t.Helper()
	tr, err := New(lang, extra...)
	if err != nil {
		t.Fatalf("New(%q): %v", lang, err)
	}
	return tr
}

// assertNoMissing fails the test if any looked-up ID was unknown.
func assertNoMissing(t *testing.T, tr *Translator) {
	t.Helper()
	if m := tr.Missing(); len(m) > 0 {
		t.Errorf("unknown message IDs looked up: %v", m)
	}
}

func TestEnglish(t *testing.T) {
	tr := newT(t, "en")
	tests := []struct {
		id   string
		args []any
		want string
	}{
		{"common.ok", nil, "OK"},
		{"app.title", nil, "Safehouse"},
		{"save.saving", nil, "Saving…"},
		{"save.failed", []any{"Reason", "the disk is full"}, "Not saved — the disk is full"},
		{"save.failed", []any{map[string]any{"Reason": "no space"}}, "Not saved — no space"},
		{"validation.text_too_long", []any{"Max", 200}, "This is too long. Please keep it under 200 characters."},
		{"error.wrong_passphrase", nil, "Wrong passphrase. Nothing was changed. Try again — check the keyboard layout."},
		// Malformed args are ignored rather than panicking.
		{"save.failed", []any{"Reason", "x", "dangling"}, "Not saved — x"},
		{"common.ok", []any{42, "x"}, "OK"},
	}
	for _, tc := range tests {
		if got := tr.T(tc.id, tc.args...); got != tc.want {
			t.Errorf("T(%q, %v) = %q, want %q", tc.id, tc.args, got, tc.want)
		}
	}
	if got := tr.Lang(); got != "en" {
		t.Errorf("Lang() = %q, want en", got)
	}
	assertNoMissing(t, tr)
}

func TestMissingID(t *testing.T) {
	tr := newT(t, "en")
	if got := tr.T("no.such.message"); got != "no.such.message" {
		t.Errorf("T(unknown) = %q, want the ID", got)
	}
	if got := tr.N("no.such.count", 3); got != "no.such.count" {
		t.Errorf("N(unknown) = %q, want the ID", got)
	}
	if got, want := tr.Missing(), []string{"no.such.count", "no.such.message"}; !slices.Equal(got, want) {
		t.Errorf("Missing() = %v, want %v", got, want)
	}
	if tr.Has("no.such.message") || !tr.Has("common.ok") {
		t.Error("Has gives wrong answers")
	}
}

func TestPluralEnglish(t *testing.T) {
	tr := newT(t, "")
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 contacts"}, {1, "1 contact"}, {2, "2 contacts"}, {21, "21 contacts"}, {-1, "-1 contact"}} {
		if got := tr.N("contacts.count", tc.n); got != tc.want {
			t.Errorf("N(contacts.count, %d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := tr.N("tasks.count", 1); got != "1 task" {
		t.Errorf("tasks.count 1 = %q", got)
	}
	if got := tr.N("events.count", 5); got != "5 events" {
		t.Errorf("events.count 5 = %q", got)
	}
	assertNoMissing(t, tr)
}

func TestPluralRussianArabic(t *testing.T) {
	tests := []struct {
		file, lang string
		n          int
		want       string
	}{
		{"ru.toml", "ru", 1, "1 контакт"},
		{"ru.toml", "ru", 21, "21 контакт"},
		{"ru.toml", "ru", 2, "2 контакта"},
		{"ru.toml", "ru", 24, "24 контакта"},
		{"ru.toml", "ru", 5, "5 контактов"},
		{"ru.toml", "ru", 11, "11 контактов"},
		{"ru.toml", "ru", 0, "0 контактов"},
		// Arabic counts are written in Arabic-Indic digits (CLDR).
		{"ar.toml", "ar", 0, "لا جهات اتصال"},
		{"ar.toml", "ar", 1, "جهة اتصال واحدة"},
		{"ar.toml", "ar", 2, "جهتا اتصال"},
		{"ar.toml", "ar", 3, "٣ جهات اتصال"},
		{"ar.toml", "ar", 110, "١١٠ جهات اتصال"},
		{"ar.toml", "ar", 11, "١١ جهة اتصال"},
		{"ar.toml", "ar", 99, "٩٩ جهة اتصال"},
		{"ar.toml", "ar", 100, "١٠٠ جهة اتصال"},
	}
	for _, tc := range tests {
		tr := newT(t, tc.lang, Source{Name: filepath.Join("testdata", tc.file)})
		if got := tr.Lang(); got != tc.lang {
			t.Fatalf("Lang() = %q, want %q", got, tc.lang)
		}
		if got := tr.N("contacts.count", tc.n); got != tc.want {
			t.Errorf("%s: N(contacts.count, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	// A plural message a file does not translate falls back to English
	// (German ships no translation, so only this file provides it).
	tr := newT(t, "de", Source{Name: "de.toml", Data: []byte("[contacts.count]\none = \"{{.Count}} Kontakt\"\nother = \"{{.Count}} Kontakte\"\n")})
	if got := tr.N("contacts.count", 2); got != "2 Kontakte" {
		t.Errorf("translated plural = %q", got)
	}
	if got := tr.N("tasks.count", 1); got != "1 task" {
		t.Errorf("untranslated plural = %q, want English", got)
	}
}

func TestPluralForms(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "one other",
		"ru": "one few many other",
		"ar": "zero one two few many other",
		"ja": "other",
		"fr": "one many other",
		"pl": "one few many other",
	} {
		forms, ok := pluralForms(mustTag(t, lang))
		if !ok || strings.Join(forms, " ") != want {
			t.Errorf("pluralForms(%s) = %v, %v; want %s", lang, forms, ok, want)
		}
	}
}

func TestOverride(t *testing.T) {
	tr := newT(t, "fr", Source{Name: "testdata/fr.toml"})
	if got := tr.Lang(); got != "fr" {
		t.Fatalf("Lang() = %q, want fr", got)
	}
	if got := tr.T("common.cancel"); got != "Annuler" {
		t.Errorf("overridden message = %q, want Annuler", got)
	}
	if got := tr.T("common.ok"); got != "OK" {
		t.Errorf("fallback message = %q, want English OK", got)
	}
	if got := tr.N("contacts.count", 3); got != "3 contacts" {
		t.Errorf("fallback plural = %q", got)
	}

	// A later file overrides an earlier one, ID by ID.
	if err := tr.LoadBytes("fr.toml", []byte("[common.cancel]\nother = \"Annuler tout\"\n")); err != nil {
		t.Fatal(err)
	}
	if got := tr.T("common.cancel"); got != "Annuler tout" {
		t.Errorf("second override = %q", got)
	}

	// An external en.toml overrides the English text too.
	en := newT(t, "en", Source{Name: "en.toml", Data: []byte("[common.ok]\nother = \"Okay\"\n")})
	if got := en.T("common.ok"); got != "Okay" {
		t.Errorf("English override = %q", got)
	}
	if got := en.T("common.cancel"); got != "Cancel" {
		t.Errorf("English non-overridden = %q", got)
	}
	assertNoMissing(t, tr)
}

func TestLanguageMatching(t *testing.T) {
	// Unavailable language: English.
	tr := newT(t, "de")
	if got := tr.Lang(); got != "en" {
		t.Errorf("Lang() = %q, want en", got)
	}
	// Loading the language asked for switches to it.
	if err := tr.LoadBytes("de.toml", []byte("[common.cancel]\nother = \"Abbrechen\"\n")); err != nil {
		t.Fatal(err)
	}
	if got := tr.Lang(); got != "de" {
		t.Errorf("after loading de.toml Lang() = %q", got)
	}
	if got := tr.T("common.cancel"); got != "Abbrechen" {
		t.Errorf("T = %q", got)
	}
	// A regional request matches the base language.
	ch := newT(t, "de-CH", Source{Name: "de.toml", Data: []byte("[common.cancel]\nother = \"Abbrechen\"\n")})
	if got := ch.T("common.cancel"); got != "Abbrechen" {
		t.Errorf("de-CH T = %q", got)
	}
	// Garbage falls back to English.
	if got := newT(t, "!!").Lang(); got != "en" {
		t.Errorf("garbage Lang() = %q", got)
	}
}

func TestAvailable(t *testing.T) {
	tr := newT(t, "en", Source{Name: "testdata/fr.toml"}, Source{Name: "testdata/ar.toml"})
	got := tr.Available()
	// The shipped translations plus the two loaded here, sorted by tag,
	// each named in its own language.
	for _, want := range []Locale{{"ar", "العربية"}, {"en", "English"}, {"fr", "Français"}} {
		if !slices.Contains(got, want) {
			t.Errorf("Available() = %v, lacks %v", got, want)
		}
	}
	// The pseudo-locale comes last (see TestPseudoLocale).
	if len(got) == 0 || got[len(got)-1].Tag != PseudoLocale {
		t.Fatalf("Available() = %v, want the pseudo-locale last", got)
	}
	if real := got[:len(got)-1]; !slices.IsSortedFunc(real, func(a, b Locale) int { return strings.Compare(a.Tag, b.Tag) }) {
		t.Errorf("Available() not sorted: %v", got)
	}
}

func TestBrokenFiles(t *testing.T) {
	big := bytes.Repeat([]byte("# padding line for a file that is far too large\n"), (2<<20)/48)
	tests := []struct {
		name, file string
		data       []byte
		want       error
		line       int
	}{
		{"malformed toml", "de.toml", []byte("[common.cancel]\nother = \"Abbrechen\n"), ErrSyntax, 2},
		{"duplicate key", "de.toml", []byte("[common.cancel]\nother = \"a\"\nother = \"b\"\n"), ErrSyntax, 3},
		{"mixed keys", "de.toml", []byte("[common]\nother = \"a\"\n[common.cancel]\nother = \"b\"\n"), ErrSyntax, 0},
		{"invalid utf-8", "de.toml", []byte("[common.cancel]\nother = \"Abbrechen\"\n[common.ok]\nother = \"\xff\xfe\"\n"), ErrInvalidUTF8, 4},
		{"too large", "de.toml", big, ErrTooLarge, 0},
		{"wrong placeholder", "de.toml", []byte("[common.cancel]\nother = \"Abbrechen\"\n\n[save.failed]\nother = \"Nicht gespeichert — {{.Raison}}\"\n"), ErrPlaceholder, 4},
		{"placeholder on a message without any", "de.toml", []byte("[common.ok]\nother = \"OK {{.Name}}\"\n"), ErrPlaceholder, 1},
		{"template syntax", "de.toml", []byte("[common.cancel]\nother = \"Abbrechen\"\n[save.failed]\nother = \"Nicht gespeichert — {{.Reason\"\n"), ErrTemplate, 4},
		{"template logic", "de.toml", []byte("[save.failed]\nother = \"{{printf \\\"%0999999999d\\\" 1}}\"\n"), ErrTemplate, 2},
		{"template range", "de.toml", []byte("[save.failed]\nother = \"{{range .Reason}}x{{end}}\"\n"), ErrTemplate, 2},
		{"not a language", "xx-notalang.toml", []byte("[common.ok]\nother = \"OK\"\n"), ErrFileName, 0},
		{"not toml", "de.json", []byte("{}"), ErrFileName, 0},
		{"single value", "de.toml", []byte("\"hello\""), ErrSyntax, 1},
		// Hostile files.
		{"utf-16", "de.toml", []byte("\xff\xfe[\x00c\x00o\x00]\x00\n\x00"), ErrInvalidUTF8, 1},
		{"utf-16 big endian", "de.toml", []byte("\xfe\xff\x00[\x00c\x00o\x00]\x00\n"), ErrInvalidUTF8, 1},
		{"json content", "de.toml", []byte(`{"common.cancel": {"other": "Abbrechen"}}`), ErrSyntax, 1},
		{"nested inline tables", "de.toml", []byte("[common.cancel]\nother = \"x\"\nx = " + strings.Repeat("{a=", 200000) + "1" + strings.Repeat("}", 200000)), ErrSyntax, 3},
		{"nested arrays", "de.toml", []byte("x = " + strings.Repeat("[", 1000) + strings.Repeat("]", 1000)), ErrSyntax, 1},
		{"nested tables", "de.toml", []byte("[common.cancel]\nother = \"x\"\n\n[" + strings.Repeat("a.", 5000) + "a]\nother = \"y\"\n"), ErrSyntax, 4},
		{"template call", "de.toml", []byte("[common.cancel]\nother = \"x\"\n[save.failed]\nother = \"{{call .Reason}}\"\n"), ErrTemplate, 4},
		{"template template", "de.toml", []byte("[save.failed]\nother = \"{{template \\\"x\\\"}}\"\n"), ErrTemplate, 2},
		{"template define", "de.toml", []byte("[save.failed]\nother = \"{{define \\\"x\\\"}}y{{end}}{{.Reason}}\"\n"), ErrTemplate, 2},
		{"template block", "de.toml", []byte("[save.failed]\nother = \"{{block \\\"x\\\" .}}y{{end}}\"\n"), ErrTemplate, 2},
		{"field chain", "de.toml", []byte("[save.failed]\nother = \"{{.Reason.Secret}}\"\n"), ErrTemplate, 2},
		{"dot", "de.toml", []byte("[save.failed]\nother = \"{{.}}\"\n"), ErrTemplate, 2},
		{"custom delimiters", "de.toml", []byte("[save.failed]\nleftdelim = \"<<\"\nrightdelim = \">>\"\nother = \"<<call .Reason>>\"\n"), ErrTemplate, 4},
		{"id collision", "de.toml", []byte("[\"common.cancel\"]\nother = \"a\"\n[common.cancel]\nother = \"b\"\n"), ErrSyntax, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// German ships no translation: after a rejection only this file
			// and English remain.
			tr := newT(t, "de", Source{Name: "de.toml", Data: []byte("[common.cancel]\nother = \"Abbrechen\"\n")})
			err := tr.LoadBytes(tc.file, tc.data)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("LoadBytes error = %v, want a *FileError", err)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
			if fe.Line != tc.line {
				t.Errorf("line = %d, want %d (%v)", fe.Line, tc.line, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.file) || msg != strings.ToValidUTF8(msg, "?") {
				t.Errorf("error message %q should start with the file name", msg)
			}
			// The file was rejected as a whole, and the translator still works.
			if got := tr.T("common.cancel"); got != "Abbrechen" {
				t.Errorf("after rejection common.cancel = %q, want Abbrechen", got)
			}
			if got := tr.T("save.failed", "Reason", "r"); got != "Not saved — r" {
				t.Errorf("after rejection save.failed = %q", got)
			}
			if got := tr.Lang(); got != "de" {
				t.Errorf("after rejection Lang() = %q", got)
			}
		})
	}
}

func TestNewWithBrokenSource(t *testing.T) {
	tr, err := New("fr",
		Source{Name: "testdata/fr.toml"},
		Source{Name: "fr.toml", Data: []byte("[common.cancel\n")},
		Source{Name: "testdata/does-not-exist.toml"},
	)
	if tr == nil {
		t.Fatal("New returned no translator")
	}
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrSyntax) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("New error = %v, want both rejections", err)
	}
	if got := tr.T("common.cancel"); got != "Annuler" {
		t.Errorf("T = %q, want Annuler", got)
	}
}

func TestLoadFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fr.toml")
	if err := os.WriteFile(path, bytes.Repeat([]byte("#\n"), MaxFileSize), 0o600); err != nil {
		t.Fatal(err)
	}
	tr := newT(t, "en")
	if err := tr.LoadFile(path); !errors.Is(err, ErrTooLarge) {
		t.Errorf("LoadFile = %v, want ErrTooLarge", err)
	}
}

func TestTooManyMessages(t *testing.T) {
	var b strings.Builder
	for i := 0; i <= MaxMessages; i++ {
		fmt.Fprintf(&b, "[m%d]\nother = \"x\"\n", i)
	}
	tr := newT(t, "en")
	if err := tr.LoadBytes("fr.toml", []byte(b.String())); !errors.Is(err, ErrTooManyMessages) {
		t.Errorf("LoadBytes = %v, want ErrTooManyMessages", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	tr := newT(t, "fr")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				tr.T("common.cancel")
				tr.N("contacts.count", j)
				tr.Lang()
				tr.Available()
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				_ = tr.LoadBytes("fr.toml", []byte("[common.cancel]\nother = \"Annuler\"\n"))
				_ = tr.LoadBytes("fr.toml", []byte("[common.cancel\n"))
			}
		}()
	}
	wg.Wait()
	if got := tr.T("common.cancel"); got != "Annuler" {
		t.Errorf("T = %q", got)
	}
}

// TestSource checks every message of the English source: it has a
// description and an "other" text, and plural messages have "one".
func TestSource(t *testing.T) {
	data, err := locales.FS.ReadFile("en.toml")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		t.Fatal(err)
	}
	src, err := english()
	if err != nil {
		t.Fatal(err)
	}
	if len(src) < 50 {
		t.Errorf("English source has only %d messages", len(src))
	}
	for id, m := range src {
		if strings.TrimSpace(m.Other) == "" {
			t.Errorf("%s: empty other", id)
		}
		if strings.TrimSpace(m.Description) == "" {
			t.Errorf("%s: no description", id)
		}
		if id != strings.ToLower(id) || strings.Contains(id, " ") || !strings.Contains(id, ".") {
			t.Errorf("%s: IDs are dotted lower-case", id)
		}
		if isPlural(m) && m.One == "" {
			t.Errorf("%s: plural message without one", id)
		}
	}
	if r := Check(data, "en.toml"); !r.OK() {
		t.Errorf("Check(en.toml):\n%s", r)
	}
}

// TestEmbedded checks that every embedded translation loads cleanly.
func TestEmbedded(t *testing.T) {
	if _, err := New("en"); err != nil {
		t.Fatal(err)
	}
	names, _ := filepathGlob()
	for _, n := range names {
		data, _ := locales.FS.ReadFile(n)
		if r := Check(data, n); !r.Loadable() {
			t.Errorf("%s is not loadable:\n%s", n, r)
		}
	}
}

func filepathGlob() ([]string, error) {
	entries, err := locales.FS.ReadDir(".")
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".toml") {
			names = append(names, e.Name())
		}
	}
	return names, err
}

// A translation whose plural message lacks both the needed form and
// "other" falls back to English rather than showing the ID.
func TestPluralWithoutOther(t *testing.T) {
	tr := newT(t, "fr", Source{Name: "fr.toml", Data: []byte("[contacts.count]\nzero = \"aucun\"\n")})
	if got := tr.N("contacts.count", 3); got != "3 contacts" {
		t.Errorf("N = %q, want English", got)
	}
	assertNoMissing(t, tr)
	r := Check([]byte("[common.ok]\none = \"x\"\n"), "fr.toml")
	if !slices.Contains(r.Missing, "common.ok") {
		t.Errorf("message without other not reported missing: %v", r.Missing)
	}
}
