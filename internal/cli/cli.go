package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/textsafe"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// Exit statuses returned by [Run]. import and inspect tell the refusals
// of a well-formed shared file apart; a file that was already imported
// is not a refusal (ExitOK: there is nothing left to do).
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
	// ExitUnknownSender: the file is from someone not added as a peer
	// (import it with --trust-new-sender after checking the fingerprint).
	ExitUnknownSender = 3
	// ExitOutdated: the file is older than the last one from its sender
	// and holds nothing newer than the vault.
	ExitOutdated = 4
	// ExitForwarded: the file was meant for others, or re-encrypted by
	// someone, and was passed on.
	ExitForwarded = 5
)

// Env is everything the CLI needs from the outside world. The real program
// wires it to the process (os.Stdin, golang.org/x/term, time.Now, the
// desktop app); tests inject their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads an environment variable (SAFEHOUSE_VAULT, LANG, TZ...).
	Getenv func(string) string
	// IsTerminal reports whether the passphrase can be asked for
	// interactively. Nil means never.
	IsTerminal func() bool
	// ReadPassword shows prompt and reads one line without echo.
	ReadPassword func(prompt string) ([]byte, error)
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
	// OpenGUI opens the desktop app on the vault in dir; demo says it holds
	// sample data. It may be nil (then `demo` requires --out).
	OpenGUI func(dir string, demo bool) error
	// VaultDir is the vault folder used when --vault is not given, ahead
	// of $SAFEHOUSE_VAULT: portable mode sets it to the folder beside the
	// executable. "" means $SAFEHOUSE_VAULT, else the per-user default.
	VaultDir string
	// LocaleDir is the folder of the user's own translation files; ""
	// means i18n.UserDir. Portable mode sets it.
	LocaleDir string
	// PrefsFile is the desktop app's preferences file; `wipe` removes it
	// when it names the vault wiped (the app clears it itself when it
	// destroys a vault). "" means there is none to clear.
	PrefsFile string
}

// Environment variables read by the CLI.
const (
	// EnvVault names the vault folder used when --vault is not given.
	EnvVault = "SAFEHOUSE_VAULT"
)

// runner holds the state of one invocation.
type runner struct {
	ctx      context.Context
	env      Env
	tr       *translator
	vaultDir string
	// passFile is the --passphrase-file value ("" when not given).
	passFile string
	// stdinUsed records that standard input was consumed for a passphrase.
	stdinUsed bool
	// decoy is set while `duress edit` runs a command on the decoy;
	// decoyVault is then the vault's session, kept open until it ends.
	decoy      bool
	decoyVault *app.Session
}

// Run runs the command line args (without the program name) and returns
// the exit status.
func Run(ctx context.Context, args []string, env Env) int {
	env = withDefaults(env)
	r := &runner{ctx: ctx, env: env, tr: newTranslator(env.Getenv)}
	err := r.run(args)
	if err == nil {
		return ExitOK
	}
	return r.report(err)
}

func withDefaults(env Env) Env {
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	return env
}

// run parses the global flags and dispatches to the subcommand.
func (r *runner) run(args []string) error {
	g := newFlagSet("safehouse")
	vaultDir := g.String("vault", "", "")
	g.StringVar(&r.passFile, "passphrase-file", "", "")
	rest, err := parseFlags(g, args, true)
	if errors.Is(err, errHelp) {
		r.printUsage("")
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageErr("cli.usage.no_command", nil)
	}
	name, rest := rest[0], rest[1:]
	if name == "help" {
		topic := ""
		if len(rest) > 0 {
			topic = rest[0]
		}
		r.printUsage(topic)
		return nil
	}
	cmd, ok := commands()[name]
	if !ok {
		return usageErr("cli.usage.unknown_command", args1("Command", name))
	}
	if err := r.setVaultDir(*vaultDir); err != nil {
		return err
	}
	return cmd(r, rest)
}

// setVaultDir picks the vault folder: --vault, else the portable vault
// (Env.VaultDir), else $SAFEHOUSE_VAULT, else the operating system's
// per-user data folder.
func (r *runner) setVaultDir(flagValue string) error {
	switch {
	case flagValue != "":
		r.vaultDir = flagValue
	case r.env.VaultDir != "":
		r.vaultDir = r.env.VaultDir
	case r.env.Getenv(EnvVault) != "":
		r.vaultDir = r.env.Getenv(EnvVault)
	default:
		d, err := vault.DefaultDir()
		if err != nil {
			return usageErr("cli.usage.no_default_vault", nil)
		}
		r.vaultDir = d
	}
	return nil
}

