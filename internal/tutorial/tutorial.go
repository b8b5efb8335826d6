// Package tutorial defines tutorials (Markdown guides shipped with the app,
// written by the user or imported) and their checklists. It does no I/O.
//
// # Checklists
//
// A line of the form "- [ ] text" or "- [x] text" (also with "*" or "+")
// outside fenced code blocks is a checklist item. Its ID is the explicit
// "{#id}" suffix if present ("- [ ] Map your allies {#map-allies}"), else a
// slug of its text. Progress is kept per tutorial slug and item ID, so
// translations of one tutorial share it as long as they use the same IDs.
//
// # Files
//
// A tutorial file is front matter plus Markdown, described in
// docs/tutorial-format.md. [Parse] reads one with limits and line-numbered
// errors, [Document.Marshal] writes it back, [LoadBuiltin] reads the
// tutorials shipped in the binary, [Lint] checks them (they must be
// clean) and [Sanitize] makes imported ones safe to display.
package tutorial

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/validate"
)

// Source says where a tutorial came from.
type Source string

// Tutorial sources.
const (
	SourceBuiltin  Source = "builtin"
	SourceCustom   Source = "custom"
	SourceImported Source = "imported"
)

// Sources lists all tutorial sources.
var Sources = []Source{SourceBuiltin, SourceCustom, SourceImported}

// Field length limits, in characters.
const (
	MaxSlug    = 100
	MaxTitle   = 200
	MaxSummary = 1000
	MaxBody    = 500000
)

// Tutorial is a Markdown guide in one language.
type Tutorial struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Origin  string    `json:"origin,omitempty"`
	Version int64     `json:"version"`

	// Slug names the tutorial across languages, e.g. "secure-messaging".
	Slug string `json:"slug"`
	// Language is a BCP 47 tag; default "en".
	Language string `json:"language"`
	Title    string `json:"title"`
	Summary  string `json:"summary,omitempty"`
	// Body is Markdown.
	Body string `json:"body"`
	// ContentVersion is the version of the tutorial text (≥ 1), distinct
	// from the record Version.
	ContentVersion int    `json:"content_version"`
	Source         Source `json:"source"`

	// Level, Minutes, Tags and Objectives are the optional front matter
	// values of docs/tutorial-format.md (see [Meta]); zero when not given.
	Level      Level    `json:"level,omitempty"`
	Minutes    int      `json:"minutes,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	Objectives []int    `json:"objectives,omitempty"`

	// Series, Part and Reviewed place the tutorial in a series and say
	// when its text was last checked (see [Meta]); zero when not given.
	// Older apps and bundles without them still load: the tutorial is
	// then not part of a series.
	Series   string `json:"series,omitempty"`
	Part     int    `json:"part,omitempty"`
	Reviewed string `json:"reviewed,omitempty"`
}

var (
	slugRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
)

// ValidSlug reports whether s is a valid tutorial slug ([a-z0-9-]).
func ValidSlug(s string) bool { return len(s) <= MaxSlug && slugRE.MatchString(s) }

// Normalize trims fields and fills defaults: language "en", content
// version 1, source custom.
func (t *Tutorial) Normalize() {
	t.Slug = strings.TrimSpace(t.Slug)
	t.Language = strings.TrimSpace(t.Language)
	t.Title = strings.TrimSpace(t.Title)
	t.Summary = strings.TrimSpace(t.Summary)
	if t.Language == "" {
		t.Language = "en"
	}
	if t.ContentVersion == 0 {
		t.ContentVersion = 1
	}
	if t.Source == "" {
		t.Source = SourceCustom
	}
}

// Validate checks t and returns nil or a [validate.Errors].
func (t *Tutorial) Validate() error {
	var es validate.Errors
	if t.Slug == "" {
		es.Add("slug", validate.CodeRequired, nil)
	} else if !ValidSlug(t.Slug) {
		es.Add("slug", validate.CodeSlugInvalid, map[string]any{"value": t.Slug})
	}
	if !languageRE.MatchString(t.Language) || len(t.Language) > 35 {
		es.Add("language", validate.CodeLanguageInvalid, map[string]any{"value": t.Language})
	}
	if strings.TrimSpace(t.Title) == "" {
		es.Add("title", validate.CodeTitleRequired, nil)
	}
	es.MaxLen("title", t.Title, MaxTitle)
	es.MaxLen("summary", t.Summary, MaxSummary)
	es.MaxLen("body", t.Body, MaxBody)
	if t.ContentVersion < 1 {
		es.Add("content_version", validate.CodeVersionInvalid, map[string]any{"value": t.ContentVersion})
	}
	if !slices.Contains(Sources, t.Source) {
		es.Add("source", validate.CodeSourceInvalid, map[string]any{"value": string(t.Source)})
	}
	if t.Level != "" && !slices.Contains(Levels, t.Level) {
		es.Add("level", validate.CodeInvalid, map[string]any{"value": string(t.Level)})
	}
	if t.Minutes < 0 || t.Minutes > MaxMinutes {
		es.Add("minutes", validate.CodeInvalid, map[string]any{"value": t.Minutes})
	}
	if len(t.Tags) > MaxTags {
		es.Add("tags", validate.CodeInvalid, map[string]any{"value": len(t.Tags)})
	}
	for i, tag := range t.Tags {
		if strings.TrimSpace(tag) != tag || tag == "" || utf8.RuneCountInString(tag) > MaxTag || hasControl(tag) ||
			slices.Contains(t.Tags[:i], tag) {
			es.Add("tags", validate.CodeTagInvalid, map[string]any{"value": tag})
		}
	}
	for i, o := range t.Objectives {
		if o < 1 || o > 6 || slices.Contains(t.Objectives[:i], o) {
			es.Add("objectives", validate.CodeObjectiveInvalid, map[string]any{"value": o})
		}
	}
	if t.Series != "" && !ValidSlug(t.Series) || (t.Series == "") != (t.Part == 0) {
		es.Add("series", validate.CodeInvalid, map[string]any{"value": t.Series})
	}
	if t.Part < 0 || t.Part > MaxPart {
		es.Add("part", validate.CodeInvalid, map[string]any{"value": t.Part})
	}
	if t.Reviewed != "" {
		if _, err := ParseReviewed(t.Reviewed); err != nil {
			es.Add("reviewed", validate.CodeInvalid, map[string]any{"value": t.Reviewed})
		}
	}
	return es.Err()
}

// Item is one checklist entry of a tutorial body.
type Item struct {
	// ID identifies the item within its tutorial slug.
	ID string
	// Text is the item text without the "{#id}" suffix.
	Text string
	// Line is the 1-based line number in the body.
	Line int
	// Checked is true for "- [x]" items (checked in the source text).
	Checked bool
}

var (
	itemRE  = regexp.MustCompile(`^\s{0,12}[-*+]\s+\[([ xX])\]\s+(.*\S)\s*$`)
	idRE    = regexp.MustCompile(`\s*\{#([A-Za-z0-9][A-Za-z0-9_-]{0,63})\}$`)
	fenceRE = regexp.MustCompile("^\\s{0,3}(```|~~~)")
)

