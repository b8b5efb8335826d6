package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/interop/ics"
	"github.com/safehouse-app/safehouse/internal/store"
)

// calendarFixture is an events screen on a vault with the sample event
// (which has a safety plan) and one task.
func calendarFixture(t *testing.T) (*scrEnv, *eventsScreen, *event.Event) {
	t.Helper()
	e := newScrEnv(t)
	ev := sampleEvent(t, e)
	task := &event.Task{EventID: ev.ID, Title: "Book the room", Notes: "Ask for the key"}
	if err := e.Session.Store().Tasks().Add(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	s := newTestEvents(t, e)
	return e, s, ev
}

func hasText(e *scrEnv, want string) bool {
	return strings.Contains(strings.Join(scrCanvasTexts(e), "\n"), want)
}

func TestCalendarExportDialogWarnsAndSharesInstead(t *testing.T) {
	e, s, ev := calendarFixture(t)
	s.list.Select(0)
	before := e.Session.Store().Changes()
	s.calendar.openExport()
	x := s.calendar
	if !hasText(e, "A calendar file is not encrypted.") || !hasText(e, "Share as an encrypted file instead") {
		t.Fatalf("warning missing: %q", scrCanvasTexts(e))
	}
	// The open event is preselected; "all events" is the other choice.
	if got := x.chosen(); len(got) != 1 || got[0] != ev.ID {
		t.Fatalf("chosen %v", got)
	}
	if x.safety.Checked {
		t.Fatal("safety plans included by default")
	}
	test.Tap(x.shareButton)
	if len(e.navs) != 1 || e.navs[0].id != ScreenSharing {
		t.Fatalf("navigations %+v", e.navs)
	}
	req, ok := e.navs[0].filter.(shareEventsRequest)
	if !ok || len(req.ids) != 1 || req.ids[0] != ev.ID {
		t.Fatalf("share request %+v", e.navs[0].filter)
	}
	if x.exportDlg != nil || e.Session.Store().Changes() != before {
		t.Fatal("dialog left open or store changed")
	}
	// The sharing screen ticks the event.
	sh := newSharing(e.Env)
	e.show(t, sh.Content(), 1280, 800)
	sh.Shown(req)
	checked := 0
	for i, c := range sh.share.eventChecks {
		if c.Checked {
			checked++
			if sh.share.events[i].ID != ev.ID {
				t.Errorf("wrong event ticked: %s", sh.share.events[i].Title)
			}
		}
	}
	if checked != 1 {
		t.Fatalf("%d events ticked", checked)
	}
}

// TestCalendarExportFilePrivateFromStart: like the contacts export, the
// file the save dialog opened (world-readable) is replaced by one only
// the user can read before anything is written: a descriptor opened on
// the dialog's file in between reads nothing of the calendar.
func TestCalendarExportFilePrivateFromStart(t *testing.T) {
	_, s, _ := calendarFixture(t)
	s.calendar.openExport()
	x := s.calendar
	x.scope.SetSelected(x.scope.Options[0]) // all events
	path := filepath.Join(t.TempDir(), "calendar.ics")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	spy, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer spy.Close()
	if n, err := x.save(f, path); err != nil || n != 1 {
		t.Fatalf("save: %d %v", n, err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 || st.Size() == 0 {
		t.Fatalf("exported file: %v %v, want mode 0600", st, err)
	}
	if b, _ := io.ReadAll(spy); len(b) != 0 {
		t.Fatalf("a descriptor opened on the dialog's file reads %d bytes of the calendar", len(b))
	}
}

func TestCalendarExportWritesPrivateFile(t *testing.T) {
	_, s, ev := calendarFixture(t)
	s.calendar.openExport()
	x := s.calendar
	x.scope.SetSelected(x.scope.Options[0]) // all events
	path := filepath.Join(t.TempDir(), "calendar.ics")
	// As the file dialog leaves it: created with the usual mode.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	n, err := x.save(f, path)
	if err != nil || n != 1 {
		t.Fatalf("save: %d %v", n, err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	p, err := ics.Parse(data, ics.ImportOptions{Zone: "UTC"})
	if err != nil || len(p.Events) != 1 || p.Events[0].UID != ics.UID(ev.ID) || len(p.Events[0].Tasks) != 1 {
		t.Fatalf("exported file: %v %+v", err, p)
	}
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n "), nil), []byte("Text the group")) {
		t.Fatal("safety plan exported without being asked")
	}
	// With the safety plan.
	x.safety.SetChecked(true)
	var buf closingBuffer
	if _, err := x.save(&buf, ""); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(bytes.ReplaceAll(buf.Bytes(), []byte("\r\n "), nil), []byte("Text the group when home.")) {
		t.Fatal("safety plan missing when asked for")
	}
}

type closingBuffer struct{ bytes.Buffer }

func (*closingBuffer) Close() error { return nil }

func TestCalendarExportCancelWritesNothing(t *testing.T) {
	e, s, _ := calendarFixture(t)
	dir := t.TempDir()
	before := e.Session.Store().Changes()
	s.calendar.openExport()
	test.Tap(findButton(t, e.Window.Canvas().Overlays().Top(), "Cancel"))
	if s.calendar.exportDlg != nil {
		t.Fatal("dialog still open")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 || e.Session.Store().Changes() != before || e.changed != 0 {
		t.Fatal("cancel wrote something")
	}
}

// icsSample is a small calendar with a new event and task, an event
// repeating hourly (kept at its first date), an orphan task and a duplicate of the fixture's event.
const icsSample = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n" +
	"BEGIN:VEVENT\r\nUID:a@example.org\r\nSUMMARY:Press conference\r\nDTSTART;TZID=W. Europe Standard Time:20261015T100000\r\nDTEND;TZID=W. Europe Standard Time:20261015T113000\r\nEND:VEVENT\r\n" +
	"BEGIN:VTODO\r\nUID:t@example.org\r\nSUMMARY:Write the statement\r\nRELATED-TO:a@example.org\r\nDUE;VALUE=DATE:20261012\r\nEND:VTODO\r\n" +
	"BEGIN:VEVENT\r\nUID:b@example.org\r\nSUMMARY:Hourly check-in\r\nDTSTART:20261005T160000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:c@example.org\r\nSUMMARY:Crypto party\r\nDTSTART;TZID=Europe/Berlin:20261008T180000\r\nEND:VEVENT\r\n" +
	"BEGIN:VTODO\r\nUID:o@example.org\r\nSUMMARY:Buy milk\r\nEND:VTODO\r\n" +
	"END:VCALENDAR\r\n"

func TestCalendarImportPreviewCancelThenConfirm(t *testing.T) {
	e, s, _ := calendarFixture(t)
	st := e.Session.Store()
	before := st.Changes()
	s.calendar.previewData([]byte(icsSample), nil)
	x := s.calendar
	for _, want := range []string{"2 new events will be added", "Press conference", "with 1 task", "only the first date (2026-10-05)",
		"1 event is already in your vault", "1 item cannot be imported", "Task “Buy milk”: it is not linked to an event in this file",
		"Nothing is added until you confirm.", "Add 2 events"} {
		if !hasText(e, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	test.Tap(x.cancel)
	if x.importDlg != nil || st.Changes() != before || e.changed != 0 {
		t.Fatal("cancel wrote something")
	}
	if all, _ := st.Events().List(context.Background(), store.EventFilter{}); len(all) != 1 {
		t.Fatalf("%d events after cancel", len(all))
	}

	s.calendar.previewData([]byte(icsSample), nil)
	test.Tap(s.calendar.confirm)
	if st.Changes() != before+1 || e.changed != 1 {
		t.Fatalf("changes %d, Changed called %d times", st.Changes()-before, e.changed)
	}
	all, _ := st.Events().List(context.Background(), store.EventFilter{})
	if len(all) != 3 {
		t.Fatalf("%d events after import", len(all))
	}
	var press *event.Event
	for _, ev := range all {
		if ev.Title == "Press conference" {
			press = ev
		}
	}
	if press == nil || press.TimeZone != "Europe/Berlin" || press.Start.UTC().Hour() != 8 {
		t.Fatalf("imported %+v", press)
	}
	tasks, _ := st.Tasks().ListForEvent(context.Background(), press.ID)
	if len(tasks) != 1 || tasks[0].Title != "Write the statement" || tasks[0].Due.String() != "2026-10-12" {
		t.Fatalf("tasks %+v", tasks)
	}
	if !strings.Contains(s.calendar.messageText, "2 events were added") || len(s.items) != 3 {
		t.Fatalf("result %q, %d listed", s.calendar.messageText, len(s.items))
	}

	// The same file again: nothing new, the confirm button is off.
	s.calendar.previewData([]byte(icsSample), nil)
	if !s.calendar.confirm.Disabled() || !hasText(e, "There is nothing new to import") {
		t.Fatal("nothing-new preview")
	}
}

func TestCalendarImportBadFile(t *testing.T) {
	e, s, _ := calendarFixture(t)
	before := e.Session.Store().Changes()
	s.calendar.previewData([]byte("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n"), nil)
	if s.calendar.messageText != "This is not a calendar (.ics) file. Nothing was imported." {
		t.Fatalf("message %q", s.calendar.messageText)
	}
	s.calendar.previewData(nil, ics.ErrTooLarge)
	if !strings.Contains(s.calendar.messageText, "too large") {
		t.Fatalf("message %q", s.calendar.messageText)
	}
	s.calendar.previewData(nil, os.ErrPermission)
	if s.calendar.messageText != "The file could not be read. Nothing was imported." {
		t.Fatalf("message %q", s.calendar.messageText)
	}
	if e.Session.Store().Changes() != before || s.calendar.importDlg != nil {
		t.Fatal("bad file changed something")
	}
	s.Teardown()
	if s.calendar.preview != nil || s.calendar.message != nil {
		t.Fatal("teardown kept calendar state")
	}
}

// The preview shows an untitled Exchange meeting with its note, and the
// lines of the file that were left out.
func TestCalendarImportPreviewUntitledAndSkippedLines(t *testing.T) {
	e, s, _ := calendarFixture(t)
	s.calendar.previewData([]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"+
		"BEGIN:VEVENT\r\nUID:ex-1\r\nDTSTART:20271005T120000Z\r\nDTEND:20271005T130000Z\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:ex-2\r\nSUMMARY:Budget\r\nDTSTART:20271006T120000Z\r\nX-BAD;NOVALUE:1\r\nEND:VEVENT\r\n"+
		"END:VCALENDAR\r\n"), nil)
	for _, want := range []string{"(untitled event)", "No title in the file: imported as untitled; you can give it a title later.",
		"Budget", "Left out while reading the file", "Line 12: the X-BAD entry could not be read and was left out.", "Add 2 events"} {
		if !hasText(e, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	test.Tap(s.calendar.confirm)
	all, _ := e.Session.Store().Events().List(context.Background(), store.EventFilter{})
	titles := map[string]bool{}
	for _, ev := range all {
		titles[ev.Title] = true
	}
	if !titles["(untitled event)"] || !titles["Budget"] {
		t.Errorf("imported %v", titles)
	}
	s.Teardown()
}
