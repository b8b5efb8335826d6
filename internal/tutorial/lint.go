package tutorial

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Rules checked by [Lint] and fixed by [Sanitize]. They are stable and may
// be used as message IDs.
const (
	RuleFrontMatter     = "front-matter"      // invalid front matter value or file location
	RuleDuplicateID     = "duplicate-id"      // two tutorials with one id in one language
	RuleNoOriginal      = "no-original"       // translation without an English original
	RuleVersionAhead    = "version-ahead"     // translation newer than its English original
	RuleItemsDiffer     = "items-differ"      // translation of the same version with other checklist IDs
	RuleItemIDMissing   = "item-id-missing"   // checklist item without "{#id}"
	RuleItemIDInvalid   = "item-id-invalid"   // "{#id}" not made of [a-z0-9-]
	RuleItemIDDuplicate = "item-id-duplicate" // one item ID used twice in a tutorial
	RuleItemEmpty       = "item-empty"        // checklist item with an ID and no text
	RuleRemoteImage     = "remote-image"      // image with a remote or absolute URL
	RuleRawHTML         = "raw-html"          // HTML tag outside code
	RuleAutolink        = "autolink"          // <https://...> or <name@example.org>
	RuleDangerousLink   = "dangerous-link"    // javascript:, vbscript:, data: or file: link
	RuleBrokenLink      = "broken-link"       // tutorial: link to a missing tutorial or heading
	RuleSeries          = "series"            // series, part or reviewed missing, or parts not 1, 2, 3... in a series
	RuleSeriesDiffer    = "series-differ"     // translation in another series or part than its English original
	RuleReviewedFuture  = "reviewed-future"   // reviewed date after today
	RuleUnknownMarker   = "unknown-marker"    // heading ends with a "{.marker}" that is not a known one
	RuleLearnSection    = "learn-section"     // "What you will learn" missing, repeated or not first
	RuleSectionsDiffer  = "sections-differ"   // translation of the same version with other section markers
)

// Problem is one rule broken by a tutorial.
type Problem struct {
	Name string // Document.Name
	Line int    // line in the file, 0 for the whole file
	Rule string // one of the Rule constants
	Msg  string // lower-case English, no final period
}

// String returns "name:line: msg (rule)".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s (%s)", p.Name, p.Line, p.Msg, p.Rule)
	}
	return fmt.Sprintf("%s: %s (%s)", p.Name, p.Msg, p.Rule)
}

// Lint checks built-in tutorials, which must be clean: valid front matter
// in the right file (tutorials/<language>/<id>.md, when the name has that
// form), one tutorial per id and language, an English original for every
// translation with a version not below it, an explicit, valid and unique
// "{#id}" on every checklist item, no remote images, raw HTML, autolinks
// or dangerous links, and tutorial: links that resolve. A tutorial in a
// series or with levels also needs series, part and reviewed; the
// reviewed date may not be after today; the English parts of a series are
// numbered 1, 2, 3... once each, and a translation is in the same series
// and part as its English original. Only known section markers are
// allowed, with a "learn" section first in a tutorial with levels.
// Problems are sorted by name and line.
func Lint(docs []*Document) []Problem { return LintAt(docs, time.Now()) }

