package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/safehouse-app/safehouse/locales"
	"golang.org/x/text/language"
)

// sourceName is the embedded English source file.
const sourceName = "en.toml"

// english is the parsed English source, keyed by message ID.
var english = sync.OnceValues(func() (map[string]*goi18n.Message, error) {
	data, err := locales.FS.ReadFile(sourceName)
	if err != nil {
		return nil, fmt.Errorf("failed to read the English source: %w", err)
	}
	_, msgs, err := validate(sourceName, data, nil)
	if err != nil {
		return nil, fmt.Errorf("invalid English source: %w", err)
	}
	src := make(map[string]*goi18n.Message, len(msgs))
	for _, m := range msgs {
		src[m.ID] = m
	}
	return src, nil
})

// Source is an external translation file given to [New].
type Source struct {
	// Name is the file's name or path. Its base name gives the language,
	// for example "fr.toml".
	Name string
	// Data is the file's content. When Data is nil, the file at Name is read.
	Data []byte
}

// Translator looks up translated messages. It is safe for concurrent use.
type Translator struct {
	source map[string]*goi18n.Message // English source, read-only

	mu     sync.RWMutex
	bundle *goi18n.Bundle
	want   language.Tag      // the language asked for
	tag    language.Tag      // the best available match for want
	loc    *goi18n.Localizer // for tag
	enLoc  *goi18n.Localizer // English, for messages tag lacks a form of

	missMu  sync.Mutex
	missing map[string]bool
}

// New returns a Translator for lang, a BCP 47 tag such as "fr" or "pt-BR"
// ("" means English), with the embedded translations and then each extra
// source loaded over them in order. When lang is not available, the closest
// available language is used, or English.
//
// A rejected extra source never makes New fail: New then returns a working
// Translator together with an error that joins one [*FileError] per
// rejected source. New returns a nil Translator only when the embedded
// English source itself is broken, which tests catch before release.
func New(lang string, extra ...Source) (*Translator, error) {
	src, err := english()
	if err != nil {
		return nil, err
	}
	want := language.English
	if lang != "" {
		if t, err := language.Parse(lang); err == nil && t != language.Und {
			want = t
		}
	}
	t := &Translator{
		source:  src,
		bundle:  goi18n.NewBundle(language.English),
		want:    want,
		missing: map[string]bool{},
	}
	var errs []error
	// English first, so it is the bundle's default and first tag.
	names, _ := fs.Glob(locales.FS, "*.toml")
	sort.Slice(names, func(i, j int) bool { return names[i] == sourceName || (names[j] != sourceName && names[i] < names[j]) })
	for _, n := range names {
		data, err := locales.FS.ReadFile(n)
		if err == nil {
			err = t.load(n, data)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("embedded translation rejected: %w", err))
		}
	}
	// The pseudo-locale, made from the English source; external files
	// named en-XA.toml may still override it.
	if err := t.bundle.AddMessages(pseudoTag, pseudoMessages()...); err != nil {
		errs = append(errs, fmt.Errorf("pseudo-locale: %w", err))
	}
	for _, s := range extra {
		if s.Data == nil {
			errs = append(errs, t.LoadFile(s.Name))
		} else {
			errs = append(errs, t.LoadBytes(s.Name, s.Data))
		}
	}
	t.mu.Lock()
	t.rematch()
	t.mu.Unlock()
	return t, errors.Join(errs...)
}

// LoadFile loads an external translation file over the current messages;
// see [Translator.LoadBytes].
func (t *Translator) LoadFile(path string) error {
	data, err := readLimited(path)
	if err != nil {
		return err
	}
	return t.LoadBytes(path, data)
}

// LoadBytes loads an external translation file named name (which gives its
// language, as in "fr.toml") whose content is data. Its messages replace
// those already loaded for that language, ID by ID; messages it lacks keep
// their current text or fall back to English. The file is checked first and
// rejected as a whole with a [*FileError] if anything in it is broken, in
// which case the Translator is unchanged.
//
// If the file adds the language the Translator was asked for, the
// Translator switches to it.
func (t *Translator) LoadBytes(name string, data []byte) error {
	if err := t.load(name, data); err != nil {
		return err
	}
	t.mu.Lock()
	t.rematch()
	t.mu.Unlock()
	return nil
}

