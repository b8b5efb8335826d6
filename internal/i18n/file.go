package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Limits for a translation file.
const (
	// MaxFileSize is the largest translation file accepted, in bytes.
	MaxFileSize = 1 << 20
	// MaxMessages is the largest number of messages a file may hold.
	MaxMessages = 5000
)

// Reasons a translation file is rejected. A [*FileError] wraps one of them,
// so callers can test with errors.Is.
var (
	// ErrFileName means the file name does not end in ".toml" or does not
	// name a language with known plural rules.
	ErrFileName = errors.New("file name does not name a known language")
	// ErrTooLarge means the file is larger than MaxFileSize.
	ErrTooLarge = errors.New("file is larger than 1 MiB")
	// ErrInvalidUTF8 means the file is not valid UTF-8 text.
	ErrInvalidUTF8 = errors.New("file is not valid UTF-8")
	// ErrTooManyMessages means the file holds more than MaxMessages messages.
	ErrTooManyMessages = errors.New("file has more than 5000 messages")
	// ErrSyntax means the file is not valid TOML or not in go-i18n's layout.
	ErrSyntax = errors.New("syntax error")
	// ErrTemplate means a message's text has a malformed or unsupported
	// {{...}} action. Only placeholders like {{.Name}} are allowed.
	ErrTemplate = errors.New("bad placeholder")
	// ErrPlaceholder means a message uses a placeholder that the English
	// message does not provide.
	ErrPlaceholder = errors.New("unknown placeholder")
)

// FileError describes why a translation file was rejected.
type FileError struct {
	// Name is the file name or path as given.
	Name string
	// Line is the 1-based line of the problem, or 0 when unknown.
	Line int
	// ID is the message ID concerned, or "" for problems with the whole file.
	ID string
	// Err is the cause; it wraps one of the Err* sentinels.
	Err error
}

// Error returns "name:line: message "id": cause", leaving out unknown parts.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.ID != "" {
		fmt.Fprintf(&b, "message %q: ", e.ID)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// messageFile is a parsed translation file whose size, encoding, syntax and
// message count have been checked. Templates have not been checked yet.
type messageFile struct {
	name     string
	tag      language.Tag
	messages map[string]*goi18n.Message
	lines    map[string]int // dotted key or prefix -> first line it appears on
}

// line returns the line on which the message id, or its form, is defined.
func (f *messageFile) line(id, form string) int {
	if form != "" {
		if n, ok := f.lines[id+"."+form]; ok {
			return n
		}
	}
	return f.lines[id]
}

// tagFromName returns the language named by a file name such as
// "dir/pt-BR.toml" or "active.fr.toml".
func tagFromName(name string) (language.Tag, error) {
	base := filepath.Base(name)
	ext := filepath.Ext(base)
	if !strings.EqualFold(ext, ".toml") {
		return language.Und, fmt.Errorf("%w: %q does not end in .toml", ErrFileName, base)
	}
	stem := strings.TrimSuffix(base, ext)
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		stem = stem[i+1:]
	}
	tag, err := language.Parse(stem)
	if err != nil || tag == language.Und {
		return language.Und, fmt.Errorf("%w: %q is not a language tag", ErrFileName, stem)
	}
	if _, ok := pluralForms(tag); !ok {
		return language.Und, fmt.Errorf("%w: no plural rules for %q", ErrFileName, stem)
	}
	return tag, nil
}

// parseFile checks and parses one translation file.
func parseFile(name string, data []byte) (*messageFile, error) {
	fail := func(line int, err error) error {
		return &FileError{Name: name, Line: line, Err: err}
	}
	tag, err := tagFromName(name)
	if err != nil {
		return nil, fail(0, err)
	}
	if len(data) > MaxFileSize {
		return nil, fail(0, ErrTooLarge)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // editors on Windows add a BOM
	if !utf8.Valid(data) {
		return nil, fail(invalidUTF8Line(data), ErrInvalidUTF8)
	}
	if line, ok := nestingOK(data); !ok {
		return nil, fail(line, fmt.Errorf("%w: keys or values nested more than %d levels deep", ErrSyntax, maxNesting))
	}
	msgs, err := goi18n.ParseMessageBytes(data, toml.Unmarshal)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fail(perr.Position.Line, fmt.Errorf("%w: %s", ErrSyntax, perr.Message))
		}
		return nil, fail(0, fmt.Errorf("%w: %v", ErrSyntax, err))
	}
	if len(msgs) > MaxMessages {
		return nil, fail(0, ErrTooManyMessages)
	}
	f := &messageFile{
		name:     name,
		tag:      tag,
		messages: make(map[string]*goi18n.Message, len(msgs)),
		lines:    indexLines(data),
	}
	for _, m := range msgs {
		if _, dup := f.messages[m.ID]; dup {
			// ["a.b"] and [a.b] are different TOML keys but the same ID.
			lines := keyLines(data, m.ID)
			line := 0
			if len(lines) > 1 {
				line = lines[1]
			}
			return nil, &FileError{Name: name, Line: line, ID: m.ID, Err: fmt.Errorf("%w: the message is defined twice", ErrSyntax)}
		}
		f.messages[m.ID] = m
	}
	return f, nil
}

