package rtl

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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
		{"خلال الأيام الـ30 القادمة", "القادمة" + LRM + " " + LRM + LRM + "30" + LRM + "خلال الأيام الـ"},
		// A Latin word first in the sentence ends up on the right.
		{"Safehouse جاهز", "جاهز" + LRM + " " + LRM + LRM + "Safehouse" + LRM},
		// Punctuation is cut out of the run (Fyne draws it with another
		// font) and mirrored.
		// (In a right-to-left line "(" shows as ")", so moved to the
		// left-to-right side it becomes the character that looks alike.)
		{"(مرحبا) 5", LRM + "5" + LRM + LRM + " (" + LRM + "مرحبا" + LRM + ")" + LRM},
		// Lines are handled one by one.
		{"أ 1\nب 2", LRM + "1" + LRM + LRM + " " + LRM + "أ" + "\n" + LRM + "2" + LRM + LRM + " " + LRM + "ب"},
	} {
		if got := VisualOrder(c.in); got != c.want {
			t.Errorf("VisualOrder(%q) =\n %q\nwant\n %q", c.in, got, c.want)
		}
	}
}

func TestVisualOrderKeepsEveryCharacter(t *testing.T) {
	for _, s := range []string{
		"أضيف في آخر 30 يومًا: ٧٣ (في الـ30 يومًا التي سبقتها: ٢)",
		"fa.toml: ۱۲ از ۹۸۳ پیام ترجمه شده است",
		"التطوّر عبر الزمن حسب تاريخ إضافة كلٍّ منهم إلى Safehouse، لا تاريخ انضمامه.",
	} {
		got := strings.ReplaceAll(VisualOrder(s), LRM, "")
		if sortRunes(got) != sortRunes(mirrorAll(s, got)) {
			t.Errorf("VisualOrder(%q) lost or added characters: %q", s, got)
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
// layout, a truncated label that fits is put in visual order, and a
// wrapping paragraph is
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
	Mirror(root)
	for range 2 {
		root.Resize(fyne.NewSize(400, 400))
		root.Layout.Layout(root.Objects, fyne.NewSize(400, 400))
	}
	if want := VisualOrder("خلال الأيام الـ30 القادمة"); short.Text != want {
		t.Errorf("short label = %q, want %q", short.Text, want)
	}
	if want := VisualOrder("خلال الأيام الـ30 القادمة"); cut.Text != want {
		t.Errorf("truncated label that fits = %q, want %q", cut.Text, want)
	}
	words := func(s string) []string {
		f := strings.Fields(strings.ReplaceAll(s, LRM, " "))
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
			n := len(strings.Fields(strings.ReplaceAll(l, LRM, " ")))
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
	if want := VisualOrder("آخر 7 أيام"); short.Text != want {
		t.Errorf("new text = %q, want %q", short.Text, want)
	}
}

// A truncated right-to-left label is cut at the end of its sentence (the
// left), then put in visual order: the beginning stays readable, and a
// Latin word in it keeps its place and its spaces.
func TestRTLTruncatedLabel(t *testing.T) {
	test.NewTempApp(t)
	src := "قيّم المخاطر قبل أن تتحرك، واعرف ما يستطيع Safehouse فعله لك وما لا يستطيع"
	cut := widget.NewLabel(src)
	cut.Truncation = fyne.TextTruncateEllipsis
	root := container.NewVBox(cut)
	Mirror(root)
	root.Resize(fyne.NewSize(260, 40))
	root.Layout.Layout(root.Objects, fyne.NewSize(260, 40))
	if !strings.Contains(cut.Text, "…") {
		t.Fatalf("not cut: %q", cut.Text)
	}
	ok := false
	rs := []rune(src)
	for n := len(rs); n > 0; n-- {
		if VisualOrder(strings.TrimRight(string(rs[:n]), " ")+"…") == cut.Text {
			ok = n > 5
			break
		}
	}
	if !ok {
		t.Errorf("%q is not the visual order of a beginning of the sentence", cut.Text)
	}
	avail := 260 - 2*theme.InnerPadding()
	if w := fyne.MeasureText(cut.Text, theme.TextSize(), fyne.TextStyle{}).Width; w > avail {
		t.Errorf("cut text is %v wide, more than %v", w, avail)
	}
	// Fyne's own truncation, which measures a little differently, never
	// cuts the rewritten text again (a second ellipsis at the beginning).
	long := "ساعد الأفراد والمجموعات والشركات على نقل محادثاتهم إلى خدمات مشفّرة تشفيرًا تامًا بين الطرفين. يتناول الدرس المساعدة الفردية، وإدارة جلسة تحوّل."
	for _, w := range []float32{240, 411.5, 530.5, 531, 777.25} {
		l := widget.NewLabel(long)
		l.Truncation = fyne.TextTruncateEllipsis
		box := container.NewVBox(l)
		Mirror(box)
		win := test.NewTempWindow(t, box)
		win.SetPadded(false)
		win.Resize(fyne.NewSize(w, 60))
		box.Layout.Layout(box.Objects, box.Size())
		l.Refresh()
		var shown string
		for _, o := range test.WidgetRenderer(test.WidgetRenderer(l).Objects()[0].(fyne.Widget)).Objects() {
			if tx, ok := o.(*canvas.Text); ok {
				shown += tx.Text
			}
		}
		if strings.Count(shown, "…") != 1 || shown != l.Text {
			t.Errorf("at %v px Fyne shows %q for %q", w, shown, l.Text)
		}
	}
	// Wider again: the whole sentence comes back.
	root.Resize(fyne.NewSize(1200, 40))
	root.Layout.Layout(root.Objects, fyne.NewSize(1200, 40))
	if cut.Text != VisualOrder(src) {
		t.Errorf("at 1200 px: %q", cut.Text)
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
	got := VisualOrder("۲۸ نوامبر ۲۰۲۶، ساعت ۱۷:۳۰")
	for _, piece := range strings.Split(got, LRM) {
		if strings.HasPrefix(piece, "،") && len([]rune(piece)) > 1 {
			t.Errorf("the comma starts a right-to-left piece %q in %q", piece, got)
		}
	}
	if !strings.Contains(got, "،") || !strings.Contains(got, "ساعت") || !strings.Contains(got, "۱۷:۳۰") {
		t.Errorf("VisualOrder lost text: %q", got)
	}
}

// TestRTLSelectOptionsReordered: select options are rewritten with their
// choice, and reading the select by index still works.
func TestRTLSelectOptionsReordered(t *testing.T) {
	sel := widget.NewSelect([]string{"٥ دقائق", "١٠ دقائق", "إيقاف"}, nil)
	sel.SetSelectedIndex(1)
	root := container.NewVBox(sel)
	Mirror(root)
	for range 2 {
		root.Layout.Layout(root.Objects, fyne.NewSize(300, 40))
	}
	if sel.Options[0] != VisualOrder("٥ دقائق") || sel.Options[2] != "إيقاف" {
		t.Errorf("options = %q", sel.Options)
	}
	if sel.SelectedIndex() != 1 || sel.Selected != VisualOrder("١٠ دقائق") {
		t.Errorf("choice = %d %q", sel.SelectedIndex(), sel.Selected)
	}
	// New options set by the screen are rewritten at the next layout.
	sel.Options = []string{"٣٠ ثانية"}
	sel.ClearSelected()
	root.Layout.Layout(root.Objects, fyne.NewSize(300, 40))
	if sel.Options[0] != VisualOrder("٣٠ ثانية") {
		t.Errorf("new options = %q", sel.Options)
	}
}

// unitMeasure measures one unit per character, two in style 1 (bold), so
// that layouts are easy to work out by hand.
func unitMeasure(text string, style int) float32 {
	n := float32(len([]rune(text)))
	if style == 1 {
		return 2 * n
	}
	return n
}

// showLines writes laid-out lines one per row, pieces from left to right
// separated by "|", bold pieces (style 1) in *stars* and links (style 2)
// in _underscores_.
func showLines(lines []TextLine) string {
	var rows []string
	for _, l := range lines {
		var ps []string
		for _, p := range l.Pieces {
			switch p.Style {
			case 1:
				ps = append(ps, "*"+p.Text+"*")
			case 2:
				ps = append(ps, "_"+p.Text+"_")
			default:
				ps = append(ps, p.Text)
			}
		}
		rows = append(rows, strings.Join(ps, "|"))
	}
	return strings.Join(rows, "\n")
}

func TestLayoutParagraph(t *testing.T) {
	plain := func(s string) []TextRun { return []TextRun{{Text: s}} }
	for _, c := range []struct {
		name  string
		runs  []TextRun
		rtl   bool
		avail float32
		want  string
	}{
		{
			// Each line holds the next words in reading order; script
			// text stays in stored order (Fyne shapes it right to left).
			name: "arabic wraps in reading order",
			runs: plain("واحد اثنان ثلاثة أربعة"), rtl: true, avail: 12,
			want: "واحد اثنان\nثلاثة أربعة",
		},
		{
			// The Latin word sits between the Arabic ones with its
			// spaces, not glued to the next word ("Safehouseاكتب").
			name: "english in arabic",
			runs: plain("اكتب Safehouse هنا"), rtl: true, avail: 100,
			want: "هنا| |Safehouse| |اكتب",
		},
		{
			name: "english first in arabic",
			runs: plain("Safehouse اكتب هنا"), rtl: true, avail: 100,
			want: "اكتب هنا| |Safehouse",
		},
		{
			// The number keeps its digits left to right, after the
			// words before it in reading order.
			name: "number in arabic",
			runs: plain("خلال الـ30 يومًا"), rtl: true, avail: 100,
			want: "يومًا| |30|خلال الـ",
		},
		{
			name: "persian with a latin name and a full stop",
			runs: plain("می\u200cخواهم Signal نصب کنم."), rtl: true, avail: 100,
			want: ".|نصب کنم| |Signal| |می\u200cخواهم",
		},
		{
			// Bold inside an Arabic sentence is reordered with the rest:
			// the first words are on the right, spaces kept between the
			// styles.
			name: "bold inside arabic",
			runs: []TextRun{{"هذا ", 0}, {"مهم جدا", 1}, {" الآن", 0}}, rtl: true, avail: 100,
			want: "الآن| |*مهم جدا*| |هذا",
		},
		{
			// A bold lead-in (as in list items) starts the line on the
			// right; widths are measured in each style (bold counts 2).
			name: "bold lead-in wraps by styled width",
			runs: []TextRun{{"من قد يتعرض؟", 1}, {" ابدأ بالأقل نفوذًا", 0}}, rtl: true, avail: 30,
			want: "ابدأ| |*من قد يتعرض؟*\nبالأقل نفوذًا",
		},
		{
			name: "brackets mirror",
			runs: plain("انظر (مثال) هنا"), rtl: true, avail: 100,
			want: "هنا| (|مثال|) |انظر",
		},
		{
			name: "link inside persian",
			runs: []TextRun{{"بخوانید ", 0}, {"Advocating safely", 2}, {" را", 0}}, rtl: true, avail: 100,
			want: "را| |_Advocating safely_| |بخوانید",
		},
		{
			// An English phrase cut by the line end: each line is
			// ordered on its own.
			name: "english across a line break in arabic",
			runs: plain("استخدم end to end encryption دائما"), rtl: true, avail: 18,
			want: "end to end| |استخدم\nدائما| |encryption",
		},
		{
			name: "ltr unchanged",
			runs: []TextRun{{"Read the ", 0}, {"guide", 1}, {" first, then act.", 0}}, rtl: false, avail: 100,
			want: "Read the |*guide*| first, then act.",
		},
		{
			name: "ltr wraps in order",
			runs: plain("one two three four"), rtl: false, avail: 9,
			want: "one two\nthree\nfour",
		},
		{
			name: "arabic quote in english",
			runs: plain("He said سلام عليكم to us"), rtl: false, avail: 100,
			want: "He said |سلام عليكم| to us",
		},
		{
			// Numbers after Arabic in an English paragraph belong to the
			// Arabic (rules W2 and I1).
			name: "number after arabic in english",
			runs: plain("He said سلام 30 يوم ok"), rtl: false, avail: 100,
			want: "He said |يوم| |30| |سلام| ok",
		},
		{
			// An Arabic word first does not turn an English paragraph
			// right to left: the document decides.
			name: "english paragraph starting in arabic",
			runs: plain("سلام means peace"), rtl: false, avail: 100,
			want: "سلام| means peace",
		},
		{
			// Chinese breaks between characters, but never before a
			// closing mark.
			name: "chinese",
			runs: plain("你好世界，再见"), rtl: false, avail: 3,
			want: "你好世\n界，再\n见",
		},
		{
			name: "long word is cut",
			runs: plain("https://example.org/x"), rtl: false, avail: 8,
			want: "https://\nexample.\norg/x",
		},
		{
			name: "empty",
			runs: plain(""), rtl: true, avail: 10,
			want: "",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			lines := LayoutParagraph(c.runs, c.rtl, c.avail, unitMeasure)
			if got := showLines(lines); got != c.want {
				t.Fatalf("got\n%s\nwant\n%s", got, c.want)
			}
			for _, l := range lines {
				var x float32
				for _, p := range l.Pieces {
					if p.X != x || p.W != unitMeasure(p.Text, p.Style) {
						t.Errorf("piece %q at %v width %v, want %v", p.Text, p.X, p.W, x)
					}
					x += p.W
				}
				if l.Width != x || l.Width > c.avail {
					t.Errorf("line width %v, sum %v, avail %v", l.Width, x, c.avail)
				}
			}
		})
	}
}

// Every character of the paragraph is shown once, except the spaces
// where lines break.
func TestLayoutParagraphKeepsText(t *testing.T) {
	text := "أجرِ فحصًا قصيرًا للمخاطر قبل كل تحرك: اجتماع، أو منشور (Signal أو WhatsApp)، خلال 30 يومًا."
	for _, avail := range []float32{6, 15, 40, 200} {
		lines := LayoutParagraph([]TextRun{{Text: text}}, true, avail, unitMeasure)
		var got []rune
		for _, l := range lines {
			for _, p := range l.Pieces {
				got = append(got, []rune(p.Text)...)
			}
		}
		want := strings.ReplaceAll(text, " ", "")
		if sortRunes(strings.ReplaceAll(string(got), " ", "")) != sortRunes(want) {
			t.Errorf("avail %v: characters changed:\n%q", avail, string(got))
		}
	}
}

// The Arabic comma stays inside the run of the word it follows, so Fyne
// draws it from the same font on the right side.
func TestLayoutParagraphArabicComma(t *testing.T) {
	lines := LayoutParagraph([]TextRun{{Text: "تتحرك، واحمِ Safehouse، لا"}}, true, 100, unitMeasure)
	if got, want := showLines(lines), "، لا|Safehouse| |تتحرك، واحمِ"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	lines = LayoutParagraph([]TextRun{{Text: "۲۸ نوامبر ۲۰۲۶، ساعت ۱۷:۳۰"}}, true, 100, unitMeasure)
	if got, want := showLines(lines), "۱۷:۳۰| |، ساعت|۲۰۲۶| |نوامبر| |۲۸"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
