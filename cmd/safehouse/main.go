// Command safehouse is the Safehouse desktop app and command line tool.
// Without arguments it opens the desktop app on the user's vault; with
// arguments it runs a command line subcommand (see `safehouse help`).
package main

import (
	// First: C and POSIX locales read as English, before the toolkit
	// looks at them (see the package comment).
	_ "github.com/safehouse-app/safehouse/internal/i18n/clocale"
	// Named time zones work on systems without a zone database (Windows).
	_ "time/tzdata"

	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"

	fyneapp "fyne.io/fyne/v2/app"
	"golang.org/x/term"

	"github.com/safehouse-app/safehouse/internal/cli"
	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/portable"
	"github.com/safehouse-app/safehouse/internal/ui"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// appID must match the ID in FyneApp.toml.
const appID = "org.safehouse.Safehouse"

func main() {
	// An unlocked vault must never reach the disk in a core dump.
	vault.DisableCoreDumps()
	// Portable mode is decided, and the per-user folders redirected,
	// before anything (the toolkit above all) reads or writes them.
	args, layout, err := portableMode(os.Args[1:])
	if err != nil {
		tr, _ := i18n.New(i18n.MatchSystem(systemLanguage()))
		fmt.Fprintf(os.Stderr, "safehouse: %s\n", tr.T("cli.portable.failed", "Dir", layout.Root))
		os.Exit(1)
	}
	gui := guiOpener(layout)
	if len(args) > 0 {
		attachConsole()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := cli.Run(ctx, args, cli.Env{
			Stdin:        os.Stdin,
			Stdout:       os.Stdout,
			Stderr:       os.Stderr,
			Getenv:       os.Getenv,
			IsTerminal:   func() bool { return term.IsTerminal(int(os.Stdin.Fd())) },
			ReadPassword: readPassword,
			OpenGUI:      gui,
			VaultDir:     layout.vaultDir(),
			LocaleDir:    layout.localeDir(),
			PrefsFile:    prefsFile(),
		})
		stop()
		os.Exit(code)
	}
	// "" lets the app open the vault folder it used last, else the
	// default one.
	if err := gui(layout.vaultDir(), false); err != nil {
		fmt.Fprintf(os.Stderr, "safehouse: %v\n", err)
		os.Exit(1)
	}
}

// prefsFile is where the toolkit keeps the desktop app's preferences:
// preferences.json in the app's folder under the user's configuration
// folder (redirected beside the program in portable mode), or "".
func prefsFile() string {
	base, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "fyne", appID, "preferences.json")
}

// portableLayout is the portable data folder, or nil outside portable
// mode.
type portableLayout struct{ *portable.Layout }

func (l portableLayout) vaultDir() string {
	if l.Layout == nil {
		return ""
	}
	return l.VaultDir()
}

func (l portableLayout) localeDir() string {
	if l.Layout == nil {
		return ""
	}
	return l.LocaleDir()
}

// portableMode takes --portable from the global flags of args and, when
// it was there or the marker file sits next to the executable, points
// the per-user folders of this process into the data folder beside the
// executable and keeps the vault's generation records there too (see
// internal/portable). It returns the remaining arguments. On error the
// layout names the data folder that could not be prepared; the process
// must not go on, or it would write to the computer.
func portableMode(args []string) ([]string, portableLayout, error) {
	args, flag := portable.TakeFlag(args, "vault", "passphrase-file")
	exeDir, err := portable.ExeDir()
	if err != nil {
		if flag {
			return nil, portableLayout{&portable.Layout{Root: portable.DataName}}, err
		}
		return args, portableLayout{}, nil
	}
	if !flag && !portable.Detect(exeDir) {
		return args, portableLayout{}, nil
	}
	l := portable.New(exeDir)
	if err := portable.Apply(l, runtime.GOOS, os.Setenv); err != nil {
		return nil, portableLayout{&l}, err
	}
	vault.SetSeenDir(l.SeenDir())
	return args, portableLayout{&l}, nil
}

// guiOpener returns the function that runs the desktop app on the vault
// in dir until its window closes.
func guiOpener(l portableLayout) func(dir string, demo bool) error {
	return func(dir string, demo bool) error {
		opts := ui.Options{
			VaultDir: dir,
			Demo:     demo,
			Lang:     i18n.MatchSystem(systemLanguage()),
			Version:  version,
			Dev:      os.Getenv("SAFEHOUSE_DEV") == "1",
		}
		if l.Layout != nil {
			opts.Portable = l.Root
			opts.LocaleDir = l.LocaleDir()
			opts.InboxDir = l.InboxDir()
		}
		a := fyneapp.NewWithID(appID)
		return ui.Run(a, opts)
	}
}

// systemLanguage returns the POSIX locale setting that names the user's
// language preference.
func systemLanguage() string {
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// readPassword prints prompt to standard error and reads a line from the
// terminal without echo.
func readPassword(prompt string) ([]byte, error) {
	fmt.Fprint(os.Stderr, prompt)
	p, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	return p, err
}