// maxNesting is the deepest nesting of tables, arrays and dotted keys a
// translation file may use. go-i18n files need two or three levels; the
// TOML parser takes quadratic time on deeply nested inline tables.
const maxNesting = 16

// nestingOK reports whether no line of a TOML file nests brackets, braces
// and dots (outside strings and comments) more than maxNesting deep, and
// otherwise the first line that does.
func nestingOK(data []byte) (line int, ok bool) {
	line = 1
	depth, dots := 0, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '\n':
			line++
			dots = 0
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case '"', '\'':
			quote := string(data[i : i+1])
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				quote = strings.Repeat(quote, 3)
			}
			i += len(quote)
			for i < len(data) && !bytes.HasPrefix(data[i:], []byte(quote)) {
				switch {
				case data[i] == '\n':
					line++
				case data[i] == '\\' && c == '"':
					i++ // skip the escaped character
					if i < len(data) && data[i] == '\n' {
						line++
					}
				}
				i++
			}
			i += len(quote) - 1
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '.':
			dots++
		}
		if depth+dots > maxNesting {
			return line, false
		}
	}
	return 0, true
}

// keyLines returns the lines on which the dotted key (a message ID) is
// defined as a table or key, whatever its quoting.
func keyLines(data []byte, key string) []int {
	var out []int
	scanKeys(data, func(k string, line int) {
		if k == key {
			out = append(out, line)
		}
	})
	return out
}

// invalidUTF8Line returns the line holding the first invalid UTF-8 byte.
func invalidUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return 0
}

// indexLines maps every dotted key (and each of its prefixes) in a TOML
// file to the first line on which it appears. It is a best-effort scan used
// only to point at lines in error messages.
func indexLines(data []byte) map[string]int {
	lines := make(map[string]int)
	scanKeys(data, func(key string, n int) {
		parts := strings.Split(key, ".")
		for i := range parts {
			k := strings.Join(parts[:i+1], ".")
			if _, ok := lines[k]; !ok {
				lines[k] = n
			}
		}
	})
	return lines
}

// scanKeys calls record with every table name and every key (prefixed
// with its table's name) of a TOML file, and the line it is on.
func scanKeys(data []byte, record func(key string, line int)) {
	table := ""
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || l[0] == '#':
		case strings.HasPrefix(l, "[[") || strings.HasPrefix(l, "["):
			end := strings.LastIndexByte(l, ']')
			if end < 0 {
				continue
			}
			table = normKey(strings.Trim(l[:end+1], "[]"))
			record(table, i+1)
		default:
			eq := strings.IndexByte(l, '=')
			if eq <= 0 {
				continue
			}
			key := normKey(l[:eq])
			if table != "" {
				key = table + "." + key
			}
			record(key, i+1)
		}
	}
}

// normKey removes quotes and blanks from a TOML key.
func normKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '"', '\'', ' ', '\t':
			return -1
		}
		return r
	}, k)
}

// forms returns a message's plural forms that have text, in CLDR order.
func forms(m *goi18n.Message) []formText {
	all := []formText{
		{"zero", m.Zero}, {"one", m.One}, {"two", m.Two},
		{"few", m.Few}, {"many", m.Many}, {"other", m.Other},
	}
	out := all[:0]
	for _, f := range all {
		if f.text != "" {
			out = append(out, f)
		}
	}
	return out
}

type formText struct {
	form, text string
}

