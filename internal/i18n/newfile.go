package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/safehouse-app/safehouse/locales"
	"golang.org/x/text/language"
)

// ErrLanguage means a language tag is malformed or names a language
// without known plural rules.
var ErrLanguage = errors.New("not a language with known plural rules")

// ParseLang returns the canonical form of the language tag lang ("pt_BR"
// gives "pt-BR"), or an error wrapping [ErrLanguage] when it is malformed
// or names a language without known plural rules. Dari ("prs") is written
// "fa-AF" and Kurmanji ("kmr") "ku", as CLDR does. A file for the language
// is named after the canonical tag, as in "pt-BR.toml".
func ParseLang(lang string) (string, error) {
	tag, err := parseLang(lang)
	if err != nil {
		return "", err
	}
	return tag.String(), nil
}

// langAliases maps language codes that go-i18n has no plural rules for
// to the tag CLDR (and most software) uses for the same language.
var langAliases = map[string]string{
	"prs": "fa-AF", // Dari, Afghan Persian
	"kmr": "ku",    // Kurmanji (Northern Kurdish), CLDR's "ku"
}

func parseLang(lang string) (language.Tag, error) {
	lang = strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")
	if alias, ok := langAliases[strings.ToLower(lang)]; ok {
		lang = alias
	}
	tag, err := language.Parse(lang)
	if err != nil || tag == language.Und {
		return language.Und, fmt.Errorf("%w: %q", ErrLanguage, lang)
	}
	if _, ok := pluralForms(tag); !ok {
		return language.Und, fmt.Errorf("%w: %q", ErrLanguage, lang)
	}
	return tag, nil
}

// NewFile returns a ready-to-translate go-i18n TOML file for lang (a tag
// such as "de" or "pt-BR"), to be saved as "<lang>.toml": a header that
// tells translators in plain words what to do, then every English message
// in the order of the English source, each with its description, its
// English text and an explanation of each placeholder as comments, and one
// key per text to write: "other", or for plural messages exactly the
// plural categories lang needs by CLDR rules.
//
// Texts are pre-filled from the translation of lang shipped with Safehouse,
// or of its closest shipped language (see shippedFile), if any, then from
// each file in prev (read when its Data is nil), later
// files winning, so an older translation can be carried over to the
// current English source. Everything else is left empty (""): [Check]
// reports empty messages as missing and the app shows them in English, so
// a partly translated file is still usable.
//
// NewFile fails with an error wrapping [ErrLanguage] for an unknown
// language, or with a [*FileError] for a file in prev that cannot be read.
func NewFile(lang string, prev ...Source) ([]byte, error) {
	tag, err := parseLang(lang)
	if err != nil {
		return nil, err
	}
	srcData, err := locales.FS.ReadFile(sourceName)
	if err != nil {
		return nil, fmt.Errorf("failed to read the English source: %w", err)
	}
	src, err := english()
	if err != nil {
		return nil, err
	}
	var old []*messageFile
	if name, ok := shippedFile(tag); ok {
		data, err := locales.FS.ReadFile(name)
		if err == nil {
			if f, err := parseFile(name, data); err == nil {
				old = append(old, f)
			}
		}
	}
	for _, s := range prev {
		data := s.Data
		if data == nil {
			if data, err = readLimited(s.Name); err != nil {
				return nil, err
			}
		}
		f, err := parseFile(s.Name, data)
		if err != nil {
			return nil, err
		}
		old = append(old, f)
	}
	translated := func(id, form string) string {
		text := ""
		for _, f := range old {
			if m := f.messages[id]; m != nil {
				if t := formOf(m, form); t != "" {
					text = t
				}
			}
		}
		return text
	}

	required, _ := pluralForms(tag)
	var b strings.Builder
	writeHeader(&b, tag, required)
	lines := indexLines(srcData)
	ids := sortedKeys(src)
	sort.SliceStable(ids, func(i, j int) bool { return lines[ids[i]] < lines[ids[j]] })
	for _, id := range ids {
		m := src[id]
		b.WriteString("\n")
		writeComment(&b, "", m.Description)
		fs := forms(m)
		for _, ft := range fs {
			label := "English"
			if len(fs) > 1 {
				label += " (" + ft.form + ")"
			}
			writeComment(&b, label+": ", ft.text)
		}
		for _, p := range explainPlaceholders(m) {
			writeComment(&b, "", p)
		}
		fmt.Fprintf(&b, "[%s]\n", id)
		keys := []string{"other"}
		if isPlural(m) {
			keys = required
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "%s = %s\n", k, tomlString(translated(id, k)))
		}
	}
	return []byte(b.String()), nil
}

