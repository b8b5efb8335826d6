package cli

import (
	"strings"
	"testing"
)

// TestDuressCommands: set (from a file and from the terminal, refusing
// the vault passphrase), status, edit the decoy, and the duress
// passphrase at unlock.
func TestDuressCommands(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	c.ok("contact", "add", "--name", "Amina K.")
	if out := c.ok("duress", "status"); !strings.Contains(out, text("cli.duress.status_off")) {
		t.Fatalf("status of a new vault: %q", out)
	}
	// The vault's own passphrase is refused, even from a file.
	c.fail(1, text("duress.same_as_vault"), "duress", "set", "--duress-passphrase-file", c.passFile)
	c.fail(2, "", "duress", "set", "extra")
	duressFile := writeFile(t, "duress", "an evening at the library\n")
	if out := c.ok("duress", "set", "--duress-passphrase-file", duressFile); !strings.Contains(out, "safehouse duress edit") {
		t.Fatalf("set: %q", out)
	}
	if out := c.ok("duress", "status"); !strings.Contains(out, text("cli.duress.status_on")) {
		t.Fatalf("status after set: %q", out)
	}

	// Edit the decoy with the vault's passphrase: the vault is untouched.
	r := c.run("duress", "edit", "contact", "add", "--name", "Decoy Friend")
	if r.code != 0 || !strings.Contains(r.stderr, text("cli.duress.editing")) {
		t.Fatalf("duress edit: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if out := c.ok("duress", "edit", "contact", "list"); !strings.Contains(out, "Decoy Friend") || strings.Contains(out, "Amina K.") {
		t.Fatalf("decoy contacts: %q", out)
	}
	if out := c.ok("contact", "list"); strings.Contains(out, "Decoy Friend") || !strings.Contains(out, "Amina K.") {
		t.Fatalf("vault contacts: %q", out)
	}
	c.fail(2, "", "duress", "edit", "wipe")
	c.fail(2, "", "duress", "edit")

	// The vault passphrase cannot become the duress one.
	c.fail(1, text("error.passphrase_taken"), "passwd", "--new-passphrase-file", duressFile)

	// Interactive set: asked twice, without echo.
	c2 := c.in(t)
	c2.answers = []string{testPass, "another ordinary evening", "another ordinary evening"}
	r = c2.runRaw("--vault", c.dir, "duress", "set")
	if r.code != 0 {
		t.Fatalf("interactive set: %d %q", r.code, r.stderr)
	}
	// The duress passphrase at unlock: the decoy, as an ordinary vault.
	c.passFile = writeFile(t, "d2", "another ordinary evening\n")
	out := c.ok("contact", "list")
	if strings.Contains(out, "Amina K.") || strings.Contains(out, "Decoy Friend") {
		t.Fatalf("contacts after the duress unlock: %q", out)
	}
	if out := c.ok("duress", "status"); !strings.Contains(out, text("cli.duress.status_off")) {
		t.Fatalf("the decoy's status: %q", out)
	}
}

func TestDuressClear(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	duressFile := writeFile(t, "duress", "an evening at the library\n")
	c.ok("duress", "set", "--duress-passphrase-file", duressFile)
	if out := c.ok("duress", "clear"); !strings.Contains(out, text("cli.duress.cleared")) {
		t.Fatalf("clear: %q", out)
	}
	c.fail(1, text("duress.no_decoy"), "duress", "edit", "contact", "list")
	c.passFile = duressFile
	c.fail(1, text("error.wrong_passphrase"), "contact", "list")
}
