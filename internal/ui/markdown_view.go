package ui

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/ui/rtl"
)

// markdownView draws sanitized Markdown segments (markdown.go) as a
// document in one direction: the tutorial's. It replaces Fyne's RichText,
// which places the runs of a line in stored order and wraps each style on
// its own, so Arabic and Persian paragraphs came out with list numbers
// and bold phrases on the wrong edge and words glued across directions.
//
// Each paragraph, heading and list item is laid out by
// rtl.LayoutParagraph as one bidirectional paragraph, and its pieces are
// placed here: right-aligned for a right-to-left document, with list markers and
// block-quote bars on the right. Code blocks stay left to right. Links are
// drawn as underlined text that calls the segment's OnTapped; images never
// reach here (sanitizeSegments turns them into text).
type markdownView struct {
	widget.BaseWidget

	// Segments are the Markdown segments shown, as parsed and sanitized.
	Segments []widget.RichTextSegment
	rtl      bool

	blocks []mdBlock
	// width is the width laid out (-1: not yet). objects are the drawn
	// pieces and height the height they take, as built for built.
	objects []fyne.CanvasObject
	width   float32
	height  float32
	built   buildKey
}

// buildKey is what a built layout depends on besides the segments.
type buildKey struct {
	width, textSize float32
	variant         fyne.ThemeVariant
	theme           fyne.Theme
}

// newMarkdownView returns a view of segs, right to left when rightToLeft
// is true.
func newMarkdownView(segs []widget.RichTextSegment, rightToLeft bool) *markdownView {
	v := &markdownView{Segments: segs, rtl: rightToLeft, width: -1}
	v.blocks = buildBlocks(segs, 0)
	v.ExtendBaseWidget(v)
	return v
}

// parts lets the focus keeper find the links (focus.go).
func (v *markdownView) parts() []fyne.CanvasObject { return v.objects }

