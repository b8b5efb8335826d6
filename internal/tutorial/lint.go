package tutorial

import (
	"fmt"
	"html"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Rules checked by [Lint] and fixed by [Sanitize]. They are stable and may
// be used as message IDs.
const (
	RuleFrontMatter     = "front-matter"      // invalid front matter value or file location
	RuleDuplicateID     = "duplicate-id"      // two tutorials with one id in one language
	RuleNoOriginal      = "no-original"       // translation without an English original
	RuleVersionAhead    = "version-ahead"     // translation newer than its English original
	RuleItemsDiffer     = "items-differ"      // translation of the same version with other checklist IDs
	RuleItemIDMissing   = "item-id-missing"   // checklist item without "{#id}"
	RuleItemIDInvalid   = "item-id-invalid"   // "{#id}" not made of [a-z0-9-]
	RuleItemIDDuplicate = "item-id-duplicate" // one item ID used twice in a tutorial
	RuleItemEmpty       = "item-empty"        // checklist item with an ID and no text
	RuleRemoteImage     = "remote-image"      // image with a remote or absolute URL
	RuleRawHTML         = "raw-html"          // HTML tag outside code
	RuleAutolink        = "autolink"          // <https://...> or <name@example.org>
	RuleDangerousLink   = "dangerous-link"    // javascript:, vbscript:, data: or file: link
	RuleBrokenLink      = "broken-link"       // tutorial: link to a missing tutorial or heading
	RuleSeries          = "series"            // series, part or reviewed missing, or parts not 1, 2, 3... in a series
	RuleSeriesDiffer    = "series-differ"     // translation in another series or part than its English original
	RuleReviewedFuture  = "reviewed-future"   // reviewed date after today
	RuleUnknownMarker   = "unknown-marker"    // heading ends with a "{.marker}" that is not a known one
	RuleLearnSection    = "learn-section"     // "What you will learn" missing, repeated or not first
	RuleSectionsDiffer  = "sections-differ"   // translation of the same version with other section markers
)

// Problem is one rule broken by a tutorial.
type Problem struct {
	Name string // Document.Name
	Line int    // line in the file, 0 for the whole file
	Rule string // one of the Rule constants
	Msg  string // lower-case English, no final period
}

// String returns "name:line: msg (rule)".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s (%s)", p.Name, p.Line, p.Msg, p.Rule)
	}
	return fmt.Sprintf("%s: %s (%s)", p.Name, p.Msg, p.Rule)
}

// Lint checks built-in tutorials, which must be clean: valid front matter
// in the right file (tutorials/<language>/<id>.md, when the name has that
// form), one tutorial per id and language, an English original for every
// translation with a version not below it, an explicit, valid and unique
// "{#id}" on every checklist item, no remote images, raw HTML, autolinks
// or dangerous links, and tutorial: links that resolve. A tutorial in a
// series or with levels also needs series, part and reviewed; the
// reviewed date may not be after today; the English parts of a series are
// numbered 1, 2, 3... once each, and a translation is in the same series
// and part as its English original. Only known section markers are
// allowed, with a "learn" section first in a tutorial with levels.
// Problems are sorted by name and line.
func Lint(docs []*Document) []Problem { return LintAt(docs, time.Now()) }

