// Package rtl lays Safehouse's interface out right to left (Arabic,
// Persian) on top of Fyne, which shapes right-to-left text but lays
// every screen out left to right and places the runs of a mixed line in
// stored order.
//
// # Mirroring
//
// [Mirror] (the window's root) and [Content] (a dialog's content) wrap
// container layouts so that each child's x position is mirrored after
// the original layout ran, adopting children as they are laid out:
// labels and buttons are aligned right, splits swap, list rows are
// adopted as they are created, card titles move into the card, selects
// and entries (also widgets that embed one, see [EmbeddedSelect]) get
// their texts in visual order, and icons that point along the line are
// mirrored. Widgets that draw containers of their own implement
// [Holder]. mirror.go explains the steps and the limits.
//
// # Text in visual order
//
// [VisualOrder] rewrites one line of text so that Fyne's left-to-right
// placement shows it correctly, using the Unicode bidirectional algorithm
// (golang.org/x/text/unicode/bidi) with invisible [LRM] marks.
// [LayoutParagraph] lays out a whole styled paragraph (the tutorial
// reader's) into lines of pieces placed by the caller. bidi.go explains
// both.
//
// The package depends on Fyne's widget, container and theme types and on
// how Fyne draws text, so a Fyne upgrade that changes them breaks here
// first, under this package's own tests.
package rtl
