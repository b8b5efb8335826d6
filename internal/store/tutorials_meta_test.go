package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// The optional front matter of a tutorial round-trips through Add/Get,
// Update, Put, List and an image.
func TestTutorialMetaRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tu := tutorial.Tutorial{Slug: "meta", Title: "Meta", Body: "x", Level: tutorial.LevelIntermediate, Minutes: 15,
		Tags: []string{"security", "phones"}, Objectives: []int{2, 5}, Series: "staying-safe", Part: 4, Reviewed: "2026-12-07"}
	if err := s.Tutorials().Add(ctx, &tu); err != nil {
		t.Fatal(err)
	}
	same := func(what string, got *tutorial.Tutorial, want tutorial.Tutorial) {
		t.Helper()
		if got.Level != want.Level || got.Minutes != want.Minutes || !reflect.DeepEqual(got.Tags, want.Tags) ||
			!reflect.DeepEqual(got.Objectives, want.Objectives) || got.Series != want.Series || got.Part != want.Part ||
			got.Reviewed != want.Reviewed {
			t.Fatalf("%s: %+v, want %+v", what, got, want)
		}
	}
	got, err := s.Tutorials().Get(ctx, tu.ID)
	if err != nil {
		t.Fatal(err)
	}
	same("Get", got, tu)
	got, err = s.Tutorials().GetBySlug(ctx, "meta", "en")
	if err != nil {
		t.Fatal(err)
	}
	same("GetBySlug", got, tu)

	img, err := s.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Load(img)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	list, err := s2.Tutorials().List(ctx, "")
	if err != nil || len(list) != 1 {
		t.Fatalf("List after Load: %v %v", list, err)
	}
	same("Load", list[0], tu)

	// Update can clear them; Put sets them back.
	cleared := *list[0]
	cleared.Level, cleared.Minutes, cleared.Tags, cleared.Objectives = "", 0, nil, nil
	cleared.Series, cleared.Part, cleared.Reviewed = "", 0, ""
	if err := s2.Tutorials().Update(ctx, &cleared); err != nil {
		t.Fatal(err)
	}
	if got, _ = s2.Tutorials().Get(ctx, tu.ID); got == nil {
		t.Fatal("gone")
	}
	same("Update", got, tutorial.Tutorial{})
	var meta string
	if err := s2.db.QueryRow("SELECT meta FROM tutorials WHERE id = ?", tu.ID).Scan(&meta); err != nil || meta != "{}" {
		t.Fatalf("stored meta %q %v", meta, err)
	}
	put := tu
	put.Version = got.Version + 1
	if err := s2.Tutorials().Put(ctx, &put); err != nil {
		t.Fatal(err)
	}
	got, _ = s2.Tutorials().Get(ctx, tu.ID)
	same("Put", got, tu)

	// Invalid values are refused.
	bad := tutorial.Tutorial{Slug: "bad", Title: "Bad", Level: "expert", Minutes: 601}
	if err := s2.Tutorials().Add(ctx, &bad); err == nil {
		t.Fatal("invalid level and minutes accepted")
	}
}

// A vault written with schema 3 opens, gains the meta column and its
// tutorials have no level, minutes, tags or objectives.
func TestMigrateV3ToV4(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	v3, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer v3.Close()
	tx, err := v3.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:3] {
		if err := m(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	stmts := []string{
		"PRAGMA user_version = 3",
		`INSERT INTO tutorials(id, created, updated, slug, language, title, body, source)
			VALUES ('t1', 0, 0, 'old', 'en', 'Old tutorial', 'text', 'custom')`,
	}
	for _, q := range stmts {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	img, err := v3.Serialize()
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
	got, err := s.Tutorials().Get(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Old tutorial" || got.Level != "" || got.Minutes != 0 || got.Tags != nil || got.Objectives != nil {
		t.Fatalf("migrated tutorial %+v", got)
	}
	got.Level = tutorial.LevelBeginner
	if err := s.Tutorials().Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Tutorials().Get(ctx, "t1"); got == nil || got.Level != tutorial.LevelBeginner {
		t.Fatalf("after update %+v", got)
	}
}
