package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// maxRecoveryKeyFile bounds what is read from a recovery key file: a key
// is 77 characters, a file with notes around it is still small.
const maxRecoveryKeyFile = 4 << 10

// cmdRecover opens the vault with its recovery key instead of the
// passphrase and sets a new passphrase: the key is read (terminal without
// echo, or --recovery-key-file) and checked against the vault before the
// new passphrase is asked for; key.age is then rewritten and the data is
// loaded to check it.
func (r *runner) cmdRecover(args []string) error {
	fs := newFlagSet("recover")
	keyFile := fs.String("recovery-key-file", "", "")
	newFile := fs.String("new-passphrase-file", "", "")
	pos, done, err := r.parseCmd("recover", fs, args)
	if done {
		return err
	}
	if err := noArgs("recover", pos); err != nil {
		return err
	}
	if r.passFile != "" {
		return usageErr("cli.usage.recover_passphrase_file", nil)
	}
	if !vault.Exists(r.vaultDir) && !hasDataFile(r.vaultDir) {
		return vault.ErrNotFound
	}
	switch {
	case *keyFile == "" && !r.interactive():
		return usageErr("cli.usage.recover_no_key", nil)
	case *newFile == "" && !r.interactive():
		return usageErr("cli.usage.recover_no_passphrase", nil)
	}

	var key []byte
	if *keyFile != "" {
		key, err = r.readKeyFile("recovery-key-file", *keyFile)
	} else {
		key, err = r.ask("cli.prompt.recovery_key")
	}
	if err != nil {
		return err
	}
	defer clear(key)
	// Check the key first, so a wrong one is reported before the new
	// passphrase is asked for.
	if err := app.CheckRecoveryKey(r.vaultDir, string(key)); err != nil {
		return err
	}
	newPass, err := r.newPassphrase("new-passphrase-file", *newFile, "cli.prompt.new_passphrase")
	if err != nil {
		return err
	}
	defer clear(newPass)
	v, err := vault.Recover(r.vaultDir, string(key), newPass)
	if err != nil {
		return err
	}
	defer v.Close()
	// The new passphrase is in force from here on: say so before the data
	// is checked, so a damaged data file is reported after it.
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.recover.done", nil))
	s, err := app.Load(v, vault.Current)
	if err != nil {
		return err
	}
	r.warnRollback(s)
	s.Close()
	return nil
}

// cmdRecoveryKey prints the vault's recovery key, after the passphrase, as
// the numbered groups people copy onto paper.
func (r *runner) cmdRecoveryKey(args []string) error {
	fs := newFlagSet("recovery-key")
	pos, done, err := r.parseCmd("recovery-key", fs, args)
	if done {
		return err
	}
	if err := noArgs("recovery-key", pos); err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		key, err := s.RecoveryKey()
		if err != nil {
			return err
		}
		fmt.Fprintln(r.env.Stdout, r.tr.T("cli.recovery_key.intro", nil))
		r.printRecoveryKey(key)
		return nil
	})
}

// printRecoveryKey prints key as numbered groups, four to a line, and
// what to do with them.
func (r *runner) printRecoveryKey(key string) {
	groups := vault.RecoveryKeyGroups(key)
	var b strings.Builder
	for i, g := range groups {
		if i%4 == 3 || i == len(groups)-1 {
			fmt.Fprintf(&b, "%2d %s\n", i+1, g)
		} else {
			fmt.Fprintf(&b, "%2d %-*s   ", i+1, vault.RecoveryGroupSize, g)
		}
	}
	fmt.Fprint(r.env.Stdout, "\n"+b.String()+"\n")
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.recovery_key.paper", nil))
	for i := range groups {
		groups[i] = ""
	}
}

// hasDataFile reports whether dir holds a data file of either generation
// (a vault whose key.age is gone can still be recovered).
func hasDataFile(dir string) bool {
	for _, name := range []string{vault.DataFile, vault.PrevFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// readKeyFile reads a recovery key from path ("-" = standard input).
// Comment lines (starting with #, as in age identity files) are dropped;
// whatever else is around the key (spaces, line breaks, dashes) is left
// for the vault's parser, which ignores it.
func (r *runner) readKeyFile(flagName, path string) ([]byte, error) {
	data, err := r.readSecretFile(path, maxRecoveryKeyFile)
	if errors.Is(err, errStdinTwice) {
		return nil, usageErr("cli.usage.stdin_twice", nil)
	}
	if err != nil {
		return nil, userErr("cli.recover.file_unreadable", map[string]any{"Flag": "--" + flagName, "Path": path})
	}
	if len(data) > maxRecoveryKeyFile {
		clear(data)
		return nil, userErr("cli.recover.file_too_large", map[string]any{"Flag": "--" + flagName, "Path": path})
	}
	var key []byte
	for _, line := range bytes.Split(data, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
			key = append(append(key, line...), '\n')
		}
	}
	clear(data)
	return key, nil
}
