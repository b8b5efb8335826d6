package tutorial

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
