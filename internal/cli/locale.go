package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/locales"
)

// cmdLocale runs the translator tools: locale new, check and list.
// They never open the vault.
func (r *runner) cmdLocale(args []string) error {
	return r.subcommand("locale", args, map[string]func([]string) error{
		"new":   r.localeNew,
		"check": r.localeCheck,
		"list":  r.localeList,
	})
}

// localeNew writes a ready-to-translate file for one language.
func (r *runner) localeNew(args []string) error {
	fs := newFlagSet("locale new")
	outPath := fs.String("o", "", "")
	var from stringList
	fs.Var(&from, "from", "")
	pos, done, err := r.parseCmd("locale", fs, args)
	if done {
		return err
	}
	if len(pos) == 0 {
		return usageErr("cli.usage.locale_lang_required", nil)
	}
	if err := noArgs("locale new", pos[1:]); err != nil {
		return err
	}
	lang, err := i18n.ParseLang(pos[0])
	if err != nil {
		return usageErr("cli.locale.bad_language", args1("Lang", pos[0]))
	}
	path := *outPath
	if path == "" {
		path = lang + ".toml"
	}
	// The app reads a file's language from its name.
	if rep := i18n.Check(nil, path); rep.Lang != lang {
		return usageErr("cli.locale.name_mismatch", map[string]any{"Lang": lang, "Path": path})
	}
	var prev []i18n.Source
	for _, f := range from {
		prev = append(prev, i18n.Source{Name: f})
	}
	data, err := i18n.NewFile(lang, prev...)
	if err != nil {
		var fe *i18n.FileError
		if errors.As(err, &fe) {
			return userErr("cli.locale.from_failed", map[string]any{"Path": fe.Name, "Reason": r.fileErrorText(fe)})
		}
		return err
	}
	err = writeNewFile(path, data, 0o644)
	if errors.Is(err, iofs.ErrExist) {
		return userErr("cli.locale.exists", args1("Path", path))
	}
	if err != nil {
		return err
	}
	rep := i18n.Check(data, path)
	fmt.Fprintln(r.env.Stdout, r.tr.N("cli.locale.wrote", rep.Source, map[string]any{"Path": path, "Missing": len(rep.Missing)}))
	if dir, err := r.userLocaleDir(); err == nil {
		fmt.Fprintln(r.env.Stdout, r.tr.T("cli.locale.next_steps", map[string]any{"Path": path, "Dir": dir}))
	} else {
		fmt.Fprintln(r.env.Stdout, r.tr.T("cli.locale.next_steps_no_dir", args1("Path", path)))
	}
	return nil
}

// localeCheck checks translation files and prints what to fix.
func (r *runner) localeCheck(args []string) error {
	fs := newFlagSet("locale check")
	strict := fs.Bool("strict", false, "")
	listMissing := fs.Bool("missing", false, "")
	pos, done, err := r.parseCmd("locale", fs, args)
	if done {
		return err
	}
	if len(pos) == 0 {
		return usageErr("cli.usage.locale_file_required", nil)
	}
	paths, err := r.localeFiles(pos)
	if err != nil {
		return err
	}
	broken, unfinished := 0, 0
	for _, path := range paths {
		rep, ok := r.checkFile(path, *listMissing)
		switch {
		case !ok || !rep.Loadable():
			broken++
		case !rep.OK():
			unfinished++
		}
	}
	switch {
	case broken > 0:
		return userErrN("cli.locale.check_failed", broken, nil)
	case *strict && unfinished > 0:
		return userErrN("cli.locale.check_strict_failed", unfinished, nil)
	}
	return nil
}

// localeFiles expands the arguments of `locale check`: a folder stands
// for the translation files (*.toml) in it. A path that does not exist,
// or a folder without translation files, is a clear error.
func (r *runner) localeFiles(args []string) ([]string, error) {
	var out []string
	for _, p := range args {
		st, err := os.Stat(p)
		switch {
		case errors.Is(err, iofs.ErrNotExist):
			return nil, userErr("cli.locale.check.not_found", args1("Path", oneLine(p)))
		case err != nil || !st.IsDir():
			out = append(out, p)
			continue
		}
		files, _ := filepath.Glob(filepath.Join(p, "*.toml"))
		if len(files) == 0 {
			return nil, userErr("cli.locale.check.no_files", args1("Dir", oneLine(p)))
		}
		out = append(out, files...)
	}
	return out, nil
}

