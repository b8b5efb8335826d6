package cli

import (
	"strings"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

func (r *runner) cmdSearch(args []string) error {
	fs := newFlagSet("search")
	asJSON := fs.Bool("json", false, "")
	limit := fs.Int("limit", 50, "")
	pos, done, err := r.parseCmd("search", fs, args)
	if done {
		return err
	}
	query := strings.Join(pos, " ")
	if strings.TrimSpace(query) == "" {
		return usageErr("cli.usage.query_required", nil)
	}
	return r.read(func(s *app.Session) error {
		hits, err := s.Search(r.ctx, query, *limit)
		if err != nil {
			return err
		}
		if *asJSON {
			views := make([]hitJSON, len(hits))
			for i, h := range hits {
				views[i] = hitView(h)
			}
			return r.printJSON(views)
		}
		t := r.table("cli.col.kind", "cli.col.id", "cli.col.title", "cli.col.snippet")
		for _, h := range hits {
			t.row(string(h.Kind), shortID(h.ID), h.Title, plainSnippet(h.Snippet))
		}
		return t.flush()
	})
}

func (r *runner) cmdTutorial(args []string) error {
	return r.subcommand("tutorial", args, map[string]func([]string) error{
		"list": r.tutorialList,
	})
}

func (r *runner) tutorialList(args []string) error {
	fs := newFlagSet("tutorial list")
	asJSON := fs.Bool("json", false, "")
	lang := fs.String("language", "", "")
	pos, done, err := r.parseCmd("tutorial", fs, args)
	if done {
		return err
	}
	if err := noArgs("tutorial list", pos); err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		want := *lang
		if want == "all" {
			want = ""
		}
		ts, err := s.Tutorials(r.ctx, want)
		if err != nil {
			return err
		}
		if *lang == "" {
			ts = oneLanguage(ts, r.tr.lang())
		}
		from, err := r.origins(s)
		if err != nil {
			return err
		}
		views := make([]tutorialJSON, len(ts))
		progress := map[string]map[string]bool{}
		for i, t := range ts {
			p, ok := progress[t.Slug]
			if !ok {
				if p, err = s.TutorialProgress(r.ctx, t.Slug); err != nil {
					return err
				}
				progress[t.Slug] = p
			}
			items := tutorial.ChecklistItems(t.Body)
			done := 0
			for _, it := range items {
				if p[it.ID] {
					done++
				}
			}
			views[i] = tutorialJSON{
				ID: t.ID, Slug: t.Slug, Language: t.Language, Title: t.Title, Summary: t.Summary,
				Version: t.ContentVersion, Source: string(t.Source), Origin: t.Origin, From: from.from(t.Origin),
				Progress: progressJSON{Done: done, Total: len(items)},
			}
		}
		if *asJSON {
			return r.printJSON(views)
		}
		tb := r.table("cli.col.id", "cli.col.slug", "cli.col.language", "cli.col.title", "cli.col.progress")
		for _, v := range views {
			prog := ""
			if v.Progress.Total > 0 {
				prog = itoa(v.Progress.Done) + "/" + itoa(v.Progress.Total)
			}
			tb.row(shortID(v.ID), v.Slug, v.Language, v.Title, prog)
		}
		return tb.flush()
	})
}

// oneLanguage keeps one tutorial per slug: the one in lang, else the
// English one, else the first. Built-in tutorials are stored in every
// shipped language; a plain list shows them in the user's.
func oneLanguage(ts []*tutorial.Tutorial, lang string) []*tutorial.Tutorial {
	rank := func(t *tutorial.Tutorial) int {
		switch t.Language {
		case lang:
			return 2
		case "en":
			return 1
		}
		return 0
	}
	best := map[string]*tutorial.Tutorial{}
	for _, t := range ts {
		if b := best[t.Slug]; b == nil || rank(t) > rank(b) {
			best[t.Slug] = t
		}
	}
	out := ts[:0:0]
	for _, t := range ts {
		if best[t.Slug] == t {
			out = append(out, t)
		}
	}
	return out
}
