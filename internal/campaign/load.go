package campaign

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/assetfs"
)

// BuiltinDir is the folder of the built-in templates in their file
// system: BuiltinDir/<language>/<id>.toml.
const BuiltinDir = "templates"

// LoadBuiltin parses every template under templates/<language>/*.toml in
// fsys (normally assets.Templates), sets its Language from the folder and
// checks that its ID matches the file name. Templates come back sorted by
// language and ID. The error, if any, is an [Errors] with every problem;
// the templates that loaded without problems are still returned.
func LoadBuiltin(fsys fs.FS) ([]*Template, error) {
	var out []*Template
	var errs Errors
	err := assetfs.Walk(fsys, BuiltinDir, ".toml", MaxSize, func(f assetfs.File) {
		switch {
		case f.Stray:
			errs = append(errs, &ParseError{Name: f.Name, Msg: "template outside templates/<language>/"})
			return
		case errors.Is(f.Err, assetfs.ErrTooLarge):
			errs = append(errs, &ParseError{Name: f.Name, Msg: f.Err.Error(), Err: ErrTooLarge})
			return
		case f.Err != nil:
			errs = append(errs, &ParseError{Name: f.Name, Msg: f.Err.Error(), Err: f.Err})
			return
		}
		t, err := Parse(f.Name, f.Data)
		if err != nil {
			var pe Errors
			if errors.As(err, &pe) {
				errs = append(errs, pe...)
			}
			return
		}
		if t.ID != f.ID {
			errs = append(errs, &ParseError{Name: f.Name, Line: t.Line("id"),
				Msg: fmt.Sprintf("id %q does not match the file name %q", t.ID, f.ID+".toml")})
			return
		}
		t.Language = f.Lang
		out = append(out, t)
	})
	if err != nil {
		return nil, fmt.Errorf("failed to read built-in templates: %w", err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Language != out[j].Language {
			return out[i].Language < out[j].Language
		}
		return out[i].ID < out[j].ID
	})
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

var builtin = sync.OnceValues(func() ([]*Template, error) { return LoadBuiltin(assets.Templates) })

// Builtin returns the templates shipped in the binary in language lang
// (a BCP 47 tag such as "fr" or "zh-Hans"), as [ForLanguage] picks them. Callers must not modify them. An error means a broken
// build; the content tests catch it before release.
func Builtin(lang string) ([]*Template, error) {
	all, err := builtin()
	if err != nil {
		return nil, err
	}
	return ForLanguage(all, lang), nil
}

// ForLanguage picks from templates of several languages one per ID: the
// one in lang if there is one, else one in the same base language ("zh"
// for "zh-Hans", "pt" for "pt-BR"), else the English one. The result is
// sorted by ID.
func ForLanguage(all []*Template, lang string) []*Template {
	base := func(tag string) string {
		b, _, _ := strings.Cut(tag, "-")
		return strings.ToLower(b)
	}
	rank := func(t *Template) int {
		switch {
		case t.Language == lang:
			return 3
		case base(t.Language) == base(lang):
			return 2
		case t.Language == "en":
			return 1
		}
		return 0
	}
	pick := map[string]*Template{}
	for _, t := range all {
		if r := rank(t); r > 0 && (pick[t.ID] == nil || r > rank(pick[t.ID])) {
			pick[t.ID] = t
		}
	}
	out := make([]*Template, 0, len(pick))
	for _, t := range pick {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Find returns the template with the given ID, or nil.
func Find(ts []*Template, id string) *Template {
	for _, t := range ts {
		if t.ID == id {
			return t
		}
	}
	return nil
}
