package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func TestInit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		answers  []string // interactive when not nil
		file     string   // passphrase file content when not ""
		existing bool
		code     int
		stdout   string
		stderr   string
	}{
		{name: "interactive", answers: []string{testPass, testPass}, stdout: "created a new vault in"},
		{name: "file", file: testPass + "\r\n", stdout: "nobody can recover it"},
		{name: "mismatch", answers: []string{testPass, testPass + "x"}, code: 1, stderr: "not the same"},
		{name: "too short interactive", answers: []string{"short", "short"}, code: 1, stderr: "at least 8 characters"},
		{name: "too short file", file: "1234567\n", code: 1, stderr: "at least 8 characters"},
		{name: "empty file", file: "\n", code: 1, stderr: "the passphrase is empty"},
		{name: "existing vault", file: testPass, existing: true, code: 1, stderr: "already holds a vault"},
		{name: "no terminal", code: 2, stderr: "--passphrase-file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t)
			args := []string{"--vault", c.dir}
			if tc.existing {
				c.ok("init")
			}
			if tc.file != "" {
				if err := os.WriteFile(c.passFile, []byte(tc.file), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--passphrase-file", c.passFile)
			}
			c.answers = tc.answers
			r := c.runRaw(append(args, "init")...)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.stdout) || !strings.Contains(r.stderr, tc.stderr) {
				t.Fatalf("exit %d stdout %q stderr %q; want %d, %q, %q", r.code, r.stdout, r.stderr, tc.code, tc.stdout, tc.stderr)
			}
			if tc.code != 0 && !tc.existing && vault.Exists(c.dir) {
				t.Errorf("a vault was created despite the error")
			}
			if tc.code == 0 {
				c.answers = nil
				if tc.file == "" {
					// Interactive init: unlock with the same passphrase.
					c.answers = []string{testPass}
					if r := c.runRaw("--vault", c.dir, "check"); r.code != 0 {
						t.Fatalf("check after init: %d %q", r.code, r.stderr)
					}
					return
				}
				c.ok("check")
			}
		})
	}
}

func TestPassphraseFromStdin(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.stdin = testPass + "\n"
	if r := c.runRaw("--vault", c.dir, "--passphrase-file", "-", "init"); r.code != 0 {
		t.Fatalf("init from stdin: %d %q", r.code, r.stderr)
	}
	c.ok("check") // the file holds the same passphrase with one newline
}

func TestCheckCounts(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	c.id("contact", "add", "--name", "Amina K.")
	c.id("contact", "add", "--name", "Rights Org", "--kind", "organization")
	ev := c.id("event", "add", "--title", "Encryption Day", "--start", "2027-10-21T10:00")
	c.id("task", "add", "--event", ev[:8], "--title", "Book the room")
	out := c.ok("check")
	tutorials := fmt.Sprintf("tutorials  %d", builtinTutorials(t, ""))
	for _, want := range []string{"integrity check of data.age passed", "contacts   2", "events     1", "tasks      1", tutorials} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}

func TestPasswd(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	newFile := filepath.Join(t.TempDir(), "new")
	os.WriteFile(newFile, []byte("a much better passphrase\n"), 0o600)
	if out := c.ok("passwd", "--new-passphrase-file", newFile); !strings.Contains(out, "passphrase changed") {
		t.Errorf("passwd printed %q", out)
	}
	c.fail(1, text("error.wrong_passphrase"), "check")
	c.passFile = newFile
	c.ok("check")

	// Interactive: old, then new twice.
	c.answers = []string{"a much better passphrase", "third passphrase!", "third passphrase!"}
	if r := c.runRaw("--vault", c.dir, "passwd"); r.code != 0 {
		t.Fatalf("interactive passwd: %d %q", r.code, r.stderr)
	}
	c.answers = []string{"third passphrase!"}
	if r := c.runRaw("--vault", c.dir, "check"); r.code != 0 {
		t.Fatalf("check with the third passphrase: %d %q", r.code, r.stderr)
	}
	// A mismatch changes nothing.
	c.answers = []string{"third passphrase!", "fourth passphrase", "fourth passphrasE"}
	if r := c.runRaw("--vault", c.dir, "passwd"); r.code != 1 || !strings.Contains(r.stderr, "not the same") {
		t.Fatalf("mismatched passwd: %d %q", r.code, r.stderr)
	}
	c.answers = []string{"third passphrase!"}
	if r := c.runRaw("--vault", c.dir, "check"); r.code != 0 {
		t.Fatalf("check after refused passwd: %d %q", r.code, r.stderr)
	}
}

