package cli

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryCLocaleIsQuietEnglish: with the C or POSIX locale, or none,
// the real binary speaks English and writes nothing to standard error
// (the toolkit used to log "Error parsing user locale C" three times).
func TestBinaryCLocaleIsQuietEnglish(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	home := t.TempDir()
	for name, vars := range map[string][]string{
		"LANG=C":         {"LANG=C"},
		"LANG=C.UTF-8":   {"LANG=C.UTF-8"},
		"LANG=POSIX":     {"LANG=POSIX"},
		"LC_ALL=C.UTF-8": {"LC_ALL=C.UTF-8", "LANG=C.UTF-8"},
		"no LANG":        nil,
	} {
		cmd := exec.Command(bin, "help")
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home}, vars...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("%s: %v; stderr %q", name, err, stderr.String())
			continue
		}
		if stderr.Len() != 0 {
			t.Errorf("%s: stderr %q", name, stderr.String())
		}
		if !strings.Contains(stdout.String(), "Usage") {
			t.Errorf("%s: help is not in English: %q", name, stdout.String())
		}
	}
}
