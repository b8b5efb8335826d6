package ui

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/store"
)

// newTestSharing shows a Sharing screen on e.
func newTestSharing(t *testing.T, e *scrEnv) *sharingScreen {
	t.Helper()
	s := newSharing(e.Env)
	e.show(t, s.Content(), 1280, 800)
	s.Shown(nil)
	if s.cardLine == "" {
		t.Fatal("no card line shown")
	}
	return s
}

// addCard pastes card into s and adds it as a new contact; it returns
// the new peer.
func addCard(t *testing.T, s *sharingScreen, card string) *store.Peer {
	t.Helper()
	s.cardIn.SetText(card)
	test.Tap(s.checkCard)
	if !s.addBox.Visible() || s.addErrRow.Visible() {
		t.Fatalf("card not accepted: %q", s.addErr.Text)
	}
	before := len(s.peers)
	test.Tap(s.addPeer)
	if len(s.peers) != before+1 {
		t.Fatalf("%d peers after adding", len(s.peers))
	}
	for _, p := range s.peers {
		if p.Fingerprint != "" && strings.Contains(s.added.Text, p.Name) {
			return p
		}
	}
	t.Fatalf("added peer not found (%q)", s.added.Text)
	return nil
}

// pairSharing returns two sharing screens whose vaults trust each other
// (verified on both sides), and the peer IDs: B as seen by A and A as
// seen by B.
func pairSharing(t *testing.T) (a, b *scrEnv, sa, sb *sharingScreen, bOnA, aOnB string) {
	t.Helper()
	a, b = newScrEnv(t), newScrEnv(t)
	sa, sb = newTestSharing(t, a), newTestSharing(t, b)
	test.Type(sa.nameHint, "Alice")
	test.Type(sb.nameHint, "Bob")
	pb := addCard(t, sa, sb.cardLine)
	pa := addCard(t, sb, sa.cardLine)
	if pb.Name != "Bob" || pa.Name != "Alice" {
		t.Fatalf("names %q %q", pb.Name, pa.Name)
	}
	// Both sides see the same phrase; marking needs the deliberate click.
	sa.comparePhrase(pb.ContactID)
	sb.comparePhrase(pa.ContactID)
	if sa.phrase == "" || sa.phrase != sb.phrase {
		t.Fatalf("phrases differ: %q %q", sa.phrase, sb.phrase)
	}
	if p, _ := a.Session.Store().Peers().Get(context.Background(), pb.ContactID); p.Verified {
		t.Fatal("verified before the click")
	}
	test.Tap(sa.verifyButton)
	test.Tap(sb.verifyButton)
	for _, s := range []*sharingScreen{sa, sb} {
		if len(s.peers) != 1 || !s.peers[0].Verified {
			t.Fatalf("peers = %+v", s.peers)
		}
	}
	if !strings.Contains(strings.Join(scrCanvasTexts(a), "\n"), "Verified ✓") {
		t.Error("verified status not shown")
	}
	return a, b, sa, sb, pb.ContactID, pa.ContactID
}

