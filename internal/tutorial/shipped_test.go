package tutorial_test

import (
	"testing"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// series are the four built-in tutorials of the advocacy series.
var series = []string{"building-a-movement", "make-the-switch", "shifting-public-opinion", "advocating-safely"}

// TestShippedTutorials lints every tutorial embedded in the binary: any
// problem fails the build. It also checks that the four-part series is
// there in English, each part 1,500 to 3,000 words.
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
	for _, id := range series {
		d := en[id]
		if d == nil {
			t.Errorf("missing series tutorial tutorials/en/%s.md", id)
			continue
		}
		if n := d.Words(); n < 1500 || n > 3000 {
			t.Errorf("%s: %d words, want 1,500 to 3,000", d.Name, n)
		}
		if len(d.Items) == 0 {
			t.Errorf("%s: no checklist items", d.Name)
		}
	}
}