func TestContacts(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	amina := c.id("contact", "add", "--name", "Amina K.", "--org", "Open Rights", "--role", "lawyer",
		"--country", "de", "--tag", "Legal", "--tag", "berlin", "--stage", "supporter", "--trust", "known",
		"--channel", "signal:+49 555 0101", "--channel", "matrix:@amina:example.org", "--language", "de",
		"--language", "en", "--consent", "agreed in person", "--follow-up", "2027-11-01", "--notes", "met at the fair")
	bo := c.id("contact", "add", "--name", "Bo Lind", "--country", "SE", "--tag", "press")
	c.id("contact", "add", "--name", "Cryptoparty Kenya", "--kind", "organization", "--country", "KE", "--stage", "contacted")

	t.Run("list", func(t *testing.T) {
		c := c.in(t)
		tests := []struct {
			args []string
			want []string
		}{
			{nil, []string{"Amina K.", "Bo Lind", "Cryptoparty Kenya"}},
			{[]string{"--tag", "legal"}, []string{"Amina K."}},
			{[]string{"--stage", "contacted"}, []string{"Cryptoparty Kenya"}},
			{[]string{"--country", "se"}, []string{"Bo Lind"}},
			{[]string{"--search", "lawyer"}, []string{"Amina K."}},
			{[]string{"--search", "nobody-has-this"}, nil},
		}
		for _, tc := range tests {
			var got []contactJSON
			out := c.ok(append([]string{"contact", "list", "--json"}, tc.args...)...)
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v: %v in %q", tc.args, err, out)
			}
			var names []string
			for _, g := range got {
				names = append(names, g.Name)
			}
			if strings.Join(names, "|") != strings.Join(tc.want, "|") {
				t.Errorf("contact list %v = %q, want %q", tc.args, names, tc.want)
			}
		}
		human := c.ok("contact", "list")
		if !strings.Contains(human, amina[:8]+"  Amina K.") || strings.Contains(human, amina[:9]) {
			t.Errorf("human list does not show short IDs in columns:\n%s", human)
		}
	})

	t.Run("show json", func(t *testing.T) {
		c := c.in(t)
		var m map[string]any
		out := c.ok("contact", "show", amina[:8], "--json")
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "name", "kind", "organization", "role", "country", "languages", "channels",
			"tags", "stage", "trust", "consent", "follow_up", "notes", "created", "updated", "origin", "version"} {
			if _, ok := m[k]; !ok {
				t.Errorf("contact JSON lacks %q", k)
			}
		}
		var v contactJSON
		json.Unmarshal([]byte(out), &v)
		if v.ID != amina || v.Country != "DE" || v.Stage != "supporter" || v.Trust != "known" ||
			strings.Join(v.Tags, ",") != "berlin,legal" || *v.FollowUp != "2027-11-01" ||
			len(v.Channels) != 2 || v.Channels[1] != (channelJSON{"matrix", "@amina:example.org", ""}) ||
			strings.Join(v.Languages, ",") != "de,en" || v.Version != 1 {
			t.Errorf("contact JSON = %+v", v)
		}
		human := c.ok("contact", "show", amina)
		if !strings.Contains(human, "signal:+49 555 0101") || !strings.Contains(human, "met at the fair") {
			t.Errorf("human show:\n%s", human)
		}
	})

	t.Run("edit changes only given fields", func(t *testing.T) {
		c := c.in(t)
		var before, after contactJSON
		json.Unmarshal([]byte(c.ok("contact", "show", amina, "--json")), &before)
		if out := c.ok("contact", "edit", amina[:10], "--notes", "new notes", "--tag", "Speaker"); !strings.Contains(out, "updated contact Amina K.") {
			t.Errorf("edit printed %q", out)
		}
		json.Unmarshal([]byte(c.ok("contact", "show", amina, "--json")), &after)
		if after.Notes != "new notes" || strings.Join(after.Tags, ",") != "berlin,legal,speaker" || after.Version != 2 {
			t.Errorf("edited fields: %+v", after)
		}
		after.Notes, after.Tags, after.Version, after.Updated = before.Notes, before.Tags, before.Version, before.Updated
		a, _ := json.Marshal(after)
		b, _ := json.Marshal(before)
		if !bytes.Equal(a, b) {
			t.Errorf("edit changed other fields:\n%s\n%s", b, a)
		}
		c.ok("contact", "edit", amina, "--clear-tags", "--clear-channels", "--kind", "organization")
		json.Unmarshal([]byte(c.ok("contact", "show", amina, "--json")), &after)
		if len(after.Tags) != 0 || len(after.Channels) != 0 || after.Kind != "organization" || after.Stage != "prospect" || after.Name != "Amina K." {
			t.Errorf("after clearing: %+v", after)
		}
		c.fail(1, "doesn't fit this kind", "contact", "edit", amina, "--stage", "advocate")
	})

	t.Run("rm", func(t *testing.T) {
		c := c.in(t)
		ev := c.id("event", "add", "--title", "Panel", "--start", "2027-10-21T10:00")
		c.id("task", "add", "--event", ev, "--title", "Call Bo", "--assignee", bo[:6])
		if out := c.ok("contact", "rm", bo); out != "deleted contact Bo Lind (removed from 1 event)\n" {
			t.Errorf("rm printed %q", out)
		}
		if out := c.ok("contact", "rm", amina); out != "deleted contact Amina K.\n" {
			t.Errorf("rm printed %q", out)
		}
		c.fail(1, text("error.not_found"), "contact", "show", amina)
	})
}

