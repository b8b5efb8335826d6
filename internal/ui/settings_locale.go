package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// Translators' own files.
//
// Translation files in the user locale folder (i18n.UserDir) are loaded
// over the built-in ones at start and whenever the language changes; a
// message they have replaces the built-in one, a message they lack stays
// built-in (or English). Settings shows the folder and offers "Load
// translation file…", which checks the chosen file, copies it into the
// folder and switches to its language at once. A file that cannot be
// loaded is never copied, and a broken file already in the folder is
// skipped with its reason shown here: it can never break the interface.

// maxReportLines is how many problems of a rejected file are shown.
const maxReportLines = 8

// loadUserLocales reads the translation files of the user locale folder.
// The error lists the files that could not be read at all.
func loadUserLocales(dir string) ([]i18n.Source, error) {
	if dir == "" {
		return nil, nil
	}
	srcs, err := i18n.UserFiles(dir)
	if err != nil {
		return nil, fmt.Errorf("failed to list the translation folder: %w", err)
	}
	return srcs, nil
}

// languageChoices lists the languages the interface can be shown in, by
// their own names, with their tags and the index of the one in use, for
// the choosers in Settings and on the welcome screen. The pseudo-locale
// (a tool for checking layouts) is listed only when dev is set (the
// SAFEHOUSE_DEV=1 developer flag) or when it is already in use, so the
// chooser never shows an empty choice.
func languageChoices(tr *i18n.Translator, dev bool) (names, tags []string, cur int) {
	for _, l := range tr.Available() {
		if l.Tag == i18n.PseudoLocale && !dev && tr.Lang() != i18n.PseudoLocale {
			continue
		}
		if l.Tag == tr.Lang() {
			cur = len(tags)
		}
		names = append(names, l.Name)
		tags = append(tags, l.Tag)
	}
	return names, tags, cur
}

// localeFileStatus is one line of the Translations section.
func (st *settingsScreen) localeFileStatus(src i18n.Source) string {
	tr := st.env.Tr
	name := filepath.Base(src.Name)
	_, data, err := i18n.CheckPath(src.Name)
	if err != nil {
		return tr.T("settings.locale.file_unreadable", "File", name)
	}
	r := i18n.Check(data, name)
	if !r.Loadable() {
		return tr.T("settings.locale.file_rejected", "File", name, "Reason", firstProblem(r))
	}
	total := r.Messages - len(r.Unknown) + len(r.Missing)
	return tr.N("settings.locale.file_ok", total-len(r.Missing), "File", name, "Total", total)
}

// buildLocales makes the Translations section: the user locale folder,
// the files in it and the "Load translation file…" button.
func (st *settingsScreen) buildLocales() fyne.CanvasObject {
	tr := st.env.Tr
	dir := st.s.localeDir
	folder := widget.NewLabel(dir)
	folder.Selectable = true
	folder.Wrapping = fyne.TextWrapBreak
	if dir == "" {
		folder.SetText(tr.T("settings.locale.no_folder"))
	}
	copyDir := widget.NewButtonWithIcon(tr.T("common.copy"), theme.ContentCopyIcon(), func() { st.s.clip.Copy(dir) })
	if dir == "" {
		copyDir.Disable()
	}
	files := container.NewVBox()
	srcs, _ := loadUserLocales(dir)
	for _, src := range srcs {
		files.Add(wrapLabel(st.localeFileStatus(src)))
	}
	if len(srcs) == 0 {
		files.Add(wrapLabel(tr.T("settings.locale.none")))
	}
	st.loadLocale = widget.NewButtonWithIcon(tr.T("settings.locale.load"), theme.FileIcon(), st.chooseLocaleFile)
	if dir == "" {
		st.loadLocale.Disable()
	}
	return sectionCard(tr.T("settings.locale.heading"), container.NewVBox(
		paragraph(tr.T("settings.locale.explain")),
		container.NewBorder(nil, nil, widget.NewLabel(tr.T("settings.locale.folder")), copyDir, folder),
		files,
		container.NewHBox(st.loadLocale),
	))
}

