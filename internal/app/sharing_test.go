package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// pair is two saved vaults that know each other as peers.
type pair struct {
	t            *testing.T
	aDir, bDir   string
	a, b         *Session
	bInA, aInB   string // contact IDs of each peer in the other vault
	aCard, bCard identity.Card
}

func newPair(t *testing.T) *pair {
	t.Helper()
	ctx := context.Background()
	p := &pair{t: t}
	p.aDir, p.a = newSession(t)
	p.bDir, p.b = newSession(t)
	var err error
	if p.aCard, err = MyCard(ctx, p.a, "Alice"); err != nil {
		t.Fatal(err)
	}
	if p.bCard, err = MyCard(ctx, p.b, "Bob"); err != nil {
		t.Fatal(err)
	}
	pb, err := AddPeer(ctx, p.a, p.bCard.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	pa, err := AddPeer(ctx, p.b, p.aCard.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	p.bInA, p.aInB = pb.ContactID, pa.ContactID
	p.save()
	return p
}

func (p *pair) save() {
	p.t.Helper()
	for _, s := range []*Session{p.a, p.b} {
		if err := s.Save(); err != nil {
			p.t.Fatal(err)
		}
	}
}

// export exports sel from a to b.
func (p *pair) export(from *Session, to string, sel merge.Selection) []byte {
	p.t.Helper()
	ex, err := Export(context.Background(), from, ExportRequest{Selection: sel, To: []string{to}})
	if err != nil {
		p.t.Fatal(err)
	}
	return ex.Data
}

func mustImport(t *testing.T, s *Session, data []byte, opts ImportOptions) *merge.Plan {
	t.Helper()
	pl, err := ApplyImport(context.Background(), s, data, opts, nil)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return pl
}

// vaultBytes returns the contents of every file in a vault folder.
func vaultBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

type fixture struct {
	contactID, eventID, taskID, tutorialID string
}

func addEverything(t *testing.T, s *Session) fixture {
	t.Helper()
	ctx := context.Background()
	st := s.Store()
	c := &contact.Contact{Name: "Amina K.", Kind: contact.KindPerson, Notes: "secret note", Consent: "ok to call",
		Channels: []contact.Channel{{Type: contact.ChannelSignal, Value: "+15550100"}}, Tags: []string{"press"}}
	if err := st.Contacts().Add(ctx, c); err != nil {
		t.Fatal(err)
	}
	e := &event.Event{Title: "Crypto party", Start: time.Date(2027, 10, 21, 10, 0, 0, 0, time.UTC), TimeZone: "Europe/Berlin",
		Safety: event.SafetyPlan{Threats: "doxxing", CheckIn: "every 2h"}, Objectives: []event.Objective{1, 3},
		Online: true, UID: "7kq0ps3f2b@google.com"}
	if err := st.Events().Add(ctx, e); err != nil {
		t.Fatal(err)
	}
	task := &event.Task{EventID: e.ID, Title: "Book room", AssigneeID: c.ID}
	if err := st.Tasks().Add(ctx, task); err != nil {
		t.Fatal(err)
	}
	if err := st.Participants().Set(ctx, event.Participant{EventID: e.ID, ContactID: c.ID, Role: "speaker"}); err != nil {
		t.Fatal(err)
	}
	tu := &tutorial.Tutorial{Slug: "our-guide", Title: "Our guide", Body: "# Hi\n\n- [ ] step"}
	if err := st.Tutorials().Add(ctx, tu); err != nil {
		t.Fatal(err)
	}
	s.Changed()
	return fixture{c.ID, e.ID, task.ID, tu.ID}
}

func TestRoundTripEveryKind(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	builtins, _ := p.a.Store().Tutorials().List(ctx, "en")
	var builtinID string
	for _, tu := range builtins {
		if tu.Source == tutorial.SourceBuiltin {
			builtinID = tu.ID
			break
		}
	}
	data := p.export(p.a, p.bInA, merge.Selection{Events: []string{f.eventID}, Contacts: []string{f.contactID},
		Tutorials: []string{f.tutorialID, builtinID}})
	p.save()

	in, err := Inspect(ctx, p.b, data, ImportOptions{})
	if err != nil || in.Refusal != nil {
		t.Fatalf("inspect: %v %v", err, in.Refusal)
	}
	if in.Plan.Count(merge.New) != 4 || len(in.Plan.MissingBuiltins) != 0 {
		t.Fatalf("plan: %+v", in.Plan)
	}
	if in.Manifest().Counts.BuiltinTutorials != 1 {
		t.Fatalf("counts: %+v", in.Manifest().Counts)
	}
	pl := mustImport(t, p.b, data, ImportOptions{})
	if pl.Count(merge.New) != 4 {
		t.Fatalf("applied plan: %+v", pl)
	}
	st := p.b.Store()
	aFP := p.aCard.Fingerprint().String()
	c, err := st.Contacts().Get(ctx, f.contactID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Origin != aFP || c.Version != 1 || c.Notes != "" || c.Consent != "" || c.Channels != nil || c.Tags[0] != "press" ||
		c.Trust != contact.TrustUnverified {
		t.Fatalf("contact arrived as %+v", c)
	}
	e, err := st.Events().Get(ctx, f.eventID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Origin != aFP || e.Safety.Threats != "doxxing" || e.TimeZone != "Europe/Berlin" || len(e.Objectives) != 2 ||
		e.UID != "7kq0ps3f2b@google.com" || !e.Online {
		t.Fatalf("event arrived as %+v", e)
	}
	task, err := st.Tasks().Get(ctx, f.taskID)
	if err != nil || task.AssigneeID != f.contactID || task.EventID != f.eventID {
		t.Fatalf("task arrived as %+v, %v", task, err)
	}
	parts, _ := st.Participants().ListForEvent(ctx, f.eventID)
	if len(parts) != 1 || parts[0].Role != "speaker" {
		t.Fatalf("participants %+v", parts)
	}
	tu, err := st.Tutorials().Get(ctx, f.tutorialID)
	if err != nil || tu.Source != tutorial.SourceImported || tu.Origin != aFP {
		t.Fatalf("tutorial arrived as %+v, %v", tu, err)
	}
	if hits, _ := st.Search(ctx, "Crypto party", 10); len(hits) == 0 {
		t.Fatal("imported event not searchable")
	}
	if err := st.IntegrityCheck(); err != nil {
		t.Fatal(err)
	}
	// Re-importing the same bundle is a replay: nothing changes.
	before := st.Changes()
	if _, err := ApplyImport(ctx, p.b, data, ImportOptions{}, nil); !errors.Is(err, bundle.ErrReplay) {
		t.Fatalf("re-import: %v", err)
	}
	if st.Changes() != before {
		t.Fatal("re-import wrote")
	}

	// B edits the event and sends it back: A takes the change (A did
	// not change it since it sent it).
	e.Title = "Crypto party (moved)"
	if err := st.Events().Update(ctx, e); err != nil {
		t.Fatal(err)
	}
	back := p.export(p.b, p.aInB, merge.Selection{Events: []string{f.eventID}})
	pl = mustImport(t, p.a, back, ImportOptions{})
	if pl.Count(merge.Changed) != 1 || pl.Count(merge.Conflict) != 0 {
		t.Fatalf("plan back: %+v", pl.Items)
	}
	ea, _ := p.a.Store().Events().Get(ctx, f.eventID)
	if ea.Title != "Crypto party (moved)" || ea.Origin != "" || ea.Version != e.Version {
		t.Fatalf("A's event after the round trip: %+v", ea)
	}
	// A's own contact keeps its notes and channels when it comes back redacted.
	back2 := p.export(p.b, p.aInB, merge.Selection{Contacts: []string{f.contactID}})
	mustImport(t, p.a, back2, ImportOptions{})
	ca, _ := p.a.Store().Contacts().Get(ctx, f.contactID)
	if ca.Notes != "secret note" || len(ca.Channels) != 1 || ca.Origin != "" {
		t.Fatalf("redacted re-import damaged the contact: %+v", ca)
	}
}

func TestIncludeChannelsAndPassphrase(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	ex, err := Export(ctx, p.a, ExportRequest{Selection: merge.Selection{Contacts: []string{f.contactID}, IncludeChannels: true},
		Passphrase: "shared secret words", WorkFactor: 10, Armor: true})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(ex.Data, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) || !regexp.MustCompile(`^[0-9a-f]{8}\.age$`).MatchString(ex.Name) {
		t.Fatalf("armor %q name %q", ex.Data[:40], ex.Name)
	}
	if _, err := Inspect(ctx, p.b, ex.Data, ImportOptions{}); !errors.Is(err, bundle.ErrNeedPassphrase) {
		t.Fatalf("no passphrase: %v", err)
	}
	if _, err := Inspect(ctx, p.b, ex.Data, ImportOptions{Passphrase: "wrong"}); !errors.Is(err, bundle.ErrNotForUs) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	mustImport(t, p.b, ex.Data, ImportOptions{Passphrase: "shared secret words"})
	c, err := p.b.Store().Contacts().Get(ctx, f.contactID)
	if err != nil || len(c.Channels) != 1 || c.Notes != "" {
		t.Fatalf("contact %+v %v", c, err)
	}
}

func TestConflictKeepsBoth(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	mustImport(t, p.b, p.export(p.a, p.bInA, merge.Selection{Events: []string{f.eventID}}), ImportOptions{})
	// Both change the event.
	ea, _ := p.a.Store().Events().Get(ctx, f.eventID)
	ea.Location = "Library"
	if err := p.a.Store().Events().Update(ctx, ea); err != nil {
		t.Fatal(err)
	}
	eb, _ := p.b.Store().Events().Get(ctx, f.eventID)
	eb.Location = "Cafe"
	if err := p.b.Store().Events().Update(ctx, eb); err != nil {
		t.Fatal(err)
	}
	data := p.export(p.a, p.bInA, merge.Selection{Events: []string{f.eventID}})
	in, err := Inspect(ctx, p.b, data, ImportOptions{})
	if err != nil || in.Plan.Count(merge.Conflict) != 1 {
		t.Fatalf("preview: %v %+v", err, in.Plan)
	}
	mustImport(t, p.b, data, ImportOptions{})
	local, _ := p.b.Store().Events().Get(ctx, f.eventID)
	if local.Location != "Cafe" {
		t.Fatal("local edit was overwritten")
	}
	conflicts, err := p.b.Store().Sync().Conflicts(ctx)
	if err != nil || len(conflicts) != 1 || conflicts[0].OriginalID != f.eventID {
		t.Fatalf("conflicts %+v %v", conflicts, err)
	}
	cp, err := p.b.Store().Events().Get(ctx, conflicts[0].CopyID)
	if err != nil || cp.Location != "Library" {
		t.Fatalf("copy %+v %v", cp, err)
	}
}

func TestDeletionsOnlyFromCreator(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	mustImport(t, p.b, p.export(p.a, p.bInA, merge.Selection{Events: []string{f.eventID}, Contacts: []string{f.contactID}}), ImportOptions{})
	// B creates its own event and shares it with A.
	own := &event.Event{Title: "B's event", Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := p.b.Store().Events().Add(ctx, own); err != nil {
		t.Fatal(err)
	}
	mustImport(t, p.a, p.export(p.b, p.aInB, merge.Selection{Events: []string{own.ID}}), ImportOptions{})
	// A deletes its event, and B's: only A's own deletion travels.
	if err := p.a.Store().Events().Delete(ctx, f.eventID); err != nil {
		t.Fatal(err)
	}
	if err := p.a.Store().Events().Delete(ctx, own.ID); err != nil {
		t.Fatal(err)
	}
	data := p.export(p.a, p.bInA, merge.Selection{Contacts: []string{f.contactID}})
	pl := mustImport(t, p.b, data, ImportOptions{})
	if pl.Count(merge.Deleted) != 2 { // the event and its task
		t.Fatalf("plan %+v", pl.Items)
	}
	if _, err := p.b.Store().Events().Get(ctx, f.eventID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("A's event not deleted at B: %v", err)
	}
	if _, err := p.b.Store().Events().Get(ctx, own.ID); err != nil {
		t.Fatalf("B's own event was deleted: %v", err)
	}
}

func TestUnknownSenderNeedsTrust(t *testing.T) {
	ctx := context.Background()
	_, a := newSession(t)
	bDir, b := newSession(t)
	bCard, _ := MyCard(ctx, b, "Bob")
	pb, err := AddPeer(ctx, a, bCard.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	f := addEverything(t, a)
	ex, err := Export(ctx, a, ExportRequest{Selection: merge.Selection{Events: []string{f.eventID}}, To: []string{pb.ContactID}})
	if err != nil {
		t.Fatal(err)
	}
	before := vaultBytes(t, bDir)
	changes := b.Store().Changes()
	in, err := Inspect(ctx, b, ex.Data, ImportOptions{})
	var unknown *bundle.UnknownSenderError
	if err != nil || !errors.As(in.Refusal, &unknown) || in.Plan == nil {
		t.Fatalf("inspect: %v %v", err, in.Refusal)
	}
	if _, err := ApplyImport(ctx, b, ex.Data, ImportOptions{}, nil); !errors.As(err, &unknown) {
		t.Fatalf("import without trust: %v", err)
	}
	if b.Store().Changes() != changes || b.Dirty() {
		t.Fatal("refused import wrote")
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	if after := vaultBytes(t, bDir); !equalFiles(before, after) {
		t.Fatal("vault files changed")
	}
	if _, err := ApplyImport(ctx, b, ex.Data, ImportOptions{TrustNewSender: true}, nil); err != nil {
		t.Fatal(err)
	}
	peer, err := b.Store().Peers().ByFingerprint(ctx, unknown.Fingerprint)
	if err != nil || peer.Verified || peer.LastSequence != ex.Manifest.Sequence {
		t.Fatalf("new peer %+v %v", peer, err)
	}
}

func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func TestPeerKeysChangeAndVerify(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	phraseA, _, err := SafetyPhrase(ctx, p.a, p.bInA)
	if err != nil {
		t.Fatal(err)
	}
	phraseB, _, _ := SafetyPhrase(ctx, p.b, p.aInB)
	if phraseA != phraseB {
		t.Fatalf("safety phrases differ: %q vs %q", phraseA, phraseB)
	}
	if err := p.a.Store().Peers().Verify(ctx, p.bInA); err != nil {
		t.Fatal(err)
	}
	other, _ := identity.Generate()
	peer, err := AddPeer(ctx, p.a, identity.NewCard(other.Keys(), "Bob new").String(), p.bInA)
	if err != nil {
		t.Fatal(err)
	}
	if peer.Verified || !peer.KeyChanged || peer.PreviousFingerprint != p.bCard.Fingerprint().String() {
		t.Fatalf("after key change: %+v", peer)
	}
	if _, err := AddPeer(ctx, p.a, p.aCard.String(), ""); !errors.Is(err, ErrOwnCard) {
		t.Fatalf("own card: %v", err)
	}
	if _, err := AddPeer(ctx, p.a, identity.NewCard(other.Keys(), "").String(), ""); !errors.Is(err, store.ErrPeerExists) && err != nil {
		t.Fatalf("same keys again: %v", err)
	}
}

// TestHostileBundlesWriteNothing runs every case of THREATS.md test 7
// through ApplyImport: each is refused with its own error, and the vault
// files stay byte-identical.
func TestHostileBundlesWriteNothing(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	alice, _ := LoadIdentity(ctx, p.a.Store())
	bob, _ := LoadIdentity(ctx, p.b.Store())
	carol, _ := identity.Generate()
	valid := p.export(p.a, p.bInA, merge.Selection{Events: []string{f.eventID}})
	mustImport(t, p.b, valid, ImportOptions{})
	p.save()
	spec := bundletest.Spec{Sender: alice, Payload: bundletest.Empty, EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 100}
	with := func(fn func(*bundletest.Spec)) []byte {
		s := spec
		fn(&s)
		return bundletest.Build(s)
	}
	tampered := bytes.Clone(valid)
	tampered[len(tampered)-30] ^= 1
	// The neutral point: a small-order key for which R = neutral, S = 0
	// signs anything.
	neutral := append([]byte{1}, make([]byte, 31)...)
	forwardedToBob := bundletest.Encrypt(bundletest.Inner(bundletest.Spec{Sender: alice, Payload: bundletest.Empty,
		EncryptTo: []identity.Keys{carol.Keys()}, Sequence: 101}), bob.Keys())
	p.save()
	cases := []struct {
		name string
		file []byte
		opts ImportOptions
		want error
	}{
		{"tampered byte", tampered, ImportOptions{}, bundle.ErrTampered},
		{"unknown signer", with(func(s *bundletest.Spec) { s.Sender = carol }), ImportOptions{}, bundle.ErrUnknownSender},
		{"unsigned", with(func(s *bundletest.Spec) { s.Unsigned = true }), ImportOptions{}, bundle.ErrUnsigned},
		{"forwarded", forwardedToBob, ImportOptions{}, bundle.ErrForwarded},
		{"not for us", bundletest.Build(bundletest.Spec{Sender: alice, Payload: bundletest.Empty, EncryptTo: []identity.Keys{carol.Keys()}, Sequence: 102}), ImportOptions{}, bundle.ErrNotForUs},
		{"replayed", valid, ImportOptions{}, bundle.ErrReplay},
		{"older sequence", with(func(s *bundletest.Spec) { s.Sequence = 1; s.ID = "00000000-0000-4000-8000-000000000009" }), ImportOptions{}, bundle.ErrOutdated},
		{"oversized", valid, ImportOptions{Limits: bundle.Limits{File: 1024}}, bundle.ErrTooLarge},
		{"deeply nested", with(func(s *bundletest.Spec) { s.Payload = bundletest.Deep(100) }), ImportOptions{}, bundle.ErrTooDeep},
		{"10^6 items", with(func(s *bundletest.Spec) { s.Payload = bundletest.ManyItems(1_000_000) }), ImportOptions{}, bundle.ErrTooManyItems},
		{"format version 2", with(func(s *bundletest.Spec) { s.Format = 2 }), ImportOptions{}, bundle.ErrVersion},
		{"passphrase manifest, encrypted to a key", with(func(s *bundletest.Spec) { s.Recipients = []string{}; s.Sequence = 103 }),
			ImportOptions{}, bundle.ErrForwarded},
		{"recipients manifest, encrypted to a passphrase", bundletest.EncryptPassphrase(bundletest.Inner(bundletest.Spec{Sender: alice,
			Payload: bundletest.Empty, EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 104}), "known words", 10),
			ImportOptions{Passphrase: "known words"}, bundle.ErrForwarded},
		{"weak signing key", with(func(s *bundletest.Spec) {
			s.SigningKey = neutral
			s.Signature = append(append([]byte{}, neutral...), make([]byte, 32)...)
		}), ImportOptions{}, bundle.ErrTampered},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := vaultBytes(t, p.bDir)
			changes := p.b.Store().Changes()
			_, err := ApplyImport(ctx, p.b, c.file, c.opts, nil)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if msg := Explain(err); msg.Topic != TopicShared || !strings.HasPrefix(msg.ID, "error.bundle_") {
				t.Fatalf("no message for %v", err)
			}
			if p.b.Store().Changes() != changes || p.b.Dirty() {
				t.Fatal("refused bundle changed the database")
			}
			if err := p.b.Save(); err != nil {
				t.Fatal(err)
			}
			if !equalFiles(before, vaultBytes(t, p.bDir)) {
				t.Fatal("vault files changed")
			}
		})
	}
}