// String returns the text shown, for tests and search.
func (v *markdownView) String() string {
	var b strings.Builder
	for i, bl := range v.blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		if bl.marker != "" {
			b.WriteString(bl.marker + " ")
		}
		for _, r := range bl.runs {
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

// Resize lays the document out again at the new width; when that changes
// its height, the parent is told through Refresh.
func (v *markdownView) Resize(s fyne.Size) {
	if s == v.Size() {
		return
	}
	h := v.height
	v.BaseWidget.Resize(s)
	if s.Width <= 0 {
		return // not placed yet: nothing to lay out
	}
	v.width = s.Width
	v.layout(s.Width)
	if v.height != h {
		v.BaseWidget.Refresh()
	}
}

func (v *markdownView) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	return &markdownRenderer{v: v}
}

// mdBlockKind is what a block of a Markdown document is.
type mdBlockKind int

const (
	mdParagraph mdBlockKind = iota
	mdHeading
	mdCode
	mdQuote
	mdRule
)

// mdStyle is how one run of a block is drawn.
type mdStyle struct {
	text  fyne.TextStyle
	size  fyne.ThemeSizeName
	color fyne.ThemeColorName
	link  *widget.HyperlinkSegment
}

// mdBlock is one paragraph, heading, list item paragraph, code block,
// quote or rule.
type mdBlock struct {
	kind   mdBlockKind
	runs   []rtl.TextRun
	styles []mdStyle
	depth  int    // list nesting
	marker string // list marker ("•", "3."), on the first block of an item
	tight  bool   // a list item's block: less space above
}

func (b *mdBlock) add(text string, st mdStyle) {
	if text == "" {
		return
	}
	for i, s := range b.styles {
		if s == st {
			b.runs = append(b.runs, rtl.TextRun{Text: text, Style: i})
			return
		}
	}
	b.styles = append(b.styles, st)
	b.runs = append(b.runs, rtl.TextRun{Text: text, Style: len(b.styles) - 1})
}

func styleOf(s widget.RichTextStyle) mdStyle {
	size := s.SizeName
	if size == "" {
		size = theme.SizeNameText
	}
	col := s.ColorName
	if col == "" {
		col = theme.ColorNameForeground
	}
	return mdStyle{text: s.TextStyle, size: size, color: col}
}

// buildBlocks turns segments into blocks, list items at depth.
func buildBlocks(segs []widget.RichTextSegment, depth int) []mdBlock {
	var out []mdBlock
	cur := mdBlock{depth: depth}
	flush := func() {
		if len(cur.runs) > 0 && strings.TrimSpace(cur.text()) != "" || cur.marker != "" {
			out = append(out, cur)
		}
		cur = mdBlock{depth: depth}
	}
	for _, seg := range segs {
		switch s := seg.(type) {
		case *widget.TextSegment:
			st := styleOf(s.Style)
			switch {
			case s.Style == widget.RichTextStyleBlockquote:
				if cur.kind != mdQuote {
					flush()
					cur.kind = mdQuote
				}
				cur.add(s.Text, st)
			case s.Style.Inline:
				if cur.kind == mdQuote && s.Style != widget.RichTextStyleCodeInline &&
					s.Style != widget.RichTextStyleStrong && s.Style != widget.RichTextStyleEmphasis {
					flush()
				}
				cur.add(s.Text, st)
			case s.Style.TextStyle.Monospace:
				flush()
				cur.kind = mdCode
				cur.add(s.Text, st)
				flush()
			case s.Style.SizeName == theme.SizeNameHeadingText || s.Style.SizeName == theme.SizeNameSubHeadingText ||
				s.Style.TextStyle.Bold && len(cur.runs) == 0:
				flush()
				cur.kind = mdHeading
				cur.add(s.Text, st)
				flush()
			default:
				// The end of a paragraph (an empty paragraph segment),
				// or text that stands on its own.
				cur.add(s.Text, st)
				flush()
			}
		case *widget.HyperlinkSegment:
			st := mdStyle{size: theme.SizeNameText, color: theme.ColorNameHyperlink, link: s}
			cur.add(s.Text, st)
		case *widget.ListSegment:
			flush()
			n := s.StartNumber()
			for _, item := range s.Items {
				marker := "•"
				if s.Ordered {
					marker = strconv.Itoa(n) + "."
					n++
				}
				var sub []mdBlock
				if p, ok := item.(*widget.ParagraphSegment); ok {
					sub = buildBlocks(p.Texts, depth+1)
				} else {
					sub = buildBlocks([]widget.RichTextSegment{item}, depth+1)
				}
				if len(sub) == 0 || sub[0].depth != depth+1 || sub[0].marker != "" {
					sub = append([]mdBlock{{depth: depth + 1}}, sub...)
				}
				sub[0].marker = marker
				for i := range sub {
					sub[i].tight = true
				}
				out = append(out, sub...)
			}
		case *widget.ParagraphSegment:
			flush()
			out = append(out, buildBlocks(s.Texts, depth)...)
		case *widget.SeparatorSegment:
			flush()
			out = append(out, mdBlock{kind: mdRule, depth: depth})
		default:
			cur.add(seg.Textual(), mdStyle{size: theme.SizeNameText, color: theme.ColorNameForeground})
		}
	}
	flush()
	return out
}

func (b *mdBlock) text() string {
	var s strings.Builder
	for _, r := range b.runs {
		s.WriteString(r.Text)
	}
	return s.String()
}

// markdownRenderer shows the objects the view built for its width.
type markdownRenderer struct{ v *markdownView }

func (r *markdownRenderer) Destroy() {}

func (r *markdownRenderer) Objects() []fyne.CanvasObject { return r.v.objects }

func (r *markdownRenderer) Layout(s fyne.Size) {
	if s.Width <= 0 {
		return
	}
	r.v.width = s.Width
	r.v.layout(s.Width)
}

func (r *markdownRenderer) MinSize() fyne.Size {
	v := r.v
	size := theme.SizeForWidget(theme.SizeNameText, v)
	if v.width < 0 {
		// Not laid out yet: the width of a reading column (what the
		// reader gives in wide windows), replaced as soon as the real
		// width is known.
		v.layout(readingWidth(size) + 2*theme.SizeForWidget(theme.SizeNameInnerPadding, v))
	}
	return fyne.NewSize(4*size, v.height)
}

// Refresh builds the layout again only if the theme changed: Fyne
// refreshes every child of a container that is refreshed.
func (r *markdownRenderer) Refresh() {
	w := r.v.width
	if w < 0 {
		w = r.v.built.width
	}
	r.v.layout(w)
	canvas.Refresh(r.v)
}

// layout builds the objects for width w unless they are built for it
// already with the current theme.
func (v *markdownView) layout(w float32) {
	th := v.Theme()
	key := buildKey{width: w, textSize: th.Size(theme.SizeNameText), variant: fyne.CurrentApp().Settings().ThemeVariant(), theme: th}
	if key == v.built && v.objects != nil {
		return
	}
	v.built = key
	v.build(w)
}

// build creates and places the objects for width w: the text laid out
// by rtl.LayoutParagraph, list markers, quote bars, code backgrounds, rules.
func (v *markdownView) build(w float32) {
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, variant) }
	pad := th.Size(theme.SizeNameInnerPadding)
	lineGap := th.Size(theme.SizeNameLineSpacing)
	textSize := th.Size(theme.SizeNameText)
	indent := fyne.MeasureText("000.", textSize, fyne.TextStyle{}).Width + th.Size(theme.SizeNamePadding)*2

	v.objects = make([]fyne.CanvasObject, 0, len(v.objects))
	y := pad
	for bi, b := range v.blocks {
		sizeOf := func(i int) float32 { return th.Size(b.styles[i].size) }
		measure := func(text string, i int) float32 {
			return fyne.MeasureText(text, sizeOf(i), b.styles[i].text).Width
		}
		if bi > 0 {
			switch {
			case b.kind == mdHeading:
				y += textSize * 1.1
			case b.tight:
				y += lineGap * 2
			default:
				y += textSize * 0.8
			}
		}
		left := pad + float32(b.depth)*indent
		right := w - pad
		if v.rtl {
			left, right = pad, w-pad-float32(b.depth)*indent
		}
		var bar *canvas.Rectangle
		bw := th.Size(theme.SizeNameInputBorder) * 2
		if b.kind == mdQuote {
			bar = canvas.NewRectangle(col(theme.ColorNameInputBorder))
			if v.rtl {
				bar.Move(fyne.NewPos(right-bw, y))
				right -= bw + pad
			} else {
				bar.Move(fyne.NewPos(left, y))
				left += bw + pad
			}
			v.objects = append(v.objects, bar)
		}
		if b.kind == mdRule {
			line := canvas.NewRectangle(col(theme.ColorNameSeparator))
			line.Move(fyne.NewPos(left, y+textSize/2))
			line.Resize(fyne.NewSize(max(right-left, 0), th.Size(theme.SizeNameSeparatorThickness)))
			v.objects = append(v.objects, line)
			y += textSize
			continue
		}
		avail := max(right-left, textSize)
		rightToLeft := v.rtl
		var lines [][]rtl.TextLine // one paragraph per code line, else one
		if b.kind == mdCode {
			rightToLeft = false
			for _, cl := range strings.Split(b.text(), "\n") {
				lines = append(lines, rtl.LayoutParagraph([]rtl.TextRun{{Text: cl, Style: 0}}, false, avail-2*pad, measure))
			}
		} else {
			lines = append(lines, rtl.LayoutParagraph(b.runs, rightToLeft, avail, measure))
		}
		lineH := func(l rtl.TextLine) float32 {
			h := fyne.MeasureText("M", textSize, fyne.TextStyle{}).Height
			for _, p := range l.Pieces {
				h = max(h, fyne.MeasureText("M", sizeOf(p.Style), b.styles[p.Style].text).Height)
			}
			return h
		}
		top := y
		var codeBox *canvas.Rectangle
		if b.kind == mdCode {
			codeBox = canvas.NewRectangle(col(theme.ColorNameInputBackground))
			codeBox.CornerRadius = th.Size(theme.SizeNameInputRadius)
			v.objects = append(v.objects, codeBox)
			y += pad / 2
		}
		if b.marker != "" {
			markerLines := rtl.LayoutParagraph([]rtl.TextRun{{Text: b.marker}}, v.rtl, indent, func(t string, _ int) float32 {
				return fyne.MeasureText(t, textSize, fyne.TextStyle{}).Width
			})
			if len(markerLines) > 0 {
				ml := markerLines[0]
				gap := th.Size(theme.SizeNamePadding)
				x := left - gap - ml.Width
				if v.rtl {
					x = right + gap
				}
				for _, p := range ml.Pieces {
					t := canvas.NewText(p.Text, col(theme.ColorNameForeground))
					t.TextSize = textSize
					t.Move(fyne.NewPos(x+p.X, y))
					t.Resize(fyne.NewSize(p.W, t.MinSize().Height))
					v.objects = append(v.objects, t)
				}
			}
		}
		for _, para := range lines {
			if len(para) == 0 && b.kind == mdCode {
				y += fyne.MeasureText("M", textSize, fyne.TextStyle{Monospace: true}).Height + lineGap
				continue
			}
			for li, l := range para {
				if li > 0 {
					y += lineGap
				}
				x0 := left
				if b.kind == mdCode {
					x0 += pad
				} else if rightToLeft {
					x0 = right - l.Width
				}
				h := lineH(l)
				start := len(v.objects)
				for _, p := range l.Pieces {
					st := b.styles[p.Style]
					obj := newPieceObject(p.Text, st, th.Size(st.size), col(st.color))
					ph := obj.MinSize().Height
					obj.Move(fyne.NewPos(x0+p.X, y+h-ph))
					obj.Resize(fyne.NewSize(p.W, ph))
					v.objects = append(v.objects, obj)
				}
				if rightToLeft {
					// Reading (and Tab) order is right to left.
					objs := v.objects[start:]
					for a, z := 0, len(objs)-1; a < z; a, z = a+1, z-1 {
						objs[a], objs[z] = objs[z], objs[a]
					}
				}
				y += h
			}
			if b.kind == mdCode {
				y += lineGap
			}
		}
		if bar != nil {
			bar.Resize(fyne.NewSize(bw, y-top))
		}
		if codeBox != nil {
			y += pad / 2
			codeBox.Move(fyne.NewPos(left, top))
			codeBox.Resize(fyne.NewSize(avail, y-top))
		}
	}
	v.height = y + pad
	if len(v.blocks) == 0 {
		v.height = 0
	}
}

