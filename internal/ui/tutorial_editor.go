package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Writing, copying, importing, exporting and deleting tutorials: the
// editor here, the checks in tutorial_check.go, copying, deleting, import
// and export in tutorial_files.go.
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
	sess := env.Session
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
	others, err := sess.Tutorials(ctx, "")
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
		slug, err := sess.CustomTutorialSlug(ctx, slug, parsed.Meta.Language, builtinDocs())
		if err != nil {
			env.ShowError(err)
			return
		}
		t = parsed.Tutorial(tutorial.SourceCustom)
		t.Slug = slug
		err = sess.AddTutorial(ctx, t)
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
			if other, err := sess.TutorialBySlug(ctx, n.Slug, n.Language); err == nil && other.ID != n.ID {
				ed.setProblems([]string{env.T("tutorials.editor.language_taken", "Language", n.Language)})
				return
			}
		}
		if err := sess.UpdateTutorial(ctx, &n); err != nil {
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
