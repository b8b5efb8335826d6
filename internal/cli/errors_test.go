package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/vault"
)

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