// checkFile prints the findings for one file: problems first, then (with
// listMissing) every message not translated yet, those that matter for
// safety first, then a summary that counts them. ok is false when the
// file cannot be read.
func (r *runner) checkFile(path string, listMissing bool) (rep i18n.Report, ok bool) {
	w := r.env.Stdout
	name := oneLine(path)
	rep, _, err := i18n.CheckPath(path)
	if err != nil {
		fmt.Fprintf(w, "%s: %s\n", name, r.tr.T("cli.locale.file.unreadable", args1("Detail", oneLine(err.Error()))))
		return rep, false
	}
	if rep.Err != nil {
		var fe *i18n.FileError
		text := oneLine(rep.Err.Error())
		if errors.As(rep.Err, &fe) {
			text = r.fileErrorText(fe)
			if fe.Line > 0 {
				name = fmt.Sprintf("%s:%d", name, fe.Line)
			}
		}
		fmt.Fprintf(w, "%s: %s\n", name, text)
		fmt.Fprintf(w, "%s: %s\n", oneLine(path), r.tr.T("cli.locale.check.not_loadable", nil))
		return rep, true
	}
	for _, p := range rep.Problems {
		where := name
		if p.Line > 0 {
			where = fmt.Sprintf("%s:%d", name, p.Line)
		}
		fmt.Fprintf(w, "%s: %s: %s\n", where, p.ID, r.problemText(p))
	}
	for _, id := range rep.Unknown {
		fmt.Fprintf(w, "%s: %s: %s\n", name, oneLine(id), r.tr.T("cli.locale.check.unknown_id", nil))
	}
	var critical, other []string
	for _, id := range rep.Missing {
		if i18n.SafetyCritical(id) {
			critical = append(critical, id)
		} else {
			other = append(other, id)
		}
	}
	if listMissing {
		for _, id := range critical {
			fmt.Fprintf(w, "%s: %s: %s\n", name, id, r.tr.T("cli.locale.check.missing_critical", nil))
		}
		for _, id := range other {
			fmt.Fprintf(w, "%s: %s: %s\n", name, id, r.tr.T("cli.locale.check.missing", nil))
		}
	}
	total := rep.Source
	switch {
	case rep.OK():
		fmt.Fprintf(w, "%s: %s\n", name, r.tr.N("cli.locale.check.ok", total, nil))
	default:
		fmt.Fprintf(w, "%s: %s\n", name, r.tr.N("cli.locale.check.summary", len(rep.Problems)+len(rep.Unknown), map[string]any{
			"Translated": total - len(rep.Missing), "Total": total}))
		if !rep.Loadable() {
			fmt.Fprintf(w, "%s: %s\n", name, r.tr.T("cli.locale.check.not_loadable", nil))
		}
		if len(rep.Missing) > 0 {
			fmt.Fprintf(w, "%s: %s\n", name, r.tr.N("cli.locale.check.missing_summary", len(rep.Missing),
				map[string]any{"Critical": len(critical)}))
			if !listMissing {
				fmt.Fprintf(w, "%s: %s\n", name, r.tr.T("cli.locale.check.missing_hint", nil))
			}
		}
	}
	return rep, true
}

// problemText translates one finding of i18n.Check.
func (r *runner) problemText(p i18n.Problem) string {
	switch p.Kind {
	case i18n.ProblemTemplate:
		detail := strings.TrimPrefix(p.Detail, i18n.ErrTemplate.Error()+": ")
		return r.tr.T("cli.locale.check.template", args1("Detail", oneLine(detail)))
	case i18n.ProblemUnknownPlaceholder:
		return r.tr.T("cli.locale.check.unknown_placeholder", args1("Placeholder", p.Placeholder))
	case i18n.ProblemMissingPlaceholder:
		return r.tr.T("cli.locale.check.missing_placeholder", args1("Placeholder", p.Placeholder))
	case i18n.ProblemMissingPluralForm:
		return r.tr.T("cli.locale.check.missing_plural", args1("Forms", strings.Join(p.Forms, ", ")))
	}
	return oneLine(p.Detail)
}

