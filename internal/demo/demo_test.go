package demo

import (
	"context"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/store"
)

func TestPopulate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		scale Scale
	}{{"small", ScaleSmall}, {"typical", ScaleTypical}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := store.New()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			start := time.Now()
			if err := Populate(ctx, s, tc.scale, 42); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v", tc.name, time.Since(start))
			c, err := s.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if c.Contacts != tc.scale.Contacts || c.Events != tc.scale.Events || c.Tasks != tc.scale.Events*tc.scale.TasksPerEvent {
				t.Fatalf("counts %+v for scale %+v", c, tc.scale)
			}
			if err := s.IntegrityCheck(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	names := func(seed int64) []string {
		s, err := store.New()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := Populate(ctx, s, ScaleSmall, seed); err != nil {
			t.Fatal(err)
		}
		list, err := s.Contacts().List(ctx, store.ContactFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.Name+"|"+c.Country+"|"+string(c.Stage))
		}
		return out
	}
	a, b, c := names(7), names(7), names(8)
	if len(a) != ScaleSmall.Contacts {
		t.Fatal(len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("seed 7 differs at %d: %q vs %q", i, a[i], b[i])
		}
	}
	same := true
	for i := range a {
		same = same && a[i] == c[i]
	}
	if same {
		t.Fatal("different seeds gave the same data")
	}
}