// placeholders parses a message text and returns the names of its
// placeholders. Only plain text, comments and {{.Name}} actions are
// allowed: a translation file comes from outside and must not be able to
// run template logic (loops, printf with huge widths, and so on).
func placeholders(src, left, right string) ([]string, error) {
	tmpl, err := template.New("").Delims(left, right).Parse(src)
	if err != nil {
		// Drop text/template's "template: :1: " prefix: the line is in the file.
		msg := templateErrPrefix.ReplaceAllString(err.Error(), "")
		return nil, fmt.Errorf("%w: %s", ErrTemplate, msg)
	}
	for _, d := range tmpl.Templates() {
		if d.Name() != "" { // {{define}} hides its text and names a template
			return nil, fmt.Errorf("%w: {{define %q}} is not allowed; use placeholders like {{.Name}}", ErrTemplate, d.Name())
		}
	}
	if tmpl.Tree == nil { // empty text
		return nil, nil
	}
	var names []string
	for _, n := range tmpl.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode, *parse.CommentNode:
		case *parse.ActionNode:
			name, ok := fieldName(n)
			if !ok {
				return nil, fmt.Errorf("%w: %s is not allowed; use placeholders like {{.Name}}", ErrTemplate, n)
			}
			names = append(names, name)
		default:
			return nil, fmt.Errorf("%w: %s is not allowed; use placeholders like {{.Name}}", ErrTemplate, n)
		}
	}
	return names, nil
}

var templateErrPrefix = regexp.MustCompile(`^template: [^:]*:\d+:(\d+:)? ?`)

// fieldName returns Name for an action of the form {{.Name}}.
func fieldName(a *parse.ActionNode) (string, bool) {
	p := a.Pipe
	if p == nil || len(p.Decl) > 0 || p.IsAssign || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return "", false
	}
	f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok || len(f.Ident) != 1 {
		return "", false
	}
	return f.Ident[0], true
}

// isPlural reports whether a message has plural forms besides "other".
func isPlural(m *goi18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// pluralVars are the placeholders [Translator.N] always provides.
var pluralVars = []string{"Count", "PluralCount"}

// ProblemKind classifies a [Problem] found by [Check] or when loading a file.
type ProblemKind int

const (
	// ProblemTemplate is a malformed or unsupported {{...}} action. Fatal.
	ProblemTemplate ProblemKind = iota + 1
	// ProblemUnknownPlaceholder is a placeholder the English message does
	// not have. Fatal.
	ProblemUnknownPlaceholder
	// ProblemMissingPlaceholder is a placeholder of the English message
	// that the translation does not use.
	ProblemMissingPlaceholder
	// ProblemMissingPluralForm is a plural category of the file's language
	// (by CLDR rules) that a plural message does not translate.
	ProblemMissingPluralForm
)

// String returns a short lower-case name for the kind.
func (k ProblemKind) String() string {
	switch k {
	case ProblemTemplate:
		return "bad placeholder"
	case ProblemUnknownPlaceholder:
		return "unknown placeholder"
	case ProblemMissingPlaceholder:
		return "missing placeholder"
	case ProblemMissingPluralForm:
		return "missing plural form"
	}
	return fmt.Sprintf("problem %d", int(k))
}

// Fatal reports whether a problem of this kind makes the file unloadable.
func (k ProblemKind) Fatal() bool {
	return k == ProblemTemplate || k == ProblemUnknownPlaceholder
}

// Problem is one issue with one message of a translation file.
type Problem struct {
	Kind ProblemKind
	// ID is the message ID.
	ID string
	// Line is the 1-based line in the file, or 0 when unknown.
	Line int
	// Detail says what is wrong, in English, for translators.
	Detail string
	// Placeholder is the placeholder concerned, such as "{{.Count}}", for
	// the placeholder kinds.
	Placeholder string
	// Forms lists the missing plural forms, for ProblemMissingPluralForm.
	Forms []string
}

// String formats the problem as "line N: id: detail".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", p.Line, p.ID, p.Detail)
	}
	return fmt.Sprintf("%s: %s", p.ID, p.Detail)
}

