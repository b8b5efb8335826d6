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
	section = section[start:end]
	for name := range commands() {
		if !strings.Contains(section, " "+name+" ") && !strings.Contains(section, " "+name+",") &&
			!strings.Contains(section, " "+name+"\n") && !strings.Contains(section, " "+name+".") {
			t.Errorf("doc.go does not list the command %q", name)
		}
	}
}
