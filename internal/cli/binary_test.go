package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestBinaryLeavesNoPlaintext is THREATS.md tests 10 and 11 for the CLI:
// the real binary, at the real scrypt work factor, runs a full session
// with HOME, TMPDIR and the XDG folders pointed at test folders; then no
// file under them holds a canary string, an SQLite header or the vault's
// age recipient.
func TestBinaryLeavesNoPlaintext(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)

	sandbox := t.TempDir()
	dirs := map[string]string{}
	for _, name := range []string{"HOME", "TMPDIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		dirs[name] = filepath.Join(sandbox, strings.ToLower(name))
		if err := os.MkdirAll(dirs[name], 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "LANG=C", "TZ=UTC"}
	for k, v := range dirs {
		env = append(env, k+"="+v)
	}
	// The passphrase files live outside the scanned folders.
	secrets := t.TempDir()
	oldPass, newPass := filepath.Join(secrets, "old"), filepath.Join(secrets, "new")
	os.WriteFile(oldPass, []byte("first real passphrase\n"), 0o600)
	os.WriteFile(newPass, []byte("second real passphrase\n"), 0o600)

	passFile := oldPass
	run := func(wantCode int, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--passphrase-file", passFile}, args...)...)
		cmd.Env = env
		cmd.Dir = dirs["HOME"]
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := cmd.ProcessState.ExitCode()
		if code != wantCode {
			t.Fatalf("safehouse %q: exit %d (%v), want %d; stderr %q", args, code, err, wantCode, stderr.String())
		}
		return stdout.String()
	}

	// One canary per kind of field. Tags are stored in lower case.
	canary := map[string]string{
		"name": "CanaryNameQx41", "org": "CanaryOrgQx42", "role": "CanaryRoleQx43", "notes": "CanaryNotesQx44",
		"channel": "canarychannelqx45@example.org", "tag": "canarytagqx46", "consent": "CanaryConsentQx47",
		"title": "CanaryTitleQx48", "location": "CanaryLocationQx49", "threats": "CanaryThreatsQx50",
		"mitigations": "CanaryMitigationsQx51", "emergency": "CanaryEmergencyQx52", "checkin": "CanaryCheckInQx53",
		"description": "CanaryDescriptionQx54", "task": "CanaryTaskQx55", "tasknotes": "CanaryTaskNotesQx56",
		"edited": "CanaryEditedQx57", "removed": "CanaryRemovedQx58",
	}

	run(0, "init")
	cid := strings.TrimSpace(run(0, "contact", "add", "--name", canary["name"], "--org", canary["org"],
		"--role", canary["role"], "--notes", canary["notes"], "--channel", "email:"+canary["channel"],
		"--tag", canary["tag"], "--consent", canary["consent"], "--country", "KE"))
	gone := strings.TrimSpace(run(0, "contact", "add", "--name", canary["removed"]))
	eid := strings.TrimSpace(run(0, "event", "add", "--title", canary["title"], "--start", "2027-10-21T10:00",
		"--tz", "Africa/Nairobi", "--location", canary["location"], "--threats", canary["threats"],
		"--mitigations", canary["mitigations"], "--emergency-contacts", canary["emergency"],
		"--check-in", canary["checkin"], "--description", canary["description"]))
	tid := strings.TrimSpace(run(0, "task", "add", "--event", eid[:8], "--title", canary["task"],
		"--notes", canary["tasknotes"], "--assignee", cid[:8]))

	if out := run(0, "contact", "list", "--tag", canary["tag"]); !strings.Contains(out, canary["name"]) {
		t.Errorf("contact list: %q", out)
	}
	if out := run(0, "search", canary["task"]); !strings.Contains(out, canary["task"]) {
		t.Errorf("search: %q", out)
	}
	var c contactJSON
	if err := json.Unmarshal([]byte(run(0, "contact", "show", cid, "--json")), &c); err != nil || c.Notes != canary["notes"] {
		t.Errorf("contact show: %+v %v", c, err)
	}
	if out := run(0, "event", "show", eid); !strings.Contains(out, canary["checkin"]) || !strings.Contains(out, canary["task"]) {
		t.Errorf("event show: %q", out)
	}
	run(0, "contact", "edit", cid, "--notes", canary["edited"])
	run(0, "task", "done", tid)
	if out := run(0, "contact", "rm", gone); !strings.Contains(out, canary["removed"]) {
		t.Errorf("contact rm: %q", out)
	}
	run(0, "passwd", "--new-passphrase-file", newPass)
	run(1, "check") // the old passphrase no longer opens it
	passFile = newPass
	if out := run(0, "check"); !strings.Contains(out, "contacts   1") || !strings.Contains(out, "tasks      1") {
		t.Errorf("check: %q", out)
	}
	if out := run(0, "search", canary["edited"]); !strings.Contains(out, canary["name"]) {
		t.Errorf("search after edit: %q", out)
	}

	// The vault is where the default says, and its recipient can only be
	// derived with the passphrase.
	vaultDir := filepath.Join(dirs["XDG_DATA_HOME"], "safehouse", "vault")
	if !vault.Exists(vaultDir) {
		t.Fatalf("no vault at the default location %s", vaultDir)
	}
	recipient, identity := deriveRecipient(t, filepath.Join(vaultDir, vault.KeyFile), "second real passphrase")

	forbidden := map[string][]byte{
		"SQLite header": []byte("SQLite format 3"),
		"recipient":     []byte(recipient),
		"identity":      []byte(identity),
	}
	for k, v := range canary {
		forbidden["canary "+k] = []byte(strings.ToLower(v))
	}
	files := 0
	err := filepath.WalkDir(sandbox, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		if bytes.HasPrefix(b, []byte("SQLite format 3")) {
			t.Errorf("%s is an SQLite database", p)
		}
		lower := bytes.ToLower(b)
		for what, s := range forbidden {
			if bytes.Contains(lower, bytes.ToLower(s)) {
				t.Errorf("%s holds the %s", p, what)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 {
		t.Errorf("scanned only %d files; the session wrote somewhere else", files)
	}
}

// deriveRecipient decrypts the key file the way the age CLI would and
// returns the vault's recipient and identity strings.
func deriveRecipient(t *testing.T, keyFile, pass string) (recipient, identity string) {
	t.Helper()
	f, err := os.Open(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sid, err := age.NewScryptIdentity(pass)
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(f, sid)
	if err != nil {
		t.Fatalf("decrypt key file: %v", err)
	}
	ids, err := age.ParseIdentities(r)
	if err != nil || len(ids) != 1 {
		t.Fatalf("parse identities: %v (%d)", err, len(ids))
	}
	switch id := ids[0].(type) {
	case *age.HybridIdentity:
		return id.Recipient().String(), id.String()
	case *age.X25519Identity:
		return id.Recipient().String(), id.String()
	}
	t.Fatalf("unexpected identity type %T", ids[0])
	return "", ""
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// buildBinary builds cmd/safehouse once per test run (headless ci tag).
func buildBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		root, err := filepath.Abs(filepath.Join("..", ".."))
		if err != nil {
			binErr = err
			return
		}
		dir, err := os.MkdirTemp("", "safehouse-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "safehouse")
		build := exec.Command("go", "build", "-tags", "ci", "-o", binPath, "github.com/safehouse-app/safehouse/cmd/safehouse")
		build.Dir = root
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// TestBinaryWorksWithoutNetwork runs a CLI session inside a new network
// namespace with no interfaces but loopback down (THREATS.md item 12):
// nothing in Safehouse needs the network.
func TestBinaryWorksWithoutNetwork(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Fatalf("unshare (util-linux) is needed for this test: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "demo")
	pass := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(pass, []byte("demo\n"), 0o600)
	for _, args := range [][]string{
		{"demo", "--out", dir, "--scale", "small"},
		{"--vault", dir, "--passphrase-file", pass, "check"},
		{"--vault", dir, "--passphrase-file", pass, "contact", "add", "--name", "Offline Person"},
		{"--vault", dir, "--passphrase-file", pass, "search", "offline"},
	} {
		cmd := exec.Command(unshare, append([]string{"-rn", bin}, args...)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C"}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("unshare -rn safehouse %q: %v\n%s", args, err, out)
		}
		if args[len(args)-2] == "search" && !strings.Contains(string(out), "Offline Person") {
			t.Fatalf("search without network: %s", out)
		}
	}
}
