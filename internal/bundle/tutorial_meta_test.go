package bundle

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// A tutorial's level, minutes, tags and objectives travel in the payload
// and are checked like the store checks them; a tutorial without them
// encodes as before (no new keys).
func TestPayloadTutorialMeta(t *testing.T) {
	tu := &tutorial.Tutorial{ID: "6f1c1b1e-3b7a-4c2e-9f0a-1d2e3f4a5b6c", Version: 1, Slug: "timed", Language: "en",
		Title: "Timed", Body: "x", ContentVersion: 1, Source: tutorial.SourceCustom,
		Level: tutorial.LevelAdvanced, Minutes: 20, Tags: []string{"phones"}, Objectives: []int{2, 3},
		Series: "staying-safe", Part: 2, Reviewed: "2026-12-07"}
	p := &Payload{Tutorials: []*tutorial.Tutorial{tu}}
	if err := validatePayload(p); err != nil {
		t.Fatal(err)
	}
	plainJSON, compressed, err := encodePayload(p, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodePayload(compressed, int64(len(plainJSON)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tutorials) != 1 || !reflect.DeepEqual(got.Tutorials[0], tu) {
		t.Fatalf("decoded %+v, want %+v", got.Tutorials, tu)
	}

	plain := *tu
	plain.Level, plain.Minutes, plain.Tags, plain.Objectives = "", 0, nil, nil
	plain.Series, plain.Part, plain.Reviewed = "", 0, ""
	b, _, err := encodePayload(&Payload{Tutorials: []*tutorial.Tutorial{&plain}}, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"level"`, `"minutes"`, `"tags"`, `"objectives"`, `"series"`, `"part"`, `"reviewed"`} {
		if strings.Contains(string(b), k) {
			t.Errorf("payload without meta has %s: %s", k, b)
		}
	}

	for _, bad := range []func(*tutorial.Tutorial){
		func(t *tutorial.Tutorial) { t.Level = "expert" },
		func(t *tutorial.Tutorial) { t.Minutes = tutorial.MaxMinutes + 1 },
		func(t *tutorial.Tutorial) { t.Tags = []string{"a", "a"} },
		func(t *tutorial.Tutorial) { t.Objectives = []int{7} },
		func(t *tutorial.Tutorial) { t.Part = 0 },
		func(t *tutorial.Tutorial) { t.Series = "Not A Slug" },
		func(t *tutorial.Tutorial) { t.Reviewed = "2026-02-30" },
	} {
		n := *tu
		bad(&n)
		if err := validatePayload(&Payload{Tutorials: []*tutorial.Tutorial{&n}}); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v", n, err)
		}
	}
}
