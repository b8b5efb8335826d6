package ui

import (
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/ui/rtl"
)

// Dialog keys.
//
// Every Safehouse dialog is one of Fyne's (NewCustom, NewCustomConfirm,
// NewCustomWithoutButtons with SetButtons, NewInformation, newConfirm...),
// drawn as a modal pop-up with the dialog's parts in a container. The
// focus keeper (focus.go) finds the dialog on top of the window and routes
// its keys through dialogKey, whatever control has the focus:
//
//   - Escape presses the dialog's Cancel or Close button;
//   - Enter presses the focused button, or else the dialog's default
//     button: its one high-importance (primary) button, or its only
//     button. A multi-line field keeps Enter for new lines, a select for
//     opening. A destructive (danger) button is never the default, so
//     Enter in the wipe dialog's field does nothing.
//
// The Cancel or Close button is found in the button row: the one with the
// cancel icon, the one labelled Cancel or Close, the only button, or the
// only one that is neither primary nor coloured. Dialogs that draw their
// buttons inside their content (import wizards) are searched for a Cancel
// or Close button there.
//
// Fyne's file chooser (dialog.NewFileOpen, NewFileSave) is a modal pop-up
// of another shape (asFileDialog): only Escape is routed, to its Cancel
// button; every other key reaches the chooser as before.

// Dialog sizes. Give a dialog one of these widths with a height of 0
// (Resize(fyne.NewSize(dialogMessage, 0))): Fyne then makes it as tall
// as its content. Dialogs that hold a list or a document get one of the
// sizes, passed through dialogSize so they fit small windows.
const (
	// dialogMessage is for a message or a question: a sentence or two
	// and buttons (confirmations, results, progress, errors).
	dialogMessage float32 = 480
	// dialogForm is for a paragraph to read with a few fields or
	// choices (exports, notices, the repeat and task editors).
	dialogForm float32 = 520
	// dialogWide is for long lines that should not wrap: the recovery
	// key in its groups.
	dialogWide float32 = 600
)

var (
	// dialogPicker is for a search field over a list to pick from.
	dialogPicker = fyne.NewSize(480, 480)
	// dialogTall is for a form of several steps, or a list with fields
	// under it: the share steps, the template picker.
	dialogTall = fyne.NewSize(720, 620)
	// dialogLarge is for browsing or previewing: file choosers, an
	// import preview, a document.
	dialogLarge = fyne.NewSize(800, 560)
)

// dialogTr is the translator of the last dialog content prepared by
// rtlContent: its words for Cancel and Close identify those buttons.
var dialogTr atomic.Pointer[i18n.Translator]

// dialogView is a dialog found on the canvas: Fyne's pop-up, the
// container of its parts (icon, background, content, button row, title)
// and two of those parts.
type dialogView struct {
	popup   *widget.PopUp
	box     *fyne.Container
	content fyne.CanvasObject
	row     *fyne.Container
	// file marks Fyne's file chooser: dialogKey handles Escape only.
	file bool
}

// asDialog returns the dialog shown by p, or nil when p is another kind
// of pop-up (a menu, a drop-down).
func asDialog(p *widget.PopUp) *dialogView {
	box, ok := p.Content.(*fyne.Container)
	if !ok || len(box.Objects) < 5 {
		return nil
	}
	if _, title := box.Objects[4].(*widget.Label); !title {
		return nil
	}
	row, _ := box.Objects[3].(*fyne.Container)
	return &dialogView{popup: p, box: box, content: box.Objects[2], row: row}
}

// asFileDialog returns Fyne's file chooser shown by p, or nil. Fyne 2.7
// draws it as a border of header, footer and a split body; the footer
// holds a grid of two buttons, Cancel and Open or Save. The focus keeper
// needs a container of its own in the chooser (for its key proxy and its
// ring): an empty one without layout is added over the body the first
// time, and found again as the last object after that.
func asFileDialog(p *widget.PopUp) *dialogView {
	box, ok := p.Content.(*fyne.Container)
	if !ok || len(box.Objects) < 3 {
		return nil
	}
	var body fyne.CanvasObject
	var row *fyne.Container
	words := cancelWords()
	for _, o := range box.Objects {
		switch o := o.(type) {
		case *container.Split:
			body = o
		case *fyne.Container:
			for _, c := range o.Objects {
				g, ok := c.(*fyne.Container)
				if !ok || len(g.Objects) != 2 {
					continue
				}
				if b, ok := g.Objects[0].(*widget.Button); ok && isCancel(b, words) {
					row = g
				}
			}
		}
	}
	if body == nil || row == nil {
		return nil
	}
	layer, ok := box.Objects[len(box.Objects)-1].(*fyne.Container)
	if !ok || layer.Layout != nil {
		layer = container.NewWithoutLayout()
		box.Add(layer)
	}
	return &dialogView{popup: p, box: layer, content: body, row: row, file: true}
}

