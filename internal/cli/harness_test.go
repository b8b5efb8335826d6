package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
