package tutorial

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
