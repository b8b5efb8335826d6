package ui

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// exportAll shares every upcoming event and every contact of sa with the
// peer, through the share dialog's steps.
func exportAll(t *testing.T, sa *sharingScreen, peerID string) []byte {
	t.Helper()
	sa.showShare()
	f := sa.share
	f.tickUpcoming()
	test.Tap(f.contactsOn)
	for _, c := range f.contactChecks {
		c.SetChecked(true)
	}
	test.Tap(f.next)
	for i, p := range f.peers {
		f.peerChecks[i].SetChecked(p.ContactID == peerID)
	}
	test.Tap(f.next)
	if f.step != stepCheck {
		t.Fatalf("stuck at step %d: %q", f.step, f.errLabel.Text)
	}
	var buf bytes.Buffer
	if _, err := f.exportTo(&buf); err != nil {
		t.Fatal(err)
	}
	f.close()
	return buf.Bytes()
}

// findContact returns the contact named name in e's vault.
func findContact(t *testing.T, e *scrEnv, name string) *contact.Contact {
	t.Helper()
	ctx := context.Background()
	sums, err := e.Session.Store().Contacts().ListSummaries(ctx, store.ContactFilter{Search: name})
	if err != nil || len(sums) == 0 {
		t.Fatalf("contact %q: %v", name, err)
	}
	c, err := e.Session.Store().Contacts().Get(ctx, sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The preview names each item with what happens to it, events with their
// date and tasks with their event, and marks records changed on both
// sides with an icon and words, first.
func TestImportPreviewNamesEachItem(t *testing.T) {
	ctx := context.Background()
	a, b, sa, sb, bOnA, _ := pairSharing(t)
	ev := sampleEvent(t, a)
	if err := a.Session.Store().Tasks().Add(ctx, &event.Task{EventID: ev.ID, Title: "Book the room"}); err != nil {
		t.Fatal(err)
	}
	a.addContacts(t, &contact.Contact{Name: "Amina K.", Kind: contact.KindPerson})

	sb.openData(exportAll(t, sa, bOnA), nil)
	o := sb.open
	for _, want := range []string{"New event · Crypto party (October 8, 2026)", "New task · Book the room (Crypto party)",
		"New contact · Amina K."} {
		if !slices.Contains(o.itemTexts, want) {
			t.Errorf("preview lacks %q: %q", want, o.itemTexts)
		}
	}
	texts := strings.Join(scrCanvasTexts(b), "\n")
	if !strings.Contains(texts, "What will change") || !strings.Contains(texts, "New event · Crypto party (October 8, 2026)") {
		t.Fatal("items not on screen")
	}
	test.Tap(o.importBtn)

	// Both change the event; A also renames the contact.
	for e, place := range map[*scrEnv]string{a: "Library, room 2", b: "Cafe Morgenrot"} {
		got, err := e.Session.Store().Events().Get(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.Location = place
		if err := e.Session.Store().Events().Update(ctx, got); err != nil {
			t.Fatal(err)
		}
	}
	amina := findContact(t, a, "Amina K.")
	amina.Role = "Trainer"
	if err := a.Session.Store().Contacts().Update(ctx, amina); err != nil {
		t.Fatal(err)
	}
	sb.openData(exportAll(t, sa, bOnA), nil)
	if len(o.itemTexts) < 2 || o.itemTexts[0] != "Changed on both sides: event · Crypto party (October 8, 2026)" {
		t.Fatalf("conflict not first: %q", o.itemTexts)
	}
	if !slices.Contains(o.itemTexts, "Changed contact · Amina K.") {
		t.Errorf("changed contact not named: %q", o.itemTexts)
	}
	// The conflict line: a warning icon, the words in bold, and what
	// happens to both versions.
	row := o.items.Objects[2].(*fyne.Container) // after the separator and the heading
	body := row.Objects[0].(*fyne.Container)
	l := body.Objects[0].(*widget.Label)
	icon := row.Objects[1].(*fyne.Container).Objects[0].(*widget.Icon)
	if !l.TextStyle.Bold || !strings.Contains(icon.Resource.Name(), "warning") {
		t.Errorf("conflict line: bold %v, icon %q", l.TextStyle.Bold, icon.Resource.Name())
	}
	if !strings.Contains(strings.Join(scrCanvasTexts(b), "\n"), "Both versions are kept") {
		t.Error("the conflict line does not say what happens")
	}
}

// A passphrase file: the field is labelled; a wrong passphrase says so
// under it and what to do next, keeping what was typed; the right one
// opens the preview.
func TestImportPreviewPassphrase(t *testing.T) {
	a := newScrEnv(t)
	sa := newTestSharing(t, a)
	sampleEvent(t, a)
	sa.showShare()
	f := sa.share
	f.workFactor = 10
	f.tickUpcoming()
	test.Tap(f.next)
	f.how.SetSelected(a.T("sharing.share.to_passphrase"))
	f.pass1.SetText("correct horse")
	f.pass2.SetText("correct horse")
	test.Tap(f.next)
	var buf bytes.Buffer
	if _, err := f.exportTo(&buf); err != nil {
		t.Fatal(err)
	}
	f.close()

	b := newScrEnv(t)
	sb := newTestSharing(t, b)
	changes := b.Session.Store().Changes()
	sb.openData(buf.Bytes(), nil)
	o := sb.open
	if !o.passRow.Visible() || !strings.Contains(strings.Join(scrCanvasTexts(b), "\n"), "Passphrase of this file") {
		t.Fatal("passphrase field not shown with its label")
	}
	test.Type(o.pass, "correct horsf")
	o.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter opens
	want := "Wrong passphrase. Nothing was imported. Check it with the person who sent the file"
	if !strings.HasPrefix(o.passErr.Text(), want) || o.pass.Text != "correct horsf" || !o.importBtn.Disabled() {
		t.Fatalf("after a wrong passphrase: %q, field %q", o.passErr.Text(), o.pass.Text)
	}
	if o.refusal.Visible() {
		t.Errorf("the generic refusal shown too: %q", o.refusalL.Text)
	}
	insideWindow(t, b.Window, "the wrong-passphrase line", o.passErr.row)
	if b.Session.Store().Changes() != changes {
		t.Fatal("a wrong passphrase wrote to the vault")
	}
	o.pass.SetText("correct horse")
	o.retryWithPassphrase()
	if o.passRow.Visible() || o.passErr.Text() != "" || !slices.Contains(o.itemTexts, "New event · Crypto party (October 8, 2026)") {
		t.Fatalf("not opened: %q %q", o.passErr.Text(), o.itemTexts)
	}
}

// A deletion by the sender is named with the date of the event here.
func TestImportPreviewNamesDeletions(t *testing.T) {
	ctx := context.Background()
	a, _, sa, sb, bOnA, _ := pairSharing(t)
	ev := sampleEvent(t, a)
	sb.openData(exportAll(t, sa, bOnA), nil)
	test.Tap(sb.open.importBtn)
	if err := a.Session.Store().Events().Delete(ctx, ev.ID); err != nil {
		t.Fatal(err)
	}
	other := &event.Event{Title: "Next meeting", Start: scrNow.Add(72 * time.Hour), TimeZone: "UTC"}
	if err := a.Session.Store().Events().Add(ctx, other); err != nil {
		t.Fatal(err)
	}
	sb.openData(exportAll(t, sa, bOnA), nil)
	if !slices.Contains(sb.open.itemTexts, "Deleted event · Crypto party (October 8, 2026)") {
		t.Fatalf("deletion not named: %q", sb.open.itemTexts)
	}
}

// The calendar file preview names new events the same way.
func TestCalendarPreviewNamesItems(t *testing.T) {
	e, s, _ := calendarFixture(t)
	s.calendar.previewData([]byte(icsSample), nil)
	if !hasText(e, "New event · Press conference — October 15, 2026, 10:00 – 11:30 (Berlin · Germany · UTC+02:00) with 1 task") {
		t.Errorf("calendar preview lines: %q", scrCanvasTexts(e))
	}
	s.calendar.cancelImport()
}

// The file is opened off the UI thread: meanwhile a moving bar says so
// and Import waits; a result that comes back after Cancel is dropped.
func TestImportPreviewOffTheUIThread(t *testing.T) {
	a, b, sa, sb, bOnA, _ := pairSharing(t)
	sampleEvent(t, a)
	file := exportAll(t, sa, bOnA)
	var pending []func()
	o := sb.open
	o.work.run = func(f func()) { pending = append(pending, f) }
	sb.openData(file, nil)
	if len(pending) != 1 || !o.work.box.Visible() || !o.importBtn.Disabled() || !hasText(b, "Opening and checking the file…") {
		t.Fatalf("while opening: %d tasks, busy %v", len(pending), o.work.box.Visible())
	}
	pending[0]()
	if o.work.box.Visible() || o.importBtn.Disabled() || !slices.Contains(o.itemTexts, "New event · Crypto party (October 8, 2026)") {
		t.Fatalf("after opening: busy %v, items %q", o.work.box.Visible(), o.itemTexts)
	}
	// Opened again, then cancelled before the result comes back.
	pending = nil
	sb.openData(file, nil)
	o.cancel()
	pending[0]()
	if o.in != nil || len(o.itemTexts) != 0 {
		t.Fatal("a result after Cancel was shown")
	}
}
