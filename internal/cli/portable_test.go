package cli

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/portable"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// hostDirs makes empty folders standing in for the computer's own
// folders (home, temp, XDG, and the working folder) and returns them by
// variable name ("" for the working folder).
func hostDirs(t *testing.T) map[string]string {
	t.Helper()
	sandbox := t.TempDir()
	dirs := map[string]string{}
	for _, name := range []string{"HOME", "TMPDIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", ""} {
		d := filepath.Join(sandbox, "host-"+strings.ToLower(name))
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		dirs[name] = d
	}
	return dirs
}

// assertEmpty fails for every file or folder found under the host
// folders.
func assertEmpty(t *testing.T, dirs map[string]string) {
	t.Helper()
	for name, d := range dirs {
		err := filepath.WalkDir(d, func(p string, _ fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != d {
				t.Errorf("portable mode wrote %s (in the folder of %q)", p, name)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// newStick copies the program into a new folder standing in for a USB
// stick, with the marker file next to it when marker is true.
func newStick(t *testing.T, bin string, marker bool) (stick, exe string) {
	t.Helper()
	stick = filepath.Join(t.TempDir(), "stick")
	if err := os.Mkdir(stick, 0o700); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	exe = filepath.Join(stick, "safehouse")
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if marker {
		if err := os.WriteFile(filepath.Join(stick, portable.MarkerName), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return stick, exe
}

// TestBinaryPortableLeavesHostUntouched runs the real program from a
// "stick" in portable mode, turned on by the marker file and by
// --portable, with HOME, TMPDIR and the XDG folders pointed at empty
// folders: a whole session (init, add, search, share, check, locale
// list) keeps the vault, its generation record and the shared file on
// the stick, and every host folder is still empty afterwards.
func TestBinaryPortableLeavesHostUntouched(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	host := hostDirs(t)
	env := []string{"PATH=" + os.Getenv("PATH"), "LANG=C", "TZ=UTC"}
	for k, v := range host {
		if k != "" {
			env = append(env, k+"="+v)
		}
	}
	// A vault named in the environment is the computer's, not the stick's.
	env = append(env, EnvVault+"="+filepath.Join(host["HOME"], "vault"))
	secrets := t.TempDir()
	passFile := filepath.Join(secrets, "pass")
	bundlePass := filepath.Join(secrets, "bundle")
	os.WriteFile(passFile, []byte("stick passphrase one\n"), 0o600)
	os.WriteFile(bundlePass, []byte("bundle passphrase two\n"), 0o600)

	run := func(exe string, wantCode int, args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(exe, args...)
		cmd.Env = env
		cmd.Dir = host[""]
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != wantCode {
			t.Fatalf("safehouse %q: exit %d (%v), want %d; stderr %q", args, code, err, wantCode, stderr.String())
		}
		return stdout.String(), stderr.String()
	}

	for _, mode := range []string{"marker", "flag"} {
		stick, exe := newStick(t, bin, mode == "marker")
		pre := []string{"--passphrase-file", passFile}
		if mode == "flag" {
			pre = append([]string{"--portable"}, pre...)
		}
		cmd := func(args ...string) []string { return append(append([]string(nil), pre...), args...) }

		run(exe, 0, cmd("init")...)
		id, _ := run(exe, 0, cmd("contact", "add", "--name", "Stick Canary", "--channel", "email:stick@example.org")...)
		id = strings.TrimSpace(id)
		if out, _ := run(exe, 0, cmd("search", "canary")...); !strings.Contains(out, "Stick Canary") {
			t.Errorf("%s: search: %q", mode, out)
		}
		shared := filepath.Join(stick, "shared")
		os.Mkdir(shared, 0o700)
		run(exe, 0, cmd("export", "--passphrase", "--bundle-passphrase-file", bundlePass, "--contact", id, "-o", shared)...)
		if out, _ := run(exe, 0, cmd("check")...); !strings.Contains(out, "contacts   1") {
			t.Errorf("%s: check: %q", mode, out)
		}
		data := filepath.Join(stick, portable.DataName)
		if out, _ := run(exe, 0, cmd("locale", "list")...); !strings.Contains(out, filepath.Join(data, "locales")) {
			t.Errorf("%s: locale list does not name the stick's folder: %q", mode, out)
		}

		if !vault.Exists(filepath.Join(data, "vault")) {
			t.Fatalf("%s: no vault in %s", mode, data)
		}
		if files, _ := os.ReadDir(shared); len(files) != 1 {
			t.Errorf("%s: shared files on the stick: %d", mode, len(files))
		}
		if seen, _ := os.ReadDir(filepath.Join(data, "seen")); len(seen) == 0 {
			t.Errorf("%s: no generation record on the stick", mode)
		}
	}
	assertEmpty(t, host)

	// Without the marker or the flag the same program is not portable:
	// the check proves the host folders above really were watched.
	_, exe := newStick(t, bin, false)
	run(exe, 0, "--passphrase-file", passFile, "init")
	if !vault.Exists(filepath.Join(host["HOME"], "vault")) {
		t.Error("without portable mode the vault was not made in $SAFEHOUSE_VAULT")
	}
}

// A stick where the data folder cannot be made stops the program with
// one line, before it writes anything to the computer.
func TestBinaryPortableRefusesUnwritableStick(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	host := hostDirs(t)
	stick, exe := newStick(t, bin, true)
	// A file where the data folder should be.
	if err := os.WriteFile(filepath.Join(stick, portable.DataName), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init"}, {"--portable", "check"}} {
		cmd := exec.Command(exe, args...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LANG=C"}
		for k, v := range host {
			if k != "" {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
		}
		cmd.Dir = host[""]
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 1 {
			t.Errorf("%q: exit %d, want 1", args, code)
		}
		want := "safehouse: cannot start in portable mode: the folder " + filepath.Join(stick, portable.DataName)
		if got := stderr.String(); !strings.HasPrefix(got, want) || strings.Count(got, "\n") != 1 {
			t.Errorf("%q: stderr %q, want one line starting %q", args, got, want)
		}
	}
	assertEmpty(t, host)
}
