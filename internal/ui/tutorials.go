package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// tutorialsScreen lists the tutorials with their checklist progress, opens
// one in a reader, and lets the user write, copy, import, export and
// delete their own (tutorial_editor.go, tutorial_check.go,
// tutorial_files.go).
type tutorialsScreen struct {
	env *Env

	root         *fyne.Container
	listPage     fyne.CanvasObject
	list         *widget.List
	listView     *listView // the list, its empty state or "no match"
	emptyView    fyne.CanvasObject
	noMatch      fyne.CanvasObject
	search       *textField
	newButton    *widget.Button
	importButton *widget.Button
	reader       *tutorialReader
	editor       *tutorialEditor

	// all holds one tutorial per slug, ordered by series and part; items
	// and progress are the ones matching the search field, and rows the
	// list's rows: series headings and items (tutorials_series.go).
	all         []*tutorial.Tutorial
	allProgress []tutorialProgress
	items       []*tutorial.Tutorial
	progress    []tutorialProgress
	rows        []tutorialRow
	// seriesCount is the number of parts of each series in all.
	seriesCount map[string]int
	// level is the reader's level choice ("" both, "beginner",
	// "advanced"), kept while the screen lives.
	level string

	// confirm is the open confirmation (delete, export warning, import
	// notices); confirmText is its message, for tests.
	confirm     confirmer
	confirmText string
	// notice is the open information dialog (import refused, export
	// done); noticeText is its message.
	notice     dialog.Dialog
	noticeText string

	// openFile and saveFile show Fyne's file dialogs; tests replace them
	// and call the callbacks directly.
	openFile func(cb func(fyne.URIReadCloser, error))
	saveFile func(name string, cb func(fyne.URIWriteCloser, error))
}

// tutorialProgress counts the done checklist items of one tutorial.
type tutorialProgress struct{ done, total int }

func newTutorialsScreen(env *Env) Screen { return newTutorials(env) }

