package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/unicode/norm"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Writing, copying, importing, exporting and deleting tutorials.
//
// Tutorials written in the app are checked like files: the editor builds
// the tutorial file (front matter from the fields, the Markdown body as
// written), parses it with tutorial.Parse and applies the tutorial.Lint
// rules that make sense for one document. Imported files go through
// tutorial.Parse and tutorial.Sanitize, so nothing in them can reach the
// network. Nothing is ever fetched: the preview uses the reader's renderer,
// which shows images as a placeholder and never opens links.

// previewDelay is how long typing must pause before the preview is drawn
// again.
const previewDelay = 200 * time.Millisecond

// builtinDocs returns the tutorials shipped in the binary: their ids are
// reserved (see app.CustomTutorialSlug) and their front matter is used
// when one is exported.
func builtinDocs() []*tutorial.Document {
	docs, _ := app.BuiltinTutorials()
	return docs
}

// tutorialEditor edits a new or custom tutorial with a live preview.
type tutorialEditor struct {
	formTracker
	env    *Env
	screen *tutorialsScreen
	orig   *tutorial.Tutorial // nil for a new tutorial

	heading                  *widget.Label
	title, summary, language *textField
	level                    *widget.Select // options: levelChoices
	minutes                  *textField
	body                     *markdownEntry
	preview                  *fyne.Container // holds rendered.body
	rendered                 *renderedTutorial
	problemBox               *fyne.Container
	problemList              *fyne.Container
	problems                 []string
	saveButton, cancelButton *widget.Button
	editTab, previewTab      *widget.Button
	panes                    *editorPanes
	content                  fyne.CanvasObject
	// debounce delays the preview; tests set its delay to 0.
	debounce debouncer
}

// openEditor shows the editor for t, or for a new tutorial when t is nil.
func (s *tutorialsScreen) openEditor(t *tutorial.Tutorial) {
	if t != nil && t.Source == tutorial.SourceBuiltin {
		return // built-in tutorials are read-only: copy them first
	}
	ed := newTutorialEditor(s, t)
	s.editor, s.reader = ed, nil
	s.showPage(ed.content)
	if s.env.Window != nil {
		s.env.Window.Canvas().Focus(ed.title)
	}
}

