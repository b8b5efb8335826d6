package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
)

// TestContactDetailKeyStatus shows the key state of a trusted person in
// the contact detail, and marks them verified from there.
func TestContactDetailKeyStatus(t *testing.T) {
	ctx := context.Background()
	a, b, c := newScrEnv(t), newScrEnv(t), newScrEnv(t)
	cardB, err := app.MyCard(ctx, b.Session, "Bob")
	if err != nil {
		t.Fatal(err)
	}
	cardC, err := app.MyCard(ctx, c.Session, "Carol")
	if err != nil {
		t.Fatal(err)
	}
	peer, err := app.AddPeer(ctx, a.Session, cardB.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	plain := a.addContacts(t, sampleContacts()[2])[0]
	s := newTestContacts(t, a)
	texts := func() string { return strings.Join(scrCanvasTexts(a), "\n") }

	// A contact without keys shows no key section.
	s.showContact(plain.ID)
	if s.detail.keyStatus != nil || s.detail.compareButton != nil || strings.Contains(texts(), "Sharing keys") {
		t.Fatal("key status shown for a contact without keys")
	}

	s.showContact(peer.ContactID)
	d := s.detail
	if d.keyStatus == nil || d.keyStatus.Text != "Not verified yet" || !slices.Contains(scrCanvasTexts(a), "Sharing keys") {
		t.Fatalf("status %v; texts %q", d.keyStatus, texts())
	}
	test.Tap(d.compareButton)
	want, _, err := app.SafetyPhrase(ctx, a.Session, peer.ContactID)
	if err != nil || d.phrase == nil || d.phrase.phrase != want || d.phrase.verify == nil {
		t.Fatalf("phrase dialog %+v (want %q) %v", d.phrase, want, err)
	}
	if p, _ := a.Session.Store().Peers().Get(ctx, peer.ContactID); p.Verified {
		t.Fatal("verified before the click")
	}
	test.Tap(d.phrase.verify)
	if p, _ := a.Session.Store().Peers().Get(ctx, peer.ContactID); !p.Verified {
		t.Fatal("not verified after the click")
	}
	if s.detail.keyStatus.Text != "Verified ✓" || s.detail.keyStatus.Importance != widget.SuccessImportance {
		t.Fatalf("status after verifying %q", s.detail.keyStatus.Text)
	}
	test.Tap(s.detail.compareButton)
	if s.detail.phrase == nil || s.detail.phrase.verify != nil {
		t.Fatal("verified person offered to verify again")
	}
	s.detail.phrase.dialog.Hide()

	// Other keys for the same contact: loud "Keys changed".
	if _, err := app.AddPeer(ctx, a.Session, cardC.String(), peer.ContactID); err != nil {
		t.Fatal(err)
	}
	s.showContact(peer.ContactID)
	st := s.detail.keyStatus
	if st.Text != "Keys changed" || st.Importance != widget.DangerImportance || !st.TextStyle.Bold {
		t.Fatalf("changed status %q %v %v", st.Text, st.Importance, st.TextStyle)
	}
	warning := a.T("sharing.people.changed_warning", map[string]any{"Name": "Bob"})
	if !slices.Contains(scrCanvasTexts(a), warning) {
		t.Fatalf("no warning %q: %q", warning, texts())
	}
	test.Tap(s.detail.compareButton)
	if s.detail.phrase == nil || s.detail.phrase.verify == nil {
		t.Fatal("changed keys cannot be verified")
	}
}
