package tutorial

import (
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/assets"
)

// formatDoc is the page that describes the tutorial format;
// translatingDoc shows translators examples of it.
const (
	formatDoc      = "../../docs/tutorial-format.md"
	translatingDoc = "../../docs/TRANSLATING.md"
)

// docBlock is a fenced code block of a Markdown page.
type docBlock struct {
	line int      // line of the opening fence
	info []string // words of the info string ("markdown", "rule=raw-html")
	text string
}

var docFenceRE = regexp.MustCompile("^( *)(`{3,}|~{3,})(.*)$")

// docBlocks returns the fenced code blocks of a Markdown page, with the
// indentation of their fence removed (blocks inside list items).
func docBlocks(page string) []docBlock {
	var out []docBlock
	lines := strings.Split(page, "\n")
	for i := 0; i < len(lines); i++ {
		m := docFenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		b := docBlock{line: i + 1, info: strings.Fields(m[3])}
		var body []string
		for i++; i < len(lines); i++ {
			l := strings.TrimPrefix(lines[i], m[1])
			if strings.HasPrefix(strings.TrimLeft(l, " "), m[2]) && strings.Trim(strings.TrimSpace(l), m[2][:1]) == "" {
				break
			}
			body = append(body, l)
		}
		b.text = strings.Join(body, "\n") + "\n"
		out = append(out, b)
	}
	return out
}

// docExample makes a tutorial file of a body fragment of the page, in a
// series of its own so that level markers are allowed.
func docExample(n int, body string) string {
	return fmt.Sprintf("---\nid: doc-example-%d\nversion: 1\nlanguage: en\ntitle: Example\nsummary: An example of the format page.\n"+
		"series: doc-example-%d\npart: 1\nreviewed: 2026-01-01\n---\n%s", n, n, body)
}

// TestFormatDoc keeps docs/tutorial-format.md true to the code: every
// block marked "markdown" is a tutorial (a whole file, or a body that is
// given a front matter) that parses and passes every Lint rule alongside
// the built-in tutorials, or, marked "rule=NAME", breaks exactly that rule
// and is fixed by Sanitize (the "markdown" blocks of docs/TRANSLATING.md
// must pass too); every "`## Heading` → `slug`" example is the
// slug the code makes; the limits table names the code's limits; every
// front matter key and every Lint rule is documented.
func TestFormatDoc(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	translating, err := os.ReadFile(translatingDoc)
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := LoadBuiltin(assets.Tutorials)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("examples", func(t *testing.T) {
		if n := checkDocExamples(t, formatDoc, page, builtin); n < 6 {
			t.Errorf("%s: found %d markdown examples, want at least 6", formatDoc, n)
		}
		if n := checkDocExamples(t, translatingDoc, string(translating), builtin); n < 2 {
			t.Errorf("%s: found %d markdown examples, want at least 2", translatingDoc, n)
		}
	})

	t.Run("slugs", func(t *testing.T) {
		re := regexp.MustCompile("`(#{1,6} [^`]+)` → `([^`]+)`")
		ms := re.FindAllStringSubmatch(page, -1)
		if len(ms) < 6 {
			t.Fatalf("found %d slug examples, want at least 6", len(ms))
		}
		for _, m := range ms {
			hs := Headings(m[1])
			if len(hs) != 1 || hs[0].Slug != m[2] {
				t.Errorf("%s: slug %v, the page says %q", m[1], hs, m[2])
			}
		}
	})

	t.Run("limits", func(t *testing.T) {
		limits := map[string]int{
			"MaxFileSize": MaxFileSize, "MaxLine": MaxLine, "MaxFrontMatter": MaxFrontMatter, "MaxBody": MaxBody,
			"MaxItems": MaxItems, "MaxSlug": MaxSlug, "MaxTitle": MaxTitle, "MaxSummary": MaxSummary,
			"MaxVersion": MaxVersion, "MaxMinutes": MaxMinutes, "MaxPart": MaxPart, "MaxTags": MaxTags,
			"MaxTag": MaxTag, "MaxItemID": MaxItemID,
		}
		row := regexp.MustCompile("(?m)^\\| [^|]+ \\| ([^|]+) \\| `(\\w+)` \\|$")
		num := regexp.MustCompile(`\d[\d,]*`)
		seen := map[string]bool{}
		for _, m := range row.FindAllStringSubmatch(page, -1) {
			want, ok := limits[m[2]]
			if !ok {
				t.Errorf("limits table: unknown constant %s", m[2])
				continue
			}
			seen[m[2]] = true
			// The limit is the largest number of the cell ("1 to 600",
			// "524,288 bytes (512 KiB)").
			got := 0
			for _, s := range num.FindAllString(m[1], -1) {
				v, _ := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
				got = max(got, v)
			}
			if got != want {
				t.Errorf("limits table: %s is %d, the page says %q", m[2], want, m[1])
			}
		}
		for name := range limits {
			if !seen[name] {
				t.Errorf("limits table: %s missing", name)
			}
		}
		if s := fmt.Sprintf("at most %d of them", maxErrors); !strings.Contains(page, s) {
			t.Errorf("the page does not say %q", s)
		}
	})

	t.Run("keys", func(t *testing.T) {
		for _, k := range keys {
			want := "| `" + k + "` | no"
			if slices.Contains(requiredKeys, k) {
				want = "| `" + k + "` | yes |"
			}
			if !strings.Contains(page, want) {
				t.Errorf("front matter table: no row starting %q", want)
			}
		}
	})

	t.Run("rules", func(t *testing.T) {
		rules := ruleNames(t)
		if len(rules) < 20 {
			t.Fatalf("found %d Rule constants, want at least 20", len(rules))
		}
		for _, r := range rules {
			if !strings.Contains(page, "| `"+r+"` | ") {
				t.Errorf("rules table: rule %s missing", r)
			}
		}
	})
}

