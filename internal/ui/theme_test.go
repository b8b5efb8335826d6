package ui

import (
	"bytes"
	"encoding/binary"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf16"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// luminance is the relative luminance of c drawn over bg (WCAG 2.x).
func luminance(c, bg color.Color) float64 {
	ch := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	r, g, b, a := c.RGBA()
	br, bgG, bb, _ := bg.RGBA()
	// Premultiplied colour over an opaque background.
	inv := 0xffff - a
	r, g, b = r+br*inv/0xffff, g+bgG*inv/0xffff, b+bb*inv/0xffff
	return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
}

// contrast is the WCAG contrast ratio of fg over bg.
func contrast(fg, bg color.Color) float64 {
	a, b := luminance(fg, bg), luminance(bg, bg)
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// Every colour pair a reader depends on meets WCAG 2.1 AA in both
// variants: 4.5:1 for text, 3:1 for the outlines of controls, the
// checked state and the focus ring.
func TestThemeContrast(t *testing.T) {
	test.NewTempApp(t)
	type pair struct {
		fg, bg fyne.ThemeColorName
		min    float64
		what   string
	}
	const text, ui = 4.5, 3.0
	pairs := []pair{
		{theme.ColorNameForeground, theme.ColorNameBackground, text, "text"},
		{theme.ColorNameForeground, theme.ColorNameInputBackground, text, "typed text"},
		{theme.ColorNameForeground, theme.ColorNameOverlayBackground, text, "text in dialogs"},
		{theme.ColorNameForeground, theme.ColorNameButton, text, "button text"},
		{theme.ColorNameForeground, theme.ColorNameMenuBackground, text, "menu text"},
		{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground, text, "placeholder"},
		{theme.ColorNameDisabled, theme.ColorNameBackground, text, "low-importance text (\"Step 1 of 3\")"},
		{theme.ColorNameError, theme.ColorNameBackground, text, "danger text"},
		{theme.ColorNameError, theme.ColorNameOverlayBackground, text, "danger text in dialogs"},
		{theme.ColorNameWarning, theme.ColorNameBackground, text, "warning text"},
		{theme.ColorNameSuccess, theme.ColorNameBackground, text, "success text"},
		{theme.ColorNamePrimary, theme.ColorNameBackground, text, "high-importance text"},
		{theme.ColorNameHyperlink, theme.ColorNameBackground, text, "links"},
		{theme.ColorNameHyperlink, theme.ColorNameOverlayBackground, text, "links in dialogs"},
		{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary, text, "primary button text"},
		{theme.ColorNameForegroundOnError, theme.ColorNameError, text, "danger button text"},
		{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning, text, "warning button text"},
		{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess, text, "success button text"},
		{theme.ColorNameInputBorder, theme.ColorNameBackground, ui, "input border, unchecked box and radio"},
		{theme.ColorNameInputBorder, theme.ColorNameOverlayBackground, ui, "input border in dialogs"},
		{theme.ColorNameInputBorder, theme.ColorNameInputBackground, ui, "box outline on its fill"},
		{theme.ColorNamePrimary, theme.ColorNameBackground, ui, "checked box, focused field border, progress"},
		{theme.ColorNamePrimary, theme.ColorNameInputBackground, ui, "focused field border"},
		{colorNameFocusRing, theme.ColorNameBackground, ui, "focus ring"},
		{colorNameFocusRing, theme.ColorNameOverlayBackground, ui, "focus ring in dialogs"},
		{colorNameFocusRing, theme.ColorNameInputBackground, ui, "focus ring next to a field"},
		{colorNameFocusRing, theme.ColorNameButton, ui, "focus ring next to a button"},
		{theme.ColorNameSeparator, theme.ColorNameBackground, ui, "separator"},
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := &appTheme{variant: v, pinned: true}
		for _, p := range pairs {
			bg := th.Color(p.bg, v)
			if _, _, _, a := bg.RGBA(); a != 0xffff {
				t.Fatalf("variant %d: background %s is not opaque", v, p.bg)
			}
			if got := contrast(th.Color(p.fg, v), bg); got < p.min {
				t.Errorf("variant %d: %s: %s on %s is %.2f:1, want %.1f:1", v, p.what, p.fg, p.bg, got, p.min)
			}
		}
		// Focus must also read as different from no focus on a field:
		// the focused border against the unfocused one.
		if got := contrast(th.Color(theme.ColorNamePrimary, v), th.Color(theme.ColorNameInputBorder, v)); got < 1.3 {
			t.Errorf("variant %d: focused border barely differs from the plain one (%.2f:1)", v, got)
		}
	}
	// A failing pair is caught: Fyne's own unchecked box is.
	if c := contrast(theme.DefaultTheme().Color(theme.ColorNameInputBorder, theme.VariantDark),
		theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)); c >= ui {
		t.Errorf("Fyne's default input border now passes (%.2f): the test would not notice a regression", c)
	}
}

// The theme follows the choice stored in the preferences.
func TestAppThemeVariants(t *testing.T) {
	a := test.NewTempApp(t)
	applyTheme(a, themeLight)
	if c := a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); c != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Errorf("light theme background = %v", c)
	}
	applyTheme(a, themeDark)
	if c := a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight); c != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Errorf("dark theme background = %v", c)
	}
	applyTheme(a, themeSystem)
	th := a.Settings().Theme()
	if th.Color(theme.ColorNameInputBorder, theme.VariantLight) == th.Color(theme.ColorNameInputBorder, theme.VariantDark) {
		t.Error("the system choice does not follow the variant")
	}
}

