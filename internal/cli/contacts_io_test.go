package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importCSV = "Name;Phone;Email;Country;Notes\r\n" +
	"Amina K.;+49 555 010;amina@example.org;Germany;met at the fair\r\n" +
	";;;;no name here\r\n" +
	"Bo;+1 555 0100;;Atlantis;\r\n"

const importVCard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amina K.\r\nTEL;TYPE=cell:+49555010\r\nORG:Open Rights\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chidi\r\nEMAIL:chidi@example.ng\r\nEND:VCARD\r\n"

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestContactImport(t *testing.T) {
	c := newVault(t)
	csvPath := writeTemp(t, "people.csv", importCSV)

	// Without --yes and without a terminal: the preview, then a refusal.
	r := c.run("contact", "import", csvPath)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "needs --yes") {
		t.Fatalf("no --yes: %+v", r)
	}
	for _, want := range []string{"separator ;", "Name=name", "new: 2", "not imported: 1", "Amina K.", "It has no name.",
		"Country “Atlantis” was not recognised"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("preview lacks %q:\n%s", want, r.stdout)
		}
	}
	if out := c.ok("contact", "list"); strings.Contains(out, "Amina") {
		t.Fatal("the preview wrote contacts")
	}

	// On a terminal, answering no writes nothing.
	c.answers = []string{testPass}
	c.stdin = "n\n"
	c.passFile = ""
	r = c.runRaw("--vault", c.dir, "contact", "import", csvPath)
	if r.code != ExitError || !strings.Contains(r.stderr, "cancelled") {
		t.Fatalf("answer no: %+v", r)
	}
	c.answers, c.stdin = nil, ""
	c.passFile = filepath.Join(filepath.Dir(c.dir), "pass")

	out := c.ok("contact", "import", csvPath, "--yes")
	if !strings.Contains(out, "imported 2 new contacts, added details to 0") {
		t.Errorf("import: %s", out)
	}
	list := c.ok("contact", "list", "--json")
	if !strings.Contains(list, `"value": "+49 555 010"`) || !strings.Contains(list, `"country": "DE"`) {
		t.Errorf("imported contacts: %s", list)
	}

	// The vCard has Amina again (same name and phone): a merge that
	// fills the organization; Chidi is new.
	vcf := writeTemp(t, "cards.vcf", importVCard)
	out = c.ok("contact", "import", vcf, "--yes")
	if !strings.Contains(out, "merge") || !strings.Contains(out, "adds organization: Open Rights") ||
		!strings.Contains(out, "imported 1 new contacts, added details to 1") {
		t.Errorf("vcard import: %s", out)
	}
	// Again: nothing to do.
	if out := c.ok("contact", "import", vcf); !strings.Contains(out, "nothing to import") {
		t.Errorf("second import: %s", out)
	}
	if out := c.ok("check"); !strings.Contains(out, "contacts   3") {
		t.Errorf("check: %s", out)
	}
}

func TestContactImportMapAndErrors(t *testing.T) {
	c := newVault(t)
	p := writeTemp(t, "x.csv", "Who,How\nAmina,+49 555 010\n")
	out := c.ok("contact", "import", p, "--map", "Who=name,How=signal", "--yes")
	if !strings.Contains(out, "Who=name, How=signal") {
		t.Errorf("mapping: %s", out)
	}
	if list := c.ok("contact", "list", "--json"); !strings.Contains(list, `"type": "signal"`) {
		t.Errorf("mapped import: %s", list)
	}
	c.fail(ExitUsage, "no column Nope", "contact", "import", p, "--map", "Nope=name")
	c.fail(ExitUsage, "unknown field", "contact", "import", p, "--map", "Who=shoe")
	c.fail(ExitUsage, "only for CSV", "contact", "import", writeTemp(t, "a.vcf", importVCard), "--map", "Who=name")
	c.fail(ExitError, "no contact cards", "contact", "import", p, "--format", "vcard")
	c.fail(ExitError, "not a contact list in text form", "contact", "import", writeTemp(t, "b.csv", "PK\x03\x04\x00\x00"))
	c.fail(ExitUsage, "exactly one file", "contact", "import")
}