// LintAt is [Lint] with today's date taken from now.
func LintAt(docs []*Document, now time.Time) []Problem {
	var out []Problem
	type key struct{ id, lang string }
	byKey := map[key]*Document{}
	for _, d := range docs {
		for _, e := range checkMeta(&d.Meta, nil, nil) {
			out = append(out, Problem{d.Name, d.KeyLine(e.key), RuleFrontMatter, e.msg})
		}
		if dir, file := path.Split(d.Name); strings.HasSuffix(file, ".md") && strings.Contains(dir, "tutorials/") {
			lang := path.Base(dir)
			if lang != d.Meta.Language {
				out = append(out, Problem{d.Name, d.KeyLine("language"), RuleFrontMatter,
					fmt.Sprintf("language %q does not match the folder %q", d.Meta.Language, lang)})
			}
			if id := strings.TrimSuffix(file, ".md"); id != d.Meta.ID {
				out = append(out, Problem{d.Name, d.KeyLine("id"), RuleFrontMatter,
					fmt.Sprintf("id %q does not match the file name %q", d.Meta.ID, file)})
			}
		}
		k := key{d.Meta.ID, d.Meta.Language}
		if prev, dup := byKey[k]; dup {
			out = append(out, Problem{d.Name, d.KeyLine("id"), RuleDuplicateID,
				fmt.Sprintf("id %q in language %q is also used by %s", k.id, k.lang, prev.Name)})
			continue
		}
		byKey[k] = d
	}
	for _, d := range docs {
		if d.Meta.Language == "en" || byKey[key{d.Meta.ID, d.Meta.Language}] != d {
			continue
		}
		en := byKey[key{d.Meta.ID, "en"}]
		switch {
		case en == nil:
			out = append(out, Problem{d.Name, d.KeyLine("id"), RuleNoOriginal,
				fmt.Sprintf("translation of %q has no English original", d.Meta.ID)})
		case d.Meta.Version > en.Meta.Version:
			out = append(out, Problem{d.Name, d.KeyLine("version"), RuleVersionAhead,
				fmt.Sprintf("version %d is newer than the English original's %d", d.Meta.Version, en.Meta.Version)})
		case d.Meta.Version == en.Meta.Version:
			// Checklist progress is kept per item ID and shared by all
			// languages of a tutorial, so a translation of the same
			// version must have the same items.
			if a, b := itemIDs(d), itemIDs(en); !slices.Equal(a, b) {
				out = append(out, Problem{d.Name, d.KeyLine("version"), RuleItemsDiffer,
					fmt.Sprintf("checklist item IDs %v differ from the English original's %v", a, b)})
			}
			// The level switch shows the same sections in every language.
			if a, b := markers(d), markers(en); !slices.Equal(a, b) {
				out = append(out, Problem{d.Name, d.KeyLine("version"), RuleSectionsDiffer,
					fmt.Sprintf("section markers %v differ from the English original's %v", a, b)})
			}
		}
	}
	out = append(out, lintSeries(docs, func(d *Document) bool { return byKey[key{d.Meta.ID, d.Meta.Language}] == d },
		func(d *Document) *Document { return byKey[key{d.Meta.ID, "en"}] }, now)...)
	slugs := map[*Document]map[string]bool{}
	anchors := func(d *Document) map[string]bool {
		if slugs[d] == nil {
			slugs[d] = map[string]bool{}
			for _, h := range Headings(d.Body) {
				slugs[d][h.Slug] = true
			}
		}
		return slugs[d]
	}
	resolve := func(from *Document, id string) *Document {
		if t := byKey[key{id, from.Meta.Language}]; t != nil {
			return t
		}
		return byKey[key{id, "en"}]
	}
	for _, d := range docs {
		out = append(out, lintItems(d)...)
		out = append(out, lintSections(d)...)
		for _, f := range findUnsafe(d.Body) {
			out = append(out, Problem{d.Name, d.FileLine(f.line), f.rule, f.msg})
		}
		for _, l := range internalLinks(d.Body) {
			id, anchor, _ := strings.Cut(l.target, "#")
			t := resolve(d, id)
			switch {
			case !ValidSlug(id):
				out = append(out, Problem{d.Name, d.FileLine(l.line), RuleBrokenLink,
					fmt.Sprintf("link %q: %q is not a tutorial id", "tutorial:"+l.target, id)})
			case t == nil:
				out = append(out, Problem{d.Name, d.FileLine(l.line), RuleBrokenLink,
					fmt.Sprintf("link %q: no tutorial %q", "tutorial:"+l.target, id)})
			case anchor != "" && !anchors(t)[anchor]:
				out = append(out, Problem{d.Name, d.FileLine(l.line), RuleBrokenLink,
					fmt.Sprintf("link %q: %s has no heading %q", "tutorial:"+l.target, t.Name, anchor)})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Line < out[j].Line
	})
	return out
}

var strictItemID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func lintItems(d *Document) []Problem {
	var out []Problem
	seen := map[string]int{}
	for _, it := range scanChecklist(d.Body) {
		line := d.FileLine(it.Line)
		switch {
		case it.rawID == "":
			out = append(out, Problem{d.Name, line, RuleItemIDMissing,
				fmt.Sprintf("checklist item %q has no {#id}", it.Text)})
			continue
		case !it.explicit || !strictItemID.MatchString(it.rawID) || len(it.rawID) > MaxItemID:
			out = append(out, Problem{d.Name, line, RuleItemIDInvalid,
				fmt.Sprintf("item id %q must be 1 to %d lower-case letters, digits and single hyphens", it.rawID, MaxItemID)})
			continue
		}
		if it.Text == "" {
			out = append(out, Problem{d.Name, line, RuleItemEmpty, fmt.Sprintf("item {#%s} has no text", it.ID)})
		}
		if first, dup := seen[it.ID]; dup {
			out = append(out, Problem{d.Name, line, RuleItemIDDuplicate,
				fmt.Sprintf("item id %q already used on line %d", it.ID, first)})
			continue
		}
		seen[it.ID] = line
	}
	return out
}

// Heading is an ATX heading ("## Text") of a tutorial body.
type Heading struct {
	Level int
	Text  string
	// Slug is the anchor of the heading in "tutorial:id#slug" links: see
	// [HeadingSlug].
	Slug string
	// Line counts from the first line of the body.
	Line int
	// Marker is the section marker written after the text
	// ("{.beginner}" gives "beginner"; see [Markers]), "" if none. It is
	// not part of Text or Slug.
	Marker string
}

var (
	atxRE      = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	linkDestRE = regexp.MustCompile(`\]\([^)]*\)`)
	idSuffixRE = regexp.MustCompile(`\{#[^{}]*\}`)
)

// HeadingSlug returns the anchor of a heading text: link targets are
// dropped, then [Slugify] keeps lower-case letters and digits separated
// by single hyphens ("Working with *journalists*" → "working-with-journalists").
func HeadingSlug(text string) string {
	return Slugify(linkDestRE.ReplaceAllString(text, "]"))
}

// Headings returns the ATX headings of body outside fenced code, in order.
func Headings(body string) []Heading {
	var out []Heading
	sc := newScan(body)
	for i, line := range strings.Split(body, "\n") {
		if sc.fenced[i] {
			continue
		}
		m := atxRE.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		text, marker, _ := splitMarker(m[2])
		out = append(out, Heading{Level: len(m[1]), Text: text, Slug: HeadingSlug(text), Line: i + 1, Marker: marker})
	}
	return out
}

// WordCount counts the words of a Markdown body, leaving out fenced code,
// code spans, link targets and "{#id}" suffixes.
func WordCount(body string) int {
	sc := newScan(body)
	text := linkDestRE.ReplaceAllString(string(sc.masked), "]")
	text = idSuffixRE.ReplaceAllString(text, " ")
	n := 0
	for _, w := range strings.Fields(text) {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// Words returns the word count of the body (see [WordCount]).
func (d *Document) Words() int { return WordCount(d.Body) }

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

// finding is one unsafe construct at body[start:end].
type finding struct {
	rule, msg  string
	line       int
	start, end int
	// url is the destination for images and links.
	url string
	// kind of edit Sanitize makes; see editsFor.
	edit editKind
	// open is the offset of the "[" that opens a link or image, or -1.
	open int
	// destStart, destEnd delimit "(dest title)" of inline links.
	destStart, destEnd int
}

// span returns the range of the body Sanitize may rewrite for f.
func (f finding) span(sc *scan) (int, int) {
	start, end := f.start, max(f.end, f.destEnd)
	if (f.edit == editImage || f.edit == editLink) && f.open < 0 {
		start = sc.paragraphStart(f.destStart)
	}
	return start, end
}

type editKind int

const (
	editImage editKind = iota
	editLink
	editRefImage
	editDefinition
	editTag
	editAutolink
	editLoneAngle
)

var (
	schemeRE   = regexp.MustCompile(`^[a-z][a-z0-9+.\-]*:`)
	autolinkRE = regexp.MustCompile(`^<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_` + "`" + `{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-.]*))>`)
	// definitionRE finds link reference definitions, loosely: any
	// container markers may precede them.
	definitionRE = regexp.MustCompile(`(?m)^[ \t>*+\-.)0-9]*\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(?:\r?\n[ \t>]*)?(<[^<>\n]*>|[^\s]+)`)
)

// normalizeDest returns the start of a destination as a renderer would
// see it, lower-cased, without escapes, character references, angle
// brackets, spaces or control characters: enough for scheme checks.
func normalizeDest(d string) string {
	d = strings.TrimSpace(d)
	d = strings.TrimPrefix(d, "<")
	var b strings.Builder
	for i := 0; i < len(d) && b.Len() < 64; i++ {
		c := d[i]
		switch {
		case c == '\\' && i+1 < len(d) && d[i+1] < utf8.RuneSelf && (unicode.IsPunct(rune(d[i+1])) || unicode.IsSymbol(rune(d[i+1]))):
			continue
		case c == '&':
			if k := strings.IndexByte(d[i:min(len(d), i+40)], ';'); k > 0 {
				for _, r := range html.UnescapeString(d[i : i+k+1]) {
					if !stripped(r) {
						b.WriteRune(unicode.ToLower(r))
					}
				}
				i += k
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(d[i:])
		if !stripped(r) {
			b.WriteRune(unicode.ToLower(r))
		}
		i += size - 1
	}
	return b.String()
}

// stripped reports whether r is ignored in destinations for scheme checks.
func stripped(r rune) bool {
	return r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// remoteImage reports whether an image destination could load anything
// from outside the tutorial: any URL scheme, a protocol-relative "//" or
// a Windows network path.
func remoteImage(d string) bool {
	raw := strings.TrimPrefix(strings.TrimSpace(d), "<")
	if strings.HasPrefix(raw, `\\`) || strings.HasPrefix(raw, "//") {
		return true
	}
	n := normalizeDest(d)
	return schemeRE.MatchString(n) || strings.HasPrefix(n, "//") || strings.HasPrefix(n, `\\`) ||
		strings.HasPrefix(n, `/\`) || strings.HasPrefix(n, `\/`)
}

// dangerousLink reports whether a link destination runs code or reads
// local files when opened.
func dangerousLink(d string) bool {
	n := normalizeDest(d)
	for _, s := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(n, s) {
			return true
		}
	}
	return false
}

// findUnsafe returns the unsafe constructs of a body, in order.
func findUnsafe(body string) []finding {
	return newScan(body).unsafe()
}

func (s *scan) unsafe() []finding {
	var out []finding
	m := s.masked
	defs := map[string]string{}
	for _, loc := range definitionRE.FindAllSubmatchIndex(m, -1) {
		label := normLabel(string(m[loc[2]:loc[3]]))
		dest := string(m[loc[4]:loc[5]])
		if _, ok := defs[label]; !ok {
			defs[label] = dest
		}
		if dangerousLink(dest) {
			out = append(out, finding{rule: RuleDangerousLink, msg: fmt.Sprintf("link definition to %q", clip(dest)),
				line: s.line(loc[4]), start: loc[4], end: loc[5], url: dest, edit: editDefinition, open: -1})
		}
	}
	for i := 0; i < len(m); i++ {
		switch m[i] {
		case '<':
			if s.esc[i] || i+1 >= len(m) {
				continue
			}
			c := m[i+1]
			// Tags start with a letter, "/", "!" or "?"; e-mail autolinks
			// with any of the characters allowed before the "@".
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/!?.#$%&'*+=^_`{|}~-", c) >= 0) {
				continue
			}
			end := -1
			if gt, lt := int(s.nextGT[i]), int(s.nextLT[i+1]); gt > 0 && (lt < 0 || lt > gt) {
				end = gt + 1
			}
			f := finding{line: s.line(i), start: i, end: end, open: -1}
			switch {
			case end > 0 && autolinkRE.Match(m[i:end]):
				f.rule, f.msg, f.edit, f.url = RuleAutolink, fmt.Sprintf("autolink %s (write the address as plain text)", clip(string(m[i:end]))), editAutolink, string(m[i+1:end-1])
			case end > 0:
				f.rule, f.msg, f.edit = RuleRawHTML, fmt.Sprintf("raw HTML %s", clip(string(m[i:end]))), editTag
			default:
				eol := min(len(m), i+80)
				if k := strings.IndexByte(string(m[i:eol]), '\n'); k >= 0 {
					eol = i + k
				}
				f.rule, f.msg, f.edit, f.end = RuleRawHTML, fmt.Sprintf("raw HTML %s", clip(string(m[i:eol]))), editLoneAngle, i+1
			}
			out = append(out, f)
		case ']':
			if s.esc[i] {
				continue
			}
			if i+1 < len(m) && m[i+1] == '(' {
				if f, ok := s.inline(i); ok {
					out = append(out, f)
				}
			}
		case '!':
			if s.esc[i] || i+1 >= len(m) || m[i+1] != '[' {
				continue
			}
			if f, ok := s.refImage(i, defs); ok {
				out = append(out, f)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

func normLabel(l string) string { return strings.ToLower(strings.Join(strings.Fields(l), " ")) }

// clip shortens s for messages.
func clip(s string) string {
	if len(s) > 80 {
		s = s[:77]
		for len(s) > 0 && s[len(s)-1] >= 0x80 && s[len(s)-1] < 0xC0 {
			s = s[:len(s)-1]
		}
		if len(s) > 0 && s[len(s)-1] >= 0xC0 {
			s = s[:len(s)-1]
		}
		s += "..."
	}
	return s
}

// inline checks the inline link or image whose text ends with the "]" at
// close, followed by "(".
func (s *scan) inline(close int) (finding, bool) {
	m := s.masked
	open := int(s.openOf[close])
	image := open > 0 && m[open-1] == '!' && !s.esc[open-1]
	if open < 0 {
		// No opener found: if any "![" precedes it in the paragraph,
		// assume it is an image.
		image = s.bangSeen[close]
	}
	// Destination: after optional spaces and at most one newline.
	i := close + 2
	nl := false
	for i < len(m) && (m[i] == ' ' || m[i] == '\t' || m[i] == '\r' || m[i] == '\f' || m[i] == '\v' || (m[i] == '\n' && !nl)) {
		if m[i] == '\n' {
			nl = true
		}
		i++
	}
	ds := i
	limit := min(len(m), ds+maxDest)
	if i < len(m) && m[i] == '<' {
		for i < limit && m[i] != '>' && m[i] != '\n' {
			i++
		}
		if i < limit && m[i] == '>' {
			i++
		}
	} else {
		depth := 0
		for i < limit && m[i] > ' ' {
			if m[i] == '\\' && i+1 < limit {
				i += 2
				continue
			}
			if m[i] == '(' {
				depth++
			} else if m[i] == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
			i++
		}
	}
	i = min(i, limit)
	dest := string(m[ds:i])
	// The end of "(dest "title")": the next unescaped ")" on the line.
	end := i
	if i < len(m) {
		if p := int(s.nextParen[i]); p >= 0 {
			end = p + 1
		}
	}
	f := finding{line: s.line(close), start: close + 1, end: i, url: dest, open: open, destStart: close + 1, destEnd: end}
	if open >= 0 {
		f.start = open
		if image {
			f.start = open - 1
		}
	}
	switch {
	case image && remoteImage(dest):
		f.rule, f.msg, f.edit = RuleRemoteImage, fmt.Sprintf("remote image %q (images are never loaded from the network)", clip(dest)), editImage
	case dangerousLink(dest):
		f.rule, f.msg, f.edit = RuleDangerousLink, fmt.Sprintf("link to %q", clip(dest)), editLink
	default:
		return f, false
	}
	return f, true
}

// refImage checks a reference-style image "![alt][ref]", "![alt][]" or
// "![alt]" starting at the "!" at bang.
func (s *scan) refImage(bang int, defs map[string]string) (finding, bool) {
	m := s.masked
	// "![ref](...)" is checked too: when "(...)" is not a valid inline
	// destination, CommonMark falls back to the reference.
	close := int(s.closeOf[bang+1])
	if close < 0 {
		return finding{}, false
	}
	label, end := string(m[bang+2:close]), close+1
	if end < len(m) && m[end] == '[' {
		if c := int(s.closeOf[end]); c >= 0 {
			if l := string(m[end+1 : c]); strings.TrimSpace(l) != "" {
				label = l
			}
			end = c + 1
		}
	}
	dest, ok := defs[normLabel(label)]
	if !ok || !remoteImage(dest) {
		return finding{}, false
	}
	return finding{rule: RuleRemoteImage, msg: fmt.Sprintf("remote image %q (images are never loaded from the network)", clip(dest)),
		line: s.line(bang), start: bang, end: end, url: dest, edit: editRefImage, open: bang + 1}, true
}

// Link is a "tutorial:" link of a body.
type internalLink struct {
	target string // "id" or "id#anchor"
	line   int
}

var internalLinkRE = regexp.MustCompile(`\]\(\s*<?tutorial:([^)\s>]*)`)

// internalLinks returns the tutorial: links of a body outside code.
func internalLinks(body string) []internalLink {
	s := newScan(body)
	var out []internalLink
	for _, loc := range internalLinkRE.FindAllSubmatchIndex(s.masked, -1) {
		out = append(out, internalLink{target: string(s.masked[loc[2]:loc[3]]), line: s.line(loc[0])})
	}
	return out
}

// Notice tells what [Sanitize] changed.
type Notice struct {
	Line int    // line in the file
	Rule string // the Rule constant of what was removed
	Msg  string // lower-case English, no final period
}

// String returns "line N: msg".
func (n Notice) String() string { return fmt.Sprintf("line %d: %s", n.Line, n.Msg) }

// maxSanitizePasses bounds the rewriting of nested constructs.
const maxSanitizePasses = 20

// Sanitize makes an imported document safe to show: remote images become
// the text "[image removed: URL]", raw HTML tags are removed, autolinks
// become plain text, and javascript:, vbscript:, data: and file: links
// keep only their text (link definitions point to "#" instead). Each
// change gives a [Notice]. The front matter and the checklist IDs are left
// as they are; built-in tutorials are checked with [Lint] instead, and
// must need no sanitizing. The result is a new document; d is unchanged.
func Sanitize(d *Document) (*Document, []Notice) {
	body := d.Body
	var notices []Notice
	for pass := 0; ; pass++ {
		sc := newScan(body)
		fs := sc.unsafe()
		if len(fs) == 0 {
			break
		}
		for _, f := range fs {
			notices = append(notices, Notice{Line: d.FileLine(f.line), Rule: f.rule, Msg: noticeMsg(f)})
		}
		if pass < maxSanitizePasses {
			body = applyEdits(body, sc, fs)
		} else {
			body = blankLines(body, sc, fs)
		}
	}
	c := *d
	c.Body = body
	c.Meta.Tags = slices.Clone(d.Meta.Tags)
	c.Meta.Objectives = slices.Clone(d.Meta.Objectives)
	c.Items = ChecklistItems(body)
	return &c, notices
}

func noticeMsg(f finding) string {
	switch f.rule {
	case RuleRemoteImage:
		return fmt.Sprintf("removed the remote image %s", clip(displayURL(f.url)))
	case RuleAutolink:
		return fmt.Sprintf("turned the automatic link %s into text", clip(displayURL(f.url)))
	case RuleDangerousLink:
		return fmt.Sprintf("removed the unsafe link %s", clip(displayURL(f.url)))
	default:
		return fmt.Sprintf("removed %s", f.msg)
	}
}

// displayURL returns u as harmless Markdown text: at most 100 bytes of
// safe characters, everything else percent-encoded.
func displayURL(u string) string {
	u = strings.TrimSpace(u)
	u = strings.TrimSuffix(strings.TrimPrefix(u, "<"), ">")
	var b strings.Builder
	for i := 0; i < len(u) && b.Len() < 100; i++ {
		c := u[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-.~:/?=&%+,;@#$'", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if b.Len() >= 100 {
		return b.String()[:100] + "..."
	}
	return b.String()
}

type edit struct {
	start, end int
	text       string
}

// applyEdits rewrites every finding that does not overlap an earlier one;
// the next pass deals with the rest.
func applyEdits(body string, sc *scan, fs []finding) string {
	var accepted []edit
	reached := -1
	for _, f := range fs {
		start, end := f.span(sc)
		if start <= reached {
			continue
		}
		accepted = append(accepted, editsFor(body, sc, f)...)
		reached = max(end-1, start)
	}
	sort.SliceStable(accepted, func(i, j int) bool { return accepted[i].start < accepted[j].start })
	var b strings.Builder
	b.Grow(len(body) + len(accepted)*16)
	at := 0
	for _, e := range accepted {
		b.WriteString(body[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(body[at:])
	return b.String()
}

func editsFor(body string, sc *scan, f finding) []edit {
	removed := `\[image removed: ` + displayURL(f.url) + `\]`
	oneLine := func(a, b int) bool { return a >= 0 && b <= len(body) && !strings.Contains(body[a:b], "\n") }
	// escapeOpeners stops "[" from opening the link or image (or, when
	// the opener is unknown, every image of the paragraph).
	escapeOpeners := func() []edit {
		if f.open >= 0 {
			return []edit{{f.open, f.open, `\`}}
		}
		var es []edit
		for k := sc.paragraphStart(f.destStart); k+1 < f.destStart; k++ {
			if sc.masked[k] == '!' && sc.masked[k+1] == '[' && !sc.esc[k] {
				es = append(es, edit{k + 1, k + 1, `\`})
			}
		}
		return es
	}
	switch f.edit {
	case editImage:
		if f.open >= 0 && oneLine(f.start, f.destEnd) {
			return []edit{{f.start, f.destEnd, removed}}
		}
		return append(escapeOpeners(), edit{f.destStart, f.destEnd, " " + removed})
	case editLink:
		if f.open >= 0 && oneLine(f.start, f.destEnd) {
			return []edit{{f.open, f.destEnd, body[f.open+1 : f.destStart-1]}}
		}
		return append(escapeOpeners(), edit{f.destStart, f.destEnd, ""})
	case editRefImage:
		if oneLine(f.start, f.end) {
			return []edit{{f.start, f.end, removed}}
		}
		return []edit{{f.open, f.open, `\`}}
	case editDefinition:
		return []edit{{f.start, f.end, "#"}}
	case editTag:
		return []edit{{f.start, f.end, ""}}
	case editAutolink:
		return []edit{{f.start, f.end, displayURL(f.url)}}
	default: // editLoneAngle
		return []edit{{f.start, f.start + 1, `\<`}}
	}
}

// blankLines empties every line holding a finding: the last resort when
// rewriting does not converge.
func blankLines(body string, sc *scan, fs []finding) string {
	lines := strings.Split(body, "\n")
	for _, f := range fs {
		from, to := sc.line(f.start), sc.line(max(f.start, f.end, f.destEnd)-1)
		for l := max(from, 1); l <= to && l <= len(lines); l++ {
			lines[l-1] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// itemIDs returns the checklist item IDs of d in order.
func itemIDs(d *Document) []string {
	ids := make([]string, len(d.Items))
	for i, it := range d.Items {
		ids[i] = it.ID
	}
	return ids
}