// rowButtons returns the visible buttons of the button row.
func (d *dialogView) rowButtons() []*widget.Button {
	var out []*widget.Button
	if d.row != nil {
		walkObjects(d.row, func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok {
				out = append(out, b)
			}
		})
	}
	return out
}

// contentButtons returns the visible buttons inside the content.
func (d *dialogView) contentButtons() []*widget.Button {
	var out []*widget.Button
	walkObjects(d.content, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b)
		}
	})
	return out
}

// cancelWords are the labels of buttons that close a dialog without
// acting.
func cancelWords() []string {
	words := []string{lang.L("Cancel"), lang.L("Close")}
	if tr := dialogTr.Load(); tr != nil {
		words = append(words, tr.T("common.cancel"), tr.T("common.close"))
	}
	return words
}

func isCancel(b *widget.Button, words []string) bool {
	if b.Icon == theme.CancelIcon() {
		return true
	}
	text := strings.TrimSpace(strings.ReplaceAll(b.Text, rtl.LRM, ""))
	for _, w := range words {
		if w != "" && text == w {
			return true
		}
	}
	return false
}

// plain reports whether b is an ordinary (not coloured) button.
func plain(b *widget.Button) bool {
	return b.Importance == widget.MediumImportance || b.Importance == widget.LowImportance
}

// dismissButton returns the button that closes the dialog without acting.
func (d *dialogView) dismissButton() *widget.Button {
	words := cancelWords()
	row := d.rowButtons()
	for _, b := range row {
		if isCancel(b, words) {
			return b
		}
	}
	if len(row) == 1 && row[0].Importance != widget.DangerImportance {
		return row[0]
	}
	var plainOnes []*widget.Button
	for _, b := range row {
		if plain(b) {
			plainOnes = append(plainOnes, b)
		}
	}
	if len(plainOnes) == 1 {
		return plainOnes[0]
	}
	if len(row) == 0 {
		for _, b := range d.contentButtons() {
			if isCancel(b, words) {
				return b
			}
		}
	}
	return nil
}

// defaultButton returns the button Enter presses: the one enabled primary
// button of the row (or of the content when the row is empty), or the
// row's only button.
func (d *dialogView) defaultButton() *widget.Button {
	pick := func(bs []*widget.Button) *widget.Button {
		var found *widget.Button
		for _, b := range bs {
			if b.Importance == widget.HighImportance && !b.Disabled() {
				if found != nil {
					return nil
				}
				found = b
			}
		}
		return found
	}
	row := d.rowButtons()
	if b := pick(row); b != nil {
		return b
	}
	if len(row) == 1 && !row[0].Disabled() && row[0].Importance != widget.DangerImportance {
		return row[0]
	}
	if len(row) == 0 {
		return pick(d.contentButtons())
	}
	return nil
}

// dialogKey handles Escape and Enter for dialog d while target has the
// focus (nil: nothing), and reports whether it did.
func dialogKey(d *dialogView, target fyne.Focusable, ev *fyne.KeyEvent) bool {
	if d == nil || d.file && ev.Name != fyne.KeyEscape {
		return false
	}
	switch ev.Name {
	case fyne.KeyEscape:
		if b := d.dismissButton(); b != nil {
			b.Tapped(&fyne.PointEvent{})
			return true
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e := entryOf(target); e != nil && e.MultiLine {
			return false
		}
		switch t := target.(type) {
		case *widget.Button:
			t.Tapped(&fyne.PointEvent{})
			return true
		case *widget.Select:
			return false
		case fyne.Widget:
			if rtl.EmbeddedSelect(t) != nil {
				return false
			}
		}
		if b := d.defaultButton(); b != nil {
			b.Tapped(&fyne.PointEvent{})
			return true
		}
	}
	return false
}

// rtlContent prepares the content of a dialog for a right-to-left
// interface; it returns obj unchanged when tr's language is left to right.
func rtlContent(tr *i18n.Translator, obj fyne.CanvasObject) fyne.CanvasObject {
	if tr != nil {
		// Its words for Cancel and Close name the dialog's buttons
		// (dialogs.go).
		dialogTr.Store(tr)
	}
	return rtl.Content(tr, obj)
}