func (t *Translator) load(name string, data []byte) error {
	f, msgs, err := validate(name, data, t.source)
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.bundle.AddMessages(f.tag, msgs...); err != nil {
		return &FileError{Name: name, Err: fmt.Errorf("%w: %v", ErrFileName, err)}
	}
	return nil
}

// rematch picks the available language closest to t.want. t.mu must be held.
// The pseudo-locale is picked only when asked for by its exact tag, never
// as the closest match for a real English variant.
func (t *Translator) rematch() {
	var tags []language.Tag
	for _, tag := range t.bundle.LanguageTags() {
		if tag != pseudoTag || t.want == pseudoTag {
			tags = append(tags, tag)
		}
	}
	_, i, conf := language.NewMatcher(tags).Match(t.want)
	t.tag = language.English
	if conf != language.No {
		t.tag = tags[i]
	}
	t.loc = goi18n.NewLocalizer(t.bundle, t.tag.String())
	t.enLoc = goi18n.NewLocalizer(t.bundle, "en")
}

// Lang returns the BCP 47 tag of the language in use, which is the one
// asked for or the closest available one.
func (t *Translator) Lang() string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.tag.String()
}

// Available returns the languages with at least one loaded message, sorted
// by tag, each with its native name, and last the [PseudoLocale] named
// [PseudoName].
func (t *Translator) Available() []Locale {
	t.mu.RLock()
	tags := append([]language.Tag(nil), t.bundle.LanguageTags()...)
	t.mu.RUnlock()
	out := make([]Locale, 0, len(tags))
	for _, tag := range tags {
		out = append(out, newLocale(tag))
	}
	sortLocales(out)
	return out
}

// T returns the message id translated into the current language, falling
// back to English and then to id itself. args fill its placeholders, either
// as name/value pairs (T("save.failed", "Reason", why)) or as one
// map[string]any. Pairs whose name is not a string, and a trailing name
// without a value, are ignored. Integer values are shown as
// [Translator.Number] formats them.
func (t *Translator) T(id string, args ...any) string {
	return t.localize(id, t.localNumbers(templateData(args)), nil)
}

// N returns the plural message id in the form that fits count in the
// current language. count is also available to the text as {{.Count}}.
// args are as for [Translator.T].
func (t *Translator) N(id string, count int, args ...any) string {
	data := t.localNumbers(templateData(args))
	data["Count"] = t.Number(count)
	data["PluralCount"] = count
	return t.localize(id, data, count)
}

func (t *Translator) localize(id string, data map[string]any, count any) string {
	// The localizers read the bundle, which LoadBytes writes to.
	t.mu.RLock()
	defer t.mu.RUnlock()
	loc, enLoc := t.loc, t.enLoc
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if count != nil {
		cfg.PluralCount = count
	}
	// An error with a non-empty text means the English fallback was used:
	// that is expected for partial translations.
	msg, err := loc.Localize(cfg)
	if err != nil && msg == "" && loc != enLoc {
		// The translation lacks the needed plural form and "other".
		msg, err = enLoc.Localize(cfg)
	}
	if err != nil && msg == "" {
		t.missMu.Lock()
		t.missing[id] = true
		t.missMu.Unlock()
		return id
	}
	return msg
}

func templateData(args []any) map[string]any {
	data := make(map[string]any, len(args)/2+2)
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			for k, v := range m {
				data[k] = v
			}
			return data
		}
	}
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = args[i+1]
		}
	}
	return data
}

// Has reports whether the English source defines the message id.
func (t *Translator) Has(id string) bool {
	_, ok := t.source[id]
	return ok
}

// Missing returns, sorted, the IDs looked up so far that exist in no
// loaded language, not even English. Tests use it to catch typos in IDs.
func (t *Translator) Missing() []string {
	t.missMu.Lock()
	defer t.missMu.Unlock()
	return sortedKeys(t.missing)
}
