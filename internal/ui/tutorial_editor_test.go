package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// newEditor opens the editor on a new tutorial with the preview drawn at
// once (no debounce timer).
func newEditor(t *testing.T, s *tutorialsScreen) *tutorialEditor {
	t.Helper()
	s.NewItem()
	ed := s.editor
	if ed == nil {
		t.Fatal("Ctrl+N opened no editor")
	}
	ed.debounce.delay = 0
	return ed
}

// previewText is the text of the editor's preview: Markdown blocks and
// check boxes.
func previewText(ed *tutorialEditor) string {
	var b strings.Builder
	for _, o := range ed.rendered.body.Objects {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *markdownView:
			b.WriteString(w.String() + "\n")
		case *checkRow:
			b.WriteString("[] " + w.text + "\n")
		}
	}
	return b.String()
}

func storedTutorial(t *testing.T, e *scrEnv, slug string) *tutorial.Tutorial {
	t.Helper()
	all, err := e.Session.Store().Tutorials().List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	// Built-ins are stored once per language: take the interface's.
	for _, tu := range all {
		if tu.Slug == slug && tu.Language == e.Tr.Lang() {
			return tu
		}
	}
	t.Fatalf("no tutorial %q in %s stored", slug, e.Tr.Lang())
	return nil
}

const editorBody = `# Switching session

Bring chargers.

- [ ] Book a quiet room
- [ ] Print the handout {#handout}
- [ ] Book a quiet room
- [ ] Étape 2 : répondre
`

func TestTutorialEditorCreate(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	if ed.language.Text != "en" {
		t.Errorf("language = %q, want the interface language", ed.language.Text)
	}
	// Keyboard: the title has the focus, Tab goes through the fields in
	// reading order and out of the text (which takes no tab characters).
	c := e.Window.Canvas()
	if c.Focused() != ed.title {
		t.Fatal("the title field has no focus")
	}
	for _, want := range []fyne.Focusable{ed.summary, ed.language, ed.level, ed.minutes, ed.body} {
		c.FocusNext()
		if c.Focused() != want {
			t.Fatalf("Tab went to %T", c.Focused())
		}
	}
	c.FocusNext()
	if c.Focused() == fyne.Focusable(ed.body) {
		t.Fatal("Tab stays in the text")
	}
	c.Unfocus()
	test.Type(ed.title, "Run a switching session")
	ed.summary.SetText("For groups of five to twenty.")
	ed.body.SetText("# Start\n\n- [ ] First step\n")
	if got := previewText(ed); !strings.Contains(got, "Run a switching session") || !strings.Contains(got, "[] First step") {
		t.Fatalf("preview = %q", got)
	}
	ed.body.SetText(editorBody)
	got := previewText(ed)
	if !strings.Contains(got, "Bring chargers.") || strings.Contains(got, "First step") || len(ed.rendered.checks) != 4 {
		t.Fatalf("preview not updated: %q", got)
	}
	if ed.rendered.rows[1].text != "Print the handout" {
		t.Errorf("item IDs shown in the preview: %q", ed.rendered.rows[1].text)
	}
	test.Tap(ed.saveButton)
	if len(ed.problems) > 0 {
		t.Fatalf("problems: %v", ed.problems)
	}
	if s.editor != nil || s.reader == nil {
		t.Fatal("the saved tutorial is not shown in the reader")
	}
	tu := storedTutorial(t, e, "run-a-switching-session")
	if tu.Source != tutorial.SourceCustom || tu.Title != "Run a switching session" || tu.Summary != "For groups of five to twenty." ||
		tu.Language != "en" || tu.ContentVersion != 1 {
		t.Fatalf("stored %+v", tu)
	}
	want := strings.NewReplacer(
		"- [ ] Book a quiet room\n- [ ] Print", "- [ ] Book a quiet room {#book-a-quiet-room}\n- [ ] Print",
		"- [ ] Book a quiet room\n- [ ] Étape", "- [ ] Book a quiet room {#book-a-quiet-room-2}\n- [ ] Étape",
		"répondre\n", "répondre {#etape-2-repondre}\n").Replace(editorBody)
	if tu.Body != want {
		t.Fatalf("body =\n%s\nwant\n%s", tu.Body, want)
	}
	if got := strings.Join(s.reader.itemIDs, ","); got != "book-a-quiet-room,handout,book-a-quiet-room-2,etape-2-repondre" {
		t.Fatalf("reader items = %s", got)
	}
	if e.changed == 0 {
		t.Error("Changed not called")
	}
	if p := lintOne(t, tu); len(p) > 0 {
		t.Errorf("saved tutorial is not lint-clean: %v", p)
	}

	// A second tutorial with the same title gets its own slug.
	ed = newEditor(t, s)
	ed.title.SetText("Run a switching session")
	ed.summary.SetText("Again.")
	ed.save()
	storedTutorial(t, e, "run-a-switching-session-2")
}

