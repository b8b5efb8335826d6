package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// unlock opens the vault with the passphrase from the file or terminal.
// It does not ask for a passphrase when there is no vault.
func (r *runner) unlock(gen vault.Generation) (*app.Session, error) {
	if !vault.Exists(r.vaultDir) {
		return nil, vault.ErrNotFound
	}
	pass, err := r.unlockPassphrase()
	if err != nil {
		return nil, err
	}
	defer clear(pass)
	s, err := app.Unlock(r.vaultDir, pass, gen)
	if err != nil {
		return nil, err
	}
	r.warnRollback(s)
	if r.decoy {
		return r.openDecoy(s)
	}
	return s, nil
}

// warnRollback prints a warning on standard error when the data file
// just loaded is older than one this computer has seen of the vault.
func (r *runner) warnRollback(s *app.Session) {
	if rb := s.Rollback(); rb != nil {
		r.errorLine(r.tr.T("cli.rollback.warning", map[string]any{
			"File": rb.File, "Generation": int(rb.Generation), "Seen": int(rb.Seen)}))
	}
}

// read runs fn on an unlocked vault and closes it without saving.
func (r *runner) read(fn func(s *app.Session) error) error {
	s, err := r.unlock(vault.Current)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

// write runs fn on an unlocked vault, saves, closes, and only then prints
// what fn wrote to o.
func (r *runner) write(fn func(s *app.Session, o *out) error) error {
	s, err := r.unlock(vault.Current)
	if err != nil {
		return err
	}
	defer s.Close()
	var o out
	if err := fn(s, &o); err != nil {
		return err
	}
	// Lock: one full save, rather than a journal record folded into
	// data.age by Close right after.
	if err := s.Lock(); err != nil {
		return err
	}
	return r.flush(&o)
}

// noArgs checks that a command got no positional arguments.
func noArgs(cmd string, pos []string) error {
	if len(pos) > 0 {
		return usageErr("cli.usage.extra_args", map[string]any{"Command": cmd, "Arg": pos[0]})
	}
	return nil
}

// parseCmd parses a subcommand's flags. done is true when the command
// must stop: after printing its help (err nil) or on a usage error.
func (r *runner) parseCmd(topic string, fs *flag.FlagSet, args []string) (pos []string, done bool, err error) {
	pos, err = parseFlags(fs, args, false)
	if errors.Is(err, errHelp) {
		r.printUsage(topic)
		return nil, true, nil
	}
	return pos, err != nil, err
}

func (r *runner) cmdInit(args []string) error {
	fs := newFlagSet("init")
	pos, done, err := r.parseCmd("init", fs, args)
	if done {
		return err
	}
	if err := noArgs("init", pos); err != nil {
		return err
	}
	if vault.Exists(r.vaultDir) {
		return vault.ErrExists
	}
	pass, err := r.newPassphrase("passphrase-file", r.passFile, "cli.prompt.new_passphrase")
	if err != nil {
		return err
	}
	defer clear(pass)
	s, err := app.Create(r.vaultDir, pass)
	if err != nil {
		return err
	}
	s.Close()
	dir := r.vaultDir
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.init.created", args1("Dir", dir)))
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.init.remember", nil))
	return nil
}

func (r *runner) cmdCheck(args []string) error {
	fs := newFlagSet("check")
	fromPrev := fs.Bool("from-previous", false, "")
	restore := fs.Bool("restore", false, "")
	pos, done, err := r.parseCmd("check", fs, args)
	if done {
		return err
	}
	if err := noArgs("check", pos); err != nil {
		return err
	}
	if *restore && !*fromPrev {
		return usageErr("cli.usage.restore_needs_previous", nil)
	}
	gen := vault.Current
	if *fromPrev {
		gen = vault.Previous
		if vault.Exists(r.vaultDir) {
			if _, err := os.Stat(filepath.Join(r.vaultDir, vault.PrevFile)); err != nil {
				return userErr("cli.check.no_previous", nil)
			}
		}
	}
	s, err := r.unlock(gen)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.IntegrityCheck(); err != nil {
		return &vault.DamagedError{File: genFile(gen), Err: err}
	}
	c, err := s.Counts(r.ctx, r.env.Now())
	if err != nil {
		return err
	}
	w := r.env.Stdout
	if *fromPrev && *restore {
		if err := s.SaveNow(); err != nil {
			return err
		}
		fmt.Fprintln(w, r.tr.T("cli.check.restored", args1("File", vault.PrevFile)))
	} else if *fromPrev {
		fmt.Fprintln(w, r.tr.T("cli.check.previous_loaded", args1("File", vault.PrevFile)))
	}
	fmt.Fprintln(w, r.tr.T("cli.check.ok", args1("File", genFile(gen))))
	if rb := s.Rollback(); rb != nil {
		fmt.Fprintln(w, r.tr.T("cli.check.rollback", map[string]any{
			"File": rb.File, "Generation": int(rb.Generation), "Seen": int(rb.Seen)}))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range []struct {
		id string
		n  int
	}{
		{"cli.check.contacts", c.Contacts},
		{"cli.check.events", c.Events},
		{"cli.check.tasks", c.Tasks},
		{"cli.check.tutorials", c.Tutorials},
	} {
		fmt.Fprintf(tw, "%s\t%d\n", r.tr.T(row.id, nil), row.n)
	}
	return tw.Flush()
}

func genFile(gen vault.Generation) string {
	if gen == vault.Previous {
		return vault.PrevFile
	}
	return vault.DataFile
}

func (r *runner) cmdPasswd(args []string) error {
	fs := newFlagSet("passwd")
	newFile := fs.String("new-passphrase-file", "", "")
	showKey := fs.Bool("show-recovery-key", false, "")
	pos, done, err := r.parseCmd("passwd", fs, args)
	if done {
		return err
	}
	if err := noArgs("passwd", pos); err != nil {
		return err
	}
	if !vault.Exists(r.vaultDir) {
		return vault.ErrNotFound
	}
	if r.passFile == "" && *newFile == "" && !r.interactive() {
		return noPassphraseSource()
	}
	var old []byte
	if r.passFile != "" {
		old, err = r.readPassFile("passphrase-file", r.passFile)
	} else if r.interactive() {
		old, err = r.ask("cli.prompt.current_passphrase")
	} else {
		err = noPassphraseSource()
	}
	if err != nil {
		return err
	}
	defer clear(old)
	// Unlock first, so a wrong old passphrase is reported before the new
	// one is asked for.
	s, err := app.Unlock(r.vaultDir, old, vault.Current)
	if err != nil {
		return err
	}
	defer s.Close()
	r.warnRollback(s)
	newPass, err := r.newPassphrase("new-passphrase-file", *newFile, "cli.prompt.new_passphrase")
	if err != nil {
		return err
	}
	defer clear(newPass)
	if err := s.ChangePassphrase(old, newPass); err != nil {
		return err
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.passwd.changed", nil))
	// The data key changed with the passphrase: the old paper is void.
	if !*showKey {
		fmt.Fprintln(r.env.Stdout, r.tr.T("cli.passwd.recovery_changed", nil))
		return nil
	}
	key, err := s.RecoveryKey()
	if err != nil {
		return err
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.passwd.recovery_new", nil))
	r.printRecoveryKey(key)
	return nil
}