// commands maps each subcommand to its implementation.
func commands() map[string]func(*runner, []string) error {
	return map[string]func(*runner, []string) error{
		"init":         (*runner).cmdInit,
		"check":        (*runner).cmdCheck,
		"passwd":       (*runner).cmdPasswd,
		"recover":      (*runner).cmdRecover,
		"recovery-key": (*runner).cmdRecoveryKey,
		"contact":      (*runner).cmdContact,
		"event":        (*runner).cmdEvent,
		"task":         (*runner).cmdTask,
		"tutorial":     (*runner).cmdTutorial,
		"template":     (*runner).cmdTemplate,
		"search":       (*runner).cmdSearch,
		"demo":         (*runner).cmdDemo,
		"card":         (*runner).cmdCard,
		"peer":         (*runner).cmdPeer,
		"export":       (*runner).cmdExport,
		"inspect":      (*runner).cmdInspect,
		"import":       (*runner).cmdImport,
		"locale":       (*runner).cmdLocale,
		"wipe":         (*runner).cmdWipe,
		"duress":       (*runner).cmdDuress,
	}
}

// subcommand dispatches "contact add ..." style commands.
func (r *runner) subcommand(group string, args []string, subs map[string]func([]string) error) error {
	if len(args) == 0 {
		return usageErr("cli.usage.no_subcommand", args1("Command", group))
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		r.printUsage(group)
		return nil
	}
	fn, ok := subs[args[0]]
	if !ok {
		return usageErr("cli.usage.unknown_command", args1("Command", group+" "+args[0]))
	}
	return fn(args[1:])
}

// msgError is an error the CLI explains itself, with a message ID.
type msgError struct {
	msg   app.Message
	usage bool
	// count, when not nil, picks the plural form of msg.
	count *int
	// exit, when not 0, is the exit status (else ExitError, or ExitUsage
	// for usage errors).
	exit int
}

func (e *msgError) Error() string { return e.msg.ID }

// usageErr returns a usage error (exit status 2).
func usageErr(id string, args map[string]any) error {
	return &msgError{msg: app.Message{ID: id, Args: args}, usage: true}
}

// userErr returns an ordinary error (exit status 1) with a CLI message.
func userErr(id string, args map[string]any) error {
	return &msgError{msg: app.Message{ID: id, Args: args}}
}

// userErrN is userErr for a plural message, in the form for count.
func userErrN(id string, count int, args map[string]any) error {
	return &msgError{msg: app.Message{ID: id, Args: args}, count: &count}
}

func args1(k string, v any) map[string]any { return map[string]any{k: v} }

// report prints the one-line message for err and returns the exit status.
func (r *runner) report(err error) int {
	var me *msgError
	if errors.As(err, &me) {
		line := r.tr.msg(me.msg)
		if me.count != nil {
			line = r.tr.N(me.msg.ID, *me.count, me.msg.Args)
		}
		if me.usage {
			line += "; " + r.tr.T("cli.usage.hint", nil)
		}
		r.errorLine(line)
		switch {
		case me.exit != 0:
			return me.exit
		case me.usage:
			return ExitUsage
		}
		return ExitError
	}
	// The command has ended: app.Explain words failed saves and a
	// damaged vault for the command line.
	m := app.Explain(app.ForCommand(err))
	line := r.tr.msg(m)
	if m.Then != "" {
		line += " " + r.tr.T(m.Then, nil)
	}
	if m.Details != "" {
		// What failed, for whoever helps (never vault contents), on the
		// same line: the CLI's messages are one line each.
		line += " — " + r.tr.T("cli.error.details", args1("Details", m.Details))
	}
	r.errorLine(line)
	return ExitError
}

// errorLine writes one "safehouse: " line to standard error.
func (r *runner) errorLine(text string) {
	fmt.Fprintf(r.env.Stderr, "safehouse: %s\n", oneLine(text))
}

// oneLine folds text onto a single line and drops control characters, so
// a message (or a value in it) can neither span lines nor drive the
// terminal; invisible format characters (U+202E, U+200B...) are shown as
// visible "[U+XXXX]" markers (package textsafe), so a hostile name can
// neither hide nor reorder text.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
	return textsafe.Show(strings.Join(strings.Fields(s), " "))
}

// out buffers the output of a mutating command until its save succeeded,
// so a script never sees an ID that was not stored.
type out struct{ bytes.Buffer }

func (r *runner) flush(b *out) error {
	_, err := r.env.Stdout.Write(b.Bytes())
	return err
}