// lintOne lints a stored tutorial as a file.
func lintOne(t *testing.T, tu *tutorial.Tutorial) []tutorial.Problem {
	t.Helper()
	d, err := tutorial.Parse("x.md", exportDocument(tu).Marshal())
	if err != nil {
		t.Fatal(err)
	}
	return tutorial.Lint([]*tutorial.Document{d})
}

func TestTutorialEditorProblems(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	ed.title.SetText("Risky")
	ed.body.SetText("# Risky\n\n![map](http://127.0.0.1:1/map.png)\n\nSee <b>this</b> and [me](javascript:alert(1)).\n\n" +
		"- [ ] Duplicate {#same}\n- [ ] Again {#same}\n- [ ] Bad {#Not_Valid}\n\n[next](tutorial:no-such-tutorial)\n")
	before := e.Session.Store().Changes()
	test.Tap(ed.saveButton)
	if s.editor != ed || e.Session.Store().Changes() != before || e.changed != 0 {
		t.Fatal("a tutorial with problems was saved")
	}
	if ed.problemBox.Hidden {
		t.Fatal("problems not shown")
	}
	// The summary is checked by Parse first, the body only once the file
	// parses.
	if len(ed.problems) != 1 || !strings.HasPrefix(ed.problems[0], "Summary: summary is empty") {
		t.Fatalf("problems = %q", ed.problems)
	}
	ed.summary.SetText("Something.")
	test.Tap(ed.saveButton)
	got := strings.Join(ed.problems, "\n")
	for _, want := range []string{
		`Line 3: remote image "http://127.0.0.1:1/map.png"`,
		`Line 5: raw HTML <b>`,
		`Line 5: raw HTML </b>`,
		`Line 5: link to "javascript:alert(1)"`,
		`Line 8: item id "same" already used on line`,
		`Line 9: item id "Not_Valid" must be`,
		`Line 11: link "tutorial:no-such-tutorial": no tutorial "no-such-tutorial"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem %q in\n%s", want, got)
		}
	}
	if e.Session.Store().Changes() != before {
		t.Fatal("written despite problems")
	}
	ed.body.SetText("# Fine\n\n- [ ] One {#one}\n")
	ed.save()
	if s.editor != nil || !ed.problemBox.Hidden {
		t.Fatalf("not saved: %v", ed.problems)
	}
}

// Links to other tutorials in the vault are fine.
func TestTutorialEditorInternalLinks(t *testing.T) {
	e := newScrEnv(t)
	addSampleTutorial(t, e)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	ed.title.SetText("Linked")
	ed.summary.SetText("Links.")
	ed.body.SetText("Read [this](tutorial:lock-your-phone) first.\n")
	ed.save()
	if len(ed.problems) > 0 {
		t.Fatalf("problems: %v", ed.problems)
	}
}

func TestTutorialEditKeepsProgress(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	ed.title.SetText("Workshop")
	ed.summary.SetText("Steps.")
	ed.body.SetText("- [ ] Book a room\n- [ ] Invite people\n- [ ] Buy snacks\n")
	ed.save()
	r := s.reader
	test.Tap(r.checks[0])
	test.Tap(r.checks[1])
	test.Tap(r.checks[2])

	test.Tap(r.editButton)
	ed = s.editor
	if ed == nil || ed.orig == nil || ed.heading.Text != "Editing 'Workshop'" {
		t.Fatal("Edit did not open the editor on the tutorial")
	}
	ed.debounce.delay = 0
	body := ed.body.Text
	// Reword the first item, drop the third, add a new one.
	body = strings.Replace(body, "Book a room", "Book a bigger room", 1)
	body = strings.Replace(body, "- [ ] Buy snacks {#buy-snacks}\n", "", 1)
	body += "- [ ] Send a reminder\n"
	ed.body.SetText(body)
	if !strings.Contains(previewText(ed), "Book a bigger room") {
		t.Fatal("preview not updated")
	}
	ed.save()
	if len(ed.problems) > 0 {
		t.Fatalf("problems: %v", ed.problems)
	}
	tu := storedTutorial(t, e, "workshop")
	if tu.ContentVersion != 2 || tu.Source != tutorial.SourceCustom {
		t.Errorf("version %d, source %s", tu.ContentVersion, tu.Source)
	}
	r = s.reader
	if got := strings.Join(r.itemIDs, ","); got != "book-a-room,invite-people,send-a-reminder" {
		t.Fatalf("items = %s", got)
	}
	if !r.checks[0].Checked || !r.checks[1].Checked || r.checks[2].Checked {
		t.Fatal("progress of unchanged items lost")
	}
	if r.rows[0].text != "Book a bigger room" {
		t.Errorf("first item = %q", r.rows[0].text)
	}
}

// builtinEnv is a screen environment whose vault holds the built-ins.
func builtinEnv(t *testing.T) *scrEnv {
	t.Helper()
	sess, err := app.Create(filepath.Join(t.TempDir(), "v"), []byte(scrPass))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	e := newScrEnv(t)
	e.Env.Session = sess
	return e
}

func TestTutorialDuplicateBuiltin(t *testing.T) {
	e := builtinEnv(t)
	s := newTestTutorials(t, e)
	s.Shown("make-the-switch")
	r := s.reader
	if r == nil || r.tutorial.Source != tutorial.SourceBuiltin {
		t.Fatal("built-in not opened")
	}
	if r.editButton != nil || r.deleteButton != nil || r.copyButton == nil {
		t.Fatal("a built-in tutorial offers Edit or Delete, or no copy")
	}
	s.openEditor(r.tutorial)
	if s.editor != nil {
		t.Fatal("the editor opened on a built-in tutorial")
	}
	orig := *r.tutorial
	test.Tap(r.copyButton)
	ed := s.editor
	if ed == nil || ed.orig == nil {
		t.Fatal("the copy is not open in the editor")
	}
	if ed.orig.Slug != "make-the-switch-copy" || ed.title.Text != orig.Title+" (copy)" || ed.orig.Source != tutorial.SourceCustom ||
		ed.body.Text != orig.Body {
		t.Fatalf("copy = %s %q %s", ed.orig.Slug, ed.title.Text, ed.orig.Source)
	}
	ed.debounce.delay = 0
	ed.body.SetText(strings.Replace(ed.body.Text, "# ", "# My ", 1))
	ed.save()
	if len(ed.problems) > 0 {
		t.Fatalf("problems saving the copy: %v", ed.problems)
	}
	b := storedTutorial(t, e, "make-the-switch")
	if b.Source != tutorial.SourceBuiltin || b.Body != orig.Body || b.Title != orig.Title || b.Version != orig.Version {
		t.Fatal("the built-in changed")
	}
	c := storedTutorial(t, e, "make-the-switch-copy")
	if !strings.Contains(c.Body, "# My ") || c.Source != tutorial.SourceCustom {
		t.Fatal("the copy was not saved")
	}
	// A second copy gets another slug.
	s.Shown("make-the-switch")
	test.Tap(s.reader.copyButton)
	if s.editor == nil || s.editor.orig.Slug != "make-the-switch-copy-2" {
		t.Fatal("second copy")
	}
}

func TestTutorialDelete(t *testing.T) {
	e := newScrEnv(t)
	addSampleTutorial(t, e)
	s := newTestTutorials(t, e)
	s.list.Select(0)
	test.Tap(s.reader.deleteButton)
	if s.confirmText != "Delete the tutorial 'Lock your phone'? Its text is removed from this vault. This cannot be undone." {
		t.Fatalf("confirmation = %q", s.confirmText)
	}
	s.confirm.Hide()
	if len(s.all) != 1 {
		t.Fatal("deleted without confirmation")
	}
	test.Tap(s.reader.deleteButton)
	s.confirm.Confirm()
	if s.reader != nil || len(s.all) != 0 || !s.emptyView.Visible() {
		t.Fatal("not deleted")
	}
}

func writeFile(t *testing.T, name, content string) fyne.URIReadCloser {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := storage.Reader(storage.NewFileURI(p))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const goodImport = `---
id: phone-safety
version: 4
language: en
title: "Phone safety: the basics"
summary: A short guide.
level: beginner
---
# Phone safety

- [ ] Set a PIN {#pin}
- [ ] Turn on updates
`

func TestTutorialImportGood(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	s.importFrom(writeFile(t, "phone.md", goodImport))
	if s.confirm != nil || s.notice != nil {
		t.Fatalf("unexpected dialog: %q %q", s.confirmText, s.noticeText)
	}
	tu := storedTutorial(t, e, "phone-safety")
	if tu.Source != tutorial.SourceImported || tu.Title != "Phone safety: the basics" || tu.ContentVersion != 4 ||
		tu.Body != "# Phone safety\n\n- [ ] Set a PIN {#pin}\n- [ ] Turn on updates\n" {
		t.Fatalf("imported %+v", tu)
	}
	if s.reader == nil || s.reader.tutorial.Slug != "phone-safety" || s.reader.editButton == nil || e.changed != 1 {
		t.Fatal("import not shown in the reader")
	}
	// Importing it again keeps both.
	s.importFrom(writeFile(t, "phone.md", goodImport))
	storedTutorial(t, e, "phone-safety-2")
}

// A file taking a built-in's id gets another slug.
func TestTutorialImportBuiltinID(t *testing.T) {
	e := builtinEnv(t)
	s := newTestTutorials(t, e)
	s.importFrom(writeFile(t, "x.md", strings.Replace(goodImport, "id: phone-safety", "id: make-the-switch", 1)))
	storedTutorial(t, e, "make-the-switch-2")
	if b := storedTutorial(t, e, "make-the-switch"); b.Source != tutorial.SourceBuiltin {
		t.Fatal("built-in replaced")
	}
}

func TestTutorialImportBadFrontMatter(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	before := e.Session.Store().Changes()
	bad := strings.Replace(goodImport, "level: beginner", "levle: beginner\nminutes: lots", 1)
	s.importFrom(writeFile(t, "bad.md", bad))
	if e.Session.Store().Changes() != before || e.changed != 0 || len(s.all) != 0 {
		t.Fatal("a bad file was imported")
	}
	for _, want := range []string{"'bad.md' is not a valid tutorial file, so nothing was imported.",
		`Line 7: unknown key "levle" (did you mean "level"?)`, `Line 8: minutes: "lots" is not a whole number`} {
		if !strings.Contains(s.noticeText, want) {
			t.Errorf("no %q in %q", want, s.noticeText)
		}
	}
	if !containsText(canvasTexts(e.Window.Canvas()), s.noticeText) {
		t.Error("the problems are not on screen")
	}
}

func TestTutorialImportTooLarge(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	before := e.Session.Store().Changes()
	big := goodImport + strings.Repeat(strings.Repeat("word ", 100)+"\n", 600<<10/501)
	if len(big) < 600<<10-1024 {
		t.Fatalf("file is only %d bytes", len(big))
	}
	s.importFrom(writeFile(t, "big.md", big))
	if e.Session.Store().Changes() != before || len(s.all) != 0 {
		t.Fatal("a 600 KiB file was imported")
	}
	if want := "'big.md' is larger than 512 KiB, the limit for a tutorial. Nothing was imported."; s.noticeText != want {
		t.Fatalf("notice = %q", s.noticeText)
	}
}

func TestTutorialImportHostile(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	e := newScrEnv(t)
	DenyNetwork()
	s := newTestTutorials(t, e)
	hostile := strings.Replace(goodImport, "# Phone safety\n",
		"# Phone safety\n\n![](http://127.0.0.1:1/x.png)\n\n![tracker]("+srv.URL+"/pixel.png)\n\n"+
			"<script>fetch('"+srv.URL+"/steal')</script>\n\n[Click me](javascript:alert(1))\n", 1)
	before := e.Session.Store().Changes()
	s.importFrom(writeFile(t, "hostile.md", hostile))
	if s.confirm == nil {
		t.Fatalf("no dialog listing what was removed (notice %q)", s.noticeText)
	}
	if e.Session.Store().Changes() != before {
		t.Fatal("written before the user saw what was removed")
	}
	for _, want := range []string{"These parts were removed from 'hostile.md'",
		"Line 11: removed the remote image http://127.0.0.1:1/x.png",
		"Line 13: removed the remote image " + srv.URL + "/pixel.png",
		"Line 15: removed raw HTML <script>", "Line 17: removed the unsafe link javascript:alert%281%29"} {
		if !strings.Contains(s.confirmText, want) {
			t.Errorf("no %q in %q", want, s.confirmText)
		}
	}
	s.confirm.Confirm()
	tu := storedTutorial(t, e, "phone-safety")
	if tu.Source != tutorial.SourceImported {
		t.Fatalf("source %s", tu.Source)
	}
	for _, bad := range []string{"<script", "javascript:", "](" + srv.URL, "](http://127.0.0.1:1"} {
		if strings.Contains(tu.Body, bad) {
			t.Errorf("body still holds %q:\n%s", bad, tu.Body)
		}
	}
	if !strings.Contains(tu.Body, "Click me") {
		t.Errorf("link text lost:\n%s", tu.Body)
	}
	// Show it in the reader and in the editor's preview, and draw both.
	if s.reader == nil {
		t.Fatal("not opened")
	}
	_ = e.Window.Canvas().Capture()
	test.Tap(s.reader.editButton)
	_ = e.Window.Canvas().Capture()
	if n := hits.Load(); n != 0 {
		t.Fatalf("test server got %d requests", n)
	}
}

// recordSave replaces the file save dialog: it records the suggested name
// and hands the callback a writer on path.
func recordSave(t *testing.T, s *tutorialsScreen, path string) *[]string {
	t.Helper()
	var names []string
	s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		names = append(names, name)
		w, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		cb(w, nil)
	}
	return &names
}

func TestTutorialExport(t *testing.T) {
	e := newScrEnv(t)
	tu := addSampleTutorial(t, e)
	s := newTestTutorials(t, e)
	s.list.Select(0)
	path := filepath.Join(t.TempDir(), "out.md")
	names := recordSave(t, s, path)
	test.Tap(s.reader.exportButton)
	if !strings.HasPrefix(s.confirmText, "Exported files are NOT encrypted. Anyone who gets the file can read it.") {
		t.Fatalf("warning = %q", s.confirmText)
	}
	if !containsText(canvasTexts(e.Window.Canvas()), s.confirmText) {
		t.Fatal("warning not on screen")
	}
	if len(*names) != 0 {
		t.Fatal("file dialog before the warning was confirmed")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("file written before the warning was confirmed")
	}
	s.confirm.Hide() // cancel
	if len(*names) != 0 {
		t.Fatal("cancel went on")
	}
	test.Tap(s.reader.exportButton)
	s.confirm.Confirm()
	if len(*names) != 1 || (*names)[0] != "lock-your-phone.md" {
		t.Fatalf("save dialog names = %v", *names)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	stored := storedTutorial(t, e, tu.Slug)
	want := exportDocument(stored).Marshal()
	if string(got) != string(want) {
		t.Fatalf("file =\n%s\nwant\n%s", got, want)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// It reads back as the same tutorial.
	d, err := tutorial.Parse("out.md", got)
	if err != nil || d.Body != stored.Body || d.Meta.Title != stored.Title {
		t.Fatalf("round trip: %v", err)
	}
	if !strings.Contains(s.noticeText, path) {
		t.Errorf("done notice = %q", s.noticeText)
	}
}

// TestTutorialExportFilePrivateFromStart: the file the save dialog made
// (world-readable) is replaced by one only the user can read before the
// tutorial is written: a descriptor opened on it in between reads nothing.
func TestTutorialExportFilePrivateFromStart(t *testing.T) {
	e := newScrEnv(t)
	tu := addSampleTutorial(t, e)
	s := newTestTutorials(t, e)
	path := filepath.Join(t.TempDir(), "out.md")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	spy, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer spy.Close()
	s.exportTo(w, exportDocument(storedTutorial(t, e, tu.Slug)))
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 || st.Size() == 0 {
		t.Fatalf("exported file: %v %v (%q), want mode 0600", st, err, s.noticeText)
	}
	if b, _ := io.ReadAll(spy); len(b) != 0 {
		t.Fatalf("a descriptor opened on the dialog's file reads %d bytes of the tutorial", len(b))
	}
}

// A built-in exports with its shipped front matter.
func TestTutorialExportBuiltin(t *testing.T) {
	e := builtinEnv(t)
	s := newTestTutorials(t, e)
	s.Shown("advocating-safely")
	path := filepath.Join(t.TempDir(), "out.md")
	recordSave(t, s, path)
	test.Tap(s.reader.exportButton)
	s.confirm.Confirm()
	got, _ := os.ReadFile(path)
	for _, d := range builtinDocs() {
		if d.Meta.ID == "advocating-safely" && d.Meta.Language == "en" {
			if string(got) != string(d.Marshal()) {
				t.Fatal("export differs from the shipped file")
			}
			return
		}
	}
	t.Fatal("no shipped advocating-safely")
}

func TestTutorialSearch(t *testing.T) {
	e := builtinEnv(t)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	ed.title.SetText("Zanzibar outreach plan")
	ed.summary.SetText("Meeting the ferry cooperative.")
	ed.body.SetText("Talk to the harbourmaster about encrypted radios.\n")
	ed.save()
	hits, err := e.Session.Store().Search(context.Background(), "harbourmaster", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Kind != store.KindTutorial || hits[0].Title != "Zanzibar outreach plan" {
		t.Fatalf("hits = %+v", hits)
	}
	s.closeReader()
	if len(s.items) != 12 {
		t.Fatalf("%d listed, want 11 built-ins and 1 own", len(s.items))
	}
	if last := s.rows[len(s.rows)-2]; last.item >= 0 || last.series != "" {
		t.Fatalf("no heading for the user's own tutorial: %+v", last)
	}
	test.Type(s.search, "ferry")
	if len(s.items) != 1 || s.items[0].Title != "Zanzibar outreach plan" {
		t.Fatalf("search by summary: %d items", len(s.items))
	}
	s.search.SetText("SWITCH")
	if len(s.items) != 1 || s.items[0].Slug != "make-the-switch" {
		t.Fatalf("search by title: %d items", len(s.items))
	}
	s.search.SetText("nothing like this")
	if len(s.items) != 0 || !s.noMatch.Visible() || s.emptyView.Visible() {
		t.Fatal("no-match state")
	}
	s.search.SetText("")
	if len(s.items) != 12 || !s.list.Visible() {
		t.Fatal("clearing the search")
	}
}

// On windows narrower than 900 the editor shows Edit/Preview tabs; wide
// ones show both panes.
func TestTutorialEditorNarrow(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	e.Window.Resize(fyne.NewSize(1280, 800))
	if ed.panes.narrow || ed.panes.tabs.Visible() || !ed.panes.edit.Visible() || !ed.panes.preview.Visible() {
		t.Fatal("wide window: both panes must show")
	}
	e.Window.Resize(fyne.NewSize(800, 600))
	if !ed.panes.narrow || !ed.panes.tabs.Visible() || !ed.panes.edit.Visible() || ed.panes.preview.Visible() {
		t.Fatal("narrow window: tabs and the text pane")
	}
	ed.body.SetText("Hello **there**")
	ed.debounce.delay = previewDelay // the tab shows the latest text at once
	ed.body.SetText("Changed text")
	test.Tap(ed.previewTab)
	if ed.panes.edit.Visible() || !ed.panes.preview.Visible() || !strings.Contains(previewText(ed), "Changed text") {
		t.Fatal("preview tab")
	}
	ed.debounce.Stop()
	if ed.content.MinSize().Height > 520 {
		t.Errorf("editor needs %v", ed.content.MinSize())
	}
}

func TestTutorialEditorCancel(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	test.Tap(ed.cancelButton)
	if s.editor != nil {
		t.Fatal("an untouched editor asks before closing")
	}
	ed = newEditor(t, s)
	ed.body.SetText("Precious words")
	test.Tap(ed.cancelButton)
	if s.editor != ed || s.confirm == nil {
		t.Fatal("no question before dropping text")
	}
	s.confirm.Hide()
	if s.editor != ed {
		t.Fatal("keep editing closed the editor")
	}
	test.Tap(ed.cancelButton)
	s.confirm.Confirm()
	if s.editor != nil {
		t.Fatal("discard did not close")
	}
}

func TestFillItemIDs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"no items", "no items"},
		{"- [ ] A\n- [x] A\n", "- [ ] A {#a}\n- [x] A {#a-2}\n"},
		{"- [ ] A {#a-2}\n- [ ] A\n- [ ] A\n", "- [ ] A {#a-2}\n- [ ] A {#a}\n- [ ] A {#a-3}\n"},
		{"* [ ] Ünïcödé!  \r\n", "* [ ] Ünïcödé! {#unicode}\r\n"},
		{"- [ ] 日本語\n", "- [ ] 日本語 {#item}\n"},
		{"```\n- [ ] code\n```\n", "```\n- [ ] code\n```\n"},
		{"- [ ] Bad {#Not_ok}\n", "- [ ] Bad {#Not_ok}\n"},
		{"- [ ] " + strings.Repeat("long ", 30) + "\n- [ ] " + strings.Repeat("long ", 30) + "\n", ""},
	} {
		got := fillItemIDs(c.in)
		if c.want == "" {
			items := tutorial.ChecklistItems(got)
			if len(items) != 2 || items[0].ID == items[1].ID || len(items[1].ID) > tutorial.MaxItemID {
				t.Errorf("long: %v", items)
			}
			continue
		}
		if got != c.want {
			t.Errorf("fillItemIDs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Level and minutes are edited, validated, stored, shown in the reader
// and exported; tags and objectives the editor does not show are kept.
func TestTutorialEditorLevelMinutes(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	ed := newEditor(t, s)
	if ed.selectedLevel() != "" || ed.level.Selected != "Not set" || ed.minutes.Text != "" {
		t.Fatalf("new tutorial: level %q minutes %q", ed.level.Selected, ed.minutes.Text)
	}
	if got := strings.Join(ed.level.Options, ","); got != "Not set,Beginner,Intermediate,Advanced" {
		t.Fatalf("level options %s", got)
	}
	ed.title.SetText("Timed")
	ed.summary.SetText("Steps.")
	ed.body.SetText("Text.\n")
	ed.level.SetSelected("Beginner")
	for _, bad := range []string{"0", "601", "ten", "-5", "1.5"} {
		ed.minutes.SetText(bad)
		ed.save()
		if s.editor != ed || len(ed.problems) != 1 || ed.problems[0] != "Minutes: enter a whole number from 1 to 600, or leave it empty." {
			t.Fatalf("minutes %q: problems %v", bad, ed.problems)
		}
	}
	ed.minutes.SetText(" 15 ")
	ed.save()
	if len(ed.problems) > 0 {
		t.Fatalf("problems: %v", ed.problems)
	}
	tu := storedTutorial(t, e, "timed")
	if tu.Level != tutorial.LevelBeginner || tu.Minutes != 15 || tu.ContentVersion != 1 {
		t.Fatalf("stored %+v", tu)
	}
	if !containsText(canvasTexts(e.Window.Canvas()), "Beginner · 15 min") {
		t.Error("reader does not show level and time")
	}

	// Tags and objectives (from an import, say) survive an edit.
	tu.Tags, tu.Objectives = []string{"phones"}, []int{3}
	if err := e.Session.Store().Tutorials().Update(context.Background(), tu); err != nil {
		t.Fatal(err)
	}
	s.reload()
	s.open(storedTutorial(t, e, "timed"))
	test.Tap(s.reader.editButton)
	ed = s.editor
	if ed.selectedLevel() != tutorial.LevelBeginner || ed.minutes.Text != "15" || ed.dirty() {
		t.Fatalf("editor: level %q minutes %q dirty %v", ed.level.Selected, ed.minutes.Text, ed.dirty())
	}
	ed.level.SetSelected("Advanced")
	ed.minutes.SetText("")
	if !ed.dirty() {
		t.Fatal("level change not dirty")
	}
	ed.save()
	if len(ed.problems) > 0 {
		t.Fatalf("problems: %v", ed.problems)
	}
	tu = storedTutorial(t, e, "timed")
	if tu.Level != tutorial.LevelAdvanced || tu.Minutes != 0 || tu.ContentVersion != 2 ||
		len(tu.Tags) != 1 || len(tu.Objectives) != 1 {
		t.Fatalf("after edit %+v", tu)
	}
	if !containsText(canvasTexts(e.Window.Canvas()), "Advanced") {
		t.Error("reader does not show the level")
	}

	// Export keeps all four.
	d, err := tutorial.Parse("x.md", exportDocument(tu).Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta.Level != tutorial.LevelAdvanced || d.Meta.Minutes != 0 || strings.Join(d.Meta.Tags, ",") != "phones" ||
		len(d.Meta.Objectives) != 1 || d.Meta.Objectives[0] != 3 || d.Meta.Version != 2 {
		t.Fatalf("exported %+v", d.Meta)
	}
}

// An imported file keeps its level, minutes, tags and objectives.
func TestTutorialImportKeepsMeta(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	src := "---\nid: timed-import\nversion: 2\nlanguage: en\ntitle: \"Timed\"\nsummary: \"S\"\nlevel: intermediate\n" +
		"minutes: 30\ntags: [phones, basics]\nobjectives: [1, 4]\n---\n# Timed\n"
	s.importFrom(writeFile(t, "timed.md", src))
	if s.confirm != nil || s.notice != nil {
		t.Fatalf("unexpected dialog: %q %q", s.confirmText, s.noticeText)
	}
	tu := storedTutorial(t, e, "timed-import")
	if tu.Level != tutorial.LevelIntermediate || tu.Minutes != 30 || strings.Join(tu.Tags, ",") != "phones,basics" || len(tu.Objectives) != 2 {
		t.Fatalf("imported %+v", tu)
	}
	if got := string(exportDocument(tu).Marshal()); got != src {
		t.Fatalf("export =\n%s\nwant\n%s", got, src)
	}
}
