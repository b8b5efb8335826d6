package tutorial

import (
	"path/filepath"
	"strings"
	"testing"
)

// common returns the documents every lint fixture is linted with.
func common(t *testing.T) []*Document {
	t.Helper()
	var docs []*Document
	for _, path := range fixtures(t, "lint/common", "") {
		d, err := parseFile(t, path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if ps := Lint(docs); len(ps) > 0 {
		t.Fatalf("common fixtures are not clean: %v", ps)
	}
	return docs
}

func lintFixture(t *testing.T, path string) []Problem {
	t.Helper()
	d, err := parseFile(t, path)
	if err != nil {
		t.Fatal(err)
	}
	return Lint(append(common(t), d))
}

func TestLintOK(t *testing.T) {
	t.Parallel()
	for _, path := range fixtures(t, "lint", "ok_") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			for _, p := range lintFixture(t, path) {
				t.Error(p)
			}
		})
	}
}

func TestLintBad(t *testing.T) {
	t.Parallel()
	for _, path := range fixtures(t, "lint", "bad_") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			ps := lintFixture(t, path)
			var lines []string
			for _, p := range ps {
				lines = append(lines, p.String())
			}
			got := strings.Join(lines, "\n")
			ws := wants(t, path)
			for _, w := range ws {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			if len(ps) != len(ws) {
				t.Errorf("%d problems, want %d:\n%s", len(ps), len(ws), got)
			}
		})
	}
}

func TestLintMetaAndLocation(t *testing.T) {
	t.Parallel()
	d := &Document{Name: "tutorials/fr/other.md", Meta: Meta{ID: "x", Version: 0, Language: "en", Title: "T", Summary: "S", Level: "hard", Minutes: 601, Objectives: []int{9}}}
	var got []string
	for _, p := range Lint([]*Document{d}) {
		got = append(got, p.Rule+": "+p.Msg)
	}
	all := strings.Join(got, "\n")
	for _, w := range []string{"version must be", `level "hard"`, "minutes must be", "objective 9", `language "en" does not match the folder "fr"`, `id "x" does not match the file name "other.md"`} {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
}

func TestHeadingsAndWords(t *testing.T) {
	t.Parallel()
	body := "# Title #\n\n## Working with *journalists* and [papers](https://x.org)\n```\n## not a heading\n```\n#not a heading\n### Étape 2: répondre\n"
	hs := Headings(body)
	var slugs []string
	for _, h := range hs {
		slugs = append(slugs, h.Slug)
	}
	if got := strings.Join(slugs, " "); got != "title working-with-journalists-and-papers étape-2-répondre" {
		t.Errorf("slugs %q", got)
	}
	if hs[2].Level != 3 || hs[2].Line != 8 {
		t.Errorf("heading %+v", hs[2])
	}
	body = "# Two words\n\nOne `code span` [link text](https://example.org/long/url) - * ok.\n\n```\nnot counted at all\n```\n- [ ] Tick this {#tick-this}\n"
	if n := WordCount(body); n != 8 {
		t.Errorf("WordCount = %d, want 8", n)
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	fm := "---\nid: imported\nversion: 1\nlanguage: en\ntitle: Imported\nsummary: From a file.\n---\n"
	cases := []struct {
		body, want string
		notices    []string
	}{
		{"A ![map](https://example.org/map.png) here.\n", `A \[image removed: https://example.org/map.png\] here.` + "\n", []string{"line 8: removed the remote image https://example.org/map.png"}},
		{"![x](//e.org/<a>.png)\n", `\[image removed: //e.org/%3Ca%3E.png\]` + "\n", []string{"remote image"}},
		{"<script>alert(1)</script> text <b>bold</b>\n", "alert(1) text bold\n", []string{"removed raw HTML <script>", "removed raw HTML </script>", "<b>", "</b>"}},
		{"See <https://example.org/a_b>.\n", "See https://example.org/a%5Fb.\n", []string{"turned the automatic link https://example.org/a%5Fb into text"}},
		{"[click](javascript:alert(1)) and [ok](https://example.org)\n", "click and [ok](https://example.org)\n", []string{"removed the unsafe link javascript:alert%281%29"}},
		{"[r]: data:text/html,x\n\n[go][r]\n", "[r]: #\n\n[go][r]\n", []string{"unsafe link data:text/html,x"}},
		{"![a][pic]\n\n[pic]: https://e.org/p.png\n", `\[image removed: https://e.org/p.png\]` + "\n\n[pic]: https://e.org/p.png\n", []string{"remote image"}},
		{"![multi\nline](https://e.org/m.png)\n", "!\\[multi\nline] \\[image removed: https://e.org/m.png\\]\n", []string{"remote image"}},
		{"a <<script>script>x\n", "a x\n", []string{"<script>"}},
		{"`<script>` and ![ok](local.png)\n- [ ] Keep {#keep}\n", "`<script>` and ![ok](local.png)\n- [ ] Keep {#keep}\n", nil},
		{"unclosed <div\n", "unclosed \\<div\n", []string{"raw HTML <div"}},
	}
	for _, c := range cases {
		d, err := Parse("imported.md", []byte(fm+c.body))
		if err != nil {
			t.Fatal(err)
		}
		clean, notices := Sanitize(d)
		if clean.Body != c.want {
			t.Errorf("Sanitize(%q)\n got %q\nwant %q", c.body, clean.Body, c.want)
		}
		if d.Body != c.body {
			t.Errorf("input changed: %q", d.Body)
		}
		var ns []string
		for _, n := range notices {
			ns = append(ns, n.String())
		}
		all := strings.Join(ns, "\n")
		for _, w := range c.notices {
			if !strings.Contains(all, w) {
				t.Errorf("Sanitize(%q): missing notice %q in\n%s", c.body, w, all)
			}
		}
		if (len(c.notices) == 0) != (c.want == c.body) && len(notices) == 0 {
			t.Errorf("Sanitize(%q): no notices", c.body)
		}
		if fs := findUnsafe(clean.Body); len(fs) > 0 {
			t.Errorf("Sanitize(%q) left %+v", c.body, fs)
		}
		if _, err := Parse("clean.md", clean.Marshal()); err != nil {
			t.Errorf("sanitized document does not parse: %v", err)
		}
	}
}

// TestHostileSizes runs the scanner on 500 KB bodies built to trigger
// quadratic behaviour; it hangs (and times out) if any check is not
// close to linear.
func TestHostileSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	t.Parallel()
	fm := "---\nid: x\nversion: 1\nlanguage: en\ntitle: X\nsummary: X\n---\n"
	for _, unit := range []string{"](a:", "<a", "![", "]", "` `` ", "\\", "[a]: http://x\n![a]\n", "![a](http://x)\n"} {
		var b strings.Builder
		b.WriteString(fm)
		n := 0
		for b.Len() < MaxBody-8000 {
			b.WriteString(unit)
			if n += len(unit); n > 4000 {
				b.WriteString("\n")
				n = 0
			}
		}
		d, err := Parse("hostile.md", []byte(b.String()))
		if err != nil {
			t.Fatalf("%q: %v", unit, err)
		}
		Lint([]*Document{d})
		if clean, _ := Sanitize(d); len(findUnsafe(clean.Body)) > 0 {
			t.Errorf("%q: not sanitized", unit)
		}
	}
}
