// Package assetfs reads the per-language files of Safehouse's built-in
// content (tutorials, campaign templates): DIR/<language>/<id>.<ext> in a
// file system such as an embed.FS. It only finds and reads the files; the
// content packages parse and check them.
package assetfs

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// File is one file found by [Walk]. A Stray file is not in a language
// folder and was not read; when Err is set the file could not be read
// (or is larger than the limit). In both cases Data is nil.
type File struct {
	Name  string // path in the file system, e.g. "tutorials/fr/make-the-switch.md"
	Lang  string // the language folder, e.g. "fr"
	ID    string // the file name without the extension
	Stray bool
	Data  []byte
	Err   error
}

// Walk calls each, in lexical order, for every file ending in ext (".md")
// below dir, read with at most max bytes. The error is only for a file
// system that cannot be walked; problems with single files are in
// [File.Err].
func Walk(fsys fs.FS, dir, ext string, max int64, each func(File)) error {
	return fs.WalkDir(fsys, dir, func(name string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() || !strings.HasSuffix(name, ext) {
			return nil
		}
		folder, file := path.Split(name)
		f := File{Name: name, Lang: path.Base(folder), ID: strings.TrimSuffix(file, ext)}
		if path.Dir(path.Clean(folder)) != dir {
			f.Stray = true
		} else {
			f.Data, f.Err = ReadLimited(fsys, name, max)
		}
		each(f)
		return nil
	})
}

// ErrTooLarge is wrapped by [ReadLimited] for a file over its limit.
var ErrTooLarge = fmt.Errorf("file too large")

// ReadLimited reads the file name, refusing one larger than max bytes
// without reading past the limit.
func ReadLimited(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}
