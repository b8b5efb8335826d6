package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/safehouse-app/safehouse/assets"
)

// Icons Fyne's theme lacks, drawn for Safehouse (assets/icons). They are
// themed: drawn in the foreground colour of the current theme, like
// Fyne's own icons.
var (
	// placeIcon is a map pin, for an event's place.
	placeIcon fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("place.svg", assets.PlaceIcon))
	// keyIcon is a key, for changing the passphrase.
	keyIcon fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("key.svg", assets.KeyIcon))
)
