package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/names"
	"github.com/safehouse-app/safehouse/internal/store"
)

// contactDetail holds the widgets of the detail pane tests reach.
type contactDetail struct {
	contact      *contact.Contact
	editButton   *widget.Button
	deleteButton *widget.Button
	copyButtons  []*widget.Button
	eventButtons []*widget.Button // one per event the contact takes part in
	tags         []string

	// Sharing keys, for a contact who is a trusted person.
	peer          *store.Peer
	keyStatus     *widget.Label
	compareButton *widget.Button
	phrase        *phraseDialog
}

// showContact loads a contact into the detail pane.
func (s *contactsScreen) showContact(id string) {
	c, err := s.env.Session.Contact(context.Background(), id)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.selected = id
	s.form = nil
	s.detail = &contactDetail{contact: c, tags: c.Tags}
	s.setDetail(s.buildDetail(c))
}

func (s *contactsScreen) buildDetail(c *contact.Contact) fyne.CanvasObject {
	env, d := s.env, s.detail
	d.editButton = widget.NewButtonWithIcon(env.T("common.edit"), theme.DocumentCreateIcon(), func() { s.openForm(c) })
	d.editButton.Importance = widget.HighImportance
	name := heading(c.Name)
	head := container.NewBorder(nil, nil, nil, d.editButton, name)

	parts := []string{kindName(env, c.Kind), stageName(env, c.Stage)}
	if c.Country != "" {
		parts = append(parts, contactCountryText(env, c.Country))
	}
	box := container.NewVBox(head, widget.NewLabel(strings.Join(parts, " · ")))
	addFromLine(box, env, c.Origin)
	if org := strings.Join(nonEmpty(c.Role, c.Organization), " · "); org != "" {
		box.Add(widget.NewLabel(org))
	}
	box.Add(widget.NewSeparator())
	box.Add(sectionLabel(env.T("contacts.field.channels")))
	if len(c.Channels) == 0 {
		box.Add(paragraph(env.T("contacts.detail.no_channels")))
	}
	for _, ch := range c.Channels {
		value := ch.Value
		copyBtn := widget.NewButtonWithIcon(env.T("common.copy"), theme.ContentCopyIcon(), func() {
			env.Clipboard.Copy(value)
		})
		d.copyButtons = append(d.copyButtons, copyBtn)
		kind := widget.NewLabel(channelName(env, ch.Type))
		kind.TextStyle = fyne.TextStyle{Bold: true}
		v := widget.NewLabel(value)
		v.Truncation = fyne.TextTruncateEllipsis
		box.Add(container.NewBorder(nil, nil, kind, copyBtn, v))
	}
	if len(c.Tags) > 0 {
		box.Add(sectionLabel(env.T("contacts.field.tags")))
		chips := container.NewHBox()
		for _, t := range c.Tags {
			chips.Add(chip(t))
		}
		box.Add(container.NewHScroll(chips))
	}
	box.Add(widget.NewSeparator())
	addLine := func(labelID, value string) {
		if value == "" {
			return
		}
		l := widget.NewLabel(env.T(labelID))
		l.TextStyle = fyne.TextStyle{Bold: true}
		v := paragraph(value)
		box.Add(container.NewBorder(nil, nil, l, nil, v))
	}
	addLine("contacts.field.trust", trustName(env, c.Trust))
	langs := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		langs[i] = names.Language(env.Tr.Lang(), l)
	}
	addLine("contacts.field.languages", strings.Join(langs, env.T("common.list_separator")))
	if !c.FollowUp.IsZero() {
		addLine("contacts.field.follow_up", displayDate(env, c.FollowUp))
	}
	addLine("contacts.field.consent", c.Consent)
	addLine("contacts.field.notes", c.Notes)
	s.addKeyStatus(box, c)

	// The events the contact takes part in; each opens the event.
	box.Add(widget.NewSeparator())
	box.Add(sectionLabel(env.T("contacts.detail.events")))
	events, err := env.Session.EventsForContact(context.Background(), c.ID)
	if err != nil {
		env.ShowError(err)
	}
	if len(events) == 0 {
		box.Add(paragraph(env.T("contacts.detail.no_events")))
	}
	for _, e := range events {
		ref := EventRef(e.ID)
		b := widget.NewButtonWithIcon(env.Tr.DateTime(e.Start.In(e.Zone()))+" · "+shown(e.Title), theme.CalendarIcon(), func() {
			env.Navigate(ScreenEvents, ref)
		})
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		d.eventButtons = append(d.eventButtons, b)
		box.Add(b)
	}

	// Delete sits apart from Edit, at the end of the detail.
	d.deleteButton = widget.NewButtonWithIcon(env.T("contacts.delete.button"), theme.DeleteIcon(), func() { s.askDelete(c) })
	d.deleteButton.Importance = widget.DangerImportance
	box.Add(widget.NewSeparator())
	box.Add(container.NewHBox(d.deleteButton))
	return container.NewVScroll(box)
}