// checkDocExamples checks the "markdown" blocks of a page (see
// [TestFormatDoc]) and returns how many there are.
func checkDocExamples(t *testing.T, name, page string, builtin []*Document) int {
	t.Helper()
	n := 0
	for _, b := range docBlocks(page) {
		if len(b.info) == 0 || b.info[0] != "markdown" {
			continue
		}
		n++
		at := fmt.Sprintf("%s:%d", name, b.line)
		rule := ""
		for _, w := range b.info[1:] {
			if r, ok := strings.CutPrefix(w, "rule="); ok {
				rule = r
			}
		}
		src := b.text
		if !strings.HasPrefix(src, "---\n") {
			src = docExample(n, src)
		}
		d, err := Parse("example.md", []byte(src))
		if err != nil {
			t.Errorf("%s: the example does not parse:\n%v", at, err)
			continue
		}
		// Check it as a shipped file, in place of the built-in of the
		// same id and language if there is one.
		d.Name = "tutorials/" + d.Meta.Language + "/" + d.Meta.ID + ".md"
		docs := []*Document{d}
		for _, o := range builtin {
			if o.Meta.ID != d.Meta.ID || o.Meta.Language != d.Meta.Language {
				docs = append(docs, o)
			}
		}
		var got []Problem
		for _, p := range Lint(docs) {
			if p.Name == d.Name {
				got = append(got, p)
			}
		}
		if rule == "" {
			for _, p := range got {
				t.Errorf("%s: the example breaks a rule: %s", at, p)
			}
			continue
		}
		if len(got) == 0 {
			t.Errorf("%s: the example marked rule=%s breaks no rule", at, rule)
		}
		for _, p := range got {
			if p.Rule != rule {
				t.Errorf("%s: the example marked rule=%s breaks another rule: %s", at, rule, p)
			}
		}
		clean, notices := Sanitize(d)
		if len(notices) == 0 {
			t.Errorf("%s: Sanitize changes nothing in the example marked rule=%s", at, rule)
		}
		for _, f := range findUnsafe(clean.Body) {
			t.Errorf("%s: after Sanitize the example still has %s", at, f.msg)
		}
	}
	return n
}

// ruleNames returns the values of the package's Rule constants, read
// from its source so that a new rule cannot be left undocumented.
func ruleNames(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := goparser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Rule") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						out = append(out, v)
					}
				}
			}
		}
	}
	return out
}

// TestDocBlocks checks the fence reader the doc test relies on.
func TestDocBlocks(t *testing.T) {
	page := "text\n```markdown rule=x\n# A\n```\n- item\n\n  ~~~~markdown\n  ~~~ inside\n  b\n  ~~~~\n```\nplain\n```\n"
	bs := docBlocks(page)
	if len(bs) != 3 {
		t.Fatalf("%d blocks: %+v", len(bs), bs)
	}
	if bs[0].line != 2 || !slices.Equal(bs[0].info, []string{"markdown", "rule=x"}) || bs[0].text != "# A\n" {
		t.Errorf("block 1 = %+v", bs[0])
	}
	if bs[1].text != "~~~ inside\nb\n" {
		t.Errorf("block 2 = %q", bs[1].text)
	}
	if len(bs[2].info) != 0 || bs[2].text != "plain\n" {
		t.Errorf("block 3 = %+v", bs[2])
	}
}
