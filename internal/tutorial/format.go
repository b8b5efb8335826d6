package tutorial

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the tutorial file format. A file that exceeds one is rejected
// by [Parse] before anything else is looked at.
const (
	MaxFileSize    = 512 << 10 // bytes
	MaxFrontMatter = 100       // lines between the two "---"
	MaxLine        = 4 << 10   // bytes per line
	MaxItems       = 500       // checklist items
	MaxTags        = 20
	MaxTag         = 50 // characters
	MaxVersion     = 1_000_000
	MaxMinutes     = 600
	MaxItemID      = 64 // bytes
	MaxPart        = 100
	maxErrors      = 50 // reported per file before giving up
)

// Level is how much experience a tutorial expects.
type Level string

// Tutorial levels.
const (
	LevelBeginner     Level = "beginner"
	LevelIntermediate Level = "intermediate"
	LevelAdvanced     Level = "advanced"
)

// Levels lists all levels in increasing order.
var Levels = []Level{LevelBeginner, LevelIntermediate, LevelAdvanced}

// Meta is the front matter of a tutorial file.
type Meta struct {
	// ID is the slug shared by all translations ("building-a-movement").
	ID string
	// Version is the content version, ≥ 1; bump it on every change.
	Version int
	// Language is a BCP 47 tag ("en", "pt-BR").
	Language string
	Title    string
	Summary  string
	// Level is empty when not given.
	Level Level
	// Minutes is the estimated reading and doing time; 0 when not given.
	Minutes int
	// Tags is nil when not given.
	Tags []string
	// Objectives holds campaign objective numbers (1 to 6, see
	// docs/tutorial-format.md); nil when not given.
	Objectives []int
	// Series is the id of the series the tutorial belongs to
	// ("staying-safe"), and Part its 1-based place in it; "" and 0 when
	// the tutorial is not part of a series. Both or neither are given.
	Series string
	Part   int
	// Reviewed is the day the text was last checked as correct, written
	// YYYY-MM-DD; "" when not given. See [ParseReviewed].
	Reviewed string
}

// ReviewedLayout is the layout of the reviewed key (time.Parse).
const ReviewedLayout = "2006-01-02"

// ParseReviewed reads a reviewed date (YYYY-MM-DD, a real calendar day)
// as midnight UTC.
func ParseReviewed(s string) (time.Time, error) {
	if len(s) != len(ReviewedLayout) {
		return time.Time{}, fmt.Errorf("reviewed date %q is not written YYYY-MM-DD", s)
	}
	t, err := time.Parse(ReviewedLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("reviewed date %q is not a real day written YYYY-MM-DD", s)
	}
	return t, nil
}

// Document is a parsed tutorial file: front matter plus Markdown body.
type Document struct {
	// Name is the file name used in messages ("tutorials/en/x.md"). It
	// is not part of the file content.
	Name string
	Meta Meta
	// Body is the Markdown after the closing "---" line, verbatim.
	Body string
	// Items are the checklist items of Body, as [ChecklistItems] returns
	// them (Line counts from the first line of Body).
	Items []Item

	bodyLine int            // file line of the first body line
	keyLine  map[string]int // file line of each front matter key
}

// FileLine converts a line number within Body to a line number within the
// file the document was parsed from.
func (d *Document) FileLine(bodyLine int) int {
	if d.bodyLine == 0 {
		return bodyLine
	}
	return d.bodyLine + bodyLine - 1
}

// KeyLine returns the file line of a front matter key, or 1 if unknown.
func (d *Document) KeyLine(key string) int {
	if n := d.keyLine[key]; n > 0 {
		return n
	}
	return 1
}

// Tutorial converts d to the domain type, with the given source.
func (d *Document) Tutorial(src Source) *Tutorial {
	return &Tutorial{
		Slug:           d.Meta.ID,
		Language:       d.Meta.Language,
		Title:          d.Meta.Title,
		Summary:        d.Meta.Summary,
		Body:           d.Body,
		ContentVersion: d.Meta.Version,
		Source:         src,
		Level:          d.Meta.Level,
		Minutes:        d.Meta.Minutes,
		Tags:           slices.Clone(d.Meta.Tags),
		Objectives:     slices.Clone(d.Meta.Objectives),
		Series:         d.Meta.Series,
		Part:           d.Meta.Part,
		Reviewed:       d.Meta.Reviewed,
	}
}

