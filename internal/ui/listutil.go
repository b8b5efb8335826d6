package ui

import (
	"errors"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/validate"
)

// This file holds the small pieces the content screens share: translated
// names of domain values, per-field validation messages, a debouncer and
// option selects. The list/detail layout is in listdetail.go.

// formatNumber writes n with the digit grouping and digits of the
// interface language ("1,204" in English, "۱٬۲۰۴" in Persian).
func formatNumber(env *Env, n int) string { return env.Tr.Number(n) }

// Translated names of domain values. The message IDs are built from the
// stable stored values, so every value has exactly one ID.

func kindName(env *Env, k contact.Kind) string   { return env.T("contacts.kind." + string(k)) }
func stageName(env *Env, s contact.Stage) string { return env.T("contacts.stage." + string(s)) }
func trustName(env *Env, t contact.Trust) string { return env.T("contacts.trust." + string(t)) }
func channelName(env *Env, c contact.ChannelType) string {
	return env.T("contacts.channel." + string(c))
}
func eventKindName(env *Env, k event.Kind) string { return env.T("events.kind." + string(k)) }
func statusName(env *Env, s event.Status) string  { return env.T("events.status." + string(s)) }
func objectiveName(env *Env, o event.Objective) string {
	return env.T("events.objective." + string(rune('0'+int(o))))
}

// fieldMessages turns a validation error into translated messages by
// field name. ok is false when err is not a validation error.
func fieldMessages(env *Env, err error) (msgs map[string]string, ok bool) {
	var es validate.Errors
	if !errors.As(err, &es) {
		var fe *validate.FieldError
		if !errors.As(err, &fe) {
			return nil, false
		}
		es = validate.Errors{fe}
	}
	msgs = map[string]string{}
	for _, fe := range es {
		if _, dup := msgs[fe.Field]; dup {
			continue
		}
		msgs[fe.Field] = validationText(env, fe)
	}
	return msgs, true
}

// validationText translates one field error, falling back to a generic
// "please check" line for codes that have no message of their own yet.
func validationText(env *Env, fe *validate.FieldError) string {
	id := "validation." + fe.Code
	if !env.Tr.Has(id) {
		return env.T("contacts.check_field")
	}
	args := map[string]any{}
	for k, v := range fe.Args {
		// Messages use capitalized placeholders ({{.Max}}).
		if k != "" {
			args[strings.ToUpper(k[:1])+k[1:]] = v
		}
	}
	return env.T(id, args)
}

// fieldError is a hidden error line under one form field.
type fieldError struct {
	row   *fyne.Container
	label *widget.Label
}

func newFieldError() *fieldError {
	row, l := newErrorLine()
	return &fieldError{row: row, label: l}
}

// Set shows text, or hides the line when text is "".
func (f *fieldError) Set(text string) { setErrorLine(f.row, f.label, text) }

// Text returns the message shown, "" when hidden.
func (f *fieldError) Text() string {
	if f.row.Hidden {
		return ""
	}
	return f.label.Text
}

// formField stacks a label, the input and its error line.
func formField(label string, input fyne.CanvasObject, fe *fieldError) fyne.CanvasObject {
	l := widget.NewLabel(label)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewVBox(l, input, fe.row)
}

// debouncer runs a function once input has been quiet for delay. A delay
// of 0 runs it at once, which tests use.
type debouncer struct {
	delay time.Duration
	mu    sync.Mutex
	timer *time.Timer
}

// Trigger (re)starts the wait; fn runs on the UI thread.
func (d *debouncer) Trigger(fn func()) {
	if d.delay <= 0 {
		fn()
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.delay, func() { fyne.Do(fn) })
}

// Stop cancels a pending run.
func (d *debouncer) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}

// optionSelect is a Select showing translated labels for stored values,
// optionally with a first "any" entry meaning the empty value.
//
// It extends widget.Select, so the Select's base widget must point at the
// wrapper (ExtendBaseWidget below): the wrapper is what sits in the canvas,
// and the Select finds its canvas through that pointer when it opens its
// drop-down. Building the inner Select with widget.NewSelect would make it
// point at itself, and the drop-down would panic for want of a canvas.
type optionSelect struct {
	widget.Select
	values []string
}

