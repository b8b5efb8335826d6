package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/identity"
)

// cardLine returns the card line printed by `safehouse card`.
func cardLine(t *testing.T, c *cli, name string) string {
	t.Helper()
	out := c.ok("card", "--name", name)
	line, _, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(line, "SAFEHOUSE-CARD-1:") || !strings.Contains(out, "fingerprint") {
		t.Fatalf("card printed %q", out)
	}
	return line
}

func TestSharingCommands(t *testing.T) {
	a, b := newVault(t), newVault(t)
	aCard, bCard := cardLine(t, a, "Alice"), cardLine(t, b, "Bob")
	if again := cardLine(t, a, "Alice"); again != aCard {
		t.Fatal("card changed between runs: identity not kept")
	}
	bob := a.id("peer", "add", bCard)
	alice := b.id("peer", "add", aCard)

	var peers []peerJSON
	if err := json.Unmarshal([]byte(a.ok("peer", "list", "--json")), &peers); err != nil || len(peers) != 1 || peers[0].Name != "Bob" || peers[0].Verified {
		t.Fatalf("peer list: %+v %v", peers, err)
	}
	phraseRE := regexp.MustCompile(`\d{5}( \d{5}){5}`)
	pa := phraseRE.FindString(a.ok("peer", "fingerprint", bob[:8]))
	pb := phraseRE.FindString(b.ok("peer", "fingerprint", alice[:8]))
	if pa == "" || pa != pb {
		t.Fatalf("safety phrases %q and %q", pa, pb)
	}
	a.ok("peer", "verify", bob[:8])
	if !strings.Contains(a.ok("peer", "list"), "verified") {
		t.Fatal("peer not shown as verified")
	}

	ev := a.id("event", "add", "--title", "Crypto party", "--start", "2027-10-21T10:00", "--threats", "doxxing")
	a.id("task", "add", "--event", ev[:8], "--title", "Book a room")
	amina := a.id("contact", "add", "--name", "Amina", "--channel", "signal:+15550100", "--notes", "secret")

	outDir := t.TempDir()
	out := a.ok("export", "--to", bob[:8], "--event", ev[:8], "--contact", amina[:8], "-o", outDir)
	files, _ := filepath.Glob(filepath.Join(outDir, "*"))
	if len(files) != 1 || !regexp.MustCompile(`^[0-9a-f]{8}\.age$`).MatchString(filepath.Base(files[0])) || !strings.Contains(out, "1 events") {
		t.Fatalf("export wrote %v, printed %q", files, out)
	}
	bundleFile := files[0]

	// inspect writes nothing.
	before := snapshot(t, b.dir)
	insp := b.ok("inspect", bundleFile)
	if !strings.Contains(insp, "Crypto party") || !strings.Contains(insp, "Alice") {
		t.Fatalf("inspect printed %q", insp)
	}
	sameSnapshot(t, "inspect", before, snapshot(t, b.dir))

	// Without --yes and without a terminal, import refuses.
	b.fail(2, "--yes", "import", bundleFile)
	sameSnapshot(t, "import without --yes", before, snapshot(t, b.dir))

	res := b.ok("import", bundleFile, "--yes")
	if !strings.Contains(res, "Imported: 3 new") {
		t.Fatalf("import printed %q", res)
	}
	show := b.ok("contact", "show", amina[:8])
	if strings.Contains(show, "secret") || strings.Contains(show, "15550100") {
		t.Fatalf("redacted fields arrived: %q", show)
	}
	if !strings.Contains(b.ok("event", "show", ev[:8]), "doxxing") {
		t.Fatal("safety plan missing")
	}
	// Importing it again changes nothing.
	before = snapshot(t, b.dir)
	if !strings.Contains(b.ok("import", bundleFile, "--yes"), "nothing changes") {
		t.Fatal("re-import not reported as a no-op")
	}
	sameSnapshot(t, "re-import", before, snapshot(t, b.dir))

	// A tampered bundle is refused with zero writes.
	data, _ := os.ReadFile(bundleFile)
	data[len(data)-20] ^= 1
	bad := filepath.Join(t.TempDir(), "bad.age")
	os.WriteFile(bad, data, 0o600)
	b.fail(1, "damaged or was changed", "import", bad, "--yes")
	sameSnapshot(t, "tampered import", before, snapshot(t, b.dir))

	// Passphrase bundle, armored, to a vault that does not know the sender.
	c := newVault(t)
	pf := filepath.Join(t.TempDir(), "bp")
	os.WriteFile(pf, []byte("a shared bundle phrase\n"), 0o600)
	armored := filepath.Join(t.TempDir(), "x.age")
	a.ok("export", "--passphrase", "--bundle-passphrase-file", pf, "--event", ev[:8], "--armor", "-o", armored)
	if d, _ := os.ReadFile(armored); !strings.HasPrefix(string(d), "-----BEGIN AGE ENCRYPTED FILE-----") {
		t.Fatal("not armored")
	}
	before = snapshot(t, c.dir)
	c.fail(3, "unknown sender", "import", armored, "--yes", "--bundle-passphrase-file", pf)
	sameSnapshot(t, "unknown sender", before, snapshot(t, c.dir))
	if !strings.Contains(c.ok("import", armored, "--yes", "--trust-new-sender", "--bundle-passphrase-file", pf), "Imported: 2 new") {
		t.Fatal("trusted import failed")
	}
	// -o never overwrites.
	a.fail(1, "already exists", "export", "--to", bob[:8], "--event", ev[:8], "-o", armored)
	qrFile := filepath.Join(t.TempDir(), "card.png")
	if out := a.ok("card", "--name", "Alice", "--qr", qrFile); !strings.Contains(out, qrFile) || !strings.Contains(out, "only your fingerprint") {
		t.Fatalf("card --qr printed %q", out)
	}
	if fi, err := os.Stat(qrFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("QR file: %v %v", fi, err)
	}
	if b, _ := os.ReadFile(qrFile); !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatal("QR file is not a PNG")
	}
	a.fail(2, "--to", "export", "--event", ev[:8], "-o", outDir)
}

