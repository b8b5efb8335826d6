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
	saved, err := env.Session.TutorialProgress(context.Background(), t.Slug)
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
	if err := s.env.Session.SetTutorialItemDone(context.Background(), slug, id, done); err != nil {
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
	d.Resize(fyne.NewSize(dialogForm, 0))
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
