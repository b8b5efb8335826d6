package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestChannelLabels: channel labels are set with --channel
// TYPE/LABEL:VALUE on add and edit, and shown by contact show (as they
// are typed) and in its JSON; a channel without a type is refused.
func TestChannelLabels(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	id := c.id("contact", "add", "--name", "Amina K.", "--channel", "phone/work:+49 30 555 010",
		"--channel", "email/Office (Berlin):amina@example.org", "--channel", "signal:+49 555 0101",
		"--channel", "matrix/ home :@amina:example.org")
	human := c.ok("contact", "show", id)
	for _, want := range []string{"phone/work:+49 30 555 010", "email/Office (Berlin):amina@example.org",
		"signal:+49 555 0101", "matrix/home:@amina:example.org"} {
		if !strings.Contains(human, want) {
			t.Errorf("show lacks %q:\n%s", want, human)
		}
	}
	var v contactJSON
	if err := json.Unmarshal([]byte(c.ok("contact", "show", id, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	want := []channelJSON{{"phone", "+49 30 555 010", "work"}, {"email", "amina@example.org", "Office (Berlin)"},
		{"signal", "+49 555 0101", ""}, {"matrix", "@amina:example.org", "home"}}
	if len(v.Channels) != len(want) {
		t.Fatalf("channels %+v", v.Channels)
	}
	for i := range want {
		if v.Channels[i] != want[i] {
			t.Errorf("channel %d = %+v, want %+v", i, v.Channels[i], want[i])
		}
	}

	// edit replaces the channels with labelled ones.
	c.ok("contact", "edit", id, "--clear-channels", "--channel", "phone/mobile:+49 170 555")
	if out := c.ok("contact", "show", id); !strings.Contains(out, "phone/mobile:+49 170 555") || strings.Contains(out, "work") {
		t.Errorf("after edit:\n%s", out)
	}

	for _, bad := range []string{"/work:+49 30 555", "fax/work:+49 30 555", "phone/work:", "phone/work"} {
		r := c.run("contact", "add", "--name", "X", "--channel", bad)
		if r.code != 2 || !strings.Contains(r.stderr, "TYPE/LABEL:VALUE") {
			t.Errorf("--channel %q: exit %d, stderr %q", bad, r.code, r.stderr)
		}
	}
	// A label longer than the contact form allows is refused.
	r := c.run("contact", "add", "--name", "X", "--channel", "phone/"+strings.Repeat("l", 101)+":+49")
	if r.code == 0 {
		t.Errorf("over-long label accepted: %q", r.stdout)
	}
}
