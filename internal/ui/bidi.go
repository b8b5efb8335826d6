package ui

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// Fyne 2.7 shapes each run of Arabic or Persian text right to left, but
// places the runs of a line in the order they are stored, left to right.
// A right-to-left sentence with a number or a Latin word in it ("خلال الـ30
// يومًا") therefore comes out with its parts swapped. visualOrder rewrites
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

const lrm = "\u200e"

// hasRTL reports whether s has any right-to-left letter.
func hasRTL(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && r <= 0x08ff || r >= 0xfb1d && r <= 0xfdff || r >= 0xfe70 && r <= 0xfeff {
			return true
		}
	}
	return false
}

// visualOrder returns s arranged for Fyne's renderer as described above.
// Text without right-to-left letters is returned unchanged.
func visualOrder(s string) string {
	if !hasRTL(s) {
		return s
	}
	if strings.Contains(s, "\n") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = visualOrder(l)
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
			b.WriteString(lrm + t + lrm)
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
