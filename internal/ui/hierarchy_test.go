package ui

import (
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestPageTitlesAboveCardTitles: every screen has a title in the heading
// size, and no card on it draws its own title in that same size
// (widget.Card's Title does): section titles are a size smaller, so a
// page of cards keeps its hierarchy.
func TestPageTitlesAboveCardTitles(t *testing.T) {
	s, _, _ := unlocked(t)
	for _, nav := range navEntries() {
		s.main.navigate(nav.id, nil)
		waitTasks(t, s)
		titles := 0
		for _, o := range test.LaidOutObjects(s.win.Content()) {
			if !o.Visible() {
				continue
			}
			switch w := o.(type) {
			case *widget.Card:
				if w.Title != "" {
					t.Errorf("%s: card titled %q in the heading size", nav.id, w.Title)
				}
			case *widget.Label:
				// The dashboard's numbers are drawn large too; only
				// words count as titles.
				if w.SizeName == theme.SizeNameHeadingText && strings.IndexFunc(w.Text, unicode.IsLetter) >= 0 {
					titles++
				}
			}
		}
		if titles != 1 {
			t.Errorf("%s: %d labels in the heading size, want the screen title only", nav.id, titles)
		}
	}
}
