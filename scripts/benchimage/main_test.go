package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/safehouse-app/safehouse/internal/demo"
)

func TestPickScale(t *testing.T) {
	for _, c := range []struct {
		name     string
		contacts int
		want     demo.Scale
		ok       bool
	}{
		{"typical", 0, demo.ScaleTypical, true},
		{"large", 0, demo.ScaleLarge, true},
		{"typical", 100_000, demo.Scale{Contacts: 100_000, Events: 10_000, TasksPerEvent: 10}, true},
		{"huge", 0, demo.Scale{}, false},
		{"", 0, demo.Scale{}, false},
		{"typical", -1, demo.Scale{}, false},
		{"typical", 1_000_001, demo.Scale{}, false},
	} {
		got, err := pickScale(c.name, c.contacts)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("pickScale(%q, %d) = %+v, %v; want %+v, ok %v", c.name, c.contacts, got, err, c.want, c.ok)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "plain.db")
	if err := run([]string{"-contacts", "20", "-out", out}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("SQLite format 3\x00")) {
		t.Errorf("output starts with %q, want an SQLite database", data[:min(16, len(data))])
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("output mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
	// Only the output is left: the vault made on the way is gone.
	if es, err := os.ReadDir(dir); err != nil || len(es) != 1 {
		t.Errorf("folder holds %v, %v; want only the output", es, err)
	}
	// An existing output is never overwritten.
	if err := run([]string{"-contacts", "20", "-out", out}); err == nil {
		t.Error("an existing output file was accepted")
	}
	for _, args := range [][]string{{}, {"-scale", "huge", "-out", filepath.Join(dir, "x.db")}, {"-out", filepath.Join(dir, "y.db"), "extra"}} {
		if err := run(args); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("refused runs left files: %v", es)
	}
}
