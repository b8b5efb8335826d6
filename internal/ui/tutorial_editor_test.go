package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/record"
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
	if len(hits) != 1 || hits[0].Kind != record.Tutorial || hits[0].Title != "Zanzibar outreach plan" {
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
