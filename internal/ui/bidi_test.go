package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func TestVisualOrder(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Nothing to do: no right-to-left letters, or one direction only.
		{"Save 30 contacts", "Save 30 contacts"},
		{"", ""},
		{"جهات الاتصال", "جهات الاتصال"},
		// The runs of a mixed line come out in visual order, left to
		// right, the number kept between marks.
		{"خلال الأيام الـ30 القادمة", "القادمة" + lrm + " " + lrm + lrm + "30" + lrm + "خلال الأيام الـ"},
		// A Latin word first in the sentence ends up on the right.
		{"Safehouse جاهز", "جاهز" + lrm + " " + lrm + lrm + "Safehouse" + lrm},
		// Punctuation is cut out of the run (Fyne draws it with another
		// font) and mirrored.
		// (In a right-to-left line "(" shows as ")", so moved to the
		// left-to-right side it becomes the character that looks alike.)
		{"(مرحبا) 5", lrm + "5" + lrm + lrm + " (" + lrm + "مرحبا" + lrm + ")" + lrm},
		// Lines are handled one by one.
		{"أ 1\nب 2", lrm + "1" + lrm + lrm + " " + lrm + "أ" + "\n" + lrm + "2" + lrm + lrm + " " + lrm + "ب"},
	} {
		if got := visualOrder(c.in); got != c.want {
			t.Errorf("visualOrder(%q) =\n %q\nwant\n %q", c.in, got, c.want)
		}
	}
}

func TestVisualOrderKeepsEveryCharacter(t *testing.T) {
	for _, s := range []string{
		"أضيف في آخر 30 يومًا: ٧٣ (في الـ30 يومًا التي سبقتها: ٢)",
		"fa.toml: ۱۲ از ۹۸۳ پیام ترجمه شده است",
		"التطوّر عبر الزمن حسب تاريخ إضافة كلٍّ منهم إلى Safehouse، لا تاريخ انضمامه.",
	} {
		got := strings.ReplaceAll(visualOrder(s), lrm, "")
		if sortRunes(got) != sortRunes(mirrorAll(s, got)) {
			t.Errorf("visualOrder(%q) lost or added characters: %q", s, got)
		}
	}
}

// mirrorAll counts brackets as equal, since moved brackets are mirrored.
func mirrorAll(s, _ string) string {
	return strings.NewReplacer(")", "(", "]", "[").Replace(s)
}

func sortRunes(s string) string {
	s = strings.NewReplacer(")", "(", "]", "[").Replace(s)
	rs := []rune(s)
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if rs[j] < rs[i] {
				rs[i], rs[j] = rs[j], rs[i]
			}
		}
	}
	return string(rs)
}

