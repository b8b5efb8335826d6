// Package assets embeds read-only files that ship inside the Safehouse
// binary. Each kind of asset has its own exported file system.
package assets

import "embed"

// Wordlists holds the word lists used to suggest passphrases, one file per
// language under wordlist/ (wordlist/en.txt, wordlist/fa.txt...): common,
// unambiguous words of that language's script, lower case, one per line,
// sorted in byte order, 2,048 of them; nothing a border guard could read
// as political, violent or coded.
//
//go:embed wordlist
var Wordlists embed.FS

// Tutorials holds the built-in tutorials, one Markdown file per tutorial
// and language: tutorials/<language>/<id>.md (tutorials/en/make-the-switch.md).
// The format is described in docs/tutorial-format.md; the content test in
// internal/tutorial lints every file.
//
//go:embed tutorials
var Tutorials embed.FS

// Templates holds the built-in campaign templates, one TOML file per
// template and language: templates/<language>/<id>.toml. The format is
// described in docs/templates.md; internal/campaign parses and lints them.
//
//go:embed templates
var Templates embed.FS

// Decoys holds the contents of the decoy vault a duress passphrase opens,
// one TOML file per language: decoy/<language>.toml. Package demo reads
// them (see demo.Decoy).
//
//go:embed decoy
var Decoys embed.FS

// Icon is the application icon (512×512 PNG, drawn from icon.svg).
//
//go:embed icon.png
var Icon []byte

// PlaceIcon is the map pin shown beside an event's place (24×24 SVG,
// drawn for Safehouse: Fyne's theme has no such icon).
//
//go:embed icons/place.svg
var PlaceIcon []byte

// KeyIcon is the key shown on "Change passphrase" (24×24 SVG, drawn for
// Safehouse).
//
//go:embed icons/key.svg
var KeyIcon []byte
