package tutorial

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Section markers: a heading may end with one marker in braces, such as
// "## Lock your phone {.beginner}". The marker is not part of the
// heading's text or slug. A marked section runs from its heading to the
// next heading of the same or a higher level (fewer "#").
const (
	// MarkerBeginner marks a section for people new to the subject.
	MarkerBeginner = "beginner"
	// MarkerAdvanced marks a section for people who have done the
	// beginner steps or need more protection.
	MarkerAdvanced = "advanced"
	// MarkerLearn marks the "What you will learn" section, a short list
	// at the top of a lesson. It is shown at every level.
	MarkerLearn = "learn"
)

// Markers lists the section markers in the order the format documents them.
var Markers = []string{MarkerBeginner, MarkerAdvanced, MarkerLearn}

// markerRE matches a "{.word}" at the end of a heading's text. Any word is
// matched so that [Lint] can report unknown ones.
var markerRE = regexp.MustCompile(`[ \t]*\{\.([^{}\s]*)\}$`)

// splitMarker returns a heading text without its trailing "{.marker}" and
// the marker ("" if there is none).
func splitMarker(text string) (string, string, bool) {
	loc := markerRE.FindStringSubmatchIndex(text)
	if loc == nil {
		return text, "", false
	}
	return strings.TrimRight(text[:loc[0]], " \t"), text[loc[2]:loc[3]], true
}

// knownMarker reports whether m is one of [Markers].
func knownMarker(m string) bool { return slices.Contains(Markers, m) }

// Section is a marked part of a tutorial body.
type Section struct {
	// Marker is the heading's marker (one of [Markers] for clean files).
	Marker  string
	Heading Heading
	// End is the last body line of the section (1-based, inclusive).
	End int
}

// Sections returns the marked sections of body in order. A section
// nested in another marked section is returned too.
func Sections(body string) []Section {
	hs := Headings(body)
	n := strings.Count(body, "\n") + 1
	var out []Section
	for i, h := range hs {
		if h.Marker == "" {
			continue
		}
		end := n
		for _, next := range hs[i+1:] {
			if next.Level <= h.Level {
				end = next.Line - 1
				break
			}
		}
		out = append(out, Section{Marker: h.Marker, Heading: h, End: end})
	}
	return out
}

// HasLevels reports whether body has at least one section marked
// beginner or advanced, so a reader can offer to show one level.
func HasLevels(body string) bool {
	for _, s := range Sections(body) {
		if s.Marker == MarkerBeginner || s.Marker == MarkerAdvanced {
			return true
		}
	}
	return false
}

