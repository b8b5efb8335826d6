//go:build windows

package zones

import "golang.org/x/sys/windows/registry"

// windowsZoneName reads the name Windows gives the computer's zone, such
// as "E. Africa Standard Time".
func windowsZoneName() (string, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Control\TimeZoneInformation`, registry.QUERY_VALUE)
	if err != nil {
		return "", err
	}
	defer k.Close()
	name, _, err := k.GetStringValue("TimeZoneKeyName")
	return name, err
}
