package app

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

func builtinDoc(t *testing.T, id, lang string, version int, body string) *tutorial.Document {
	t.Helper()
	v := strconv.Itoa(version)
	src := "---\nid: " + id + "\nversion: " + v + "\nlanguage: " + lang +
		"\ntitle: Title v" + v + "\nsummary: Summary v" + v + "\n---\n" + body
	d, err := tutorial.Parse("tutorials/"+lang+"/"+id+".md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func newStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func syncDocs(t *testing.T, st *store.Store, docs ...*tutorial.Document) (int, int) {
	t.Helper()
	a, u, err := SyncBuiltinTutorials(context.Background(), st, docs)
	if err != nil {
		t.Fatal(err)
	}
	return a, u
}

func TestSyncBuiltinTutorialsProgressSurvivesVersionBump(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	v1 := builtinDoc(t, "make-the-switch", "en", 1, "# Switch\n- [ ] Install {#install}\n- [ ] Invite {#invite}\n- [ ] Old step {#old}\n")
	fr := builtinDoc(t, "make-the-switch", "fr", 1, "# Passer\n- [ ] Installer {#install}\n")
	if a, u := syncDocs(t, st, v1, fr); a != 2 || u != 0 {
		t.Fatalf("first sync: added %d updated %d", a, u)
	}
	got, err := st.Tutorials().GetBySlug(ctx, "make-the-switch", "en")
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != tutorial.SourceBuiltin || got.ContentVersion != 1 || got.Body != v1.Body || got.Title != "Title v1" {
		t.Fatalf("stored %+v", got)
	}
	for _, id := range []string{"install", "old"} {
		if err := st.Tutorials().SetItemDone(ctx, "make-the-switch", id, true); err != nil {
			t.Fatal(err)
		}
	}

	// Version 2 rewords "install", drops "old" and adds "measure".
	v2 := builtinDoc(t, "make-the-switch", "en", 2, "# Switch\n- [ ] Install an encrypted messenger {#install}\n- [ ] Invite {#invite}\n- [ ] Measure {#measure}\n")
	if a, u := syncDocs(t, st, v2, fr); a != 0 || u != 1 {
		t.Fatalf("second sync: added %d updated %d", a, u)
	}
	got, _ = st.Tutorials().GetBySlug(ctx, "make-the-switch", "en")
	if got.ContentVersion != 2 || got.Body != v2.Body || got.Title != "Title v2" || got.Summary != "Summary v2" || got.Source != tutorial.SourceBuiltin {
		t.Fatalf("after bump %+v", got)
	}
	progress, err := st.Tutorials().Progress(ctx, "make-the-switch")
	if err != nil {
		t.Fatal(err)
	}
	// What a reader shows: the current items with their stored ticks.
	var shown []string
	for _, it := range tutorial.ChecklistItems(got.Body) {
		if progress[it.ID] {
			shown = append(shown, it.ID)
		}
	}
	if strings.Join(shown, ",") != "install" {
		t.Errorf("ticked items shown after the bump: %v (progress %v)", shown, progress)
	}
	// The French translation shares the progress by item ID.
	frDoc, _ := st.Tutorials().GetBySlug(ctx, "make-the-switch", "fr")
	if items := tutorial.ChecklistItems(frDoc.Body); len(items) != 1 || !progress[items[0].ID] {
		t.Errorf("French items %v not ticked", items)
	}

	// An older binary (shipping v1) does not downgrade the vault.
	if a, u := syncDocs(t, st, v1); a != 0 || u != 0 {
		t.Fatalf("downgrade: added %d updated %d", a, u)
	}
}

func TestSyncBuiltinTutorialsIdempotent(t *testing.T) {
	st := newStore(t)
	docs, err := tutorial.LoadBuiltin(assets.Tutorials)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatal("no built-in tutorials")
	}
	if a, u := syncDocs(t, st, docs...); a != len(docs) || u != 0 {
		t.Fatalf("first sync: added %d updated %d", a, u)
	}
	before := st.Changes()
	if a, u := syncDocs(t, st, docs...); a != 0 || u != 0 {
		t.Fatalf("second sync: added %d updated %d", a, u)
	}
	if st.Changes() != before {
		t.Fatalf("second sync wrote to the store: changes %d -> %d", before, st.Changes())
	}
	list, _ := st.Tutorials().List(context.Background(), "")
	if len(list) != len(docs) {
		t.Fatalf("%d tutorials stored", len(list))
	}
	// The shipped tutorials are searchable like any other.
	if hits, err := st.Search(context.Background(), "encrypted", 5); err != nil || len(hits) == 0 {
		t.Errorf("search: %v %v", hits, err)
	}
}