// ShowLevel prepares body for display. Sections marked with the other
// level than show are blanked (show "" keeps every level; unmarked and
// "learn" sections are always kept). Known markers are removed from the
// headings that remain, and label, if not nil, gives a text appended to a
// marked heading ("Lock your phone · Beginner"); return "" for none.
// Lines are blanked, not removed, so line numbers do not change.
func ShowLevel(body, show string, label func(marker string) string) string {
	secs := Sections(body)
	if len(secs) == 0 {
		return body
	}
	lines := strings.Split(body, "\n")
	hide := make([]bool, len(lines)+1)
	for _, s := range secs {
		if show == "" || s.Marker == show || (s.Marker != MarkerBeginner && s.Marker != MarkerAdvanced) {
			continue
		}
		for l := s.Heading.Line; l <= s.End && l <= len(lines); l++ {
			hide[l] = true
		}
	}
	for _, s := range secs {
		l := s.Heading.Line
		if hide[l] || !knownMarker(s.Marker) {
			continue
		}
		line := strings.TrimRight(lines[l-1], "\r")
		m := atxRE.FindStringSubmatchIndex(line)
		if m == nil || m[4] < 0 {
			continue
		}
		text, _, _ := splitMarker(line[m[4]:m[5]])
		if label != nil {
			if t := label(s.Marker); t != "" {
				text += " · " + t
			}
		}
		lines[l-1] = line[:m[4]] + text
	}
	for i := range lines {
		if hide[i+1] {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// lintSeries checks the series, part and reviewed keys of built-in
// tutorials. unique tells whether d is the one tutorial of its id and
// language (duplicates are reported elsewhere); english returns the
// English original of d, or nil.
func lintSeries(docs []*Document, unique func(*Document) bool, english func(*Document) *Document, now time.Time) []Problem {
	var out []Problem
	type seriesLang struct{ series, lang string }
	parts := map[seriesLang]map[int]*Document{}
	// A date is in the future only until it has begun somewhere on Earth
	// (UTC+14), so a file reviewed today in Asia passes anywhere.
	today := now.UTC().Add(14 * time.Hour).Format(ReviewedLayout)
	for _, d := range docs {
		m := &d.Meta
		// Lessons of a series, and lessons with levels, say where they
		// belong and when they were last checked. (A series without a
		// part, or the reverse, is a front-matter error already.)
		if m.Series != "" || HasLevels(d.Body) {
			for _, k := range []struct {
				key     string
				missing bool
			}{{"series", m.Series == "" && m.Part == 0}, {"reviewed", m.Reviewed == ""}} {
				if k.missing {
					out = append(out, Problem{d.Name, 1, RuleSeries,
						fmt.Sprintf("missing %q: a lesson of a series or with levels needs series, part and reviewed", k.key)})
				}
			}
		}
		if r := m.Reviewed; r != "" {
			if _, err := ParseReviewed(r); err == nil && r > today {
				out = append(out, Problem{d.Name, d.KeyLine("reviewed"), RuleReviewedFuture,
					fmt.Sprintf("reviewed date %s is in the future", r)})
			}
		}
		if m.Language != "en" && unique(d) {
			if en := english(d); en != nil && (en.Meta.Series != m.Series || en.Meta.Part != m.Part) {
				out = append(out, Problem{d.Name, d.KeyLine("series"), RuleSeriesDiffer,
					fmt.Sprintf("series %q part %d differ from the English original's series %q part %d",
						m.Series, m.Part, en.Meta.Series, en.Meta.Part)})
			}
		}
		if m.Series == "" || m.Part == 0 || !unique(d) {
			continue
		}
		k := seriesLang{m.Series, m.Language}
		if parts[k] == nil {
			parts[k] = map[int]*Document{}
		}
		if prev := parts[k][m.Part]; prev != nil {
			out = append(out, Problem{d.Name, d.KeyLine("part"), RuleSeries,
				fmt.Sprintf("part %d of series %q in language %q is also %s", m.Part, m.Series, m.Language, prev.Name)})
			continue
		}
		parts[k][m.Part] = d
	}
	for k, ps := range parts {
		if k.lang != "en" {
			continue // translations follow the English parts (series-differ)
		}
		for n := 1; n <= len(ps); n++ {
			if ps[n] != nil {
				continue
			}
			// Report the gap on the first part after it.
			for m := n + 1; m <= MaxPart; m++ {
				if d := ps[m]; d != nil {
					out = append(out, Problem{d.Name, d.KeyLine("part"), RuleSeries,
						fmt.Sprintf("series %q has no part %d before part %d: number the parts 1, 2, 3...", k.series, n, m)})
					break
				}
			}
			break
		}
	}
	return out
}

// lintSections checks the section markers of d: known markers only, and
// in a tutorial with levels one "learn" section, the first after the
// title.
func lintSections(d *Document) []Problem {
	var out []Problem
	learn := 0
	var first *Heading
	hs := Headings(d.Body)
	for i := range hs {
		h := &hs[i]
		if first == nil && h.Level > 1 {
			first = h
		}
		switch {
		case h.Marker == "":
		case !knownMarker(h.Marker):
			out = append(out, Problem{d.Name, d.FileLine(h.Line), RuleUnknownMarker,
				fmt.Sprintf("unknown section marker {.%s}: use {.%s}", h.Marker, strings.Join(Markers, "}, {."))})
		case h.Marker == MarkerLearn:
			learn++
			if learn > 1 {
				out = append(out, Problem{d.Name, d.FileLine(h.Line), RuleLearnSection, "more than one {.learn} section"})
			} else if h != first {
				out = append(out, Problem{d.Name, d.FileLine(h.Line), RuleLearnSection,
					"the {.learn} section must be the first section, right after the title"})
			}
		}
	}
	if learn == 0 && HasLevels(d.Body) {
		out = append(out, Problem{d.Name, d.FileLine(1), RuleLearnSection,
			"a tutorial with beginner and advanced sections needs a \"What you will learn\" section marked {.learn} at the top"})
	}
	return out
}

// markers returns the section markers of d in order.
func markers(d *Document) []string {
	var out []string
	for _, h := range Headings(d.Body) {
		if h.Marker != "" {
			out = append(out, h.Marker)
		}
	}
	return out
}
