package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// recoveryKeyOf returns the recovery key of the vault c works on.
func recoveryKeyOf(t *testing.T, c *cli) string {
	t.Helper()
	s, err := app.Unlock(c.dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	key, err := s.RecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRecover: the recovery key, from a file (as written down: groups,
// lower case, with a comment line) or the terminal, sets a new
// passphrase; afterwards the new passphrase opens the vault and the old
// one does not.
func TestRecover(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	c.ok("contact", "add", "--name", "Amina K.")
	key := recoveryKeyOf(t, c)
	groups := vault.RecoveryKeyGroups(key)
	keyFile := writeFile(t, "key.txt", "# my vault\n"+strings.ToLower(strings.Join(groups[:6], " "))+"\n"+strings.Join(groups[6:], "-")+"\n")
	newFile := writeFile(t, "new", "the recovered passphrase\n")

	r := c.runRaw("--vault", c.dir, "recover", "--recovery-key-file", keyFile, "--new-passphrase-file", newFile)
	if r.code != 0 || !strings.Contains(r.stdout, text("cli.recover.done")) {
		t.Fatalf("recover: %d %q %q", r.code, r.stdout, r.stderr)
	}
	c.fail(1, text("error.wrong_passphrase"), "check")
	c.passFile = newFile
	if out := c.ok("contact", "list"); !strings.Contains(out, "Amina K.") {
		t.Errorf("contacts after recovery: %q", out)
	}

	// Interactive: the key, then the new passphrase twice.
	c.answers = []string{key, "a third passphrase", "a third passphrase"}
	if r := c.runRaw("--vault", c.dir, "recover"); r.code != 0 {
		t.Fatalf("interactive recover: %d %q", r.code, r.stderr)
	}
	c.answers = []string{"a third passphrase"}
	if r := c.runRaw("--vault", c.dir, "check"); r.code != 0 {
		t.Fatalf("check with the passphrase set by recover: %d %q", r.code, r.stderr)
	}

	// The key on standard input.
	c.answers = nil
	c.stdin = strings.Join(groups, " ")
	if r := c.runRaw("--vault", c.dir, "recover", "--recovery-key-file", "-", "--new-passphrase-file", newFile); r.code != 0 {
		t.Fatalf("recover from standard input: %d %q", r.code, r.stderr)
	}
	c.stdin = ""
	c.ok("check")
}

// TestRecoverRefused: every refusal is one line, with the right exit
// status, and leaves the vault folder exactly as it was.
func TestRecoverRefused(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	key := recoveryKeyOf(t, c)
	other := newVault(t)
	otherKey := recoveryKeyOf(t, other)
	code := strings.Join(vault.RecoveryKeyGroups(key), "")
	// One character replaced by another valid one: the checksum catches it.
	swap := "Q"
	if code[3] == 'Q' {
		swap = "P"
	}
	typo := code[:3] + swap + code[4:]
	newFile := writeFile(t, "new", "a good new passphrase\n")
	shortFile := writeFile(t, "short", "short\n")
	tr := newTranslator(func(string) string { return "" })
	before := snapshot(t, c.dir)

	cases := []struct {
		name    string
		args    []string
		answers []string
		stdin   string
		code    int
		want    string
	}{
		{"another vault's key", []string{"--recovery-key-file", writeFile(t, "k", otherKey), "--new-passphrase-file", newFile},
			nil, "", 1, text("error.recovery_wrong_vault")},
		{"incomplete key", []string{"--recovery-key-file", writeFile(t, "k", code[:40]), "--new-passphrase-file", newFile},
			nil, "", 1, tr.T("error.recovery_length", map[string]any{"Groups": 12})},
		{"typo", []string{"--recovery-key-file", writeFile(t, "k", typo), "--new-passphrase-file", newFile},
			nil, "", 1, text("error.recovery_typo")},
		{"a character keys never have", nil, []string{code[:50] + "I" + code[51:]}, "", 1,
			tr.T("error.recovery_character", map[string]any{"Group": 11})},
		{"wrong key, interactive: no new passphrase asked", nil, []string{otherKey}, "", 1, text("error.recovery_wrong_vault")},
		{"short new passphrase", []string{"--recovery-key-file", writeFile(t, "k", key), "--new-passphrase-file", shortFile},
			nil, "", 1, tr.T("passphrase.too_short", map[string]any{"Min": 8})},
		{"new passphrases differ", nil, []string{key, "one new passphrase", "another new passphrase"}, "", 1, text("passphrase.mismatch")},
		{"no terminal, no key file", []string{"--new-passphrase-file", newFile}, nil, "", 2, text("cli.usage.recover_no_key")},
		{"no terminal, no new passphrase file", []string{"--recovery-key-file", writeFile(t, "k", key)}, nil, "", 2, text("cli.usage.recover_no_passphrase")},
		{"both on standard input", []string{"--recovery-key-file", "-", "--new-passphrase-file", "-"}, nil, key, 2, text("cli.usage.stdin_twice")},
		{"unreadable key file", []string{"--recovery-key-file", filepath.Join(t.TempDir(), "none"), "--new-passphrase-file", newFile},
			nil, "", 1, tr.T("cli.recover.file_unreadable", map[string]any{"Flag": "--recovery-key-file"})},
		{"huge key file", []string{"--recovery-key-file", writeFile(t, "k", strings.Repeat(key+"\n", 100)), "--new-passphrase-file", newFile},
			nil, "", 1, tr.T("cli.recover.file_too_large", map[string]any{"Flag": "--recovery-key-file"})},
		{"extra argument", []string{"now"}, nil, "", 2, ""},
	}
	for _, tc := range cases {
		c.answers, c.stdin = tc.answers, tc.stdin
		r := c.runRaw(append([]string{"--vault", c.dir, "recover"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tc.name, r.code, r.stderr, tc.code, tc.want)
		}
		sameSnapshot(t, tc.name, before, snapshot(t, c.dir))
	}
	c.answers, c.stdin = nil, ""

	// --passphrase-file has no place here: the recovery key replaces it.
	c.fail(2, text("cli.usage.recover_passphrase_file"), "recover", "--new-passphrase-file", newFile)
	// No vault: nothing is asked.
	empty := newCLI(t)
	empty.answers = []string{}
	if r := empty.runRaw("--vault", empty.dir, "recover"); r.code != 1 || !strings.Contains(r.stderr, text("error.no_vault")) {
		t.Errorf("recover without a vault: %d %q", r.code, r.stderr)
	}
	sameSnapshot(t, "refusals", before, snapshot(t, c.dir))
	c.ok("check")
}

// TestRecoverDamagedKeyFile: the recovery key is what saves a vault whose
// key file is damaged.
func TestRecoverDamagedKeyFile(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	key := recoveryKeyOf(t, c)
	path := filepath.Join(c.dir, vault.KeyFile)
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 0xff
	os.WriteFile(path, b, 0o600)
	c.fail(1, text("error.key_damaged"), "check")
	newFile := writeFile(t, "new", "a good new passphrase\n")
	if r := c.runRaw("--vault", c.dir, "recover", "--recovery-key-file", writeFile(t, "k", key), "--new-passphrase-file", newFile); r.code != 0 {
		t.Fatalf("recover: %d %q", r.code, r.stderr)
	}
	c.passFile = newFile
	c.ok("check")
}
