package ics

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/textsafe"
)

// cleanText and oneLineText are textsafe.Clean and textsafe.OneLine: the
// same rule for every exchange format.
func cleanText(s string) string { return textsafe.Clean(s) }

func oneLineText(s string) string { return textsafe.OneLine(s) }

// unescapeText decodes a TEXT value leniently: the escapes of RFC 5545
// ("\\", "\;", "\,", "\n", "\N") are decoded, any other escaped character
// stands for itself (some exporters write "\:").
func unescapeText(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(v) {
			break
		}
		switch v[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(v[i])
		}
	}
	return b.String()
}

// splitTextList splits a TEXT list value at unescaped commas and decodes
// each item.
func splitTextList(v string) []string {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case ',':
			out = append(out, unescapeText(v[start:i]))
			start = i + 1
		}
	}
	return append(out, unescapeText(v[start:]))
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	i := 0
	for k := range s {
		if i == n {
			return strings.TrimSpace(s[:k]), true
		}
		i++
	}
	return s, false
}

// foldWriter folds the content lines written to it at 75 octets (RFC 5545
// section 3.1): a long line is cut before a UTF-8 sequence would cross the
// limit, and each continuation starts with one space. Lines must end in
// CRLF; a partial line is kept until its end arrives.
type foldWriter struct {
	w   io.Writer
	buf []byte
	err error
}

const maxOctets = 75

func (f *foldWriter) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	f.buf = append(f.buf, p...)
	for {
		i := strings.Index(string(f.buf), "\r\n")
		if i < 0 {
			break
		}
		if err := f.writeLine(f.buf[:i]); err != nil {
			f.err = err
			return 0, err
		}
		f.buf = f.buf[i+2:]
	}
	return len(p), nil
}

func (f *foldWriter) writeLine(line []byte) error {
	var out []byte
	limit := maxOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		out = append(out, line[:cut]...)
		out = append(out, "\r\n "...)
		line = line[cut:]
		limit = maxOctets - 1
	}
	out = append(out, line...)
	out = append(out, "\r\n"...)
	_, err := f.w.Write(out)
	return err
}

// Close reports a trailing partial line as an error.
func (f *foldWriter) Close() error {
	if f.err == nil && len(f.buf) > 0 {
		return f.writeLine(f.buf)
	}
	return f.err
}
