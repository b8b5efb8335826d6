package ui

import (
	"image/color"
	"sync"
	"time"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/ui/rtl"
)

// Keyboard focus.
//
// Fyne shows focus faintly (a focused button's colour changes by a few
// units), hands every key to the focused widget without telling anyone
// else, and leaves a text field focused when a button is clicked, so
// Space typed into the field instead of pressing the button again. The
// focusKeeper, owned by the window's activity catcher, checks the focus
// ten times a second and
//
//   - draws a ring (colorNameFocusRing, 3:1 or more against every
//     background) around the focused control, over the window or over
//     the dialog that holds it;
//   - in a dialog, takes the keyboard focus itself (keyProxy) and passes
//     every key on to the control that had it, except Escape (the
//     dialog's Cancel or Close), Enter (its default button, see
//     dialogs.go) and Tab (moves on from that control), so these work
//     whatever has the focus, which a canvas-level key handler cannot do;
//   - makes every button clicked with the mouse take the focus away from
//     a text field before it acts.

// focusInterval is how often the focus is checked; 0 turns the checks
// off (tests call check themselves).
var focusInterval = 100 * time.Millisecond

// focusKeeper implements the behaviour described above for one window.
type focusKeeper struct {
	owner      fyne.CanvasObject // the window content, to find the canvas
	onActivity func()
	layer      *fyne.Container // holds the ring over the window content
	ring       *canvas.Rectangle
	proxy      *keyProxy
	hooked     map[weak.Pointer[widget.Button]]struct{}
	ticks      int
	started    sync.Once
	// canvas overrides the canvas found through owner (tests).
	canvas fyne.Canvas
}

func newFocusKeeper(owner fyne.CanvasObject, onActivity func()) *focusKeeper {
	k := &focusKeeper{owner: owner, onActivity: onActivity, hooked: map[weak.Pointer[widget.Button]]struct{}{}}
	k.ring = canvas.NewRectangle(color.Transparent)
	k.ring.Hide()
	k.layer = container.NewWithoutLayout()
	return k
}

// focusChecksDone is closed when the app's event loop has ended (Run):
// a check queued after that would run off the UI thread.
var (
	focusChecksDone = make(chan struct{})
	endFocusChecks  = sync.OnceFunc(func() { close(focusChecksDone) })
)

// start checks the focus every focusInterval for the life of the app.
func (k *focusKeeper) start() {
	if focusInterval <= 0 {
		return
	}
	k.started.Do(func() {
		go func() {
			t := time.NewTicker(focusInterval)
			defer t.Stop()
			for {
				select {
				case <-focusChecksDone:
					return
				case <-t.C:
					fyne.Do(k.check)
				}
			}
		}()
	})
}

func (k *focusKeeper) currentCanvas() fyne.Canvas {
	if k.canvas != nil {
		return k.canvas
	}
	if a := fyne.CurrentApp(); a != nil && k.owner != nil {
		return a.Driver().CanvasForObject(k.owner)
	}
	return nil
}

// check runs the three jobs once.
func (k *focusKeeper) check() {
	c := k.currentCanvas()
	if c == nil {
		return
	}
	k.hookButtons(c)
	var dlg *dialogView
	top := c.Overlays().Top()
	if p, ok := top.(*widget.PopUp); ok {
		dlg = asDialog(p)
		if dlg == nil {
			dlg = asFileDialog(p)
		}
	}
	if dlg != nil {
		k.keepDialogKeys(c, dlg)
	}
	k.placeRing(c, top, dlg)
}

// focusTarget is the control that has the focus for the user: the one
// the proxy speaks for, or the focused object itself.
func (k *focusKeeper) focusTarget(c fyne.Canvas) fyne.Focusable {
	f := c.Focused()
	if p, ok := f.(*keyProxy); ok {
		return p.target
	}
	return f
}

// keepDialogKeys puts the dialog's key proxy in front of whatever has the
// focus in dlg.
func (k *focusKeeper) keepDialogKeys(c fyne.Canvas, dlg *dialogView) {
	if k.proxy == nil || k.proxy.dlg.box != dlg.box {
		k.proxy = newKeyProxy(k, dlg)
		dlg.box.Objects = append(dlg.box.Objects, k.proxy)
	}
	p := k.proxy
	p.dlg = dlg
	f := c.Focused()
	if f == fyne.Focusable(p) {
		return
	}
	c.Focus(p)
	if c.Focused() != fyne.Focusable(p) {
		return
	}
	if f != nil {
		p.target = f
		f.FocusGained()
	}
}

