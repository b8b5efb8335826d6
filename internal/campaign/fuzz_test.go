package campaign

import (
	"reflect"
	"testing"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/date"
)

// FuzzParse checks that Parse never panics, and that whatever it accepts
// encodes to TOML that parses back to an equal template and instantiates
// without error. Seeds: testdata/fuzz/FuzzParse and the shipped templates.
func FuzzParse(f *testing.F) {
	entries, _ := assets.Templates.ReadDir("templates/en")
	for _, e := range entries {
		data, err := assets.Templates.ReadFile("templates/en/" + e.Name())
		if err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := Parse("fuzz", data)
		if err != nil {
			return
		}
		out, err := Encode(tp)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := Parse("fuzz", out)
		if err != nil {
			t.Fatalf("re-parse of encoded template: %v\n%s", err, out)
		}
		a, b := *tp, *back
		a.lines, b.lines = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round trip changed the template:\n%s", out)
		}
		if _, _, err := Instantiate(tp, date.New(2027, 10, 21), "Europe/Berlin"); err != nil {
			t.Fatalf("Instantiate of a parsed template: %v", err)
		}
		_ = Lint(tp)
	})
}
