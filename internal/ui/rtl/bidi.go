package rtl

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// Fyne 2.7 shapes each run of Arabic or Persian text right to left, but
// places the runs of a line in the order they are stored, left to right.
// A right-to-left sentence with a number or a Latin word in it ("خلال الـ30
// يومًا") therefore comes out with its parts swapped. VisualOrder rewrites
// such a line so that Fyne's left-to-right placement gives the right
// result: it finds the runs with the Unicode bidirectional algorithm
// (golang.org/x/text/unicode/bidi, right-to-left paragraph), emits them in
// visual order, and moves the spaces and punctuation at the edge of a
// right-to-left run to the side where they show, mirroring brackets, with
// invisible left-to-right marks (U+200E) so Fyne keeps them there.
//
// It works line by line on the text as given. Fyne wraps long labels
// itself, after this, so rtl.go cuts wrapping labels into lines at their
// width before calling it (rewriteWrapped).

const LRM = "\u200e"

// hasRTL reports whether s has any right-to-left letter.
func hasRTL(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && r <= 0x08ff || r >= 0xfb1d && r <= 0xfdff || r >= 0xfe70 && r <= 0xfeff {
			return true
		}
	}
	return false
}

// VisualOrder returns s arranged for Fyne's renderer as described above.
// Text without right-to-left letters is returned unchanged.
func VisualOrder(s string) string {
	if !hasRTL(s) {
		return s
	}
	if strings.Contains(s, "\n") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = VisualOrder(l)
		}
		return strings.Join(lines, "\n")
	}
	var p bidi.Paragraph
	if _, err := p.SetString(s, bidi.DefaultDirection(bidi.RightToLeft)); err != nil {
		return s
	}
	o, err := p.Order()
	if err != nil {
		return s
	}
	// Written in visual order, left to right: right-to-left script text
	// (shaped by Fyne as one run) as it is, anything else fenced by marks.
	var b strings.Builder
	ltr := func(t string) {
		if t != "" {
			b.WriteString(LRM + t + LRM)
		}
	}
	for i := o.NumRuns() - 1; i >= 0; i-- {
		r := o.Run(i)
		text := r.String()
		if r.Direction() != bidi.RightToLeft {
			ltr(text)
			continue
		}
		// Fyne also splits a run where the font changes: the letters come
		// from a fallback font, Latin punctuation from its own. So the run
		// is cut at every character that is not of the script, and the
		// pieces are placed right to left.
		pieces := splitScript(text)
		for j := len(pieces) - 1; j >= 0; j-- {
			pc := pieces[j]
			if !pc.script {
				ltr(mirrorReverse(pc.text))
				continue
			}
			core := strings.TrimLeftFunc(pc.text, unicode.IsSpace)
			lead := pc.text[:len(pc.text)-len(core)]
			trimmed := strings.TrimRightFunc(core, unicode.IsSpace)
			ltr(core[len(trimmed):])
			b.WriteString(trimmed)
			ltr(lead)
		}
	}
	return b.String()
}

// piece is a stretch of a right-to-left run: script text (letters, marks,
// the script's own punctuation and the spaces between them) or not.
type piece struct {
	text   string
	script bool
}

// rtlScript reports whether r is a right-to-left letter or a mark on
// one: what stays inside one run drawn with one font. The script's own
// punctuation (the Arabic comma "،") takes its direction from its
// neighbours, so it is handled like other punctuation.
func rtlScript(r rune) bool {
	if r == 0x200c || r == 0x200d { // zero-width (non-)joiner, inside Persian words
		return true
	}
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.R, bidi.AL:
		return true
	case bidi.NSM:
		return unicode.Is(unicode.Mn, r)
	}
	return false
}

// splitScript cuts s into pieces of script text and other characters; a
// space between two script letters stays with them.
func splitScript(s string) []piece {
	rs := []rune(s)
	script := make([]bool, len(rs))
	for i, r := range rs {
		script[i] = rtlScript(r)
	}
	// A run of spaces belongs to the script text on both of its sides.
	for i := 0; i < len(rs); {
		if !unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		in := i > 0 && script[i-1] && j < len(rs) && script[j]
		for k := i; k < j; k++ {
			script[k] = in
		}
		i = j
	}
	var out []piece
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || script[i] != script[start] {
			out = append(out, piece{string(rs[start:i]), script[start]})
			start = i
		}
	}
	return out
}

