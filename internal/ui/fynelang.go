package ui

import (
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// Fyne translates its own words (dialog buttons, the file chooser, the
// text field menu, the date picker) with its lang package, which picks the
// language from the operating system and offers no way to choose another.
// Safehouse's language is the one chosen in Settings, so the shell hands
// Fyne our translations of those words, taken from our own locale files
// (the fyne.* messages), for every language Fyne could pick. Whatever
// locale Fyne matches, it then shows the words in Safehouse's language.

// fyneWords maps Fyne's message keys to our message IDs.
var fyneWords = map[string]string{
	"Advanced":          "fyne.advanced",
	"Cancel":            "fyne.cancel",
	"Confirm":           "fyne.confirm",
	"Copy":              "fyne.copy",
	"Create Folder":     "fyne.create_folder",
	"Cut":               "fyne.cut",
	"Enter filename":    "fyne.enter_filename",
	"Error":             "fyne.error",
	"Favourites":        "fyne.favourites",
	"File":              "fyne.file",
	"Folder":            "fyne.folder",
	"New Folder":        "fyne.new_folder",
	"No":                "fyne.no",
	"OK":                "fyne.ok",
	"Open":              "fyne.open",
	"Paste":             "fyne.paste",
	"Quit":              "fyne.quit",
	"Redo":              "fyne.redo",
	"Save":              "fyne.save",
	"Select all":        "fyne.select_all",
	"Show Hidden Files": "fyne.show_hidden_files",
	"Undo":              "fyne.undo",
	"Yes":               "fyne.yes",
	"monday":            "fyne.monday",
	"monday.short":      "fyne.monday_short",
	"tuesday":           "fyne.tuesday",
	"tuesday.short":     "fyne.tuesday_short",
	"wednesday":         "fyne.wednesday",
	"wednesday.short":   "fyne.wednesday_short",
	"thursday":          "fyne.thursday",
	"thursday.short":    "fyne.thursday_short",
	"friday":            "fyne.friday",
	"friday.short":      "fyne.friday_short",
	"saturday":          "fyne.saturday",
	"saturday.short":    "fyne.saturday_short",
	"sunday":            "fyne.sunday",
	"sunday.short":      "fyne.sunday_short",
}

// fynePlurals are Fyne's keys that it looks up as plural messages.
var fynePlurals = map[string]string{
	"file.name":   "fyne.file_name",
	"file.parent": "fyne.file_parent",
}

// fyneLocales are the languages Fyne 2.7 ships translations for; each is
// overridden so none of them can win over the chosen language.
var fyneLocales = []string{"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

// fyneMessages returns Fyne's words in tr's language as a Fyne (go-i18n
// JSON) translation file.
func fyneMessages(tr *i18n.Translator) ([]byte, error) {
	m := make(map[string]any, len(fyneWords)+len(fynePlurals))
	for key, id := range fyneWords {
		m[key] = tr.T(id)
	}
	for key, id := range fynePlurals {
		m[key] = map[string]string{"other": tr.T(id)}
	}
	return json.Marshal(m)
}

// applyFyneLanguage makes Fyne's own words, and its bold face for
// Chinese, Japanese and Korean (cjkfont.go), follow tr's language.
func applyFyneLanguage(tr *i18n.Translator) error {
	setFontLanguage(tr.Lang())
	data, err := fyneMessages(tr)
	if err != nil {
		return fmt.Errorf("failed to build the toolkit's translations: %w", err)
	}
	seen := map[string]bool{}
	tags := append([]string{}, fyneLocales...)
	// Fyne matches the system's locales against the languages it has
	// translations for: those listed plus the ones added here.
	tags = append(tags, tr.Lang())
	for _, tag := range tags {
		tag = strings.ReplaceAll(tag, "_", "-")
		if tag == "" || seen[tag] {
			continue
		}
		seen[tag] = true
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(tag)); err != nil {
			return fmt.Errorf("failed to give the toolkit its %s translations: %w", tag, err)
		}
	}
	return nil
}
