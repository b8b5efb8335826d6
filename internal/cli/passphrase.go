package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/passphrase"
)

// maxPassphraseFile bounds what is read from a passphrase file.
const maxPassphraseFile = 64 << 10

// errStdinTwice is returned by readSecretFile when standard input was
// read already.
var errStdinTwice = errors.New("standard input read twice")

// readSecretFile reads a small file of the user's own (a passphrase, a
// recovery key) from path ("-" = standard input, once per command), at
// most one byte more than max: these files have no parser of their own
// to enforce a limit, so this is the one place the command line reads
// them. The caller refuses a result longer than max.
func (r *runner) readSecretFile(path string, max int) ([]byte, error) {
	var src io.Reader
	if path == "-" {
		if r.stdinUsed {
			return nil, errStdinTwice
		}
		r.stdinUsed = true
		src = r.env.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		src = f
	}
	return io.ReadAll(io.LimitReader(src, int64(max)+1))
}

// interactive reports whether passphrases can be asked on the terminal.
func (r *runner) interactive() bool {
	return r.env.IsTerminal != nil && r.env.ReadPassword != nil && r.env.IsTerminal()
}

// readPassFile reads a passphrase from path ("-" = standard input). Exactly
// one trailing "\n" or "\r\n" is removed; an empty passphrase is refused.
func (r *runner) readPassFile(flagName, path string) ([]byte, error) {
	data, err := r.readSecretFile(path, maxPassphraseFile)
	if errors.Is(err, errStdinTwice) {
		return nil, usageErr("cli.usage.stdin_twice", nil)
	}
	if err != nil {
		return nil, userErr("cli.passphrase.file_unreadable", map[string]any{"Flag": "--" + flagName, "Path": path})
	}
	if len(data) > maxPassphraseFile {
		clear(data)
		return nil, userErr("cli.passphrase.file_too_large", map[string]any{"Flag": "--" + flagName, "Path": path})
	}
	switch {
	case bytes.HasSuffix(data, []byte("\r\n")):
		data = data[:len(data)-2]
	case bytes.HasSuffix(data, []byte("\n")):
		data = data[:len(data)-1]
	}
	if len(data) == 0 {
		return nil, userErr("cli.passphrase.empty", nil)
	}
	return data, nil
}

// ask reads a passphrase on the terminal without echo.
func (r *runner) ask(promptID string) ([]byte, error) {
	p, err := r.env.ReadPassword(r.tr.T(promptID, nil) + ": ")
	if err != nil {
		return nil, userErr("cli.passphrase.read_failed", nil)
	}
	if len(p) == 0 {
		return nil, userErr("cli.passphrase.empty", nil)
	}
	return p, nil
}

// noPassphraseSource is the usage error for a script without
// --passphrase-file.
func noPassphraseSource() error {
	return usageErr("cli.usage.no_terminal", nil)
}

// unlockPassphrase returns the passphrase of an existing vault: from
// --passphrase-file, else asked once on the terminal.
func (r *runner) unlockPassphrase() ([]byte, error) {
	if r.passFile != "" {
		return r.readPassFile("passphrase-file", r.passFile)
	}
	if !r.interactive() {
		return nil, noPassphraseSource()
	}
	return r.ask("cli.prompt.passphrase")
}

// newPassphrase returns a new passphrase: from the file if path is not
// empty (read once), else asked twice on the terminal. It must have at
// least [passphrase.MinLength] characters.
func (r *runner) newPassphrase(flagName, path, promptID string) ([]byte, error) {
	var p []byte
	var err error
	switch {
	case path != "":
		if p, err = r.readPassFile(flagName, path); err != nil {
			return nil, err
		}
	case !r.interactive():
		return nil, noPassphraseSource()
	default:
		if p, err = r.ask(promptID); err != nil {
			return nil, err
		}
		if err := checkLength(p); err != nil {
			clear(p)
			return nil, err
		}
		again, err := r.ask("cli.prompt.repeat")
		if err != nil {
			clear(p)
			return nil, err
		}
		same := bytes.Equal(p, again)
		clear(again)
		if !same {
			clear(p)
			return nil, userErr("passphrase.mismatch", nil)
		}
	}
	if err := checkLength(p); err != nil {
		clear(p)
		return nil, err
	}
	return p, nil
}

func checkLength(p []byte) error {
	if utf8.RuneCount(p) < passphrase.MinLength {
		return userErr("passphrase.too_short", args1("Min", passphrase.MinLength))
	}
	return nil
}