// newPieceObject draws one piece of text: a canvas.Text, or a link.
func newPieceObject(text string, st mdStyle, size float32, c color.Color) fyne.CanvasObject {
	if st.link != nil {
		return newLinkPiece(text, size, st.link)
	}
	t := canvas.NewText(text, c)
	t.TextSize = size
	t.TextStyle = st.text
	return t
}

// linkPiece is one piece of a link's text: underlined, in the link
// colour, tapped or activated with Space or Enter to follow the link.
type linkPiece struct {
	widget.BaseWidget
	text    string
	size    float32
	seg     *widget.HyperlinkSegment
	focused bool
	hovered bool
}

var (
	_ fyne.Tappable      = (*linkPiece)(nil)
	_ fyne.Focusable     = (*linkPiece)(nil)
	_ desktop.Cursorable = (*linkPiece)(nil)
	_ desktop.Hoverable  = (*linkPiece)(nil)
)

func newLinkPiece(text string, size float32, seg *widget.HyperlinkSegment) *linkPiece {
	l := &linkPiece{text: text, size: size, seg: seg}
	l.ExtendBaseWidget(l)
	return l
}

// Tapped follows the link.
func (l *linkPiece) Tapped(*fyne.PointEvent) {
	if l.seg.OnTapped != nil {
		l.seg.OnTapped()
	}
}

