package ui

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode/utf16"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Bold Chinese, Japanese and Korean.
//
// Fyne's bundled fonts have no CJK glyphs, so Fyne falls back to a font of
// the system for them, always in the regular weight: headings and bold
// text in Chinese looked like body text. When the interface language is
// Chinese, Japanese or Korean, setFontLanguage looks for a bold CJK font
// on the system (Noto Sans CJK or Source Han Sans on Linux, Microsoft
// YaHei/JhengHei, Yu Gothic or Malgun Gothic on Windows, PingFang on
// macOS), takes the face for the language out of the collection, and the
// theme (theme.go) uses it for bold text. Its Latin letters are the CJK
// font's own. Nothing is downloaded; without such a font bold CJK text
// stays regular, as before.

var cjkFont struct {
	mu   sync.Mutex
	lang string
	bold fyne.Resource
}

// cjkBoldFont returns the bold face for the current CJK language, or nil.
func cjkBoldFont() fyne.Resource {
	cjkFont.mu.Lock()
	defer cjkFont.mu.Unlock()
	return cjkFont.bold
}

// cjkRegion returns the region code of the CJK fonts' faces for a
// language tag ("SC", "TC", "HK", "JP", "KR"), or "" when the language
// is not written in CJK characters.
func cjkRegion(lang string) string {
	l := strings.ToLower(lang)
	switch {
	case l == "zh-hk" || strings.HasPrefix(l, "zh-hant-hk"):
		return "HK"
	case strings.HasPrefix(l, "zh-hant") || l == "zh-tw" || l == "zh-mo":
		return "TC"
	case l == "zh" || strings.HasPrefix(l, "zh-"):
		return "SC"
	case l == "ja" || strings.HasPrefix(l, "ja-"):
		return "JP"
	case l == "ko" || strings.HasPrefix(l, "ko-"):
		return "KR"
	}
	return ""
}

// setFontLanguage loads the bold CJK face for lang (or drops it for other
// languages) and sets the app's theme again so text is measured and drawn
// with it. The face is only used through appTheme, so an app still on
// Fyne's default theme (the "system" choice at start-up) gets appTheme
// following the system's variant.
func setFontLanguage(lang string) {
	if a := fyne.CurrentApp(); a != nil && a.Settings().Theme() == theme.DefaultTheme() {
		a.Settings().SetTheme(newAppTheme(themeSystem))
	}
	region := cjkRegion(lang)
	cjkFont.mu.Lock()
	if region == cjkFont.lang {
		cjkFont.mu.Unlock()
		return
	}
	cjkFont.lang = region
	cjkFont.bold = nil
	if region != "" {
		names, dirs := cjkBoldFiles(region, runtime.GOOS, os.Getenv)
		if data, err := findCJKBold(region, names, dirs); err == nil {
			cjkFont.bold = fyne.NewStaticResource("cjk-bold-"+strings.ToLower(region)+".otf", data)
		} else {
			fyne.LogError("bold CJK font", err)
		}
	}
	cjkFont.mu.Unlock()
	if a := fyne.CurrentApp(); a != nil {
		if th, ok := a.Settings().Theme().(*appTheme); ok {
			a.Settings().SetTheme(th)
		}
	}
}

