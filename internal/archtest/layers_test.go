package archtest

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/safehouse-app/safehouse/"

// layers lists every package from the top (the binary) down. A package
// may import only packages of lower layers: never one of its own layer,
// never one above. docs/architecture.md draws the same table.
var layers = [][]string{
	{"cmd/safehouse", "scripts/benchimage"},
	{"internal/ui", "internal/cli"},
	{"internal/ui/charts", "internal/ui/rtl"},
	{"internal/app"},
	{"internal/merge", "internal/demo"},
	// ics beside store: the calendar format never reaches the vault.
	{"internal/store", "internal/bundle", "internal/bundle/bundletest", "internal/interop/ics"},
	{"internal/campaign", "internal/interop/contactio", "internal/identity", "internal/names",
		"internal/passphrase", "internal/portable", "internal/i18n", "internal/i18n/clocale",
		"internal/vault", "internal/zones"},
	{"internal/contact", "internal/event", "internal/tutorial"},
	{"internal/date", "internal/validate", "internal/textsafe", "internal/assetfs"},
	{"internal/textfold", "internal/record", "internal/archtest", "assets", "locales"},
}

// fyneAllowed are the only packages that may import fyne.io/...
var fyneAllowed = map[string]bool{"cmd/safehouse": true, "internal/ui": true, "internal/ui/charts": true,
	"internal/ui/rtl": true}

// imports returns each package of the module with its imports, as the go
// command lists them with the given build tags.
func imports(t *testing.T, tags string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-tags", tags, "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	pkgs := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkgs[strings.TrimPrefix(f[0], module)] = f[1:]
	}
	return pkgs
}

func TestImportsRunOneWay(t *testing.T) {
	rank := map[string]int{}
	for i, layer := range layers {
		for _, p := range layer {
			rank[p] = len(layers) - i
		}
	}
	for _, tags := range []string{"", "ci"} {
		pkgs := imports(t, tags)
		if len(pkgs) < 20 {
			t.Fatalf("go list found only %d packages", len(pkgs))
		}
		for p, deps := range pkgs {
			r, ok := rank[p]
			if !ok {
				t.Errorf("package %s is in no layer: add it to layers and to docs/architecture.md", p)
				continue
			}
			for _, d := range deps {
				if strings.HasPrefix(d, "fyne.io/") && !fyneAllowed[p] {
					t.Errorf("%s imports %s: only the desktop app may import Fyne", p, d)
				}
				if !strings.HasPrefix(d, module) {
					continue
				}
				d = strings.TrimPrefix(d, module)
				if rank[d] >= r {
					t.Errorf("%s (layer %d) imports %s (layer %d): imports must run down only", p, r, d, rank[d])
				}
			}
		}
	}
}
