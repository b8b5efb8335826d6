package tutorial

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/safehouse-app/safehouse/internal/validate"
)

func TestChecklistItems(t *testing.T) {
	t.Parallel()
	body := "# Plan\n\n- [ ] Map your allies {#map-allies}\n* [x] Install Signal!\n- [ ] Install Signal\n\n```\n- [ ] not an item\n```\n- [] no\n  + [X] Écrire au député\n- [ ] {#only-id}\n"
	got := ChecklistItems(body)
	want := []Item{
		{"map-allies", "Map your allies", 3, false},
		{"install-signal", "Install Signal!", 4, true},
		{"install-signal-2", "Install Signal", 5, false},
		{"écrire-au-député", "Écrire au député", 11, true},
	}
	if len(got) != len(want)+1 {
		t.Fatalf("got %d items: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("item %d = %+v want %+v", i, got[i], w)
		}
	}
	// "- [ ] {#only-id}": the suffix regexp needs leading text, so the
	// whole text is slugified.
	if got[4].ID != "only-id" {
		t.Errorf("last item %+v", got[4])
	}
}

func TestTutorialValidate(t *testing.T) {
	t.Parallel()
	tu := Tutorial{Slug: "secure-messaging", Title: "Secure messaging", Body: "x"}
	tu.Normalize()
	if err := tu.Validate(); err != nil {
		t.Fatal(err)
	}
	if tu.Language != "en" || tu.ContentVersion != 1 || tu.Source != SourceCustom {
		t.Fatalf("defaults %+v", tu)
	}
	bad := Tutorial{Slug: "Bad Slug", Language: "??", ContentVersion: -1, Source: "web"}
	var es validate.Errors
	if !errors.As(bad.Validate(), &es) {
		t.Fatal("want errors")
	}
	for _, w := range [][2]string{{"slug", validate.CodeSlugInvalid}, {"language", validate.CodeLanguageInvalid}, {"title", validate.CodeTitleRequired}, {"content_version", validate.CodeVersionInvalid}, {"source", validate.CodeSourceInvalid}} {
		if !es.Has(w[0], w[1]) {
			t.Errorf("missing %v in %v", w, es)
		}
	}
}

func TestTutorialMetaFields(t *testing.T) {
	t.Parallel()
	ok := Tutorial{Slug: "x", Title: "X", Level: LevelAdvanced, Minutes: MaxMinutes, Tags: []string{"a", "b"}, Objectives: []int{1, 6}}
	ok.Normalize()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Tutorial{Slug: "x", Title: "X", Level: "expert", Minutes: MaxMinutes + 1, Tags: []string{" a", "b", "b"}, Objectives: []int{0, 2, 2}}
	bad.Normalize()
	var es validate.Errors
	if !errors.As(bad.Validate(), &es) {
		t.Fatal("want errors")
	}
	for _, w := range [][2]string{{"level", validate.CodeInvalid}, {"minutes", validate.CodeInvalid}, {"tags", validate.CodeTagInvalid}, {"objectives", validate.CodeObjectiveInvalid}} {
		if !es.Has(w[0], w[1]) {
			t.Errorf("missing %v in %v", w, es)
		}
	}
	if n := len(es); n != 6 {
		t.Errorf("%d errors: %v", n, es)
	}
	neg := Tutorial{Slug: "x", Title: "X", Minutes: -1}
	neg.Normalize()
	if neg.Validate() == nil {
		t.Error("negative minutes accepted")
	}

	// Document.Tutorial and Tutorial.Meta are inverse.
	d, err := Parse("x.md", []byte("---\nid: x\nversion: 3\nlanguage: pt-BR\ntitle: \"X\"\nsummary: \"S\"\nlevel: intermediate\nminutes: 15\ntags: [a, b]\nobjectives: [2, 5]\n---\nbody\n"))
	if err != nil {
		t.Fatal(err)
	}
	tu := d.Tutorial(SourceImported)
	if tu.Level != LevelIntermediate || tu.Minutes != 15 || !slices.Equal(tu.Tags, []string{"a", "b"}) || !slices.Equal(tu.Objectives, []int{2, 5}) {
		t.Fatalf("Tutorial %+v", tu)
	}
	if m := tu.Meta(); !reflect.DeepEqual(m, d.Meta) {
		t.Fatalf("Meta %+v, want %+v", m, d.Meta)
	}
	tu.Tags[0] = "changed"
	if d.Meta.Tags[0] != "a" {
		t.Error("Tutorial shares the tags slice")
	}
}
