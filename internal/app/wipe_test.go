package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func TestDestroy(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "Amina K.")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	addContact(t, s, "Unsaved")
	rep, err := s.Destroy()
	if err != nil {
		t.Fatalf("Destroy: %v", err)
	}
	if !rep.DirRemoved || !rep.KeyGone() {
		t.Errorf("report %+v", rep)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("vault folder still there: %v", err)
	}
	if _, err := Unlock(dir, pass, vault.Current); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Unlock after Destroy: %v", err)
	}
	if err := s.Save(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("Save after Destroy: %v", err)
	}
	if s.Dirty() {
		t.Error("destroyed session reports unsaved changes")
	}
	if _, err := s.Destroy(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("second Destroy: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close after Destroy: %v", err)
	}
}

func TestDestroyClosedSessionWipesNothing(t *testing.T) {
	dir, s := newSession(t)
	s.Close()
	if _, err := s.Destroy(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("Destroy after Close: %v", err)
	}
	if !vault.Exists(dir) {
		t.Fatal("closed session's Destroy deleted the vault")
	}
}

func TestVaultName(t *testing.T) {
	for dir, want := range map[string]string{
		"/home/a/.local/share/safehouse/vault":  "vault",
		"/media/usb/Campaign 2027/":             "Campaign 2027",
		filepath.Join("rel", "work-vault", "."): "work-vault",
	} {
		if got := VaultName(dir); got != want {
			t.Errorf("VaultName(%q) = %q, want %q", dir, got, want)
		}
	}
}

// Every outcome of a wipe (WipeDone, or Explain of WipeFailure) has an English message with its
// placeholders filled.
func TestWipeMessages(t *testing.T) {
	tr, err := i18n.New("en")
	if err != nil {
		t.Fatal(err)
	}
	key := vault.WipedFile{Name: vault.KeyFile, Err: syscall.EPERM}
	data := vault.WipedFile{Name: vault.DataFile, Removed: true, Err: syscall.EIO}
	cases := []struct {
		rep  vault.WipeReport
		err  error
		id   string
		want string
	}{
		{vault.WipeReport{}, nil, "wipe.done", ""},
		{vault.WipeReport{Left: []string{"notes.txt", "photos"}}, nil, "wipe.done_left", "notes.txt, photos"},
		{vault.WipeReport{Dir: "/v", Files: []vault.WipedFile{key, data}}, &vault.WipeError{Failed: []vault.WipedFile{key, data}}, "wipe.key_failed", "/v"},
		{vault.WipeReport{Files: []vault.WipedFile{data}}, &vault.WipeError{Failed: []vault.WipedFile{data}}, "wipe.partial", "data.age"},
		{vault.WipeReport{}, vault.ErrInUse, "error.in_use", ""},
		{vault.WipeReport{}, vault.ErrNotFound, "error.no_vault", ""},
	}
	for _, c := range cases {
		m := WipeDone(c.rep)
		if c.err != nil {
			m = Explain(WipeFailure(c.rep, c.err))
		}
		if m.ID != c.id {
			t.Errorf("wipe ending with %v = %s, want %s", c.err, m.ID, c.id)
			continue
		}
		got := tr.T(m.ID, m.Args)
		if !tr.Has(m.ID) || strings.Contains(got, "<no value>") || !strings.Contains(got, c.want) {
			t.Errorf("%s renders as %q", m.ID, got)
		}
	}
}
