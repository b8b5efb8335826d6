package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func TestMain(m *testing.M) {
	restore := vault.SetWorkFactorForTesting(10)
	// Generation records go to a test folder, never the user's.
	seen, err := os.MkdirTemp("", "safehouse-seen-")
	if err != nil {
		panic(err)
	}
	vault.SetSeenDir(seen)
	code := m.Run()
	restore()
	os.RemoveAll(seen)
	os.Exit(code)
}

const testPass = "correct horse battery"

// result is what one invocation of Run produced.
type result struct {
	code           int
	stdout, stderr string
}

// cli runs commands against one vault folder.
type cli struct {
	t        *testing.T
	dir      string
	passFile string
	env      map[string]string
	// answers are returned by ReadPassword in order; when set, the
	// terminal is interactive.
	answers []string
	stdin   string
	// prefsFile is the desktop app's preferences file (Env.PrefsFile).
	prefsFile string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	tmp := t.TempDir()
	pf := filepath.Join(tmp, "pass")
	if err := os.WriteFile(pf, []byte(testPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return &cli{t: t, dir: filepath.Join(tmp, "vault"), passFile: pf, env: map[string]string{"TZ": "UTC"}}
}

// newVault returns a cli on a freshly initialized vault.
func newVault(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.ok("init")
	return c
}

// run runs args with --vault and --passphrase-file in front.
func (c *cli) run(args ...string) result {
	c.t.Helper()
	return c.runRaw(append([]string{"--vault", c.dir, "--passphrase-file", c.passFile}, args...)...)
}

// runRaw runs args as given.
func (c *cli) runRaw(args ...string) result {
	c.t.Helper()
	var stdout, stderr bytes.Buffer
	answers := c.answers
	env := Env{
		Stdin:     strings.NewReader(c.stdin),
		Stdout:    &stdout,
		Stderr:    &stderr,
		Getenv:    func(k string) string { return c.env[k] },
		Now:       func() time.Time { return time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC) },
		PrefsFile: c.prefsFile,
	}
	if answers != nil {
		env.IsTerminal = func() bool { return true }
		env.ReadPassword = func(string) ([]byte, error) {
			if len(answers) == 0 {
				return nil, errors.New("no more answers")
			}
			a := answers[0]
			answers = answers[1:]
			return []byte(a), nil
		}
	}
	code := Run(context.Background(), args, env)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	if r.stderr != "" {
		// The message rule: one line, prefixed.
		if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "safehouse: ") {
			c.t.Errorf("%q: stderr is not one 'safehouse: ' line: %q", args, r.stderr)
		}
		if strings.Contains(r.stderr, "goroutine") || strings.Contains(r.stderr, "panic") {
			c.t.Errorf("%q: stack trace on stderr: %q", args, r.stderr)
		}
	}
	return r
}

// ok runs args and fails the test unless they succeed; it returns stdout.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.code != 0 {
		c.t.Fatalf("%q: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r.stdout
}

