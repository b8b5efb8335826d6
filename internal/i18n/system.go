package i18n

import (
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/locales"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Locale is a language the interface can be shown in.
type Locale struct {
	// Tag is the BCP 47 language tag, for example "en" or "pt-BR".
	Tag string
	// Name is the language's name in that language, for example "Français".
	Name string
}

func newLocale(tag language.Tag) Locale {
	if tag == pseudoTag {
		return Locale{Tag: PseudoLocale, Name: PseudoName}
	}
	name := display.Self.Name(tag)
	if name == "" {
		name = tag.String()
	}
	// Language pickers list names with an initial capital ("Français").
	r, size := utf8.DecodeRuneInString(name)
	name = string(unicode.ToTitle(r)) + name[size:]
	return Locale{Tag: tag.String(), Name: name}
}

// sortLocales sorts ls by tag, the pseudo-locale last.
func sortLocales(ls []Locale) {
	sort.Slice(ls, func(i, j int) bool {
		a, b := ls[i].Tag == PseudoLocale, ls[j].Tag == PseudoLocale
		if a != b {
			return b
		}
		return ls[i].Tag < ls[j].Tag
	})
}

// embeddedTags lists the languages of the embedded locale files, English
// first.
var embeddedTags = sync.OnceValue(func() []language.Tag {
	tags := []language.Tag{language.English}
	names, _ := fs.Glob(locales.FS, "*.toml")
	for _, n := range names {
		tag, err := tagFromName(n)
		if err != nil || tag == language.English {
			continue
		}
		tags = append(tags, tag)
	}
	return tags
})

// MatchSystem returns the tag of the embedded locale that best fits a POSIX
// locale setting such as the LANG or LANGUAGE environment variable:
// "fr_FR.UTF-8", "pt_BR", "sr_RS@latin" or a colon-separated preference
// list like "de:fr". It returns "en" for "", "C", "POSIX" and for languages
// Safehouse is not translated into. "en_XA" selects the [PseudoLocale].
func MatchSystem(envLang string) string {
	return matchPOSIX(envLang, embeddedTags())
}

func matchPOSIX(envLang string, available []language.Tag) string {
	m := language.NewMatcher(available)
	for _, part := range strings.Split(envLang, ":") {
		tag, ok := parsePOSIX(part)
		if !ok {
			continue
		}
		if tag == pseudoTag {
			return PseudoLocale
		}
		_, i, conf := m.Match(tag)
		if conf != language.No {
			return available[i].String()
		}
	}
	return "en"
}

// parsePOSIX turns "language[_territory][.codeset][@modifier]" into a tag.
func parsePOSIX(s string) (language.Tag, bool) {
	s = strings.TrimSpace(s)
	modifier := ""
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s, modifier = s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	if s == "" || s == "C" || s == "POSIX" {
		return language.Und, false
	}
	lang, region, _ := strings.Cut(s, "_")
	switch strings.ToLower(modifier) {
	case "latin":
		lang += "-Latn"
	case "cyrillic":
		lang += "-Cyrl"
	}
	s = lang
	if region != "" {
		s += "-" + region
	}
	tag, err := language.Parse(s)
	if err != nil || tag == language.Und {
		return language.Und, false
	}
	return tag, true
}