// mirrors pairs the brackets that swap when the direction changes.
var mirrors = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹'}

// mirrorReverse turns neutral characters shown right to left into the same
// look left to right: reversed, with brackets mirrored.
func mirrorReverse(s string) string {
	rs := []rune(s)
	out := make([]rune, len(rs))
	for i, r := range rs {
		if m, ok := mirrors[r]; ok {
			r = m
		}
		out[len(rs)-1-i] = r
	}
	return string(out)
}

// # Paragraph layout
//
// Labels hold one style, so VisualOrder works on plain strings. Rich text
// (tutorial bodies) mixes styles inside a paragraph: a bold phrase, a
// link, a code span. LayoutParagraph lays such a paragraph out as one
// bidirectional paragraph, the way a browser does:
//
//  1. the runs of all styles are joined and the embedding level of every
//     character is resolved once, for the whole paragraph, in the
//     paragraph's direction (the document's, not guessed from the text);
//  2. the paragraph is cut into lines in logical order, at spaces and
//     between CJK characters, measuring each word in its own style;
//  3. each line is reordered on its own (rule L2 of the Unicode
//     bidirectional algorithm: reverse every stretch at level k or more,
//     from the highest level down to the lowest odd one);
//  4. the visual line is cut into pieces of one style, one level and, for
//     right-to-left levels, one kind (script letters or neutrals), each
//     written so that Fyne's renderer shows it as intended: script text in
//     stored order (Fyne shapes and reverses it), neutrals reversed with
//     brackets mirrored, left-to-right text as it is.
//
// The widget that draws the pieces (markdown_view.go) places them itself,
// left to right at the x the layout gives, so nothing is left to Fyne's
// own line placement.

// TextRun is a stretch of a paragraph in one style, in stored (logical)
// order. style is the caller's index, carried over to the pieces.
type TextRun struct {
	Text  string
	Style int
}

// LinePiece is part of a laid-out line: text in one style and direction,
// written for Fyne's renderer, starting x units from the line's left end.
type LinePiece struct {
	Text  string
	Style int
	RTL   bool
	X, W  float32
}

// TextLine is one visual line, its pieces from left to right.
type TextLine struct {
	Pieces []LinePiece
	Width  float32
}

// Measure returns the width of text drawn in a style.
type Measure func(text string, style int) float32

// LayoutParagraph lays runs out as one paragraph in lines no wider than
// avail (a word wider than avail is cut), for a right-to-left paragraph
// when rtl is true. See the comment above for the steps.
func LayoutParagraph(runs []TextRun, rtl bool, avail float32, measure Measure) []TextLine {
	var rs []rune
	var styles []int
	for _, r := range runs {
		for _, c := range r.Text {
			switch c {
			case '\n', '\r', '\t', '\u2028', '\u2029', '\u0085', '\v', '\f':
				c = ' '
			}
			rs = append(rs, c)
			styles = append(styles, r.Style)
		}
	}
	if len(rs) == 0 {
		return nil
	}
	levels := bidiLevels(rs, rtl)
	script := scriptRunes(rs, styles)
	var lines []TextLine
	for _, span := range breakLines(rs, styles, avail, measure) {
		lines = append(lines, visualLine(rs[span[0]:span[1]], styles[span[0]:span[1]],
			levels[span[0]:span[1]], script[span[0]:span[1]], measure))
	}
	return lines
}

