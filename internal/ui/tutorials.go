package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

func init() { screenFactories[ScreenTutorials] = newTutorialsScreen }

// tutorialsScreen lists the tutorials with their checklist progress, opens
// one in a reader, and lets the user write, copy, import, export and
// delete their own (see tutorial_editor.go).
type tutorialsScreen struct {
	env *Env

	root         *fyne.Container
	listPage     fyne.CanvasObject
	list         *widget.List
	listStack    *fyne.Container
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

// tutorialReader is one open tutorial: Markdown blocks with check boxes
// for the checklist items in between, and the actions that fit its source.
type tutorialReader struct {
	tutorial      *tutorial.Tutorial
	back          *widget.Button
	copyButton    *widget.Button // built-in tutorials only
	editButton    *widget.Button // custom and imported only
	deleteButton  *widget.Button // custom and imported only
	exportButton  *widget.Button
	blocks        []*markdownView
	checks        []*widget.Check
	rows          []*checkRow
	itemIDs       []string
	progressBar   *widget.ProgressBar
	progressLabel *widget.Label
	// levels switches between the beginner and advanced sections; nil
	// when the tutorial has none. seriesLine and reviewed are the
	// "Staying safe, part 2 of 7" and "Last reviewed ..." lines ("" if
	// none).
	levels     *widget.RadioGroup
	seriesLine string
	reviewed   string
	// done is the state of every checklist item, shown or hidden by the
	// level switch; total counts them.
	done    map[string]bool
	total   int
	content fyne.CanvasObject
}

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
	s.listStack = container.NewStack(s.list, s.emptyView, s.noMatch)
	top := container.NewBorder(nil, nil, screenTitle(env.T("nav.tutorials")),
		container.NewHBox(s.importButton, s.newButton), s.search)
	s.listPage = container.NewBorder(top, nil, nil, nil, s.listStack)
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
		if got, err := s.env.Session.Store().Tutorials().Get(context.Background(), id); err == nil && got.Source != tutorial.SourceBuiltin {
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
	repo := s.env.Session.Store().Tutorials()
	all, err := repo.List(ctx, "")
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
	s.list.Hide()
	s.emptyView.Hide()
	s.noMatch.Hide()
	switch {
	case len(s.all) == 0:
		s.emptyView.Show()
	case len(s.items) == 0:
		s.noMatch.Show()
	default:
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

// renderedTutorial is a tutorial drawn the way the reader shows it: title,
// summary, Markdown blocks and a check box per checklist item. The editor's
// preview uses the same function, so both look alike.
type renderedTutorial struct {
	body    *fyne.Container
	blocks  []*markdownView
	checks  []*widget.Check
	rows    []*checkRow
	itemIDs []string
}

// tutorialTitleStyle is the style of a tutorial's title in the reader.
var tutorialTitleStyle = widget.RichTextStyle{SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}

// renderTutorial draws a tutorial. done gives the state of each checklist
// item; onCheck, if not nil, is called when one is ticked or unticked.
// Images are never loaded and links never opened (see markdown.go). The
// text is laid out in the direction of lang, the tutorial's language:
// right to left for Arabic or Persian whatever the interface language
// (markdown_view.go). level chooses the beginner or advanced sections
// ("" shows both, labelled; see tutorial.ShowLevel).
func renderTutorial(env *Env, lang, title, summary, md, level string, done func(tutorial.Item) bool,
	onCheck func(id string, done bool)) *renderedTutorial {
	rtl := i18n.IsRTL(lang)
	imageText := func(url string) string { return env.T("tutorials.image_placeholder", "URL", url) }
	onLink := func(url string) {
		// A link to another tutorial opens it; any other address is only
		// copied (Safehouse never opens a browser).
		if slug, ok := strings.CutPrefix(url, tutorialLinkScheme); ok && env.Navigate != nil {
			slug, _, _ = strings.Cut(slug, "#")
			env.Navigate(ScreenTutorials, slug)
			return
		}
		env.Clipboard.Copy(url)
	}
	r := &renderedTutorial{body: container.NewVBox(
		newMarkdownView([]widget.RichTextSegment{&widget.TextSegment{Style: tutorialTitleStyle, Text: title}}, rtl))}
	if summary != "" {
		r.body.Add(newMarkdownView([]widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: summary}}, rtl))
	}
	md = tutorial.ShowLevel(dropTitleHeading(md, title), level, levelSectionLabel(env))
	for _, part := range splitMarkdown(md) {
		if part.item == nil {
			v := newMarkdownView(markdownSegments(part.text, imageText, onLink), rtl)
			r.blocks = append(r.blocks, v)
			r.body.Add(v)
			continue
		}
		it := *part.item
		row := newCheckRow(it.Text, rtl)
		row.check.SetChecked(done(it))
		if onCheck != nil {
			id := it.ID
			row.check.OnChanged = func(d bool) { onCheck(id, d) }
		}
		r.checks = append(r.checks, row.check)
		r.rows = append(r.rows, row)
		r.itemIDs = append(r.itemIDs, it.ID)
		r.body.Add(row)
	}
	return r
}

// dropTitleHeading removes a first "# Title" line that repeats the title
// shown above the text (the built-in tutorials start with one). The line
// is blanked, not removed, so line numbers stay the same.
func dropTitleHeading(md, title string) string {
	first, rest, _ := strings.Cut(md, "\n")
	h := strings.TrimSpace(strings.TrimRight(first, "\r"))
	if strings.HasPrefix(h, "# ") && strings.TrimSpace(h[2:]) == strings.TrimSpace(title) {
		return "\n" + rest
	}
	return md
}

// levelLine describes the level and time of t ("Beginner · 15 min"), or
// returns "" when neither is known.
func levelLine(env *Env, t *tutorial.Tutorial) string {
	var parts []string
	if t.Level != "" && slices.Contains(tutorial.Levels, t.Level) {
		parts = append(parts, levelName(env, t.Level))
	}
	if t.Minutes > 0 {
		parts = append(parts, env.T("tutorials.minutes", "Minutes", t.Minutes))
	}
	return strings.Join(parts, " · ")
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
	r.progressLabel = widget.NewLabel("")
	slug := t.Slug
	all := tutorial.ChecklistItems(t.Body)
	r.done, r.total = make(map[string]bool, len(all)), len(all)
	for _, it := range all {
		r.done[it.ID] = itemDone(saved, it)
	}
	level := ""
	if tutorial.HasLevels(t.Body) {
		level = s.level
		var names []string
		for _, m := range sectionChoices {
			names = append(names, levelChoiceName(env, m))
		}
		r.levels = widget.NewRadioGroup(names, nil)
		r.levels.Horizontal = true
		r.levels.Required = true
		r.levels.SetSelected(levelChoiceName(env, level))
		r.levels.OnChanged = func(name string) {
			for _, m := range sectionChoices {
				if levelChoiceName(env, m) == name && m != s.level {
					s.level = m
					s.open(t)
					return
				}
			}
		}
	}
	rendered := renderTutorial(env, t.Language, t.Title, t.Summary, t.Body, level,
		func(it tutorial.Item) bool { return itemDone(saved, it) },
		func(id string, done bool) { s.setDone(r, slug, id, done) })
	r.blocks, r.checks, r.rows, r.itemIDs = rendered.blocks, rendered.checks, rendered.rows, rendered.itemIDs
	if t.Series != "" && t.Part > 0 {
		r.seriesLine = env.T("tutorials.reader.series", "Series", seriesTitle(env, t.Series), "Part", t.Part,
			"Count", max(s.seriesCount[t.Series], t.Part))
	}
	r.reviewed = reviewedLine(env, t)
	var about []string
	for _, part := range []string{levelLine(env, t), r.seriesLine, r.reviewed} {
		if part != "" {
			about = append(about, part)
		}
	}
	if line := strings.Join(about, " · "); line != "" {
		l := newMarkdownView([]widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Italic: true}}, Text: line}},
			i18n.IsRTL(t.Language))
		// Right under the title.
		rendered.body.Objects = slices.Insert(rendered.body.Objects, 1, fyne.CanvasObject(l))
	}
	if from := fromLine(env, t.Origin); from != nil {
		rendered.body.Objects = slices.Insert(rendered.body.Objects, 1, from)
	}

	r.exportButton = widget.NewButtonWithIcon(env.T("tutorials.export_button"), theme.DocumentSaveIcon(), func() { s.exportTutorial(t) })
	var source *widget.Label
	actions := container.NewHBox()
	if t.Source == tutorial.SourceBuiltin {
		source = widget.NewLabel(env.T("tutorials.source.builtin"))
		r.copyButton = widget.NewButtonWithIcon(env.T("tutorials.make_copy"), theme.ContentCopyIcon(), func() { s.duplicate(t) })
		actions.Add(r.copyButton)
	} else {
		source = widget.NewLabel(env.T("tutorials.source." + string(t.Source)))
		r.editButton = widget.NewButtonWithIcon(env.T("common.edit"), theme.DocumentCreateIcon(), func() { s.openEditor(t) })
		r.deleteButton = widget.NewButtonWithIcon(env.T("common.delete"), theme.DeleteIcon(), func() { s.confirmDelete(t) })
		actions.Add(r.editButton)
		actions.Add(r.deleteButton)
	}
	source.TextStyle = fyne.TextStyle{Italic: true}
	source.Truncation = fyne.TextTruncateEllipsis
	sourceIcon := theme.InfoIcon()
	if t.Source == tutorial.SourceBuiltin {
		sourceIcon = theme.VisibilityIcon()
	}
	actions.Add(r.exportButton)
	toolbar := container.NewBorder(nil, nil, container.NewHBox(r.back, widget.NewIcon(sourceIcon)), actions, source)
	top := container.NewVBox(toolbar)
	if r.levels != nil {
		top.Add(container.NewHBox(widget.NewLabel(env.T("tutorials.levels.label")), r.levels))
	}
	if r.total > 0 {
		top.Add(container.NewBorder(nil, nil, nil, r.progressLabel, r.progressBar))
	}
	r.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.New(readingLayout{}, rendered.body)))
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
	r.done[id] = done
	s.updateProgress(r)
}