// shippedFile returns the name of the embedded translation of tag, or
// else of its closest shipped language: the same language in the same
// script (es for es-MX, fa for Dari's fa-AF; nothing for zh-Hant, whose
// script differs from zh-Hans).
func shippedFile(tag language.Tag) (string, bool) {
	names, _ := fs.Glob(locales.FS, "*.toml")
	for _, n := range names {
		if t, err := tagFromName(n); err == nil && t == tag {
			return n, true
		}
	}
	base, _ := tag.Base()
	script, _ := tag.Script()
	for _, n := range names {
		t, err := tagFromName(n)
		if err != nil || n == sourceName {
			continue
		}
		b, _ := t.Base()
		sc, _ := t.Script()
		if b == base && sc == script {
			return n, true
		}
	}
	return "", false
}

func formOf(m *goi18n.Message, form string) string {
	switch form {
	case "zero":
		return m.Zero
	case "one":
		return m.One
	case "two":
		return m.Two
	case "few":
		return m.Few
	case "many":
		return m.Many
	case "other":
		return m.Other
	}
	return ""
}

// writeHeader writes the instructions at the top of a new file.
func writeHeader(b *strings.Builder, tag language.Tag, required []string) {
	name := newLocale(tag).Name
	fmt.Fprintf(b, `# Safehouse translation: %s (%s)
#
# How to translate this file
#
# Open it in any plain text editor (Notepad, TextEdit in plain text mode,
# gedit...) and save it as UTF-8. Each message looks like this:
#
#     # Button that saves the current changes.       <- where the text is shown
#     # English: Save                                <- the English text
#     [common.save]                                  <- the message ID
#     other = ""                                     <- your translation
#
# Write your translation between the two quotes, for example in Spanish:
# other = "Guardar".
# Lines starting with # are notes for you; the app ignores them.
#
# Keep exactly as they are:
#   - the IDs in square brackets, like [common.save];
#   - the words before "=" (other, one, few...) and the two quotes;
#   - placeholders in double curly braces, like {{.Count}} or {{.Name}}.
#     The app puts a number, a name... in their place. Move them where your
#     grammar needs them, but never translate or change what is inside.
# To put a quote inside a text write \", for a new line write \n.
#
`, tag, name)
	fmt.Fprintf(b, "# Plural forms. Messages about a number of things (\"1 contact\", \"5 contacts\")\n")
	if len(required) == 1 {
		fmt.Fprintf(b, "# have a single form in %s: write it in \"other\".\n", tag)
	} else {
		fmt.Fprintf(b, "# have one line per form that %s uses; the app picks the right one:\n", tag)
		ex := pluralExamples(tag)
		for _, f := range required {
			fmt.Fprintf(b, "#   %-6s %s\n", f+":", ex[f])
		}
	}
	b.WriteString(`#
# You do not have to finish: a message left empty ("") is shown in English.
# Check the file with:  safehouse locale check FILE
# Then see it in the app: put it in the folder shown in Settings, or use
# Settings > "Load translation file...". docs/TRANSLATING.md explains more.
`)
}

// pluralExamples describes, for each plural category of tag, which counts
// use it, such as "1, 21, 31, 41, 51, 61..." or "numbers with decimals".
func pluralExamples(tag language.Tag) map[string]string {
	b := goi18n.NewBundle(tag)
	probe := &goi18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	out := map[string]string{}
	if err := b.AddMessages(tag, probe); err != nil {
		return out
	}
	loc := goi18n.NewLocalizer(b, tag.String())
	counts := map[string][]int{}
	for i := 0; i <= 1000; i++ {
		if s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: "probe", PluralCount: i}); err == nil && len(counts[s]) < 7 {
			counts[s] = append(counts[s], i)
		}
	}
	for _, f := range cldrOrder {
		c := counts[f]
		if len(c) == 0 {
			out[f] = "numbers with decimals, such as 1.5"
			continue
		}
		parts := make([]string, 0, len(c))
		for _, n := range c {
			parts = append(parts, strconv.Itoa(n))
		}
		s := strings.Join(parts, ", ")
		if len(c) == 7 {
			s = strings.Join(parts[:6], ", ") + "..."
		}
		if f == "other" {
			s += " (and numbers with decimals)"
		}
		out[f] = s
	}
	return out
}

