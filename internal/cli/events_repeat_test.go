package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestEventRepeat(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	id := c.id("event", "add", "--title", "Chapter meeting", "--start", "2027-09-07T19:00", "--end", "2027-09-07T21:00",
		"--tz", "Europe/Berlin", "--repeat", "weekly", "--on", "tue", "--until", "2027-12-31")
	var e eventJSON
	if err := json.Unmarshal([]byte(c.ok("event", "show", id, "--json")), &e); err != nil {
		t.Fatal(err)
	}
	if e.Repeat == nil || e.Repeat.Rule != "FREQ=WEEKLY;UNTIL=20271231;BYDAY=TU" {
		t.Fatalf("repeat = %+v", e.Repeat)
	}
	if show := c.ok("event", "show", id); !strings.Contains(show, "FREQ=WEEKLY;UNTIL=20271231;BYDAY=TU") {
		t.Errorf("event show:\n%s", show)
	}
	// Each date in a window, at 19:00 Berlin time on both sides of 31 October.
	human := c.ok("event", "list", "--from", "2027-10-20", "--to", "2027-11-03")
	for _, want := range []string{"2027-10-26 19:00 Europe/Berlin", "2027-11-02 19:00 Europe/Berlin", "↻ Chapter meeting"} {
		if !strings.Contains(human, want) {
			t.Errorf("event list lacks %q:\n%s", want, human)
		}
	}
	if strings.Contains(human, "2027-10-19") || strings.Count(human, "Chapter meeting") != 2 {
		t.Errorf("event list outside the window:\n%s", human)
	}
	var views []eventJSON
	json.Unmarshal([]byte(c.ok("event", "list", "--json", "--from", "2027-10-20", "--to", "2027-11-03")), &views)
	if len(views) != 2 || views[0].SeriesID != id || views[0].OccurrenceOf == nil ||
		views[1].Start.UTC().Format(time.RFC3339) != "2027-11-02T18:00:00Z" {
		t.Fatalf("list JSON = %+v", views)
	}
	// Monthly on the last Friday, three times; then no longer repeating.
	id2 := c.id("event", "add", "--title", "Coalition call", "--start", "2027-09-24T15:00", "--tz", "UTC",
		"--repeat", "monthly", "--on", "last-fri", "--times", "3")
	out := c.ok("event", "list", "--from", "2027-09-01", "--to", "2028-03-01", "--search", "coalition")
	for _, want := range []string{"2027-09-24 15:00", "2027-10-29 15:00", "2027-11-26 15:00"} {
		if !strings.Contains(out, want) {
			t.Errorf("last Fridays: no %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, "2027-12-31") {
		t.Errorf("a fourth date:\n%s", out)
	}
	c.ok("event", "repeat", id2, "--repeat", "none")
	if out := c.ok("event", "list", "--from", "2027-09-01", "--to", "2028-03-01", "--search", "coalition"); strings.Count(out, "Coalition call") != 1 {
		t.Errorf("after --repeat none:\n%s", out)
	}
	c.ok("event", "repeat", id2, "--repeat", "monthly", "--every", "2", "--day", "24")
	if out := c.ok("event", "list", "--from", "2027-09-01", "--to", "2028-01-01", "--search", "coalition"); !strings.Contains(out, "2027-11-24 15:00") || strings.Contains(out, "2027-10-24") {
		t.Errorf("every 2 months on day 24:\n%s", out)
	}
	// Bad flags are usage errors; absurd values refused before anything is written.
	for _, args := range [][]string{
		{"--repeat", "hourly"},
		{"--repeat", "weekly", "--on", "2tue"},
		{"--repeat", "daily", "--times", "1000000000"},
		{"--repeat", "daily", "--every", "0"},
		{"--repeat", "daily", "--until", "2027-13-01"},
		{"--repeat", "daily", "--until", "2027-12-01", "--times", "3"},
		{"--every", "2"},
		{"--repeat", "yearly", "--on", "mon"},
	} {
		r := c.run(append([]string{"event", "add", "--title", "X", "--start", "2027-09-07T19:00"}, args...)...)
		if r.code != 2 {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}
