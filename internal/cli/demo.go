package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// demoPassphrase protects demo vaults unless --passphrase-file is given.
const demoPassphrase = "demo"

// demoScales are the sizes `demo --scale` accepts.
var demoScales = map[string]demo.Scale{
	"small":   demo.ScaleSmall,
	"typical": demo.ScaleTypical,
	"large":   demo.ScaleLarge,
}

func itoa(n int) string { return strconv.Itoa(n) }

func (r *runner) cmdDemo(args []string) error {
	fs := newFlagSet("demo")
	outDir := fs.String("out", "", "")
	seed := fs.Int64("seed", 1, "")
	scale := newChoice("scale", []string{"small", "typical", "large"})
	scale.value = "typical"
	fs.Var(scale, "scale", "")
	pos, done, err := r.parseCmd("demo", fs, args)
	if done {
		return err
	}
	if err := noArgs("demo", pos); err != nil {
		return err
	}
	sc := demoScales[scale.value]
	if *outDir == "" {
		return r.demoGUI(sc, *seed)
	}
	if vault.Exists(*outDir) {
		return vault.ErrExists
	}
	pass, err := r.demoPass()
	if err != nil {
		return err
	}
	defer clear(pass)
	if err := r.makeDemo(*outDir, pass, sc, *seed); err != nil {
		return err
	}
	dir := *outDir
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	fmt.Fprintln(r.env.Stdout, r.tr.T("cli.demo.created", map[string]any{
		"Dir": dir, "Contacts": sc.Contacts, "Events": sc.Events, "Tasks": sc.Events * sc.TasksPerEvent,
	}))
	if r.passFile == "" {
		fmt.Fprintln(r.env.Stdout, r.tr.T("cli.demo.passphrase", args1("Passphrase", demoPassphrase)))
	}
	return nil
}

// demoGUI opens a throw-away demo vault in the desktop app.
func (r *runner) demoGUI(sc demo.Scale, seed int64) error {
	if r.env.OpenGUI == nil {
		return usageErr("cli.usage.demo_needs_out", nil)
	}
	pass, err := r.demoPass()
	if err != nil {
		return err
	}
	defer clear(pass)
	tmp, err := os.MkdirTemp("", "safehouse-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "vault")
	// A throwaway vault: no generation record is left behind for it.
	vault.SkipSeen(dir)
	if err := r.makeDemo(dir, pass, sc, seed); err != nil {
		return err
	}
	return r.env.OpenGUI(dir, true)
}

func (r *runner) demoPass() ([]byte, error) {
	if r.passFile != "" {
		return r.readPassFile("passphrase-file", r.passFile)
	}
	return []byte(demoPassphrase), nil
}

// makeDemo creates a vault in dir filled with fictional data. A folder
// it created is removed again on failure.
func (r *runner) makeDemo(dir string, pass []byte, sc demo.Scale, seed int64) (err error) {
	_, statErr := os.Stat(dir)
	created := errors.Is(statErr, os.ErrNotExist)
	s, err := app.Create(dir, pass)
	if err != nil {
		return err
	}
	defer func() {
		s.Close()
		if err != nil && created {
			os.RemoveAll(dir)
		}
	}()
	if err := demo.Populate(r.ctx, s.Store(), sc, seed); err != nil {
		return err
	}
	return s.Lock()
}
