package zones

import (
	"errors"
	"io/fs"
	"os"
	"testing"
	"time"
)

func TestAll(t *testing.T) {
	t.Parallel()
	zs := All()
	if len(zs) < 300 || zs[0].ID != UTC {
		t.Fatalf("%d zones, first %q", len(zs), zs[0].ID)
	}
	z, ok := Lookup("Africa/Nairobi")
	if !ok || z.City != "Nairobi" || z.Country != "KE" {
		t.Fatalf("Nairobi = %+v %v", z, ok)
	}
	if z, _ := Lookup("America/Argentina/Buenos_Aires"); z.City != "Buenos Aires" || z.Country != "AR" {
		t.Fatalf("Buenos Aires = %+v", z)
	}
	if _, ok := Lookup("Mars/Olympus"); ok {
		t.Fatal("unknown zone found")
	}
	for _, z := range zs[1:] {
		if z.Country == "" || z.City == "" {
			t.Errorf("zone %+v lacks a city or country", z)
		}
	}
}

func TestOffset(t *testing.T) {
	t.Parallel()
	at := time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC)
	for id, want := range map[string]string{
		"Africa/Nairobi": "UTC+03:00", "America/New_York": "UTC-05:00", "Asia/Kolkata": "UTC+05:30",
		"America/St_Johns": "UTC-03:30", "UTC": "UTC+00:00", "Asia/Tehran": "UTC+03:30",
	} {
		loc, err := time.LoadLocation(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := Offset(loc, at); got != want {
			t.Errorf("Offset(%s) = %q, want %q", id, got, want)
		}
	}
	ny, _ := time.LoadLocation("America/New_York")
	if got := Offset(ny, time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)); got != "UTC-04:00" {
		t.Errorf("summer offset %q", got)
	}
}

func TestFromWindows(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"E. Africa Standard Time": "Africa/Nairobi", "Pacific Standard Time": "America/Los_Angeles", "Iran Standard Time": "Asia/Tehran",
	} {
		if got, ok := FromWindows(name); !ok || got != want {
			t.Errorf("FromWindows(%q) = %q %v", name, got, ok)
		}
	}
	if _, ok := FromWindows("Mars Standard Time"); ok {
		t.Error("unknown Windows zone mapped")
	}
	// Every mapped zone loads.
	for name, id := range windowsZones {
		if !valid(id) {
			t.Errorf("%q maps to %q, which does not load", name, id)
		}
	}
}

// fakeSystem is a computer: environment, links and files.
type fakeSystem struct {
	env   map[string]string
	links map[string]string
	files map[string]string
}

func (f fakeSystem) sources(goos, goName string) sources {
	return sources{
		goos: goos,
		getenv: func(k string) (string, bool) {
			v, ok := f.env[k]
			return v, ok
		},
		readlink: func(p string) (string, error) {
			if t, ok := f.links[p]; ok {
				return t, nil
			}
			return "", fs.ErrInvalid
		},
		readFile: func(p string) ([]byte, error) {
			if b, ok := f.files[p]; ok {
				return []byte(b), nil
			}
			return nil, fs.ErrNotExist
		},
		zoneinfo: []string{"/usr/share/zoneinfo"},
		windows: func() (string, error) {
			if n, ok := f.env["registry"]; ok {
				return n, nil
			}
			return "", errors.New("no key")
		},
		goName: goName,
	}
}

func TestLocalSources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		sys    fakeSystem
		goos   string
		goName string
		want   string
	}{
		{"TZ names the zone", fakeSystem{env: map[string]string{"TZ": "Asia/Tehran"}}, "linux", "Asia/Tehran", "Asia/Tehran"},
		{"TZ with a colon", fakeSystem{env: map[string]string{"TZ": ":Europe/Berlin"}}, "linux", "Local", "Europe/Berlin"},
		{"TZ as a file path", fakeSystem{env: map[string]string{"TZ": "/usr/share/zoneinfo/Africa/Nairobi"}}, "linux", "Local", "Africa/Nairobi"},
		{"empty TZ is UTC", fakeSystem{env: map[string]string{"TZ": ""}, links: map[string]string{"/etc/localtime": "/usr/share/zoneinfo/Asia/Tokyo"}}, "linux", "Local", "UTC"},
		{"bad TZ falls through to the link", fakeSystem{env: map[string]string{"TZ": "Mars/Olympus"}, links: map[string]string{"/etc/localtime": "/usr/share/zoneinfo/Asia/Tokyo"}}, "linux", "Local", "Asia/Tokyo"},
		{"/etc/localtime link", fakeSystem{links: map[string]string{"/etc/localtime": "/usr/share/zoneinfo/America/Argentina/Buenos_Aires"}}, "linux", "Local", "America/Argentina/Buenos_Aires"},
		{"relative link", fakeSystem{links: map[string]string{"/etc/localtime": "../usr/share/zoneinfo/Europe/Paris"}}, "linux", "Local", "Europe/Paris"},
		{"macOS link", fakeSystem{links: map[string]string{"/etc/localtime": "/var/db/timezone/zoneinfo/America/Bogota"}}, "darwin", "Local", "America/Bogota"},
		{"posix folder", fakeSystem{links: map[string]string{"/etc/localtime": "/usr/share/zoneinfo/posix/Asia/Dhaka"}}, "linux", "Local", "Asia/Dhaka"},
		{"/etc/timezone", fakeSystem{files: map[string]string{"/etc/timezone": "Africa/Lagos\n"}}, "linux", "Local", "Africa/Lagos"},
		{"copied file", fakeSystem{files: map[string]string{
			"/etc/localtime": "TZif-kathmandu", "/usr/share/zoneinfo/Asia/Kathmandu": "TZif-kathmandu", "/usr/share/zoneinfo/Asia/Dhaka": "TZif-dhaka",
		}}, "linux", "Local", "Asia/Kathmandu"},
		{"Go's own name", fakeSystem{}, "linux", "Europe/Kyiv", "Europe/Kyiv"},
		{"nothing known", fakeSystem{}, "linux", "Local", "UTC"},
		{"link to nowhere", fakeSystem{links: map[string]string{"/etc/localtime": "/tmp/whatever"}}, "linux", "Local", "UTC"},
		{"Windows registry", fakeSystem{env: map[string]string{"registry": "E. Africa Standard Time", "TZ": "Asia/Tokyo"}}, "windows", "Local", "Africa/Nairobi"},
		{"Windows unknown name", fakeSystem{env: map[string]string{"registry": "Mars Standard Time"}}, "windows", "Local", "UTC"},
		{"Windows without the key", fakeSystem{}, "windows", "Local", "UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.sys.sources(tt.goos, tt.goName).find(); got != tt.want {
				t.Errorf("found %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCanonicalUTC(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"Etc/UTC", "UCT", "Zulu", "Etc/GMT", "UTC"} {
		if got := canonical(id); got != UTC {
			t.Errorf("canonical(%q) = %q", id, got)
		}
	}
	if got := canonical("Europe/London"); got != "Europe/London" {
		t.Errorf("London became %q", got)
	}
}

// On this computer, Local finds a zone that loads, and agrees with
// /etc/localtime when that is a link.
func TestLocalHere(t *testing.T) {
	id := Local()
	if !valid(id) {
		t.Fatalf("Local() = %q does not load", id)
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil && fromPath(target) != "" {
		if _, set := os.LookupEnv("TZ"); !set && id != canonical(fromPath(target)) {
			t.Errorf("Local() = %q, /etc/localtime links to %q", id, target)
		}
	}
}