// LintAt is [Lint] with today's date taken from now.
func LintAt(docs []*Document, now time.Time) []Problem {
	var out []Problem
	type key struct{ id, lang string }
	byKey := map[key]*Document{}
	for _, d := range docs {
		for _, e := range checkMeta(&d.Meta, nil, nil) {
			out = append(out, Problem{d.Name, d.KeyLine(e.key), RuleFrontMatter, e.msg})
		}
		if dir, file := path.Split(d.Name); strings.HasSuffix(file, ".md") && strings.Contains(dir, "tutorials/") {
			lang := path.Base(dir)
			if lang != d.Meta.Language {
				out = append(out, Problem{d.Name, d.KeyLine("language"), RuleFrontMatter,
					fmt.Sprintf("language %q does not match the folder %q", d.Meta.Language, lang)})
			}
			if id := strings.TrimSuffix(file, ".md"); id != d.Meta.ID {
				out = append(out, Problem{d.Name, d.KeyLine("id"), RuleFrontMatter,
					fmt.Sprintf("id %q does not match the file name %q", d.Meta.ID, file)})
			}
		}
		k := key{d.Meta.ID, d.Meta.Language}
		if prev, dup := byKey[k]; dup {
			out = append(out, Problem{d.Name, d.KeyLine("id"), RuleDuplicateID,
				fmt.Sprintf("id %q in language %q is also used by %s", k.id, k.lang, prev.Name)})
			continue
		}
		byKey[k] = d
	}
	for _, d := range docs {
		if d.Meta.Language == "en" || byKey[key{d.Meta.ID, d.Meta.Language}] != d {
			continue
		}
		en := byKey[key{d.Meta.ID, "en"}]
		switch {
		case en == nil:
			out = append(out, Problem{d.Name, d.KeyLine("id"), RuleNoOriginal,
				fmt.Sprintf("translation of %q has no English original", d.Meta.ID)})
		case d.Meta.Version > en.Meta.Version:
			out = append(out, Problem{d.Name, d.KeyLine("version"), RuleVersionAhead,
				fmt.Sprintf("version %d is newer than the English original's %d", d.Meta.Version, en.Meta.Version)})
		case d.Meta.Version == en.Meta.Version:
			// Checklist progress is kept per item ID and shared by all
			// languages of a tutorial, so a translation of the same
			// version must have the same items.
			if a, b := itemIDs(d), itemIDs(en); !slices.Equal(a, b) {
				out = append(out, Problem{d.Name, d.KeyLine("version"), RuleItemsDiffer,
					fmt.Sprintf("checklist item IDs %v differ from the English original's %v", a, b)})
			}
			// The level switch shows the same sections in every language.
			if a, b := markers(d), markers(en); !slices.Equal(a, b) {
				out = append(out, Problem{d.Name, d.KeyLine("version"), RuleSectionsDiffer,
					fmt.Sprintf("section markers %v differ from the English original's %v", a, b)})
			}
		}
	}
	out = append(out, lintSeries(docs, func(d *Document) bool { return byKey[key{d.Meta.ID, d.Meta.Language}] == d },
		func(d *Document) *Document { return byKey[key{d.Meta.ID, "en"}] }, now)...)
	slugs := map[*Document]map[string]bool{}
	anchors := func(d *Document) map[string]bool {
		if slugs[d] == nil {
			slugs[d] = map[string]bool{}
			for _, h := range Headings(d.Body) {
				slugs[d][h.Slug] = true
			}
		}
		return slugs[d]
	}
	resolve := func(from *Document, id string) *Document {
		if t := byKey[key{id, from.Meta.Language}]; t != nil {
			return t
		}
		return byKey[key{id, "en"}]
	}
	for _, d := range docs {
		out = append(out, lintItems(d)...)
		out = append(out, lintSections(d)...)
		for _, f := range findUnsafe(d.Body) {
			out = append(out, Problem{d.Name, d.FileLine(f.line), f.rule, f.msg})
		}
		for _, l := range internalLinks(d.Body) {
			id, anchor, _ := strings.Cut(l.target, "#")
			t := resolve(d, id)
			switch {
			case !ValidSlug(id):
				out = append(out, Problem{d.Name, d.FileLine(l.line), RuleBrokenLink,
					fmt.Sprintf("link %q: %q is not a tutorial id", "tutorial:"+l.target, id)})
			case t == nil:
				out = append(out, Problem{d.Name, d.FileLine(l.line), RuleBrokenLink,
					fmt.Sprintf("link %q: no tutorial %q", "tutorial:"+l.target, id)})
			case anchor != "" && !anchors(t)[anchor]:
				out = append(out, Problem{d.Name, d.FileLine(l.line), RuleBrokenLink,
					fmt.Sprintf("link %q: %s has no heading %q", "tutorial:"+l.target, t.Name, anchor)})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Line < out[j].Line
	})
	return out
}

var strictItemID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func lintItems(d *Document) []Problem {
	var out []Problem
	seen := map[string]int{}
	for _, it := range scanChecklist(d.Body) {
		line := d.FileLine(it.Line)
		switch {
		case it.rawID == "":
			out = append(out, Problem{d.Name, line, RuleItemIDMissing,
				fmt.Sprintf("checklist item %q has no {#id}", it.Text)})
			continue
		case !it.explicit || !strictItemID.MatchString(it.rawID) || len(it.rawID) > MaxItemID:
			out = append(out, Problem{d.Name, line, RuleItemIDInvalid,
				fmt.Sprintf("item id %q must be 1 to %d lower-case letters, digits and single hyphens", it.rawID, MaxItemID)})
			continue
		}
		if it.Text == "" {
			out = append(out, Problem{d.Name, line, RuleItemEmpty, fmt.Sprintf("item {#%s} has no text", it.ID)})
		}
		if first, dup := seen[it.ID]; dup {
			out = append(out, Problem{d.Name, line, RuleItemIDDuplicate,
				fmt.Sprintf("item id %q already used on line %d", it.ID, first)})
			continue
		}
		seen[it.ID] = line
	}
	return out
}

// itemIDs returns the checklist item IDs of d in order.
func itemIDs(d *Document) []string {
	ids := make([]string, len(d.Items))
	for i, it := range d.Items {
		ids[i] = it.ID
	}
	return ids
}
