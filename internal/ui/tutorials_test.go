package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/i18n"
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

// A new vault shows the built-in tutorials with their progress: the four
// of the advocacy series, then the seven of Staying safe, each series
// under its heading, in part order, the first part marked as the start.
func TestTutorialsListShowsBuiltins(t *testing.T) {
	sess, err := app.Create(filepath.Join(t.TempDir(), "v"), []byte(scrPass))
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	e := newScrEnv(t)
	e.Env.Session = sess
	s := newTestTutorials(t, e)
	if s.emptyView.Visible() || len(s.items) != 11 {
		t.Fatalf("%d tutorials listed, want the 11 built-ins", len(s.items))
	}
	for i, tu := range s.items {
		if tu.Source != tutorial.SourceBuiltin || s.progress[i].total < 6 {
			t.Errorf("%s: source %s, %d checklist items", tu.Slug, tu.Source, s.progress[i].total)
		}
	}
	var got []string
	for id, r := range s.rows {
		row := renderedRow(t, s, id)
		if r.item < 0 {
			got = append(got, "# "+row)
			continue
		}
		got = append(got, s.items[r.item].Slug+" | "+row)
	}
	want := []string{
		"# Advocacy | 4 parts",
		"building-a-movement | Building a movement | Part 1 of 4 — start here · ",
		"make-the-switch | Make the switch | Part 2 of 4 · ",
		"shifting-public-opinion | Shifting public opinion | Part 3 of 4 · ",
		"advocating-safely | Advocating safely | Part 4 of 4 · ",
		"# Staying safe | 7 parts",
		"phishing-and-account-takeover | Phishing and account takeover | Part 1 of 7 — start here · ",
		"harden-your-messenger | Set up and harden your messenger | Part 2 of 7 · ",
		"when-apps-are-blocked | When apps are blocked | Part 3 of 7 · ",
		"borders-and-device-seizure | Borders, checkpoints and device seizure | Part 4 of 7 · ",
		"digital-first-aid | Digital first aid and where to get help | Part 5 of 7 · ",
		"harassment-and-doxxing | Harassment and doxxing | Part 6 of 7 · ",
		"keeping-your-vault-safe | Keeping your Safehouse vault safe | Part 7 of 7 · ",
	}
	if len(got) != len(want) {
		t.Fatalf("rows:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("row %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
	// A heading is not a tutorial: selecting it opens nothing.
	s.list.Select(0)
	if s.reader != nil {
		t.Fatal("selecting a series heading opened a tutorial")
	}
	s.list.Select(6)
	if s.reader == nil || s.reader.tutorial.Slug != "phishing-and-account-takeover" {
		t.Fatalf("row 6 opened %+v", s.reader)
	}
}

// renderedRow returns the visible texts of list row id, joined by " | ".
func renderedRow(t *testing.T, s *tutorialsScreen, id int) string {
	t.Helper()
	o := s.list.CreateItem()
	s.list.UpdateItem(id, o)
	var texts []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			if x.Text != "" {
				texts = append(texts, x.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return strings.Join(texts, " | ")
}

// A lesson with levels shows its series, its reviewed date in words and a
// level switch; the switch hides the other level's sections but the
// progress still counts every item, and ticks survive switching.
func TestTutorialLevelsAndSeries(t *testing.T) {
	sess, err := app.Create(filepath.Join(t.TempDir(), "v"), []byte(scrPass))
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	e := newScrEnv(t)
	e.Env.Session = sess
	s := newTestTutorials(t, e)
	s.Shown("phishing-and-account-takeover")
	r := s.reader
	if r == nil || r.levels == nil {
		t.Fatal("no reader or no level switch")
	}
	if r.seriesLine != "Staying safe, part 1 of 7" || r.reviewed != "Last reviewed December 7, 2026" {
		t.Errorf("series %q, reviewed %q", r.seriesLine, r.reviewed)
	}
	all := strings.Join(r.itemIDs, ",")
	if !strings.Contains(all, "never-share-codes") || !strings.Contains(all, "email-passkey") || r.total != len(r.itemIDs) {
		t.Fatalf("both levels: items %s, total %d", all, r.total)
	}
	for _, b := range r.blocks {
		for _, seg := range b.Segments {
			if strings.Contains(seg.Textual(), "{.") {
				t.Errorf("marker shown: %q", seg.Textual())
			}
		}
	}
	test.Tap(r.checks[0]) // never-share-codes, a beginner item
	r.levels.SetSelected("Advanced")
	r = s.reader
	adv := strings.Join(r.itemIDs, ",")
	if strings.Contains(adv, "never-share-codes") || !strings.Contains(adv, "email-passkey") {
		t.Fatalf("advanced shows %s", adv)
	}
	if r.progressLabel.Text != fmt.Sprintf("1 of %d done", r.total) || r.total <= len(r.itemIDs) {
		t.Fatalf("advanced progress %q over %d items, %d shown", r.progressLabel.Text, r.total, len(r.itemIDs))
	}
	r.levels.SetSelected("Beginner")
	r = s.reader
	if beg := strings.Join(r.itemIDs, ","); !strings.HasPrefix(beg, "never-share-codes") || strings.Contains(beg, "email-passkey") {
		t.Fatalf("beginner shows %s", beg)
	}
	if !r.checks[0].Checked {
		t.Error("tick lost when switching levels")
	}
	// The choice stays for the next lesson; a tutorial without levels
	// has no switch.
	s.Shown("harden-your-messenger")
	if s.reader.levels == nil || s.reader.levels.Selected != "Beginner" {
		t.Errorf("level choice not kept")
	}
	s.Shown("make-the-switch")
	if s.reader.levels != nil || s.reader.seriesLine != "Advocacy, part 2 of 4" {
		t.Errorf("advocacy tutorial: switch %v, series %q", s.reader.levels, s.reader.seriesLine)
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
	r := renderTutorial(e.Env, "en", "T", "", "Read [this](tutorial:make-the-switch#start).", "", func(tutorial.Item) bool { return false }, nil)
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

// The series, part and reviewed lines are in the interface language, the
// date in words with the language's own digits.
func TestTutorialSeriesLinesTranslated(t *testing.T) {
	tu := &tutorial.Tutorial{Series: "staying-safe", Part: 1, Reviewed: "2026-12-07"}
	for _, c := range []struct{ lang, part, reviewed, title string }{
		{"en", "Part 1 of 7 — start here", "Last reviewed December 7, 2026", "Staying safe"},
		{"fa", "بخش ۱ از ۷ — از اینجا شروع کنید", "آخرین بازبینی: ", "در امان ماندن"},
		{"ru", "Часть 1 из 7 — начните отсюда", "Последняя проверка: 7 декабря 2026", "Оставаться в безопасности"},
	} {
		tr, err := i18n.New(c.lang)
		if err != nil {
			t.Fatal(err)
		}
		env := &Env{Tr: tr}
		if got := partLine(env, tu, 7); got != c.part {
			t.Errorf("%s: part line %q, want %q", c.lang, got, c.part)
		}
		if got := reviewedLine(env, tu); !strings.HasPrefix(got, c.reviewed) || strings.Contains(got, "2026-12-07") {
			t.Errorf("%s: reviewed %q, want it to start with %q", c.lang, got, c.reviewed)
		}
		if got := seriesTitle(env, tu.Series); got != c.title {
			t.Errorf("%s: series %q, want %q", c.lang, got, c.title)
		}
	}
	en, _ := i18n.New("en")
	env := &Env{Tr: en}
	if got := seriesTitle(env, "my-own-series"); got != "my-own-series" {
		t.Errorf("unknown series shown as %q", got)
	}
	if got := reviewedLine(env, &tutorial.Tutorial{Reviewed: "2026-13-40"}); got != "" {
		t.Errorf("bad date shown as %q", got)
	}
	if got := partLine(env, &tutorial.Tutorial{}, 0); got != "" {
		t.Errorf("tutorial in no series: %q", got)
	}
}