// cjkBoldFiles lists the file names of bold CJK fonts for an operating
// system, best first, and the folders to look in.
func cjkBoldFiles(region, goos string, getenv func(string) string) (names, dirs []string) {
	home := getenv("HOME")
	switch goos {
	case "windows":
		dirs = []string{filepath.Join(getenv("WINDIR"), "Fonts"), filepath.Join(getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts")}
		switch region {
		case "SC":
			names = []string{"msyhbd.ttc", "msyhbd.ttf"}
		case "TC", "HK":
			names = []string{"msjhbd.ttc", "msjhbd.ttf"}
		case "JP":
			names = []string{"YuGothB.ttc", "meiryob.ttc"}
		case "KR":
			names = []string{"malgunbd.ttf"}
		}
	case "darwin":
		dirs = []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library", "Fonts")}
		names = []string{"PingFang.ttc", "Hiragino Sans GB.ttc", "AppleSDGothicNeo.ttc"}
	default:
		dirs = []string{"/usr/share/fonts", "/usr/local/share/fonts", filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts")}
		if d := getenv("XDG_DATA_HOME"); d != "" {
			dirs = append(dirs, filepath.Join(d, "fonts"))
		}
		lower := strings.ToLower(region)
		names = []string{
			"NotoSansCJK-Bold.ttc", "NotoSansCJK" + lower + "-Bold.otf", "NotoSans" + region + "-Bold.otf",
			"SourceHanSans-Bold.ttc", "SourceHanSans" + region + "-Bold.otf", "SourceHanSans-Bold.otf",
		}
	}
	return names, dirs
}

// maxFontFile bounds the size of a font file read (the Noto CJK bold
// collection is about 20 MB).
const maxFontFile = 64 << 20

// findCJKBold returns a standalone font (one face, OpenType) for region
// from the first of the files names found in dirs.
func findCJKBold(region string, names, dirs []string) ([]byte, error) {
	for _, name := range names {
		for _, dir := range dirs {
			path, ok := findFile(dir, name, 4)
			if !ok {
				continue
			}
			info, err := os.Stat(path)
			if err != nil || info.Size() > maxFontFile {
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			if face, err := pickFace(data, region); err == nil {
				return face, nil
			}
		}
	}
	return nil, fmt.Errorf("no bold %s font found", region)
}

// findFile looks for a file called name under dir, at most depth folders
// down, visiting a bounded number of entries.
func findFile(dir, name string, depth int) (string, bool) {
	if dir == "" {
		return "", false
	}
	if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
		return filepath.Join(dir, name), true
	}
	found := ""
	visited := 0
	base := strings.Count(filepath.Clean(dir), string(filepath.Separator))
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		visited++
		if err != nil || visited > 20000 {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if strings.Count(filepath.Clean(p), string(filepath.Separator))-base >= depth {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.EqualFold(d.Name(), name) {
			found = p
			return filepath.SkipAll
		}
		return nil
	})
	return found, found != ""
}

// pickFace returns the face of a font file (a collection or a single
// font) that suits region: a family naming the region ("Noto Sans CJK
// SC"), never a monospaced one, and for collections of several weights
// (PingFang) a bold or semibold one.
func pickFace(data []byte, region string) ([]byte, error) {
	faces, err := fontFaces(data)
	if err != nil {
		return nil, err
	}
	best, bestScore := -1, -1
	for i, f := range faces {
		family, sub := fontNames(f)
		score := 0
		up := strings.ToUpper(family + " " + sub)
		if strings.Contains(up, "MONO") {
			continue
		}
		if strings.Contains(up, " "+region) || strings.HasSuffix(strings.ToUpper(family), region) {
			score += 4
		}
		if strings.Contains(up, "BOLD") || strings.Contains(up, "SEMIBOLD") || strings.Contains(up, "W6") {
			score += 2
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return nil, errors.New("no suitable face in the font file")
	}
	return faces[best], nil
}

// Font files: a collection ("ttcf") holds several fonts sharing tables;
// a font starts with its table directory.
const (
	ttcTag       = "ttcf"
	maxFaces     = 64
	maxTables    = 256
	tableRecSize = 16
)

// fontFaces returns each face of data as a standalone font: data itself
// for a single font, a copy of each face's tables for a collection.
func fontFaces(data []byte) ([][]byte, error) {
	if len(data) < 12 {
		return nil, errors.New("font file too short")
	}
	if string(data[:4]) != ttcTag {
		if _, err := tableDirectory(data, 0); err != nil {
			return nil, err
		}
		return [][]byte{data}, nil
	}
	n := binary.BigEndian.Uint32(data[8:12])
	if n == 0 || n > maxFaces || 12+4*int(n) > len(data) {
		return nil, fmt.Errorf("font collection with %d faces", n)
	}
	out := make([][]byte, 0, n)
	for i := 0; i < int(n); i++ {
		off := binary.BigEndian.Uint32(data[12+4*i:])
		face, err := extractFace(data, int(off))
		if err != nil {
			return nil, fmt.Errorf("face %d: %w", i, err)
		}
		out = append(out, face)
	}
	return out, nil
}

// fontTable is one entry of a table directory.
type fontTable struct {
	tag            string
	checksum       uint32
	offset, length int
}

// tableDirectory reads the table directory at off, checking that every
// table lies inside data.
func tableDirectory(data []byte, off int) ([]fontTable, error) {
	if off < 0 || off+12 > len(data) {
		return nil, errors.New("table directory out of range")
	}
	n := int(binary.BigEndian.Uint16(data[off+4:]))
	if n == 0 || n > maxTables || off+12+n*tableRecSize > len(data) {
		return nil, fmt.Errorf("font with %d tables", n)
	}
	tables := make([]fontTable, n)
	for i := range tables {
		rec := data[off+12+i*tableRecSize:]
		t := fontTable{
			tag:      string(rec[0:4]),
			checksum: binary.BigEndian.Uint32(rec[4:]),
			offset:   int(binary.BigEndian.Uint32(rec[8:])),
			length:   int(binary.BigEndian.Uint32(rec[12:])),
		}
		if t.offset < 0 || t.length < 0 || t.offset > len(data) || t.length > len(data)-t.offset {
			return nil, fmt.Errorf("table %q out of range", t.tag)
		}
		tables[i] = t
	}
	return tables, nil
}

// extractFace copies the face whose table directory is at off into a
// standalone font.
func extractFace(data []byte, off int) ([]byte, error) {
	tables, err := tableDirectory(data, off)
	if err != nil {
		return nil, err
	}
	size := 12 + len(tables)*tableRecSize
	for _, t := range tables {
		size += (t.length + 3) &^ 3
	}
	out := make([]byte, 12+len(tables)*tableRecSize, size)
	copy(out[:12], data[off:off+12])
	for i, t := range tables {
		rec := out[12+i*tableRecSize:]
		copy(rec[0:4], t.tag)
		binary.BigEndian.PutUint32(rec[4:], t.checksum)
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(t.length))
		out = append(out, data[t.offset:t.offset+t.length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}

// fontNames returns the family (typographic family when given) and
// subfamily names of a single font, or "" when it has none.
func fontNames(font []byte) (family, sub string) {
	tables, err := tableDirectory(font, 0)
	if err != nil {
		return "", ""
	}
	var name []byte
	for _, t := range tables {
		if t.tag == "name" {
			name = font[t.offset : t.offset+t.length]
		}
	}
	if len(name) < 6 {
		return "", ""
	}
	count := int(binary.BigEndian.Uint16(name[2:]))
	strings0 := int(binary.BigEndian.Uint16(name[4:]))
	found := map[uint16]string{}
	for i := 0; i < count && 6+i*12+12 <= len(name); i++ {
		rec := name[6+i*12:]
		platform, encoding := binary.BigEndian.Uint16(rec[0:]), binary.BigEndian.Uint16(rec[2:])
		lang, id := binary.BigEndian.Uint16(rec[4:]), binary.BigEndian.Uint16(rec[6:])
		length, offset := int(binary.BigEndian.Uint16(rec[8:])), int(binary.BigEndian.Uint16(rec[10:]))
		start := strings0 + offset
		if start < 0 || start+length > len(name) || id != 1 && id != 2 && id != 16 && id != 17 {
			continue
		}
		raw := name[start : start+length]
		var s string
		switch {
		case platform == 3 && (encoding == 1 || encoding == 10) && length%2 == 0:
			if lang != 0x0409 && found[id] != "" {
				continue // prefer the US English name
			}
			u := make([]uint16, length/2)
			for k := range u {
				u[k] = binary.BigEndian.Uint16(raw[2*k:])
			}
			s = string(utf16.Decode(u))
		case platform == 1 && encoding == 0:
			if found[id] != "" {
				continue
			}
			s = string(raw)
		default:
			continue
		}
		found[id] = s
	}
	family, sub = found[16], found[17]
	if family == "" {
		family = found[1]
	}
	if sub == "" {
		sub = found[2]
	}
	return family, sub
}
