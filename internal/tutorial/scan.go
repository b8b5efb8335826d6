package tutorial

import (
	"regexp"
	"sort"
	"strings"
)

// scan is a body with fenced code and code spans blanked out, so the
// unsafe constructs can be searched by offset. It errs on the side of
// scanning too much: text that CommonMark might treat as code but this
// scanner cannot be sure about is scanned as text. Everything is indexed
// up front so that each check is linear in the body size.
type scan struct {
	body      string
	masked    []byte
	lineStart []int
	fenced    []bool // per line: inside a fenced code block (fence lines included)
	blank     []bool // per line: blank once masked
	paraStart []int  // per line: offset of the paragraph's first line
	esc       []bool // per byte: preceded by an odd number of backslashes

	openOf   []int32 // per "]": offset of the matching "[", or -1
	closeOf  []int32 // per "[": offset of the matching "]", or -1
	bangSeen []bool  // per "]": an unescaped "![" precedes it in the paragraph

	nextGT, nextLT, nextParen []int32 // per byte: next ">", "<", unescaped ")" on the line, or -1
}

var fenceOpenRE = regexp.MustCompile("^( {0,3})(`{3,}|~{3,})(.*)$")

// maxDest bounds the part of a link destination that is examined: enough
// for any URL scheme, even written with character references.
const maxDest = 512

func newScan(body string) *scan {
	s := &scan{body: body, masked: []byte(body)}
	s.esc = make([]bool, len(body))
	for i := 1; i < len(body); i++ {
		s.esc[i] = body[i-1] == '\\' && !s.esc[i-1]
	}
	lines := strings.Split(body, "\n")
	s.fenced = make([]bool, len(lines))
	off := 0
	var fenceChar byte
	fenceLen, fenceIndent := 0, 0
	for i, line := range lines {
		s.lineStart = append(s.lineStart, off)
		l := strings.TrimRight(line, "\r")
		blank := func() {
			for k := off; k < off+len(line); k++ {
				if s.masked[k] != '\r' {
					s.masked[k] = ' '
				}
			}
		}
		if fenceLen > 0 {
			indent := len(l) - len(strings.TrimLeft(l, " "))
			if strings.TrimSpace(l) != "" && indent < fenceIndent {
				// Possibly the end of a list item holding the fence:
				// scan from here on as text.
				fenceLen = 0
			} else {
				s.fenced[i] = true
				t := strings.TrimRight(l, " \t")
				if indent <= 3 && len(t)-indent >= fenceLen && strings.Trim(t[indent:], string(fenceChar)) == "" {
					fenceLen = 0
				}
				blank()
				off += len(line) + 1
				continue
			}
		}
		if m := fenceOpenRE.FindStringSubmatch(l); m != nil && !(m[2][0] == '`' && strings.Contains(m[3], "`")) {
			fenceChar, fenceLen, fenceIndent = m[2][0], len(m[2]), len(m[1])
			s.fenced[i] = true
			blank()
			off += len(line) + 1
			continue
		}
		off += len(line) + 1
	}
	s.maskCode(lines)
	s.index()
	return s
}

// blockStartRE matches lines that start a new block (and so end a
// paragraph): headings, list items, block quotes, thematic breaks and
// setext underlines, HTML.
var blockStartRE = regexp.MustCompile(`^ {0,3}(#{1,6}([ \t]|$)|[-*+]([ \t]|$)|\d{1,9}[.)]([ \t]|$)|>|<|(=+|-+|(\* *){3,}|(_ *){3,})[ \t]*$)`)

// maskCode blanks code spans outside fenced code. A span is blanked only
// if it pairs up both within its line and within its block (a run of
// lines up to a blank line or a line starting another block), so that
// text CommonMark does not see as code is never hidden from the checks.
func (s *scan) maskCode(lines []string) {
	inLine := make([]bool, len(s.body))
	inBlock := make([]bool, len(s.body))
	blockFrom := -1
	end := func(i int) int { return s.lineStart[i] + len(lines[i]) }
	flush := func(to int) {
		if blockFrom >= 0 {
			s.codeSpans(s.lineStart[blockFrom], end(to), inBlock)
		}
		blockFrom = -1
	}
	for i, line := range lines {
		if s.fenced[i] || strings.TrimSpace(line) == "" {
			flush(max(i-1, 0))
			continue
		}
		s.codeSpans(s.lineStart[i], end(i), inLine)
		if blockFrom >= 0 && blockStartRE.MatchString(line) {
			flush(i - 1)
		}
		if blockFrom < 0 {
			blockFrom = i
		}
		if atxRE.MatchString(strings.TrimRight(line, "\r")) {
			flush(i)
		}
	}
	if blockFrom >= 0 {
		flush(len(lines) - 1)
	}
	for k := range s.masked {
		if inLine[k] && inBlock[k] {
			s.masked[k] = ' '
		}
	}
}

