package ui

import (
	"context"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

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
	d.Resize(fyne.NewSize(dialogForm, 0))
	s.confirm = d
	d.Show()
}

// duplicate makes an editable copy of a built-in tutorial and opens it in
// the editor.
func (s *tutorialsScreen) duplicate(t *tutorial.Tutorial) {
	env := s.env
	ctx := context.Background()
	sess := env.Session
	want := t.Slug
	if len(want) > tutorial.MaxSlug-len("-copy") {
		want = strings.TrimRight(want[:tutorial.MaxSlug-len("-copy")], "-")
	}
	slug, err := sess.CustomTutorialSlug(ctx, want+"-copy", t.Language, builtinDocs())
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
	if err := sess.AddTutorial(ctx, c); err != nil {
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
		if err := env.Session.DeleteTutorial(context.Background(), id); err != nil {
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
	d.Resize(dialogSize(s.env, dialogLarge))
	d.Show()
}

func (s *tutorialsScreen) showSaveDialog(name string, cb func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(cb, s.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".md"}))
	d.SetFileName(s.env.exportName(name))
	d.Resize(dialogSize(s.env, dialogLarge))
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
	d, err := tutorial.Read(name, r)
	if m := app.Explain(err); err != nil && m.Topic == app.TopicTutorialFile {
		s.showNotice(title, theme.ErrorIcon(), fileMessage(env, m, name))
		return
	}
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
	sess := env.Session
	d, err := tutorial.Parse(clean.Name, clean.Marshal())
	if err != nil {
		s.showNotice(env.T("tutorials.import.failed_title"), theme.ErrorIcon(),
			env.T("tutorials.import.invalid", "Name", clean.Name)+"\n\n"+parseProblems(env, err))
		return
	}
	slug, err := sess.CustomTutorialSlug(ctx, d.Meta.ID, d.Meta.Language, builtinDocs())
	if err != nil {
		env.ShowError(err)
		return
	}
	t := d.Tutorial(tutorial.SourceImported)
	t.Slug = slug
	if err := sess.AddTutorial(ctx, t); err != nil {
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
