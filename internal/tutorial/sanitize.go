package tutorial

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

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
