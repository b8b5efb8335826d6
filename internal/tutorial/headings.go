package tutorial

import (
	"regexp"
	"strings"
	"unicode"
)

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
