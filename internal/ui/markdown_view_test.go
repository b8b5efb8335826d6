package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// viewTexts returns the text objects of a laid-out view with their
// horizontal extent, in the order of the view's objects.
type placedText struct {
	text        string
	left, right float32
	y           float32
}

func viewTexts(v *markdownView) []placedText {
	var out []placedText
	for _, o := range v.objects {
		var text string
		switch t := o.(type) {
		case *canvas.Text:
			text = t.Text
		case *linkPiece:
			text = t.text
		default:
			continue
		}
		out = append(out, placedText{text: text, left: o.Position().X, right: o.Position().X + o.Size().Width, y: o.Position().Y})
	}
	return out
}

func renderView(t *testing.T, md string, rtl bool, width float32) *markdownView {
	t.Helper()
	test.NewTempApp(t)
	v := newMarkdownView(markdownSegments(md, func(string) string { return "" }, nil), rtl)
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(width, 800))
	v.Resize(fyne.NewSize(width, v.MinSize().Height))
	return v
}

// In a right-to-left document every line ends on the right edge (list
// items at their indent), list markers stand right of their item, and the
// first words of a paragraph are on its first line.
func TestMarkdownViewRightToLeft(t *testing.T) {
	const width = 400
	v := renderView(t, "# عنوان\n\nنص **غامق** مع Safehouse هنا\n\n1. البند الأول\n2. البند الثاني\n", true, width)
	pad := theme.InnerPadding()
	texts := viewTexts(v)
	if len(texts) < 8 {
		t.Fatalf("only %d texts: %+v", len(texts), texts)
	}
	// Each line's rightmost text ends at the right edge or at the list
	// indent; find the markers ("1" and "2" with their dots).
	rightmost := map[float32]float32{}
	for _, p := range texts {
		rightmost[p.y] = max(rightmost[p.y], p.right)
	}
	var markerRight, itemRight float32
	for _, p := range texts {
		switch {
		case p.text == "1" || p.text == "2":
			markerRight = p.right
		case strings.Contains(p.text, "البند"):
			itemRight = p.right
		case p.text == "عنوان" || p.text == "نص":
			if p.right < width-pad-0.5 {
				t.Errorf("%q ends at %v, not at the right edge %v", p.text, p.right, width-pad)
			}
		}
	}
	if itemRight == 0 || markerRight <= itemRight || markerRight > width-pad+0.5 {
		t.Errorf("marker ends at %v, item text at %v: the marker must be right of the item", markerRight, itemRight)
	}
	// The paragraph reads right to left: "نص" (first word) right of the
	// bold phrase, which is right of "Safehouse".
	x := map[string]float32{}
	for _, p := range texts {
		x[p.text] = p.left
	}
	if !(x["نص"] > x["غامق"] && x["غامق"] > x["Safehouse"] && x["Safehouse"] > x["هنا"]) {
		t.Errorf("words out of order: %v", x)
	}
}

func TestMarkdownViewLeftToRight(t *testing.T) {
	v := renderView(t, "Some **bold** text.\n\n- one\n- two\n", false, 400)
	pad := theme.InnerPadding()
	var bulletLeft, itemLeft float32 = -1, -1
	for _, p := range viewTexts(v) {
		switch p.text {
		case "Some ":
			if p.left != pad {
				t.Errorf("first text at %v, want %v", p.left, pad)
			}
		case "•":
			if bulletLeft < 0 {
				bulletLeft = p.left
			}
		case "one":
			itemLeft = p.left
		}
	}
	if bulletLeft < 0 || bulletLeft >= itemLeft {
		t.Errorf("bullet at %v, item at %v", bulletLeft, itemLeft)
	}
	if got := v.String(); got != "Some bold text.\n• one\n• two" {
		t.Errorf("String() = %q", got)
	}
}

// A narrower view wraps into more lines and grows taller.
func TestMarkdownViewWraps(t *testing.T) {
	md := strings.Repeat("كلمة ", 60)
	wide := renderView(t, md, true, 800)
	narrow := renderView(t, md, true, 300)
	if narrow.MinSize().Height <= wide.MinSize().Height {
		t.Errorf("narrow height %v, wide %v", narrow.MinSize().Height, wide.MinSize().Height)
	}
	for _, p := range viewTexts(narrow) {
		if p.left < 0 || p.right > 300 {
			t.Errorf("%q runs off the view: %v..%v", p.text, p.left, p.right)
		}
	}
}

// Links are drawn as link pieces that follow the link on tap, Space and
// Enter.
func TestMarkdownViewLinks(t *testing.T) {
	test.NewTempApp(t)
	var followed int
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Style: widget.RichTextStyleInline, Text: "Read "},
		&widget.HyperlinkSegment{Text: "this", OnTapped: func() { followed++ }},
		&widget.TextSegment{Style: widget.RichTextStyleParagraph},
	}
	v := newMarkdownView(segs, false)
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(300, 200))
	var link *linkPiece
	for _, o := range v.objects {
		if l, ok := o.(*linkPiece); ok {
			link = l
		}
	}
	if link == nil {
		t.Fatal("no link drawn")
	}
	test.Tap(link)
	link.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	link.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	link.TypedKey(&fyne.KeyEvent{Name: fyne.KeyA})
	if followed != 3 {
		t.Errorf("followed %d times, want 3", followed)
	}
}

// The reading column is at most about 70 characters wide and centred.
func TestReadingLayout(t *testing.T) {
	test.NewTempApp(t)
	child := widget.NewLabel("x")
	l := readingLayout{}
	l.Layout([]fyne.CanvasObject{child}, fyne.NewSize(2000, 500))
	want := readingWidth(theme.TextSize()) + 2*theme.InnerPadding()
	if child.Size().Width != want || child.Position().X != (2000-want)/2 {
		t.Errorf("column %v at %v, want %v centred", child.Size().Width, child.Position().X, want)
	}
	chars := readingWidth(theme.TextSize()) / fyne.MeasureText("abcdefghij", theme.TextSize(), fyne.TextStyle{}).Width * 10
	if chars < 60 || chars > 80 {
		t.Errorf("column holds about %.0f characters", chars)
	}
	l.Layout([]fyne.CanvasObject{child}, fyne.NewSize(300, 500))
	if child.Size().Width != 300 || child.Position().X != 0 {
		t.Errorf("narrow: %v at %v", child.Size(), child.Position())
	}
}
