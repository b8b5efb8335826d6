package i18n

import (
	"fmt"
	"strings"
)

// Report is the result of [Check]ing a translation file against the
// English source.
type Report struct {
	// Name is the file name as given.
	Name string
	// Lang is the language tag from the file name, "" if it has none.
	Lang string
	// Err is non-nil when the file cannot be read at all (name, size,
	// encoding, TOML syntax or message count); it is a [*FileError] and the
	// other fields are then empty.
	Err error
	// Messages is the number of messages in the file.
	Messages int
	// Source is the number of messages in the English source; the file
	// translates Source - len(Missing) of them.
	Source int
	// Missing lists, sorted, the English message IDs the file does not
	// translate. A message with no "other" text counts as missing, unless
	// it is a plural message, whose missing forms are Problems.
	Missing []string
	// Unknown lists, sorted, the IDs in the file that are not in the
	// English source. They are never loaded.
	Unknown []string
	// Problems lists issues with single messages, by line.
	Problems []Problem
}

// Loadable reports whether [Translator.LoadBytes] would accept the file.
func (r Report) Loadable() bool {
	if r.Err != nil {
		return false
	}
	for _, p := range r.Problems {
		if p.Kind.Fatal() {
			return false
		}
	}
	return true
}

// OK reports whether the file is loadable and complete, with nothing to fix.
func (r Report) OK() bool {
	return r.Err == nil && len(r.Missing) == 0 && len(r.Unknown) == 0 && len(r.Problems) == 0
}

// String formats the report for a terminal, one finding per line, each
// prefixed with the file name.
func (r Report) String() string {
	var b strings.Builder
	if r.Err != nil {
		fmt.Fprintf(&b, "%v\n", r.Err)
		return b.String()
	}
	for _, p := range r.Problems {
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s: %s\n", r.Name, p.Line, p.ID, p.Detail)
		} else {
			fmt.Fprintf(&b, "%s: %s: %s\n", r.Name, p.ID, p.Detail)
		}
	}
	for _, id := range r.Unknown {
		fmt.Fprintf(&b, "%s: %s: not in the English source\n", r.Name, id)
	}
	for _, id := range r.Missing {
		fmt.Fprintf(&b, "%s: %s: not translated\n", r.Name, id)
	}
	if r.OK() {
		fmt.Fprintf(&b, "%s: ok, %d messages\n", r.Name, r.Messages)
	}
	return b.String()
}

// Check compares the translation file data, named name (for example
// "fr.toml"), with the embedded English source and reports missing and
// unknown message IDs, placeholder differences, plural forms that the
// file's language needs but a message lacks (by go-i18n's CLDR rules), and
// syntax errors with line numbers. It never fails: problems are in the
// [Report].
func Check(data []byte, name string) Report {
	r := Report{Name: name}
	if tag, err := tagFromName(name); err == nil {
		r.Lang = tag.String()
	}
	src, err := english()
	if err != nil {
		r.Err = err
		return r
	}
	f, err := parseFile(name, data)
	if err != nil {
		r.Err = err
		return r
	}
	r.Messages = len(f.messages)
	r.Source = len(src)
	for _, id := range sortedKeys(f.messages) {
		if _, ok := src[id]; !ok {
			r.Unknown = append(r.Unknown, id)
		}
	}
	for _, id := range sortedKeys(src) {
		m, ok := f.messages[id]
		if !ok || len(forms(m)) == 0 || !isPlural(src[id]) && m.Other == "" {
			r.Missing = append(r.Missing, id)
		}
	}
	r.Problems = analyze(f, src, true)
	return r
}
