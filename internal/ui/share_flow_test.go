package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// The share dialog goes What → Who → Check → Save with Back and Next,
// keeps its buttons in the window whatever the length of a step, and
// ends by saying where the file is.
func TestShareFlowSteps(t *testing.T) {
	a, _, sa, _, bOnA, _ := pairSharing(t)
	a.Window.Resize(fyne.NewSize(800, 600))
	ev := sampleEvent(t, a)
	// Enough contacts to make the What step scroll.
	for i := range 40 {
		a.addContacts(t, &contact.Contact{Name: "Contact " + string(rune('A'+i%26)) + string(rune('a'+i/26)), Kind: contact.KindPerson})
	}
	sa.showShare()
	f := sa.share
	if f.step != stepWhat || !f.back.Disabled() || f.next.Text != "Next" || f.done.Visible() {
		t.Fatalf("first step: %d, back disabled %v, next %q", f.step, f.back.Disabled(), f.next.Text)
	}
	if !f.stepLabels[stepWhat].TextStyle.Bold || f.stepLabels[stepWho].TextStyle.Bold {
		t.Error("the current step is not the one in bold")
	}
	test.Tap(f.contactsOn)
	for _, c := range f.contactChecks {
		c.SetChecked(true)
	}
	f.relayout()
	// The page scrolls; the buttons do not.
	if f.scroll.Content.MinSize().Height <= f.scroll.Size().Height {
		t.Fatalf("the What step does not scroll: %v in %v", f.scroll.Content.MinSize(), f.scroll.Size())
	}
	if parentOf(f.scroll, f.next) != nil {
		t.Fatal("Next scrolls with the page")
	}
	for name, b := range map[string]fyne.CanvasObject{"cancel": f.cancel, "back": f.back, "next": f.next} {
		insideWindow(t, a.Window, name, b)
	}

	f.eventChecks[0].SetChecked(true)
	test.Tap(f.next)
	if f.step != stepWho || f.back.Disabled() || !f.stepLabels[stepWho].TextStyle.Bold ||
		!strings.HasPrefix(f.stepLabels[stepWhat].Text, "✓") {
		t.Fatalf("second step: %d, labels %q %q", f.step, f.stepLabels[stepWhat].Text, f.stepLabels[stepWho].Text)
	}
	test.Tap(f.next) // nobody chosen
	if f.step != stepWho || !strings.Contains(f.errLabel.Text, "Choose at least one trusted person") {
		t.Fatalf("went on without recipients: %q", f.errLabel.Text)
	}
	insideWindow(t, a.Window, "error line", f.errRow)
	for i, p := range f.peers {
		f.peerChecks[i].SetChecked(p.ContactID == bOnA)
	}
	test.Tap(f.next)
	if f.step != stepCheck || f.next.Text != "Save file…" {
		t.Fatalf("third step: %d, %q", f.step, f.next.Text)
	}
	for _, want := range []string{"Event: Crypto party (October 8, 2026)", "Contact: Contact Aa", "Left out:", "who each task is assigned to"} {
		if !strings.Contains(f.summary.Text, want) {
			t.Errorf("summary lacks %q", want)
		}
	}

	// Save: the file is written, then the last step says where.
	path := filepath.Join(t.TempDir(), "3f9a0c1e.age")
	wc, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	f.saveTo(wc)
	if f.step != stepSaved || !f.done.Visible() || f.next.Visible() || f.back.Visible() || f.cancel.Visible() {
		t.Fatalf("last step: %d, %q", f.step, f.errLabel.Text)
	}
	if !strings.Contains(f.savedText.Text, path) || !strings.Contains(f.savedText.Text, "reveals nothing") {
		t.Errorf("saved text %q", f.savedText.Text)
	}
	if data, err := os.ReadFile(path); err != nil || len(data) == 0 {
		t.Fatalf("file: %v", err)
	}
	test.Tap(f.done)
	if f.events != nil || f.pass1.Text != "" {
		t.Error("the form kept its data after closing")
	}
	_ = ev
}

