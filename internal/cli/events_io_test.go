package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goical "github.com/arran4/golang-ical"
)

// calendarVault returns a vault with two events (one with two tasks, a
// safety plan and an assignee) and the events' IDs.
func calendarVault(t *testing.T) (c *cli, berlin, online string) {
	t.Helper()
	c = newVault(t)
	amina := c.id("contact", "add", "--name", "Amina K.")
	berlin = c.id("event", "add", "--title", "Crypto party, Berlin", "--start", "2027-10-21T18:00", "--end", "2027-10-21T21:00",
		"--tz", "Europe/Berlin", "--location", "Kulturhaus", "--threats", "CANARY-THREAT", "--kind", "workshop")
	c.id("task", "add", "--event", berlin, "--title", "Book the room", "--due", "2027-10-01", "--assignee", amina)
	c.id("task", "add", "--event", berlin, "--title", "Print flyers", "--notes", "A5")
	online = c.id("event", "add", "--title", "Online call", "--start", "2027-11-02T15:00", "--tz", "UTC")
	return c, berlin, online
}

func TestCalendarExportRefusesPlaintextWithoutFlag(t *testing.T) {
	c, _, _ := calendarVault(t)
	out := filepath.Join(t.TempDir(), "events.ics")
	r := c.fail(ExitUsage, "safehouse export --to ID --event ID", "event", "export", "--format", "ics", "-o", out)
	if !strings.Contains(r.stderr, "not encrypted") || !strings.Contains(r.stderr, "--yes-i-understand-plaintext") {
		t.Fatalf("stderr %q", r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("file written without the flag")
	}
	c.fail(ExitUsage, "'event export' needs -o", "event", "export", "--yes-i-understand-plaintext")
	c.fail(ExitUsage, "invalid value 'csv' for --format", "event", "export", "--format", "csv", "-o", out, "--yes-i-understand-plaintext")
}

func TestCalendarExport(t *testing.T) {
	c, berlin, _ := calendarVault(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "events.ics")
	r := c.run("event", "export", "--format", "ics", "-o", out, "--yes-i-understand-plaintext")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "Wrote "+out+": 2 events, 2 tasks") || !strings.Contains(r.stderr, "is not encrypted") {
		t.Fatalf("stdout %q stderr %q", r.stdout, r.stderr)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, %v", fi.Mode(), err)
	}
	data, _ := os.ReadFile(out)
	cal, err := goical.ParseCalendar(strings.NewReader(string(data)))
	if err != nil || len(cal.Events()) != 2 || len(cal.Todos()) != 2 {
		t.Fatalf("independent parse: %v", err)
	}
	for _, secret := range []string{"CANARY-THREAT", "Amina"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("export holds %q", secret)
		}
	}
	// An existing file is never replaced.
	c.fail(ExitError, "already exists", "event", "export", "-o", out, "--yes-i-understand-plaintext")

	// One event by ID prefix, with its safety plan on request.
	one := filepath.Join(dir, "one.ics")
	c.ok("event", "export", "--event", berlin[:8], "-o", one, "--yes-i-understand-plaintext", "--include-safety-plan")
	data, _ = os.ReadFile(one)
	unfolded := strings.ReplaceAll(string(data), "\r\n ", "")
	if strings.Count(unfolded, "BEGIN:VEVENT") != 1 || !strings.Contains(unfolded, "CANARY-THREAT") ||
		!strings.Contains(unfolded, "DTSTART;TZID=Europe/Berlin:20271021T180000") {
		t.Fatalf("single export:\n%s", unfolded)
	}
	c.fail(ExitError, "", "event", "export", "--event", "ffffffff", "-o", filepath.Join(dir, "x.ics"), "--yes-i-understand-plaintext")
	if _, err := os.Stat(filepath.Join(dir, "x.ics")); !os.IsNotExist(err) {
		t.Fatal("file written for an unknown event")
	}
}

