package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/vault"
)

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