// chooseLocaleFile asks for a translation file and loads it.
func (st *settingsScreen) chooseLocaleFile() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			st.env.ShowError(err)
			return
		}
		if rc == nil {
			return
		}
		defer rc.Close()
		_, data, err := i18n.CheckReader(rc, rc.URI().Name())
		if err != nil {
			st.env.ShowError(fmt.Errorf("failed to read the translation file: %w", err))
			return
		}
		st.installLocale(rc.URI().Name(), data)
	}, st.s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"}))
	d.Show()
}

// installLocale checks a translation file named name, copies it into the
// user locale folder and switches to its language. A file that cannot be
// loaded is reported and nothing changes.
func (st *settingsScreen) installLocale(name string, data []byte) {
	tr := st.env.Tr
	name = filepath.Base(name)
	r := i18n.Check(data, name)
	if r.Lang == "" {
		st.showLocaleReport(tr.T("settings.locale.bad_name", "File", name), nil)
		return
	}
	if !r.Loadable() {
		st.showLocaleReport(tr.T("settings.locale.rejected", "File", name), reportLines(r))
		return
	}
	dir := st.s.localeDir
	if err := writeLocaleFile(dir, name, data); err != nil {
		st.env.ShowError(err)
		return
	}
	total := r.Messages - len(r.Unknown) + len(r.Missing)
	done := tr.N("settings.locale.loaded", total-len(r.Missing), "File", name, "Total", total)
	s := st.s
	s.reloadLocales()
	s.setLanguage(r.Lang)
	// The settings screen was rebuilt in the new language: confirm there.
	if s.main != nil {
		if nst, ok := s.main.screens[ScreenSettings].(*settingsScreen); ok {
			nst.localeNotice = dialog.NewCustom(s.tr.T("settings.locale.heading"), s.tr.T("common.close"),
				rtlContent(s.tr, paragraph(done)), s.win)
			nst.localeNotice.Show()
		}
	}
}

// showLocaleReport explains why a file was not loaded.
func (st *settingsScreen) showLocaleReport(headline string, lines []string) {
	tr := st.env.Tr
	box := container.NewVBox(paragraph(headline))
	for _, l := range lines {
		lbl := wrapLabel(l)
		lbl.TextStyle = fyne.TextStyle{Monospace: true}
		box.Add(lbl)
	}
	box.Add(paragraph(tr.T("settings.locale.nothing_changed")))
	st.localeNotice = dialog.NewCustom(tr.T("settings.locale.heading"), tr.T("common.close"), rtlContent(tr, box), st.s.win)
	st.localeNotice.Resize(fyne.NewSize(dialogForm, 0))
	st.localeNotice.Show()
}

// reportLines are the first problems of a check report that keep a file
// from loading, one per line, fatal ones first; untranslated messages are
// not problems here (they fall back to English).
func reportLines(r i18n.Report) []string {
	var out []string
	if r.Err != nil {
		out = append(out, r.Err.Error())
	}
	for _, fatal := range []bool{true, false} {
		for _, p := range r.Problems {
			if p.Kind.Fatal() != fatal {
				continue
			}
			if p.Line > 0 {
				out = append(out, fmt.Sprintf("%s:%d: %s: %s", r.Name, p.Line, p.ID, p.Detail))
			} else {
				out = append(out, fmt.Sprintf("%s: %s: %s", r.Name, p.ID, p.Detail))
			}
		}
	}
	if len(out) > maxReportLines {
		out = append(out[:maxReportLines], "…")
	}
	return out
}

// firstProblem is the first line of a report, without the file name.
func firstProblem(r i18n.Report) string {
	lines := reportLines(r)
	if len(lines) == 0 {
		return ""
	}
	_, rest, ok := strings.Cut(lines[0], ": ")
	if !ok {
		return lines[0]
	}
	return rest
}

// writeLocaleFile stores a checked translation file in the user locale
// folder, replacing a file of the same name (a newer version of the
// translator's work) through a temporary file and a rename.
func writeLocaleFile(dir, name string, data []byte) error {
	if dir == "" {
		return errors.New("no folder for translation files")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("failed to create the translation folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".load-*.tmp")
	if err != nil {
		return fmt.Errorf("failed to save the translation file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("failed to save the translation file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("failed to save the translation file: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("failed to save the translation file: %w", err)
	}
	return nil
}
