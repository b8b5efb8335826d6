package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/i18n"
)

// TestEveryScreenInOtherLanguages opens every main screen on demo data in
// the pseudo-locale (40% longer, accented) and in Arabic (right to left):
// no message is missing, the navigation and screen text is translated,
// and the window still fits 1280 pixels wide: longer translations wrap
// instead of widening the window.
func TestEveryScreenInOtherLanguages(t *testing.T) {
	for _, lang := range []string{i18n.PseudoLocale, "ar"} {
		t.Run(lang, func(t *testing.T) {
			dir := makeVault(t)
			s, clk := newTestShell(t, dir, Options{Lang: lang})
			test.Type(s.unlock.pass, testPass)
			test.Tap(s.unlock.unlock)
			waitTasks(t, s)
			if s.main == nil {
				t.Fatal("not unlocked")
			}
			if err := demo.PopulateAt(context.Background(), s.session.Store(), demo.ScaleSmall, 1, clk.Now()); err != nil {
				t.Fatal(err)
			}
			english, _ := i18n.New("en")
			for _, e := range navEntries() {
				s.main.navigate(e.id, nil)
				texts := canvasTexts(s.win.Canvas())
				if got := s.main.navButtons[e.id].Text; got == english.T(e.label) || got == e.label {
					t.Errorf("%s: navigation shows %q", e.id, got)
				}
				if lang == i18n.PseudoLocale && !strings.Contains(strings.Join(texts, " "), "⟦") {
					t.Errorf("%s: no pseudo-translated text on screen", e.id)
				}
				for _, txt := range texts {
					if english.Has(txt) {
						t.Errorf("%s: message ID %q shown instead of text", e.id, txt)
					}
				}
				if w := s.win.Content().MinSize().Width; w > 1280 {
					t.Errorf("%s: window needs %v pixels wide", e.id, w)
				}
			}
			if m := s.tr.Missing(); len(m) > 0 {
				t.Errorf("missing messages: %v", m)
			}
		})
	}
}