// fail runs args and checks the exit status and a stderr substring.
func (c *cli) fail(code int, want string, args ...string) result {
	c.t.Helper()
	r := c.run(args...)
	if r.code != code {
		c.t.Fatalf("%q: exit %d, want %d (stderr %q)", args, r.code, code, r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		c.t.Fatalf("%q: stderr %q does not contain %q", args, r.stderr, want)
	}
	return r
}

// id runs an add command and returns the ID it printed alone on stdout.
func (c *cli) id(args ...string) string {
	c.t.Helper()
	out := c.ok(args...)
	id := strings.TrimSuffix(out, "\n")
	if len(id) != 36 || strings.ContainsAny(id, " \n") {
		c.t.Fatalf("%q printed %q, want an ID alone", args, out)
	}
	return id
}

// in returns a copy of c reporting to the subtest t.
func (c *cli) in(t *testing.T) *cli {
	c2 := *c
	c2.t = t
	return &c2
}

// text is the English text of a message, as the CLI prints it.
func text(id string) string {
	return newTranslator(func(string) string { return "" }).T(id, nil)
}

// snapshot returns the content hash and mtime of every file in dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		m[p] = info.ModTime().String() + " " + hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Errorf("%s: files changed: %d before, %d after", what, len(before), len(after))
	}
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s: %s was written", what, filepath.Base(p))
		}
	}
}

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

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, "unknown command 'frobnicate'"},
		{[]string{"contact"}, "needs a subcommand"},
		{[]string{"contact", "fly"}, "unknown command 'contact fly'"},
		{[]string{"contact", "add"}, "needs --name"},
		{[]string{"contact", "add", "--name", "X", "--bogus"}, "unknown flag --bogus"},
		{[]string{"contact", "add", "--name"}, "--name needs a value"},
		{[]string{"contact", "add", "--name", "X", "--kind", "robot"}, "use one of person, organization, business"},
		{[]string{"contact", "add", "--name", "X", "--channel", "pigeon:coo"}, "TYPE:VALUE"},
		{[]string{"contact", "add", "--name", "X", "--follow-up", "tomorrow"}, "use YYYY-MM-DD"},
		{[]string{"contact", "show"}, "needs an ID"},
		{[]string{"contact", "show", "a", "b"}, "unexpected argument 'b'"},
		{[]string{"event", "add", "--title", "T"}, "needs --start"},
		{[]string{"event", "add", "--title", "T", "--start", "soon"}, "use YYYY-MM-DDTHH:MM"},
		{[]string{"event", "add", "--title", "T", "--start", "2027-10-21", "--tz", "Mars/Olympus"}, "unknown time zone"},
		{[]string{"event", "add", "--title", "T", "--start", "2027-10-21", "--objective", "7"}, "from 1 to 6"},
		{[]string{"task", "add", "--title", "T"}, "needs --event"},
		{[]string{"search"}, "needs a query"},
		{[]string{"demo"}, "needs --out"},
		{[]string{"demo", "--out", "x", "--scale", "huge"}, "small, typical, large"},
		{[]string{"check", "--from-previous=maybe"}, "invalid value 'maybe'"},
	}
	before := snapshot(t, c.dir)
	for _, tc := range tests {
		r := c.run(tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "safehouse help") || r.stdout != "" {
			t.Errorf("%q: exit %d stderr %q stdout %q; want 2 and %q", tc.args, r.code, r.stderr, r.stdout, tc.want)
		}
	}
	sameSnapshot(t, "usage errors", before, snapshot(t, c.dir))

	// No passphrase source in a script.
	if r := c.runRaw("--vault", c.dir, "contact", "list"); r.code != 2 || !strings.Contains(r.stderr, "--passphrase-file") {
		t.Errorf("no passphrase: %d %q", r.code, r.stderr)
	}
	// Help goes to stdout.
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"help", "contact"}, {"contact", "add", "-h"}, {"event", "--help"}} {
		r := c.runRaw(args...)
		if r.code != 0 || !strings.Contains(r.stdout, "safehouse") || r.stderr != "" {
			t.Errorf("%q: exit %d stdout %q stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if out := c.runRaw("help", "contact").stdout; !strings.Contains(out, "contact add") || strings.Contains(out, "event add") {
		t.Errorf("help contact:\n%s", out)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	c.id("contact", "add", "--name", "Amina")
	c.id("contact", "add", "--name", "Bo")

	t.Run("unknown ID", func(t *testing.T) {
		c := c.in(t)
		r := c.fail(1, text("error.not_found"), "contact", "show", "00000000-dead")
		if r.stdout != "" {
			t.Errorf("stdout %q", r.stdout)
		}
		c.fail(1, text("error.id_too_short"), "contact", "show", "abc")
		c.fail(1, text("error.not_found"), "task", "add", "--event", "deadbeef", "--title", "x")
	})

	t.Run("validation", func(t *testing.T) {
		c := c.in(t)
		c.fail(1, "Please choose a country from the list.", "contact", "add", "--name", "X", "--country", "ZZ")
		c.fail(1, "Please enter a name.", "contact", "add", "--name", "  ")
		c.fail(1, "The end must be after the start.", "event", "add", "--title", "T", "--start", "2027-10-21T10:00", "--end", "2027-10-21T09:00")
	})

	t.Run("wrong passphrase", func(t *testing.T) {
		c := c.in(t)
		before := snapshot(t, c.dir)
		os.WriteFile(c.passFile, []byte("not the passphrase\n"), 0o600)
		defer os.WriteFile(c.passFile, []byte(testPass+"\n"), 0o600)
		tr := newTranslator(func(string) string { return "" })
		want := "safehouse: " + tr.T("error.wrong_passphrase", nil) + "\n"
		for _, args := range [][]string{{"contact", "add", "--name", "Eve"}, {"contact", "list"}, {"check"}} {
			r := c.run(args...)
			if r.code != 1 || r.stderr != want || r.stdout != "" {
				t.Errorf("%q: exit %d stderr %q; want 1 and %q", args, r.code, r.stderr, want)
			}
		}
		sameSnapshot(t, "wrong passphrase", before, snapshot(t, c.dir))
	})

	t.Run("no vault", func(t *testing.T) {
		c := c.in(t)
		r := c.runRaw("--vault", filepath.Join(t.TempDir(), "none"), "contact", "list")
		if r.code != 1 || !strings.Contains(r.stderr, text("error.no_vault")) {
			t.Errorf("no vault: %d %q", r.code, r.stderr)
		}
	})

	t.Run("vault from environment", func(t *testing.T) {
		c := c.in(t)
		c2 := &cli{t: t, env: map[string]string{EnvVault: c.dir}, passFile: c.passFile}
		r := c2.runRaw("--passphrase-file", c.passFile, "contact", "list")
		if r.code != 0 || !strings.Contains(r.stdout, "Amina") {
			t.Errorf("SAFEHOUSE_VAULT: %d %q %q", r.code, r.stdout, r.stderr)
		}
	})
}

func TestReadOnlyCommandsWriteNothing(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	id := c.id("contact", "add", "--name", "Amina", "--tag", "x")
	ev := c.id("event", "add", "--title", "Meetup", "--start", "2027-10-21T10:00")
	c.id("task", "add", "--event", ev, "--title", "Chairs")
	before := snapshot(t, c.dir)
	time.Sleep(20 * time.Millisecond) // so a rewrite would show in mtimes
	for _, args := range [][]string{
		{"contact", "list"}, {"contact", "list", "--json", "--tag", "x"}, {"contact", "show", id}, {"contact", "show", id, "--json"},
		{"event", "list"}, {"event", "list", "--json"}, {"event", "show", ev}, {"event", "show", ev, "--json"},
		{"tutorial", "list"}, {"search", "amina"}, {"search", "meetup", "--json"}, {"check"},
	} {
		c.ok(args...)
	}
	sameSnapshot(t, "read-only commands", before, snapshot(t, c.dir))
}

func TestDamagedAndPrevious(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	c.fail(1, "no previous copy", "check", "--from-previous")
	c.id("contact", "add", "--name", "First")
	c.id("contact", "add", "--name", "Second") // data.age.prev now holds "First"

	data := filepath.Join(c.dir, vault.DataFile)
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(data, b, 0o600); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, c.dir)
	r := c.fail(1, "safehouse check --from-previous", "check")
	if !strings.Contains(r.stderr, "damaged") {
		t.Errorf("check on damaged vault: %q", r.stderr)
	}
	c.fail(1, "--from-previous", "contact", "list")
	out := c.ok("check", "--from-previous")
	if !strings.Contains(out, "previous copy (data.age.prev)") || !strings.Contains(out, "contacts   1") {
		t.Errorf("check --from-previous:\n%s", out)
	}
	sameSnapshot(t, "checks of a damaged vault", before, snapshot(t, c.dir))

	c.fail(2, "--restore", "check", "--restore")
	out = c.ok("check", "--from-previous", "--restore")
	if !strings.Contains(out, "restored") {
		t.Errorf("check --from-previous --restore:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(c.dir, vault.DamagedFile)); err != nil {
		t.Errorf("damaged file not set aside: %v", err)
	}
	out = c.ok("check")
	if !strings.Contains(out, "contacts   1") {
		t.Errorf("check after restore:\n%s", out)
	}
	c.id("contact", "add", "--name", "Third")
	if out := c.ok("contact", "list"); !strings.Contains(out, "Third") || !strings.Contains(out, "First") {
		t.Errorf("editing after restore:\n%s", out)
	}
}

func TestDemo(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out := filepath.Join(t.TempDir(), "demo")
	c.passFile = ""
	start := time.Now()
	r := c.runRaw("--vault", c.dir, "demo", "--out", out) // --vault is ignored: demo never touches it
	if r.code != 0 {
		t.Fatalf("demo: %d %q", r.code, r.stderr)
	}
	t.Logf("demo --scale typical took %v", time.Since(start))
	if !strings.Contains(r.stdout, "2,000 contacts, 200 events and 2,000 tasks") || !strings.Contains(r.stdout, "passphrase is: demo") {
		t.Errorf("demo printed %q", r.stdout)
	}
	if vault.Exists(c.dir) {
		t.Errorf("demo created the --vault folder")
	}
	pf := filepath.Join(t.TempDir(), "demo-pass")
	os.WriteFile(pf, []byte("demo"), 0o600)
	r = c.runRaw("--vault", out, "--passphrase-file", pf, "check")
	// 200 generated events with 10 tasks each, and 3 planned from templates
	// (Global Encryption Day 25 tasks, workshop 19, policymaker 17).
	for _, want := range []string{"contacts   2000", "events     203", "tasks      2061"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("check of demo vault lacks %q: %d %q %q", want, r.code, r.stdout, r.stderr)
		}
	}
	if r := c.runRaw("demo", "--out", out); r.code != 1 || !strings.Contains(r.stderr, "already holds a vault") {
		t.Errorf("demo over a vault: %d %q", r.code, r.stderr)
	}
}

func TestDemoGUI(t *testing.T) {
	t.Parallel()
	var opened string
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"demo", "--scale", "small"}, Env{
		Stdout: &stdout, Stderr: &stderr,
		OpenGUI: func(dir string, demo bool) error {
			if !demo || !vault.Exists(dir) {
				t.Errorf("OpenGUI(%q, %v): no demo vault", dir, demo)
			}
			if vault.KeepsSeen(dir) {
				t.Error("the throwaway demo vault would leave a generation record")
			}
			opened = dir
			return nil
		},
	})
	if code != 0 || opened == "" {
		t.Fatalf("demo with GUI: %d %q", code, stderr.String())
	}
	if _, err := os.Stat(opened); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("demo vault %s left behind: %v", opened, err)
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

