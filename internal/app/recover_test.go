package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestRecover: the recovery key opens the vault with its data and sets a
// new passphrase; the new passphrase opens it afterwards and the old one
// does not (key.age was replaced).
func TestRecover(t *testing.T) {
	dir, s := newSession(t)
	addContact(t, s, "Amina K.")
	key, err := s.RecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	typed := strings.Join(vault.RecoveryKeyGroups(key), " ")
	if err := CheckRecoveryKey(dir, typed); err != nil {
		t.Fatalf("CheckRecoveryKey: %v", err)
	}
	newPass := []byte("the passphrase chosen after recovery")
	r, err := Recover(dir, typed, newPass, vault.Current)
	if err != nil {
		t.Fatalf("Recover: %v", err)
	}
	n, err := r.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if err != nil || n != 1 {
		t.Errorf("contacts after recovery = %d, %v", n, err)
	}
	if err := r.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := Unlock(dir, pass, vault.Current); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("old passphrase after recovery: %v, want ErrWrongPassphrase", err)
	}
	s2, err := Unlock(dir, newPass, vault.Current)
	if err != nil {
		t.Fatalf("new passphrase after recovery: %v", err)
	}
	s2.Close()
}

// TestRecoverRefused: a wrong, malformed or foreign key is explained in
// one line and changes no file.
func TestRecoverRefused(t *testing.T) {
	dir, s := newSession(t)
	key, _ := s.RecoveryKey()
	s.Close()
	_, other := newSession(t)
	otherKey, _ := other.RecoveryKey()
	other.Close()
	before := files(t, dir)
	code := strings.Join(vault.RecoveryKeyGroups(key), "")
	for _, c := range []struct {
		text, msg string
	}{
		{otherKey, "error.recovery_wrong_vault"},
		{code[:50], "error.recovery_length"},
		{code[:5] + "I" + code[6:], "error.recovery_character"},
		{code[5:10] + code[:5] + code[10:], "error.recovery_typo"},
	} {
		_, err := Recover(dir, c.text, []byte("another passphrase"), vault.Current)
		if m := Explain(err); m.ID != c.msg {
			t.Errorf("Recover(%.12q…) explained as %q (%v), want %q", c.text, m.ID, err, c.msg)
		}
		if m := Explain(CheckRecoveryKey(dir, c.text)); m.ID != c.msg {
			t.Errorf("CheckRecoveryKey(%.12q…) explained as %q, want %q", c.text, m.ID, c.msg)
		}
	}
	after := files(t, dir)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed by a refused recovery", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("files: %d before, %d after", len(before), len(after))
	}
}

func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}
