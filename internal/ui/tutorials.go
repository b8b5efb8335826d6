package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

func init() { screenFactories[ScreenTutorials] = newTutorialsScreen }

// tutorialsScreen lists the tutorials with their checklist progress and
// opens one in a reader.
type tutorialsScreen struct {
	env *Env

	root      *fyne.Container
	listPage  fyne.CanvasObject
	list      *widget.List
	listStack *fyne.Container
	emptyView fyne.CanvasObject
	reader    *tutorialReader

	items    []*tutorial.Tutorial
	progress []tutorialProgress
}

// tutorialProgress counts the done checklist items of one tutorial.
type tutorialProgress struct{ done, total int }

// tutorialReader is one open tutorial: Markdown blocks with check boxes
// for the checklist items in between.
type tutorialReader struct {
	tutorial      *tutorial.Tutorial
	back          *widget.Button
	blocks        []*widget.RichText
	checks        []*widget.Check
	itemIDs       []string
	progressBar   *widget.ProgressBar
	progressLabel *widget.Label
	content       fyne.CanvasObject
}

func newTutorialsScreen(env *Env) Screen { return newTutorials(env) }

func newTutorials(env *Env) *tutorialsScreen {
	s := &tutorialsScreen{env: env}
	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("")
			title.TextStyle = fyne.TextStyle{Bold: true}
			title.Truncation = fyne.TextTruncateEllipsis
			summary := widget.NewLabel("")
			summary.Truncation = fyne.TextTruncateEllipsis
			count := widget.NewLabel("")
			bar := widget.NewProgressBar()
			bar.TextFormatter = func() string { return "" }
			right := container.NewGridWrap(fyne.NewSize(160, bar.MinSize().Height), bar)
			return container.NewBorder(nil, nil, nil, container.NewHBox(count, container.NewCenter(right)),
				container.NewVBox(title, summary))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.items) {
				return
			}
			t, p := s.items[id], s.progress[id]
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container)
			texts.Objects[0].(*widget.Label).SetText(t.Title)
			texts.Objects[1].(*widget.Label).SetText(t.Summary)
			right := row.Objects[1].(*fyne.Container)
			count := right.Objects[0].(*widget.Label)
			bar := right.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*widget.ProgressBar)
			if p.total == 0 {
				count.SetText(env.T("tutorials.no_checklist"))
				bar.Hide()
				return
			}
			count.SetText(env.T("tutorials.progress", "Done", p.done, "Total", p.total))
			bar.Show()
			bar.Max = float64(p.total)
			bar.SetValue(float64(p.done))
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id >= 0 && id < len(s.items) {
			s.open(s.items[id])
		}
	}
	s.emptyView = emptyState(theme.HelpIcon(), env.T("tutorials.empty.title"), env.T("tutorials.empty.body"))
	s.listStack = container.NewStack(s.list, s.emptyView)
	s.listPage = container.NewBorder(screenTitle(env.T("nav.tutorials")), nil, nil, nil, s.listStack)
	s.root = container.NewStack(s.listPage)
	return s
}

// Content implements [Screen].
func (s *tutorialsScreen) Content() fyne.CanvasObject { return s.root }

// Shown implements [Screen]; a string filter opens the tutorial with that
// slug.
func (s *tutorialsScreen) Shown(filter any) {
	s.reload()
	if slug, ok := filter.(string); ok {
		for _, t := range s.items {
			if t.Slug == slug {
				s.open(t)
				return
			}
		}
	}
	if s.reader != nil {
		s.open(s.reader.tutorial)
	}
}

// NewItem implements [Screen]: writing tutorials comes later.
func (s *tutorialsScreen) NewItem() {}

// FocusSearch implements [Screen].
func (s *tutorialsScreen) FocusSearch() {}

// Teardown implements [Screen].
func (s *tutorialsScreen) Teardown() {
	s.items, s.progress, s.reader = nil, nil, nil
	s.root.Objects = []fyne.CanvasObject{s.listPage}
	s.root.Refresh()
	s.list.Refresh()
}

