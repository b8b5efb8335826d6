package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/store"
)

func TestDraftsPutListDelete(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	d := s.Drafts()
	if got, err := d.List(ctx); err != nil || len(got) != 0 {
		t.Fatalf("List on a new vault = %v, %v", got, err)
	}
	if err := d.Put(ctx, "contact:new", []byte(`{"name":"Amina"}`)); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "contact:new", []byte(`{"name":"Amina K."}`)); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "event:1", []byte(`{"title":"Panel"}`)); err != nil {
		t.Fatal(err)
	}
	got, err := d.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("List = %d drafts, want 2 (Put replaces)", len(got))
	}
	byKey := map[string]string{}
	for _, g := range got {
		byKey[g.Key] = string(g.Data)
		if g.Saved.IsZero() {
			t.Errorf("draft %s has no saved time", g.Key)
		}
	}
	if byKey["contact:new"] != `{"name":"Amina K."}` || byKey["event:1"] != `{"title":"Panel"}` {
		t.Fatalf("drafts = %v", byKey)
	}

	before := s.Changes()
	if err := d.Delete(ctx, "missing"); err != nil {
		t.Fatal(err)
	}
	if s.Changes() != before {
		t.Error("deleting a missing draft counted as a change")
	}
	if err := d.Delete(ctx, "contact:new"); err != nil {
		t.Fatal(err)
	}
	if s.Changes() == before {
		t.Error("deleting a draft did not count as a change")
	}
	got, _ = d.List(ctx)
	if len(got) != 1 || got[0].Key != "event:1" {
		t.Fatalf("after Delete: %v", got)
	}
}

func TestDraftsSurviveSerialize(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if err := s.Drafts().Put(ctx, "event:new", []byte(`{"title":"Kept"}`)); err != nil {
		t.Fatal(err)
	}
	img, err := s.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := store.Load(img)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Drafts().List(ctx)
	if err != nil || len(got) != 1 || string(got[0].Data) != `{"title":"Kept"}` {
		t.Fatalf("after reload: %v, %v", got, err)
	}
}

func TestDraftsRefuseHuge(t *testing.T) {
	s := newStore(t)
	err := s.Drafts().Put(context.Background(), "k", []byte(strings.Repeat("x", store.MaxDraftSize+1)))
	if !errors.Is(err, store.ErrDraftTooLarge) {
		t.Fatalf("Put(huge) = %v, want ErrDraftTooLarge", err)
	}
}