func newOptionSelect(values, labels []string, anyLabel string, changed func(value string)) *optionSelect {
	s := &optionSelect{}
	s.ExtendBaseWidget(s)
	s.setOptions(values, labels, anyLabel)
	s.Select.OnChanged = func(string) {
		if changed != nil {
			changed(s.Value())
		}
	}
	return s
}

func (s *optionSelect) setOptions(values, labels []string, anyLabel string) {
	s.values = s.values[:0]
	opts := make([]string, 0, len(values)+1)
	if anyLabel != "" {
		s.values = append(s.values, "")
		opts = append(opts, anyLabel)
	}
	s.values = append(s.values, values...)
	opts = append(opts, labels...)
	s.Select.Options = opts
	s.Select.Refresh()
}

// Value returns the stored value of the selection ("" for none or "any").
func (s *optionSelect) Value() string {
	i := s.Select.SelectedIndex()
	if i < 0 || i >= len(s.values) {
		return ""
	}
	return s.values[i]
}

// SetValue selects the option with the stored value v, without calling
// OnChanged; an unknown v clears the selection (or selects "any").
func (s *optionSelect) SetValue(v string) {
	cb := s.Select.OnChanged
	s.Select.OnChanged = nil
	defer func() { s.Select.OnChanged = cb }()
	for i, val := range s.values {
		if val == v {
			s.Select.SetSelectedIndex(i)
			return
		}
	}
	if len(s.values) > 0 && s.values[0] == "" {
		s.Select.SetSelectedIndex(0)
		return
	}
	s.Select.ClearSelected()
}

// actionRow lays out buttons side by side and centred when they fit the
// width, and one under the other (each centred) when they do not, so a
// language with long words never pushes a button out of view.
type actionRow struct {
	c *fyne.Container
	// width is the width of the last layout; 0 before the first.
	width   float32
	stacked bool
}

func newActionRow(objs ...fyne.CanvasObject) *fyne.Container {
	r := &actionRow{}
	r.c = container.New(r, objs...)
	return r.c
}

func (r *actionRow) rowWidth(objs []fyne.CanvasObject) float32 {
	w := float32(0)
	for i, o := range objs {
		if i > 0 {
			w += theme.Padding()
		}
		w += o.MinSize().Width
	}
	return w
}

func (r *actionRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	r.width = size.Width
	stacked := r.rowWidth(objs) > size.Width
	pad := theme.Padding()
	if stacked {
		y := float32(0)
		for _, o := range objs {
			m := o.MinSize()
			w := min(m.Width, size.Width)
			o.Resize(fyne.NewSize(w, m.Height))
			o.Move(fyne.NewPos((size.Width-w)/2, y))
			y += m.Height + pad
		}
	} else {
		x := (size.Width - r.rowWidth(objs)) / 2
		for _, o := range objs {
			m := o.MinSize()
			o.Resize(m)
			o.Move(fyne.NewPos(x, 0))
			x += m.Width + pad
		}
	}
	if stacked != r.stacked {
		// The height changed with the width: lay the parents out again.
		r.stacked = stacked
		r.c.Refresh()
	}
}

func (r *actionRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, rowH, stackH float32
	for i, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		rowH = max(rowH, m.Height)
		if i > 0 {
			stackH += theme.Padding()
		}
		stackH += m.Height
	}
	if r.stacked {
		return fyne.NewSize(w, stackH)
	}
	return fyne.NewSize(w, rowH)
}

// splitList splits comma-separated input into trimmed, non-empty parts.
func splitList(s string) []string {
	var out []string
	// Commas as the user's keyboard types them: Latin, Arabic-script (،),
	// full-width and ideographic (，、).
	isComma := func(r rune) bool { return r == ',' || r == '،' || r == '，' || r == '、' }
	for _, p := range strings.FieldsFunc(s, isComma) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// screenTitle is the one-line title at the top of a content screen.
func screenTitle(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = theme.SizeNameHeadingText
	return l
}
