package archtest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// maxStoreCalls is how many times the desktop app and the command line
// may still call Session.Store() to reach the database directly. The
// rule (docs/architecture.md) is that they reach it only through what
// package app exposes on purpose: the Session methods for contacts,
// events, tasks, participants, templates, tutorials, peers, search and
// ID prefixes (app/records.go, contacts.go, events.go, templates.go,
// tutorial_records.go, drafts.go). What remains: in the command line
// demo.Populate, which fills a new demo vault in bulk before its first
// save (demo data is generated straight into the store by design). The
// number may only go down: lower it whenever a call site moves into app.
const maxStoreCalls = 1

var storeCall = regexp.MustCompile(`\.Store\(\)`)

// TestStoreReachedThroughApp counts the calls of Store() in the non-test
// files of internal/ui and internal/cli.
func TestStoreReachedThroughApp(t *testing.T) {
	n := 0
	perFile := map[string]int{}
	for _, dir := range []string{"../ui", "../cli"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if c := len(storeCall.FindAll(data, -1)); c > 0 {
				perFile[filepath.ToSlash(f)] = c
				n += c
			}
		}
	}
	if n > maxStoreCalls {
		t.Errorf("internal/ui and internal/cli call Store() %d times, at most %d allowed: reach the database through package app (%v)", n, maxStoreCalls, perFile)
	}
	if n == 0 {
		t.Error("no Store() call found: the scan is broken, or every call moved (then make the rule absolute)")
	}
}