func TestCalendarImport(t *testing.T) {
	src, _, _ := calendarVault(t)
	file := filepath.Join(t.TempDir(), "events.ics")
	src.ok("event", "export", "-o", file, "--yes-i-understand-plaintext")

	c := newVault(t)
	// Without a terminal and without --yes: refused, nothing written.
	r := c.fail(ExitUsage, "needs --yes", "event", "import", file)
	if !strings.Contains(r.stdout, "2 new events (2 tasks), 0 already in the vault, 0 cannot be imported") ||
		!strings.Contains(r.stdout, "Crypto party, Berlin") || !strings.Contains(r.stdout, "2027-10-21 18:00 Europe/Berlin") {
		t.Fatalf("preview %q", r.stdout)
	}
	if out := c.ok("event", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("events after a refused import: %s", out)
	}

	// On a terminal, "n" cancels.
	c.answers = []string{}
	c.stdin = "n\n"
	c.fail(ExitError, "import cancelled", "event", "import", file)
	if out := c.ok("event", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("events after a cancelled import: %s", out)
	}
	c.stdin = "y\n"
	r = c.run("event", "import", file)
	if r.code != 0 || !strings.Contains(r.stdout, "Added 2 events and 2 tasks") {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	c.answers, c.stdin = nil, ""
	var list []map[string]any
	if err := json.Unmarshal([]byte(c.ok("event", "list", "--json")), &list); err != nil || len(list) != 2 {
		t.Fatalf("list %v %v", list, err)
	}
	if list[0]["title"] != "Crypto party, Berlin" || list[0]["time_zone"] != "Europe/Berlin" || list[0]["start"] != "2027-10-21T16:00:00Z" {
		t.Fatalf("imported %v", list[0])
	}
	show := c.ok("event", "show", list[0]["id"].(string))
	if !strings.Contains(show, "Book the room") || !strings.Contains(show, "Print flyers") || strings.Contains(show, "CANARY") {
		t.Fatalf("show %q", show)
	}

	// Again: everything is already there.
	r = c.fail(ExitError, "nothing new to import", "event", "import", file, "--yes")
	if !strings.Contains(r.stdout, "0 new events (0 tasks), 2 already in the vault") {
		t.Fatalf("preview %q", r.stdout)
	}
}

func TestCalendarImportBadFiles(t *testing.T) {
	c := newVault(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ics")
	os.WriteFile(bad, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY;X=\"a\"b:c\r\n"), 0o600)
	c.fail(ExitError, "damaged near line 3", "event", "import", bad, "--yes")
	notCal := filepath.Join(dir, "card.vcf")
	os.WriteFile(notCal, []byte("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n"), 0o600)
	c.fail(ExitError, "not a calendar", "event", "import", notCal, "--yes")
	c.fail(ExitError, "could not read", "event", "import", filepath.Join(dir, "missing.ics"), "--yes")
	c.fail(ExitUsage, "exactly one calendar", "event", "import")
	c.fail(ExitUsage, "--tz", "event", "import", bad, "--tz", "Mars/Base")

	// Floating times are read in --tz.
	floating := filepath.Join(dir, "floating.ics")
	os.WriteFile(floating, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Floating\r\nDTSTART:20271021T100000\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n"+
		"BEGIN:VTODO\r\nSUMMARY:Orphan\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"), 0o600)
	r := c.run("event", "import", floating, "--yes", "--tz", "Asia/Kolkata")
	if r.code != 0 || !strings.Contains(r.stdout, "2027-10-21 10:00 Asia/Kolkata") || !strings.Contains(r.stdout, "only the first date (2027-10-21)") ||
		!strings.Contains(r.stdout, "not linked to an event") {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}

// An Exchange meeting without a title is imported as untitled, and a
// malformed line among good ones is listed as left out.
func TestCalendarImportUntitledAndSkippedLines(t *testing.T) {
	c := newVault(t)
	file := writeTemp(t, "meeting.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\n"+
		"BEGIN:VEVENT\r\nUID:ex-1\r\nDTSTART:20271005T120000Z\r\nDTEND:20271005T130000Z\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:ex-2\r\nSUMMARY:Budget\r\nDTSTART:20271006T120000Z\r\nATTENDEE;CN=\"broken:mailto:x@example.org\r\nEND:VEVENT\r\n"+
		"END:VCALENDAR\r\n")
	out := c.ok("event", "import", file, "--yes")
	for _, want := range []string{"(untitled event)", "No title in the file: imported as untitled", "Budget",
		"Left out while reading the file:", "Line 13: the ATTENDEE entry could not be read and was left out.", "Added 2 events"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if list := c.ok("event", "list"); !strings.Contains(list, "(untitled event)") {
		t.Errorf("list: %s", list)
	}
}
