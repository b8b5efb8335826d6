// Package locales embeds Safehouse's translation files.
//
// Each file is a go-i18n message file in TOML format named after its
// language tag, for example en.toml or pt-BR.toml. en.toml is the English
// source: every other file translates the message IDs defined there.
// The files are read through [FS] by package internal/i18n.
package locales

import "embed"

// FS holds every *.toml translation file in this directory.
//
//go:embed *.toml
var FS embed.FS