// TestRTLLabelsAreReorderedOnce checks the hook in the mirroring: a mixed
// label is rewritten once, new text set later is rewritten at the next
// layout, a truncated label is left alone, and a wrapping paragraph is
// cut into lines (in reading order, each in visual order) again whenever
// its width changes.
func TestRTLLabelsAreReorderedOnce(t *testing.T) {
	short := widget.NewLabel("خلال الأيام الـ30 القادمة")
	long := widget.NewLabel(strings.TrimSpace(strings.Repeat("نص طويل 12 ", 12)))
	long.Wrapping = fyne.TextWrapWord
	longText := long.Text
	cut := widget.NewLabel("خلال الأيام الـ30 القادمة")
	cut.Truncation = fyne.TextTruncateEllipsis
	root := container.NewVBox(short, long, cut)
	mirrorRoot(root)
	for range 2 {
		root.Resize(fyne.NewSize(400, 400))
		root.Layout.Layout(root.Objects, fyne.NewSize(400, 400))
	}
	if want := visualOrder("خلال الأيام الـ30 القادمة"); short.Text != want {
		t.Errorf("short label = %q, want %q", short.Text, want)
	}
	if cut.Text != "خلال الأيام الـ30 القادمة" {
		t.Error("a truncated label was rewritten: the ellipsis would cut its beginning")
	}
	words := func(s string) []string {
		f := strings.Fields(strings.ReplaceAll(s, lrm, " "))
		slices.Sort(f)
		return f
	}
	checkLines := func(width float32) int {
		t.Helper()
		lines := strings.Split(long.Text, "\n")
		if !slices.Equal(words(long.Text), words(longText)) {
			t.Fatalf("at %v: words changed: %q", width, long.Text)
		}
		// Each line holds the next words of the paragraph, in order.
		src := strings.Fields(longText)
		for _, l := range lines {
			n := len(strings.Fields(strings.ReplaceAll(l, lrm, " ")))
			if !slices.Equal(words(l), words(strings.Join(src[:n], " "))) {
				t.Fatalf("at %v: line %q is not the next %d words", width, l, n)
			}
			src = src[n:]
		}
		return len(lines)
	}
	wide := checkLines(400)
	if wide < 2 {
		t.Fatalf("paragraph not cut into lines: %q", long.Text)
	}
	root.Resize(fyne.NewSize(200, 400))
	root.Layout.Layout(root.Objects, fyne.NewSize(200, 400))
	if narrow := checkLines(200); narrow <= wide {
		t.Errorf("%d lines at 200 px, %d at 400 px", narrow, wide)
	}
	short.SetText("آخر 7 أيام")
	root.Layout.Layout(root.Objects, fyne.NewSize(200, 400))
	if want := visualOrder("آخر 7 أيام"); short.Text != want {
		t.Errorf("new text = %q, want %q", short.Text, want)
	}
}

func TestWrapWords(t *testing.T) {
	measure := func(s string) float32 { return float32(len([]rune(s))) }
	got := wrapWords("aa bb cc dddddddd e", 5, measure)
	want := []string{"aa bb", "cc", "dddddddd", "e"}
	if !slices.Equal(got, want) {
		t.Errorf("wrapWords = %q, want %q", got, want)
	}
}

// TestVisualOrderScriptPunctuation: the Arabic comma takes its direction
// from its neighbours, so it must not start a right-to-left piece (Fyne
// would then draw it on the wrong side).
func TestVisualOrderScriptPunctuation(t *testing.T) {
	got := visualOrder("۲۸ نوامبر ۲۰۲۶، ساعت ۱۷:۳۰")
	for _, piece := range strings.Split(got, lrm) {
		if strings.HasPrefix(piece, "،") && len([]rune(piece)) > 1 {
			t.Errorf("the comma starts a right-to-left piece %q in %q", piece, got)
		}
	}
	if !strings.Contains(got, "،") || !strings.Contains(got, "ساعت") || !strings.Contains(got, "۱۷:۳۰") {
		t.Errorf("visualOrder lost text: %q", got)
	}
}

// TestRTLSelectOptionsReordered: select options are rewritten with their
// choice, and reading the select by index still works.
func TestRTLSelectOptionsReordered(t *testing.T) {
	sel := widget.NewSelect([]string{"٥ دقائق", "١٠ دقائق", "إيقاف"}, nil)
	sel.SetSelectedIndex(1)
	root := container.NewVBox(sel)
	mirrorRoot(root)
	for range 2 {
		root.Layout.Layout(root.Objects, fyne.NewSize(300, 40))
	}
	if sel.Options[0] != visualOrder("٥ دقائق") || sel.Options[2] != "إيقاف" {
		t.Errorf("options = %q", sel.Options)
	}
	if sel.SelectedIndex() != 1 || sel.Selected != visualOrder("١٠ دقائق") {
		t.Errorf("choice = %d %q", sel.SelectedIndex(), sel.Selected)
	}
	// New options set by the screen are rewritten at the next layout.
	sel.Options = []string{"٣٠ ثانية"}
	sel.ClearSelected()
	root.Layout.Layout(root.Objects, fyne.NewSize(300, 40))
	if sel.Options[0] != visualOrder("٣٠ ثانية") {
		t.Errorf("new options = %q", sel.Options)
	}
}
