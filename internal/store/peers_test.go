package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

var (
	fp1 = strings.Repeat("a1", 32)
	fp2 = strings.Repeat("b2", 32)
)

func TestPeers(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	p, err := s.Peers().Add(ctx, store.NewPeer{Keys: contact.PeerKeys{Recipient: "age1pq1x", SigningKey: "k1"}, Fingerprint: fp1, NameHint: "Bob"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Bob" || p.Verified || p.KeyChanged || p.Keys.SigningKey != "k1" {
		t.Fatalf("new peer %+v", p)
	}
	c, _ := s.Contacts().Get(ctx, p.ContactID)
	if c.PeerKeys == nil || c.PeerKeys.Recipient != "age1pq1x" {
		t.Fatalf("contact keys %+v", c.PeerKeys)
	}
	// The same keys again: nothing changes.
	changes := s.Changes()
	if again, err := s.Peers().Add(ctx, store.NewPeer{Fingerprint: fp1}); err != nil || again.ContactID != p.ContactID {
		t.Fatalf("re-add: %+v %v", again, err)
	}
	if err := s.Peers().Verify(ctx, p.ContactID); err != nil {
		t.Fatal(err)
	}
	if err := s.Peers().SetLastSequence(ctx, fp1, 5); err != nil {
		t.Fatal(err)
	}
	if err := s.Peers().SetLastSequence(ctx, fp1, 3); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Peers().ByFingerprint(ctx, strings.ToUpper(fp1)); !got.Verified || got.LastSequence != 5 {
		t.Fatalf("after verify: %+v", got)
	}
	if s.Changes() == changes {
		t.Fatal("writes not counted")
	}
	// New keys for the same contact: flagged, verification and replay counter reset.
	p2, err := s.Peers().Add(ctx, store.NewPeer{Keys: contact.PeerKeys{Recipient: "age1pq1y", SigningKey: "k2"}, Fingerprint: fp2, ContactID: p.ContactID})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Verified || !p2.KeyChanged || p2.PreviousFingerprint != fp1 || p2.LastSequence != 0 || p2.Keys.SigningKey != "k2" {
		t.Fatalf("after key change %+v", p2)
	}
	// Keys of one contact cannot be attached to another.
	other := &contact.Contact{Name: "Eve"}
	s.Contacts().Add(ctx, other)
	if _, err := s.Peers().Add(ctx, store.NewPeer{Fingerprint: fp2, ContactID: other.ID}); !errors.Is(err, store.ErrPeerExists) {
		t.Fatalf("stolen keys: %v", err)
	}
	if _, err := s.Peers().ByFingerprint(ctx, fp1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("old fingerprint: %v", err)
	}
	list, _ := s.Peers().List(ctx)
	if len(list) != 1 {
		t.Fatalf("list %+v", list)
	}
}

func TestSharingSecretAndSequence(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.SharingSecret(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("empty vault: %v", err)
	}
	if ok, err := s.SetSharingSecret(ctx, &store.SharingSecret{AgeIdentity: "AGE-SECRET-KEY-PQ-1X", SigningSeed: []byte{1, 2}, Fingerprint: fp1}); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if ok, _ := s.SetSharingSecret(ctx, &store.SharingSecret{AgeIdentity: "other", Fingerprint: fp2}); ok {
		t.Fatal("identity replaced")
	}
	sec, err := s.SharingSecret(ctx)
	if err != nil || sec.AgeIdentity != "AGE-SECRET-KEY-PQ-1X" || sec.Fingerprint != fp1 {
		t.Fatalf("%+v %v", sec, err)
	}
	for want := int64(1); want <= 3; want++ {
		var got int64
		s.InTx(ctx, func(tx *store.Tx) error {
			got, err = tx.NextSequence(ctx)
			return err
		})
		if got != want {
			t.Fatalf("sequence %d, want %d", got, want)
		}
	}
	// The secret survives a serialize/load round trip (inside the image).
	img, _ := s.Serialize()
	s2, err := store.Load(img)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if sec, err := s2.SharingSecret(ctx); err != nil || sec.Fingerprint != fp1 {
		t.Fatal(err)
	}
	if n, err := s2.OutgoingSequence(ctx); err != nil || n != 3 {
		t.Fatalf("outgoing sequence %d, %v", n, err)
	}
	if _, err := newStore(t).OutgoingSequence(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no identity: %v", err)
	}
}

// TestBundleImportedBySender: a bundle counts as imported only for the
// sender it was recorded for, so a peer who reuses someone else's bundle
// ID cannot make that person's bundle look imported.
func TestBundleImportedBySender(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	const id = "00000000-0000-4000-8000-000000000001"
	if err := s.Sync().RecordBundle(ctx, id, fp1, 4); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Sync().BundleImported(ctx, id, fp1); !ok || err != nil {
		t.Fatalf("recorded bundle: %v %v", ok, err)
	}
	if ok, err := s.Sync().BundleImported(ctx, id, fp2); ok || err != nil {
		t.Fatalf("same ID from another sender: %v %v", ok, err)
	}
}

func TestPutKeepsMetadata(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	at := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	e := &event.Event{ID: "11111111-1111-4111-8111-111111111111", Created: at, Updated: at, Version: 7, Origin: fp1,
		Title: "Merged", Start: at}
	err := s.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.Events().Put(ctx, e); err != nil {
			return err
		}
		return tx.Sync().SetBase(ctx, e.ID, fp1, store.SyncBase{Local: 7, Remote: 7})
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Events().Get(ctx, e.ID)
	if err != nil || got.Version != 7 || got.Origin != fp1 || !got.Created.Equal(at) {
		t.Fatalf("%+v %v", got, err)
	}
	e.Title, e.Version = "Merged again", 9
	if err := s.Events().Put(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Events().Get(ctx, e.ID); got.Version != 9 || got.Title != "Merged again" {
		t.Fatalf("%+v", got)
	}
	if hits, _ := s.Search(ctx, "again", 5); len(hits) != 1 {
		t.Fatalf("search %+v", hits)
	}
	if b, ok, _ := s.Sync().Base(ctx, e.ID, fp1); !ok || b.Local != 7 {
		t.Fatalf("base %+v %v", b, ok)
	}
	bad := *e
	bad.ID = "../x"
	if err := s.Events().Put(ctx, &bad); err == nil {
		t.Fatal("invalid ID accepted")
	}
	bad = *e
	bad.Version = 0
	if err := s.Events().Put(ctx, &bad); err == nil {
		t.Fatal("version 0 accepted")
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Fatal(err)
	}
}

// Deleting a trusted person forgets their keys too: the impact says so
// before the delete, and reports it after.
func TestImpactNamesTrustedPerson(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	p, err := s.Peers().Add(ctx, store.NewPeer{Keys: contact.PeerKeys{Recipient: "age1pq1x", SigningKey: "k1"}, Fingerprint: fp1, NameHint: "Bob"})
	if err != nil {
		t.Fatal(err)
	}
	plain := &contact.Contact{Name: "Eve"}
	if err := s.Contacts().Add(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if imp, err := s.Contacts().Impact(ctx, plain.ID); err != nil || imp != (store.DeleteImpact{}) {
		t.Fatalf("plain contact: %+v %v", imp, err)
	}
	want := store.DeleteImpact{TrustedPerson: true}
	if imp, err := s.Contacts().Impact(ctx, p.ContactID); err != nil || imp != want {
		t.Fatalf("trusted person: %+v %v", imp, err)
	}
	if d, err := s.Contacts().Delete(ctx, p.ContactID); err != nil || d != want {
		t.Fatalf("delete: %+v %v", d, err)
	}
	if _, err := s.Peers().ByFingerprint(ctx, fp1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("keys kept after delete: %v", err)
	}
}
