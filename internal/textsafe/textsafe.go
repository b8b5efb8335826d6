// Package textsafe makes text that came from outside (a peer's shared
// file, an imported vCard or calendar) safe to show. Invisible formatting
// characters can make a name or a title look like something it is not:
// with U+202E RIGHT-TO-LEFT OVERRIDE, "invoice<U+202E>fdp.exe" shows as
// "invoiceexe.pdf"; with U+200B ZERO WIDTH SPACE, "Amina" and
// "Ami<U+200B>na" are two names that look the same. [Show] replaces each
// such character with a visible "[U+XXXX]" marker, so the reader sees
// that the text holds one; the stored text is never changed.
//
// # What is marked
//
// Every character of Unicode's general category Cf (format), Zl and Zp
// (line and paragraph separators) and Cc (controls) except tab, line feed
// and carriage return — with two exceptions in Cf: U+200C ZERO WIDTH
// NON-JOINER and U+200D ZERO WIDTH JOINER, which Persian, Arabic, the
// Indic scripts and emoji need and which cannot reorder text.
//
// The package does no I/O and imports nothing but the standard library,
// so the command line and the desktop app use the same rule.
package textsafe

import (
	"fmt"
	"strings"
	"unicode"
)

// Neutralized reports whether Show marks r.
func Neutralized(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r == '\u200c' || r == '\u200d':
		return false
	case r == unicode.ReplacementChar:
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Cc)
}

// Has reports whether s holds a character Show would mark.
func Has(s string) bool {
	return strings.IndexFunc(s, Neutralized) >= 0
}

// Show returns s with every neutralized character (see the package
// documentation) replaced by a visible marker such as "[U+202E]". Text
// without such characters is returned as it is.
func Show(s string) string {
	if !Has(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		if Neutralized(r) {
			fmt.Fprintf(&b, "[U+%04X]", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Clean makes s fit to be written into an exchange format (an iCalendar
// or vCard TEXT value) and to be stored: valid UTF-8, "\n" line ends, no
// control characters other than newline and tab (a raw CR or U+0001 makes
// strict readers stop), no line or paragraph separators, trimmed.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// OneLine is [Clean] folded onto one line, runs of white space made one
// space (names, titles, locations, channel values).
func OneLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}
