package tutorial

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// FuzzParse checks that Parse never panics, that whatever it accepts
// re-serializes to the same document, and that Sanitize leaves nothing
// unsafe, judged both by this package's scanner and by goldmark, the
// Markdown parser Fyne renders with.
func FuzzParse(f *testing.F) {
	// Seeds: testdata/fuzz/FuzzParse (generated from the fixtures).
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.md", data)
		if err != nil {
			if _, ok := err.(ParseErrors); !ok {
				t.Fatalf("error type %T", err)
			}
			return
		}
		d2, err := Parse("fuzz.md", d.Marshal())
		if err != nil {
			t.Fatalf("re-parse: %v\n%q", err, d.Marshal())
		}
		if !sameContent(d, d2) {
			t.Fatalf("round trip:\n%+v\n%+v", d, d2)
		}
		Lint([]*Document{d})
		Headings(d.Body)
		WordCount(d.Body)
		if unsafe := rendererFindings(d.Body); len(unsafe) > 0 && len(findUnsafe(d.Body)) == 0 {
			t.Fatalf("goldmark finds %v, the scanner nothing in %q", unsafe, d.Body)
		}
		clean, _ := Sanitize(d)
		if fs := findUnsafe(clean.Body); len(fs) > 0 {
			t.Fatalf("sanitized body still has %+v:\n%q", fs, clean.Body)
		}
		if unsafe := rendererFindings(clean.Body); len(unsafe) > 0 {
			t.Fatalf("goldmark finds %v in the sanitized body %q (from %q)", unsafe, clean.Body, d.Body)
		}
	})
}

// rendererFindings lists what goldmark (with Fyne's default parser
// settings) sees as remote images, raw HTML, autolinks and dangerous
// links.
func rendererFindings(body string) []string {
	src := []byte(body)
	root := goldmark.DefaultParser().Parse(text.NewReader(src))
	var out []string
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			if remoteImage(string(n.Destination)) || dangerousLink(string(n.Destination)) {
				out = append(out, fmt.Sprintf("image %q", n.Destination))
			}
		case *ast.Link:
			if dangerousLink(string(n.Destination)) {
				out = append(out, fmt.Sprintf("link %q", n.Destination))
			}
		case *ast.AutoLink:
			out = append(out, fmt.Sprintf("autolink %q", n.URL(src)))
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < n.Segments.Len(); i++ {
				s := n.Segments.At(i)
				b.Write(s.Value(src))
			}
			out = append(out, fmt.Sprintf("raw HTML %q", b.String()))
		case *ast.HTMLBlock:
			out = append(out, "HTML block")
		}
		return ast.WalkContinue, nil
	})
	return out
}

func TestRendererAgrees(t *testing.T) {
	t.Parallel()
	// Every bad lint fixture about unsafe content is unsafe for goldmark
	// too, and clean once sanitized.
	for _, path := range fixtures(t, "lint", "bad_") {
		d, err := parseFile(t, path)
		if err != nil {
			t.Fatal(err)
		}
		clean, _ := Sanitize(d)
		if u := rendererFindings(clean.Body); len(u) > 0 {
			t.Errorf("%s: sanitized body still has %v:\n%s", path, u, clean.Body)
		}
	}
	d, err := parseFile(t, "testdata/lint/bad_remote_image.md")
	if err != nil {
		t.Fatal(err)
	}
	if u := rendererFindings(d.Body); len(u) < 9 {
		t.Errorf("goldmark sees only %v", u)
	}
}
