package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/event"
)

// hostileName hides ".exe" behind a RIGHT-TO-LEFT OVERRIDE; marked is how
// a label must show it (package textsafe).
const (
	hostileName   = "Ali\u202eexe.ce"
	hostileMarked = "Ali[U+202E]exe.ce"
	hostileTitle  = "Meeting\u200b point"
	titleMarked   = "Meeting[U+200B] point"
)

// noRawFormatChars fails when a text on e's canvas holds a raw U+202E or
// U+200B, and returns how many texts show the markers of want.
func noRawFormatChars(t *testing.T, e *scrEnv, where string, want ...string) {
	t.Helper()
	texts := scrCanvasTexts(e)
	for _, text := range texts {
		if strings.ContainsAny(text, "\u202e\u200b") {
			t.Errorf("%s: raw format character shown in %q", where, text)
		}
	}
	for _, w := range want {
		found := false
		for _, text := range texts {
			found = found || strings.Contains(text, w)
		}
		if !found {
			t.Errorf("%s: %q not shown; texts %q", where, w, texts)
		}
	}
}

// TestFormatCharactersMarkedEverywhere: a name and a title that arrived
// from a peer (a contact record and an event), holding invisible format
// characters, are shown with visible markers wherever the app shows them
// beyond the lists and details: the people list, the open-a-file view
// (who the file is from, what it holds), the share dialog's choices and
// the dashboard, an event's tasks.
func TestFormatCharactersMarkedEverywhere(t *testing.T) {
	ctx := context.Background()
	a, b, sa, sb, bOnA, aOnB := pairSharing(t)
	ev := sampleEvent(t, a)
	ev.Title = hostileTitle
	// In the week to come, for the dashboard.
	ev.Start, ev.End = ev.Start.AddDate(0, 0, -5), ev.End.AddDate(0, 0, -5)
	if err := a.Session.Store().Events().Update(ctx, ev); err != nil {
		t.Fatal(err)
	}
	// On Bob's side, Alice's contact is named with format characters (as
	// a contact record imported from a shared file may be).
	c, err := b.Session.Store().Contacts().Get(ctx, aOnB)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = hostileName
	if err := b.Session.Store().Contacts().Update(ctx, c); err != nil {
		t.Fatal(err)
	}

	sb.reloadPeers()
	noRawFormatChars(t, b, "people list", hostileMarked)

	sa.showShare()
	noRawFormatChars(t, a, "share dialog", titleMarked)
	sa.share.close()

	file := exportEvent(t, sa, bOnA)
	sb.openData(file, nil)
	noRawFormatChars(t, b, "open a file", hostileMarked, titleMarked)

	newTestDashboard(t, a, 1280, 800)
	noRawFormatChars(t, a, "dashboard", titleMarked)

	if err := a.Session.Store().Tasks().Add(ctx, &event.Task{EventID: ev.ID, Title: "Bring" + hostileName}); err != nil {
		t.Fatal(err)
	}
	es := newTestEvents(t, a)
	es.Shown(EventRef(ev.ID))
	noRawFormatChars(t, a, "event detail", titleMarked, "Bring"+hostileMarked)
}
