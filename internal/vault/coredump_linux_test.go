//go:build linux

package vault

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func init() {
	if os.Getenv("SAFEHOUSE_VAULT_NODUMP_CHILD") == "1" {
		os.Exit(runNoDumpChild())
	}
}

// runNoDumpChild is the child of TestDisableCoreDumps: it reports what the
// kernel says after DisableCoreDumps.
func runNoDumpChild() int {
	if err := DisableCoreDumps(); err != nil {
		os.Stdout.WriteString("error " + err.Error())
		return 1
	}
	dumpable, _ := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	var lim unix.Rlimit
	unix.Getrlimit(unix.RLIMIT_CORE, &lim)
	if dumpable == 0 && lim.Cur == 0 && lim.Max == 0 {
		os.Stdout.WriteString("no dumps")
	} else {
		os.Stdout.WriteString("dumps possible")
	}
	return 0
}

// TestDisableCoreDumps: after the call the process is not dumpable and its
// core size limit is zero (checked in a child, not to change the test
// process).
func TestDisableCoreDumps(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SAFEHOUSE_VAULT_NODUMP_CHILD=1")
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "no dumps") {
		t.Fatalf("child: %q %v", out, err)
	}
}
