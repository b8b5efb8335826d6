package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/textsafe"
)

// fromLine returns the line that says who a record came from, for the
// detail of a contact, event or tutorial: "From Bob" for a record that
// arrived in a file signed by the trusted person Bob, "From someone you
// don't know (fingerprint …)" when the signer's keys belong to nobody
// the user added (any more). It is nil for a record made on this device
// (origin ""). The origin is the signer's fingerprint, never what the
// file claimed (docs/bundle-format.md, Merging).
func fromLine(env *Env, origin string) fyne.CanvasObject {
	if origin == "" || env.Session == nil {
		return nil
	}
	text := env.T("sharing.from.unknown", "Fingerprint", fingerprintStart(origin))
	if p, err := env.Session.PeerByFingerprint(context.Background(), origin); err == nil {
		text = env.T("sharing.from.peer", "Name", shown(p.Name))
	}
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Italic: true}
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, l)
}

// addFromLine adds the fromLine of origin to box, if there is one.
func addFromLine(box *fyne.Container, env *Env, origin string) {
	if o := fromLine(env, origin); o != nil {
		box.Add(o)
	}
}

// shown is text from outside (a name, a title) as a label shows it:
// invisible format characters that could disguise it (U+202E, U+200B...)
// become visible markers (package textsafe).
func shown(s string) string { return textsafe.Show(s) }

// fingerprintStart is the first 16 hex digits of a fingerprint in groups
// of four, for people to compare.
func fingerprintStart(fp string) string {
	if len(fp) < 16 {
		return fp
	}
	return strings.Join([]string{fp[0:4], fp[4:8], fp[8:12], fp[12:16]}, " ") + "…"
}