func TestSyncBuiltinTutorialsLeavesCustomAlone(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	custom := &tutorial.Tutorial{Slug: "advocating-safely", Language: "en", Title: "My own notes", Body: "- [ ] Mine {#mine}\n", Source: tutorial.SourceCustom}
	if err := st.Tutorials().Add(ctx, custom); err != nil {
		t.Fatal(err)
	}
	imported := &tutorial.Tutorial{Slug: "other", Language: "en", Title: "Imported", Body: "x", Source: tutorial.SourceImported, ContentVersion: 1}
	if err := st.Tutorials().Add(ctx, imported); err != nil {
		t.Fatal(err)
	}
	docs := []*tutorial.Document{
		builtinDoc(t, "advocating-safely", "en", 3, "# Safe\n"),
		builtinDoc(t, "other", "en", 5, "# Other\n"),
		builtinDoc(t, "building-a-movement", "en", 1, "# Build\n"),
	}
	if a, u := syncDocs(t, st, docs...); a != 1 || u != 0 {
		t.Fatalf("sync: added %d updated %d", a, u)
	}
	for _, want := range []*tutorial.Tutorial{custom, imported} {
		got, err := st.Tutorials().Get(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != want.Title || got.Body != want.Body || got.Source != want.Source || got.Version != want.Version {
			t.Errorf("custom tutorial changed: %+v", got)
		}
	}
	before := st.Changes()
	if a, u := syncDocs(t, st, docs...); a != 0 || u != 0 || st.Changes() != before {
		t.Fatalf("second sync: added %d updated %d", a, u)
	}

	// New custom tutorials get a slug of their own.
	if err := st.Tutorials().Add(ctx, &tutorial.Tutorial{Slug: "my-notes", Language: "en", Title: "Notes", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ want, lang, got string }{
		{"advocating-safely", "en", "advocating-safely-2"}, // built-in id (and taken)
		{"building-a-movement", "de", "building-a-movement-2"},
		{"other", "en", "other-2"},
		{"other", "fr", "other-2"}, // built-in ids are reserved in every language
		{"my-notes", "en", "my-notes-2"},
		{"my-notes", "fr", "my-notes"}, // a translation of the user's own tutorial
		{"fresh", "en", "fresh"},
	} {
		got, err := CustomTutorialSlug(ctx, st, c.want, c.lang, docs)
		if err != nil || got != c.got {
			t.Errorf("CustomTutorialSlug(%q, %q) = %q, %v; want %q", c.want, c.lang, got, err, c.got)
		}
	}
	if _, err := CustomTutorialSlug(ctx, st, "Not A Slug", "en", docs); err == nil {
		t.Error("invalid slug accepted")
	}
	long := strings.Repeat("a", tutorial.MaxSlug)
	if err := st.Tutorials().Add(ctx, &tutorial.Tutorial{Slug: long, Language: "en", Title: "Long", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if got, err := CustomTutorialSlug(ctx, st, long, "en", docs); err != nil || len(got) > tutorial.MaxSlug || !tutorial.ValidSlug(got) {
		t.Errorf("long slug: %q %v", got, err)
	}
}

func TestSyncBuiltinTutorialsRejectsDuplicates(t *testing.T) {
	st := newStore(t)
	d := builtinDoc(t, "x", "en", 1, "")
	before := st.Changes()
	if _, _, err := SyncBuiltinTutorials(context.Background(), st, []*tutorial.Document{d, d}); err == nil {
		t.Fatal("duplicate accepted")
	}
	if st.Changes() != before {
		t.Fatal("wrote on error")
	}
}

func metaDoc(t *testing.T, version int, front string) *tutorial.Document {
	t.Helper()
	v := strconv.Itoa(version)
	src := "---\nid: levels\nversion: " + v + "\nlanguage: en\ntitle: Title v" + v + "\nsummary: Summary v" + v + "\n" + front + "---\n# Levels v" + v + "\n"
	d, err := tutorial.Parse("tutorials/en/levels.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Level, minutes, tags and objectives are synced with the text; a vault
// synced before they were kept gets them without a version bump, once.
func TestSyncBuiltinTutorialsMeta(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	get := func() *tutorial.Tutorial {
		t.Helper()
		got, err := st.Tutorials().GetBySlug(ctx, "levels", "en")
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// The state of a vault synced before: same version, no meta.
	if a, _ := syncDocs(t, st, metaDoc(t, 1, "")); a != 1 {
		t.Fatal("not added")
	}
	recV := get().Version
	v1 := metaDoc(t, 1, "level: beginner\nminutes: 15\ntags: [phones]\nobjectives: [2]\n")
	if a, u := syncDocs(t, st, v1); a != 0 || u != 1 {
		t.Fatalf("backfill: added %d updated %d", a, u)
	}
	got := get()
	if got.Level != tutorial.LevelBeginner || got.Minutes != 15 || len(got.Tags) != 1 || len(got.Objectives) != 1 ||
		got.ContentVersion != 1 || got.Version != recV+1 {
		t.Fatalf("after backfill %+v", got)
	}
	before := st.Changes()
	if a, u := syncDocs(t, st, v1); a != 0 || u != 0 || st.Changes() != before {
		t.Fatalf("second sync: added %d updated %d", a, u)
	}
	// A change of meta alone, at the same version, is not applied.
	if a, u := syncDocs(t, st, metaDoc(t, 1, "level: advanced\n")); a != 0 || u != 0 || st.Changes() != before {
		t.Fatalf("same-version meta change: added %d updated %d", a, u)
	}
	// A vault synced before series, part and reviewed existed gets them
	// once, without a version bump.
	v1s := metaDoc(t, 1, "level: beginner\nminutes: 15\ntags: [phones]\nobjectives: [2]\nseries: staying-safe\npart: 2\nreviewed: 2026-12-07\n")
	if a, u := syncDocs(t, st, v1s); a != 0 || u != 1 {
		t.Fatalf("series backfill: added %d updated %d", a, u)
	}
	if got := get(); got.Series != "staying-safe" || got.Part != 2 || got.Reviewed != "2026-12-07" || got.Level != tutorial.LevelBeginner {
		t.Fatalf("after series backfill %+v", got)
	}
	before = st.Changes()
	if a, u := syncDocs(t, st, v1s); a != 0 || u != 0 || st.Changes() != before {
		t.Fatalf("second series sync: added %d updated %d", a, u)
	}
	// A version bump brings the new meta, clearing what is gone.
	if a, u := syncDocs(t, st, metaDoc(t, 2, "level: advanced\n")); a != 0 || u != 1 {
		t.Fatalf("bump: added %d updated %d", a, u)
	}
	got = get()
	if got.Level != tutorial.LevelAdvanced || got.Minutes != 0 || got.Tags != nil || got.Objectives != nil || got.ContentVersion != 2 {
		t.Fatalf("after bump %+v", got)
	}
	// An older binary shipping v1 with meta changes nothing.
	before = st.Changes()
	if a, u := syncDocs(t, st, v1); a != 0 || u != 0 || st.Changes() != before {
		t.Fatalf("downgrade: added %d updated %d", a, u)
	}
	// New vaults get the meta on add.
	st2 := newStore(t)
	if _, _, err := SyncBuiltinTutorials(ctx, st2, []*tutorial.Document{v1}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st2.Tutorials().GetBySlug(ctx, "levels", "en"); got == nil || got.Minutes != 15 {
		t.Fatalf("added %+v", got)
	}
}
