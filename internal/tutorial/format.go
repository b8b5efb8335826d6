package tutorial

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
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

// Front matter keys, in the order Marshal writes them.
var keys = []string{"id", "version", "language", "title", "summary", "level", "minutes", "tags", "objectives", "series", "part", "reviewed"}

var requiredKeys = []string{"id", "version", "language", "title", "summary"}

func (p *parser) frontMatter(d *Document, lines []string) {
	failed := map[string]bool{}
	var nerr int
	for i, raw := range lines {
		n := i + 2
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if trimmed != line {
			p.errorf(n, "line must not be indented")
			continue
		}
		key, rest, ok := strings.Cut(line, ":")
		if !ok || !isKey(key) || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			p.errorf(n, "expected \"key: value\"")
			continue
		}
		if !slices.Contains(keys, key) {
			if s := suggest(key); s != "" {
				p.errorf(n, "unknown key %q (did you mean %q?)", key, s)
			} else {
				p.errorf(n, "unknown key %q", key)
			}
			continue
		}
		if first, dup := d.keyLine[key]; dup {
			p.errorf(n, "key %q repeated (first on line %d)", key, first)
			continue
		}
		d.keyLine[key] = n
		nerr = len(p.errs)
		p.value(d, key, n, rest)
		if len(p.errs) > nerr {
			failed[key] = true
		}
	}
	for _, k := range requiredKeys {
		if _, ok := d.keyLine[k]; !ok {
			p.errorf(1, "missing required key %q", k)
		}
	}
	present := map[string]int{}
	for k, n := range d.keyLine {
		if !failed[k] {
			present[k] = n
		}
	}
	for _, e := range checkMeta(&d.Meta, present, d.keyLine) {
		p.errorf(d.KeyLine(e.key), "%s", e.msg)
	}
}

type metaProblem struct{ key, msg string }

// checkMeta validates the front matter values. Keys absent from present
// (when present is not nil) are not checked again; given holds every key
// written in the file, parsed or not (nil outside Parse).
func checkMeta(m *Meta, present, given map[string]int) []metaProblem {
	var out []metaProblem
	has := func(k string) bool {
		if present == nil {
			return true
		}
		_, ok := present[k]
		return ok
	}
	add := func(k, f string, a ...any) { out = append(out, metaProblem{k, fmt.Sprintf(f, a...)}) }
	if has("id") && !ValidSlug(m.ID) {
		add("id", "id %q must be lower-case letters, digits and single hyphens ([a-z0-9-])", m.ID)
	}
	if has("version") && (m.Version < 1 || m.Version > MaxVersion) {
		add("version", "version must be a whole number from 1 to %d", MaxVersion)
	}
	if has("language") && (!languageRE.MatchString(m.Language) || len(m.Language) > 35) {
		add("language", "language %q is not a BCP 47 tag such as \"en\" or \"pt-BR\"", m.Language)
	}
	if has("title") {
		if strings.TrimSpace(m.Title) == "" {
			add("title", "title is empty")
		} else if utf8.RuneCountInString(m.Title) > MaxTitle {
			add("title", "title is longer than %d characters", MaxTitle)
		}
	}
	if has("summary") {
		if strings.TrimSpace(m.Summary) == "" {
			add("summary", "summary is empty")
		} else if utf8.RuneCountInString(m.Summary) > MaxSummary {
			add("summary", "summary is longer than %d characters", MaxSummary)
		}
	}
	if present != nil && has("level") || m.Level != "" {
		if !slices.Contains(Levels, m.Level) {
			add("level", "level %q must be beginner, intermediate or advanced", string(m.Level))
		}
	}
	if present != nil && has("minutes") || m.Minutes != 0 {
		if m.Minutes < 1 || m.Minutes > MaxMinutes {
			add("minutes", "minutes must be from 1 to %d", MaxMinutes)
		}
	}
	if len(m.Tags) > MaxTags {
		add("tags", "more than %d tags", MaxTags)
	}
	for i, t := range m.Tags {
		if strings.TrimSpace(t) != t || t == "" || utf8.RuneCountInString(t) > MaxTag {
			add("tags", "tag %q must be 1 to %d characters without surrounding spaces", t, MaxTag)
		} else if slices.Contains(m.Tags[:i], t) {
			add("tags", "tag %q repeated", t)
		}
	}
	for i, o := range m.Objectives {
		if o < 1 || o > 6 {
			add("objectives", "objective %d must be from 1 to 6", o)
		} else if slices.Contains(m.Objectives[:i], o) {
			add("objectives", "objective %d repeated", o)
		}
	}
	if (present != nil && has("series") || m.Series != "") && !ValidSlug(m.Series) {
		add("series", "series %q must be lower-case letters, digits and single hyphens ([a-z0-9-])", m.Series)
	}
	if present != nil && has("part") || m.Part != 0 {
		if m.Part < 1 || m.Part > MaxPart {
			add("part", "part must be a whole number from 1 to %d", MaxPart)
		}
	}
	// Both or neither. When parsing, a key that failed to parse is
	// reported already (it is absent from present but in given).
	_, givenSeries := given["series"]
	_, givenPart := given["part"]
	switch {
	case m.Series != "" && m.Part == 0 && !givenPart:
		add("series", "series %q needs a part number (part: 1, 2, ...)", m.Series)
	case m.Series == "" && m.Part != 0 && !givenSeries:
		add("part", "part needs a series (series: an id such as staying-safe)")
	}
	if present != nil && has("reviewed") || m.Reviewed != "" {
		if _, err := ParseReviewed(m.Reviewed); err != nil {
			add("reviewed", "%v", err)
		}
	}
	for _, s := range append([]string{m.ID, m.Language, m.Title, m.Summary, string(m.Level), m.Series, m.Reviewed}, m.Tags...) {
		if hasControl(s) {
			add("", "control character in a value")
			break
		}
	}
	return out
}

func isKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// suggest returns the known key closest to k if it is a likely typo.
func suggest(k string) string {
	best, bestD := "", 3
	for _, c := range keys {
		if d := editDistance(strings.ToLower(k), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 40 || len(b) > 40 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			return true
		}
	}
	return false
}

// yamlIndicators may not start a plain (unquoted) YAML value.
const yamlIndicators = "-?:,[]{}#&*!|>'\"%@`"

// parseScalar reads a single value: "quoted" or plain, with an optional
// trailing comment. It returns a message on error.
func parseScalar(s string) (v string, quoted bool, msg string) {
	if s == "" || s[0] == '#' {
		return "", false, "missing value"
	}
	if s[0] == '"' {
		v, rest, msg := parseQuoted(s)
		if msg != "" {
			return "", true, msg
		}
		if !isTrailer(rest) {
			return "", true, "unexpected text after the closing quote"
		}
		return v, true, ""
	}
	if s[0] == '[' {
		return "", false, "a list is not allowed here"
	}
	v = cutComment(s)
	if strings.ContainsRune(yamlIndicators, rune(v[0])) || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || strings.ContainsAny(v, "\t") {
		return "", false, "put the value in double quotes (\"...\")"
	}
	if hasControl(v) {
		return "", false, "control character in value"
	}
	return v, false, ""
}

// parseQuoted reads a double-quoted string at the start of s, with the
// escapes \" and \\, and returns it and the text after it.
func parseQuoted(s string) (v, rest, msg string) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			v = b.String()
			if hasControl(v) {
				return "", "", "control character in value"
			}
			return v, s[i+1:], ""
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i++
				continue
			}
			return "", "", "only \\\" and \\\\ may follow a backslash in a quoted value"
		default:
			b.WriteByte(c)
		}
	}
	return "", "", "missing closing quote"
}

// isTrailer reports whether s is only spaces and an optional comment.
func isTrailer(s string) bool {
	t := strings.TrimLeft(s, " \t")
	return t == "" || (t[0] == '#' && t != s)
}

// cutComment removes a " # comment" from a plain value and trims it.
func cutComment(s string) string {
	for i := 1; i < len(s); i++ {
		if s[i] == '#' && (s[i-1] == ' ' || s[i-1] == '\t') {
			return strings.TrimRight(s[:i], " \t")
		}
	}
	return strings.TrimRight(s, " \t")
}

// parseList reads "[a, "b", c]" with an optional trailing comment. An
// empty list gives nil.
func parseList(s string) ([]string, string) {
	if s == "" || s[0] == '#' {
		return nil, "missing value"
	}
	if s[0] != '[' {
		return nil, "expected a list like [a, b, c]"
	}
	var out []string
	s = strings.TrimLeft(s[1:], " \t")
	if strings.HasPrefix(s, "]") {
		if !isTrailer(s[1:]) {
			return nil, "unexpected text after \"]\""
		}
		return nil, ""
	}
	for {
		s = strings.TrimLeft(s, " \t")
		var v string
		if strings.HasPrefix(s, "\"") {
			var msg string
			v, s, msg = parseQuoted(s)
			if msg != "" {
				return nil, msg
			}
		} else {
			i := strings.IndexAny(s, ",]")
			if i < 0 {
				return nil, "missing \"]\" at the end of the list"
			}
			v = strings.TrimRight(s[:i], " \t")
			s = s[i:]
			if v == "" {
				return nil, "empty list item"
			}
			if strings.ContainsAny(v, "[]{}\"#\t") || strings.ContainsRune(yamlIndicators, rune(v[0])) || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
				return nil, fmt.Sprintf("put the list item %q in double quotes", v)
			}
			if hasControl(v) {
				return nil, "control character in value"
			}
		}
		out = append(out, v)
		s = strings.TrimLeft(s, " \t")
		switch {
		case strings.HasPrefix(s, ","):
			s = s[1:]
		case strings.HasPrefix(s, "]"):
			if !isTrailer(s[1:]) {
				return nil, "unexpected text after \"]\""
			}
			return out, ""
		default:
			return nil, "expected \",\" or \"]\" in the list"
		}
	}
}

