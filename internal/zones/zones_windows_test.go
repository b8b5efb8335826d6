//go:build windows

package zones

import "testing"

// On Windows the computer's zone comes from the registry (under Wine,
// Wine's name for the host's zone).
func TestWindowsRegistryZone(t *testing.T) {
	name, err := windowsZoneName()
	if err != nil || name == "" {
		t.Fatalf("registry zone name %q: %v", name, err)
	}
	id, ok := FromWindows(name)
	t.Logf("registry: %q -> %q (%v); Local() = %q", name, id, ok, Local())
	if ok && Local() != canonical(id) {
		t.Errorf("Local() = %q, want %q", Local(), canonical(id))
	}
}
