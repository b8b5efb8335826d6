package cli

import (
	"strings"
	"testing"
)

// TestFormatCharactersShownMarked: invisible format characters in names
// and titles (here typed in, as a shared or imported file would bring
// them) are printed as visible markers, never raw, in every human
// output; --json keeps the stored text.
func TestFormatCharactersShownMarked(t *testing.T) {
	c := newVault(t)
	ev := c.id("event", "add", "--title", "Meeting \u202efdp.exe", "--start", "2027-10-21T10:00")
	c.id("contact", "add", "--name", "Ami\u200bna")
	for _, out := range []string{c.ok("event", "list"), c.ok("event", "show", ev[:8]), c.ok("contact", "list"), c.ok("search", "Meeting")} {
		if strings.ContainsAny(out, "\u202e\u200b") {
			t.Fatalf("raw format character printed: %q", out)
		}
	}
	if out := c.ok("event", "list"); !strings.Contains(out, "Meeting [U+202E]fdp.exe") {
		t.Fatalf("event list: %q", out)
	}
	if out := c.ok("contact", "list"); !strings.Contains(out, "Ami[U+200B]na") {
		t.Fatalf("contact list: %q", out)
	}
	if out := c.ok("event", "show", ev[:8], "--json"); !strings.Contains(out, "Meeting \u202efdp.exe") {
		t.Fatalf("--json changed the stored title: %q", out)
	}
}
