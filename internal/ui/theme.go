package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's default theme with colours that meet WCAG contrast
// (4.5:1 for text, 3:1 for the outlines of controls and for focus) in
// both variants, a focus ring colour, and a bold CJK face for Chinese,
// Japanese and Korean (cjkfont.go).
//
// Fyne's own palette draws unchecked check boxes and radios, input borders
// and disabled text at about 1.1–1.6:1, red, green and orange text on
// white below 4:1, and shows focus on a button as a 7-unit change of red.
// TestThemeContrast checks every pair that matters.
type appTheme struct {
	// variant is the pinned variant when pinned is true; otherwise the
	// system's preference is followed.
	variant fyne.ThemeVariant
	pinned  bool
}

var _ fyne.Theme = (*appTheme)(nil)

// colorNameFocusRing is the colour of the outline drawn around the
// control that has the keyboard focus (focus.go).
const colorNameFocusRing fyne.ThemeColorName = "safehouseFocusRing"

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

func rgba(v uint32, a uint8) color.NRGBA {
	c := rgb(v)
	c.A = a
	return c
}

// palette holds the colours that differ from Fyne's default theme.
var palette = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantDark: {
		// Light blue with dark text on it: readable as text on the dark
		// background and as a button.
		theme.ColorNamePrimary:             rgb(0x78a9ff),
		theme.ColorNameForegroundOnPrimary: rgb(0x171718),
		theme.ColorNameHyperlink:           rgb(0x8ab4f8),
		theme.ColorNameFocus:               rgba(0x78a9ff, 0x55),
		theme.ColorNameSelection:           rgba(0x78a9ff, 0x55),
		theme.ColorNameInputBorder:         rgb(0x7a7a84),
		theme.ColorNameDisabled:            rgb(0x9a9aa0),
		theme.ColorNamePlaceHolder:         rgb(0xb2b2b2),
		theme.ColorNameSeparator:           rgb(0x67676f),
		theme.ColorNameError:               rgb(0xf44336),
		theme.ColorNameForegroundOnError:   rgb(0x171718),
		theme.ColorNameSuccess:             rgb(0x43f436),
		theme.ColorNameWarning:             rgb(0xff9800),
		colorNameFocusRing:                 rgb(0xffc857),
	},
	theme.VariantLight: {
		theme.ColorNameForeground:          rgb(0x3b3b3b),
		theme.ColorNamePrimary:             rgb(0x1d5fd6),
		theme.ColorNameForegroundOnPrimary: rgb(0xffffff),
		theme.ColorNameHyperlink:           rgb(0x1d5fd6),
		theme.ColorNameFocus:               rgba(0x1d5fd6, 0x40),
		theme.ColorNameSelection:           rgba(0x1d5fd6, 0x40),
		theme.ColorNameInputBorder:         rgb(0x8a8a8a),
		theme.ColorNameDisabled:            rgb(0x737373),
		theme.ColorNamePlaceHolder:         rgb(0x6b6b6b),
		theme.ColorNameSeparator:           rgb(0x949494),
		theme.ColorNameError:               rgb(0xc62828),
		theme.ColorNameForegroundOnError:   rgb(0xffffff),
		theme.ColorNameSuccess:             rgb(0x1b7a38),
		theme.ColorNameForegroundOnSuccess: rgb(0xffffff),
		theme.ColorNameWarning:             rgb(0xb45309),
		theme.ColorNameForegroundOnWarning: rgb(0xffffff),
		colorNameFocusRing:                 rgb(0x0b57d0),
	},
}

func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.pinned {
		v = t.variant
	}
	if v != theme.VariantLight {
		v = theme.VariantDark
	}
	if c, ok := palette[v][n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font returns Fyne's fonts, except for bold text in Chinese, Japanese
// and Korean interfaces when the system has a bold CJK face (cjkfont.go):
// Fyne's fallback finds only the regular weight for those scripts.
func (t *appTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Bold && !s.Monospace {
		if f := cjkBoldFont(); f != nil {
			return f
		}
	}
	return theme.DefaultTheme().Font(s)
}

func (t *appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *appTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// newAppTheme returns the theme for a choice stored in [Prefs]:
// themeSystem follows the operating system, the others pin the variant.
func newAppTheme(choice string) *appTheme {
	switch choice {
	case themeLight:
		return &appTheme{variant: theme.VariantLight, pinned: true}
	case themeDark:
		return &appTheme{variant: theme.VariantDark, pinned: true}
	}
	return &appTheme{}
}

// applyTheme sets the app's theme for a choice stored in [Prefs].
func applyTheme(a fyne.App, choice string) {
	a.Settings().SetTheme(newAppTheme(choice))
}
