// Package clocale makes the C and POSIX locales read as English before
// any other package looks at the environment.
//
// Debian containers, minimal installs and CI run with LANG=C.UTF-8, LANG=C
// or no LANG at all. The C locale means "no language": Safehouse shows
// English then. The GUI toolkit's translation package, however, reads the
// locale variables in its package initializer and logs "Error parsing user
// locale C" to standard error for C.UTF-8, before main runs. Importing
// this package from main (blank import) fixes the environment first: it
// depends only on os and strings, so by the Go specification's
// initialization order (packages sorted by import path, each after its
// dependencies) it is initialized before the toolkit's translation
// package, which depends on text/template.
//
// The variables that name the C locale are set to "en"; no others are
// touched, so a real language (LANG=fa_IR.UTF-8) is kept as it is.
package clocale

import (
	"os"
	"strings"
)

// Vars are the environment variables that choose the language, in the
// order gettext and the toolkit read them.
var Vars = []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}

func init() { Fix(os.Getenv, os.Setenv) }

// Fix sets each of [Vars] that names the C or POSIX locale to "en" with
// setenv, reading them with getenv.
func Fix(getenv func(string) string, setenv func(string, string) error) {
	for _, k := range Vars {
		if IsC(getenv(k)) {
			_ = setenv(k, "en")
		}
	}
}

// IsC reports whether a locale value names the C or POSIX locale
// ("C", "POSIX", "C.UTF-8", "C.utf8", "C@modifier"), also as the first
// entry of a LANGUAGE list.
func IsC(v string) bool {
	v, _, _ = strings.Cut(strings.TrimSpace(v), ":")
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i]
	}
	return v == "C" || v == "POSIX"
}
