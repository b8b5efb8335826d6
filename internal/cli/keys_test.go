package cli

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// printedKey reads the recovery key groups printed by the CLI back into
// one string (the numbers before the groups are dropped).
func printedKey(t *testing.T, out string) string {
	t.Helper()
	groups := regexp.MustCompile(`(?m)\b\d{1,2} ([0-9A-Z]{1,5})\b`).FindAllStringSubmatch(out, -1)
	if len(groups) != vault.RecoveryGroups {
		t.Fatalf("printed %d groups, want %d:\n%s", len(groups), vault.RecoveryGroups, out)
	}
	var b strings.Builder
	for _, g := range groups {
		b.WriteString(g[1])
	}
	return b.String()
}

// TestPasswdRotatesRecoveryKey: passwd says the recovery key changed and
// how to get the new one; the old key no longer opens the vault;
// recovery-key and passwd --show-recovery-key print the new one as
// groups that open the vault.
func TestPasswdRotatesRecoveryKey(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	oldKey := recoveryKeyOf(t, c)
	newFile := writeFile(t, "new", "a much better passphrase\n")
	out := c.ok("passwd", "--new-passphrase-file", newFile)
	if !strings.Contains(out, text("cli.passwd.changed")) || !strings.Contains(out, text("cli.passwd.recovery_changed")) {
		t.Fatalf("passwd printed %q", out)
	}
	if strings.Contains(out, "AGE-SECRET-KEY") {
		t.Fatal("passwd printed the key without being asked")
	}
	if err := vault.CheckRecoveryKey(c.dir, oldKey); !errors.Is(err, vault.ErrWrongRecoveryKey) {
		t.Fatalf("old recovery key after passwd: %v", err)
	}
	c.passFile = newFile
	shown := c.ok("recovery-key")
	if !strings.Contains(shown, text("cli.recovery_key.paper")) {
		t.Errorf("recovery-key printed %q", shown)
	}
	if err := vault.CheckRecoveryKey(c.dir, printedKey(t, shown)); err != nil {
		t.Fatalf("the printed recovery key does not open the vault: %v", err)
	}

	third := writeFile(t, "third", "third passphrase here\n")
	out = c.ok("passwd", "--new-passphrase-file", third, "--show-recovery-key")
	if !strings.Contains(out, text("cli.passwd.recovery_new")) {
		t.Fatalf("passwd --show-recovery-key printed %q", out)
	}
	if err := vault.CheckRecoveryKey(c.dir, printedKey(t, out)); err != nil {
		t.Fatalf("the key printed by passwd does not open the vault: %v", err)
	}
	if err := vault.CheckRecoveryKey(c.dir, printedKey(t, shown)); !errors.Is(err, vault.ErrWrongRecoveryKey) {
		t.Fatalf("the second key still opens the vault after a third passphrase: %v", err)
	}
}

// TestRollbackWarned: a data file older than one seen on this computer is
// warned about on standard error by every command, and reported by
// check; a command that saves moves the vault past it.
func TestRollbackWarned(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	c.id("contact", "add", "--name", "First")
	c.id("contact", "add", "--name", "Second")
	prev, _ := os.ReadFile(filepath.Join(c.dir, vault.PrevFile))
	os.WriteFile(filepath.Join(c.dir, vault.DataFile), prev, 0o600)

	r := c.run("contact", "list")
	if r.code != 0 || !strings.Contains(r.stderr, "warning: this copy of the vault (data.age, save number 2)") ||
		!strings.Contains(r.stderr, "(save number 3)") {
		t.Fatalf("contact list on a rolled-back vault: %d %q", r.code, r.stderr)
	}
	r = c.run("check")
	if r.code != 0 || !strings.Contains(r.stdout, "warning: data.age is save number 2, older than save number 3") {
		t.Fatalf("check on a rolled-back vault: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// Saving makes the loaded state the newest: no more warning.
	c.id("contact", "add", "--name", "Third")
	if r := c.run("contact", "list"); r.stderr != "" {
		t.Fatalf("warned after a save: %q", r.stderr)
	}
}

// TestSaveFailureMessages: a failed save says the command ended and its
// changes were not saved; the app's "press Retry" never reaches the CLI.
func TestSaveFailureMessages(t *testing.T) {
	t.Parallel()
	r := &runner{tr: newTranslator(func(string) string { return "" })}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&vault.SaveError{Op: "write", Kind: vault.FaultNoSpace, Err: syscall.ENOSPC}, "the disk is full; the command ended without saving its changes"},
		{&vault.SaveError{Op: "create", Kind: vault.FaultPermission, Err: syscall.EACCES}, "doesn't allow Safehouse to write"},
		{&vault.SaveError{Op: "create", Kind: vault.FaultReadOnly, Err: syscall.EROFS}, "can only be read"},
		{&vault.SaveError{Op: "sync", Kind: vault.FaultIO, Err: syscall.EIO}, "still connected"},
		{vault.ErrChangedOnDisk, "another program changed the vault file"},
	} {
		var stderr strings.Builder
		r.env = withDefaults(Env{Stderr: &stderr})
		if code := r.report(tc.err); code != ExitError {
			t.Errorf("%v: exit %d", tc.err, code)
		}
		if !strings.Contains(stderr.String(), tc.want) || strings.Contains(stderr.String(), "Retry") ||
			strings.Contains(stderr.String(), "still here") {
			t.Errorf("%v: %q", tc.err, stderr.String())
		}
	}
}

// TestCardQRNewFileOnly: card --qr never truncates an existing file or
// follows a symbolic link; the file it makes is 0600.
func TestCardQRNewFileOnly(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "photo.png")
	os.WriteFile(existing, []byte("holiday photo"), 0o644)
	c.fail(1, "already exists", "card", "--qr", existing)
	if b, _ := os.ReadFile(existing); string(b) != "holiday photo" {
		t.Fatal("card --qr overwrote an existing file")
	}
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep"), 0o600)
	link := filepath.Join(dir, "link.png")
	os.Symlink(target, link)
	c.fail(1, "already exists", "card", "--qr", link)
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatal("card --qr followed a symbolic link")
	}
	dangling := filepath.Join(dir, "dangling.png")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	c.fail(1, "already exists", "card", "--qr", dangling)
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); !os.IsNotExist(err) {
		t.Fatal("card --qr created a file through a dangling link")
	}
	fresh := filepath.Join(dir, "card.png")
	c.ok("card", "--qr", fresh)
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("new QR file: %v %v", st, err)
	}
}