// analyze checks every message of f against the English source (nil when
// f is the English source itself) and returns the problems found, sorted by
// line then ID. withPlurals adds missing plural form checks.
func analyze(f *messageFile, source map[string]*goi18n.Message, withPlurals bool) []Problem {
	var probs []Problem
	required, _ := pluralForms(f.tag)
	for id, m := range f.messages {
		if len(forms(m)) == 0 {
			continue // an empty message is missing, not wrong
		}
		var en *goi18n.Message
		if source != nil {
			if en = source[id]; en == nil {
				continue // unknown IDs are reported, not checked, and never loaded
			}
		}
		used := map[string]bool{}
		bad := false
		for _, ft := range forms(m) {
			names, err := placeholders(ft.text, m.LeftDelim, m.RightDelim)
			if err != nil {
				bad = true
				probs = append(probs, Problem{Kind: ProblemTemplate, ID: id, Line: f.line(id, ft.form), Detail: err.Error()})
				continue
			}
			for _, n := range names {
				used[n] = true
			}
		}
		if en == nil || bad {
			continue
		}
		want := map[string]bool{}
		for _, ft := range forms(en) {
			names, _ := placeholders(ft.text, en.LeftDelim, en.RightDelim)
			for _, n := range names {
				want[n] = true
			}
		}
		allowed := maps(want)
		if isPlural(en) {
			for _, v := range pluralVars {
				allowed[v] = true
			}
		}
		for _, n := range sortedKeys(used) {
			if !allowed[n] {
				probs = append(probs, Problem{Kind: ProblemUnknownPlaceholder, ID: id, Line: f.line(id, ""),
					Detail:      fmt.Sprintf("%v: {{.%s}} is not in the English text %s", ErrPlaceholder, n, placeholderList(want)),
					Placeholder: "{{." + n + "}}"})
			}
		}
		for _, n := range sortedKeys(want) {
			if !used[n] {
				probs = append(probs, Problem{Kind: ProblemMissingPlaceholder, ID: id, Line: f.line(id, ""),
					Detail:      fmt.Sprintf("{{.%s}} from the English text is not used", n),
					Placeholder: "{{." + n + "}}"})
			}
		}
		if withPlurals && isPlural(en) && len(forms(m)) > 0 {
			var missing []string
			for _, form := range required {
				if !hasForm(m, form) {
					missing = append(missing, form)
				}
			}
			if len(missing) > 0 {
				probs = append(probs, Problem{Kind: ProblemMissingPluralForm, ID: id, Line: f.line(id, ""),
					Detail: fmt.Sprintf("%s needs the plural forms %s; missing %s",
						f.tag, strings.Join(required, ", "), strings.Join(missing, ", ")),
					Forms: missing})
			}
		}
	}
	sort.Slice(probs, func(i, j int) bool {
		a, b := probs[i], probs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Kind < b.Kind
	})
	return probs
}

func maps(m map[string]bool) map[string]bool {
	c := make(map[string]bool, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func placeholderList(set map[string]bool) string {
	if len(set) == 0 {
		return "(it has none)"
	}
	var parts []string
	for _, n := range sortedKeys(set) {
		parts = append(parts, "{{."+n+"}}")
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func hasForm(m *goi18n.Message, form string) bool {
	switch form {
	case "zero":
		return m.Zero != ""
	case "one":
		return m.One != ""
	case "two":
		return m.Two != ""
	case "few":
		return m.Few != ""
	case "many":
		return m.Many != ""
	case "other":
		return m.Other != ""
	}
	return false
}

// validate parses a file and checks it for fatal problems. On success it
// returns the messages to load: those with text whose ID is in source (all
// of them when source is nil).
func validate(name string, data []byte, source map[string]*goi18n.Message) (*messageFile, []*goi18n.Message, error) {
	f, err := parseFile(name, data)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range analyze(f, source, false) {
		if p.Kind.Fatal() {
			cause := ErrTemplate
			if p.Kind == ProblemUnknownPlaceholder {
				cause = ErrPlaceholder
			}
			detail := strings.TrimPrefix(p.Detail, cause.Error()+": ")
			return nil, nil, &FileError{Name: name, Line: p.Line, ID: p.ID, Err: fmt.Errorf("%w: %s", cause, detail)}
		}
	}
	var load []*goi18n.Message
	for _, id := range sortedKeys(f.messages) {
		m := f.messages[id]
		if len(forms(m)) == 0 {
			continue
		}
		if source != nil && source[id] == nil {
			continue
		}
		load = append(load, m)
	}
	return f, load, nil
}
