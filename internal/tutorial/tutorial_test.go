package tutorial

import (
	"errors"
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
