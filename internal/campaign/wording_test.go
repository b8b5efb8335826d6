package campaign

import (
	"slices"
	"testing"
)

func TestSplitTutorialsAnyLanguage(t *testing.T) {
	cases := []struct {
		name, desc, text string
		ids              []string
	}{
		{"english", "Intro.\n\nSuggested tutorials:\n- Make the switch (make-the-switch)", "Intro.", []string{"make-the-switch"}},
		{"chinese full-width colon", "介绍。\n\n推荐教程：\n- 转用加密 (make-the-switch)\n- 安全地倡导 (advocating-safely)",
			"介绍。", []string{"make-the-switch", "advocating-safely"}},
		{"french space before colon", "Texte.\n\nTutoriels conseillés :\n- Changer d’appli (make-the-switch)", "Texte.", []string{"make-the-switch"}},
		{"only the list", "Уроки:\n- Переход (make-the-switch)", "", []string{"make-the-switch"}},
		{"not the last paragraph", "Lista:\n- Uno (make-the-switch)\n\nMore text.", "Lista:\n- Uno (make-the-switch)\n\nMore text.", nil},
		{"an ordinary list", "Bring:\n- water\n- a charger", "Bring:\n- water\n- a charger", nil},
		{"no colon", "Things\n- Uno (make-the-switch)", "Things\n- Uno (make-the-switch)", nil},
	}
	for _, c := range cases {
		text, ids := splitTutorials(c.desc)
		if text != c.text || !slices.Equal(ids, c.ids) {
			t.Errorf("%s: got %q %v, want %q %v", c.name, text, ids, c.text, c.ids)
		}
	}
}

func TestInstantiateWording(t *testing.T) {
	tp := &Template{ID: "x", Title: "T", Kind: "meeting", StartTime: "10:00", Duration: 60,
		Description: "D.", Tutorials: []string{"make-the-switch", "unknown-one"}}
	w := Wording{Heading: "Уроки:", Title: func(id string) string {
		if id == "make-the-switch" {
			return "Переход"
		}
		return ""
	}}
	got := describe(tp, w)
	want := "D.\n\nУроки:\n- Переход (make-the-switch)\n- Unknown one (unknown-one)"
	if got != want {
		t.Fatalf("describe:\n%s\nwant\n%s", got, want)
	}
}
