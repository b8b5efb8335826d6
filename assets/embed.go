// Package assets embeds read-only files that ship inside the Safehouse
// binary. Each kind of asset has its own exported file system.
package assets

import "embed"

// Wordlists holds the word lists used to suggest passphrases, one file per
// language under wordlist/ (wordlist/en.txt): lower-case words, one per
// line, sorted, 2,048 of them.
//
//go:embed wordlist
var Wordlists embed.FS
