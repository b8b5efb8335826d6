package cli

import (
	"unicode"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/i18n"
)

// translator turns message IDs into text in the user's language. Every ID
// the CLI uses is in locales/en.toml (TestMessageSource checks).
type translator struct {
	t *i18n.Translator
}

// newTranslator picks the language from the POSIX locale variables.
func newTranslator(getenv func(string) string) *translator {
	lang := "en"
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			lang = i18n.MatchSystem(s)
			break
		}
	}
	// New only fails for a broken embedded English source, which the
	// i18n tests catch before release.
	t, _ := i18n.New(lang)
	return &translator{t: t}
}

// T translates id with args.
func (tr *translator) T(id string, args map[string]any) string {
	args = withTitleKeys(args)
	if tr.t == nil {
		return id
	}
	return tr.t.T(id, args)
}

// N translates the plural message id for count.
func (tr *translator) N(id string, count int, args map[string]any) string {
	args = withTitleKeys(args)
	if tr.t == nil {
		return id
	}
	return tr.t.N(id, count, args)
}

// lang is the BCP 47 tag of the output language.
func (tr *translator) lang() string {
	if tr.t == nil {
		return "en"
	}
	return tr.t.Lang()
}

// msg translates an [app.Message].
func (tr *translator) msg(m app.Message) string { return tr.T(m.ID, m.Args) }

// withTitleKeys adds "Max" for "max" and so on: validation errors name
// their arguments in lower case, message templates in title case.
func withTitleKeys(args map[string]any) map[string]any {
	if len(args) == 0 {
		return args
	}
	out := make(map[string]any, 2*len(args))
	for k, v := range args {
		out[k] = v
		if r, n := utf8.DecodeRuneInString(k); unicode.IsLower(r) {
			out[string(unicode.ToUpper(r))+k[n:]] = v
		}
	}
	return out
}
