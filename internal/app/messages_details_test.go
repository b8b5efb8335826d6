package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// An unexpected error names what failed, in the line and in its details,
// and neither ever holds vault contents or passphrases.
func TestExplainUnexpectedNamesWhatFailed(t *testing.T) {
	const canary = "CANARY-Amina-+49555010"
	errs := []error{
		fmt.Errorf("failed to list contacts: malformed row %q", canary),
		fmt.Errorf("failed to add contact: %w", fmt.Errorf("contact %s: %w", "0b1c0000", errors.New("constraint failed: “"+canary+"”"))),
		fmt.Errorf("failed to save tag: %w", fmt.Errorf("tag '%s' not saved", canary)),
		fmt.Errorf("passphrase «%s» rejected\n`%s`", canary, canary),
		fmt.Errorf("query failed: unterminated \"%s", canary),
	}
	for _, err := range errs {
		m := Explain(err)
		if m.ID != "error.unexpected" || m.Details == "" {
			t.Fatalf("%v: %+v", err, m)
		}
		line := fmt.Sprint(m.Args["Cause"]) + " " + m.Details
		if strings.Contains(line, "CANARY") || strings.Contains(line, "Amina") || strings.Contains(line, "555010") ||
			strings.ContainsAny(m.Details, "\n\r") {
			t.Errorf("%v leaks: %q / %q", err, m.Args["Cause"], m.Details)
		}
	}
	m := Explain(errs[1])
	if m.Args["Cause"] != "failed to add contact" || !strings.HasPrefix(m.Details, "failed to add contact: contact 0b1c0000: constraint failed: …") {
		t.Errorf("operation %q, details %q", m.Args["Cause"], m.Details)
	}
	// Known failures need no details.
	if m := Explain(vault.ErrWrongPassphrase); m.Details != "" {
		t.Errorf("wrong passphrase has details %q", m.Details)
	}
	// Apostrophes in words are not quotes.
	if got := Redact(errors.New("can't open: file 'x' gone")); got != "can't open: file … gone" {
		t.Errorf("Redact = %q", got)
	}
}

// A time zone a build has no data for is named, as the Windows build
// without time-zone data fails for every named zone.
func TestExplainMissingZone(t *testing.T) {
	err := fmt.Errorf("failed to create the demo: %w", fmt.Errorf("event %s: %w", "x", errors.New("unknown time zone Europe/Berlin")))
	m := Explain(err)
	if m.ID != "error.zone_unavailable" || m.Args["Zone"] != "Europe/Berlin" ||
		m.Details != "failed to create the demo: event x: unknown time zone Europe/Berlin" {
		t.Errorf("%+v", m)
	}
}
