package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// These tests cover issue 12 §3 and §4: provenance comes from the signer,
// and no update vanishes silently (replays by ID, sequences that repeat
// after a restore, bundles out of order, the vault's own old bundles).

func mustIdentity(t testing.TB, s *Session) *identity.Identity {
	t.Helper()
	id, err := EnsureIdentity(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// collect reads the selection from s as a payload signed for recipients.
func collect(t *testing.T, s *Session, sel merge.Selection, recipients ...string) *bundle.Payload {
	t.Helper()
	self := mustIdentity(t, s).Fingerprint().String()
	p, err := merge.Collect(context.Background(), s.Store(), sel, self, recipients)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// seal signs p as from (whatever its sequence counter says) for the
// given keys, with sequence seq and a new bundle ID.
func seal(t *testing.T, from *Session, p *bundle.Payload, seq int64, to ...identity.Keys) []byte {
	t.Helper()
	data, _, err := bundle.Seal(mustIdentity(t, from), p, bundle.SealOptions{Recipients: to, Sequence: seq})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func addEvent(t *testing.T, s *Session, title string) *event.Event {
	t.Helper()
	e := &event.Event{Title: title, Start: time.Date(2027, 10, 21, 10, 0, 0, 0, time.UTC)}
	if err := s.Store().Events().Add(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e
}

func eventTitle(t *testing.T, s *Session, id string) string {
	t.Helper()
	e, err := s.Store().Events().Get(context.Background(), id)
	if err != nil {
		t.Fatalf("event %s: %v", id, err)
	}
	return e.Title
}

// TestProvenanceComesFromSigner: a peer's bundle claims its records were
// made on the receiving device (origin = the receiver's fingerprint, a
// "custom" tutorial) or by a third, verified peer. The records arrive as
// coming from the signer. A record that exists here keeps its origin
// when a signer entitled to update it does; a signer who is not gets a
// conflict copy of their own.
func TestProvenanceComesFromSigner(t *testing.T) {
	ctx := context.Background()
	_, a := newSession(t)
	_, b := newSession(t)
	_, c := newSession(t)
	aCard, _ := MyCard(ctx, a, "Alice")
	bCard, _ := MyCard(ctx, b, "Bob")
	cCard, _ := MyCard(ctx, c, "Carol")
	aInC, err := AddPeer(ctx, c, aCard.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Store().Peers().Verify(ctx, aInC.ContactID); err != nil {
		t.Fatal(err)
	}
	if _, err := AddPeer(ctx, c, bCard.String(), ""); err != nil {
		t.Fatal(err)
	}
	cInA, err := AddPeer(ctx, a, cCard.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	aFP, bFP, cFP := aCard.Fingerprint().String(), bCard.Fingerprint().String(), cCard.Fingerprint().String()

	// Bob plants two events and a tutorial with forged origins.
	mine, alices := addEvent(t, b, "Made on your device"), addEvent(t, b, "Made by Alice")
	tu := &tutorial.Tutorial{Slug: "planted", Title: "Planted guide", Body: "- [ ] step"}
	if err := b.Store().Tutorials().Add(ctx, tu); err != nil {
		t.Fatal(err)
	}
	p := collect(t, b, merge.Selection{Events: []string{mine.ID, alices.ID}, Tutorials: []string{tu.ID}})
	for i := range p.Events {
		if p.Events[i].ID == mine.ID {
			p.Events[i].Origin = cFP
		} else {
			p.Events[i].Origin = aFP
		}
	}
	p.Tutorials[0].Origin, p.Tutorials[0].Source = cFP, tutorial.SourceCustom
	data := seal(t, b, p, 1, cCard.Keys)
	in, err := Inspect(ctx, c, data, ImportOptions{})
	if err != nil || in.Refusal != nil {
		t.Fatalf("inspect: %v %v", err, in.Refusal)
	}
	for _, it := range in.Plan.Items {
		if it.Origin != bFP {
			t.Errorf("preview: %s %s comes from %q, want the signer", it.Kind, it.Title, it.Origin)
		}
	}
	mustImport(t, c, data, ImportOptions{})
	for _, id := range []string{mine.ID, alices.ID} {
		if e, err := c.Store().Events().Get(ctx, id); err != nil || e.Origin != bFP {
			t.Errorf("event %q arrived with origin %q (%v), want Bob's", e.Title, e.Origin, err)
		}
	}
	if got, err := c.Store().Tutorials().Get(ctx, tu.ID); err != nil || got.Origin != bFP || got.Source != tutorial.SourceImported {
		t.Errorf("tutorial arrived as origin %q source %q (%v)", got.Origin, got.Source, err)
	}

	// Alice shares her event with Carol: it is Alice's there.
	plan := addEvent(t, a, "Alice's plan")
	ex, err := Export(ctx, a, ExportRequest{Selection: merge.Selection{Events: []string{plan.ID}}, To: []string{cInA.ContactID}})
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, c, ex.Data, ImportOptions{})
	// Bob sends a "newer version" of it: he never exchanged it with
	// Carol, so it is a conflict copy from Bob; Alice's stays Alice's.
	forged := collect(t, a, merge.Selection{Events: []string{plan.ID}})
	forged.Events[0].Title, forged.Events[0].Version = "Alice's plan (moved to the station)", 2
	pl := mustImport(t, c, seal(t, b, forged, 2, cCard.Keys), ImportOptions{})
	if pl.Count(merge.Conflict) != 1 {
		t.Fatalf("Bob's update of Alice's event: %+v", pl.Items)
	}
	if e, _ := c.Store().Events().Get(ctx, plan.ID); e.Title != "Alice's plan" || e.Origin != aFP {
		t.Fatalf("Alice's event became %q from %q", e.Title, e.Origin)
	}
	conflicts, _ := c.Store().Sync().Conflicts(ctx)
	if len(conflicts) != 1 {
		t.Fatalf("conflicts %+v", conflicts)
	}
	if cp, err := c.Store().Events().Get(ctx, conflicts[0].CopyID); err != nil || cp.Origin != bFP {
		t.Fatalf("conflict copy %+v %v", cp, err)
	}
	// Alice's own update applies and the event stays hers.
	plan.Title = "Alice's plan (new room)"
	if err := a.Store().Events().Update(ctx, plan); err != nil {
		t.Fatal(err)
	}
	ex, err = Export(ctx, a, ExportRequest{Selection: merge.Selection{Events: []string{plan.ID}}, To: []string{cInA.ContactID}})
	if err != nil {
		t.Fatal(err)
	}
	if pl := mustImport(t, c, ex.Data, ImportOptions{}); pl.Count(merge.Changed) != 1 {
		t.Fatalf("Alice's update: %+v", pl.Items)
	}
	if e, _ := c.Store().Events().Get(ctx, plan.ID); e.Title != "Alice's plan (new room)" || e.Origin != aFP {
		t.Fatalf("after Alice's update: %q from %q", e.Title, e.Origin)
	}
}

// refusedUnchanged imports data into s, expects an error wrapping want
// and checks the vault did not change.
func refusedUnchanged(t *testing.T, s *Session, data []byte, opts ImportOptions, want error) {
	t.Helper()
	changes := s.Store().Changes()
	if _, err := ApplyImport(context.Background(), s, data, opts, nil); !errors.Is(err, want) {
		t.Fatalf("import: %v, want %v", err, want)
	}
	if s.Store().Changes() != changes {
		t.Fatal("a refused import wrote to the vault")
	}
}

// TestRestoredSenderIsHeard: after the sender restores an old copy of
// their vault, their sequence counter repeats. A new bundle (new ID)
// with that sequence and a new event is imported; the same file again is
// a no-op; an old file with nothing newer is refused (ErrOutdated), not
// taken for "already imported".
func TestRestoredSenderIsHeard(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	bKeys := p.bCard.Keys
	first := addEvent(t, p.a, "Planning meeting")
	firstPayload := collect(t, p.a, merge.Selection{Events: []string{first.ID}})
	mustImport(t, p.b, seal(t, p.a, firstPayload, 1, bKeys), ImportOptions{})

	urgent := addEvent(t, p.a, "URGENT: meeting point compromised")
	data := seal(t, p.a, collect(t, p.a, merge.Selection{Events: []string{urgent.ID}}), 1, bKeys)
	in, err := Inspect(ctx, p.b, data, ImportOptions{})
	if err != nil || in.Refusal != nil || in.Plan.Count(merge.New) != 1 {
		t.Fatalf("inspect: %v %v", err, in.Refusal)
	}
	mustImport(t, p.b, data, ImportOptions{})
	if eventTitle(t, p.b, urgent.ID) != urgent.Title {
		t.Fatal("the urgent event was not imported")
	}
	refusedUnchanged(t, p.b, data, ImportOptions{}, bundle.ErrReplay)
	// The first bundle's content again, as a new file with a repeated
	// sequence: nothing in it is newer.
	refusedUnchanged(t, p.b, seal(t, p.a, firstPayload, 1, bKeys), ImportOptions{}, bundle.ErrOutdated)
}

// TestOutOfOrderBundlesBothApply: sequence 3 arrives before sequence 2;
// both end up applied.
func TestOutOfOrderBundlesBothApply(t *testing.T) {
	p := newPair(t)
	x, y := addEvent(t, p.a, "Second bundle's event"), addEvent(t, p.a, "Third bundle's event")
	two := seal(t, p.a, collect(t, p.a, merge.Selection{Events: []string{x.ID}}), 2, p.bCard.Keys)
	three := seal(t, p.a, collect(t, p.a, merge.Selection{Events: []string{y.ID}}), 3, p.bCard.Keys)
	mustImport(t, p.b, three, ImportOptions{})
	mustImport(t, p.b, two, ImportOptions{})
	if eventTitle(t, p.b, x.ID) != x.Title || eventTitle(t, p.b, y.ID) != y.Title {
		t.Fatal("an out-of-order bundle was lost")
	}
}

// TestOlderVersionNeverReverts: a late bundle carrying an older version
// of a record than the one agreed on changes nothing: refused when its
// sequence is old, a no-op when its sequence is new. Before, any version
// other than the agreed one counted as a change and reverted the record.
func TestOlderVersionNeverReverts(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	bKeys := p.bCard.Keys
	e := addEvent(t, p.a, "Version one")
	v1 := collect(t, p.a, merge.Selection{Events: []string{e.ID}})
	mustImport(t, p.b, seal(t, p.a, v1, 1, bKeys), ImportOptions{})
	e.Title = "Version two"
	if err := p.a.Store().Events().Update(ctx, e); err != nil {
		t.Fatal(err)
	}
	mustImport(t, p.b, seal(t, p.a, collect(t, p.a, merge.Selection{Events: []string{e.ID}}), 3, bKeys), ImportOptions{})
	refusedUnchanged(t, p.b, seal(t, p.a, v1, 2, bKeys), ImportOptions{}, bundle.ErrOutdated)
	pl := mustImport(t, p.b, seal(t, p.a, v1, 4, bKeys), ImportOptions{})
	if !pl.Empty() || eventTitle(t, p.b, e.ID) != "Version two" {
		t.Fatalf("old version applied: %+v, title %q", pl.Items, eventTitle(t, p.b, e.ID))
	}
}

// TestForkedHistoryIsAConflict: the sender restored an old copy and
// changed the record again, so the same version number now names other
// content. It is kept as a conflict copy, never dropped.
func TestForkedHistoryIsAConflict(t *testing.T) {
	p := newPair(t)
	bKeys := p.bCard.Keys
	e := addEvent(t, p.a, "Meet at the library")
	pay := collect(t, p.a, merge.Selection{Events: []string{e.ID}})
	mustImport(t, p.b, seal(t, p.a, pay, 1, bKeys), ImportOptions{})
	pay.Events[0].Title = "Meet at the station instead"
	pl := mustImport(t, p.b, seal(t, p.a, pay, 1, bKeys), ImportOptions{})
	if pl.Count(merge.Conflict) != 1 || eventTitle(t, p.b, e.ID) != "Meet at the library" {
		t.Fatalf("forked update: %+v", pl.Items)
	}
}

// TestOwnOldBundleDoesNotResurrect: importing one's own old bundle after
// deleting what it holds changes nothing: the bundle is known as made
// here; and a copy the vault has no record of (made before a restore) is
// judged by its content: the deletion is newer.
func TestOwnOldBundleDoesNotResurrect(t *testing.T) {
	ctx := context.Background()
	_, a := newSession(t)
	e := addEvent(t, a, "Cancelled action")
	opts := ImportOptions{Passphrase: "our shared words"}
	ex, err := Export(ctx, a, ExportRequest{Selection: merge.Selection{Events: []string{e.ID}}, Passphrase: opts.Passphrase, WorkFactor: 10})
	if err != nil {
		t.Fatal(err)
	}
	pay := collect(t, a, merge.Selection{Events: []string{e.ID}})
	if err := a.Store().Events().Delete(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	refusedUnchanged(t, a, ex.Data, opts, bundle.ErrReplay)
	unrecorded, _, err := bundle.Seal(mustIdentity(t, a), pay, bundle.SealOptions{Passphrase: opts.Passphrase, WorkFactor: 10, Sequence: 1})
	if err != nil {
		t.Fatal(err)
	}
	refusedUnchanged(t, a, unrecorded, opts, bundle.ErrOutdated)
	if _, err := a.Store().Events().Get(ctx, e.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted event came back: %v", err)
	}
}

// TestLateOldVersionKeepsAgreement: a late bundle with an older version
// of an event leaves what the two vaults agreed on as it was, so a later
// change made only here is not mistaken for a conflict when the sender's
// current version arrives again. (The merge once recorded the old
// version as agreed for events, tasks and tutorials, not for contacts.)
func TestLateOldVersionKeepsAgreement(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	bKeys := p.bCard.Keys
	e := addEvent(t, p.a, "Version one")
	v1 := collect(t, p.a, merge.Selection{Events: []string{e.ID}})
	mustImport(t, p.b, seal(t, p.a, v1, 1, bKeys), ImportOptions{})
	e.Title = "Version two"
	if err := p.a.Store().Events().Update(ctx, e); err != nil {
		t.Fatal(err)
	}
	v2 := collect(t, p.a, merge.Selection{Events: []string{e.ID}})
	mustImport(t, p.b, seal(t, p.a, v2, 2, bKeys), ImportOptions{})
	if pl := mustImport(t, p.b, seal(t, p.a, v1, 3, bKeys), ImportOptions{}); !pl.Empty() {
		t.Fatalf("late old version: %+v", pl.Items)
	}
	mine, err := p.b.Store().Events().Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	mine.Title = "Changed here only"
	if err := p.b.Store().Events().Update(ctx, mine); err != nil {
		t.Fatal(err)
	}
	pl := mustImport(t, p.b, seal(t, p.a, v2, 4, bKeys), ImportOptions{})
	if !pl.Empty() || pl.Count(merge.Conflict) != 0 || eventTitle(t, p.b, e.ID) != "Changed here only" {
		t.Fatalf("only this vault changed the event, yet: %+v", pl.Items)
	}
}

// TestSameEditAgrees: both vaults made the same change; the import
// records that they agree, so the sender's next change applies instead
// of coming back as a conflict (as it already did for contacts).
func TestSameEditAgrees(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	bKeys := p.bCard.Keys
	e := addEvent(t, p.a, "Meet at noon")
	mustImport(t, p.b, seal(t, p.a, collect(t, p.a, merge.Selection{Events: []string{e.ID}}), 1, bKeys), ImportOptions{})
	for _, s := range []*Session{p.a, p.b} {
		ev, err := s.Store().Events().Get(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		ev.Title = "Meet at one"
		if err := s.Store().Events().Update(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if pl := mustImport(t, p.b, seal(t, p.a, collect(t, p.a, merge.Selection{Events: []string{e.ID}}), 2, bKeys), ImportOptions{}); !pl.Empty() {
		t.Fatalf("same edit: %+v", pl.Items)
	}
	ev, err := p.a.Store().Events().Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	ev.Title = "Meet at two"
	if err := p.a.Store().Events().Update(ctx, ev); err != nil {
		t.Fatal(err)
	}
	pl := mustImport(t, p.b, seal(t, p.a, collect(t, p.a, merge.Selection{Events: []string{e.ID}}), 3, bKeys), ImportOptions{})
	if pl.Count(merge.Changed) != 1 || eventTitle(t, p.b, e.ID) != "Meet at two" {
		t.Fatalf("the sender's change after agreeing: %+v", pl.Items)
	}
}
