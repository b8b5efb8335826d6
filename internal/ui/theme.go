package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// forcedVariantTheme is the default Fyne theme pinned to light or dark,
// whatever the system prefers.
type forcedVariantTheme struct {
	base    fyne.Theme
	variant fyne.ThemeVariant
}

var _ fyne.Theme = (*forcedVariantTheme)(nil)

func (t *forcedVariantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.base.Color(n, t.variant)
}

func (t *forcedVariantTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

func (t *forcedVariantTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *forcedVariantTheme) Size(n fyne.ThemeSizeName) float32 { return t.base.Size(n) }

// applyTheme sets the app's theme for a choice stored in [Prefs]:
// themeSystem follows the operating system, the others pin the variant.
func applyTheme(a fyne.App, choice string) {
	switch choice {
	case themeLight:
		a.Settings().SetTheme(&forcedVariantTheme{base: theme.DefaultTheme(), variant: theme.VariantLight})
	case themeDark:
		a.Settings().SetTheme(&forcedVariantTheme{base: theme.DefaultTheme(), variant: theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}