// fileErrorText translates why a whole file was rejected.
func (r *runner) fileErrorText(fe *i18n.FileError) string {
	detail := func(sentinel error) string {
		return oneLine(strings.TrimPrefix(strings.TrimPrefix(fe.Err.Error(), sentinel.Error()), ": "))
	}
	switch {
	case errors.Is(fe, i18n.ErrFileName):
		return r.tr.T("cli.locale.file.name", nil)
	case errors.Is(fe, i18n.ErrTooLarge):
		return r.tr.T("cli.locale.file.too_large", nil)
	case errors.Is(fe, i18n.ErrInvalidUTF8):
		return r.tr.T("cli.locale.file.utf8", nil)
	case errors.Is(fe, i18n.ErrTooManyMessages):
		return r.tr.T("cli.locale.file.too_many", nil)
	case errors.Is(fe, i18n.ErrSyntax):
		return r.tr.T("cli.locale.file.syntax", args1("Detail", detail(i18n.ErrSyntax)))
	case errors.Is(fe, i18n.ErrTemplate):
		return r.tr.T("cli.locale.check.template", args1("Detail", detail(i18n.ErrTemplate)))
	}
	return r.tr.T("cli.locale.file.unreadable", args1("Detail", oneLine(fe.Err.Error())))
}

// localeList shows the built-in languages and the files in the user's
// translation folder.
func (r *runner) localeList(args []string) error {
	fs := newFlagSet("locale list")
	pos, done, err := r.parseCmd("locale", fs, args)
	if done {
		return err
	}
	if err := noArgs("locale list", pos); err != nil {
		return err
	}
	w := r.env.Stdout
	fmt.Fprintln(w, r.tr.T("cli.locale.list.builtin", nil))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	tr, _ := i18n.New("en")
	for _, l := range tr.Available() {
		status := ""
		switch {
		case l.Tag == "en":
			status = r.tr.T("cli.locale.list.source", nil)
		case l.Tag == i18n.PseudoLocale:
			status = r.tr.T("cli.locale.list.pseudo", nil)
		default:
			data, err := locales.FS.ReadFile(l.Tag + ".toml")
			if err != nil {
				continue
			}
			rep := i18n.Check(data, l.Tag+".toml")
			status = r.tr.T("cli.locale.list.complete", nil)
			if n := len(rep.Missing); n > 0 {
				status = r.tr.T("cli.locale.list.partial", map[string]any{"Missing": n, "Total": rep.Source})
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Tag, l.Name, status)
	}
	tw.Flush()

	dir, err := r.userLocaleDir()
	if err != nil {
		return nil
	}
	files, err := i18n.UserFiles(dir)
	if err != nil || len(files) == 0 {
		fmt.Fprintln(w, "\n"+r.tr.T("cli.locale.list.user_dir_empty", args1("Dir", dir)))
		return nil
	}
	fmt.Fprintln(w, "\n"+r.tr.T("cli.locale.list.user_dir", args1("Dir", dir)))
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, f := range files {
		status := r.tr.T("cli.locale.list.complete", nil)
		rep, _, err := i18n.CheckPath(f.Name)
		var fe *i18n.FileError
		switch {
		case err != nil:
			status = r.tr.T("cli.locale.file.unreadable", args1("Detail", oneLine(err.Error())))
		case errors.As(rep.Err, &fe):
			status = r.fileErrorText(fe)
		case !rep.Loadable():
			status = r.tr.T("cli.locale.check.not_loadable", nil)
		case len(rep.Missing) > 0:
			status = r.tr.T("cli.locale.list.partial", map[string]any{"Missing": len(rep.Missing), "Total": rep.Source})
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", oneLine(filepath.Base(f.Name)), rep.Lang, status)
	}
	return tw.Flush()
}

// userLocaleDir returns the folder of the user's own translation files:
// Env.LocaleDir in portable mode, else i18n.UserDir.
func (r *runner) userLocaleDir() (string, error) {
	if r.env.LocaleDir != "" {
		return r.env.LocaleDir, nil
	}
	return i18n.UserDir(r.env.Getenv)
}