// TestMessageSource checks that every message ID in the CLI sources has
// an English text in locales/en.toml.
func TestMessageSource(t *testing.T) {
	tr := newTranslator(func(string) string { return "" })
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatal("no sources", err)
	}
	re := regexp.MustCompile(`"(cli\.[a-z0-9_.]+)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			n++
			if !tr.t.Has(m[1]) {
				t.Errorf("%s: message %s is not in locales/en.toml", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Fatalf("found only %d message IDs in the CLI sources", n)
	}
}

// An unexpected error prints one translated line naming what failed, and
// its cause on a second line, without vault contents.
func TestReportUnexpectedError(t *testing.T) {
	var stderr strings.Builder
	r := &runner{env: Env{Stderr: &stderr}, tr: newTranslator(func(string) string { return "" })}
	err := fmt.Errorf("failed to export events: %w", fmt.Errorf("title %q: %w", "SECRET-CANARY", errors.New("disk gone")))
	if code := r.report(err); code != ExitError {
		t.Errorf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "safehouse: Something went wrong (failed to export events).") ||
		!strings.HasSuffix(lines[0], " — details: failed to export events: title …: disk gone") || strings.Contains(stderr.String(), "CANARY") {
		t.Errorf("stderr %q", stderr.String())
	}
	// A wrong passphrase needs no details, and never shows the passphrase.
	c := newVault(t)
	c.passFile = writeTemp(t, "pass", "CANARY-PASSPHRASE-0000\n")
	res := c.fail(ExitError, "Wrong passphrase", "contact", "list")
	if strings.Contains(res.stderr, "CANARY") || strings.Contains(res.stderr, "details:") {
		t.Errorf("stderr %q", res.stderr)
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