// Marshal writes d back as a tutorial file: canonical front matter (keys
// in the documented order, no comments) followed by the body verbatim.
// Parse(Marshal(d)) gives back the same Meta, Body and Items.
func (d *Document) Marshal() []byte {
	var b bytes.Buffer
	m := &d.Meta
	b.WriteString("---\n")
	fmt.Fprintf(&b, "id: %s\n", plainOrQuoted(m.ID, false))
	fmt.Fprintf(&b, "version: %d\n", m.Version)
	fmt.Fprintf(&b, "language: %s\n", plainOrQuoted(m.Language, false))
	fmt.Fprintf(&b, "title: %s\n", quote(m.Title))
	fmt.Fprintf(&b, "summary: %s\n", quote(m.Summary))
	if m.Level != "" {
		fmt.Fprintf(&b, "level: %s\n", plainOrQuoted(string(m.Level), false))
	}
	if m.Minutes != 0 {
		fmt.Fprintf(&b, "minutes: %d\n", m.Minutes)
	}
	if len(m.Tags) > 0 {
		parts := make([]string, len(m.Tags))
		for i, t := range m.Tags {
			parts[i] = plainOrQuoted(t, true)
		}
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(parts, ", "))
	}
	if len(m.Objectives) > 0 {
		parts := make([]string, len(m.Objectives))
		for i, o := range m.Objectives {
			parts[i] = strconv.Itoa(o)
		}
		fmt.Fprintf(&b, "objectives: [%s]\n", strings.Join(parts, ", "))
	}
	if m.Series != "" {
		fmt.Fprintf(&b, "series: %s\n", plainOrQuoted(m.Series, false))
	}
	if m.Part != 0 {
		fmt.Fprintf(&b, "part: %d\n", m.Part)
	}
	if m.Reviewed != "" {
		fmt.Fprintf(&b, "reviewed: %s\n", plainOrQuoted(m.Reviewed, false))
	}
	b.WriteString("---\n")
	b.WriteString(d.Body)
	return b.Bytes()
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

func plainOrQuoted(s string, inList bool) string {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsRune(yamlIndicators, rune(s[0])) ||
		strings.Contains(s, ": ") || strings.HasSuffix(s, ":") || strings.Contains(s, " #") || strings.ContainsAny(s, "\t\\") ||
		(inList && strings.ContainsAny(s, ",[]{}\"#")) {
		return quote(s)
	}
	return s
}

// value parses the value of a known front matter key into d.Meta.
func (p *parser) value(d *Document, key string, n int, rest string) {
	rest = strings.TrimLeft(rest, " \t")
	switch key {
	case "tags", "objectives":
		list, err := parseList(rest)
		if err != "" {
			p.errorf(n, "%s: %s", key, err)
			return
		}
		if key == "tags" {
			d.Meta.Tags = list
			return
		}
		for _, s := range list {
			o, err := strconv.Atoi(s)
			if err != nil || s != strconv.Itoa(o) {
				p.errorf(n, "objectives: %q is not a whole number from 1 to 6", s)
				continue
			}
			d.Meta.Objectives = append(d.Meta.Objectives, o)
		}
		return
	}
	v, quoted, err := parseScalar(rest)
	if err != "" {
		p.errorf(n, "%s: %s", key, err)
		return
	}
	switch key {
	case "id":
		d.Meta.ID = v
	case "language":
		d.Meta.Language = v
	case "title":
		d.Meta.Title = v
	case "summary":
		d.Meta.Summary = v
	case "level":
		d.Meta.Level = Level(v)
	case "series":
		d.Meta.Series = v
	case "reviewed":
		d.Meta.Reviewed = v
	case "version", "minutes", "part":
		x, err := strconv.Atoi(v)
		if quoted || err != nil || v != strconv.Itoa(x) {
			p.errorf(n, "%s: %q is not a whole number", key, v)
			return
		}
		switch key {
		case "version":
			d.Meta.Version = x
		case "part":
			d.Meta.Part = x
		default:
			d.Meta.Minutes = x
		}
	}
}

// isBadControl reports whether r is a control character other than tab.
func isBadControl(r rune) bool {
	return r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0))
}