// updateProgress counts every checklist item of the tutorial, including
// those of a level the switch hides.
func (s *tutorialsScreen) updateProgress(r *tutorialReader) {
	done := 0
	for _, d := range r.done {
		if d {
			done++
		}
	}
	r.progressBar.Max = float64(max(r.total, 1))
	r.progressBar.SetValue(float64(done))
	r.progressLabel.SetText(s.env.T("tutorials.progress", "Done", done, "Total", r.total))
}

func (s *tutorialsScreen) closeReader() {
	s.reader = nil
	s.root.Objects = []fyne.CanvasObject{s.listPage}
	s.root.Refresh()
	s.reload()
}

// showPage replaces the screen's content (list, reader or editor).
func (s *tutorialsScreen) showPage(o fyne.CanvasObject) {
	s.root.Objects = []fyne.CanvasObject{o}
	s.root.Refresh()
}

// showNotice shows an information dialog: an icon and text, with a Close
// button.
func (s *tutorialsScreen) showNotice(title string, icon fyne.Resource, text string) {
	s.noticeText = text
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, scrollingText(text, 320))
	d := dialog.NewCustom(title, s.env.T("common.close"), rtlContent(s.env.Tr, content), s.env.Window)
	d.SetOnClosed(func() { s.notice, s.noticeText = nil, "" })
	d.Resize(fyne.NewSize(520, 0))
	s.notice = d
	d.Show()
}