// bidiLevels resolves the embedding level of each rune of a paragraph
// whose direction is right to left when rtl is true, else left to right
// (never guessed from the text). golang.org/x/text/unicode/bidi gives the
// direction of each rune; without explicit embeddings the levels follow:
// right to left is 1; left to right is 2 in a right-to-left paragraph,
// and in a left-to-right one 0, except numbers that follow
// right-to-left text (rules W2, W7 and I1), which are 2.
func bidiLevels(rs []rune, rtl bool) []uint8 {
	levels := make([]uint8, len(rs))
	base := uint8(0)
	if rtl {
		base = 1
	}
	for i := range levels {
		levels[i] = base
	}
	text := string(rs)
	opt := bidi.DefaultDirection(bidi.RightToLeft)
	shift := 0
	if !rtl {
		// The package guesses the direction of a left-to-right default
		// from the first strong letter: a leading LRM pins it.
		text = LRM + text
		opt = bidi.DefaultDirection(bidi.LeftToRight)
		shift = 1
	}
	var p bidi.Paragraph
	if _, err := p.SetString(text, opt); err != nil {
		return levels
	}
	o, err := p.Order()
	if err != nil {
		return levels
	}
	for i := 0; i < o.NumRuns(); i++ {
		r := o.Run(i)
		start, end := r.Pos()
		for k := start - shift; k <= end-shift; k++ {
			if k < 0 || k >= len(levels) {
				continue
			}
			switch {
			case r.Direction() == bidi.RightToLeft:
				levels[k] = 1
			case rtl:
				levels[k] = 2
			default:
				levels[k] = 0
			}
		}
	}
	if !rtl {
		raiseNumbers(rs, levels)
	}
	return levels
}

// raiseNumbers puts the numbers of a left-to-right paragraph that follow
// right-to-left text at level 2, with the separators and terminators
// attached to them, as rules W2, W4, W5, W7 and I1 do.
func raiseNumbers(rs []rune, levels []uint8) {
	class := func(r rune) bidi.Class { p, _ := bidi.LookupRune(r); return p.Class() }
	prevStrong := bidi.L
	for i, r := range rs {
		switch c := class(r); c {
		case bidi.L, bidi.R, bidi.AL:
			prevStrong = c
		case bidi.AN:
			if levels[i] == 0 {
				levels[i] = 2
			}
		case bidi.EN:
			if levels[i] == 0 && prevStrong != bidi.L {
				levels[i] = 2
			}
		}
	}
	// Separators between raised digits, terminators and marks next to
	// them join the number.
	attached := func(c bidi.Class) bool {
		return c == bidi.ET || c == bidi.NSM || c == bidi.BN || c == bidi.ES || c == bidi.CS
	}
	for changed := true; changed; {
		changed = false
		for i, r := range rs {
			if levels[i] != 0 || !attached(class(r)) {
				continue
			}
			c := class(r)
			before := i > 0 && levels[i-1] == 2
			after := i+1 < len(rs) && levels[i+1] == 2
			if (c == bidi.ES || c == bidi.CS) && before && after ||
				(c == bidi.ET || c == bidi.NSM || c == bidi.BN) && (before || after) {
				levels[i] = 2
				changed = true
			}
		}
	}
}

// scriptRunes marks the runes that belong to right-to-left script text
// (rtlScript), the script's own punctuation next to such a letter, and the
// spaces between two of these in the same style: what Fyne draws as one
// run in one font. (Drawn on its own, the Arabic comma comes from the
// fallback font without its context and shows raised, like an
// apostrophe.)
func scriptRunes(rs []rune, styles []int) []bool {
	script := make([]bool, len(rs))
	for i, r := range rs {
		script[i] = rtlScript(r)
	}
	for i, r := range rs {
		if !strings.ContainsRune(scriptPunct, r) {
			continue
		}
		// The nearest letter on either side, across spaces, in the same
		// style.
		near := func(step int) bool {
			for j := i + step; j >= 0 && j < len(rs) && styles[j] == styles[i]; j += step {
				if !unicode.IsSpace(rs[j]) {
					return rtlScript(rs[j])
				}
			}
			return false
		}
		script[i] = near(-1) || near(1)
	}
	for i := 0; i < len(rs); {
		if !unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		in := i > 0 && j < len(rs) && script[i-1] && script[j] && styles[i-1] == styles[j]
		for k := i; k < j; k++ {
			script[k] = in && styles[k] == styles[i-1]
		}
		i = j
	}
	return script
}

// scriptPunct is the punctuation of the Arabic script whose bidi class
// is neutral: comma, semicolon, full stop, decimal and thousands
// separators, percent sign.
const scriptPunct = "\u060c\u061b\u06d4\u066b\u066c\u066a"