// Meta returns the front matter of t, the inverse of [Document.Tutorial]:
// id is the slug and version the content version (at least 1).
func (t *Tutorial) Meta() Meta {
	return Meta{
		ID:         t.Slug,
		Version:    max(t.ContentVersion, 1),
		Language:   t.Language,
		Title:      t.Title,
		Summary:    t.Summary,
		Level:      t.Level,
		Minutes:    t.Minutes,
		Tags:       slices.Clone(t.Tags),
		Objectives: slices.Clone(t.Objectives),
		Series:     t.Series,
		Part:       t.Part,
		Reviewed:   t.Reviewed,
	}
}

// ParseError is one problem found in a tutorial file.
type ParseError struct {
	Name string // file name as given to Parse
	Line int    // 1-based; 0 when the problem concerns the whole file
	Msg  string // lower-case English, no final period
}

// Error returns "name:line: msg".
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Name, e.Msg)
}

// ParseErrors is every problem found in one or more files, in order. It is
// the error type returned by [Parse] and [LoadBuiltin]; errors.As also
// finds the first [*ParseError] in it.
type ParseErrors []*ParseError

// Error returns one problem per line.
func (es ParseErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the individual errors.
func (es ParseErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

type parser struct {
	name string
	errs ParseErrors
}

func (p *parser) errorf(line int, format string, args ...any) {
	if len(p.errs) == maxErrors {
		p.errs = append(p.errs, &ParseError{Name: p.name, Line: line, Msg: "too many problems; stopping here"})
	}
	if len(p.errs) > maxErrors {
		return
	}
	p.errs = append(p.errs, &ParseError{Name: p.name, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Parse reads a tutorial file: front matter and Markdown body. It checks
// the limits, the encoding and the front matter, and collects the
// checklist items. Content rules (explicit item IDs, links, images, HTML)
// are left to [Lint] and [Sanitize]. The error, if any, is a
// [ParseErrors] listing every problem found with its line.
func Parse(name string, data []byte) (*Document, error) {
	p := &parser{name: name}
	if len(data) > MaxFileSize {
		p.errorf(0, "file is %d bytes, more than the limit of %d", len(data), MaxFileSize)
		return nil, p.errs
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if len(l) > MaxLine {
			p.errorf(i+1, "line is %d bytes, more than the limit of %d", len(l), MaxLine)
		}
		if !utf8.ValidString(l) {
			p.errorf(i+1, "invalid UTF-8 text (save the file as UTF-8)")
		} else if strings.ContainsRune(l, 0) {
			p.errorf(i+1, "NUL character in text")
		} else if k := strings.IndexFunc(strings.TrimSuffix(l, "\r"), isBadControl); k >= 0 {
			r, _ := utf8.DecodeRuneInString(l[k:])
			p.errorf(i+1, "control character U+%04X in text", r)
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if strings.TrimRight(lines[0], " \t\r") != "---" {
		p.errorf(1, "file must start with a \"---\" line opening the front matter")
		return nil, p.errs
	}
	end := -1
	for i := 1; i < len(lines) && i <= MaxFrontMatter+1; i++ {
		if strings.TrimRight(lines[i], " \t\r") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		p.errorf(1, "front matter is not closed by a \"---\" line within %d lines", MaxFrontMatter)
		return nil, p.errs
	}
	d := &Document{Name: name, keyLine: map[string]int{}, bodyLine: end + 2}
	p.frontMatter(d, lines[1:end])
	if end+1 < len(lines) {
		d.Body = strings.Join(lines[end+1:], "\n")
	}
	if n := utf8.RuneCountInString(d.Body); n > MaxBody {
		p.errorf(d.bodyLine, "text is %d characters, more than the limit of %d", n, MaxBody)
	}
	d.Items = ChecklistItems(d.Body)
	if len(d.Items) > MaxItems {
		p.errorf(d.FileLine(d.Items[MaxItems].Line), "more than %d checklist items", MaxItems)
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return d, nil
}

// isBadControl reports whether r is a control character other than tab.
func isBadControl(r rune) bool {
	return r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0))
}