// reload lists one tutorial per slug, in the interface language when
// available, else English, else any.
func (s *tutorialsScreen) reload() {
	ctx := context.Background()
	repo := s.env.Session.Store().Tutorials()
	all, err := repo.List(ctx, "")
	if err != nil {
		s.env.ShowError(err)
		return
	}
	lang := s.env.Tr.Lang()
	s.items = s.items[:0]
	index := map[string]int{}
	for _, t := range all {
		i, seen := index[t.Slug]
		switch {
		case !seen:
			index[t.Slug] = len(s.items)
			s.items = append(s.items, t)
		case t.Language == lang || t.Language == "en" && s.items[i].Language != lang:
			s.items[i] = t
		}
	}
	s.progress = make([]tutorialProgress, len(s.items))
	for i, t := range s.items {
		items := tutorial.ChecklistItems(t.Body)
		done, err := repo.Progress(ctx, t.Slug)
		if err != nil {
			s.env.ShowError(err)
			return
		}
		p := tutorialProgress{total: len(items)}
		for _, it := range items {
			if itemDone(done, it) {
				p.done++
			}
		}
		s.progress[i] = p
	}
	s.list.Refresh()
	if len(s.items) == 0 {
		s.list.Hide()
		s.emptyView.Show()
	} else {
		s.emptyView.Hide()
		s.list.Show()
	}
}

// itemDone is the saved state of a checklist item, or the state written
// in the Markdown when nothing was saved yet.
func itemDone(saved map[string]bool, it tutorial.Item) bool {
	if d, ok := saved[it.ID]; ok {
		return d
	}
	return it.Checked
}

// open shows t in the reader.
func (s *tutorialsScreen) open(t *tutorial.Tutorial) {
	env := s.env
	saved, err := env.Session.Store().Tutorials().Progress(context.Background(), t.Slug)
	if err != nil {
		env.ShowError(err)
		return
	}
	r := &tutorialReader{tutorial: t}
	r.back = widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), s.closeReader)
	r.progressBar = widget.NewProgressBar()
	r.progressBar.TextFormatter = func() string { return "" }
	r.progressLabel = widget.NewLabel("")
	imageText := func(url string) string { return env.T("tutorials.image_placeholder", "URL", url) }
	onLink := func(url string) { env.Clipboard.Copy(url) }
	body := container.NewVBox(heading(t.Title))
	if t.Summary != "" {
		body.Add(paragraph(t.Summary))
	}
	for _, part := range splitMarkdown(t.Body) {
		if part.item == nil {
			rt := widget.NewRichText(markdownSegments(part.text, imageText, onLink)...)
			rt.Wrapping = fyne.TextWrapWord
			r.blocks = append(r.blocks, rt)
			body.Add(rt)
			continue
		}
		it := *part.item
		c := widget.NewCheck(it.Text, nil)
		c.SetChecked(itemDone(saved, it))
		slug, id := t.Slug, it.ID
		c.OnChanged = func(done bool) { s.setDone(r, slug, id, done) }
		r.checks = append(r.checks, c)
		r.itemIDs = append(r.itemIDs, id)
		body.Add(c)
	}
	top := container.NewHBox(r.back)
	if len(r.checks) > 0 {
		top = container.NewBorder(nil, nil, r.back, r.progressLabel, r.progressBar)
	}
	r.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(body))
	s.reader = r
	s.updateProgress(r)
	s.root.Objects = []fyne.CanvasObject{r.content}
	s.root.Refresh()
}

func (s *tutorialsScreen) setDone(r *tutorialReader, slug, id string, done bool) {
	if err := s.env.Session.Store().Tutorials().SetItemDone(context.Background(), slug, id, done); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.updateProgress(r)
}

func (s *tutorialsScreen) updateProgress(r *tutorialReader) {
	done := 0
	for _, c := range r.checks {
		if c.Checked {
			done++
		}
	}
	r.progressBar.Max = float64(max(len(r.checks), 1))
	r.progressBar.SetValue(float64(done))
	r.progressLabel.SetText(s.env.T("tutorials.progress", "Done", done, "Total", len(r.checks)))
}

func (s *tutorialsScreen) closeReader() {
	s.reader = nil
	s.root.Objects = []fyne.CanvasObject{s.listPage}
	s.root.Refresh()
	s.reload()
}
