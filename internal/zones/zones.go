// Package zones knows the time zones Safehouse offers for events (the
// IANA zones of tzdata's zone.tab, each with its country) and finds the
// computer's own zone as an IANA ID, which Go's time.Local does not
// always name: on Linux it is often just "Local", on Windows always.
//
// The table is generated from zone.tab (go run gen_table.go, see there).
// Events store the IANA ID; pickers show a city, a country and the UTC
// offset, which the interface puts together.
package zones

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	// The time zone database, for computers that have none: Windows has
	// no tzdata, and without it no zone but UTC loads (Go uses the
	// system's tzdata first where there is one). It adds about 450 KB.
	_ "time/tzdata"
)

// zone is one row of the generated table.
type zone struct{ id, country string }

// Zone is a time zone a picker offers.
type Zone struct {
	// ID is the IANA ID the event stores: "Africa/Nairobi".
	ID string
	// City is the English place name of the ID: "Nairobi",
	// "Buenos Aires"; "UTC" for UTC.
	City string
	// Country is the ISO 3166-1 code of the zone's country, "" for UTC.
	Country string
	// Location is the loaded zone.
	Location *time.Location
}

// UTC is the ID of Coordinated Universal Time, the zone of last resort.
const UTC = "UTC"

var (
	allOnce sync.Once
	all     []Zone
)

// All returns UTC and every zone of the table that this computer can
// load (a build without tzdata on a computer without it loads none but
// UTC), sorted by ID after UTC. The slice is shared: do not modify it.
func All() []Zone {
	allOnce.Do(func() {
		all = []Zone{{ID: UTC, City: UTC, Location: time.UTC}}
		for _, z := range table {
			if loc, err := time.LoadLocation(z.id); err == nil {
				all = append(all, Zone{ID: z.id, City: City(z.id), Country: z.country, Location: loc})
			}
		}
	})
	return all
}

// Lookup returns the zone with the given ID, if the table has it (an
// event may still use another valid ID, such as a link "Asia/Calcutta").
func Lookup(id string) (Zone, bool) {
	for _, z := range All() {
		if z.ID == id {
			return z, true
		}
	}
	return Zone{}, false
}

// City returns the place name of an IANA ID, in English as tzdata writes
// it: "America/Argentina/Buenos_Aires" gives "Buenos Aires".
func City(id string) string {
	city := id[strings.LastIndexByte(id, '/')+1:]
	return strings.ReplaceAll(city, "_", " ")
}

// Offset writes the UTC offset of loc at t: "UTC+03:00", "UTC-04:30",
// "UTC+00:00".
func Offset(loc *time.Location, t time.Time) string {
	_, off := t.In(loc).Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off%3600/60)
}

// Local returns the IANA ID of the computer's time zone, or UTC when it
// cannot be found.
func Local() string {
	localOnce.Do(func() { local = canonical(systemSources().find()) })
	return local
}

// utcNames are the other names tzdata gives UTC (and the zero-offset
// GMT zones, which never change either).
var utcNames = map[string]bool{
	"Etc/UTC": true, "Etc/UCT": true, "Etc/Universal": true, "Etc/Zulu": true, "UCT": true, "Universal": true,
	"Zulu": true, "Etc/GMT": true, "Etc/GMT0": true, "Etc/GMT+0": true, "Etc/GMT-0": true, "Etc/Greenwich": true,
	"GMT": true, "GMT0": true, "GMT+0": true, "GMT-0": true, "Greenwich": true,
}

// canonical names every spelling of UTC "UTC", the zone pickers list.
func canonical(id string) string {
	if utcNames[id] {
		return UTC
	}
	return id
}

var (
	localOnce sync.Once
	local     string
)

// sources are where the computer's zone may be found, replaceable in
// tests.
type sources struct {
	goos     string
	getenv   func(string) (string, bool)
	readlink func(string) (string, error)
	readFile func(string) ([]byte, error)
	// zoneinfo lists the folders holding tzdata files, tried in order.
	zoneinfo []string
	// windows returns the registry's zone name (Windows only).
	windows func() (string, error)
	// goName is time.Local's name ("Local" when Go does not know it).
	goName string
}

func systemSources() sources {
	dirs := []string{"/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo", "/var/db/timezone/zoneinfo"}
	if d := os.Getenv("ZONEINFO"); d != "" {
		dirs = append([]string{d}, dirs...)
	}
	return sources{
		goos:     runtime.GOOS,
		getenv:   os.LookupEnv,
		readlink: os.Readlink,
		readFile: os.ReadFile,
		zoneinfo: dirs,
		windows:  windowsZoneName,
		goName:   time.Local.String(),
	}
}

// valid reports whether id names a zone that loads (and is not "Local",
// which depends on the computer).
func valid(id string) bool {
	if id == "" || id == "Local" || strings.Contains(id, "..") || strings.HasPrefix(id, "/") {
		return false
	}
	_, err := time.LoadLocation(id)
	return err == nil
}

// fromPath returns the IANA ID at the end of a tzdata file path
// (".../zoneinfo/Europe/Berlin", also "zoneinfo/posix/..." and
// "zoneinfo.default/..."), or "".
func fromPath(p string) string {
	p = filepath.ToSlash(p)
	i := strings.LastIndex(p, "zoneinfo")
	if i < 0 {
		return ""
	}
	rest := p[i+len("zoneinfo"):]
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		rest = rest[j+1:]
	} else {
		return ""
	}
	for _, prefix := range []string{"posix/", "right/"} {
		rest = strings.TrimPrefix(rest, prefix)
	}
	if valid(rest) {
		return rest
	}
	return ""
}

// find looks for the zone in order: the TZ variable, the /etc/localtime
// link, /etc/timezone (Debian), the tzdata file equal to /etc/localtime,
// Go's own name for it, the Windows registry; else UTC.
func (s sources) find() string {
	if s.goos == "windows" {
		if s.windows != nil {
			if name, err := s.windows(); err == nil {
				if id, ok := FromWindows(strings.TrimSpace(name)); ok && valid(id) {
					return id
				}
			}
		}
		return UTC
	}
	if tz, ok := s.getenv("TZ"); ok {
		tz = strings.TrimPrefix(tz, ":")
		switch {
		case tz == "":
			return UTC // POSIX: an empty TZ is UTC
		case strings.HasPrefix(tz, "/"):
			if id := fromPath(tz); id != "" {
				return id
			}
		case valid(tz):
			return tz
		}
	}
	if target, err := s.readlink("/etc/localtime"); err == nil {
		if id := fromPath(target); id != "" {
			return id
		}
	}
	if b, err := s.readFile("/etc/timezone"); err == nil {
		if id := strings.TrimSpace(string(b)); valid(id) {
			return id
		}
	}
	if id := s.sameFile("/etc/localtime"); id != "" {
		return id
	}
	if valid(s.goName) {
		return s.goName
	}
	return UTC
}

// sameFile returns the first zone of the table whose tzdata file has the
// same bytes as path (a copied /etc/localtime), or "".
func (s sources) sameFile(path string) string {
	want, err := s.readFile(path)
	if err != nil || len(want) == 0 {
		return ""
	}
	for _, dir := range s.zoneinfo {
		for _, z := range append([]zone{{id: UTC}}, table...) {
			if b, err := s.readFile(dir + "/" + z.id); err == nil && bytes.Equal(b, want) && valid(z.id) {
				return z.id
			}
		}
	}
	return ""
}
