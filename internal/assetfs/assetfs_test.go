package assetfs

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestWalk(t *testing.T) {
	fsys := fstest.MapFS{
		"docs/en/one.md":   {Data: []byte("hello")},
		"docs/fr/one.md":   {Data: []byte("bonjour")},
		"docs/fr/big.md":   {Data: []byte("0123456789")},
		"docs/stray.md":    {Data: []byte("x")},
		"docs/en/skip.txt": {Data: []byte("not ours")},
	}
	var got []File
	if err := Walk(fsys, "docs", ".md", 8, func(f File) { got = append(got, f) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d files: %+v", len(got), got)
	}
	byName := map[string]File{}
	for _, f := range got {
		byName[f.Name] = f
	}
	if f := byName["docs/fr/one.md"]; f.Lang != "fr" || f.ID != "one" || string(f.Data) != "bonjour" || f.Err != nil || f.Stray {
		t.Errorf("fr/one = %+v", f)
	}
	if f := byName["docs/fr/big.md"]; !errors.Is(f.Err, ErrTooLarge) || f.Data != nil {
		t.Errorf("big = %+v", f)
	}
	if f := byName["docs/stray.md"]; !f.Stray || f.Data != nil {
		t.Errorf("stray = %+v", f)
	}
	if err := Walk(fsys, "missing", ".md", 8, func(File) {}); err == nil {
		t.Error("walking a missing folder did not fail")
	}
}