// placeRing draws the ring around the focused control, in the layer of
// the window or of the dialog that holds it, or hides it.
func (k *focusKeeper) placeRing(c fyne.Canvas, top fyne.CanvasObject, dlg *dialogView) {
	target := k.focusTarget(c)
	var host *fyne.Container
	switch {
	case target == nil:
	case dlg != nil:
		host = dlg.box
	case top == nil:
		host = k.layer
	}
	if _, own := target.(*keyProxy); own || host == nil {
		k.hideRing()
		return
	}
	if !containsObject(host, k.ring) {
		if old := k.ringHost(); old != nil {
			old.Remove(k.ring)
		}
		host.Objects = append(host.Objects, k.ring)
	}
	obj := target.(fyne.CanvasObject)
	// Fyne keeps the focus on a control removed from the window (the
	// passphrase field after unlocking): no ring for what is not shown.
	root := c.Content()
	if dlg != nil {
		root = dlg.popup
	}
	shown := false
	walkObjects(root, func(o fyne.CanvasObject) { shown = shown || o == obj })
	if !shown {
		k.hideRing()
		return
	}
	d := fyne.CurrentApp().Driver()
	hostObj := fyne.CanvasObject(host)
	if host == k.layer {
		// The layer lies over the whole window content, at its origin.
		hostObj = k.owner
	}
	pos := d.AbsolutePositionForObject(obj).Subtract(d.AbsolutePositionForObject(hostObj))
	size := obj.Size()
	if size.IsZero() || !obj.Visible() {
		k.hideRing()
		return
	}
	wasShown := k.ring.Visible() && host == k.layer
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	width := th.Size(theme.SizeNameInputBorder) * 2
	gap := width
	k.ring.StrokeColor = th.Color(colorNameFocusRing, v)
	if k.ring.StrokeColor == nil {
		// A theme other than appTheme (tests): Safehouse's ring colour.
		k.ring.StrokeColor = (&appTheme{}).Color(colorNameFocusRing, v)
	}
	k.ring.StrokeWidth = width
	k.ring.FillColor = color.Transparent
	k.ring.CornerRadius = th.Size(theme.SizeNameInputRadius) + gap
	k.ring.Move(pos.SubtractXY(gap, gap))
	k.ring.Resize(size.AddWidthHeight(2*gap, 2*gap))
	k.ring.Show()
	k.ring.Refresh()
	if host == k.layer && !wasShown && k.owner != nil {
		// The window content shows the layer only with a ring in it.
		canvas.Refresh(k.owner)
	}
}

// hideRing hides the ring, and the layer that shows it over the window.
func (k *focusKeeper) hideRing() {
	if !k.ring.Visible() {
		return
	}
	k.ring.Hide()
	if k.owner != nil && containsObject(k.layer, k.ring) {
		canvas.Refresh(k.owner)
	}
}

// ringHost returns the container that holds the ring now, if any.
func (k *focusKeeper) ringHost() *fyne.Container {
	if containsObject(k.layer, k.ring) {
		return k.layer
	}
	if k.proxy != nil && containsObject(k.proxy.dlg.box, k.ring) {
		return k.proxy.dlg.box
	}
	return nil
}

func containsObject(c *fyne.Container, o fyne.CanvasObject) bool {
	for _, x := range c.Objects {
		if x == o {
			return true
		}
	}
	return false
}

// hookButtons makes every button on the canvas release a focused text
// field when clicked, before it acts. Buttons are remembered weakly, so
// torn-down screens are not kept alive.
func (k *focusKeeper) hookButtons(c fyne.Canvas) {
	roots := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, r := range roots {
		walkObjects(r, func(o fyne.CanvasObject) {
			b, ok := o.(*widget.Button)
			if !ok {
				return
			}
			key := weak.Make(b)
			if _, done := k.hooked[key]; done {
				return
			}
			k.hooked[key] = struct{}{}
			orig := b.OnTapped
			b.OnTapped = func() {
				k.releaseField(c)
				if orig != nil {
					orig()
				}
			}
		})
	}
	k.ticks++
	if k.ticks%100 == 0 {
		for key := range k.hooked {
			if key.Value() == nil {
				delete(k.hooked, key)
			}
		}
	}
}

// releaseField takes the focus away from a text field, so that a key
// typed after a click on a button does not go into the field.
func (k *focusKeeper) releaseField(c fyne.Canvas) {
	f := c.Focused()
	if p, ok := f.(*keyProxy); ok {
		if entryOf(p.target) != nil {
			t := p.target
			p.target = nil
			t.FocusLost()
		}
		return
	}
	if entryOf(f) != nil {
		c.Unfocus()
	}
}