func TestEventTimeZone(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	id := c.id("event", "add", "--title", "Global Encryption Day", "--start", "2027-10-21T10:00",
		"--end", "2027-10-21T12:30", "--tz", "Europe/Berlin", "--location", "Kulturhaus", "--status", "confirmed",
		"--kind", "public", "--objective", "1", "--objective", "4", "--threats", "counter-protest",
		"--mitigations", "buddy system", "--emergency-contacts", "legal hotline", "--check-in", "every hour")
	var e eventJSON
	out := c.ok("event", "show", id, "--json")
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	if got := e.Start.UTC().Format(time.RFC3339); got != "2027-10-21T08:00:00Z" {
		t.Errorf("start stored as %s, want 2027-10-21T08:00:00Z", got)
	}
	if e.End == nil || e.End.UTC().Format(time.RFC3339) != "2027-10-21T10:30:00Z" {
		t.Errorf("end = %v", e.End)
	}
	if e.TimeZone != "Europe/Berlin" || e.Status != "confirmed" || e.Kind != "public" || len(e.Objectives) != 2 ||
		e.SafetyPlan.CheckIn != "every hour" || e.SafetyPlan.Threats != "counter-protest" {
		t.Errorf("event JSON = %+v", e)
	}
	var m map[string]any
	json.Unmarshal([]byte(out), &m)
	for _, k := range []string{"id", "title", "kind", "start", "end", "time_zone", "location", "online", "description",
		"objectives", "status", "safety_plan", "outcome", "tasks", "participants"} {
		if _, ok := m[k]; !ok {
			t.Errorf("event JSON lacks %q", k)
		}
	}
	if human := c.ok("event", "list"); !strings.Contains(human, "2027-10-21 10:00 Europe/Berlin") {
		t.Errorf("event list shows:\n%s", human)
	}
	// Without --tz, $TZ names the zone.
	c.env["TZ"] = "America/Sao_Paulo"
	id2 := c.id("event", "add", "--title", "Oficina", "--start", "2027-10-21T10:00")
	json.Unmarshal([]byte(c.ok("event", "show", id2, "--json")), &e)
	if e.TimeZone != "America/Sao_Paulo" || e.Start.UTC().Hour() != 13 {
		t.Errorf("default zone: %s %s", e.TimeZone, e.Start)
	}
	if out := c.ok("event", "rm", id2); out != "deleted event Oficina\n" {
		t.Errorf("event rm printed %q", out)
	}
}

