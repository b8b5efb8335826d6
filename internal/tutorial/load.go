package tutorial

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/safehouse-app/safehouse/internal/assetfs"
)

// BuiltinDir is the folder of the built-in tutorials in their file
// system: BuiltinDir/<language>/<id>.md.
const BuiltinDir = "tutorials"

// LoadBuiltin parses every tutorial under tutorials/<language>/*.md in
// fsys (normally assets.Tutorials). It checks that each file's language
// and id match its folder and file name; other rules are [Lint]'s. The
// documents come back sorted by language and id. The error, if any, is a
// [ParseErrors] with every problem of every file, and the documents that
// loaded without problems are still returned.
func LoadBuiltin(fsys fs.FS) ([]*Document, error) {
	var docs []*Document
	var errs ParseErrors
	err := assetfs.Walk(fsys, BuiltinDir, ".md", MaxFileSize, func(f assetfs.File) {
		switch {
		case f.Stray:
			errs = append(errs, &ParseError{Name: f.Name, Msg: "tutorial outside tutorials/<language>/"})
			return
		case f.Err != nil:
			errs = append(errs, &ParseError{Name: f.Name, Msg: f.Err.Error()})
			return
		}
		d, err := Parse(f.Name, f.Data)
		if err != nil {
			var pe ParseErrors
			if errors.As(err, &pe) {
				errs = append(errs, pe...)
			} else {
				errs = append(errs, &ParseError{Name: f.Name, Msg: err.Error()})
			}
			return
		}
		n := len(errs)
		if d.Meta.Language != f.Lang {
			errs = append(errs, &ParseError{Name: f.Name, Line: d.KeyLine("language"),
				Msg: fmt.Sprintf("language %q does not match the folder %q", d.Meta.Language, f.Lang)})
		}
		if d.Meta.ID != f.ID {
			errs = append(errs, &ParseError{Name: f.Name, Line: d.KeyLine("id"),
				Msg: fmt.Sprintf("id %q does not match the file name %q", d.Meta.ID, f.ID+".md")})
		}
		if len(errs) == n {
			docs = append(docs, d)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("failed to read built-in tutorials: %w", err)
	}
	sort.Slice(docs, func(i, j int) bool {
		if docs[i].Meta.Language != docs[j].Meta.Language {
			return docs[i].Meta.Language < docs[j].Meta.Language
		}
		return docs[i].Meta.ID < docs[j].Meta.ID
	})
	if len(errs) > 0 {
		return docs, errs
	}
	return docs, nil
}
