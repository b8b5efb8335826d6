package i18n

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/locales"
)

// TestNewFileRoundTrip checks that a new file for a language Safehouse
// does not ship loads, translates nothing yet, and asks for exactly the
// plural forms of the language.
func TestNewFileRoundTrip(t *testing.T) {
	src, err := english()
	if err != nil {
		t.Fatal(err)
	}
	all := sortedKeys(src)
	for _, tc := range []struct{ lang, forms string }{
		{"de", "one other"},
		{"pl", "one few many other"},
		{"ja", "other"},
		{"cy", "zero one two few many other"},
		{"pt_BR", "one many other"},
	} {
		data, err := NewFile(tc.lang)
		if err != nil {
			t.Fatalf("NewFile(%s): %v", tc.lang, err)
		}
		lang, _ := ParseLang(tc.lang)
		name := lang + ".toml"
		r := Check(data, name)
		if !r.Loadable() || len(r.Problems) != 0 || len(r.Unknown) != 0 {
			t.Errorf("%s:\n%.2000s", name, r)
		}
		if !slices.Equal(r.Missing, all) || r.Messages != len(src) || r.Source != len(src) {
			t.Errorf("%s: %d missing, %d messages; want all %d", name, len(r.Missing), r.Messages, len(src))
		}
		// Loading it changes nothing: everything is still English.
		tr := newT(t, lang, Source{Name: name, Data: data})
		if got := tr.T("common.cancel"); got != "Cancel" {
			t.Errorf("%s: T = %q", name, got)
		}
		f, err := parseFile(name, data)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		for id, m := range src {
			i := strings.Index(s, "\n["+id+"]\n")
			if i < 0 {
				t.Fatalf("%s: no table for %s", name, id)
			}
			keys := strings.SplitN(s[i+len(id)+4:]+"\n\n", "\n\n", 2)[0]
			var got []string
			for _, l := range strings.Split(keys, "\n") {
				k, _, _ := strings.Cut(l, " = ")
				got = append(got, k)
			}
			want := "other"
			if isPlural(m) {
				want = tc.forms
			}
			if strings.Join(got, " ") != want {
				t.Errorf("%s: %s has keys %v, want %s", name, id, got, want)
			}
			if len(forms(f.messages[id])) != 0 {
				t.Errorf("%s: %s is not empty", name, id)
			}
		}
	}
}

func TestNewFileContent(t *testing.T) {
	data, err := NewFile("ru")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{
		"# Safehouse translation: ru (Русский)\n",
		"#   one:   1, 21, 31, 41, 51, 61...\n",
		"#   few:   2, 3, 4, 22, 23, 24...\n",
		"#   other: numbers with decimals, such as 1.5\n",
		"safehouse locale check FILE",
		// A message with its description, English text and placeholder.
		"\n# Save status in the top bar when saving failed. Reason is a short translated\n" +
			"# explanation, for example 'the disk is full'.\n" +
			"# English: Not saved — {{.Reason}}\n" +
			"# {{.Reason}}: a short translated explanation, for example 'the disk is full'\n" +
			"[save.failed]\nother = \"Не сохранено — {{.Reason}}\"\n",
		// A plural message, pre-filled from the shipped Russian file.
		"# English (one): {{.Count}} contact\n# English (other): {{.Count}} contacts\n# {{.Count}}: a number\n" +
			"[contacts.count]\none = \"{{.Count}} контакт\"\nfew = \"{{.Count}} контакта\"\nmany = \"{{.Count}} контактов\"\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("new ru file lacks %q", want)
		}
	}
	// Messages follow the order of the English source.
	if i, j := strings.Index(s, "[common.ok]"), strings.Index(s, "[common.cancel]"); i < 0 || j < i {
		t.Error("messages are not in source order")
	}
	// The existing translation is carried over: the same messages are
	// missing as in the shipped file.
	shipped, _ := locales.FS.ReadFile("ru.toml")
	if got, want := Check(data, "ru.toml").Missing, Check(shipped, "ru.toml").Missing; !slices.Equal(got, want) {
		t.Errorf("new ru file misses %d messages, the shipped file %d", len(got), len(want))
	}
}

func TestNewFileFrom(t *testing.T) {
	prev := Source{Name: "old/de.toml", Data: []byte("[common.cancel]\nother = \"Abbrechen\"\n\n[contacts.count]\none = \"{{.Count}} Kontakt\"\nother = \"{{.Count}} Kontakte\"\nzero = \"keine\"\n\n[gone.message]\nother = \"x\"\n")}
	data, err := NewFile("de", prev)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{
		"[common.cancel]\nother = \"Abbrechen\"\n",
		"[contacts.count]\none = \"{{.Count}} Kontakt\"\nother = \"{{.Count}} Kontakte\"\n",
		"[common.ok]\nother = \"\"\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("file lacks %q", want)
		}
	}
	if strings.Contains(s, "gone.message") || strings.Contains(s, "keine") {
		t.Error("unknown message or unneeded plural form carried over")
	}
	if _, err := NewFile("de", Source{Name: "de.toml", Data: []byte("[x\n")}); !errors.Is(err, ErrSyntax) {
		t.Errorf("broken --from file: %v", err)
	}
	for _, bad := range []string{"", "klingon!", "xx-notalang", "und"} {
		if _, err := NewFile(bad); !errors.Is(err, ErrLanguage) {
			t.Errorf("NewFile(%q) = %v, want ErrLanguage", bad, err)
		}
	}
}

func TestTOMLString(t *testing.T) {
	for in, want := range map[string]string{
		"":             `""`,
		`say "hi"`:     `"say \"hi\""`,
		"a\\b":         `"a\\b"`,
		"two\nlines\t": `"two\nlines\t"`,
		"bell\a":       `"bell\u0007"`,
		"мир {{.X}}":   `"мир {{.X}}"`,
	} {
		if got := tomlString(in); got != want {
			t.Errorf("tomlString(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestNewFileVariants: Dari and Kurmanji are accepted under the tags CLDR
// uses, and regional variants are pre-filled from their closest shipped
// language in the same script, never from another script.
func TestNewFileVariants(t *testing.T) {
	for in, want := range map[string]string{"prs": "fa-AF", "PRS": "fa-AF", "kmr": "ku", "es_MX": "es-MX"} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, c := range []struct {
		lang, has, lacks string
	}{
		{"prs", "گاوصندوق", ""},      // Dari: from Persian
		{"es-MX", "caja fuerte", ""}, // from Spanish
		{"fr-CA", "coffre-fort", ""}, // from French
		{"ar-EG", "خزنة", ""},        // from Arabic
		{"zh-Hant", "", "保险库"},       // not from Simplified Chinese
		{"kmr", "", "Cancelar"},      // nothing shipped to start from
	} {
		data, err := NewFile(c.lang)
		if err != nil {
			t.Fatalf("NewFile(%q): %v", c.lang, err)
		}
		if c.has != "" && !strings.Contains(string(data), "\""+c.has) && !strings.Contains(string(data), c.has) {
			t.Errorf("NewFile(%q) is not pre-filled (no %q)", c.lang, c.has)
		}
		if c.lacks != "" && strings.Contains(string(data), "other = \""+c.lacks) {
			t.Errorf("NewFile(%q) is pre-filled from another script (%q)", c.lang, c.lacks)
		}
		name, _ := ParseLang(c.lang)
		if rep := Check(data, name+".toml"); rep.Err != nil {
			t.Errorf("NewFile(%q) does not load: %v", c.lang, rep.Err)
		}
	}
}
