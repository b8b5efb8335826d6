package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// fillEmpty gives every empty text of a file written by `locale new` a
// translation made from the English text in the comment above it, as a
// translator would.
func fillEmpty(t *testing.T, data []byte) []byte {
	t.Helper()
	english := regexp.MustCompile(`^# English(?: \((\w+)\))?: (.*)$`)
	texts := map[string]string{}
	form := "" // the English form being read, "-" when none
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		switch m := english.FindStringSubmatch(l); {
		case m != nil:
			form = m[1]
			texts[form] = m[2]
		case form != "-" && (l == "#" || strings.HasPrefix(l, "#  ")): // wrapped English text
			texts[form] += " " + strings.TrimSpace(l[1:])
		case l == "":
			texts = map[string]string{}
			form = "-"
		default:
			form = "-"
		}
		if k, ok := strings.CutSuffix(l, ` = ""`); ok {
			text := texts["other"]
			if text == "" {
				text = texts[""]
			}
			if k == "one" && texts["one"] != "" {
				text = texts["one"]
			}
			l = k + ` = "Ü ` + strings.ReplaceAll(text, `"`, `\"`) + `"`
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n"))
}

func TestLocaleNewAndCheck(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.env["XDG_CONFIG_HOME"] = "/cfg"
	dir := t.TempDir()
	path := filepath.Join(dir, "de.toml")

	r := c.runRaw("locale", "new", "de", "-o", path)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("locale new: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{"wrote " + path + ": ", " messages, ", " to translate", "safehouse locale check " + path, "/cfg/safehouse/locales"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("locale new output lacks %q:\n%s", want, r.stdout)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// An untranslated file loads, with every message missing: exit 0, but
	// 1 with --strict.
	// By default only counts: no to-do list burying real problems.
	r = c.runRaw("locale", "check", path)
	if r.code != 0 || strings.Contains(r.stdout, "common.ok") || !strings.Contains(r.stdout, "0 of ") ||
		!strings.Contains(r.stdout, " messages not translated yet (") || !strings.Contains(r.stdout, "--missing") {
		t.Errorf("check new file: exit %d stdout %.300q stderr %q", r.code, r.stdout, r.stderr)
	}
	// --missing lists them all, those that matter for safety first.
	r = c.runRaw("locale", "check", "--missing", path)
	if r.code != 0 || !strings.Contains(r.stdout, path+": common.ok: not translated yet") {
		t.Errorf("check --missing: exit %d stdout %.300q", r.code, r.stdout)
	}
	firstRun := strings.Index(r.stdout, path+": firstrun.welcome.title: "+text("cli.locale.check.missing_critical"))
	common := strings.Index(r.stdout, path+": common.ok:")
	if firstRun < 0 || common < 0 || firstRun > common {
		t.Errorf("safety-critical messages are not listed first (first run at %d, common at %d)", firstRun, common)
	}
	if r := c.runRaw("locale", "check", "--strict", path); r.code != 1 || !strings.Contains(r.stderr, "1 file is not finished") {
		t.Errorf("check --strict: exit %d stderr %q", r.code, r.stderr)
	}

	// Refuses to overwrite, and leaves the file as it was.
	r = c.runRaw("locale", "new", "de", "-o", path)
	if r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("overwrite: exit %d stderr %q", r.code, r.stderr)
	}
	if again, _ := os.ReadFile(path); string(again) != string(data) {
		t.Error("the existing file was changed")
	}

	// Filled in, it is complete and OK, even with --strict.
	if err := os.WriteFile(path, fillEmpty(t, data), 0o600); err != nil {
		t.Fatal(err)
	}
	r = c.runRaw("locale", "check", "--strict", path)
	if r.code != 0 || !strings.Contains(r.stdout, path+": ok, all ") || r.stderr != "" {
		t.Errorf("check filled file: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	filled, _ := os.ReadFile(path)
	if rep := i18n.Check(filled, path); !rep.OK() {
		t.Errorf("filled file:\n%s", rep)
	}

	// --from carries the translations over to a new file.
	next := filepath.Join(dir, "active.de.toml")
	if r := c.runRaw("locale", "new", "de", "--from", path, "-o", next); r.code != 0 || !strings.Contains(r.stdout, ", 0 to translate") {
		t.Errorf("new --from: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestLocaleNewDefaultPath(t *testing.T) {
	c := newCLI(t)
	t.Chdir(t.TempDir())
	r := c.runRaw("locale", "new", "ru_RU")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "wrote ru-RU.toml: ") {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile("ru-RU.toml")
	if err != nil {
		t.Fatal(err)
	}
	// Russian needs four plural forms; ru-RU starts from the shipped
	// Russian, so they come filled in.
	if !regexp.MustCompile(`\[contacts\.count\]\none = "[^"]+"\nfew = "[^"]+"\nmany = "[^"]+"\nother = "[^"]+"\n`).Match(data) {
		t.Errorf("plural forms of contacts.count:\n%.2000s", data)
	}
}

func TestLocaleCheckBroken(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	broken := write("fr.toml", "[common.cancel]\nother = \"Annuler\"\n\n[save.failed]\nother = \"Non enregistré — {{.Raison}}\"\n\n[contacts.count]\nother = \"{{.Count}} contacts\"\n\n[no.such.id]\nother = \"x\"\n")
	syntax := write("es.toml", "[common.cancel]\nother = \"Cancelar\n")
	partial := write("ar.toml", "[common.cancel]\nother = \"إلغاء\"\n")
	utf16 := write("de.toml", "\xff\xfe[\x00c\x00]\x00")
	badName := write("notes.toml", "")

	r := c.runRaw("locale", "check", broken)
	if r.code != 1 || !strings.Contains(r.stderr, "1 file cannot be loaded") {
		t.Errorf("exit %d stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{
		broken + ":4: save.failed: {{.Raison}} is not in the English text",
		broken + ":4: save.failed: {{.Reason}} from the English text is missing",
		broken + ":7: contacts.count: plural forms missing: one, many",
		broken + ": no.such.id: not in the English source",
		broken + ": the app cannot load this file",
		" messages not translated yet (",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%.2000s", want, r.stdout)
		}
	}

	for _, tc := range []struct {
		path, want string
		code       int
	}{
		{syntax, syntax + ":2: syntax error: ", 1},
		{utf16, utf16 + ":1: the file is not UTF-8 text", 1},
		{badName, badName + ": the file name must be a language code", 1},
		{partial, partial + ": 1 of ", 0},
	} {
		r := c.runRaw("locale", "check", tc.path)
		if r.code != tc.code || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("check %s: exit %d stdout %.500q stderr %q; want %d and %q", filepath.Base(tc.path), r.code, r.stdout, r.stderr, tc.code, tc.want)
		}
	}
	// A file that is not there is named as such.
	if r := c.runRaw("locale", "check", filepath.Join(dir, "missing.de.toml")); r.code != 1 || !strings.Contains(r.stderr, "missing.de.toml does not exist") {
		t.Errorf("missing file: exit %d stderr %q", r.code, r.stderr)
	}
	// Problems come before the count of untranslated messages.
	if p, m := strings.Index(r.stdout, "no.such.id"), strings.Index(r.stdout, "messages not translated yet"); p < 0 || m < p {
		t.Errorf("problems are not listed first:\n%s", r.stdout)
	}
	// Several files: the status counts the broken ones.
	if r := c.runRaw("locale", "check", partial, broken, syntax); r.code != 1 || !strings.Contains(r.stderr, "2 files cannot be loaded") {
		t.Errorf("several files: exit %d stderr %q", r.code, r.stderr)
	}
}

func TestLocaleUsage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"locale"}, "needs a subcommand"},
		{[]string{"locale", "new"}, "needs a language code"},
		{[]string{"locale", "new", "klingon!"}, "'klingon!' is not a language code"},
		{[]string{"locale", "new", "de", "-o", filepath.Join(dir, "fr.toml")}, "must end in de.toml"},
		{[]string{"locale", "new", "de", "extra"}, "unexpected argument 'extra'"},
		{[]string{"locale", "check"}, "needs at least one translation file"},
		{[]string{"locale", "check", "--bogus", "x.toml"}, "unknown flag --bogus"},
	} {
		r := c.runRaw(tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: exit %d stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("usage errors wrote files: %v", entries)
	}
	if out := c.runRaw("help", "locale").stdout; !strings.Contains(out, "safehouse locale check [--strict] [--missing] FILE|FOLDER...") {
		t.Errorf("help locale:\n%s", out)
	}
}

func TestLocaleList(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	cfg := t.TempDir()
	c.env["XDG_CONFIG_HOME"] = cfg
	r := c.runRaw("locale", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "العربية") || !strings.Contains(r.stdout, "en-XA") || !strings.Contains(r.stdout, "No translation files of your own") {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	ldir := filepath.Join(cfg, "safehouse", "locales")
	if err := os.MkdirAll(ldir, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(ldir, "de.toml"), []byte("[common.cancel]\nother = \"Abbrechen\"\n"), 0o600)
	os.WriteFile(filepath.Join(ldir, "it.toml"), []byte("[common.cancel\n"), 0o600)
	r = c.runRaw("locale", "list")
	for _, want := range []string{"Your translation files, in " + ldir, "de.toml", "still in English", "it.toml", "syntax error"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("list lacks %q:\n%s", want, r.stdout)
		}
	}
}

// The pseudo-locale works for the command line too.
func TestPseudoLocaleCLI(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.env["LANGUAGE"] = "en_XA"
	r := c.runRaw("locale", "new")
	if r.code != 2 || !strings.Contains(r.stderr, "⟦") {
		t.Errorf("exit %d stderr %q", r.code, r.stderr)
	}
}

// TestLocaleCheckFolders: a folder stands for its translation files; a
// missing path and a folder without any are clear errors.
func TestLocaleCheckFolders(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := t.TempDir()
	for _, lang := range []string{"de", "sw"} {
		if r := c.runRaw("locale", "new", lang, "-o", filepath.Join(dir, lang+".toml")); r.code != 0 {
			t.Fatalf("locale new %s: %q", lang, r.stderr)
		}
	}
	r := c.runRaw("locale", "check", dir)
	if r.code != 0 || !strings.Contains(r.stdout, filepath.Join(dir, "de.toml")+": ") || !strings.Contains(r.stdout, filepath.Join(dir, "sw.toml")+": ") {
		t.Errorf("check folder: %d %q", r.code, r.stdout)
	}
	tr := newTranslator(func(string) string { return "" })
	missing := filepath.Join(dir, "nope")
	if r := c.runRaw("locale", "check", missing); r.code != 1 || !strings.Contains(r.stderr, tr.T("cli.locale.check.not_found", args1("Path", missing))) {
		t.Errorf("missing path: %d %q", r.code, r.stderr)
	}
	empty := t.TempDir()
	if r := c.runRaw("locale", "check", empty); r.code != 1 || !strings.Contains(r.stderr, tr.T("cli.locale.check.no_files", args1("Dir", empty))) {
		t.Errorf("empty folder: %d %q", r.code, r.stderr)
	}
}

// Dari is written fa-AF, pre-filled from Persian.
func TestLocaleNewDari(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := t.TempDir()
	r := c.runRaw("locale", "new", "prs", "-o", filepath.Join(dir, "fa-AF.toml"))
	if r.code != 0 {
		t.Fatalf("locale new prs: %d %q", r.code, r.stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "fa-AF.toml"))
	if !strings.Contains(string(data), "گاوصندوق") {
		t.Error("the Dari file is not pre-filled from Persian")
	}
}
