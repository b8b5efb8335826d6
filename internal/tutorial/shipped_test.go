package tutorial_test

import (
	"slices"
	"testing"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// series are the four built-in tutorials of the advocacy series, in order.
var series = []string{"building-a-movement", "make-the-switch", "shifting-public-opinion", "advocating-safely"}

// stayingSafe are the seven lessons of the Staying safe series, in order.
var stayingSafe = []string{"phishing-and-account-takeover", "harden-your-messenger", "when-apps-are-blocked",
	"borders-and-device-seizure", "digital-first-aid", "harassment-and-doxxing", "keeping-your-vault-safe"}

// TestShippedTutorials lints every tutorial embedded in the binary: any
// problem fails the build. It also checks that the four-part advocacy
// series is there in English, each part 1,500 to 3,000 words, and the
// seven Staying safe lessons, each 900 to 1,600 words with a "What you
// will learn" list, a beginner and an advanced level, a checklist and a
// reviewed date.
func TestShippedTutorials(t *testing.T) {
	t.Parallel()
	docs, err := tutorial.LoadBuiltin(assets.Tutorials)
	if err != nil {
		t.Errorf("loading built-in tutorials:\n%v", err)
	}
	for _, p := range tutorial.Lint(docs) {
		t.Errorf("%s", p)
	}
	en := map[string]*tutorial.Document{}
	for _, d := range docs {
		t.Logf("%s: %d words, %d checklist items", d.Name, d.Words(), len(d.Items))
		if d.Meta.Language == "en" {
			en[d.Meta.ID] = d
		}
	}
	check := func(id, wantSeries string, part, minWords, maxWords int) *tutorial.Document {
		t.Helper()
		d := en[id]
		if d == nil {
			t.Errorf("missing series tutorial tutorials/en/%s.md", id)
			return nil
		}
		if n := d.Words(); n < minWords || n > maxWords {
			t.Errorf("%s: %d words, want %d to %d", d.Name, n, minWords, maxWords)
		}
		if len(d.Items) == 0 {
			t.Errorf("%s: no checklist items", d.Name)
		}
		if d.Meta.Series != wantSeries || d.Meta.Part != part || d.Meta.Reviewed == "" {
			t.Errorf("%s: series %q part %d reviewed %q, want series %q part %d and a reviewed date",
				d.Name, d.Meta.Series, d.Meta.Part, d.Meta.Reviewed, wantSeries, part)
		}
		return d
	}
	for i, id := range series {
		check(id, "advocacy", i+1, 1500, 3000)
	}
	for i, id := range stayingSafe {
		d := check(id, "staying-safe", i+1, 900, 1600)
		if d == nil {
			continue
		}
		var markers []string
		for _, s := range tutorial.Sections(d.Body) {
			markers = append(markers, s.Marker)
		}
		for _, m := range tutorial.Markers {
			if !slices.Contains(markers, m) {
				t.Errorf("%s: no {.%s} section", d.Name, m)
			}
		}
		if d.Meta.Reviewed != "2026-12-07" {
			t.Errorf("%s: reviewed %s, want 2026-12-07", d.Name, d.Meta.Reviewed)
		}
	}
}
