package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/safehouse-app/safehouse/internal/store"
)

func TestSecrets(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Secret(ctx, "decoy-key"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing secret: %v", err)
	}
	for _, v := range []string{"first", "second"} {
		if err := s.SetSecret(ctx, "decoy-key", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Secret(ctx, "decoy-key"); err != nil || got != v {
			t.Fatalf("Secret = %q, %v; want %q", got, err, v)
		}
	}
	changes := s.Changes()
	if err := s.SetSecret(ctx, "decoy-key", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Secret(ctx, "decoy-key"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted secret: %v", err)
	}
	if s.Changes() == changes {
		t.Error("deleting a secret is not counted as a change to save")
	}
}