// TestImportExitStatuses: refusals of a well-formed shared file have
// their own exit status; only "already imported" exits 0, and a bundle
// that arrives out of order is imported.
func TestImportExitStatuses(t *testing.T) {
	a, b := newVault(t), newVault(t)
	aCard, bCard := cardLine(t, a, "Alice"), cardLine(t, b, "Bob")
	bob := a.id("peer", "add", bCard)
	b.id("peer", "add", aCard)
	x := a.id("event", "add", "--title", "Second file's event", "--start", "2027-10-21T10:00")
	y := a.id("event", "add", "--title", "Third file's event", "--start", "2027-10-21T11:00")
	dir := t.TempDir()
	export := func(name, ev string) string {
		path := filepath.Join(dir, name)
		a.ok("export", "--to", bob[:8], "--event", ev[:8], "-o", path)
		return path
	}
	first, second, third := export("1.age", x), export("2.age", x), export("3.age", y)

	b.ok("import", third, "--yes")
	b.ok("import", second, "--yes") // out of order, and new
	if !strings.Contains(b.ok("event", "show", x[:8]), "Second file's event") {
		t.Fatal("the out-of-order file was not applied")
	}
	// Who it came from: the signer, in --json and in show.
	var shown struct {
		Origin string `json:"origin"`
		From   *struct {
			Fingerprint string `json:"fingerprint"`
			Name        string `json:"name"`
		} `json:"from"`
	}
	if err := json.Unmarshal([]byte(b.ok("event", "show", x[:8], "--json")), &shown); err != nil || shown.From == nil ||
		shown.From.Name != "Alice" || shown.From.Fingerprint != shown.Origin || len(shown.Origin) != 64 {
		t.Fatalf("event show --json: %+v %v", shown, err)
	}
	if !regexp.MustCompile(`(?m)^from:\s+Alice$`).MatchString(b.ok("event", "show", x[:8])) {
		t.Fatal("event show does not say who the event came from")
	}
	if err := json.Unmarshal([]byte(a.ok("event", "show", x[:8], "--json")), &shown); err != nil || shown.From != nil {
		t.Fatalf("a record made here: %+v %v", shown, err)
	}
	if out := b.ok("import", second, "--yes"); !strings.Contains(out, "already imported") {
		t.Fatalf("second import of the same file printed %q", out)
	}
	if out := b.ok("inspect", second); !strings.Contains(out, "already imported") {
		t.Fatalf("inspect of an imported file printed %q", out)
	}
	before := snapshot(t, b.dir)
	b.fail(ExitOutdated, "older than the last one", "import", first, "--yes")
	b.fail(ExitOutdated, "older than the last one", "inspect", first)
	sameSnapshot(t, "outdated import", before, snapshot(t, b.dir))

	// A passphrase file someone decrypted and re-encrypted to Bob's key.
	pf := filepath.Join(t.TempDir(), "bp")
	os.WriteFile(pf, []byte("a shared bundle phrase\n"), 0o600)
	passFile := filepath.Join(dir, "pass.age")
	a.ok("export", "--passphrase", "--bundle-passphrase-file", pf, "--event", x[:8], "-o", passFile)
	data, _ := os.ReadFile(passFile)
	sid, err := age.NewScryptIdentity("a shared bundle phrase")
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), sid)
	if err != nil {
		t.Fatal(err)
	}
	inner, _ := io.ReadAll(r)
	card, err := identity.ParseCard(bCard)
	if err != nil {
		t.Fatal(err)
	}
	forwarded := filepath.Join(dir, "forwarded.age")
	os.WriteFile(forwarded, bundletest.Encrypt(inner, card.Keys), 0o600)
	b.fail(ExitForwarded, "meant for someone else", "import", forwarded, "--yes")
	b.fail(ExitForwarded, "meant for someone else", "inspect", forwarded)
	sameSnapshot(t, "forwarded import", before, snapshot(t, b.dir))

	c := newVault(t)
	c.fail(ExitUnknownSender, "unknown sender", "import", passFile, "--yes", "--bundle-passphrase-file", pf)
}
