package ui

import (
	"context"
	"errors"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/bundle"
)

// summaryItems is the number of items the Check step names one by one;
// it counts the rest.
const summaryItems = 30

// fillSummary writes the Check step: a warning for recipients not
// verified, then what goes, to whom, and what is left out.
func (f *shareForm) fillSummary(req app.ExportRequest) {
	env := f.s.env
	f.unverified.Objects = nil
	var names []string
	for _, p := range f.chosenPeers() {
		if !p.Verified || p.KeyChanged {
			names = append(names, p.Name)
		}
	}
	if len(names) > 0 {
		f.unverified.Add(warnRow(env.T("sharing.share.unverified_warning", "Names", strings.Join(names, ", "))))
	}
	f.unverified.Refresh()
	f.summary.SetText(f.summaryText(req))
}

// summaryText says what is shared (each item named), with whom, and what
// is left out.
func (f *shareForm) summaryText(req app.ExportRequest) string {
	env := f.s.env
	var b strings.Builder
	b.WriteString(env.T("sharing.share.summary_counts", map[string]any{"Events": len(req.Selection.Events),
		"Tutorials": len(req.Selection.Tutorials), "Contacts": len(req.Selection.Contacts)}))
	// Each item named, up to summaryItems of them.
	named, more := 0, 0
	name := func(id string, checks []*widget.Check) {
		for _, c := range checks {
			if !c.Checked {
				continue
			}
			if named == summaryItems {
				more++
				continue
			}
			named++
			b.WriteString("\n• " + env.T(id, "Title", c.Text))
		}
	}
	name("sharing.kind.event", f.eventChecks)
	name("sharing.kind.tutorial", f.tutChecks)
	if f.contactsOn.Checked {
		name("sharing.kind.contact", f.contactChecks)
	}
	if more > 0 {
		b.WriteString("\n" + env.Tr.N("contacts.io.more", more))
	}
	b.WriteString("\n\n")
	if req.Passphrase != "" {
		b.WriteString(env.T("sharing.share.summary_passphrase"))
	} else {
		var names []string
		for _, p := range f.chosenPeers() {
			names = append(names, f.personLabel(p))
		}
		b.WriteString(env.T("sharing.share.summary_to", map[string]any{"Names": strings.Join(names, ", ")}))
	}
	b.WriteString("\n\n" + env.T("sharing.share.left_out_heading"))
	var out []string
	if len(req.Selection.Contacts) == 0 {
		out = append(out, env.T("sharing.share.left_out_contacts"))
	} else {
		if !req.Selection.IncludeChannels {
			out = append(out, env.T("sharing.share.left_out_channels"))
		}
		if !req.Selection.IncludeNotes {
			out = append(out, env.T("sharing.share.left_out_notes"))
		}
		out = append(out, env.T("sharing.share.left_out_consent"))
	}
	out = append(out, env.T("sharing.share.left_out_trust"), env.T("sharing.share.left_out_assignees"))
	for _, o := range out {
		b.WriteString("\n• " + o)
	}
	return b.String()
}

// exportTo seals the chosen bundle and writes it to w, on the calling
// goroutine.
func (f *shareForm) exportTo(w io.Writer) (*app.Exported, error) {
	req, problem := f.request()
	if problem != "" {
		return nil, errors.New(problem)
	}
	ex, err := exportBundle(f.s.ctx(), f.s.env.Session, req, w)
	if err == nil {
		f.s.env.Changed()
	}
	return ex, err
}

// exportBundle seals the bundle req asks for and writes it to w. It may
// run off the UI thread.
func exportBundle(ctx context.Context, sess *app.Session, req app.ExportRequest, w io.Writer) (*app.Exported, error) {
	ex, err := app.Export(ctx, sess, req)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(ex.Data); err != nil {
		return nil, err
	}
	return ex, nil
}

// chooseSaveFile asks where to save the bundle, then writes it.
func (f *shareForm) chooseSaveFile() {
	env := f.s.env
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if wc == nil {
			return
		}
		f.saveTo(wc)
	}, env.Window)
	d.SetFileName(bundle.FileName())
	d.Show()
}

// saveTo seals the file and writes it to wc off the UI thread (the key
// derivation of a passphrase alone takes a second or more), with a line
// saying so and the buttons disabled meanwhile; then it shows where the
// file is (the Save step). An error stays on the Check step.
func (f *shareForm) saveTo(wc fyne.URIWriteCloser) {
	env := f.s.env
	req, problem := f.request()
	if problem != "" {
		wc.Close()
		f.setError(problem)
		return
	}
	f.setError("")
	for _, b := range []*widget.Button{f.cancel, f.back, f.next} {
		b.Disable()
	}
	sess, ctx, path := env.Session, f.s.ctx(), wc.URI().Path()
	f.work.start(env.T("sharing.share.saving"), func(context.Context) func() {
		_, err := exportBundle(ctx, sess, req, wc)
		if cerr := wc.Close(); err == nil {
			err = cerr
		}
		return func() { f.exported(path, err) }
	})
}

// exported shows the outcome of saveTo.
func (f *shareForm) exported(path string, err error) {
	for _, b := range []*widget.Button{f.cancel, f.back, f.next} {
		b.Enable()
	}
	if err != nil {
		if msg, ok := f.s.explain(err); ok {
			f.setError(msg)
			return
		}
		f.s.env.ShowError(err)
		return
	}
	f.s.env.Changed()
	f.saved(path)
}

// saved shows the Save step: where the file is and that its name reveals
// nothing.
func (f *shareForm) saved(path string) {
	env := f.s.env
	msg := env.T("sharing.share.saved", map[string]any{"Path": path})
	if f.armor.Checked {
		msg += "\n\n" + env.T("sharing.share.saved_armor")
	}
	f.pass1.SetText("")
	f.pass2.SetText("")
	f.savedText.SetText(msg)
	f.show(stepSaved)
}
