package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// savedVault returns a cli on a vault with a previous generation, no
// passphrase source (wipe must not need one), and a foreign file in the
// vault folder.
func savedVault(t *testing.T) *cli {
	t.Helper()
	c := newVault(t)
	c.ok("contact", "add", "--name", "Amina")
	if err := os.WriteFile(filepath.Join(c.dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	return c
}

// wipe runs "wipe args..." with only --vault: no passphrase is given.
func (c *cli) wipe(args ...string) result {
	c.t.Helper()
	return c.runRaw(append([]string{"--vault", c.dir, "wipe"}, args...)...)
}

func vaultFilesLeft(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "notes.txt" {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestWipeConfirmFlag(t *testing.T) {
	c := savedVault(t)
	r := c.wipe("--confirm", "vault")
	if r.code != 0 {
		t.Fatalf("wipe: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{"destroyed key.age\n", "destroyed data.age.prev\n", "destroyed vault.lock\n",
		"The vault was destroyed", "left in place: notes.txt"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	// key.age is reported (and destroyed) first.
	if !strings.HasPrefix(r.stdout, "destroyed key.age\n") {
		t.Errorf("key.age not first:\n%s", r.stdout)
	}
	if left := vaultFilesLeft(t, c.dir); len(left) != 0 {
		t.Fatalf("vault files left: %v", left)
	}
	if b, _ := os.ReadFile(filepath.Join(c.dir, "notes.txt")); string(b) != "mine" {
		t.Fatal("foreign file changed")
	}
	if r := c.run("check"); r.code != 1 || !strings.Contains(r.stderr, "no vault") {
		t.Fatalf("check after wipe: %d %q", r.code, r.stderr)
	}
	// Nothing left to wipe.
	if r := c.wipe("--confirm", "vault"); r.code != 1 || !strings.Contains(r.stderr, "no vault") {
		t.Fatalf("second wipe: %d %q", r.code, r.stderr)
	}
}

func TestWipeRemovesEmptyFolder(t *testing.T) {
	c := newVault(t)
	r := c.wipe("--confirm=vault")
	if r.code != 0 || !strings.Contains(r.stdout, "removed the folder") {
		t.Fatalf("wipe: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(c.dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("folder still there: %v", err)
	}
}

// TestWipeMismatchDeletesNothing: a wrong name, typed or given, is refused
// and leaves every file byte-identical.
func TestWipeMismatchDeletesNothing(t *testing.T) {
	c := savedVault(t)
	before := snapshotDir(t, c.dir)
	cases := []struct {
		name  string
		args  []string
		stdin string
		term  bool
		code  int
		err   string
	}{
		{"flag", []string{"--confirm", "Vault"}, "", false, 1, "does not match the vault name vault; nothing was deleted"},
		{"empty flag", []string{"--confirm", ""}, "", true, 1, "does not match"},
		{"typed", nil, "vaul\n", true, 1, "does not match"},
		{"typed with space", nil, "vault \n", true, 1, "does not match"},
		{"nothing typed", nil, "", true, 1, "does not match"},
		{"no terminal", nil, "vault\n", false, 2, "wipe needs --confirm NAME"},
		{"extra argument", []string{"vault"}, "", false, 2, "vault"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.stdin = tc.stdin
			c.answers = nil
			if tc.term {
				c.answers = []string{}
			}
			r := c.wipe(tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.err) {
				t.Fatalf("exit %d stderr %q; want %d and %q", r.code, r.stderr, tc.code, tc.err)
			}
			if after := snapshotDir(t, c.dir); !sameFiles(before, after) {
				t.Fatal("files changed after a refused wipe")
			}
		})
	}
	c.answers, c.stdin = nil, ""
	c.ok("check")
}

// TestWipeInteractive: on a terminal the command lists what goes and what
// stays, then asks for the name; no passphrase is asked.
func TestWipeInteractive(t *testing.T) {
	c := savedVault(t)
	c.answers = []string{} // a terminal, but ReadPassword must not be used
	c.stdin = "vault\n"
	r := c.wipe()
	if r.code != 0 {
		t.Fatalf("wipe: exit %d stderr %q", r.code, r.stderr)
	}
	plan, rest, ok := strings.Cut(r.stdout, "type the vault name (vault, the name of its folder):")
	if !ok {
		t.Fatalf("no prompt:\n%s", r.stdout)
	}
	for _, want := range []string{"this permanently destroys the vault in " + c.dir, "  key.age (", "  data.age.prev (",
		"bytes)", "not Safehouse's and stay: notes.txt", "backups, synced folders"} {
		if !strings.Contains(plan, want) {
			t.Errorf("explanation lacks %q:\n%s", want, plan)
		}
	}
	if strings.Index(plan, "key.age (") > strings.Index(plan, "data.age (") {
		t.Errorf("key.age not listed first:\n%s", plan)
	}
	if !strings.Contains(rest, "destroyed key.age") || vault.Exists(c.dir) {
		t.Errorf("report:\n%s", rest)
	}
	if left := vaultFilesLeft(t, c.dir); len(left) != 0 {
		t.Fatalf("vault files left: %v", left)
	}
}

// TestWipeDamagedKey: the wipe works when nobody could unlock the vault.
func TestWipeDamagedKey(t *testing.T) {
	c := newVault(t)
	os.WriteFile(filepath.Join(c.dir, vault.KeyFile), []byte("garbage"), 0o600)
	if r := c.wipe("--confirm", "vault"); r.code != 0 {
		t.Fatalf("wipe: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(c.dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("folder still there")
	}
}

// TestWipeInUse: while the desktop app holds the vault, the wipe still
// destroys every file but the lock file, key first, and says the app will
// drop its session; the holder's own wipe then removes the rest.
func TestWipeInUse(t *testing.T) {
	c := newVault(t)
	v, err := vault.Open(c.dir, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	r := c.wipe("--confirm", "vault")
	if r.code != 0 {
		t.Fatalf("wipe of an open vault: %d %q", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "destroyed key.age\n") || !strings.Contains(r.stdout, "open in the desktop app") {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	if vault.Exists(c.dir) {
		t.Fatal("key.age survived")
	}
	if left := vaultFilesLeft(t, c.dir); len(left) != 1 || left[0] != vault.LockFile {
		t.Fatalf("left %v, want only the held lock file", left)
	}
	if _, err := v.Wipe(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("folder still there after the holder finished")
	}
}

// TestWipeRefusesForeignKeyAge: a folder holding only an unrelated file
// named key.age is not a vault: refused, nothing touched.
func TestWipeRefusesForeignKeyAge(t *testing.T) {
	c := newVault(t)
	dir := filepath.Join(t.TempDir(), "vault")
	os.Mkdir(dir, 0o700)
	os.WriteFile(filepath.Join(dir, vault.KeyFile), []byte("age-encryption.org/v1\n-> scrypt abc 10\nxyz\n--- q\n"), 0o600)
	c.dir = dir
	r := c.wipe("--confirm", "vault")
	if r.code == 0 || !strings.Contains(r.stderr, "not a Safehouse vault") {
		t.Fatalf("wipe of a foreign key.age: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, vault.KeyFile)); err != nil {
		t.Fatal("foreign key.age was touched")
	}
}

func TestWipeVaultFlagAfterCommand(t *testing.T) {
	c := newVault(t)
	r := c.runRaw("wipe", "--vault", c.dir, "--confirm", "vault")
	if r.code != 0 || vault.Exists(c.dir) {
		t.Fatalf("wipe --vault: %d %q", r.code, r.stderr)
	}
	if r := c.runRaw("help", "wipe"); !strings.Contains(r.stdout, "safehouse wipe [--confirm NAME]") {
		t.Errorf("help wipe: %q", r.stdout)
	}
}

func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		m[e.Name()] = string(b)
	}
	return m
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestWipeClearsAppPrefs: the desktop app's preferences, which name the
// vault's folder, go with the vault; those naming another vault stay.
func TestWipeClearsAppPrefs(t *testing.T) {
	for _, c := range []struct {
		name     string
		vaultDir func(dir string) string
		removed  bool
	}{
		{"this vault", func(dir string) string { return dir }, true},
		{"another vault", func(string) string { return "/elsewhere/vault" }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := savedVault(t)
			prefs := filepath.Join(t.TempDir(), "preferences.json")
			content := `{"language":"fa","vault_dir":` + strconv.Quote(c.vaultDir(v.dir)) + `}`
			os.WriteFile(prefs, []byte(content), 0o600)
			v.prefsFile = prefs
			r := v.wipe("--confirm", "vault")
			if r.code != 0 {
				t.Fatalf("wipe: %d %q", r.code, r.stderr)
			}
			_, err := os.Stat(prefs)
			if gone := os.IsNotExist(err); gone != c.removed {
				t.Fatalf("preferences removed: %v, want %v", gone, c.removed)
			}
			if said := strings.Contains(r.stdout, text("cli.wipe.prefs_cleared")); said != c.removed {
				t.Errorf("stdout says so: %v, want %v:\n%s", said, c.removed, r.stdout)
			}
		})
	}
}