func newTutorials(env *Env) *tutorialsScreen {
	s := &tutorialsScreen{env: env}
	s.openFile = s.showOpenDialog
	s.saveFile = s.showSaveDialog
	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			heading := widget.NewLabel("")
			heading.TextStyle = fyne.TextStyle{Bold: true}
			heading.SizeName = theme.SizeNameSubHeadingText
			heading.Truncation = fyne.TextTruncateEllipsis
			parts := widget.NewLabel("")
			parts.TextStyle = fyne.TextStyle{Italic: true}
			parts.Truncation = fyne.TextTruncateEllipsis
			title := widget.NewLabel("")
			title.TextStyle = fyne.TextStyle{Bold: true}
			title.Truncation = fyne.TextTruncateEllipsis
			summary := widget.NewLabel("")
			summary.Truncation = fyne.TextTruncateEllipsis
			count := widget.NewLabel("")
			// The bar shows its percentage: an empty bar alone reads as
			// a full one in the dark theme.
			bar := widget.NewProgressBar()
			right := container.NewGridWrap(fyne.NewSize(160, bar.MinSize().Height), bar)
			item := container.NewBorder(nil, nil, nil, container.NewHBox(count, container.NewCenter(right)),
				container.NewVBox(title, summary))
			return container.NewStack(container.NewVBox(heading, parts), item)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.rows) {
				return
			}
			stack := o.(*fyne.Container)
			head, row := stack.Objects[0].(*fyne.Container), stack.Objects[1].(*fyne.Container)
			r := s.rows[id]
			if r.item < 0 {
				head.Objects[0].(*widget.Label).SetText(seriesTitle(env, r.series))
				parts := head.Objects[1].(*widget.Label)
				if r.series != "" {
					parts.SetText(env.Tr.N("tutorials.series.parts", r.count))
				} else {
					parts.SetText("")
				}
				head.Show()
				row.Hide()
				return
			}
			head.Hide()
			row.Show()
			t, p := s.items[r.item], s.progress[r.item]
			texts := row.Objects[0].(*fyne.Container)
			title := shown(t.Title)
			if t.Source != tutorial.SourceBuiltin {
				title = env.T("tutorials.list.yours", "Title", shown(t.Title))
			}
			texts.Objects[0].(*widget.Label).SetText(title)
			second := shown(t.Summary)
			if part := partLine(env, t, r.count); part != "" {
				second = part + " · " + second
			}
			texts.Objects[1].(*widget.Label).SetText(second)
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
		if id >= 0 && id < len(s.rows) && s.rows[id].item >= 0 {
			s.open(s.items[s.rows[id].item])
		}
	}
	s.search = newTextField()
	s.search.SetPlaceHolder(env.T("tutorials.search_placeholder"))
	s.search.OnChanged = func(string) { s.applyFilter() }
	s.newButton = widget.NewButtonWithIcon(env.T("tutorials.new"), theme.ContentAddIcon(), s.NewItem)
	s.newButton.Importance = widget.HighImportance
	s.importButton = widget.NewButtonWithIcon(env.T("tutorials.import_button"), theme.FolderOpenIcon(), s.importFile)

	writeFirst := widget.NewButtonWithIcon(env.T("tutorials.new"), theme.ContentAddIcon(), s.NewItem)
	writeFirst.Importance = widget.HighImportance
	importFirst := widget.NewButtonWithIcon(env.T("tutorials.import_button"), theme.FolderOpenIcon(), s.importFile)
	s.emptyView = emptyState(theme.HelpIcon(), env.T("tutorials.empty.title"), env.T("tutorials.empty.body_authoring"),
		writeFirst, importFirst)
	clear := widget.NewButton(env.T("tutorials.clear_search"), func() { s.search.SetText("") })
	s.noMatch = emptyState(theme.SearchIcon(), env.T("tutorials.no_match.title"), env.T("tutorials.no_match.body"), clear)
	s.listView = newListView(s.list, s.emptyView, s.noMatch)
	top := container.NewBorder(nil, nil, screenTitle(env.T("nav.tutorials")),
		container.NewHBox(s.importButton, s.newButton), s.search)
	s.listPage = container.NewBorder(top, nil, nil, nil, s.listView.stack)
	s.root = container.NewStack(s.listPage)
	return s
}

// Content implements [Screen].
func (s *tutorialsScreen) Content() fyne.CanvasObject { return s.root }

// Shown implements [Screen]; a string filter opens the tutorial with that
// slug.
func (s *tutorialsScreen) Shown(filter any) {
	if s.editor != nil {
		// Never throw away text being written.
		return
	}
	s.reload()
	if slug, ok := filter.(string); ok {
		if t := s.bySlug(slug); t != nil {
			s.open(t)
			return
		}
	}
	if s.reader != nil {
		if t := s.bySlug(s.reader.tutorial.Slug); t != nil {
			s.open(t)
		} else {
			s.closeReader()
		}
	}
}

// bySlug returns the listed tutorial with the slug, or nil.
func (s *tutorialsScreen) bySlug(slug string) *tutorial.Tutorial {
	for _, t := range s.all {
		if t.Slug == slug {
			return t
		}
	}
	return nil
}

// NewItem implements [Screen]: Ctrl+N opens the editor on a new tutorial.
func (s *tutorialsScreen) NewItem() {
	if s.editor != nil {
		return
	}
	s.openEditor(nil)
}

// activeForm implements [formScreen].
func (s *tutorialsScreen) activeForm() editForm {
	if s.editor == nil {
		return nil
	}
	return s.editor
}

// discardForm implements [formScreen].
func (s *tutorialsScreen) discardForm() {
	if s.editor != nil {
		s.editor.close()
		formClosed(s.env)
	}
}

