package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// The error dialog of an unexpected failure names what failed and keeps
// the cause behind a closed "Details" section, without the user's data.
func TestErrorDialogDetails(t *testing.T) {
	s, _, _ := unlocked(t)
	s.main.showError(fmt.Errorf("failed to save channel: %w", fmt.Errorf("value %q: %w", "CANARY +49 555 010", errors.New("database is locked"))))
	d := s.main.errorDetails
	if d == nil || len(d.Items) != 1 || d.Items[0].Title != "Details" || d.Items[0].Open {
		t.Fatalf("details section %+v", d)
	}
	text := d.Items[0].Detail.(*widget.Label).Text
	if text != "failed to save channel: value …: database is locked" || strings.Contains(text, "CANARY") {
		t.Errorf("details %q", text)
	}
	if got := s.explain(errors.New("failed to frob: boom")); !strings.Contains(got, "Something went wrong (failed to frob)") {
		t.Errorf("line %q", got)
	}
	// A failure the message explains fully has no details.
	s.main.showError(vault.ErrWrongPassphrase)
	if s.main.errorDetails != nil {
		t.Error("details for a known failure")
	}
}