func newTutorialEditor(s *tutorialsScreen, t *tutorial.Tutorial) *tutorialEditor {
	env := s.env
	ed := &tutorialEditor{env: env, screen: s, orig: t}
	ed.debounce.delay = previewDelay

	ed.heading = screenTitle(env.T("tutorials.editor.new_title"))
	ed.title = newTextField()
	ed.title.SetPlaceHolder(env.T("tutorials.editor.title_placeholder"))
	ed.summary = newTextField()
	ed.summary.SetPlaceHolder(env.T("tutorials.editor.summary_placeholder"))
	ed.language = newTextField()
	ed.language.SetPlaceHolder("en")
	ed.body = newMarkdownEntry()
	ed.body.SetPlaceHolder(env.T("tutorials.editor.body_placeholder"))
	var levelNames []string
	for _, l := range levelChoices {
		levelNames = append(levelNames, levelName(env, l))
	}
	ed.level = widget.NewSelect(levelNames, nil)
	ed.level.SetSelectedIndex(0)
	ed.minutes = newTextField()
	if t != nil {
		ed.heading.SetText(env.T("tutorials.editor.edit_title", "Title", t.Title))
		ed.title.SetText(t.Title)
		ed.summary.SetText(t.Summary)
		ed.language.SetText(t.Language)
		ed.body.SetText(t.Body)
		if i := slices.Index(levelChoices, t.Level); i >= 0 {
			ed.level.SetSelectedIndex(i)
		}
		if t.Minutes > 0 {
			ed.minutes.SetText(strconv.Itoa(t.Minutes))
		}
	} else {
		ed.language.SetText(env.Tr.Lang())
	}
	for _, e := range []*widget.Entry{&ed.title.Entry, &ed.summary.Entry, &ed.body.Entry} {
		e.OnChanged = func(string) { ed.schedulePreview() }
	}
	ed.track(ed.state(), env.FormChanged, ed.title, ed.summary, ed.language, ed.level, ed.minutes, ed.body)

	ed.saveButton = widget.NewButtonWithIcon(env.T("common.save"), theme.DocumentSaveIcon(), func() { ed.submit() })
	ed.saveButton.Importance = widget.HighImportance
	ed.cancelButton = widget.NewButtonWithIcon(env.T("common.cancel"), theme.CancelIcon(), ed.cancel)

	// One form so the labels line up; tab order: title, summary,
	// language, level, minutes.
	langLabel := widget.NewLabel(env.T("tutorials.editor.language"))
	langLabel.TextStyle = fyne.TextStyle{Bold: true}
	lang := container.NewHBox(langLabel, container.NewGridWrap(fyne.NewSize(110, ed.language.MinSize().Height), ed.language))
	minutesLabel := widget.NewLabel(env.T("tutorials.editor.minutes"))
	minutesLabel.TextStyle = fyne.TextStyle{Bold: true}
	levelRow := container.NewHBox(ed.level, minutesLabel,
		container.NewGridWrap(fyne.NewSize(80, ed.minutes.MinSize().Height), ed.minutes))
	form := formRows(
		widget.NewFormItem(env.T("tutorials.editor.title"), ed.title),
		widget.NewFormItem(env.T("tutorials.editor.summary"), container.NewBorder(nil, nil, nil, lang, ed.summary)),
		widget.NewFormItem(env.T("tutorials.editor.level"), levelRow))

	ed.preview = container.NewStack()
	editPane := container.NewBorder(caption(theme.DocumentCreateIcon(), env.T("tutorials.editor.body")), nil, nil, nil, ed.body)
	previewPane := container.NewBorder(caption(theme.VisibilityIcon(), env.T("tutorials.editor.preview")), nil, nil, nil,
		container.NewVScroll(container.NewPadded(ed.preview)))
	ed.editTab = widget.NewButtonWithIcon(env.T("tutorials.editor.tab_edit"), theme.DocumentCreateIcon(), func() { ed.showTab(false) })
	ed.previewTab = widget.NewButtonWithIcon(env.T("tutorials.editor.tab_preview"), theme.VisibilityIcon(), func() { ed.showTab(true) })
	tabs := container.NewHBox(ed.editTab, ed.previewTab)
	ed.panes = &editorPanes{tabs: tabs, edit: editPane, preview: previewPane}
	if env.Window != nil {
		win := env.Window
		ed.panes.windowWidth = func() float32 { return win.Canvas().Size().Width }
	}
	panes := container.New(ed.panes, tabs, editPane, previewPane)
	ed.panes.container = panes
	ed.showTab(false)

	ed.problemList = container.NewVBox()
	problemScroll := container.NewVScroll(ed.problemList)
	problemScroll.SetMinSize(fyne.NewSize(0, 96))
	problemHead := widget.NewLabel(env.T("tutorials.editor.problems"))
	problemHead.TextStyle = fyne.TextStyle{Bold: true}
	problemHead.Importance = widget.DangerImportance
	ed.problemBox = container.NewBorder(
		container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, problemHead), nil, nil, nil, problemScroll)
	ed.problemBox.Hide()

	// Objects in reading order, so Tab goes Cancel, Save, the fields,
	// the text, the tabs and the problems.
	header := container.New(layout.NewBorderLayout(nil, nil, ed.cancelButton, ed.saveButton),
		ed.cancelButton, ed.heading, ed.saveButton)
	top := container.NewVBox(header, form)
	ed.content = container.New(layout.NewBorderLayout(top, ed.problemBox, nil, nil), top, panes, ed.problemBox)
	ed.updatePreview()
	return ed
}

// levelChoices are the options of the editor's level choice, in order;
// "" is "not set".
var levelChoices = append([]tutorial.Level{""}, tutorial.Levels...)

// levelName is the translated name of a tutorial level ("" is "not set").
func levelName(env *Env, l tutorial.Level) string {
	if l == "" {
		return env.T("tutorials.level.none")
	}
	return env.T("tutorials.level." + string(l))
}

// selectedLevel returns the level chosen in the editor.
func (ed *tutorialEditor) selectedLevel() tutorial.Level {
	if i := ed.level.SelectedIndex(); i > 0 {
		return levelChoices[i]
	}
	return ""
}