// buildFont writes a single font with the given tables (test data).
func buildFont(tables map[string][]byte, order []string) []byte {
	var out bytes.Buffer
	head := make([]byte, 12)
	binary.BigEndian.PutUint32(head, 0x00010000)
	binary.BigEndian.PutUint16(head[4:], uint16(len(order)))
	out.Write(head)
	off := 12 + 16*len(order)
	var body bytes.Buffer
	for _, tag := range order {
		rec := make([]byte, 16)
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[8:], uint32(off+body.Len()))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(tables[tag])))
		out.Write(rec)
		body.Write(tables[tag])
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	out.Write(body.Bytes())
	return out.Bytes()
}

// nameTable builds a 'name' table with a Windows (UTF-16) family and
// subfamily.
func nameTable(family, sub string) []byte {
	strs := [][]uint16{utf16.Encode([]rune(family)), utf16.Encode([]rune(sub))}
	var b bytes.Buffer
	hdr := make([]byte, 6)
	binary.BigEndian.PutUint16(hdr[2:], 2)
	binary.BigEndian.PutUint16(hdr[4:], uint16(6+2*12))
	b.Write(hdr)
	off := 0
	for i, s := range strs {
		rec := make([]byte, 12)
		binary.BigEndian.PutUint16(rec[0:], 3)
		binary.BigEndian.PutUint16(rec[2:], 1)
		binary.BigEndian.PutUint16(rec[4:], 0x0409)
		binary.BigEndian.PutUint16(rec[6:], uint16(i+1))
		binary.BigEndian.PutUint16(rec[8:], uint16(2*len(s)))
		binary.BigEndian.PutUint16(rec[10:], uint16(off))
		b.Write(rec)
		off += 2 * len(s)
	}
	for _, s := range strs {
		for _, u := range s {
			b.Write([]byte{byte(u >> 8), byte(u)})
		}
	}
	return b.Bytes()
}

// buildCollection joins fonts into a collection.
func buildCollection(fonts ...[]byte) []byte {
	var out bytes.Buffer
	out.WriteString(ttcTag)
	hdr := make([]byte, 8+4*len(fonts))
	binary.BigEndian.PutUint16(hdr, 1)
	binary.BigEndian.PutUint32(hdr[4:], uint32(len(fonts)))
	pos := 4 + len(hdr)
	var body bytes.Buffer
	for i, f := range fonts {
		binary.BigEndian.PutUint32(hdr[8+4*i:], uint32(pos+body.Len()))
		// Shift the face's table offsets to its place in the file.
		g := append([]byte(nil), f...)
		n := int(binary.BigEndian.Uint16(g[4:]))
		for k := 0; k < n; k++ {
			rec := g[12+16*k:]
			binary.BigEndian.PutUint32(rec[8:], binary.BigEndian.Uint32(rec[8:])+uint32(pos+body.Len()))
		}
		body.Write(g)
	}
	out.Write(hdr)
	out.Write(body.Bytes())
	return out.Bytes()
}

func face(family, sub string, glyphs byte) []byte {
	return buildFont(map[string][]byte{"name": nameTable(family, sub), "glyf": bytes.Repeat([]byte{glyphs}, 37)}, []string{"glyf", "name"})
}

