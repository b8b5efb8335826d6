package ui

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/store"
)

// TestSharingResolveConflicts makes real conflicts between two vaults
// and settles them with the buttons: first "Keep mine", then "Keep
// theirs".
func TestSharingResolveConflicts(t *testing.T) {
	ctx := context.Background()
	a, b, sa, sb, bOnA, _ := pairSharing(t)
	ev := sampleEvent(t, a)
	importAtB := func(file []byte) {
		t.Helper()
		sb.openData(file, nil)
		if sb.open.importBtn.Disabled() {
			t.Fatalf("import disabled: %q", sb.open.refusalL.Text)
		}
		test.Tap(sb.open.importBtn)
	}
	importAtB(exportEvent(t, sa, bOnA))
	setPlace := func(e *scrEnv, place string) {
		t.Helper()
		got, err := e.Session.Store().Events().Get(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.Location = place
		if err := e.Session.Store().Events().Update(ctx, got); err != nil {
			t.Fatal(err)
		}
	}
	// conflict lets both change the place and imports A's change at B.
	conflict := func(mine, theirs string) store.Conflict {
		t.Helper()
		setPlace(a, theirs)
		setPlace(b, mine)
		importAtB(exportEvent(t, sa, bOnA))
		if len(sb.conflicts) != 1 || sb.conflicts[0].OriginalID != ev.ID || len(sb.conflictsBox.Objects) == 0 ||
			len(sb.open.conflicts.Objects) == 0 {
			t.Fatalf("conflicts %+v", sb.conflicts)
		}
		return sb.conflicts[0]
	}
	// resolved checks the lists emptied, the copy is gone and the event
	// at B has the place and version.
	resolved := func(c store.Conflict, place string, version int64) {
		t.Helper()
		if len(sb.conflicts) != 0 || len(sb.conflictsBox.Objects) != 0 || len(sb.open.conflicts.Objects) != 0 {
			t.Fatalf("conflict still listed: %+v", sb.conflicts)
		}
		st := b.Session.Store()
		if cs, err := st.Sync().Conflicts(ctx); err != nil || len(cs) != 0 {
			t.Fatalf("conflicts in the vault: %+v %v", cs, err)
		}
		if _, err := st.Events().Get(ctx, c.CopyID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("copy still there: %v", err)
		}
		got, err := st.Events().Get(ctx, ev.ID)
		if err != nil || got.Location != place || got.Version != version {
			t.Fatalf("event at B %+v %v, want %q v%d", got, err, place, version)
		}
	}

	c := conflict("Cafe", "Library")
	mine, _ := b.Session.Store().Events().Get(ctx, ev.ID)
	changed := b.changed
	test.Tap(findButton(t, sb.conflictsBox, "Keep mine"))
	if b.changed == changed {
		t.Error("keeping mine not reported as a change")
	}
	resolved(c, "Cafe", mine.Version)

	c = conflict("Cafe again", "Library again")
	mine, _ = b.Session.Store().Events().Get(ctx, ev.ID)
	test.Tap(findButton(t, sb.open.conflicts, "Keep theirs"))
	resolved(c, "Library again", mine.Version+1)
}
