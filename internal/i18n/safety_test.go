package i18n

import "testing"

func TestSafetyCritical(t *testing.T) {
	for id, want := range map[string]bool{
		"firstrun.recovery.paper": true, "error.wrong_passphrase": true, "sharing.share.title": true,
		"settings.duress.explain": true, "cli.wipe.prompt": true, "contacts.io.export_warning": true,
		"dashboard.title": false, "settings.theme.dark": false, "nav.contacts": false, "tutorials.list.title": false,
	} {
		if got := SafetyCritical(id); got != want {
			t.Errorf("SafetyCritical(%q) = %v, want %v", id, got, want)
		}
	}
	// Every prefix names messages that exist: a renamed section must be
	// renamed here too.
	src, err := english()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range safetyPrefixes {
		found := false
		for id := range src {
			if len(id) >= len(p) && id[:len(p)] == p {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no English message starts with %q", p)
		}
	}
}