// The face for the language is taken out of a collection, whole.
func TestPickCJKFace(t *testing.T) {
	jp, sc, mono := face("Noto Sans CJK JP", "Bold", 1), face("Noto Sans CJK SC", "Bold", 2), face("Noto Sans Mono CJK SC", "Bold", 3)
	coll := buildCollection(jp, mono, sc)
	got, err := pickFace(coll, "SC")
	if err != nil {
		t.Fatal(err)
	}
	if fam, sub := fontNames(got); fam != "Noto Sans CJK SC" || sub != "Bold" {
		t.Fatalf("picked %q %q", fam, sub)
	}
	if !bytes.Equal(got, sc) {
		t.Error("the extracted face differs from the original font")
	}
	if got, _ := pickFace(coll, "JP"); !bytes.Equal(got, jp) {
		t.Error("JP face not picked")
	}
	// A single font is used as it is.
	if got, err := pickFace(sc, "TC"); err != nil || !bytes.Equal(got, sc) {
		t.Errorf("single font: %v", err)
	}
	// Damaged files are refused, never a panic.
	for _, bad := range [][]byte{nil, []byte("ttcf"), coll[:40], append([]byte("ttcf\x00\x01\x00\x00\xff\xff\xff\xff"), make([]byte, 64)...), sc[:20]} {
		if _, err := pickFace(bad, "SC"); err == nil {
			t.Errorf("accepted a damaged font of %d bytes", len(bad))
		}
	}
	broken := append([]byte(nil), sc...)
	binary.BigEndian.PutUint32(broken[12+8:], 1<<30) // first table far out of the file
	if _, err := pickFace(broken, "SC"); err == nil {
		t.Error("accepted a table out of range")
	}
}

func TestCJKRegion(t *testing.T) {
	for lang, want := range map[string]string{"zh-Hans": "SC", "zh": "SC", "zh-Hant": "TC", "zh-TW": "TC", "zh-HK": "HK",
		"ja": "JP", "ko": "KR", "ar": "", "en": "", "fa": ""} {
		if got := cjkRegion(lang); got != want {
			t.Errorf("cjkRegion(%q) = %q, want %q", lang, got, want)
		}
	}
}

// The bold face is found in the system's font folders and used by the
// theme for bold text only, and only for CJK languages.
func TestCJKBoldFontFromSystem(t *testing.T) {
	test.NewTempApp(t)
	home := t.TempDir()
	dir := filepath.Join(home, ".local", "share", "fonts", "noto")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	sc := face("Noto Sans CJK SC", "Bold", 2)
	if err := os.WriteFile(filepath.Join(dir, "NotoSansCJK-Bold.ttc"), buildCollection(face("Noto Sans CJK JP", "Bold", 1), sc), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}
	names, dirs := cjkBoldFiles("SC", "linux", env)
	userDir := filepath.Join(home, ".local", "share", "fonts")
	if !slices.Contains(dirs, userDir) || !slices.Contains(names, "NotoSansCJK-Bold.ttc") {
		t.Fatalf("searched %v for %v", dirs, names)
	}
	got, err := findCJKBold("SC", names, []string{userDir})
	if err != nil || !bytes.Equal(got, sc) {
		t.Fatalf("findCJKBold: %v", err)
	}
	if names, _ := cjkBoldFiles("SC", "windows", env); names[0] != "msyhbd.ttc" {
		t.Errorf("Windows names %v", names)
	}
	if _, err := findCJKBold("KR", []string{"malgunbd.ttf"}, []string{userDir}); err == nil {
		t.Error("found a font that is not there")
	}

	th := &appTheme{}
	cjkFont.mu.Lock()
	cjkFont.lang, cjkFont.bold = "SC", fyne.NewStaticResource("cjk.otf", sc)
	cjkFont.mu.Unlock()
	t.Cleanup(func() {
		cjkFont.mu.Lock()
		cjkFont.lang, cjkFont.bold = "", nil
		cjkFont.mu.Unlock()
	})
	if th.Font(fyne.TextStyle{Bold: true}).Name() != "cjk.otf" {
		t.Error("bold text does not use the CJK face")
	}
	if th.Font(fyne.TextStyle{}) != theme.DefaultTheme().Font(fyne.TextStyle{}) ||
		th.Font(fyne.TextStyle{Bold: true, Monospace: true}) != theme.DefaultTheme().Font(fyne.TextStyle{Bold: true, Monospace: true}) {
		t.Error("regular or monospaced text changed")
	}
	setFontLanguage("ar")
	if cjkBoldFont() != nil || th.Font(fyne.TextStyle{Bold: true}) != theme.DefaultTheme().Font(fyne.TextStyle{Bold: true}) {
		t.Error("the CJK face is kept for Arabic")
	}
}

// An app on Fyne's default theme (the "system" choice at start-up) gets
// the accessible colours when the shell sets its language.
func TestDefaultThemeReplaced(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	setFontLanguage("en")
	if _, ok := a.Settings().Theme().(*appTheme); !ok {
		t.Fatalf("theme is %T", a.Settings().Theme())
	}
	// A theme chosen otherwise is left alone.
	a.Settings().SetTheme(test.Theme())
	setFontLanguage("fr")
	if _, ok := a.Settings().Theme().(*appTheme); ok {
		t.Fatal("a custom theme was replaced")
	}
}
