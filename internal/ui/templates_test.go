package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/campaign"
)

// builtinCount is the number of templates shipped in the binary, all of
// which the picker offers.
func builtinCount(t *testing.T) int {
	t.Helper()
	ts, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

// pickTemplate selects the template with the given title in the picker.
func pickTemplate(t *testing.T, p *templatePicker, title string) {
	t.Helper()
	for i, c := range p.choices {
		if c.Template.Title == title {
			p.list.Select(i)
			return
		}
	}
	t.Fatalf("template %q not offered", title)
}

func TestNewEventFromTemplate(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	test.Tap(s.templateButton)
	p := s.templatePicker
	if p == nil || len(p.choices) != builtinCount(t) {
		t.Fatalf("picker %v", p)
	}
	// The list draws only the rows in view; make room for every row so
	// the titles checked below are drawn wherever they sort.
	p.list.Resize(fyne.NewSize(p.list.Size().Width, float32(len(p.choices))*200))
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{"New event from a template", "Global Encryption Day event", "Press/media moment", "25 tasks"} {
		if !strings.Contains(texts, want) {
			t.Errorf("picker lacks %q", want)
		}
	}

	// Nothing chosen yet.
	test.Tap(p.create)
	if p.err.Text() != "Choose a template from the list first." {
		t.Fatalf("error = %q", p.err.Text())
	}
	// Global Encryption Day proposes 21 October; others 30 days on.
	pickTemplate(t, p, "Meeting a policymaker")
	if p.day.Text != "2026-10-31" {
		t.Errorf("policymaker date = %q", p.day.Text)
	}
	pickTemplate(t, p, "Global Encryption Day event")
	if p.day.Text != "2026-10-21" {
		t.Errorf("GED date = %q", p.day.Text)
	}
	p.zone.SetValue("Mars/Olympus")
	test.Tap(p.create)
	if p.err.Text() != "Please choose a time zone from the list." {
		t.Fatalf("zone error = %q", p.err.Text())
	}
	p.zone.SetValue("America/Sao_Paulo")
	p.day.SetText("21.10.2026")
	test.Tap(p.create)
	if p.err.Text() != "This date doesn't look right. Please check it." {
		t.Fatalf("date error = %q", p.err.Text())
	}
	if c, _ := e.Session.Store().Counts(context.Background()); c.Events != 0 {
		t.Fatal("an event was created from bad input")
	}
	p.day.SetText("2026-10-21")
	test.Tap(p.create)

	// The event is created with its tasks and opened.
	if s.templatePicker != nil || s.detail == nil || e.changed == 0 {
		t.Fatal("event not opened")
	}
	d := s.detail
	if d.event.Title != "Global Encryption Day event" || d.event.TimeZone != "America/Sao_Paulo" || len(d.tasks) != 25 {
		t.Fatalf("event %q %q with %d tasks", d.event.Title, d.event.TimeZone, len(d.tasks))
	}
	texts = strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{"October 21, 2026, 17:00 – 20:00 (Sao Paulo · Brazil · UTC-03:00)", "Choose the format and size of the event",
		"Due August 12, 2026", "15:30 · Team arrives and checks in", "Suggested tutorials:", "Save as template"} {
		if !strings.Contains(texts, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	// Tasks due before scrNow (1 October) are marked overdue.
	if !d.overdue[0] || d.overdue[len(d.overdue)-1] {
		t.Errorf("overdue marks %v", d.overdue)
	}
}

func TestSaveEventAsTemplate(t *testing.T) {
	e := newScrEnv(t)
	ev := sampleEvent(t, e)
	s := newTestEvents(t, e)
	s.open(ev.ID)
	test.Tap(s.detail.addTask) // no-op with an empty title; the task is added below
	test.Type(s.detail.newTask, "Book the room")
	test.Type(s.detail.newDue, "2026-10-01")
	test.Tap(s.detail.addTask)

	test.Tap(s.detail.saveTemplate)
	ts := s.templateSaver
	if ts == nil || ts.name.Text != "Crypto party" {
		t.Fatalf("saver %v", ts)
	}
	ts.name.SetText("   ")
	test.Tap(ts.save)
	if ts.err.Text() != "Please enter a name for the template." {
		t.Fatalf("error = %q", ts.err.Text())
	}
	ts.name.SetText("Neighbourhood crypto party")
	test.Tap(ts.save)
	if s.templateSaver != nil || s.templateNotice == nil {
		t.Fatal("saver still open")
	}
	if texts := strings.Join(scrCanvasTexts(e), "\n"); !strings.Contains(texts, "Saved the template 'Neighbourhood crypto party'") {
		t.Error("no confirmation shown")
	}
	recs, err := e.Session.Store().Templates().List(context.Background())
	if err != nil || len(recs) != 1 || recs[0].Name != "Neighbourhood crypto party" {
		t.Fatalf("saved %v, %v", recs, err)
	}
	s.templateNotice.Hide()

	// The saved template is offered next to the built-in ones and plans
	// the same tasks relative to a new date.
	test.Tap(s.templateButton)
	p := s.templatePicker
	if len(p.choices) != builtinCount(t)+1 {
		t.Fatalf("%d choices", len(p.choices))
	}
	p.list.ScrollToBottom()
	if texts := strings.Join(scrCanvasTexts(e), "\n"); !strings.Contains(texts, "Saved in this vault") {
		t.Error("saved template not marked")
	}
	pickTemplate(t, p, "Neighbourhood crypto party")
	if p.day.Text != "2026-10-31" {
		t.Errorf("date = %q", p.day.Text)
	}
	p.zone.SetValue("Europe/Berlin")
	test.Tap(p.create)
	d := s.detail
	if d == nil || d.event.ID == ev.ID || d.event.Title != "Neighbourhood crypto party" || len(d.tasks) != 1 {
		t.Fatalf("detail %+v", d)
	}
	// 7 days before the event in the original, 7 days before the new one.
	if got := d.tasks[0].Due.String(); got != "2026-10-24" || d.tasks[0].Title != "Book the room" {
		t.Errorf("task %q due %s", d.tasks[0].Title, got)
	}
	if got := d.event.Start.In(d.event.Zone()).Format("15:04"); got != "18:00" {
		t.Errorf("start %s", got)
	}
	if d.event.Safety.CheckIn != "- [ ] Text the group when home." {
		t.Errorf("check-in %q", d.event.Safety.CheckIn)
	}
}

// TestDeleteSavedTemplate deletes a saved template from the picker after
// a confirmation; built-in templates cannot be deleted.
func TestDeleteSavedTemplate(t *testing.T) {
	e := newScrEnv(t)
	ev := sampleEvent(t, e)
	s := newTestEvents(t, e)
	s.open(ev.ID)
	test.Tap(s.detail.saveTemplate)
	s.templateSaver.name.SetText("One-off party")
	test.Tap(s.templateSaver.save)
	s.templateNotice.Hide()

	test.Tap(s.templateButton)
	p := s.templatePicker
	if !p.remove.Disabled() {
		t.Error("Delete enabled with nothing chosen")
	}
	pickTemplate(t, p, "Press/media moment")
	if !p.remove.Disabled() {
		t.Error("Delete enabled for a built-in template")
	}
	pickTemplate(t, p, "One-off party")
	if p.remove.Disabled() {
		t.Fatal("Delete disabled for a saved template")
	}
	// Cancelling the confirmation keeps it.
	test.Tap(p.remove)
	if s.confirm == nil || !strings.Contains(s.confirmText, "One-off party") {
		t.Fatal("no confirmation naming the template")
	}
	s.confirm.Hide()
	s.confirm = nil
	if recs, _ := e.Session.Store().Templates().List(context.Background()); len(recs) != 1 {
		t.Fatal("deleted without confirmation")
	}
	test.Tap(p.remove)
	s.confirm.Confirm()
	recs, err := e.Session.Store().Templates().List(context.Background())
	if err != nil || len(recs) != 0 {
		t.Fatalf("saved templates after delete: %d, %v", len(recs), err)
	}
	if len(p.choices) != builtinCount(t) || !p.remove.Disabled() || p.chosen != -1 {
		t.Errorf("picker after delete: %d choices, chosen %d", len(p.choices), p.chosen)
	}
	if e.changed == 0 {
		t.Error("the vault was not marked changed")
	}
}

// The events screen with the template button still fits 800x600.
func TestEventsFitSmallWindow(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	if w := s.Content().MinSize().Width; w > 800-180 {
		t.Errorf("events screen needs %v px", w)
	}
}

// stallTemplate returns a template that parses and passes every lint rule.
var stallTemplate = testTemplate("street-stall.toml")

// openImport opens the picker if needed and imports a file with the
// given name and content through its Import template… button.
func openImport(t *testing.T, s *eventsScreen, name, content string) *templatePicker {
	t.Helper()
	if s.templatePicker == nil {
		test.Tap(s.templateButton)
	}
	p := s.templatePicker
	p.openFile = func(cb func(fyne.URIReadCloser, error)) { cb(writeFile(t, name, content), nil) }
	test.Tap(p.importButton)
	return p
}

// topDialog is the dialog shown on top of the window.
func topDialog(t *testing.T, e *scrEnv) *dialogView {
	t.Helper()
	pop, _ := e.Window.Canvas().Overlays().Top().(*widget.PopUp)
	if pop == nil || asDialog(pop) == nil {
		t.Fatal("no dialog on top")
	}
	return asDialog(pop)
}

func savedTemplates(t *testing.T, e *scrEnv) []*campaign.Record {
	t.Helper()
	recs, err := e.Session.Store().Templates().List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// Import a template file, see it previewed and then chosen in the list,
// and create an event from it.
func TestImportTemplateFile(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	test.Tap(s.templateButton)
	if texts := strings.Join(scrCanvasTexts(e), "\n"); !strings.Contains(texts, "Import template…") {
		t.Fatal("no Import template… button")
	}
	p := openImport(t, s, "stall.toml", stallTemplate())
	ti := p.importer
	if ti == nil {
		t.Fatalf("no preview (refusal %+v)", p.refusal)
	}
	want := []string{"Street stall", "A table in the market with leaflets about encrypted messengers.", "Public event · 3 tasks"}
	if !slices.Equal(ti.texts, want) {
		t.Errorf("preview %q, want %q", ti.texts, want)
	}
	if texts := strings.Join(scrCanvasTexts(e), "\n"); !strings.Contains(texts, "Import a template") || !strings.Contains(texts, "Public event · 3 tasks") {
		t.Errorf("preview not on screen:\n%s", texts)
	}
	// Escape closes it; nothing is saved.
	d := topDialog(t, e)
	if d.defaultButton() != ti.confirm {
		t.Error("Enter does not import")
	}
	if !dialogKey(d, nil, &fyne.KeyEvent{Name: fyne.KeyEscape}) || p.importer != nil || len(savedTemplates(t, e)) != 0 || e.changed != 0 {
		t.Fatal("Escape did not cancel the import")
	}

	p = openImport(t, s, "stall.toml", stallTemplate())
	test.Tap(p.importer.confirm)
	recs := savedTemplates(t, e)
	if p.importer != nil || len(recs) != 1 || recs[0].Name != "Street stall" || e.changed != 1 {
		t.Fatalf("import: %d saved, importer %v", len(recs), p.importer)
	}
	if p.chosen < 0 || p.choices[p.chosen].RecordID != recs[0].ID || p.day.Text != "2026-10-31" {
		t.Fatalf("imported template not chosen (%d, date %q)", p.chosen, p.day.Text)
	}
	p.zone.SetValue("Europe/Berlin")
	test.Tap(p.create)
	if s.templatePicker != nil || s.detail == nil || s.detail.event.Title != "Street stall" || len(s.detail.tasks) != 3 {
		t.Fatal("no event made from the imported template")
	}
}

// A file with a saved template's ID replaces it only through Replace,
// which Enter does not press; a built-in ID is kept apart and said so.
func TestImportTemplateSameID(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	p := openImport(t, s, "stall.toml", stallTemplate())
	test.Tap(p.importer.confirm)
	first := savedTemplates(t, e)[0]

	revised := strings.Replace(stallTemplate(), `title = "Street stall"`, `title = "Street stall, revised"`, 1)
	p = openImport(t, s, "stall.toml", revised)
	ti := p.importer
	if ti.confirm.Text != "Replace" || ti.confirm.Importance != widget.WarningImportance || topDialog(t, e).defaultButton() != nil {
		t.Fatalf("confirm button %q (%v) is the default or not a warning", ti.confirm.Text, ti.confirm.Importance)
	}
	if !slices.Contains(ti.texts, "You already saved a template with this ID: 'Street stall'.\nImporting replaces it. Events already made from it stay as they are.") {
		t.Errorf("preview %q", ti.texts)
	}
	test.Tap(ti.cancel)
	if recs := savedTemplates(t, e); len(recs) != 1 || recs[0].Name != "Street stall" {
		t.Fatal("cancel replaced the template")
	}
	p = openImport(t, s, "stall.toml", revised)
	test.Tap(p.importer.confirm)
	if recs := savedTemplates(t, e); len(recs) != 1 || recs[0].ID != first.ID || recs[0].Name != "Street stall, revised" {
		t.Fatalf("replace: %+v", recs)
	}

	press := strings.Replace(stallTemplate(), `id = "street-stall"`, `id = "press-moment"`, 1)
	p = openImport(t, s, "press.toml", press)
	if ti := p.importer; ti.confirm.Text != "Import" ||
		!slices.Contains(ti.texts, "A template that comes with the app has the same ID (press-moment). It stays as it is: this one is kept apart, as a template saved in this vault.") {
		t.Fatalf("built-in ID preview %q", ti.texts)
	}
	test.Tap(p.importer.confirm)
	var builtin, saved int
	for _, c := range p.choices {
		if c.Template.ID == "press-moment" && c.Builtin() {
			builtin++
		} else if c.Template.ID == "press-moment" {
			saved++
		}
	}
	if builtin != 1 || saved != 1 {
		t.Fatalf("%d built-in and %d saved press-moment templates offered", builtin, saved)
	}
}

// What would keep a template from shipping is shown as a warning with
// its lines; the template is imported all the same.
func TestImportTemplateLintWarnings(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	lint := strings.Replace(stallTemplate(), `emergency_contacts = ["A lawyer on call: name and number"]`, "", 1)
	lint = strings.Replace(lint, `"advocating-safely"]`, `"how-to-knit"]`, 1)
	p := openImport(t, s, "lint.toml", lint)
	last := p.importer.texts[len(p.importer.texts)-1]
	for _, want := range []string{"This template would not pass the checks for templates that come with the app (2 problems). You can still import and use it.",
		"• Line 9: tutorial \"how-to-knit\"", "• Line 11: safety.emergency_contacts has no items"} {
		if !strings.Contains(last, want) {
			t.Errorf("warning lacks %q:\n%s", want, last)
		}
	}
	test.Tap(p.importer.confirm)
	if len(savedTemplates(t, e)) != 1 {
		t.Fatal("not imported")
	}
}

// Refused files: one line, the problems under Details (closed at first),
// nothing written, never a panic.
func TestImportTemplateRefused(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	before := e.Session.Store().Changes()

	bad := strings.Replace(stallTemplate(), `kind = "public"`, `kind = "picnic"`, 1)
	bad = strings.Replace(bad, `start_time = "10:00"`, `start_time = "9:00"`, 1)
	bad = strings.Replace(bad, "offset_days = -3\n", "offset_days = -3\ncolour = \"red\"\n", 1)
	p := openImport(t, s, "bad.toml", bad)
	r := p.refusal
	if p.importer != nil || r == nil ||
		r.text != "'bad.toml' is not a valid template file, so nothing was imported. Fix the 3 problems shown under Details in the file and try again." {
		t.Fatalf("refusal %+v", r)
	}
	if r.details == nil || r.details.Items[0].Title != "Details" || r.details.Items[0].Open {
		t.Fatalf("details %+v", r.details)
	}
	r.details.Open(0)
	details := strings.Join(scrTexts(r.details.Items[0].Detail), "\n")
	for _, want := range []string{`• Line 5: kind "picnic" is not one of`, `• Line 7: start_time "9:00" is not a time of day HH:MM`, `• Line 25: unknown key "tasks.colour"`} {
		if !strings.Contains(details, want) {
			t.Errorf("details lack %q:\n%s", want, details)
		}
	}
	if !dialogKey(topDialog(t, e), nil, &fyne.KeyEvent{Name: fyne.KeyEscape}) || p.refusal != nil {
		t.Fatal("Escape did not close the refusal")
	}

	head := "id = \"x\"\nversion = 1\ntitle = \"X\"\nkind = \"other\"\n"
	n := campaign.MaxSize/2 - 100
	for _, c := range []struct{ name, data, text, detail string }{
		{"big.toml", strings.Repeat("# padding\n", 30000), "'big.toml' is larger than 256 KiB, the limit for a template. Nothing was imported.", ""},
		{"photo.toml", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "'photo.toml' is not a valid template file", "• file is not UTF-8 text"},
		{"escapes.toml", head + "summary = \"\x1b[2J\x1b]0;owned\x07\"\n", "'escapes.toml' is not a valid template file", "control characters"},
		{"deep.toml", head + "a = " + strings.Repeat("{b=", n/3) + "1" + strings.Repeat("}", n/3), "'deep.toml' is not a valid template file", "nest more than 8 levels deep"},
		{"array.toml", head + "objectives = [" + strings.Repeat("1,", n-100) + "1]\n", "'array.toml' is not a valid template file",
			"… and 130,822 more problems"},
	} {
		p := openImport(t, s, c.name, c.data)
		r := p.refusal
		if p.importer != nil || r == nil || !strings.HasPrefix(r.text, c.text) {
			t.Fatalf("%s: refusal %+v", c.name, r)
		}
		if c.detail != "" {
			r.details.Open(0)
			details := strings.Join(scrTexts(r.details.Items[0].Detail), "\n")
			if !strings.Contains(details, c.detail) || strings.Count(details, "\n") > app.MaxListedProblems || strings.ContainsAny(details, "\x00\x07\x1b") {
				t.Errorf("%s: details %q", c.name, details[:min(len(details), 300)])
			}
		}
		r.dialog.Hide()
	}

	// Only files on this computer.
	p.openFile = func(cb func(fyne.URIReadCloser, error)) {
		u, err := storage.ParseURI("content://provider/stall.toml")
		if err != nil {
			t.Fatal(err)
		}
		cb(&uriReader{Reader: strings.NewReader(stallTemplate()), uri: u}, nil)
	}
	test.Tap(p.importButton)
	if p.refusal == nil || p.refusal.text != "Only files on this computer can be imported. Nothing was imported." {
		t.Fatalf("remote file: %+v", p.refusal)
	}
	if e.Session.Store().Changes() != before || e.changed != 0 {
		t.Fatal("a refused file was written")
	}
}

// Locking closes the import dialogs with the picker.
func TestImportTemplateDialogsCloseOnLock(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	p := openImport(t, s, "stall.toml", stallTemplate())
	s.hideTemplateDialogs()
	if p.importer != nil || s.templatePicker != nil || len(e.Window.Canvas().Overlays().List()) != 0 {
		t.Fatal("preview left open")
	}
	p = openImport(t, s, "bad.toml", "id = 1\n")
	s.hideTemplateDialogs()
	if p.refusal != nil || len(e.Window.Canvas().Overlays().List()) != 0 {
		t.Fatal("refusal left open")
	}
}

// uriReader is a file from somewhere other than this computer.
type uriReader struct {
	io.Reader
	uri fyne.URI
}

func (r *uriReader) URI() fyne.URI { return r.uri }
func (r *uriReader) Close() error  { return nil }

// scrTexts are the texts of the labels in o.
func scrTexts(o fyne.CanvasObject) []string {
	var out []string
	walkObjects(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return out
}

// The import button, and the preview's buttons with the longest content
// (a replacement with many warnings), stay inside small windows.
func TestImportTemplateSmallWindows(t *testing.T) {
	lint := strings.Replace(stallTemplate(), `emergency_contacts = ["A lawyer on call: name and number"]`, "", 1)
	lint = strings.Replace(lint, `tutorials = ["make-the-switch", "advocating-safely"]`, `tutorials = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]`, 1)
	for _, sz := range []fyne.Size{{Width: 800, Height: 600}, {Width: 640, Height: 480}} {
		e := newScrEnv(t)
		s := newEvents(e.Env)
		w := e.show(t, s.Content(), sz.Width, sz.Height)
		s.Shown(nil)
		p := openImport(t, s, "stall.toml", stallTemplate())
		insideWindow(t, w, fmt.Sprint(sz, " import button"), p.importButton)
		test.Tap(p.importer.confirm)
		p = openImport(t, s, "lint.toml", lint)
		ti := p.importer
		if len(ti.texts) != 5 {
			t.Fatalf("preview %q", ti.texts)
		}
		insideWindow(t, w, fmt.Sprint(sz, " replace"), ti.confirm)
		insideWindow(t, w, fmt.Sprint(sz, " cancel"), ti.cancel)
		test.Tap(ti.cancel)
		test.Tap(p.cancel)
	}
}

// testTemplate returns a function that reads a template file from
// internal/campaign's testdata when a test first needs it (not at start:
// some tests run this binary again from another folder).
func testTemplate(name string) func() string {
	return sync.OnceValue(func() string {
		b, err := os.ReadFile(filepath.Join("..", "campaign", "testdata", name))
		if err != nil {
			panic(err)
		}
		return string(b)
	})
}
