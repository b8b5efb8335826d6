package tutorial

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/safehouse-app/safehouse/internal/validate"
)

const levelsBody = `# Lesson

## What you will learn {.learn}

- One thing

## Lock the phone {.beginner}

- [ ] Set a PIN {#pin}

### Why {.advanced}

Nested: hidden with the advanced level.

## Encrypt the disk {.advanced}

- [ ] Check encryption {#disk}

## For everyone

- [ ] Tell a friend {#friend}

## Odd {.expert}
`

// Markers are not part of a heading's text or slug, so anchors and
// translations of anchors stay as before.
func TestHeadingMarkers(t *testing.T) {
	t.Parallel()
	var got []string
	for _, h := range Headings(levelsBody) {
		got = append(got, h.Text+"|"+h.Slug+"|"+h.Marker)
	}
	want := []string{"Lesson|lesson|", "What you will learn|what-you-will-learn|learn", "Lock the phone|lock-the-phone|beginner",
		"Why|why|advanced", "Encrypt the disk|encrypt-the-disk|advanced", "For everyone|for-everyone|", "Odd|odd|expert"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("headings\n%q\nwant\n%q", got, want)
	}
	var secs []string
	for _, s := range Sections(levelsBody) {
		secs = append(secs, s.Marker+":"+strings.Join([]string{itoa(s.Heading.Line), itoa(s.End)}, "-"))
	}
	if w := "learn:3-6 beginner:7-14 advanced:11-14 advanced:15-18 expert:23-24"; strings.Join(secs, " ") != w {
		t.Errorf("sections %v, want %s", secs, w)
	}
	if !HasLevels(levelsBody) || HasLevels("## A {.learn}\n## B\n") || HasLevels("# Plain\n") {
		t.Error("HasLevels")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestShowLevel(t *testing.T) {
	t.Parallel()
	label := func(m string) string {
		if m == MarkerLearn {
			return ""
		}
		return strings.ToUpper(m)
	}
	lines := func(s string) int { return strings.Count(s, "\n") }
	all := ShowLevel(levelsBody, "", label)
	for _, w := range []string{"## What you will learn\n", "## Lock the phone · BEGINNER\n", "### Why · ADVANCED\n",
		"## Encrypt the disk · ADVANCED\n", "{#disk}", "## Odd {.expert}\n"} {
		if !strings.Contains(all, w) {
			t.Errorf("all levels: missing %q in\n%s", w, all)
		}
	}
	beg := ShowLevel(levelsBody, MarkerBeginner, nil)
	for _, w := range []string{"## Lock the phone\n", "{#pin}", "{#friend}", "- One thing"} {
		if !strings.Contains(beg, w) {
			t.Errorf("beginner: missing %q in\n%s", w, beg)
		}
	}
	for _, no := range []string{"Encrypt", "{#disk}", "Why", "Nested"} {
		if strings.Contains(beg, no) {
			t.Errorf("beginner shows %q:\n%s", no, beg)
		}
	}
	adv := ShowLevel(levelsBody, MarkerAdvanced, nil)
	if strings.Contains(adv, "{#pin}") || strings.Contains(adv, "Lock the phone") || !strings.Contains(adv, "{#disk}") || !strings.Contains(adv, "{#friend}") {
		t.Errorf("advanced:\n%s", adv)
	}
	for _, s := range []string{all, beg, adv} {
		if lines(s) != lines(levelsBody) {
			t.Errorf("line count changed: %d, want %d", lines(s), lines(levelsBody))
		}
	}
	if got := ShowLevel("# Plain\n\ntext\n", MarkerBeginner, label); got != "# Plain\n\ntext\n" {
		t.Errorf("body without markers changed: %q", got)
	}
	if ids := ChecklistItems(beg); len(ids) != 2 || ids[0].ID != "pin" || ids[1].ID != "friend" {
		t.Errorf("beginner items %+v", ids)
	}
}

// A file written before series, part and reviewed existed still parses,
// loads and lints clean, and its tutorial validates without them.
func TestOldFileWithoutSeries(t *testing.T) {
	t.Parallel()
	old := "---\nid: old\nversion: 3\nlanguage: en\ntitle: Old\nsummary: S\nlevel: beginner\n---\n# Old\n\n## Steps\n\n- [ ] Do it {#do}\n"
	docs, err := LoadBuiltin(fstest.MapFS{"tutorials/en/old.md": {Data: []byte(old)}})
	if err != nil || len(docs) != 1 {
		t.Fatalf("%v %v", docs, err)
	}
	if ps := Lint(docs); len(ps) > 0 {
		t.Errorf("lint: %v", ps)
	}
	m := docs[0].Meta
	if m.Series != "" || m.Part != 0 || m.Reviewed != "" {
		t.Errorf("meta %+v", m)
	}
	tu := docs[0].Tutorial(SourceBuiltin)
	if err := tu.Validate(); err != nil {
		t.Error(err)
	}
	if strings.Contains(string(docs[0].Marshal()), "series") {
		t.Errorf("marshal adds series:\n%s", docs[0].Marshal())
	}
}

func TestSeriesMetaRoundTrip(t *testing.T) {
	t.Parallel()
	d, err := Parse("x.md", []byte("---\nid: x\nversion: 1\nlanguage: en\ntitle: X\nsummary: S\nseries: staying-safe\npart: 3\nreviewed: 2026-12-07\n---\nBody\n"))
	if err != nil {
		t.Fatal(err)
	}
	tu := d.Tutorial(SourceBuiltin)
	if tu.Series != "staying-safe" || tu.Part != 3 || tu.Reviewed != "2026-12-07" {
		t.Fatalf("tutorial %+v", tu)
	}
	if !reflect.DeepEqual(tu.Meta(), d.Meta) {
		t.Errorf("Meta() %+v, want %+v", tu.Meta(), d.Meta)
	}
	if day, err := ParseReviewed(tu.Reviewed); err != nil || !day.Equal(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseReviewed: %v %v", day, err)
	}
	for _, bad := range []func(*Tutorial){
		func(t *Tutorial) { t.Series = "Bad Series" },
		func(t *Tutorial) { t.Part = 0 },
		func(t *Tutorial) { t.Series = "" },
		func(t *Tutorial) { t.Part = MaxPart + 1 },
		func(t *Tutorial) { t.Reviewed = "2026-12-32" },
		func(t *Tutorial) { t.Reviewed = "07.12.2026" },
	} {
		n := *tu
		bad(&n)
		var es validate.Errors
		if err := n.Validate(); !errors.As(err, &es) {
			t.Errorf("%+v validated: %v", n, err)
		}
	}
}

// LintAt judges "the future" by the date that has begun somewhere on
// Earth, so a file reviewed "today" in Asia passes a check run in America.
func TestReviewedFuture(t *testing.T) {
	t.Parallel()
	d, err := Parse("tutorials/en/x.md", []byte("---\nid: x\nversion: 1\nlanguage: en\ntitle: X\nsummary: S\nseries: s\npart: 1\nreviewed: 2026-12-08\n---\nBody\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ps := LintAt([]*Document{d}, time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)); len(ps) != 0 {
		t.Errorf("a day that has begun in Kiribati: %v", ps)
	}
	ps := LintAt([]*Document{d}, time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC))
	if len(ps) != 1 || ps[0].Rule != RuleReviewedFuture {
		t.Errorf("the day after tomorrow somewhere: %v", ps)
	}
}
