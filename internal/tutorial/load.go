package tutorial

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
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
	err := fs.WalkDir(fsys, BuiltinDir, func(name string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() || !strings.HasSuffix(name, ".md") {
			return nil
		}
		dir, file := path.Split(name)
		if path.Dir(path.Clean(dir)) != BuiltinDir {
			errs = append(errs, &ParseError{Name: name, Msg: "tutorial outside tutorials/<language>/"})
			return nil
		}
		data, err := readLimited(fsys, name)
		if err != nil {
			errs = append(errs, &ParseError{Name: name, Msg: err.Error()})
			return nil
		}
		d, err := Parse(name, data)
		if err != nil {
			var pe ParseErrors
			if errors.As(err, &pe) {
				errs = append(errs, pe...)
			} else {
				errs = append(errs, &ParseError{Name: name, Msg: err.Error()})
			}
			return nil
		}
		n := len(errs)
		if lang := path.Base(dir); d.Meta.Language != lang {
			errs = append(errs, &ParseError{Name: name, Line: d.KeyLine("language"),
				Msg: fmt.Sprintf("language %q does not match the folder %q", d.Meta.Language, lang)})
		}
		if id := strings.TrimSuffix(file, ".md"); d.Meta.ID != id {
			errs = append(errs, &ParseError{Name: name, Line: d.KeyLine("id"),
				Msg: fmt.Sprintf("id %q does not match the file name %q", d.Meta.ID, file)})
		}
		if len(errs) == n {
			docs = append(docs, d)
		}
		return nil
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

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}