func TestContactExport(t *testing.T) {
	c := newVault(t)
	c.ok("contact", "add", "--name", "Amina K.", "--channel", "signal:+49555010", "--tag", "legal", "--consent", "SECRET-CONSENT")
	c.ok("contact", "add", "--name", "=HYPERLINK(\"x\")", "--channel", "phone:+1 555 0100")
	dir := t.TempDir()
	vcf := filepath.Join(dir, "out.vcf")

	// Refused without the plaintext flag, naming the encrypted way.
	r := c.fail(ExitUsage, "NOT be encrypted", "contact", "export", "--format", "vcard", "-o", vcf)
	if !strings.Contains(r.stderr, "safehouse export --contact") {
		t.Errorf("refusal does not name the encrypted alternative: %s", r.stderr)
	}
	if _, err := os.Stat(vcf); !os.IsNotExist(err) {
		t.Fatal("refused export wrote a file")
	}
	c.fail(ExitUsage, "--format", "contact", "export", "-o", vcf, "--yes-i-understand-plaintext")

	r = c.run("contact", "export", "--format", "vcard", "-o", vcf, "--yes-i-understand-plaintext")
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 2 contacts") || !strings.Contains(r.stderr, "NOT encrypted") {
		t.Fatalf("export: %+v", r)
	}
	fi, err := os.Stat(vcf)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode: %v %v", fi, err)
	}
	data, _ := os.ReadFile(vcf)
	unfolded := strings.ReplaceAll(string(data), "\r\n ", "") // lines are folded at 75 octets
	if !strings.Contains(unfolded, "VERSION:4.0") || !strings.Contains(unfolded, "sgnl://signal.me/#p/+49555010") ||
		strings.Contains(unfolded, "SECRET-CONSENT") {
		t.Errorf("vcard: %s", data)
	}
	// Never overwritten.
	c.fail(ExitError, "already exists", "contact", "export", "--format", "csv", "-o", vcf, "--yes-i-understand-plaintext")

	csvPath := filepath.Join(dir, "out.csv")
	c.ok("contact", "export", "--format", "csv", "-o", csvPath, "--tag", "legal", "--yes-i-understand-plaintext")
	data, _ = os.ReadFile(csvPath)
	if !strings.HasPrefix(string(data), "\uFEFFName,") || !strings.Contains(string(data), "'+49555010") ||
		strings.Contains(string(data), "HYPERLINK") {
		t.Errorf("csv: %q", data)
	}
	all := filepath.Join(dir, "all.csv")
	c.ok("contact", "export", "--format", "csv", "-o", all, "--yes-i-understand-plaintext")
	data, _ = os.ReadFile(all)
	if !strings.Contains(string(data), `'=HYPERLINK(""x"")`) {
		t.Errorf("formula not defused: %q", data)
	}

	// Export then import into a fresh vault gives the same contacts.
	c2 := newVault(t)
	c2.ok("contact", "import", vcf, "--yes")
	if got := c2.ok("contact", "list"); !strings.Contains(got, "Amina K.") || !strings.Contains(got, "legal") {
		t.Errorf("round trip: %s", got)
	}
}

// contact import refuses what is not a contact file, with a clear
// message and a failing exit status, even with --yes, and writes nothing.
func TestContactImportRefusesOtherFiles(t *testing.T) {
	c := newVault(t)
	files := map[string]string{
		"events.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Meeting, with: commas\r\n" +
			"DTSTART:20270101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"shared.txt": "-----BEGIN AGE ENCRYPTED FILE-----\r\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBh\r\n-----END AGE ENCRYPTED FILE-----\r\n",
		"notes.txt":  "Meeting notes, Tuesday.\nWe talked about the campaign, the budget and the venue.\nNext time: bring flyers.\n",
	}
	wants := map[string]string{"events.ics": text("import.error.calendar_file"), "shared.txt": text("import.error.shared_file"),
		"notes.txt": text("import.error.not_contacts")}
	for name, content := range files {
		for _, format := range [][]string{nil, {"--format", "csv"}} {
			args := append([]string{"contact", "import", writeTemp(t, name, content), "--yes"}, format...)
			r := c.fail(ExitError, wants[name], args...)
			if r.stdout != "" {
				t.Errorf("%s: printed a preview: %s", name, r.stdout)
			}
		}
	}
	if out := c.ok("check"); !strings.Contains(out, "contacts   0") {
		t.Errorf("check: %s", out)
	}
}

// The preview names what a card repeating an earlier card adds, and which
// contacts were named from their details.
func TestContactImportPreviewRepeatsAndNames(t *testing.T) {
	c := newVault(t)
	vcf := writeTemp(t, "phone.vcf", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ivan Petrov\r\nTEL;CELL:+7 916 555 0101\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN:;;;;\r\nEMAIL:press@example.org\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ivan Petrov\r\nTEL;CELL:+79165550101\r\nEMAIL:ivan@example.ru\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Anna Sidorova\r\nTEL;WORK:+7 916 555 0101\r\nEND:VCARD\r\n")
	out := c.ok("contact", "import", vcf, "--yes")
	for _, want := range []string{"new: 3", "combined with the earlier card or row (nothing is left out): 1", "combine",
		"Same person as number 1 in this file.", "adds to channels: email: ivan@example.ru", "named from its email address",
		"imported 3 new contacts"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	list := c.ok("contact", "list", "--json")
	if !strings.Contains(list, "ivan@example.ru") || !strings.Contains(list, "Anna Sidorova") || !strings.Contains(list, `"name": "press@example.org"`) {
		t.Errorf("imported: %s", list)
	}
}
