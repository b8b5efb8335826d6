package store_test

import (
	"context"
	"testing"

	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/store"
)

func BenchmarkSearch(b *testing.B) {
	for _, bc := range []struct {
		name  string
		scale demo.Scale
	}{{"typical", demo.ScaleTypical}, {"large", demo.ScaleLarge}} {
		b.Run(bc.name, func(b *testing.B) {
			s, err := store.New()
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if err := demo.Populate(context.Background(), s, bc.scale, 1); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				// "encryption" occurs in every event; "sig" prefix-matches
				// Signal in contacts, tasks and safety plans.
				for _, q := range []string{"encryption", "sig"} {
					hits, err := s.Search(context.Background(), q, 50)
					if err != nil || len(hits) != 50 {
						b.Fatalf("%q: %d hits, %v", q, len(hits), err)
					}
				}
			}
		})
	}
}

func BenchmarkContactList(b *testing.B) {
	s, err := store.New()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := demo.Populate(context.Background(), s, demo.ScaleLarge, 1); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("summaries-page", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.Contacts().ListSummaries(ctx, store.ContactFilter{Limit: 100, Offset: (i * 100) % 19000}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("summaries-after", func(b *testing.B) {
		var last store.ContactSummary
		for b.Loop() {
			page, err := s.Contacts().ListSummariesAfter(ctx, store.ContactFilter{Limit: 100}, last.Name, last.ID)
			if err != nil {
				b.Fatal(err)
			}
			if len(page) < 100 {
				last = store.ContactSummary{}
			} else {
				last = page[len(page)-1]
			}
		}
	})
	b.Run("summaries-all", func(b *testing.B) {
		for b.Loop() {
			if list, err := s.Contacts().ListSummaries(ctx, store.ContactFilter{}); err != nil || len(list) != 20000 {
				b.Fatal(len(list), err)
			}
		}
	})
	b.Run("short-prefix", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			q := []string{"a", "Ma", "z", "ok"}[i%4]
			if _, err := s.Contacts().ListSummaries(ctx, store.ContactFilter{Search: q, Limit: 200}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("full-page-tag", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Contacts().List(ctx, store.ContactFilter{Tag: "press", Limit: 50}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("count-country", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Contacts().Count(ctx, store.ContactFilter{Country: "KE"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("serialize", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Serialize(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRefold measures what the migration to schema 6 costs on top of
// loading a vault: folding every search document of the large demo vault
// and rebuilding the index.
func BenchmarkRefold(b *testing.B) {
	s, err := store.New()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := demo.Populate(context.Background(), s, demo.ScaleLarge, 1); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := store.RefoldForTest(s); err != nil {
			b.Fatal(err)
		}
	}
}