// addKeyStatus shows, for a contact who is a trusted person (has sharing
// keys), whether the keys are verified, with the safety phrase to compare.
// Contacts without keys show nothing here.
func (s *contactsScreen) addKeyStatus(box *fyne.Container, c *contact.Contact) {
	env, d := s.env, s.detail
	p, err := env.Session.Peer(context.Background(), c.ID)
	if errors.Is(err, store.ErrNotFound) {
		return
	}
	if err != nil {
		env.ShowError(err)
		return
	}
	d.peer = p
	word, icon, imp := keyStatus(env, p)
	d.keyStatus = widget.NewLabel(word)
	d.keyStatus.Importance = imp
	d.keyStatus.TextStyle = fyne.TextStyle{Bold: p.KeyChanged}
	id := c.ID
	d.compareButton = widget.NewButtonWithIcon(env.T("sharing.people.compare"), theme.VisibilityIcon(), func() {
		d.phrase = showSafetyPhrase(env, id, func() { s.showContact(id) })
	})
	if p.KeyChanged || !p.Verified {
		d.compareButton.Importance = widget.HighImportance
	}
	box.Add(widget.NewSeparator())
	box.Add(sectionLabel(env.T("contacts.keys.heading")))
	box.Add(container.NewHBox(widget.NewIcon(icon), d.keyStatus))
	if p.KeyChanged {
		box.Add(warnRow(env.T("sharing.people.changed_warning", map[string]any{"Name": p.Name})))
	}
	box.Add(container.NewHBox(d.compareButton))
}

func nonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func sectionLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// chip is a tag shown as a rounded label.
func chip(text string) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 1
	return container.NewStack(bg, widget.NewLabel(text))
}

// askDelete asks before deleting, naming the contact and every side
// effect: the events it is removed from (the events its detail lists),
// the tasks that lose their assignee, and the sharing keys that go with a
// trusted person.
func (s *contactsScreen) askDelete(c *contact.Contact) {
	env := s.env
	imp, err := env.Session.ContactDeleteImpact(context.Background(), c.ID)
	if err != nil {
		env.ShowError(err)
		return
	}
	lines := []string{env.T("contacts.delete.confirm", "Name", c.Name)}
	if imp.Participations > 0 {
		lines[0] = env.Tr.N("contacts.delete.confirm_events", imp.Participations, "Name", c.Name)
	}
	if imp.TasksUnassigned > 0 {
		lines = append(lines, env.Tr.N("contacts.delete.tasks_unassigned", imp.TasksUnassigned))
	}
	if imp.TrustedPerson {
		lines = append(lines, env.T("contacts.delete.trusted_person", "Name", c.Name))
	}
	lines = append(lines, env.T("contacts.delete.cannot_undo"))
	s.confirmText = strings.Join(lines, "\n")
	id := c.ID
	var d *deleteDialog
	d = showDeleteDialog(env, env.T("contacts.delete.title"), lines, func() { s.deleteContact(id) }, func() {
		if s.confirm == d {
			s.confirm = nil
		}
	})
	s.confirm = d
}

func (s *contactsScreen) deleteContact(id string) {
	if _, err := s.env.Session.DeleteContact(context.Background(), id); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.selected = ""
	s.showHint()
	s.fillStoreFilters()
	s.reload()
}
