package ui

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// checkTutorial parses d as a file and applies the Lint rules that fit a
// single tutorial; links to other tutorials are resolved against the ones
// in the vault (others, leaving out orig). It returns the parsed document
// or the problems, each naming the body line or the field it is about.
func checkTutorial(env *Env, d *tutorial.Document, others []*tutorial.Tutorial, orig *tutorial.Tutorial) (*tutorial.Document, []string) {
	data := d.Marshal()
	head := (&tutorial.Document{Meta: d.Meta}).Marshal()
	headLines := bytes.Count(head, []byte("\n"))
	fieldAt := map[int]string{}
	for i, l := range strings.Split(string(head), "\n") {
		if k, _, ok := strings.Cut(l, ":"); ok {
			fieldAt[i+1] = k
		}
	}
	describe := func(line int, msg string) string {
		switch {
		case line > headLines:
			return env.T("tutorials.editor.problem_line", "Line", line-headLines, "Message", msg)
		case fieldAt[line] == "title" || fieldAt[line] == "summary" || fieldAt[line] == "language":
			return env.T("tutorials.editor.problem_field", "Field", env.T("tutorials.editor."+fieldAt[line]), "Message", msg)
		default:
			return env.T("tutorials.editor.problem", "Message", msg)
		}
	}
	parsed, err := tutorial.Parse(d.Name, data)
	if err != nil {
		var pes tutorial.ParseErrors
		if !errors.As(err, &pes) {
			return nil, []string{describe(0, err.Error())}
		}
		var out []string
		for _, pe := range pes {
			out = append(out, describe(pe.Line, pe.Msg))
		}
		return nil, out
	}
	docs := []*tutorial.Document{parsed}
	for _, t := range others {
		if orig != nil && t.ID == orig.ID {
			continue
		}
		docs = append(docs, &tutorial.Document{
			Name: "vault:" + t.ID,
			Meta: t.Meta(),
			Body: t.Body,
		})
	}
	var out []string
	for _, p := range tutorial.Lint(docs) {
		switch {
		case p.Name != parsed.Name:
		case p.Rule == tutorial.RuleNoOriginal, p.Rule == tutorial.RuleVersionAhead, p.Rule == tutorial.RuleDuplicateID:
			// Rules about a set of translations, not one tutorial; the
			// slug is made unique when saving.
		case p.Rule == tutorial.RuleSeries, p.Rule == tutorial.RuleSeriesDiffer, p.Rule == tutorial.RuleSectionsDiffer,
			p.Rule == tutorial.RuleReviewedFuture, p.Rule == tutorial.RuleLearnSection:
			// Rules for the lessons shipped in series; the editor has
			// no series fields, and a user's own lesson may use levels
			// freely.
		default:
			out = append(out, describe(p.Line, p.Msg))
		}
	}
	if len(out) > 0 {
		return nil, out
	}
	return parsed, nil
}

// explicitItemID matches a trailing "{#...}" on a checklist line, valid
// or not (Lint reports invalid ones).
var explicitItemID = regexp.MustCompile(`\{#[^{}]*\}\s*$`)

// fillItemIDs gives every checklist item of body without a "{#id}" one: a
// slug of its text in lower-case ASCII letters, digits and hyphens, made
// unique with "-2", "-3"... Items keep their ID when their text is later
// reworded, so the user's ticks survive edits.
func fillItemIDs(body string) string {
	items := tutorial.ChecklistItems(body)
	if len(items) == 0 {
		return body
	}
	lines := strings.Split(body, "\n")
	used := map[string]bool{}
	var missing []tutorial.Item
	for _, it := range items {
		if explicitItemID.MatchString(strings.TrimRight(lines[it.Line-1], "\r")) {
			used[it.ID] = true
			continue
		}
		missing = append(missing, it)
	}
	for _, it := range missing {
		base := idSlug(it.Text, tutorial.MaxItemID)
		if base == "" {
			base = "item"
		}
		id := base
		for n := 2; used[id]; n++ {
			suffix := "-" + strconv.Itoa(n)
			b := base
			if len(b)+len(suffix) > tutorial.MaxItemID {
				b = strings.TrimRight(b[:tutorial.MaxItemID-len(suffix)], "-")
			}
			id = b + suffix
		}
		used[id] = true
		l := lines[it.Line-1]
		cr := ""
		if strings.HasSuffix(l, "\r") {
			cr = "\r"
		}
		lines[it.Line-1] = strings.TrimRight(l, " \t\r") + " {#" + id + "}" + cr
	}
	return strings.Join(lines, "\n")
}

// idSlug returns s as lower-case ASCII letters and digits separated by
// single hyphens, accents dropped ("Étape 2 : répondre" → "etape-2-repondre"),
// at most max bytes.
func idSlug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				if b.Len()+2 > max {
					return b.String()
				}
				b.WriteByte('-')
			}
			dash = false
			if b.Len()+1 > max {
				return b.String()
			}
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// accent of the previous letter
		default:
			dash = true
		}
	}
	return b.String()
}
