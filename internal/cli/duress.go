package cli

import (
	"fmt"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// decoyCommands are the commands `duress edit` runs on the decoy.
var decoyCommands = map[string]bool{
	"contact": true, "event": true, "task": true, "tutorial": true, "template": true, "search": true,
}

// cmdDuress sets, clears, shows or edits the duress passphrase's decoy
// (see docs/duress.md).
func (r *runner) cmdDuress(args []string) error {
	return r.subcommand("duress", args, map[string]func([]string) error{
		"set":    r.duressSet,
		"clear":  r.duressClear,
		"status": r.duressStatus,
		"edit":   r.duressEdit,
	})
}

func (r *runner) duressSet(args []string) error {
	fs := newFlagSet("duress set")
	passFile := fs.String("duress-passphrase-file", "", "")
	pos, done, err := r.parseCmd("duress", fs, args)
	if done {
		return err
	}
	if err := noArgs("duress set", pos); err != nil {
		return err
	}
	if *passFile == "" && !r.interactive() {
		return noPassphraseSource()
	}
	s, err := r.unlock(vault.Current)
	if err != nil {
		return err
	}
	defer s.Close()
	duress, err := r.newPassphrase("duress-passphrase-file", *passFile, "cli.prompt.duress_passphrase")
	if err != nil {
		return err
	}
	defer clear(duress)
	if err := s.SetDuress(duress, r.tr.lang(), r.env.Now(), r.localZone()); err != nil {
		if err == vault.ErrPassphraseTaken {
			return userErr("duress.same_as_vault", nil)
		}
		return err
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.duress.set", nil))
	return nil
}

func (r *runner) duressClear(args []string) error {
	fs := newFlagSet("duress clear")
	pos, done, err := r.parseCmd("duress", fs, args)
	if done {
		return err
	}
	if err := noArgs("duress clear", pos); err != nil {
		return err
	}
	s, err := r.unlock(vault.Current)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.ClearDuress(); err != nil {
		return err
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.duress.cleared", nil))
	return nil
}

func (r *runner) duressStatus(args []string) error {
	fs := newFlagSet("duress status")
	pos, done, err := r.parseCmd("duress", fs, args)
	if done {
		return err
	}
	if err := noArgs("duress status", pos); err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		id := "cli.duress.status_off"
		if s.HasDuress() {
			id = "cli.duress.status_on"
		}
		fmt.Fprintln(r.env.Stdout, r.tr.T(id, nil))
		return nil
	})
}

// duressEdit runs one of decoyCommands on the decoy instead of the vault:
// the vault is unlocked with its own passphrase and the decoy opened
// through the key the vault keeps, so the duress passphrase is neither
// needed nor triggered.
func (r *runner) duressEdit(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 0 {
			return usageErr("cli.usage.no_subcommand", args1("Command", "duress edit"))
		}
		r.printUsage("duress")
		return nil
	}
	if !decoyCommands[args[0]] {
		return usageErr("cli.duress.edit_unknown", args1("Command", args[0]))
	}
	r.decoy = true
	defer func() {
		if r.decoyVault != nil {
			r.decoyVault.Close()
			r.decoyVault = nil
		}
		r.decoy = false
	}()
	return commands()[args[0]](r, args[1:])
}

// openDecoy is unlock for `duress edit`: it opens the vault, keeps it in
// r.decoyVault and returns the decoy's session.
func (r *runner) openDecoy(s *app.Session) (*app.Session, error) {
	d, err := s.OpenDecoy()
	if err != nil {
		s.Close()
		return nil, err
	}
	r.decoyVault = s
	r.errorLine(r.tr.T("cli.duress.editing", nil))
	return d, nil
}