// enteredMinutes returns the minutes field as a number, 0 when empty;
// ok is false when it is not a whole number from 1 to the maximum.
func (ed *tutorialEditor) enteredMinutes() (n int, ok bool) {
	text := strings.TrimSpace(ed.minutes.Text)
	if text == "" {
		return 0, true
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > tutorial.MaxMinutes {
		return 0, false
	}
	return n, true
}

// markdownEntry is the multi-line field for the tutorial text. Tab moves
// to the next field instead of typing a tab, so the editor stays usable
// with the keyboard alone.
type markdownEntry struct{ widget.Entry }

func (e *markdownEntry) baseEntry() *widget.Entry { return &e.Entry }

// TypedShortcut passes the window's shortcuts on (textfield.go).
func (e *markdownEntry) TypedShortcut(sc fyne.Shortcut) {
	if !passShortcut(e, sc) {
		e.Entry.TypedShortcut(sc)
	}
}

func newMarkdownEntry() *markdownEntry {
	e := &markdownEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab implements fyne.Tabbable.
func (e *markdownEntry) AcceptsTab() bool { return false }

// caption is a small icon and bold label above a pane.
func caption(icon fyne.Resource, text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewHBox(widget.NewIcon(icon), l)
}

// showTab picks the pane shown on narrow windows.
func (ed *tutorialEditor) showTab(preview bool) {
	ed.panes.showPreview = preview
	ed.editTab.Importance, ed.previewTab.Importance = widget.HighImportance, widget.MediumImportance
	if preview {
		ed.editTab.Importance, ed.previewTab.Importance = widget.MediumImportance, widget.HighImportance
		ed.debounce.Stop()
		ed.updatePreview()
	}
	ed.editTab.Refresh()
	ed.previewTab.Refresh()
	if ed.panes.container != nil {
		ed.panes.container.Refresh()
	}
}

// schedulePreview redraws the preview once typing pauses.
func (ed *tutorialEditor) schedulePreview() {
	ed.debounce.Trigger(func() {
		if ed.screen.editor == ed {
			ed.updatePreview()
		}
	})
}

// updatePreview draws the tutorial as the reader will show it. Ticking a
// box in the preview saves nothing.
func (ed *tutorialEditor) updatePreview() {
	title := strings.TrimSpace(ed.title.Text)
	if title == "" {
		title = ed.env.T("tutorials.editor.untitled")
	}
	ed.rendered = renderTutorial(ed.env, ed.language.Text, title, strings.TrimSpace(ed.summary.Text), ed.body.Text, "",
		func(it tutorial.Item) bool { return it.Checked }, nil)
	ed.preview.Objects = []fyne.CanvasObject{ed.rendered.body}
	ed.preview.Refresh()
}

// dirty implements [editForm]: the fields differ from what was loaded
// (or, for a new tutorial, from the empty form).
func (ed *tutorialEditor) dirty() bool { return ed.differs(ed.state()) }

// draftKey implements [editForm].
func (ed *tutorialEditor) draftKey() string {
	if ed.orig == nil {
		return draftKey(draftTutorial, "")
	}
	return draftKey(draftTutorial, ed.orig.ID)
}

// state implements [editForm]. Whitespace around the minutes does not
// count as an edit.
func (ed *tutorialEditor) state() formState {
	return formState{
		"title": ed.title.Text, "summary": ed.summary.Text, "language": ed.language.Text,
		"level": string(ed.selectedLevel()), "minutes": strings.TrimSpace(ed.minutes.Text), "body": ed.body.Text,
	}
}

// restore implements [editForm].
func (ed *tutorialEditor) restore(st formState) {
	ed.title.SetText(st["title"])
	ed.summary.SetText(st["summary"])
	ed.language.SetText(st["language"])
	if i := slices.Index(levelChoices, tutorial.Level(st["level"])); i >= 0 {
		ed.level.SetSelectedIndex(i)
	}
	ed.minutes.SetText(st["minutes"])
	ed.body.SetText(st["body"])
	ed.updatePreview()
	ed.changed()
}

// submit implements [editForm].
func (ed *tutorialEditor) submit() bool {
	ed.save()
	if ed.screen.editor == ed {
		return false
	}
	formClosed(ed.env)
	return true
}

// cancel leaves the editor, asking first when there are unsaved changes.
func (ed *tutorialEditor) cancel() {
	if !ed.dirty() {
		ed.close()
		return
	}
	s := ed.screen
	s.askConfirm(ed.env.T("tutorials.editor.discard_title"), ed.env.T("tutorials.editor.discard_body"),
		ed.env.T("tutorials.editor.discard"), ed.env.T("tutorials.editor.keep_editing"), true, func() { ed.close() })
}

// close leaves the editor without saving.
func (ed *tutorialEditor) close() {
	ed.debounce.Stop()
	s := ed.screen
	if s.editor != ed {
		return
	}
	dropDraft(ed.env, ed.draftKey())
	s.editor = nil
	s.reload()
	if ed.orig != nil {
		if t := s.bySlug(ed.orig.Slug); t != nil {
			s.open(t)
			return
		}
	}
	s.closeReader()
}

// setProblems lists what must be fixed before saving; nil hides the list.
func (ed *tutorialEditor) setProblems(ps []string) {
	ed.problems = ps
	ed.problemList.Objects = nil
	for _, p := range ps {
		l := widget.NewLabel(p)
		l.Wrapping = fyne.TextWrapWord
		ed.problemList.Add(l)
	}
	ed.problemList.Refresh()
	if len(ps) == 0 {
		ed.problemBox.Hide()
	} else {
		ed.problemBox.Show()
	}
}

// document builds the tutorial file the fields describe, with checklist
// IDs filled in. slug and version are what the saved tutorial will carry.
// Tags and objectives, which the editor does not show, are kept from the
// tutorial being edited; an invalid minutes field counts as empty.
func (ed *tutorialEditor) document(slug string, version int) *tutorial.Document {
	lang := strings.TrimSpace(ed.language.Text)
	if lang == "" {
		lang = ed.env.Tr.Lang()
	}
	minutes, _ := ed.enteredMinutes()
	d := &tutorial.Document{
		Name: "tutorial.md",
		Meta: tutorial.Meta{
			ID:       slug,
			Version:  version,
			Language: lang,
			Title:    strings.TrimSpace(ed.title.Text),
			Summary:  strings.TrimSpace(ed.summary.Text),
			Level:    ed.selectedLevel(),
			Minutes:  minutes,
		},
		Body: fillItemIDs(ed.body.Text),
	}
	if ed.orig != nil {
		m := ed.orig.Meta()
		d.Meta.Tags, d.Meta.Objectives = m.Tags, m.Objectives
		d.Meta.Series, d.Meta.Part, d.Meta.Reviewed = m.Series, m.Part, m.Reviewed
	}
	return d
}

// save checks the tutorial and, if it has no problems, stores it.
func (ed *tutorialEditor) save() {
	ed.debounce.Stop()
	env := ed.env
	ctx := context.Background()
	st := env.Session.Store()
	slug, version := "", 1
	if ed.orig != nil {
		slug, version = ed.orig.Slug, ed.orig.ContentVersion
	} else {
		slug = idSlug(ed.title.Text, tutorial.MaxSlug)
		if slug == "" {
			slug = "tutorial"
		}
	}
	if _, ok := ed.enteredMinutes(); !ok {
		ed.updatePreview()
		ed.setProblems([]string{env.T("tutorials.editor.minutes_invalid", "Max", tutorial.MaxMinutes)})
		return
	}
	d := ed.document(slug, version)
	if ed.orig != nil && (d.Body != ed.orig.Body || d.Meta.Title != ed.orig.Title || d.Meta.Summary != ed.orig.Summary ||
		d.Meta.Language != ed.orig.Language || d.Meta.Level != ed.orig.Level || d.Meta.Minutes != ed.orig.Minutes) {
		d.Meta.Version = min(version+1, tutorial.MaxVersion)
	}
	others, err := st.Tutorials().List(ctx, "")
	if err != nil {
		env.ShowError(err)
		return
	}
	parsed, problems := checkTutorial(env, d, others, ed.orig)
	if len(problems) > 0 {
		ed.updatePreview() // typing may have stopped a pending redraw
		ed.setProblems(problems)
		return
	}
	var t *tutorial.Tutorial
	if ed.orig == nil {
		slug, err := app.CustomTutorialSlug(ctx, st, slug, parsed.Meta.Language, builtinDocs())
		if err != nil {
			env.ShowError(err)
			return
		}
		t = parsed.Tutorial(tutorial.SourceCustom)
		t.Slug = slug
		err = st.Tutorials().Add(ctx, t)
		if err != nil {
			env.ShowError(err)
			return
		}
	} else {
		n := *ed.orig
		n.Title, n.Summary, n.Language, n.Body, n.ContentVersion =
			parsed.Meta.Title, parsed.Meta.Summary, parsed.Meta.Language, parsed.Body, parsed.Meta.Version
		n.Level, n.Minutes = parsed.Meta.Level, parsed.Meta.Minutes
		if n.Language != ed.orig.Language {
			if other, err := st.Tutorials().GetBySlug(ctx, n.Slug, n.Language); err == nil && other.ID != n.ID {
				ed.setProblems([]string{env.T("tutorials.editor.language_taken", "Language", n.Language)})
				return
			}
		}
		if err := st.Tutorials().Update(ctx, &n); err != nil {
			env.ShowError(err)
			return
		}
		t = &n
	}
	env.Changed()
	ed.body.SetText(parsed.Body)
	ed.setProblems(nil)
	ed.initial = ed.state()
	dropDraft(env, ed.draftKey())
	s := ed.screen
	s.editor = nil
	s.reload()
	if shown := s.bySlug(t.Slug); shown != nil && shown.Language == t.Language {
		s.open(shown)
	} else {
		s.open(t)
	}
}

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

// askConfirm shows a confirmation; onConfirm runs only if the user
// confirms. danger marks the confirm button as destructive.
func (s *tutorialsScreen) askConfirm(title, text, confirm, dismiss string, danger bool, onConfirm func()) {
	s.confirmText = text
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, scrollingText(text, 320))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(title, confirm, dismiss, rtlContent(s.env.Tr, content), func(ok bool) {
		if s.confirm == d {
			s.confirm, s.confirmText = nil, ""
		}
		if ok {
			onConfirm()
		}
	}, s.env.Window)
	if danger {
		d.SetConfirmImportance(widget.DangerImportance)
	} else {
		d.SetConfirmImportance(widget.WarningImportance)
	}
	d.Resize(fyne.NewSize(520, 0))
	s.confirm = d
	d.Show()
}

// duplicate makes an editable copy of a built-in tutorial and opens it in
// the editor.
func (s *tutorialsScreen) duplicate(t *tutorial.Tutorial) {
	env := s.env
	ctx := context.Background()
	st := env.Session.Store()
	want := t.Slug
	if len(want) > tutorial.MaxSlug-len("-copy") {
		want = strings.TrimRight(want[:tutorial.MaxSlug-len("-copy")], "-")
	}
	slug, err := app.CustomTutorialSlug(ctx, st, want+"-copy", t.Language, builtinDocs())
	if err != nil {
		env.ShowError(err)
		return
	}
	title := env.T("tutorials.copy_title", "Title", t.Title)
	if utf8.RuneCountInString(title) > tutorial.MaxTitle {
		title = string([]rune(title)[:tutorial.MaxTitle])
	}
	c := &tutorial.Tutorial{Slug: slug, Language: t.Language, Title: title, Summary: t.Summary, Body: t.Body,
		ContentVersion: 1, Source: tutorial.SourceCustom}
	if err := st.Tutorials().Add(ctx, c); err != nil {
		env.ShowError(err)
		return
	}
	env.Changed()
	s.reload()
	s.openEditor(c)
}

// confirmDelete asks before deleting a custom or imported tutorial.
func (s *tutorialsScreen) confirmDelete(t *tutorial.Tutorial) {
	if t.Source == tutorial.SourceBuiltin {
		return
	}
	env := s.env
	id := t.ID
	lines := []string{env.T("tutorials.delete.confirm", "Title", t.Title)}
	s.confirmText = lines[0]
	var d *deleteDialog
	d = showDeleteDialog(env, env.T("tutorials.delete.title"), lines, func() {
		if err := env.Session.Store().Tutorials().Delete(context.Background(), id); err != nil {
			env.ShowError(err)
			return
		}
		env.Changed()
		s.closeReader()
	}, func() {
		if s.confirm == d {
			s.confirm, s.confirmText = nil, ""
		}
	})
	s.confirm = d
}

// importFile asks for a Markdown file to import.
func (s *tutorialsScreen) importFile() {
	s.openFile(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.env.ShowError(err)
			return
		}
		if r != nil {
			s.importFrom(r)
		}
	})
}