// wideRune reports whether r is a CJK character, between which lines may
// break without a space.
func wideRune(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// noBreakBefore and noBreakAfter are the punctuation a line must not
// start or end with (closing and opening marks, CJK and Latin).
const (
	noBreakBefore = "，。、：；！？）」』》〉】〕”’…,.;:!?)]}%"
	noBreakAfter  = "（「『《〈【〔“‘([{"
)

// canBreak reports whether a line may break before rs[i].
func canBreak(rs []rune, i int) bool {
	if i <= 0 || i >= len(rs) {
		return false
	}
	a, b := rs[i-1], rs[i]
	if unicode.IsSpace(b) {
		return false
	}
	if unicode.IsSpace(a) {
		return true
	}
	if strings.ContainsRune(noBreakBefore, b) || strings.ContainsRune(noBreakAfter, a) {
		return false
	}
	return wideRune(a) || wideRune(b)
}

// breakLines cuts rs into lines no wider than avail, greedily, at the
// break opportunities of canBreak; spaces at the end of a line do not
// count and are dropped, as are spaces at the start of the next. It
// returns [start, end) rune ranges.
func breakLines(rs []rune, styles []int, avail float32, measure Measure) [][2]int {
	width := func(from, to int) float32 {
		var w float32
		for i := from; i < to; {
			j := i + 1
			for j < to && styles[j] == styles[i] {
				j++
			}
			w += measure(string(rs[i:j]), styles[i])
			i = j
		}
		return w
	}
	trimEnd := func(from, to int) int {
		for to > from && unicode.IsSpace(rs[to-1]) {
			to--
		}
		return to
	}
	// Words: from one break opportunity to the next, trailing spaces
	// included.
	var words [][2]int
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || canBreak(rs, i) {
			words = append(words, [2]int{start, i})
			start = i
		}
	}
	var lines [][2]int
	lineStart, lineEnd := -1, -1
	var lineW float32 // width up to lineEnd, trailing spaces included
	flush := func() {
		if lineStart >= 0 {
			if e := trimEnd(lineStart, lineEnd); e > lineStart {
				lines = append(lines, [2]int{lineStart, e})
			}
		}
		lineStart, lineEnd, lineW = -1, -1, 0
	}
	for _, wd := range words {
		from, to := wd[0], wd[1]
		if lineStart < 0 {
			// A new line starts with no spaces.
			for from < to && unicode.IsSpace(rs[from]) {
				from++
			}
			if from == to {
				continue
			}
		}
		core := trimEnd(from, to)
		wCore := width(from, core)
		if lineStart >= 0 && lineW+wCore <= avail {
			lineEnd = to
			lineW += width(from, to)
			continue
		}
		flush()
		if wCore > avail {
			// A word wider than the line is cut where it fills it.
			for from < core {
				cut := from + 1
				for cut < core && width(from, cut+1) <= avail {
					cut++
				}
				lines = append(lines, [2]int{from, cut})
				from = cut
			}
			continue
		}
		lineStart, lineEnd, lineW = from, to, width(from, to)
	}
	flush()
	return lines
}

// visualLine reorders one line (rule L2) and cuts it into pieces.
func visualLine(rs []rune, styles []int, levels []uint8, script []bool, measure Measure) TextLine {
	n := len(rs)
	order := make([]int, n)
	var hi, lo uint8 = 0, 255
	for i := range order {
		order[i] = i
		hi = max(hi, levels[i])
		if levels[i]%2 == 1 {
			lo = min(lo, levels[i])
		}
	}
	for lev := hi; lev >= lo && lev > 0; lev-- {
		for i := 0; i < n; {
			if levels[order[i]] < lev {
				i++
				continue
			}
			j := i
			for j < n && levels[order[j]] >= lev {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	var line TextLine
	for i := 0; i < n; {
		k := order[i]
		odd := levels[k]%2 == 1
		j := i + 1
		for j < n {
			m, prev := order[j], order[j-1]
			step := m - prev
			if odd {
				step = prev - m
			}
			if step != 1 || levels[m] != levels[k] || styles[m] != styles[k] || odd && script[m] != script[k] {
				break
			}
			j++
		}
		var text string
		switch {
		case !odd:
			text = string(rs[order[i] : order[j-1]+1])
		case script[k]:
			// Stored order: Fyne shapes it right to left itself.
			text = string(rs[order[j-1] : order[i]+1])
		default:
			text = mirrorReverse(string(rs[order[j-1] : order[i]+1]))
		}
		w := measure(text, styles[k])
		line.Pieces = append(line.Pieces, LinePiece{Text: text, Style: styles[k], RTL: odd, X: line.Width, W: w})
		line.Width += w
		i = j
	}
	return line
}