// scrollingText is a wrapping text in a scroll area at most maxHeight
// high, for dialogs that list problems.
func scrollingText(text string, maxHeight float32) fyne.CanvasObject {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += 1 + len(l)/70 // a rough guess of the wrapped lines
	}
	lineH := fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
	sc := container.NewVScroll(paragraph(text))
	sc.SetMinSize(fyne.NewSize(0, min(float32(lines)*lineH+2*theme.InnerPadding(), maxHeight)))
	return sc
}

// checkRow is a checklist item in the reader: a check box on the leading
// edge of the tutorial's direction (the right for Arabic and Persian) and
// the item's text beside it, wrapped and ordered like the rest of the
// text. Tapping the text ticks the box too.
type checkRow struct {
	widget.BaseWidget
	check *widget.Check
	label *markdownView
	text  string
	rtl   bool
}

var _ fyne.Tappable = (*checkRow)(nil)

func newCheckRow(text string, rtl bool) *checkRow {
	c := &checkRow{check: widget.NewCheck("", nil), text: text, rtl: rtl,
		label: newMarkdownView([]widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: text}}, rtl)}
	c.ExtendBaseWidget(c)
	return c
}

// parts lets the focus keeper find the check box (focus.go).
func (c *checkRow) parts() []fyne.CanvasObject { return []fyne.CanvasObject{c.check, c.label} }

// Tapped toggles the box, as a tap on a check box's own text does.
func (c *checkRow) Tapped(*fyne.PointEvent) {
	if !c.check.Disabled() {
		c.check.SetChecked(!c.check.Checked)
	}
}

func (c *checkRow) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	return &checkRowRenderer{c: c}
}

type checkRowRenderer struct{ c *checkRow }

func (r *checkRowRenderer) Destroy() {}

func (r *checkRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.check, r.c.label}
}

func (r *checkRowRenderer) Layout(s fyne.Size) {
	cm := r.c.check.MinSize()
	tw := max(s.Width-cm.Width, 0)
	r.c.check.Resize(cm)
	r.c.label.Resize(fyne.NewSize(tw, r.c.label.MinSize().Height))
	// The box sits level with the first line of text.
	y := max((r.c.label.firstLineHeight()+2*theme.InnerPadding()-cm.Height)/2, 0)
	if r.c.rtl {
		r.c.check.Move(fyne.NewPos(s.Width-cm.Width, y))
		r.c.label.Move(fyne.NewPos(0, 0))
	} else {
		r.c.check.Move(fyne.NewPos(0, y))
		r.c.label.Move(fyne.NewPos(cm.Width, 0))
	}
}

func (r *checkRowRenderer) MinSize() fyne.Size {
	cm, lm := r.c.check.MinSize(), r.c.label.MinSize()
	return fyne.NewSize(cm.Width+lm.Width, max(cm.Height, lm.Height))
}

func (r *checkRowRenderer) Refresh() {
	r.c.check.Refresh()
	r.c.label.Refresh()
}