// ChecklistItems returns the checklist items of a Markdown body in order.
// IDs are unique within the result: a repeated ID gets "-2", "-3", ...
func ChecklistItems(body string) []Item {
	var items []Item
	seen := map[string]int{}
	for _, r := range scanChecklist(body) {
		it := r.Item
		seen[it.ID]++
		if n := seen[it.ID]; n > 1 {
			it.ID += "-" + strconv.Itoa(n)
		}
		items = append(items, it)
	}
	return items
}

// rawItem is a checklist item before duplicate IDs are renamed.
type rawItem struct {
	Item
	// explicit is true when the ID comes from a "{#id}" suffix.
	explicit bool
	// rawID is the text of a trailing "{#...}" as written, even when it
	// is not a valid ID ("" if there is none).
	rawID string
}

var rawIDRE = regexp.MustCompile(`\{#([^{}]*)\}\s*$`)

// scanChecklist finds the checklist items of body; see [ChecklistItems].
func scanChecklist(body string) []rawItem {
	var items []rawItem
	inFence := ""
	for i, line := range strings.Split(body, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			switch {
			case inFence == "":
				inFence = m[1]
			case inFence == m[1]:
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		m := itemRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		text := m[2]
		r := rawItem{}
		if rm := rawIDRE.FindStringSubmatch(text); rm != nil {
			r.rawID = rm[1]
		}
		id := ""
		if idm := idRE.FindStringSubmatch(text); idm != nil {
			id = strings.ToLower(idm[1])
			text = strings.TrimSpace(text[:len(text)-len(idm[0])])
			r.explicit = true
		} else {
			id = Slugify(text)
		}
		if id == "" {
			id = "item"
		}
		r.Item = Item{ID: id, Text: text, Line: i + 1, Checked: m[1] != " "}
		items = append(items, r)
	}
	return items
}

// Slugify returns a stable slug of s: lower-case letters and digits (any
// script) separated by single hyphens, at most 64 bytes.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if b.Len()+len(string(r)) > 64 {
				break
			}
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}