// writeComment writes text as comment lines, each starting with "# " and
// the first with prefix, wrapped at about 80 columns.
func writeComment(b *strings.Builder, prefix, text string) {
	if text == "" {
		return
	}
	indent := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	first := true
	for _, para := range strings.Split(text, "\n") {
		line := ""
		flush := func() {
			p := indent
			if first {
				p = prefix
				first = false
			}
			b.WriteString(strings.TrimRight("# "+p+line, " ") + "\n")
			line = ""
		}
		for _, w := range strings.Split(para, " ") {
			if line != "" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w)+len(indent) > 76 {
				flush()
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		flush()
	}
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// explainPlaceholders returns one line per placeholder of m, such as
// "{{.Count}}: a number", in the order they first appear.
func explainPlaceholders(m *goi18n.Message) []string {
	seen := map[string]bool{}
	var out []string
	for _, ft := range forms(m) {
		names, _ := placeholders(ft.text, m.LeftDelim, m.RightDelim)
		for _, n := range names {
			if seen[n] {
				continue
			}
			seen[n] = true
			out = append(out, fmt.Sprintf("{{.%s}}: %s", n, placeholderMeaning(n, m.Description)))
		}
	}
	return out
}

// placeholderKinds explains placeholders by name, when the description
// does not say what they hold.
var placeholderKinds = map[string]string{
	"Count": "a number", "Number": "a number", "Total": "a number", "Max": "a number",
	"Min": "a number", "Limit": "a number", "Minutes": "a number of minutes",
	"Seconds": "a number of seconds", "Step": "a number", "Line": "a line number",
	"Last": "a number", "Prev": "a number", "Done": "a number",
	"Name": "a name, inserted by the app", "Names": "a list of names",
	"Title": "a title typed by the user", "Path": "a file or folder path", "Dir": "a folder path",
	"File": "a file name or path", "Date": "a date", "Version": "a version number such as 0.1.0",
	"URL": "a web address", "Fingerprint": "a key fingerprint (groups of letters and digits)",
	"Phrase": "a safety phrase (groups of digits)", "Passphrase": "a passphrase",
	"Flag":    "a command line option such as --vault; it is not translated",
	"Command": "a command such as 'contact add'; it is not translated",
	"Reason":  "an explanation, already translated", "Message": "a technical description in English",
	"Value": "what the user typed", "Arg": "what the user typed", "ID": "an ID, as typed by the user",
	"Tag": "a tag typed by users", "App": "the app name, Safehouse",
	"Allowed": "a list of allowed values; they are not translated",
	"Year":    "a year", "Month": "a month", "Day": "a day of the month", "Time": "a time of day",
	"Hour": "an hour", "Minute": "minutes of an hour", "Files": "a list of file names",
	"Stage": "a stage name, already translated", "Status": "a status word, already translated",
	"Level": "a word, already translated", "Language": "a language", "Field": "the name of a field, already translated",
}

// numberWords are placeholders that count things, such as {{.Events}}.
var numberWords = regexp.MustCompile(`^(Events|Contacts|Tasks|Tutorials|New|Changed|Conflicts|Deleted|Unchanged|Supporters|Advocates|InProgress|Others|None|Countries|PluralCount)$`)

var nextPlaceholder = regexp.MustCompile(`,\s+[A-Z][A-Za-z]*\s`)

// placeholderMeaning says what a placeholder holds: what the description
// says ("Level is one of the passphrase.strength.* words"), else what its
// name suggests, else that it must be kept.
func placeholderMeaning(name, description string) string {
	re := regexp.MustCompile(`(?:^|[\s(,;])` + regexp.QuoteMeta(name) + ` is ((?:e\.g\. |i\.e\. |[^.;]|\.\S)+)`)
	if m := re.FindStringSubmatch(description); m != nil {
		text := m[1]
		// "Name is the contact's name, Status their status word."
		if loc := nextPlaceholder.FindStringIndex(text); loc != nil {
			text = text[:loc[0]]
		}
		return strings.TrimSpace(text)
	}
	if k, ok := placeholderKinds[name]; ok {
		return k
	}
	if numberWords.MatchString(name) {
		return "a number"
	}
	return "inserted by the app, keep it exactly"
}
