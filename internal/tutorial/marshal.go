package tutorial

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

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
