package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/campaign"
)

const sampleTemplate = `id = "street-stall"
version = 1
title = "Street stall"
kind = "public"

[[tasks]]
title = "Ask for a permit"
offset_days = -14
`

func TestTemplatesRepository(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var list []*campaign.Record
	before := s.Changes()
	for _, bad := range []campaign.Record{
		{Name: "", Body: sampleTemplate},
		{Name: "Broken", Body: "id = "},
		{Name: "Unknown key", Body: sampleTemplate + "colour = 1\n"},
	} {
		if err := s.Templates().Add(ctx, &bad); !errors.Is(err, campaign.ErrInvalid) {
			t.Errorf("Add(%q) = %v, want ErrInvalid", bad.Name, err)
		}
	}
	if s.Changes() != before {
		t.Fatal("a refused template changed the database")
	}
	b := &campaign.Record{Name: "  Street stall ", Body: sampleTemplate}
	a := &campaign.Record{Name: "a workshop", Body: sampleTemplate}
	for _, r := range []*campaign.Record{b, a} {
		if err := s.Templates().Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if b.ID == "" || b.Version != 1 || b.Name != "Street stall" || b.Created.IsZero() {
		t.Fatalf("stored %+v", b)
	}
	list, err = s.Templates().List(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "a workshop" || list[1].Name != "Street stall" {
		t.Fatalf("List = %v, %v", list, err)
	}
	got, err := s.Templates().Get(ctx, b.ID)
	if err != nil || *got != *b {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, b)
	}
	full, err := s.Templates().Resolve(ctx, b.ID[:8])
	if err != nil || full != b.ID {
		t.Fatalf("Resolve = %q, %v", full, err)
	}
	if _, err := s.Templates().Resolve(ctx, "abc"); !errors.Is(err, ErrPrefixTooShort) {
		t.Errorf("short prefix: %v", err)
	}
	if err := s.Templates().Delete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Templates().Get(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after delete: %v", err)
	}
	if err := s.Templates().Delete(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	// Inside a transaction, a failure rolls the template back too.
	err = s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Templates().Add(ctx, &campaign.Record{Name: "In tx", Body: sampleTemplate}); err != nil {
			return err
		}
		return errors.New("stop")
	})
	if err == nil {
		t.Fatal("no error")
	}
	if list, _ := s.Templates().List(ctx); len(list) != 1 {
		t.Fatalf("%d templates after rollback", len(list))
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Fatal(err)
	}
}

// A vault written with schema 1 opens, gains the templates table and
// keeps its data.
func TestMigrateV1ToV2(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	v1, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer v1.Close()
	tx, err := v1.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := migrations[0](ctx, tx); err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		"PRAGMA user_version = 1",
		"INSERT INTO events(id, created, updated, title, kind, start_at, status) VALUES ('e1', 0, 0, 'Old event', 'meeting', 0, 'planned')",
	}
	for _, q := range stmts {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	img, err := v1.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(img)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.UserVersion(ctx); v != SchemaVersion {
		t.Fatalf("user_version %d after migration", v)
	}
	if e, err := s.Events().Get(ctx, "e1"); err != nil || e.Title != "Old event" {
		t.Fatalf("old event: %v %v", e, err)
	}
	if err := s.Templates().Add(ctx, &campaign.Record{Name: "New", Body: sampleTemplate}); err != nil {
		t.Fatal(fmt.Errorf("add after migration: %w", err))
	}
}

// Update replaces a saved template's name and body in place: same ID and
// creation time, a new version. A bad body or a missing ID changes
// nothing.
func TestTemplatesUpdate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := &campaign.Record{Name: "Street stall", Body: sampleTemplate}
	if err := s.Templates().Add(ctx, rec); err != nil {
		t.Fatal(err)
	}
	before := s.Changes()
	for _, bad := range []campaign.Record{
		{ID: rec.ID, Name: "Broken", Body: "id = "},
		{ID: rec.ID, Name: "", Body: sampleTemplate},
	} {
		if err := s.Templates().Update(ctx, &bad); !errors.Is(err, campaign.ErrInvalid) {
			t.Errorf("Update(%q) = %v, want ErrInvalid", bad.Name, err)
		}
	}
	if err := s.Templates().Update(ctx, &campaign.Record{ID: "nope", Name: "X", Body: sampleTemplate}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Update of a missing ID = %v", err)
	}
	if s.Changes() != before {
		t.Fatal("a refused update changed the database")
	}
	body := strings.Replace(sampleTemplate, `title = "Street stall"`, `title = "Street stall, second try"`, 1)
	upd := &campaign.Record{ID: rec.ID, Name: "Street stall, second try", Body: body}
	if err := s.Templates().Update(ctx, upd); err != nil {
		t.Fatal(err)
	}
	got, err := s.Templates().Get(ctx, rec.ID)
	if err != nil || got.Version != 2 || got.Name != upd.Name || got.Body != body || !got.Created.Equal(rec.Created) || *got != *upd {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, upd)
	}
	if list, _ := s.Templates().List(ctx); len(list) != 1 {
		t.Fatalf("%d templates after update", len(list))
	}
}
