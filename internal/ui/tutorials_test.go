package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"github.com/safehouse-app/safehouse/internal/vault"
)

const sampleTutorialBody = `# Lock your phone

Read the [guide](https://example.org/guide) first.

![Screenshot](http://127.0.0.1:1/shot.png)

- [ ] Set a screen lock {#screen-lock}
- [ ] Turn on encryption {#encryption}
- [x] Update the system

` + "```" + `
- [ ] not an item in code
` + "```" + `
`

func addSampleTutorial(t *testing.T, e *scrEnv) *tutorial.Tutorial {
	t.Helper()
	tu := &tutorial.Tutorial{Slug: "lock-your-phone", Title: "Lock your phone", Summary: "Five minutes.", Body: sampleTutorialBody}
	if err := e.Session.Store().Tutorials().Add(context.Background(), tu); err != nil {
		t.Fatal(err)
	}
	return tu
}

func newTestTutorials(t *testing.T, e *scrEnv) *tutorialsScreen {
	t.Helper()
	s := newTutorials(e.Env)
	e.show(t, s.Content(), 1280, 800)
	s.Shown(nil)
	return s
}

func TestTutorialsEmptyState(t *testing.T) {
	e := newScrEnv(t)
	s := newTestTutorials(t, e)
	if !s.emptyView.Visible() {
		t.Fatal("no empty state")
	}
}

func TestTutorialImagesAndLinksSanitized(t *testing.T) {
	e := newScrEnv(t)
	addSampleTutorial(t, e)
	s := newTestTutorials(t, e)
	s.list.Select(0)
	r := s.reader
	var all []widget.RichTextSegment
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, seg := range segs {
			all = append(all, seg)
			switch x := seg.(type) {
			case *widget.ListSegment:
				walk(x.Items)
			case *widget.ParagraphSegment:
				walk(x.Texts)
			}
		}
	}
	for _, b := range r.blocks {
		walk(b.Segments)
	}
	var text strings.Builder
	var link *widget.HyperlinkSegment
	for _, seg := range all {
		switch x := seg.(type) {
		case *widget.ImageSegment:
			t.Fatalf("image segment rendered: %v", x.Source)
		case *widget.HyperlinkSegment:
			link = x
		}
		text.WriteString(seg.Textual())
	}
	if !strings.Contains(text.String(), "[image not loaded: http://127.0.0.1:1/shot.png]") {
		t.Fatalf("no image placeholder in %q", text.String())
	}
	if link == nil || link.URL != nil || link.Text != "https://example.org/guide" {
		t.Fatalf("link = %+v", link)
	}
	link.OnTapped()
	if got := e.app.Clipboard().Content(); got != "https://example.org/guide" {
		t.Fatalf("tapping the link copied %q", got)
	}
	test.AssertRendersToMarkup(t, "screens_tutorials.xml", e.Window.Canvas())
}

func TestTutorialChecklistPersistsAcrossLock(t *testing.T) {
	e := newScrEnv(t)
	addSampleTutorial(t, e)
	s := newTestTutorials(t, e)
	if p := s.progress[0]; p.done != 1 || p.total != 3 {
		t.Fatalf("initial progress = %+v", p)
	}
	s.list.Select(0)
	r := s.reader
	if got := strings.Join(r.itemIDs, ","); got != "screen-lock,encryption,update-the-system" {
		t.Fatalf("items = %q", got)
	}
	test.Tap(r.checks[0])
	test.Tap(r.checks[2]) // un-tick the item the author ticked
	if r.progressLabel.Text != "1 of 3 done" || e.changed != 2 {
		t.Fatalf("progress %q, changed %d", r.progressLabel.Text, e.changed)
	}
	if err := e.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	sess, err := app.Unlock(e.dir, []byte(scrPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	e.Session = sess
	s2 := newTutorials(e.Env)
	e.show(t, s2.Content(), 1280, 800)
	s2.Shown("lock-your-phone")
	r2 := s2.reader
	if r2 == nil || !r2.checks[0].Checked || r2.checks[1].Checked || r2.checks[2].Checked {
		t.Fatal("checklist state not restored")
	}
	if r2.progressLabel.Text != "1 of 3 done" {
		t.Fatalf("progress after unlock = %q", r2.progressLabel.Text)
	}
}

// A new vault shows the four built-in tutorials with their progress.
func TestTutorialsListShowsBuiltins(t *testing.T) {
	sess, err := app.Create(filepath.Join(t.TempDir(), "v"), []byte(scrPass))
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	e := newScrEnv(t)
	e.Env.Session = sess
	s := newTestTutorials(t, e)
	if s.emptyView.Visible() || len(s.items) != 4 {
		t.Fatalf("%d tutorials listed, want the 4 built-ins", len(s.items))
	}
	for i, tu := range s.items {
		if tu.Source != tutorial.SourceBuiltin || s.progress[i].total < 8 {
			t.Errorf("%s: source %s, %d checklist items", tu.Slug, tu.Source, s.progress[i].total)
		}
	}
}

// A link to another tutorial shows its words only and opens that tutorial;
// other links are copied, never opened.
func TestTutorialInternalLinkOpensTutorial(t *testing.T) {
	var opened []string
	var copied []string
	segs := markdownSegments("See [Advocating safely](tutorial:advocating-safely#risk) and [the site](https://example.org).",
		func(string) string { return "" }, func(url string) {
			if strings.HasPrefix(url, tutorialLinkScheme) {
				opened = append(opened, url)
			} else {
				copied = append(copied, url)
			}
		})
	var links []*widget.HyperlinkSegment
	var texts []string
	var walk func([]widget.RichTextSegment)
	walk = func(ss []widget.RichTextSegment) {
		for _, s := range ss {
			switch s := s.(type) {
			case *widget.HyperlinkSegment:
				links = append(links, s)
			case *widget.TextSegment:
				texts = append(texts, s.Text)
			case *widget.ParagraphSegment:
				walk(s.Texts)
			}
		}
	}
	walk(segs)
	if len(links) != 2 || links[0].Text != "Advocating safely" || links[1].Text != "https://example.org" {
		t.Fatalf("links = %+v", links)
	}
	if strings.Contains(strings.Join(texts, ""), "tutorial:") {
		t.Errorf("raw tutorial address shown: %q", texts)
	}
	links[0].OnTapped()
	links[1].OnTapped()
	if len(opened) != 1 || len(copied) != 1 {
		t.Fatalf("opened %v, copied %v", opened, copied)
	}

	// Through the reader: tapping navigates to the tutorials screen.
	e := newScrEnv(t)
	onLinkTarget := ""
	e.Env.Navigate = func(id ScreenID, f any) { onLinkTarget = fmt.Sprint(id, ":", f) }
	r := renderTutorial(e.Env, "en", "T", "", "Read [this](tutorial:make-the-switch#start).", func(tutorial.Item) bool { return false }, nil)
	links = nil
	for _, b := range r.blocks {
		walk(b.Segments)
	}
	if len(links) != 1 {
		t.Fatalf("reader links = %+v", links)
	}
	links[0].OnTapped()
	if onLinkTarget != "tutorials:make-the-switch" {
		t.Fatalf("navigated to %q", onLinkTarget)
	}
}