// resumeDraft implements [formScreen]: it opens the editor of a tutorial
// draft. A draft of a tutorial deleted since becomes a new tutorial.
func (s *tutorialsScreen) resumeDraft(key string, st formState) bool {
	kind, id, ok := parseDraftKey(key)
	if !ok || kind != draftTutorial {
		return false
	}
	var t *tutorial.Tutorial
	if id != "" {
		if got, err := s.env.Session.Tutorial(context.Background(), id); err == nil && got.Source != tutorial.SourceBuiltin {
			t = got
		} else {
			dropDraft(s.env, key)
		}
	}
	s.editor = nil
	s.openEditor(t)
	s.editor.restore(st)
	return true
}

// FocusSearch implements [Screen].
func (s *tutorialsScreen) FocusSearch() {
	if s.editor != nil || s.reader != nil {
		return
	}
	if s.env.Window != nil {
		s.env.Window.Canvas().Focus(s.search)
	}
}

// Teardown implements [Screen].
func (s *tutorialsScreen) Teardown() {
	if s.confirm != nil {
		s.confirm.Hide()
	}
	if s.notice != nil && !isNilDialog(s.notice) {
		s.notice.Hide()
	}
	if s.editor != nil {
		s.editor.debounce.Stop()
	}
	s.confirm, s.notice, s.confirmText, s.noticeText = nil, nil, "", ""
	s.all, s.allProgress, s.items, s.progress, s.reader, s.editor = nil, nil, nil, nil, nil, nil
	s.rows, s.seriesCount, s.level = nil, nil, ""
	s.search.SetText("")
	s.root.Objects = []fyne.CanvasObject{s.listPage}
	s.root.Refresh()
	s.list.Refresh()
}

// isNilDialog reports whether d holds a nil pointer.
func isNilDialog(d dialog.Dialog) bool {
	switch v := d.(type) {
	case *dialog.ConfirmDialog:
		return v == nil
	case *dialog.CustomDialog:
		return v == nil
	}
	return false
}

// reload lists one tutorial per slug, in the interface language when
// available, else English, else any.
func (s *tutorialsScreen) reload() {
	ctx := context.Background()
	all, err := s.env.Session.Tutorials(ctx, "")
	if err != nil {
		s.env.ShowError(err)
		return
	}
	lang := s.env.Tr.Lang()
	s.all = s.all[:0]
	index := map[string]int{}
	for _, t := range all {
		i, seen := index[t.Slug]
		switch {
		case !seen:
			index[t.Slug] = len(s.all)
			s.all = append(s.all, t)
		case t.Language == lang || t.Language == "en" && s.all[i].Language != lang:
			s.all[i] = t
		}
	}
	s.allProgress = make([]tutorialProgress, len(s.all))
	for i, t := range s.all {
		items := tutorial.ChecklistItems(t.Body)
		done, err := s.env.Session.TutorialProgress(ctx, t.Slug)
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
		s.allProgress[i] = p
	}
	sortBySeries(s.all, s.allProgress)
	s.seriesCount = map[string]int{}
	for _, t := range s.all {
		if t.Series != "" {
			s.seriesCount[t.Series] = max(s.seriesCount[t.Series]+1, t.Part)
		}
	}
	s.applyFilter()
}

// applyFilter lists the tutorials whose title or summary holds every word
// of the search field (case-insensitive).
func (s *tutorialsScreen) applyFilter() {
	words := strings.Fields(strings.ToLower(s.search.Text))
	s.items, s.progress = s.items[:0], s.progress[:0]
	for i, t := range s.all {
		hay := strings.ToLower(t.Title + "\n" + t.Summary)
		match := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				match = false
				break
			}
		}
		if match {
			s.items = append(s.items, t)
			s.progress = append(s.progress, s.allProgress[i])
		}
	}
	s.rows = seriesRows(s.items, s.seriesCount)
	s.list.Refresh()
	switch {
	case len(s.all) == 0:
		s.listView.show(s.emptyView)
	case len(s.items) == 0:
		s.listView.show(s.noMatch)
	default:
		s.listView.show(s.list)
	}
}
