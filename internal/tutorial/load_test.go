package tutorial

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadBuiltin(t *testing.T) {
	t.Parallel()
	doc := func(id, lang string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nid: " + id + "\nversion: 1\nlanguage: " + lang + "\ntitle: T\nsummary: S\n---\nBody\n")}
	}
	fsys := fstest.MapFS{
		"tutorials/en/b.md":        doc("b", "en"),
		"tutorials/en/a.md":        doc("a", "en"),
		"tutorials/fr/a.md":        doc("a", "fr"),
		"tutorials/en/wrong.md":    doc("other", "en"),
		"tutorials/de/a.md":        doc("a", "en"),
		"tutorials/en/broken.md":   {Data: []byte("no front matter")},
		"tutorials/stray.md":       doc("stray", "en"),
		"tutorials/en/sub/deep.md": doc("deep", "en"),
		"tutorials/en/.keep":       {Data: nil},
		"tutorials/en/notes.txt":   {Data: []byte("ignored")},
	}
	docs, err := LoadBuiltin(fsys)
	var got []string
	for _, d := range docs {
		got = append(got, d.Name)
	}
	if strings.Join(got, " ") != "tutorials/en/a.md tutorials/en/b.md tutorials/fr/a.md" {
		t.Errorf("loaded %v", got)
	}
	var pe ParseErrors
	if !errors.As(err, &pe) {
		t.Fatalf("error %v", err)
	}
	for _, w := range []string{
		`tutorials/en/wrong.md:2: id "other" does not match the file name "wrong.md"`,
		`tutorials/de/a.md:4: language "en" does not match the folder "de"`,
		`tutorials/en/broken.md:1: file must start with`,
		`tutorials/stray.md: tutorial outside tutorials/<language>/`,
		`tutorials/en/sub/deep.md: tutorial outside`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in\n%v", w, err)
		}
	}
	if len(pe) != 5 {
		t.Errorf("%d errors:\n%v", len(pe), err)
	}
	if _, err := LoadBuiltin(fstest.MapFS{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no tutorials folder: %v", err)
	}
}
