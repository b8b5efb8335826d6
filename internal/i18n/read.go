package i18n

import (
	"fmt"
	"io"
	"os"
)

// CheckReader reads the translation file named name (for example
// "fr.toml") from r and checks it (see [Check]). It reads at most one byte
// more than [MaxFileSize], so a huge file costs no more than that: a
// larger file is refused without being read whole, with a [*FileError]
// wrapping [ErrTooLarge] as the report's Err. The bytes read are returned
// too, for a caller that installs the file. err is only for a file that
// could not be read; it is a [*FileError] wrapping the cause.
func CheckReader(r io.Reader, name string) (rep Report, data []byte, err error) {
	data, err = readFile(r, name)
	if err != nil {
		return unread(name), nil, err
	}
	return Check(data, name), data, nil
}

// CheckPath is [CheckReader] on the file at path, named by its path.
func CheckPath(path string) (Report, []byte, error) {
	data, err := readLimited(path)
	if err != nil {
		return unread(path), nil, err
	}
	return Check(data, path), data, nil
}

// unread is the report on a file that could not be read: its name and
// the language it names.
func unread(name string) Report {
	r := Report{Name: name}
	if tag, err := tagFromName(name); err == nil {
		r.Lang = tag.String()
	}
	return r
}

// readLimited reads the file at path with readFile.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Name: path, Err: fmt.Errorf("failed to open: %w", err)}
	}
	defer f.Close()
	return readFile(f, path)
}

// readFile reads a translation file from r, up to one byte more than
// MaxFileSize, so that parseFile rejects a larger file (ErrTooLarge)
// without reading it whole. It is the only place translation files are
// read.
func readFile(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, &FileError{Name: name, Err: fmt.Errorf("failed to read: %w", err)}
	}
	return data, nil
}