func TestTasks(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	ev := c.id("event", "add", "--title", "Workshop", "--start", "2027-10-21")
	who := c.id("contact", "add", "--name", "Noor")
	task := c.id("task", "add", "--event", ev[:6], "--title", "Print flyers", "--due", "2027-10-01", "--assignee", who)
	if out := c.ok("task", "done", task[:8]); out != "done: Print flyers\n" {
		t.Errorf("task done printed %q", out)
	}
	var e eventJSON
	json.Unmarshal([]byte(c.ok("event", "show", ev, "--json")), &e)
	if len(e.Tasks) != 1 || !e.Tasks[0].Done || *e.Tasks[0].Due != "2027-10-01" || *e.Tasks[0].AssigneeID != who || e.Tasks[0].EventID != ev {
		t.Errorf("tasks = %+v", e.Tasks)
	}
	if out := c.ok("event", "rm", ev); out != "deleted event Workshop and its 1 task\n" {
		t.Errorf("event rm printed %q", out)
	}
	c.fail(1, text("error.not_found"), "task", "done", task)
}

func TestSearchAndTutorials(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	c.id("contact", "add", "--name", "Zaid", "--notes", "knows the printer on Wollstrasse")
	c.id("event", "add", "--title", "Printer meetup", "--start", "2027-10-21T18:00")

	// A tutorial, added the way the app will.
	s, err := app.Unlock(c.dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	tu := &tutorial.Tutorial{Slug: "secure-messaging", Title: "Secure messaging", Summary: "Signal basics",
		Body: "# Steps\n- [ ] Install Signal {#install}\n- [ ] Verify safety numbers {#verify}\n"}
	if err := s.Store().Tutorials().Add(context.Background(), tu); err != nil {
		t.Fatal(err)
	}
	if err := s.Store().Tutorials().SetItemDone(context.Background(), "secure-messaging", "install", true); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	var hits []hitJSON
	if err := json.Unmarshal([]byte(c.ok("search", "printer", "--json")), &hits); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, h := range hits {
		kinds[h.Kind] = true
		if strings.ContainsAny(h.Snippet, "\x02\x03") {
			t.Errorf("snippet keeps highlight markers: %q", h.Snippet)
		}
	}
	if len(hits) != 2 || !kinds["contact"] || !kinds["event"] {
		t.Errorf("search hits = %+v", hits)
	}
	if out := c.ok("search", "Printer", "meetup"); !strings.Contains(out, "Printer meetup") {
		t.Errorf("human search:\n%s", out)
	}
	var tus []tutorialJSON
	if err := json.Unmarshal([]byte(c.ok("tutorial", "list", "--json")), &tus); err != nil {
		t.Fatal(err)
	}
	// The eleven built-in tutorials (advocacy and Staying safe) plus the
	// custom one.
	var custom *tutorialJSON
	builtins := 0
	for i := range tus {
		switch tus[i].Source {
		case "builtin":
			builtins++
		case "custom":
			custom = &tus[i]
		}
	}
	if len(tus) != 12 || builtins != 11 || custom == nil || custom.Slug != "secure-messaging" || custom.Progress != (progressJSON{1, 2}) || custom.Version != 1 {
		t.Errorf("tutorials = %+v", tus)
	}
	if out := c.ok("tutorial", "list"); !strings.Contains(out, "1/2") {
		t.Errorf("human tutorial list:\n%s", out)
	}
	// Built-ins are stored in every shipped language: --language picks
	// one, "all" lists every one.
	if err := json.Unmarshal([]byte(c.ok("tutorial", "list", "--json", "--language", "fr")), &tus); err != nil || len(tus) != builtinTutorials(t, "fr") || tus[0].Language != "fr" {
		t.Errorf("French tutorials: %d, %v; want %d", len(tus), err, builtinTutorials(t, "fr"))
	}
	if err := json.Unmarshal([]byte(c.ok("tutorial", "list", "--json", "--language", "all")), &tus); err != nil || len(tus) != builtinTutorials(t, "")+1 {
		t.Errorf("all tutorials: %d, %v; want the %d built in and 1 of the user's", len(tus), err, builtinTutorials(t, ""))
	}
}

// TestScript runs a session as a table of command lines, the way a shell
// script would use the CLI. $C, $E and $T stand for the last contact, event
// and task ID printed.
func TestScript(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	vars := map[string]string{}
	script := []struct {
		line   string
		code   int
		stdout string
		save   string // variable that receives stdout
	}{
		{line: "contact add --name Amina --tag legal --country DE", save: "C"},
		{line: "contact list", stdout: "Amina"},
		{line: "contact list --tag legal --json", stdout: `"name": "Amina"`},
		{line: "contact show $C --json", stdout: `"country": "DE"`},
		{line: "contact edit $C --stage advocate", stdout: "updated contact Amina"},
		{line: "event add --title Panel --start 2027-10-21T10:00 --tz Europe/Berlin", save: "E"},
		{line: "task add --event $E --title Chairs --assignee $C", save: "T"},
		{line: "task done $T", stdout: "done: Chairs"},
		{line: "event show $E", stdout: "2027-10-21 10:00 Europe/Berlin"},
		{line: "search chairs", stdout: "Chairs"},
		{line: "check", stdout: "contacts   1"},
		{line: "contact rm $C", stdout: "deleted contact Amina (removed from 1 event)"},
		{line: "contact show $C", code: 1},
		{line: "event rm $E", stdout: "deleted event Panel and its 1 task"},
		{line: "event list --bogus", code: 2},
		{line: "check", stdout: "events     0"},
	}
	for _, st := range script {
		args := strings.Fields(st.line)
		for i, a := range args {
			if strings.HasPrefix(a, "$") {
				args[i] = vars[a[1:]]
			}
		}
		r := c.run(args...)
		if r.code != st.code || !strings.Contains(r.stdout, st.stdout) {
			t.Fatalf("%s: exit %d stdout %q stderr %q; want %d and %q", st.line, r.code, r.stdout, r.stderr, st.code, st.stdout)
		}
		if st.save != "" {
			vars[st.save] = strings.TrimSpace(r.stdout)
		}
	}
}

// A time in an hour the clocks skip or repeat is read by RFC 5545's rule,
// the same in every zone, and the user is told.
func TestEventAddTimeInDSTChange(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	r := c.run("event", "add", "--title", "Night vigil", "--start", "2027-03-28T02:30", "--end", "2027-10-31T02:30", "--tz", "Europe/Berlin")
	if r.code != 0 || !strings.Contains(r.stderr, "2027-03-28T02:30 (--start) does not exist in Europe/Berlin because the clocks go forward; saved as 2027-03-28 03:30") ||
		!strings.Contains(r.stderr, "2027-10-31T02:30 (--end) happens twice in Europe/Berlin because the clocks go back; the first one was used (2027-10-31 00:30 UTC)") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
	var e eventJSON
	if err := json.Unmarshal([]byte(c.ok("event", "show", strings.TrimSpace(r.stdout), "--json")), &e); err != nil {
		t.Fatal(err)
	}
	if e.Start.UTC().Format(time.RFC3339) != "2027-03-28T01:30:00Z" || e.End == nil || e.End.UTC().Format(time.RFC3339) != "2027-10-31T00:30:00Z" {
		t.Errorf("stored %v %v", e.Start.UTC(), e.End)
	}
	// An ordinary time gets no note.
	if r := c.run("event", "add", "--title", "Day", "--start", "2027-06-01T10:00", "--tz", "Europe/Berlin"); r.code != 0 || r.stderr != "" {
		t.Errorf("ordinary time: %q", r.stderr)
	}
}

// builtinTutorials counts the tutorial files shipped in lang, or in every
// language for "".
func builtinTutorials(t *testing.T, lang string) int {
	t.Helper()
	pattern := "tutorials/*/*.md"
	if lang != "" {
		pattern = "tutorials/" + lang + "/*.md"
	}
	files, err := fs.Glob(assets.Tutorials, pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped tutorials for %q: %v", lang, err)
	}
	return len(files)
}
