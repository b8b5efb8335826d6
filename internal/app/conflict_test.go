package app

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
)

// eventConflict shares a's event (with its contact) to b, lets both
// change it (place and the participant's role), and imports a's change
// at b through Export, Inspect and ApplyImport. It returns the
// pair, the fixture and the one pending conflict at b.
func eventConflict(t *testing.T) (*pair, fixture, store.Conflict) {
	t.Helper()
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	sel := merge.Selection{Events: []string{f.eventID}, Contacts: []string{f.contactID}}
	mustImport(t, p.b, p.export(p.a, p.bInA, sel), ImportOptions{})
	change := func(s *Session, where, role string) {
		t.Helper()
		st := s.Store()
		e, err := st.Events().Get(ctx, f.eventID)
		if err != nil {
			t.Fatal(err)
		}
		e.Location = where
		if err := st.Events().Update(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := st.Participants().Set(ctx, eventParticipant(f, role)); err != nil {
			t.Fatal(err)
		}
	}
	change(p.a, "Library", "host")
	change(p.b, "Cafe", "guest")
	return p, f, importConflict(t, p, p.export(p.a, p.bInA, sel), record.Event, f.eventID)
}

// contactConflict is eventConflict for a contact (its organization).
func contactConflict(t *testing.T) (*pair, fixture, store.Conflict) {
	t.Helper()
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	sel := merge.Selection{Contacts: []string{f.contactID}}
	mustImport(t, p.b, p.export(p.a, p.bInA, sel), ImportOptions{})
	for _, x := range []struct {
		s   *Session
		org string
	}{{p.a, "Org of A"}, {p.b, "Org of B"}} {
		c, err := x.s.Store().Contacts().Get(ctx, f.contactID)
		if err != nil {
			t.Fatal(err)
		}
		c.Organization = x.org
		if err := x.s.Store().Contacts().Update(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return p, f, importConflict(t, p, p.export(p.a, p.bInA, sel), record.Contact, f.contactID)
}

func importConflict(t *testing.T, p *pair, data []byte, kind record.Kind, origID string) store.Conflict {
	t.Helper()
	ctx := context.Background()
	in, err := Inspect(ctx, p.b, data, ImportOptions{})
	if err != nil || in.Refusal != nil || in.Plan.Count(merge.Conflict) != 1 {
		t.Fatalf("preview: %v %v %+v", err, in.Refusal, in.Plan)
	}
	if _, err := ApplyImport(ctx, p.b, data, ImportOptions{}, in.Plan); err != nil {
		t.Fatal(err)
	}
	cs, err := p.b.Conflicts(ctx)
	if err != nil || len(cs) != 1 || cs[0].Kind != kind || cs[0].OriginalID != origID {
		t.Fatalf("conflicts %+v %v", cs, err)
	}
	if want, err := p.b.Store().Sync().Conflicts(ctx); err != nil || !reflect.DeepEqual(cs, want) {
		t.Fatalf("Session.Conflicts %+v, the store says %+v (%v)", cs, want, err)
	}
	return cs[0]
}

// assertResolved checks that the copy is gone, nothing is pending, and a
// second resolve of the same ID fails without writing.
func assertResolved(t *testing.T, s *Session, c store.Conflict) {
	t.Helper()
	ctx := context.Background()
	st := s.Store()
	var err error
	switch c.Kind {
	case record.Event:
		_, err = st.Events().Get(ctx, c.CopyID)
	case record.Contact:
		_, err = st.Contacts().Get(ctx, c.CopyID)
	}
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("copy still there: %v", err)
	}
	if cs, err := st.Sync().Conflicts(ctx); err != nil || len(cs) != 0 {
		t.Fatalf("conflicts left: %+v %v", cs, err)
	}
	changes := st.Changes()
	for _, keepMine := range []bool{true, false} {
		err := ResolveConflict(ctx, s, c.CopyID, keepMine)
		if !errors.Is(err, ErrNoConflict) || !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second resolve: %v", err)
		}
	}
	if st.Changes() != changes {
		t.Fatal("second resolve wrote to the vault")
	}
	if err := st.IntegrityCheck(); err != nil {
		t.Fatal(err)
	}
}

func participantRoles(t *testing.T, s *Session, eventID string) map[string]string {
	t.Helper()
	ps, err := s.Store().Participants().ListForEvent(context.Background(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range ps {
		out[p.ContactID] = p.Role
	}
	return out
}

func TestResolveConflictEvent(t *testing.T) {
	for _, keepMine := range []bool{true, false} {
		name := "theirs"
		if keepMine {
			name = "mine"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			p, f, c := eventConflict(t)
			st := p.b.Store()
			before, err := st.Events().Get(ctx, f.eventID)
			if err != nil {
				t.Fatal(err)
			}
			changes := st.Changes()
			if err := ResolveConflict(ctx, p.b, c.CopyID, keepMine); err != nil {
				t.Fatal(err)
			}
			if st.Changes() == changes {
				t.Fatal("resolve did not write")
			}
			e, err := st.Events().Get(ctx, f.eventID)
			if err != nil {
				t.Fatal(err)
			}
			wantPlace, wantRole, wantVersion := "Cafe", "guest", before.Version
			if !keepMine {
				wantPlace, wantRole, wantVersion = "Library", "host", before.Version+1
			}
			if e.Location != wantPlace || e.Version != wantVersion || e.Origin != before.Origin || !e.Created.Equal(before.Created) {
				t.Fatalf("event %+v, before %+v", e, before)
			}
			if roles := participantRoles(t, p.b, f.eventID); len(roles) != 1 || roles[f.contactID] != wantRole {
				t.Fatalf("participants %v, want %s", roles, wantRole)
			}
			// The task still belongs to the event (same ID).
			if task, err := st.Tasks().Get(ctx, f.taskID); err != nil || task.EventID != f.eventID {
				t.Fatalf("task %+v %v", task, err)
			}
			assertResolved(t, p.b, c)
		})
	}
}

func TestResolveConflictContact(t *testing.T) {
	for _, keepMine := range []bool{true, false} {
		name := "theirs"
		if keepMine {
			name = "mine"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			p, f, c := contactConflict(t)
			st := p.b.Store()
			before, err := st.Contacts().Get(ctx, f.contactID)
			if err != nil {
				t.Fatal(err)
			}
			if err := ResolveConflict(ctx, p.b, c.CopyID, keepMine); err != nil {
				t.Fatal(err)
			}
			got, err := st.Contacts().Get(ctx, f.contactID)
			if err != nil {
				t.Fatal(err)
			}
			wantOrg, wantVersion := "Org of B", before.Version
			if !keepMine {
				wantOrg, wantVersion = "Org of A", before.Version+1
			}
			if got.Organization != wantOrg || got.Version != wantVersion || got.Name != before.Name ||
				got.Trust != before.Trust || got.Origin != before.Origin {
				t.Fatalf("contact %+v, before %+v", got, before)
			}
			assertResolved(t, p.b, c)
		})
	}
}

func TestResolveConflictUnknownID(t *testing.T) {
	_, s := newSession(t)
	if err := ResolveConflict(context.Background(), s, "9b2f6a43-7a4e-4c53-9d51-3f4d3c0e8a11", true); !errors.Is(err, ErrNoConflict) {
		t.Fatalf("err = %v", err)
	}
}

func eventParticipant(f fixture, role string) event.Participant {
	return event.Participant{EventID: f.eventID, ContactID: f.contactID, Role: role}
}