// walkObjects calls fn for o and every object reachable inside it
// through containers and the widgets whose parts are public (scroll,
// card, split, tabs, forms, and Safehouse's own through RTLChildren or
// parts).
func walkObjects(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walkObjects(c, fn)
		}
	case *widget.PopUp:
		walkObjects(w.Content, fn)
	case *container.Scroll:
		walkObjects(w.Content, fn)
	case *widget.Card:
		walkObjects(w.Content, fn)
	case *container.Split:
		walkObjects(w.Leading, fn)
		walkObjects(w.Trailing, fn)
	case *container.AppTabs:
		if sel := w.Selected(); sel != nil {
			walkObjects(sel.Content, fn)
		}
	case *widget.Form:
		for _, it := range w.Items {
			walkObjects(it.Widget, fn)
		}
	case *activityCatcher:
		walkObjects(w.content, fn)
	case rtl.Holder:
		for _, c := range w.RTLChildren() {
			walkObjects(c, fn)
		}
	case interface{ parts() []fyne.CanvasObject }:
		for _, c := range w.parts() {
			walkObjects(c, fn)
		}
	}
}

// keyProxy holds the keyboard focus in a dialog and passes keys on to the
// control the user focused (target), except Escape, Enter and Tab.
type keyProxy struct {
	widget.BaseWidget
	k      *focusKeeper
	dlg    *dialogView
	target fyne.Focusable
}

var (
	_ fyne.Focusable      = (*keyProxy)(nil)
	_ fyne.Tabbable       = (*keyProxy)(nil)
	_ fyne.Shortcutable   = (*keyProxy)(nil)
	_ desktop.Keyable     = (*keyProxy)(nil)
	_ fyne.CanvasObject   = (*keyProxy)(nil)
	_ fyne.WidgetRenderer = (*keyProxyRenderer)(nil)
)

func newKeyProxy(k *focusKeeper, dlg *dialogView) *keyProxy {
	p := &keyProxy{k: k, dlg: dlg}
	p.ExtendBaseWidget(p)
	return p
}

func (p *keyProxy) CreateRenderer() fyne.WidgetRenderer { return &keyProxyRenderer{} }

func (p *keyProxy) FocusGained() {}

// FocusLost hands the loss on to the control the proxy spoke for.
func (p *keyProxy) FocusLost() {
	if t := p.target; t != nil {
		p.target = nil
		t.FocusLost()
	}
}

// AcceptsTab is true: Tab is handled in TypedKey, from the target's place.
func (p *keyProxy) AcceptsTab() bool { return true }

func (p *keyProxy) activity() {
	if p.k != nil && p.k.onActivity != nil {
		p.k.onActivity()
	}
}

func (p *keyProxy) TypedRune(r rune) {
	p.activity()
	if p.target != nil {
		p.target.TypedRune(r)
	}
}

func (p *keyProxy) TypedKey(ev *fyne.KeyEvent) {
	p.activity()
	switch ev.Name {
	case fyne.KeyTab:
		p.tab()
		return
	case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
		if dialogKey(p.dlg, p.target, ev) {
			return
		}
	}
	if p.target != nil {
		p.target.TypedKey(ev)
	}
}

// tab moves the focus on from the target (back with Shift), or lets a
// field that takes tabs have it.
func (p *keyProxy) tab() {
	if t, ok := p.target.(fyne.Tabbable); ok && t.AcceptsTab() {
		p.target.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		return
	}
	c := p.k.currentCanvas()
	if c == nil {
		return
	}
	back := false
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		back = d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	if p.target != nil {
		c.Focus(p.target)
	}
	if back {
		c.FocusPrevious()
	} else {
		c.FocusNext()
	}
	p.k.check()
}

func (p *keyProxy) TypedShortcut(s fyne.Shortcut) {
	p.activity()
	if t, ok := p.target.(fyne.Shortcutable); ok {
		t.TypedShortcut(s)
	}
}

func (p *keyProxy) KeyDown(ev *fyne.KeyEvent) {
	if t, ok := p.target.(desktop.Keyable); ok {
		t.KeyDown(ev)
	}
}

func (p *keyProxy) KeyUp(ev *fyne.KeyEvent) {
	if t, ok := p.target.(desktop.Keyable); ok {
		t.KeyUp(ev)
	}
}

// keyProxyRenderer draws nothing.
type keyProxyRenderer struct{}

func (keyProxyRenderer) Destroy()                     {}
func (keyProxyRenderer) Layout(fyne.Size)             {}
func (keyProxyRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (keyProxyRenderer) Objects() []fyne.CanvasObject { return nil }
func (keyProxyRenderer) Refresh()                     {}