// "Select all upcoming" ticks every upcoming event and nothing else; the
// search narrows the lists without dropping ticks.
func TestShareFlowSelectUpcomingAndSearch(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	sa := newTestSharing(t, e)
	for _, title := range []string{"Crypto party", "Press briefing", "Workshop"} {
		ev := &event.Event{Title: title, Start: scrNow.Add(48 * time.Hour), TimeZone: "UTC"}
		if err := st.Events().Add(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	past := &event.Event{Title: "Old meeting", Start: scrNow.Add(-48 * time.Hour), TimeZone: "UTC"}
	if err := st.Events().Add(ctx, past); err != nil {
		t.Fatal(err)
	}
	e.addContacts(t, sampleContacts()...)
	sa.shareEvents([]string{past.ID}) // the calendar's "share instead" adds a past event, ticked
	f := sa.share
	if len(f.events) != 4 || f.upcoming != 3 || f.selectUpcoming.Text != "Select all upcoming (3)" {
		t.Fatalf("events %d, upcoming %d, button %q", len(f.events), f.upcoming, f.selectUpcoming.Text)
	}
	f.eventChecks[3].SetChecked(false)
	test.Tap(f.selectUpcoming)
	for i, c := range f.eventChecks {
		if c.Checked != (i < 3) {
			t.Errorf("event %q ticked %v", f.events[i].Title, c.Checked)
		}
	}

	test.Type(f.search, "press")
	var shown []string
	for _, c := range f.eventChecks {
		if c.Visible() {
			shown = append(shown, c.Text)
		}
	}
	if len(shown) != 1 || !strings.HasPrefix(shown[0], "Press briefing") || f.noMatch.Visible() {
		t.Fatalf("search shows %q", shown)
	}
	if len(f.selection().Events) != 3 {
		t.Fatal("the search dropped ticked events")
	}
	f.search.SetText("zzz")
	if !f.noMatch.Visible() {
		t.Fatal("no 'nothing matches' line")
	}
	f.search.SetText("")
	if f.noMatch.Visible() || !f.eventChecks[0].Visible() {
		t.Fatal("clearing the search does not show everything again")
	}
	f.close()
}

// The warning about contacts sits right under "Also share contacts",
// shown only once it is ticked; trusted people come verified first, and
// choosing one not verified is warned about on the Check step.
func TestShareFlowContactsWarningAndPeople(t *testing.T) {
	a, _, sa, _, _, _ := pairSharing(t)
	sampleEvent(t, a)
	if _, err := a.Session.Store().Peers().Add(context.Background(), store.NewPeer{
		Keys: contact.PeerKeys{Recipient: "age1pq1x", SigningKey: "k"}, Fingerprint: strings.Repeat("d4", 32), NameHint: "Aaron"}); err != nil {
		t.Fatal(err)
	}
	sa.showShare()
	f := sa.share
	page := f.pages[stepWhat].(*fyne.Container).Objects
	at := -1
	for i, o := range page {
		if o == f.contactsOn {
			at = i
		}
	}
	if at < 0 || at+1 >= len(page) || page[at+1] != f.contactsPart || f.contactsPart.Objects[0].(*fyne.Container) == nil {
		t.Fatal("the contacts part does not follow the checkbox")
	}
	if f.contactsPart.Visible() {
		t.Fatal("warning shown before ticking")
	}
	test.Tap(f.contactsOn)
	warn := f.contactsPart.Objects[0]
	if !warn.Visible() || !hasText(a, "Sharing contacts puts people at risk") {
		t.Fatal("no warning right under the checkbox")
	}
	f.eventChecks[0].SetChecked(true)
	test.Tap(f.next)
	if len(f.peers) != 2 || f.peers[0].Name != "Bob" || f.peers[1].Name != "Aaron" {
		t.Fatalf("people in order %q, %q", f.peers[0].Name, f.peers[1].Name)
	}
	if !strings.Contains(f.peerChecks[1].Text, "Aaron") || !strings.Contains(f.peerChecks[1].Text, "Not verified") {
		t.Errorf("unverified person labelled %q", f.peerChecks[1].Text)
	}
	f.peerChecks[1].SetChecked(true)
	test.Tap(f.next)
	if len(f.unverified.Objects) != 1 || !hasText(a, "Not verified yet: Aaron.") {
		t.Fatal("no warning for a recipient not verified")
	}
	test.Tap(f.back)
	f.peerChecks[1].SetChecked(false)
	f.peerChecks[0].SetChecked(true)
	test.Tap(f.next)
	if len(f.unverified.Objects) != 0 {
		t.Fatal("warning for a verified recipient")
	}
	test.Tap(f.cancel)
	if a.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("Cancel left the dialog open")
	}
}

// Enter in the second passphrase field goes on to the Check step.
func TestShareFlowEnterInPassphrase(t *testing.T) {
	e := newScrEnv(t)
	sa := newTestSharing(t, e)
	sampleEvent(t, e)
	sa.showShare()
	f := sa.share
	f.tickUpcoming()
	test.Tap(f.next)
	f.how.SetSelected(e.T("sharing.share.to_passphrase"))
	test.Type(f.pass1, "correct horse")
	f.pass1.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(f.pass2, "correct horse")
	f.pass2.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.step != stepCheck {
		t.Fatalf("Enter did not go on: step %d, %q", f.step, f.errLabel.Text)
	}
	f.close()
}

// The contacts' Export → "share instead" opens the dialog with the
// contacts ticked (their checkboxes are made on demand).
func TestShareFlowFromContacts(t *testing.T) {
	e := newScrEnv(t)
	sa := newTestSharing(t, e)
	cs := e.addContacts(t, sampleContacts()...)
	sa.shareContacts([]string{cs[1].ID})
	f := sa.share
	if !f.contactsOn.Checked || !f.contactsPart.Visible() || len(f.contactChecks) != 3 {
		t.Fatalf("contacts part: on %v, %d checks", f.contactsOn.Checked, len(f.contactChecks))
	}
	sel := f.selection()
	if len(sel.Contacts) != 1 || sel.Contacts[0] != cs[1].ID || !sel.IncludeChannels {
		t.Fatalf("selection %+v", sel)
	}
	f.close()
}

// The Check step names at most summaryItems items and counts the rest.
func TestShareFlowSummaryCapsItems(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	sa := newTestSharing(t, e)
	for i := range summaryItems + 5 {
		ev := &event.Event{Title: "Meeting " + string(rune('A'+i%26)) + string(rune('a'+i/26)), Start: scrNow.Add(48 * time.Hour), TimeZone: "UTC"}
		if err := e.Session.Store().Events().Add(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	sa.showShare()
	f := sa.share
	f.workFactor = 10
	f.tickUpcoming()
	test.Tap(f.next)
	f.how.SetSelected(e.T("sharing.share.to_passphrase"))
	f.pass1.SetText("x")
	f.pass2.SetText("x")
	test.Tap(f.next)
	if n := strings.Count(f.summary.Text, "• Event: "); n != summaryItems || !strings.Contains(f.summary.Text, "…and 5 more") {
		t.Fatalf("%d events named:\n%s", n, f.summary.Text)
	}
	f.close()
}
