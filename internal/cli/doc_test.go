package cli

import (
	"os"
	"strings"
	"testing"
)

// TestDocListsEveryCommand keeps the package documentation's list of
// commands in step with the commands the binary has.
func TestDocListsEveryCommand(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	section := string(b)
	start, end := strings.Index(section, "# Commands"), strings.Index(section, "# Contract")
	if start < 0 || end < start {
		t.Fatal("doc.go has no Commands section before Contract")
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(section[start:end], "\n") {
		_, list, ok := strings.Cut(strings.TrimPrefix(line, "//   - "), ": ")
		if !ok || !strings.HasPrefix(line, "//   - ") {
			continue
		}
		for _, name := range strings.Split(strings.TrimSuffix(list, "."), ", ") {
			listed[name] = true
		}
	}
	for name := range commands() {
		if !listed[name] {
			t.Errorf("doc.go does not list the command %q", name)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("doc.go lists %q, which is not a command", name)
	}
}
