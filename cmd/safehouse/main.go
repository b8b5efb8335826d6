// Command safehouse is the Safehouse desktop app and command line tool.
// Without arguments it opens the desktop app on the user's vault; with
// arguments it runs a command line subcommand (see `safehouse help`).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	fyneapp "fyne.io/fyne/v2/app"
	"golang.org/x/term"

	"github.com/safehouse-app/safehouse/internal/cli"
	"github.com/safehouse-app/safehouse/internal/i18n"
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
	if len(os.Args) > 1 {
		attachConsole()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := cli.Run(ctx, os.Args[1:], cli.Env{
			Stdin:        os.Stdin,
			Stdout:       os.Stdout,
			Stderr:       os.Stderr,
			Getenv:       os.Getenv,
			IsTerminal:   func() bool { return term.IsTerminal(int(os.Stdin.Fd())) },
			ReadPassword: readPassword,
			OpenGUI:      openGUI,
		})
		stop()
		os.Exit(code)
	}
	dir, err := vault.DefaultDir()
	if err != nil {
		fmt.Fprintf(os.Stderr, "safehouse: %v\n", err)
		os.Exit(1)
	}
	if err := openGUI(dir, false); err != nil {
		fmt.Fprintf(os.Stderr, "safehouse: %v\n", err)
		os.Exit(1)
	}
}

// openGUI runs the desktop app on the vault in dir until its window closes.
func openGUI(dir string, demo bool) error {
	a := fyneapp.NewWithID(appID)
	return ui.Run(a, ui.Options{
		VaultDir: dir,
		Demo:     demo,
		Lang:     i18n.MatchSystem(systemLanguage()),
		Version:  version,
		Dev:      os.Getenv("SAFEHOUSE_DEV") == "1",
	})
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
