package tutorial

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fixtures returns the files of dir matching prefix*.md.
func fixtures(t *testing.T, dir, prefix string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", dir, prefix+"*.md"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures %s/%s*.md: %v", dir, prefix, err)
	}
	return names
}

// wants reads the expected substrings of a bad_*.md fixture from its
// sibling .want file, one per line.
func wants(t *testing.T, md string) []string {
	t.Helper()
	b, err := os.ReadFile(strings.TrimSuffix(md, ".md") + ".want")
	if err != nil {
		t.Fatalf("every bad fixture needs a .want file: %v", err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func parseFile(t *testing.T, path string) (*Document, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(filepath.Base(path), b)
}

// sameContent reports whether two documents hold the same file content.
func sameContent(a, b *Document) bool {
	return reflect.DeepEqual(a.Meta, b.Meta) && a.Body == b.Body && reflect.DeepEqual(a.Items, b.Items)
}

func TestParseOK(t *testing.T) {
	t.Parallel()
	for _, path := range fixtures(t, "parse", "ok_") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			d, err := parseFile(t, path)
			if err != nil {
				t.Fatal(err)
			}
			d2, err := Parse("marshalled", d.Marshal())
			if err != nil {
				t.Fatalf("re-parse: %v\n%s", err, d.Marshal())
			}
			if !sameContent(d, d2) {
				t.Fatalf("round trip:\n%+v\n%+v", d, d2)
			}
		})
	}
}

func TestParseBad(t *testing.T) {
	t.Parallel()
	for _, path := range fixtures(t, "parse", "bad_") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			d, err := parseFile(t, path)
			if err == nil {
				t.Fatalf("accepted: %+v", d.Meta)
			}
			var pe ParseErrors
			if !errors.As(err, &pe) || len(pe) == 0 {
				t.Fatalf("error %T is not ParseErrors", err)
			}
			var one *ParseError
			if !errors.As(err, &one) || one != pe[0] {
				t.Fatal("errors.As does not find the first *ParseError")
			}
			for _, w := range wants(t, path) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in\n%v", w, err)
				}
			}
		})
	}
}

func TestParseFull(t *testing.T) {
	t.Parallel()
	d, err := parseFile(t, "testdata/parse/ok_full.md")
	if err != nil {
		t.Fatal(err)
	}
	want := Meta{ID: "full-example", Version: 12, Language: "pt-BR", Title: `Say "hello" \ goodbye: a title # not a comment`,
		Summary: "Plain summary with a", Level: LevelAdvanced, Minutes: 45, Tags: []string{"safety", "with, comma", "événements"},
		Objectives: []int{1, 4, 6}}
	if !reflect.DeepEqual(d.Meta, want) {
		t.Errorf("meta\n%+v\nwant\n%+v", d.Meta, want)
	}
	if len(d.Items) != 2 || d.Items[0].ID != "do-it" || d.Items[1].ID != "done" || !d.Items[1].Checked {
		t.Errorf("items %+v", d.Items)
	}
	if got := d.FileLine(d.Items[0].Line); got != 17 {
		t.Errorf("item file line %d, want 17", got)
	}
	if d.KeyLine("tags") != 10 {
		t.Errorf("tags line %d", d.KeyLine("tags"))
	}
	tu := d.Tutorial(SourceBuiltin)
	tu.Normalize()
	if err := tu.Validate(); err != nil || tu.Slug != "full-example" || tu.ContentVersion != 12 {
		t.Errorf("Tutorial: %+v %v", tu, err)
	}
}

func TestParseLimits(t *testing.T) {
	t.Parallel()
	fm := "---\nid: x\nversion: 1\nlanguage: en\ntitle: X\nsummary: X\n---\n"
	cases := map[string]struct{ data, want string }{
		"too big":          {fm + strings.Repeat("word\n", MaxFileSize/5+1), "big.md: file is 524348 bytes, more than the limit of 524288"},
		"long front":       {"---\n" + strings.Repeat("# c\n", MaxFrontMatter+1) + "---\n", "not closed by a \"---\" line within 100 lines"},
		"empty":            {"", "big.md:1: file must start with"},
		"too many errors":  {"---\n" + strings.Repeat("bad\n", 80) + "---\n", "too many problems; stopping here"},
		"body over limit":  {fm + strings.Repeat(strings.Repeat("x", 999)+"\n", 501), "characters, more than the limit of 500000"},
		"front just fits":  {"---\n" + strings.Repeat("# c\n", MaxFrontMatter-5) + "id: x\nversion: 1\nlanguage: en\ntitle: X\nsummary: X\n---\n", ""},
		"control in title": {strings.Replace(fm, "title: X", "title: \"a\u0085b\"", 1), "big.md:5: control character U+0085 in text"},
	}
	for name, c := range cases {
		d, err := Parse("big.md", []byte(c.data))
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v (%v), want %q", name, err, d, c.want)
		}
		if name == "too many errors" && len(err.(ParseErrors)) != maxErrors+1 {
			t.Errorf("%d errors reported", len(err.(ParseErrors)))
		}
	}
}

func TestMarshalQuoting(t *testing.T) {
	t.Parallel()
	d := &Document{Meta: Meta{ID: "q", Version: 3, Language: "en", Title: `"quoted" \ title`, Summary: "- starts like a list: yes #1",
		Level: LevelBeginner, Minutes: 5, Tags: []string{"a b", "x,y", "[z]", "#t", "ok-tag", "'s"}, Objectives: []int{2}},
		Body: "\n# Hi\n- [ ] One {#one}\n"}
	d.Items = ChecklistItems(d.Body)
	d2, err := Parse("q.md", d.Marshal())
	if err != nil {
		t.Fatalf("%v\n%s", err, d.Marshal())
	}
	if !reflect.DeepEqual(d.Meta, d2.Meta) || d.Body != d2.Body {
		t.Fatalf("round trip\n%+v\n%+v\n%s", d.Meta, d2.Meta, d.Marshal())
	}
}