func (s *tutorialsScreen) showOpenDialog(cb func(fyne.URIReadCloser, error)) {
	d := dialog.NewFileOpen(cb, s.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".md"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func (s *tutorialsScreen) showSaveDialog(name string, cb func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(cb, s.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".md"}))
	d.SetFileName(s.env.exportName(name))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// importFrom reads a tutorial file (at most tutorial.MaxFileSize bytes)
// and, when it parses, shows what sanitizing removed before saving it.
// Nothing is written when the file is refused. Only local files are read.
func (s *tutorialsScreen) importFrom(r fyne.URIReadCloser) {
	defer r.Close()
	env := s.env
	title := env.T("tutorials.import.failed_title")
	name := r.URI().Name()
	if r.URI().Scheme() != "file" {
		s.showNotice(title, theme.ErrorIcon(), env.T("tutorials.import.not_local"))
		return
	}
	data, err := io.ReadAll(io.LimitReader(r, tutorial.MaxFileSize+1))
	if err != nil {
		s.showNotice(title, theme.ErrorIcon(), env.T("tutorials.import.unreadable", "Name", name, "Reason", err.Error()))
		return
	}
	if len(data) > tutorial.MaxFileSize {
		s.showNotice(title, theme.ErrorIcon(), env.T("tutorials.import.too_large", "Name", name, "Limit", tutorial.MaxFileSize>>10))
		return
	}
	d, err := tutorial.Parse(name, data)
	if err != nil {
		s.showNotice(title, theme.ErrorIcon(), env.T("tutorials.import.invalid", "Name", name)+"\n\n"+parseProblems(env, err))
		return
	}
	clean, notices := tutorial.Sanitize(d)
	if len(notices) == 0 {
		s.saveImport(clean)
		return
	}
	lines := make([]string, len(notices))
	for i, n := range notices {
		lines[i] = "• " + env.T("tutorials.editor.problem_line", "Line", n.Line, "Message", n.Msg)
	}
	s.askConfirm(env.T("tutorials.import.removed_title"),
		env.T("tutorials.import.removed", "Name", name)+"\n\n"+strings.Join(lines, "\n"),
		env.T("tutorials.import.confirm"), env.T("common.cancel"), false, func() { s.saveImport(clean) })
}

// parseProblems lists the problems of a tutorial.Parse error, one a line.
func parseProblems(env *Env, err error) string {
	var pes tutorial.ParseErrors
	if !errors.As(err, &pes) {
		return err.Error()
	}
	lines := make([]string, len(pes))
	for i, pe := range pes {
		if pe.Line > 0 {
			lines[i] = "• " + env.T("tutorials.editor.problem_line", "Line", pe.Line, "Message", pe.Msg)
		} else {
			lines[i] = "• " + env.T("tutorials.editor.problem", "Message", pe.Msg)
		}
	}
	return strings.Join(lines, "\n")
}

// saveImport stores a sanitized document as an imported tutorial. It is
// parsed once more from its file form first (sanitizing can lengthen
// lines past the limits).
func (s *tutorialsScreen) saveImport(clean *tutorial.Document) {
	env := s.env
	ctx := context.Background()
	st := env.Session.Store()
	d, err := tutorial.Parse(clean.Name, clean.Marshal())
	if err != nil {
		s.showNotice(env.T("tutorials.import.failed_title"), theme.ErrorIcon(),
			env.T("tutorials.import.invalid", "Name", clean.Name)+"\n\n"+parseProblems(env, err))
		return
	}
	slug, err := app.CustomTutorialSlug(ctx, st, d.Meta.ID, d.Meta.Language, builtinDocs())
	if err != nil {
		env.ShowError(err)
		return
	}
	t := d.Tutorial(tutorial.SourceImported)
	t.Slug = slug
	if err := st.Tutorials().Add(ctx, t); err != nil {
		env.ShowError(err)
		return
	}
	env.Changed()
	s.editor = nil
	s.reload()
	s.open(t)
}

// exportDocument returns the file form of t, with its level, minutes,
// tags and objectives. A built-in tutorial gets its shipped file when
// the versions and texts match.
func exportDocument(t *tutorial.Tutorial) *tutorial.Document {
	if t.Source == tutorial.SourceBuiltin {
		for _, d := range builtinDocs() {
			if d.Meta.ID == t.Slug && d.Meta.Language == t.Language && d.Meta.Version == t.ContentVersion && d.Body == t.Body {
				return d
			}
		}
	}
	return &tutorial.Document{
		Name: t.Slug + ".md",
		Meta: t.Meta(),
		Body: t.Body,
	}
}

// exportTutorial warns that exported files are not encrypted and, once
// the user confirms, asks where to save the file.
func (s *tutorialsScreen) exportTutorial(t *tutorial.Tutorial) {
	env := s.env
	doc := exportDocument(t)
	s.askConfirm(env.T("tutorials.export.warning_title"),
		env.T("tutorials.export.warning", "Title", t.Title),
		env.T("tutorials.export.confirm"), env.T("common.cancel"), false, func() {
			s.saveFile(doc.Meta.ID+".md", func(w fyne.URIWriteCloser, err error) {
				if err != nil {
					env.ShowError(err)
					return
				}
				if w != nil {
					s.exportTo(w, doc)
				}
			})
		})
}

// exportTo writes the tutorial file, readable by its owner only: the
// world-readable file the save dialog made is replaced by a new one
// (app.CreatePrivateFile) before anything is written.
func (s *tutorialsScreen) exportTo(wc fyne.URIWriteCloser, doc *tutorial.Document) {
	env := s.env
	uri := wc.URI()
	var w io.WriteCloser = wc
	err := func() error {
		if uri.Scheme() == "file" {
			wc.Close()
			pf, err := app.CreatePrivateFile(uri.Path())
			if err != nil {
				return err
			}
			w = pf
		}
		if _, err := w.Write(doc.Marshal()); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	}()
	if err != nil {
		s.showNotice(env.T("tutorials.export.failed_title"), theme.ErrorIcon(),
			env.T("tutorials.export.failed", "Reason", err.Error()))
		return
	}
	s.showNotice(env.T("tutorials.export.done_title"), theme.ConfirmIcon(),
		env.T("tutorials.export.done", "Path", displayPath(uri)))
}

// displayPath is where a file was saved, for messages.
func displayPath(u fyne.URI) string {
	if u.Scheme() == "file" {
		return u.Path()
	}
	return u.String()
}

// editorPanes puts the Markdown and the preview side by side, or, when the
// window is narrower than narrowWidth, shows one of them under a pair of
// Edit/Preview tab buttons.
type editorPanes struct {
	tabs, edit, preview fyne.CanvasObject
	showPreview         bool
	narrow              bool
	// windowWidth returns the window's width (nil: use the pane width).
	windowWidth func() float32
	container   *fyne.Container
}

func (p *editorPanes) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if p.windowWidth != nil {
		if ww := p.windowWidth(); ww > 0 {
			w = ww
		}
	}
	p.narrow = w < narrowWidth
	gap := theme.Padding()
	if !p.narrow {
		p.tabs.Hide()
		p.edit.Show()
		p.preview.Show()
		half := (size.Width - gap) / 2
		p.edit.Move(fyne.NewPos(0, 0))
		p.edit.Resize(fyne.NewSize(half, size.Height))
		p.preview.Move(fyne.NewPos(half+gap, 0))
		p.preview.Resize(fyne.NewSize(size.Width-half-gap, size.Height))
		return
	}
	p.tabs.Show()
	th := p.tabs.MinSize().Height
	p.tabs.Move(fyne.NewPos(0, 0))
	p.tabs.Resize(fyne.NewSize(size.Width, th))
	shown, hidden := p.edit, p.preview
	if p.showPreview {
		shown, hidden = p.preview, p.edit
	}
	hidden.Hide()
	shown.Show()
	shown.Move(fyne.NewPos(0, th+gap))
	shown.Resize(fyne.NewSize(size.Width, max(size.Height-th-gap, 0)))
}

func (p *editorPanes) MinSize([]fyne.CanvasObject) fyne.Size {
	e, v, t := p.edit.MinSize(), p.preview.MinSize(), p.tabs.MinSize()
	return fyne.NewSize(max(e.Width, v.Width, t.Width), t.Height+theme.Padding()+max(e.Height, v.Height, 160))
}
