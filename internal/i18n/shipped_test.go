package i18n

import (
	"io/fs"
	"testing"

	"github.com/safehouse-app/safehouse/locales"
)

// TestShippedLocales checks every translation that ships in the binary:
// it must load (syntax, placeholders, templates) and must not contain
// messages the English source does not have. Missing messages fall back to
// English and are listed in the test log.
func TestShippedLocales(t *testing.T) {
	names, err := fs.Glob(locales.FS, "*.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if name == sourceName {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := locales.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			r := Check(data, name)
			if !r.Loadable() {
				t.Fatalf("%s cannot be loaded:\n%s", name, r)
			}
			if len(r.Unknown) > 0 {
				t.Errorf("%s has messages English does not have: %v", name, r.Unknown)
			}
			for _, p := range r.Problems {
				t.Errorf("%s", p.Detail)
			}
			if len(r.Missing) > 0 {
				t.Logf("%s: %d of %d messages not translated yet (English is shown)", name, len(r.Missing), r.Messages+len(r.Missing))
			}
			tr, err := New(r.Lang)
			if err != nil {
				t.Fatalf("New(%q): %v", r.Lang, err)
			}
			if tr.Lang() != r.Lang {
				t.Errorf("New(%q) picked %q", r.Lang, tr.Lang())
			}
		})
	}
}
