package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// cmdWipe destroys the vault without unlocking it: a person under duress
// may not be able to type the passphrase, so none is asked. On a terminal
// it first lists exactly what goes and then asks for the vault name (the
// vault folder's name); otherwise --confirm NAME is required.
func (r *runner) cmdWipe(args []string) error {
	fs := newFlagSet("wipe")
	confirm := fs.String("confirm", "", "")
	// Also accepted after the command, where people under pressure put it.
	vaultDir := fs.String("vault", "", "")
	pos, done, err := r.parseCmd("wipe", fs, args)
	if done {
		return err
	}
	if err := noArgs("wipe", pos); err != nil {
		return err
	}
	if *vaultDir != "" {
		r.vaultDir = *vaultDir
	}
	plan, err := vault.PlanWipe(r.vaultDir)
	if err != nil {
		return err
	}
	name := app.VaultName(r.vaultDir)
	given := *confirm
	if !wasSet(fs)["confirm"] {
		if !r.interactive() {
			return usageErr("cli.usage.wipe_needs_confirm", nil)
		}
		r.printWipePlan(plan)
		fmt.Fprint(r.env.Stdout, r.tr.T("cli.wipe.prompt", args1("Name", name))+" ")
		line, _ := bufio.NewReader(r.env.Stdin).ReadString('\n')
		given = strings.TrimRight(line, "\r\n")
	}
	if given != name {
		return userErr("cli.wipe.mismatch", args1("Name", name))
	}

	rep, err := vault.Wipe(r.vaultDir)
	inUse := errors.Is(err, vault.ErrInUse)
	if inUse {
		// The desktop app holds the vault: destroy the files anyway, key
		// first; the app notices the key is gone within a second, drops
		// its session without saving and removes the rest.
		rep, err = vault.WipeInUse(r.vaultDir)
	}
	var we *vault.WipeError
	if err != nil && !errors.As(err, &we) {
		return err // in use, or nothing to wipe: nothing was touched
	}
	w := r.env.Stdout
	for _, f := range rep.Files {
		id := "cli.wipe.destroyed"
		if f.Err != nil || !f.Removed {
			id = "cli.wipe.not_destroyed"
		}
		fmt.Fprintln(w, r.tr.T(id, args1("File", f.Name)))
	}
	if rep.DirRemoved {
		fmt.Fprintln(w, r.tr.T("cli.wipe.folder_removed", args1("Dir", absDir(rep.Dir))))
	}
	if inUse && rep.KeyGone() {
		fmt.Fprintln(w, r.tr.T("cli.wipe.app_told", nil))
	}
	if rep.KeyGone() && r.clearAppPrefs(rep.Dir) {
		fmt.Fprintln(w, r.tr.T("cli.wipe.prefs_cleared", nil))
	}
	if err != nil {
		return &msgError{msg: app.Explain(app.WipeFailure(rep, err))}
	}
	fmt.Fprintln(w, oneLine(r.tr.msg(app.WipeDone(rep))))
	return nil
}

// printWipePlan explains what a wipe destroys and what it cannot.
func (r *runner) printWipePlan(plan vault.WipeReport) {
	w := r.env.Stdout
	fmt.Fprintln(w, r.tr.T("cli.wipe.intro", args1("Dir", absDir(plan.Dir))))
	for _, f := range plan.Files {
		fmt.Fprintln(w, r.tr.N("cli.wipe.file", int(f.Size), args1("File", f.Name)))
	}
	if len(plan.Left) > 0 {
		fmt.Fprintln(w, oneLine(r.tr.T("cli.wipe.others_kept", args1("Files", strings.Join(plan.Left, ", ")))))
	}
	fmt.Fprintln(w, r.tr.T("cli.wipe.limits", nil))
}

// absDir returns dir as an absolute path when it can.
func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

// clearAppPrefs removes the desktop app's preferences file when the
// vault folder it remembers is dir (or it remembers none and dir is the
// default vault), so nothing outside the folder still names the vault
// wiped. It reports whether it removed the file. The file only holds
// settings and folder paths; the app writes a fresh one when it starts.
func (r *runner) clearAppPrefs(dir string) bool {
	path := r.env.PrefsFile
	if path == "" {
		return false
	}
	data, err := os.ReadFile(path)
	if err != nil || len(data) > 1<<20 {
		return false
	}
	var prefs map[string]any
	if json.Unmarshal(data, &prefs) != nil {
		return false
	}
	remembered, _ := prefs["vault_dir"].(string)
	if remembered == "" {
		def, err := vault.DefaultDir()
		if err != nil {
			return false
		}
		remembered = def
	}
	if absDir(filepath.Clean(remembered)) != absDir(filepath.Clean(dir)) {
		return false
	}
	return os.Remove(path) == nil
}