// exportEvent shares every upcoming event of sa with the peer (or the
// passphrase) and returns the file.
func exportEvent(t *testing.T, sa *sharingScreen, peerID string) []byte {
	t.Helper()
	sa.showShare()
	f := sa.share
	if len(f.eventChecks) == 0 {
		t.Fatal("no upcoming events offered")
	}
	for _, c := range f.eventChecks {
		c.SetChecked(true)
	}
	test.Tap(f.next)
	for i, p := range f.peers {
		f.peerChecks[i].SetChecked(p.ContactID == peerID)
	}
	test.Tap(f.next)
	if f.step != stepCheck {
		t.Fatalf("no summary: %q", f.errLabel.Text)
	}
	var buf bytes.Buffer
	ex, err := f.exportTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}\.age$`).MatchString(ex.Name) || buf.Len() == 0 {
		t.Fatalf("name %q, %d bytes", ex.Name, buf.Len())
	}
	return buf.Bytes()
}

func TestSharingRoundTrip(t *testing.T) {
	a, b, sa, sb, bOnA, _ := pairSharing(t)
	ev := sampleEvent(t, a)
	file := exportEvent(t, sa, bOnA)

	// B previews: sender known and verified, one new event.
	sb.openData(file, nil)
	o := sb.open
	if !strings.Contains(o.sender.Text, "Alice") || !strings.Contains(o.sender.Text, "Verified") {
		t.Fatalf("sender = %q", o.sender.Text)
	}
	if !strings.Contains(o.changes.Text, "new 1") || !slices.Contains(o.itemTexts, "New event · Crypto party (October 8, 2026)") {
		t.Fatalf("changes = %q, items %q", o.changes.Text, o.itemTexts)
	}
	if o.importBtn.Disabled() {
		t.Fatal("import disabled")
	}
	if _, err := b.Session.Store().Events().Get(context.Background(), ev.ID); err == nil {
		t.Fatal("event imported by the preview")
	}
	test.Tap(o.importBtn)
	got, err := b.Session.Store().Events().Get(context.Background(), ev.ID)
	if err != nil || got.Title != "Crypto party" {
		t.Fatalf("event on B: %v %v", got, err)
	}
	if !o.result.Visible() || !strings.Contains(o.result.Text, "New 1") {
		t.Fatalf("result = %q", o.result.Text)
	}

	// Opening the same file again changes nothing and says so.
	changes := b.Session.Store().Changes()
	sb.openData(file, nil)
	if !o.note.Visible() || !strings.Contains(o.note.Text, "already imported") || !o.importBtn.Disabled() {
		t.Fatalf("replay note = %q", o.note.Text)
	}
	if b.Session.Store().Changes() != changes {
		t.Fatal("replay preview wrote to the vault")
	}
}

func TestSharingUnknownSenderNeedsTrust(t *testing.T) {
	_, b, _, sb, _, _ := pairSharing(t)
	// C knows B, B does not know C.
	c := newScrEnv(t)
	sc := newTestSharing(t, c)
	pb := addCard(t, sc, sb.cardLine)
	sampleEvent(t, c)
	file := exportEvent(t, sc, pb.ContactID)

	sb.openData(file, nil)
	o := sb.open
	if !o.trust.Visible() || !o.importBtn.Disabled() {
		t.Fatal("unknown sender can be imported without the trust click")
	}
	texts := strings.Join(scrCanvasTexts(b), "\n")
	if !strings.Contains(texts, "Warning: you have not added this sender") {
		t.Fatal("no unknown-sender warning")
	}
	test.Tap(o.trust)
	if o.importBtn.Disabled() {
		t.Fatal("import still disabled after trusting")
	}
	test.Tap(o.importBtn)
	peers, _ := b.Session.Store().Peers().List(context.Background())
	if len(peers) != 2 {
		t.Fatalf("%d peers after trusting", len(peers))
	}
	evs, _ := b.Session.Store().Events().List(context.Background(), store.EventFilter{})
	if len(evs) != 1 {
		t.Fatalf("%d events on B", len(evs))
	}
}

func TestSharingTamperedFileRefused(t *testing.T) {
	a, b, sa, sb, bOnA, _ := pairSharing(t)
	sampleEvent(t, a)
	file := exportEvent(t, sa, bOnA)
	bad := bytes.Clone(file)
	bad[len(bad)/2] ^= 0x40
	changes := b.Session.Store().Changes()
	sb.openData(bad, nil)
	o := sb.open
	if !o.refusal.Visible() || o.refusalL.Text == "" || !strings.Contains(o.refusalL.Text, "Nothing was imported") {
		t.Fatalf("refusal = %q", o.refusalL.Text)
	}
	if !o.importBtn.Disabled() {
		t.Fatal("import enabled for a tampered file")
	}
	test.Tap(o.importBtn)
	if b.Session.Store().Changes() != changes {
		t.Fatal("tampered file changed the vault")
	}
}

func TestSharingContactsNeedExtraCheckbox(t *testing.T) {
	a, _, sa, _, bOnA, _ := pairSharing(t)
	a.addContacts(t, &contact.Contact{Name: "Amina K.", Kind: contact.KindPerson,
		Channels: []contact.Channel{{Type: contact.ChannelSignal, Value: "+254 700 000001"}}, Notes: "met at the workshop"})
	sa.showShare()
	f := sa.share
	var amina int = -1
	for i, c := range f.contacts {
		if c.Name == "Amina K." {
			amina = i
		}
	}
	if amina < 0 {
		t.Fatalf("contacts offered: %+v", f.contacts)
	}
	if f.contactsPart.Visible() || len(f.contactChecks) != 0 {
		t.Fatal("contacts list shown before the extra checkbox")
	}
	// Ticked, then the extra checkbox unticked: no contact goes.
	test.Tap(f.contactsOn)
	f.contactChecks[amina].SetChecked(true)
	test.Tap(f.contactsOn)
	f.peerChecks[0].SetChecked(true)
	req, problem := f.request()
	if len(req.Selection.Contacts) != 0 || problem == "" {
		t.Fatalf("contacts shared without the checkbox: %+v %q", req.Selection, problem)
	}
	test.Tap(f.next)
	if f.step != stepWhat || !strings.Contains(f.errLabel.Text, "Choose at least one") {
		t.Fatalf("went on with nothing chosen: step %d, %q", f.step, f.errLabel.Text)
	}
	test.Tap(f.contactsOn)
	if !f.contactsPart.Visible() || f.inclChannels.Checked || f.inclNotes.Checked || !f.contactChecks[amina].Checked {
		t.Fatal("contacts part hidden, redaction off by default, or the tick lost")
	}
	req, problem = f.request()
	if problem != "" || len(req.Selection.Contacts) != 1 || req.Selection.IncludeChannels || req.Selection.IncludeNotes {
		t.Fatalf("request = %+v %q", req.Selection, problem)
	}
	if req.To[0] != bOnA {
		t.Fatalf("to = %v", req.To)
	}
	test.Tap(f.next)
	test.Tap(f.next)
	for _, want := range []string{"contacts 1", "Contact: Amina K.", "phone numbers and channels", "notes on the contacts", "Bob"} {
		if !strings.Contains(f.summary.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, f.summary.Text)
		}
	}
	// Back to What (nothing is lost on the way), tick the channels.
	test.Tap(f.back)
	test.Tap(f.back)
	if f.step != stepWhat || !f.contactChecks[amina].Checked || !f.peerChecks[0].Checked {
		t.Fatal("Back lost the choices")
	}
	test.Tap(f.inclChannels)
	test.Tap(f.next)
	test.Tap(f.next)
	if strings.Contains(f.summary.Text, "phone numbers and channels") {
		t.Error("channels listed as left out after ticking them")
	}
}

func TestSharingPassphraseAndChecks(t *testing.T) {
	a := newScrEnv(t)
	sa := newTestSharing(t, a)
	sampleEvent(t, a)
	sa.showShare()
	f := sa.share
	f.workFactor = 10
	test.Tap(f.next)
	if !strings.Contains(f.errLabel.Text, "Choose at least one") {
		t.Fatalf("error = %q", f.errLabel.Text)
	}
	f.eventChecks[0].SetChecked(true)
	test.Tap(f.next)
	f.how.SetSelected(a.T("sharing.share.to_passphrase"))
	test.Type(f.pass1, "correct horse")
	test.Type(f.pass2, "correct horsf")
	test.Tap(f.next)
	if f.step != stepWho || !strings.Contains(f.errLabel.Text, "different") {
		t.Fatalf("step %d, error = %q", f.step, f.errLabel.Text)
	}
	f.pass2.SetText("correct horse")
	test.Tap(f.next)
	if f.step != stepCheck || !strings.Contains(f.summary.Text, "passphrase") {
		t.Fatalf("summary = %q", f.summary.Text)
	}
	var buf bytes.Buffer
	if _, err := f.exportTo(&buf); err != nil {
		t.Fatal(err)
	}
	// Another vault opens it with the passphrase.
	b := newScrEnv(t)
	sb := newTestSharing(t, b)
	sb.openData(buf.Bytes(), nil)
	o := sb.open
	if !o.passRow.Visible() || !o.importBtn.Disabled() {
		t.Fatal("no passphrase asked")
	}
	o.pass.SetText("correct horse")
	o.retryWithPassphrase()
	if o.passRow.Visible() || !strings.Contains(o.changes.Text, "new 1") {
		t.Fatalf("changes = %q refusal %q", o.changes.Text, o.refusalL.Text)
	}
}
