package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func TestTemplateListAndEventAdd(t *testing.T) {
	t.Parallel()
	c := newVault(t)

	out := c.ok("template", "list")
	for _, want := range []string{"global-encryption-day", "built-in", "Press/media moment", "SOURCE"} {
		if !strings.Contains(out, want) {
			t.Errorf("template list lacks %q:\n%s", want, out)
		}
	}
	var views []templateJSON
	if err := json.Unmarshal([]byte(c.ok("template", "list", "--json")), &views); err != nil {
		t.Fatal(err)
	}
	builtins, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	g := slices.IndexFunc(views, func(v templateJSON) bool { return v.ID == "global-encryption-day" })
	if len(views) != len(builtins) || g < 0 || views[g].Date == nil || *views[g].Date != "10-21" ||
		views[g].Source != "builtin" || views[g].Tasks != 25 || views[0].Date != nil {
		t.Fatalf("views = %+v", views)
	}

	// The clock says 2027-09-01: Global Encryption Day is next 21 October.
	id := strings.TrimSpace(c.ok("event", "add", "--template", "global-encryption-day", "--tz", "Australia/Sydney"))
	show := c.ok("event", "show", id, "--json")
	var ev struct {
		Title    string `json:"title"`
		TimeZone string `json:"time_zone"`
		Start    string `json:"start"`
		Tasks    []struct {
			Title string  `json:"title"`
			Due   *string `json:"due"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(show), &ev); err != nil {
		t.Fatal(err)
	}
	// 17:00 in Sydney (UTC+11 in October) is 06:00 UTC.
	if ev.Title != "Global Encryption Day event" || ev.TimeZone != "Australia/Sydney" || ev.Start != "2027-10-21T06:00:00Z" || len(ev.Tasks) != 25 {
		t.Fatalf("event = %+v", ev)
	}
	if *ev.Tasks[0].Due != "2027-08-12" {
		t.Errorf("first task due %s", *ev.Tasks[0].Due)
	}
	// A year alone picks 21 October of that year.
	id = strings.TrimSpace(c.ok("event", "add", "--template", "global-encryption-day", "--date", "2029", "--tz", "UTC"))
	if !strings.Contains(c.ok("event", "show", id), "2029-10-21 17:00 UTC") {
		t.Error("--date 2029 not on 21 October 2029")
	}
	id = strings.TrimSpace(c.ok("event", "add", "--template", "meeting-a-policymaker", "--date", "2027-11-03", "--tz", "Europe/Berlin"))
	if !strings.Contains(c.ok("event", "show", id), "2027-11-03 11:00 Europe/Berlin") {
		t.Error("policymaker meeting not at 11:00")
	}

	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"event", "add", "--template", "nope", "--date", "2027-10-21"}, 1, "no template 'nope'"},
		{[]string{"event", "add", "--template", "press-moment"}, 2, "needs --date"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "2027"}, 2, "invalid date '2027'"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "21.10.2027"}, 2, "invalid date"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "2027-10-21", "--tz", "Mars/Base"}, 2, "unknown time zone"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "2027-10-21", "--title", "X"}, 2, "cannot be combined with --title"},
		{[]string{"event", "add", "--title", "X", "--start", "2027-10-21T10:00", "--date", "2027-10-21"}, 2, "only used with --template"},
		{[]string{"template", "list", "extra"}, 2, ""},
	} {
		r := c.run(bad.args...)
		if r.code != bad.code || !strings.Contains(r.stderr, bad.msg) {
			t.Errorf("%q: exit %d stderr %q; want %d and %q", bad.args, r.code, r.stderr, bad.code, bad.msg)
		}
	}
	if !strings.Contains(c.ok("check"), "events     3") {
		t.Error("failed commands changed the vault")
	}
}

func TestTemplateRm(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	// A template saved in the vault, the way the app saves one.
	s, err := app.Unlock(c.dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	tp := *campaign.Find(builtin, "press-moment")
	tp.ID, tp.Title = "our-press-day", "Our press day"
	rec, err := campaign.NewRecord(&tp)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Store().Templates().Add(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if !strings.Contains(c.ok("template", "list"), "Our press day") {
		t.Fatal("saved template not listed")
	}
	// Built-in templates cannot be removed, unknown ones are reported,
	// and neither changes anything.
	c.fail(1, "built-in template", "template", "rm", "press-moment")
	c.fail(1, "no template 'zzzzzz'", "template", "rm", "zzzzzz")
	c.fail(2, "", "template", "rm")
	if out := c.ok("template", "rm", rec.ID[:8]); !strings.Contains(out, "Our press day") {
		t.Errorf("rm printed %q", out)
	}
	if strings.Contains(c.ok("template", "list"), "Our press day") {
		t.Error("the saved template is still listed")
	}
	if !strings.Contains(c.ok("template", "list"), "Press/media moment") {
		t.Error("a built-in template disappeared")
	}
}

// stallTemplate returns a template that parses and passes every lint rule.
var stallTemplate = testTemplate("street-stall.toml")

// A translator checks a file without any vault: problems one a line with
// file and line, one translated summary on standard error.
func TestTemplateImportCheck(t *testing.T) {
	t.Parallel()
	c := newCLI(t) // no vault: --check needs none
	good := writeTemp(t, "stall.toml", stallTemplate())
	out := c.ok("template", "import", "--check", good)
	if want := good + ": no problems; 'Street stall' (3 tasks) passes the checks for shipped templates\n"; out != want {
		t.Errorf("check printed %q, want %q", out, want)
	}

	lint := strings.Replace(stallTemplate(), `emergency_contacts = ["A lawyer on call: name and number"]`, "", 1)
	lint = strings.Replace(lint, `"advocating-safely"]`, `"how-to-knit"]`, 1)
	lintPath := writeTemp(t, "lint.toml", lint)
	r := c.fail(1, "lint.toml would not pass the checks for shipped templates: 2 problems, listed above; nothing was imported",
		"template", "import", "--check", lintPath)
	// In file order.
	if !strings.HasPrefix(r.stdout, lintPath+`:9: tutorial "how-to-knit"`) || !strings.Contains(r.stdout, "\n"+lintPath+":11: safety.emergency_contacts has no items\n") {
		t.Errorf("check output:\n%s", r.stdout)
	}

	bad := strings.Replace(stallTemplate(), `kind = "public"`, `kind = "picnic"`, 1)
	bad = strings.Replace(bad, `start_time = "10:00"`, `start_time = "9:00"`, 1)
	bad = strings.Replace(bad, "offset_days = -3\n", "offset_days = -3\ncolour = \"red\"\n", 1)
	badPath := writeTemp(t, "bad.toml", bad)
	r = c.fail(1, "bad.toml is not a valid template: 3 problems, listed above; nothing was imported", "template", "import", "--check", badPath)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	want := []string{badPath + `:5: kind "picnic" is not one of`, badPath + `:7: start_time "9:00" is not a time of day HH:MM`,
		badPath + `:25: unknown key "tasks.colour"`}
	if len(lines) != len(want) {
		t.Fatalf("check printed %d lines:\n%s", len(lines), r.stdout)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want %q…", i+1, lines[i], w)
		}
	}

	for _, u := range [][]string{{"template", "import"}, {"template", "import", good, good}, {"template", "import", "--frob", good}} {
		c.fail(2, "", u...)
	}
	c.fail(1, "could not read", "template", "import", "--check", filepath.Join(t.TempDir(), "missing.toml"))
	c.fail(1, "could not read", "template", "import", "--check", t.TempDir())
}

func TestTemplateImport(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	good := writeTemp(t, "stall.toml", stallTemplate())

	// A refused file changes nothing.
	before := snapshot(t, c.dir)
	c.fail(1, "not a valid template: 1 problem", "template", "import", writeTemp(t, "x.toml", "id = \"x\"\nversion = 1\ntitle = \"X\"\nkind = \"picnic\"\n"))
	sameSnapshot(t, "invalid file", before, snapshot(t, c.dir))

	out := c.ok("template", "import", good)
	if !strings.HasPrefix(out, "imported 'Street stall' as a saved template: ") {
		t.Fatalf("import printed %q", out)
	}
	id := strings.TrimSpace(out[strings.LastIndex(out, " "):])
	if !strings.Contains(c.ok("template", "list"), "Street stall") {
		t.Fatal("imported template not listed")
	}
	ev := c.id("event", "add", "--template", id, "--date", "2027-10-02", "--tz", "Europe/Berlin")
	show := c.ok("event", "show", ev)
	for _, w := range []string{"Street stall", "2027-10-02 10:00 Europe/Berlin", "Ask the market for a permit", "Delete the sign-up list"} {
		if !strings.Contains(show, w) {
			t.Errorf("event from the imported template lacks %q:\n%s", w, show)
		}
	}

	// The same ID again: asked, never replaced silently.
	revised := writeTemp(t, "stall2.toml", strings.Replace(stallTemplate(), `title = "Street stall"`, `title = "Street stall, revised"`, 1))
	before = snapshot(t, c.dir)
	c.fail(2, "a saved template has the ID 'street-stall' ('Street stall'): add --yes to replace it", "template", "import", revised)
	sameSnapshot(t, "import without --yes", before, snapshot(t, c.dir))
	c.answers, c.stdin, c.passFile = []string{testPass}, "n\n", ""
	r := c.runRaw("--vault", c.dir, "template", "import", revised)
	if r.code != ExitError || !strings.Contains(r.stderr, "cancelled") || !strings.Contains(r.stdout, "Replace it? [y/N]") {
		t.Fatalf("answer no: %+v", r)
	}
	sameSnapshot(t, "import answered no", before, snapshot(t, c.dir))
	c.answers, c.stdin = []string{testPass}, "y\n"
	r = c.runRaw("--vault", c.dir, "template", "import", revised)
	if r.code != 0 || !strings.Contains(r.stdout, "replaced the saved template 'Street stall' with 'Street stall, revised': "+id) {
		t.Fatalf("answer yes: %+v", r)
	}
	c.answers, c.stdin, c.passFile = nil, "", filepath.Join(filepath.Dir(c.dir), "pass")
	if out := c.ok("template", "import", good, "--yes"); !strings.Contains(out, "replaced the saved template 'Street stall, revised' with 'Street stall': "+id) {
		t.Errorf("--yes printed %q", out)
	}

	// Lint findings are warnings, or refusals with --strict.
	lint := strings.Replace(stallTemplate(), `id = "street-stall"`, `id = "stall-draft"`, 1)
	lint = strings.Replace(lint, `emergency_contacts = ["A lawyer on call: name and number"]`, "", 1)
	lintPath := writeTemp(t, "draft.toml", lint)
	before = snapshot(t, c.dir)
	r = c.fail(1, "would not pass the checks for shipped templates: 1 problem", "template", "import", "--strict", lintPath)
	sameSnapshot(t, "--strict", before, snapshot(t, c.dir))
	r = c.run("template", "import", lintPath)
	if r.code != 0 || !strings.Contains(r.stderr, "safehouse: warning: "+lintPath+" would not pass the checks for shipped templates: 1 problem, listed above; importing it anyway") ||
		!strings.Contains(r.stdout, lintPath+":11: safety.emergency_contacts has no items") || !strings.Contains(r.stdout, "imported 'Street stall'") {
		t.Fatalf("import with warnings: %+v", r)
	}

	// A built-in ID: kept apart as a saved template, both listed.
	press := writeTemp(t, "press.toml", strings.Replace(stallTemplate(), `id = "street-stall"`, `id = "press-moment"`, 1))
	if out := c.ok("template", "import", press); !strings.Contains(out, "'press-moment' is also the ID of a built-in template") {
		t.Errorf("built-in ID: %q", out)
	}
	var views []templateJSON
	if err := json.Unmarshal([]byte(c.ok("template", "list", "--json")), &views); err != nil {
		t.Fatal(err)
	}
	var saved, builtin int
	for _, v := range views {
		switch {
		case v.Source == "builtin" && v.Title == "Press/media moment":
			builtin++
		case v.Source == "saved" && v.Title == "Street stall":
			saved++
		}
	}
	if builtin != 1 || saved != 3 {
		t.Errorf("%d built-in press moments and %d saved street stalls: %+v", builtin, saved, views)
	}

	// From standard input; it cannot also hold the passphrase.
	c.stdin = strings.Replace(stallTemplate(), `id = "street-stall"`, `id = "from-stdin"`, 1)
	if out := c.ok("template", "import", "-"); !strings.Contains(out, "imported 'Street stall'") {
		t.Errorf("from stdin: %q", out)
	}
	r = c.runRaw("--vault", c.dir, "--passphrase-file", "-", "template", "import", "-")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "cannot hold both the template file and the passphrase") {
		t.Errorf("stdin twice: %+v", r)
	}
	c.stdin = ""
}

// Hostile files are refused with a clear summary and at most a page of
// problems, never a panic, never a control character on the terminal,
// and nothing is written.
func TestTemplateImportHostileFiles(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	head := "id = \"x\"\nversion = 1\ntitle = \"X\"\nkind = \"other\"\n"
	n := campaign.MaxSize/2 - 100
	before := snapshot(t, c.dir)
	for _, f := range []struct {
		name, data, want string
	}{
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "binary is not a valid template: 1 problem"},
		{"big", strings.Repeat("# padding\n", 1<<20), "big is larger than 256 KiB, the limit for a template"},
		{"escapes", head + "summary = \"\x1b[2J\x1b]0;owned\x07\"\n", "escapes is not a valid template: 1 problem"},
		{"deep", head + "a = " + strings.Repeat("{b=", n/3) + "1" + strings.Repeat("}", n/3), "deep is not a valid template: 1 problem"},
		{"array", head + "objectives = [" + strings.Repeat("1,", n-100) + "1]\n", "array is not a valid template: 130"},
	} {
		path := writeTemp(t, f.name, f.data)
		for _, args := range [][]string{{"template", "import", path}, {"template", "import", "--check", path}} {
			r := c.fail(1, f.want, args...)
			if strings.Count(r.stdout, "\n") > app.MaxListedProblems+1 || strings.ContainsAny(r.stdout+r.stderr, "\x00\x07\x1b") {
				t.Errorf("%s: %d lines of output, or a control character: %q", f.name, strings.Count(r.stdout, "\n"), r.stdout)
			}
			if f.name == "array" && !strings.HasSuffix(r.stdout, fmt.Sprintf("\n%s: … and 130,", path)+fmt.Sprintf("%03d more problems\n", (n-100-app.MaxListedProblems)%1000)) {
				t.Errorf("no count of the problems left out: %q", r.stdout[max(0, len(r.stdout)-200):])
			}
		}
	}
	sameSnapshot(t, "hostile files", before, snapshot(t, c.dir))
}

// testTemplate returns a function that reads a template file from
// internal/campaign's testdata when a test first needs it (not at start:
// some tests run this binary again from another folder).
func testTemplate(name string) func() string {
	return sync.OnceValue(func() string {
		b, err := os.ReadFile(filepath.Join("..", "campaign", "testdata", name))
		if err != nil {
			panic(err)
		}
		return string(b)
	})
}
