package ui

import (
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

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

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