// codeSpans marks in mask the code spans that open and close within
// body[from:to].
func (s *scan) codeSpans(from, to int, mask []bool) {
	b := s.body
	type run struct{ start, n int }
	var runs []run
	for i := from; i < to; i++ {
		if b[i] != '`' {
			continue
		}
		n := 0
		for i+n < to && b[i+n] == '`' {
			n++
		}
		runs = append(runs, run{i, n})
		i += n - 1
	}
	// next[k] is the next run with the same length as run k.
	next := make([]int, len(runs))
	last := map[int]int{}
	for k := len(runs) - 1; k >= 0; k-- {
		next[k] = -1
		if j, ok := last[runs[k].n]; ok {
			next[k] = j
		}
		last[runs[k].n] = k
	}
	for k := 0; k < len(runs); k++ {
		r := runs[k]
		if s.esc[r.start] {
			// "\``" : the escaped backtick is literal, the rest of the
			// run may still open a span; be conservative and skip it.
			continue
		}
		j := next[k]
		if j < 0 {
			continue
		}
		for x := r.start; x < runs[j].start+runs[j].n; x++ {
			mask[x] = true
		}
		k = j
	}
}

// index fills the per-line and per-bracket tables.
func (s *scan) index() {
	m := s.masked
	n := len(s.lineStart)
	s.blank = make([]bool, n)
	s.paraStart = make([]int, n)
	for i := range n {
		end := len(m)
		if i+1 < n {
			end = s.lineStart[i+1] - 1
		}
		s.blank[i] = strings.TrimSpace(string(m[s.lineStart[i]:end])) == ""
		switch {
		case i == 0 || s.blank[i-1]:
			s.paraStart[i] = s.lineStart[i]
		default:
			s.paraStart[i] = s.paraStart[i-1]
		}
	}
	s.openOf, s.closeOf, s.bangSeen = make([]int32, len(m)), make([]int32, len(m)), make([]bool, len(m))
	for k := range s.openOf {
		s.openOf[k], s.closeOf[k] = -1, -1
	}
	var stack []int
	bang := false
	for li := range n {
		if s.blank[li] {
			stack, bang = stack[:0], false
			continue
		}
		end := len(m)
		if li+1 < n {
			end = s.lineStart[li+1] - 1
		}
		for k := s.lineStart[li]; k < end; k++ {
			if s.esc[k] {
				continue
			}
			switch m[k] {
			case '[':
				stack = append(stack, k)
				if k > 0 && m[k-1] == '!' && !s.esc[k-1] {
					bang = true
				}
			case ']':
				s.bangSeen[k] = bang
				if len(stack) == 0 {
					s.openOf[k] = -1
					continue
				}
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				s.openOf[k], s.closeOf[o] = int32(o), int32(k)
			}
		}
	}
	s.nextGT = make([]int32, len(m))
	s.nextLT = make([]int32, len(m))
	s.nextParen = make([]int32, len(m))
	gt, lt, paren := int32(-1), int32(-1), int32(-1)
	for k := len(m) - 1; k >= 0; k-- {
		switch c := m[k]; {
		case c == '\n':
			gt, lt, paren = -1, -1, -1
		case c == '>':
			gt = int32(k)
		case c == '<':
			lt = int32(k)
		case c == ')' && !s.esc[k]:
			paren = int32(k)
		}
		s.nextGT[k], s.nextLT[k], s.nextParen[k] = gt, lt, paren
	}
}

// line returns the 1-based body line of offset off.
func (s *scan) line(off int) int {
	return sort.SearchInts(s.lineStart, off+1)
}

// paragraphStart returns the offset where the paragraph holding off starts.
func (s *scan) paragraphStart(off int) int { return s.paraStart[s.line(off)-1] }