func (l *linkPiece) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (l *linkPiece) MouseIn(*desktop.MouseEvent)    { l.hovered = true; l.Refresh() }
func (l *linkPiece) MouseMoved(*desktop.MouseEvent) {}
func (l *linkPiece) MouseOut()                      { l.hovered = false; l.Refresh() }

func (l *linkPiece) FocusGained()   { l.focused = true; l.Refresh() }
func (l *linkPiece) FocusLost()     { l.focused = false; l.Refresh() }
func (l *linkPiece) TypedRune(rune) {}

// TypedKey follows the link on Space or Enter.
func (l *linkPiece) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		l.Tapped(nil)
	}
}

func (l *linkPiece) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	t := canvas.NewText(l.text, color.Transparent)
	t.TextSize = l.size
	under := canvas.NewRectangle(color.Transparent)
	r := &linkRenderer{l: l, text: t, under: under}
	r.Refresh()
	return r
}

// linkRenderer draws a link piece: its text and an underline, thicker
// while hovered or focused (the focus ring of focus.go goes around it).
type linkRenderer struct {
	l     *linkPiece
	text  *canvas.Text
	under *canvas.Rectangle
}

func (r *linkRenderer) Destroy() {}

func (r *linkRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.text, r.under}
}

func (r *linkRenderer) Layout(s fyne.Size) {
	r.text.Resize(s)
	thick := max(r.l.Theme().Size(theme.SizeNameInputBorder)/2, 1)
	if r.l.hovered || r.l.focused {
		thick *= 2
	}
	r.under.Move(fyne.NewPos(0, s.Height-thick))
	r.under.Resize(fyne.NewSize(s.Width, thick))
}

func (r *linkRenderer) MinSize() fyne.Size { return r.text.MinSize() }

func (r *linkRenderer) Refresh() {
	link := r.l.Theme().Color(theme.ColorNameHyperlink, fyne.CurrentApp().Settings().ThemeVariant())
	r.text.Color = link
	r.text.Text = r.l.text
	r.under.FillColor = link
	r.Layout(r.l.Size())
	r.text.Refresh()
	r.under.Refresh()
}

// readingWidth is the widest a column of body text should be at text size
// size: about 70 average characters, for comfortable reading.
func readingWidth(size float32) float32 {
	const sample = "Keep lines short enough for the eye to find the next one with ease."
	w := fyne.MeasureText(sample, size, fyne.TextStyle{}).Width
	return w / float32(len(sample)) * 70
}

// readingLayout centres its children in a column no wider than
// readingWidth (plus the text's own padding), for long text in wide
// windows.
type readingLayout struct{}

func (readingLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, readingWidth(theme.TextSize())+2*theme.InnerPadding())
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

func (readingLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// firstLineHeight is the height of the first line of body text.
func (v *markdownView) firstLineHeight() float32 {
	return fyne.MeasureText("M", theme.SizeForWidget(theme.SizeNameText, v), fyne.TextStyle{}).Height
}
