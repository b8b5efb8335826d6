package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
)

// contactForm edits one contact: every field with its own error line, and
// a channels editor with one row per way of reaching the contact.
type contactForm struct {
	formTracker
	env      *Env
	original *contact.Contact // nil for a new contact
	onSaved  func(*contact.Contact)

	content *fyne.Container

	name, organization, role, tags, consent, notes *textField
	followUp                                       *dateEntry
	country                                        *choiceField
	languages                                      *multiChoiceField
	kind, stage, trust                             *optionSelect
	channelBox                                     *fyne.Container
	channels                                       []*channelRow
	addChannel, save, cancel                       *widget.Button
	errs                                           map[string]*fieldError
}

// channelRow is one row of the channels editor.
type channelRow struct {
	typ    *optionSelect
	value  *textField
	remove *widget.Button
	err    *fieldError
	row    fyne.CanvasObject
}

func newContactForm(env *Env, c *contact.Contact, onSaved func(*contact.Contact), onCancel func()) *contactForm {
	f := &contactForm{env: env, original: c, onSaved: onSaved, errs: map[string]*fieldError{}}
	if c == nil {
		c = &contact.Contact{Kind: contact.KindPerson, Trust: contact.TrustUnverified}
		c.Normalize()
	}
	entry := func(text, hint string) *textField {
		e := newTextField()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	multi := func(text string) *textField {
		e := newMultiLineTextField()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.SetText(text)
		return e
	}
	f.name = entry(c.Name, "")
	f.kind = newOptionSelect(kindValues(), kindLabels(env), "", func(string) { f.fillStages() })
	f.kind.SetValue(string(c.Kind))
	f.stage = newOptionSelect(nil, nil, "", nil)
	f.fillStages()
	f.stage.SetValue(string(c.Stage))
	f.organization = entry(c.Organization, "")
	f.role = entry(c.Role, "")
	f.country = newCountryField(env)
	f.country.SetValue(c.Country)
	f.languages = newLanguagesField(env)
	f.languages.SetValues(c.Languages)
	f.tags = entry(strings.Join(c.Tags, ", "), env.T("contacts.field.tags_hint"))
	var trustV, trustL []string
	for _, t := range contact.TrustLevels {
		trustV = append(trustV, string(t))
		trustL = append(trustL, trustName(env, t))
	}
	f.trust = newOptionSelect(trustV, trustL, "", nil)
	f.trust.SetValue(string(c.Trust))
	f.consent = multi(c.Consent)
	f.consent.SetPlaceHolder(env.T("contacts.field.consent_hint"))
	fu := ""
	if !c.FollowUp.IsZero() {
		fu = formatDate(env, c.FollowUp)
	}
	f.followUp = newDateEntry(env, env.T("contacts.field.date_hint"))
	f.followUp.SetText(fu)
	f.notes = multi(c.Notes)

	f.channelBox = container.NewVBox()
	for _, ch := range c.Channels {
		f.addChannelRow(ch)
	}
	f.addChannel = widget.NewButtonWithIcon(env.T("contacts.channel.add"), theme.ContentAddIcon(), func() {
		r := f.addChannelRow(contact.Channel{Type: contact.ChannelSignal})
		f.watchChannel(r)
		f.changed()
		if env.Window != nil {
			env.Window.Canvas().Focus(r.value)
		}
	})

	field := func(key, labelID string, input fyne.CanvasObject) fyne.CanvasObject {
		fe := newFieldError()
		f.errs[key] = fe
		return formField(env.T(labelID), input, fe)
	}
	f.save = widget.NewButtonWithIcon(env.T("common.save"), theme.DocumentSaveIcon(), func() { f.submit() })
	f.save.Importance = widget.HighImportance
	f.cancel = widget.NewButton(env.T("common.cancel"), onCancel)
	f.name.OnSubmitted = func(string) { f.submit() }

	titleID := "contacts.new_title"
	if f.original != nil {
		titleID = "contacts.edit_title"
	}
	// The order of the fields is the tab order.
	fields := container.NewVBox(
		heading(env.T(titleID)),
		field("name", "contacts.field.name", f.name),
		container.NewGridWithColumns(2,
			field("kind", "contacts.field.kind", f.kind),
			field("stage", "contacts.field.stage", f.stage)),
		container.NewGridWithColumns(2,
			field("organization", "contacts.field.organization", f.organization),
			field("role", "contacts.field.role", f.role)),
		container.NewGridWithColumns(2,
			field("country", "contacts.field.country", f.country),
			field("languages", "contacts.field.languages", f.languages)),
		field("channels", "contacts.field.channels", container.NewVBox(f.channelBox, container.NewHBox(f.addChannel))),
		field("tags", "contacts.field.tags", f.tags),
		container.NewGridWithColumns(2,
			field("trust", "contacts.field.trust", f.trust),
			field("follow_up", "contacts.field.follow_up", f.followUp)),
		field("consent", "contacts.field.consent", f.consent),
		field("notes", "contacts.field.notes", f.notes),
	)
	buttons := container.NewHBox(f.cancel, f.save)
	f.content = container.NewBorder(nil, container.NewBorder(nil, nil, nil, buttons), nil, nil, container.NewVScroll(fields))
	f.track(f.state(), env.FormChanged, f.name, f.kind, f.stage, f.organization, f.role, f.country,
		f.languages, f.tags, f.trust, f.consent, f.followUp, f.notes)
	for _, r := range f.channels {
		f.watchChannel(r)
	}
	return f
}

// draftKey implements [editForm].
func (f *contactForm) draftKey() string {
	if f.original == nil {
		return draftKey(draftContact, "")
	}
	return draftKey(draftContact, f.original.ID)
}

// state implements [editForm]. Channels are kept as one list of
// alternating types and values.
func (f *contactForm) state() formState {
	var chans []string
	for _, r := range f.channels {
		chans = append(chans, r.typ.Value(), r.value.Text)
	}
	return formState{
		"name": f.name.Text, "kind": f.kind.Value(), "stage": f.stage.Value(),
		"organization": f.organization.Text, "role": f.role.Text, "country": f.country.Value(),
		"languages": strings.Join(f.languages.Values(), ", "), "tags": f.tags.Text, "trust": f.trust.Value(),
		"consent": f.consent.Text, "follow_up": f.followUp.Text, "notes": f.notes.Text,
		"channels": encodeList(chans),
	}
}

// restore implements [editForm].
func (f *contactForm) restore(st formState) {
	f.name.SetText(st["name"])
	f.kind.SetValue(st["kind"])
	f.fillStages()
	f.stage.SetValue(st["stage"])
	f.organization.SetText(st["organization"])
	f.role.SetText(st["role"])
	f.country.SetValue(st["country"])
	f.languages.SetValues(splitList(st["languages"]))
	f.tags.SetText(st["tags"])
	f.trust.SetValue(st["trust"])
	f.consent.SetText(st["consent"])
	f.followUp.SetText(st["follow_up"])
	f.notes.SetText(st["notes"])
	for len(f.channels) > 0 {
		f.removeChannelRow(f.channels[0])
	}
	chans := decodeList(st["channels"])
	for i := 0; i+1 < len(chans); i += 2 {
		f.watchChannel(f.addChannelRow(contact.Channel{Type: contact.ChannelType(chans[i]), Value: chans[i+1]}))
	}
	f.changed()
}

// dirty implements [editForm].
func (f *contactForm) dirty() bool { return f.differs(f.state()) }

func (f *contactForm) watchChannel(r *channelRow) {
	f.watch(r.typ)
	f.watch(r.value)
}

func (f *contactForm) fillStages() {
	cur := f.stage.Value()
	v, l := stageOptions(f.env, contact.Kind(f.kind.Value()))
	f.stage.setOptions(v, l, "")
	f.stage.SetValue(cur)
	if f.stage.Value() == "" && len(v) > 0 {
		f.stage.SetValue(v[0])
	}
}

func (f *contactForm) addChannelRow(ch contact.Channel) *channelRow {
	r := &channelRow{err: newFieldError()}
	var tv, tl []string
	for _, t := range contact.ChannelTypes {
		tv = append(tv, string(t))
		tl = append(tl, channelName(f.env, t))
	}
	r.typ = newOptionSelect(tv, tl, "", nil)
	r.typ.SetValue(string(ch.Type))
	r.value = newTextField()
	r.value.SetPlaceHolder(f.env.T("contacts.channel.value_hint"))
	r.value.SetText(ch.Value)
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	r.row = container.NewVBox(container.NewBorder(nil, nil, r.typ, r.remove, r.value), r.err.row)
	r.remove.OnTapped = func() {
		f.removeChannelRow(r)
		f.changed()
	}
	f.channels = append(f.channels, r)
	f.channelBox.Add(r.row)
	return r
}

func (f *contactForm) removeChannelRow(r *channelRow) {
	for i, x := range f.channels {
		if x == r {
			f.channels = append(f.channels[:i], f.channels[i+1:]...)
			break
		}
	}
	f.channelBox.Remove(r.row)
}

// contact builds the contact described by the form. A follow-up date that
// does not parse is reported as a field message.
func (f *contactForm) contact() (*contact.Contact, map[string]string) {
	c := &contact.Contact{}
	if f.original != nil {
		*c = *f.original
	}
	c.Name = f.name.Text
	c.Kind = contact.Kind(f.kind.Value())
	c.Stage = contact.Stage(f.stage.Value())
	c.Organization = f.organization.Text
	c.Role = f.role.Text
	c.Country = f.country.Value()
	c.Languages = f.languages.Values()
	c.Tags = splitList(f.tags.Text)
	c.Trust = contact.Trust(f.trust.Value())
	c.Consent = f.consent.Text
	c.Notes = f.notes.Text
	c.Channels = nil
	for _, r := range f.channels {
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelType(r.typ.Value()), Value: r.value.Text})
	}
	msgs := map[string]string{}
	c.FollowUp = date.Date{}
	if d, err := f.followUp.date(); err != nil {
		msgs["follow_up"] = f.env.T("validation.date_invalid")
	} else {
		c.FollowUp = d
	}
	return c, msgs
}

// submit validates and saves; it reports whether the contact was saved.
// Errors are shown next to their fields.
func (f *contactForm) submit() bool {
	c, msgs := f.contact()
	// Channels the user left completely empty are dropped by Normalize;
	// match rows to what is validated by skipping them here too.
	rows := make([]*channelRow, 0, len(f.channels))
	for _, r := range f.channels {
		if strings.TrimSpace(r.value.Text) != "" || r.typ.Value() != string(contact.ChannelOther) {
			rows = append(rows, r)
		}
	}
	probe := *c
	probe.Normalize()
	if err := probe.Validate(); err != nil {
		m, ok := fieldMessages(f.env, err)
		if !ok {
			f.env.ShowError(err)
			return false
		}
		for k, v := range m {
			msgs[k] = v
		}
	}
	f.showErrors(msgs, rows)
	if len(msgs) > 0 {
		return false
	}
	ctx := context.Background()
	var err error
	if f.original == nil {
		err = f.env.Session.AddContact(ctx, c)
	} else {
		err = f.env.Session.UpdateContact(ctx, c)
	}
	if err != nil {
		if m, ok := fieldMessages(f.env, err); ok {
			f.showErrors(m, rows)
			return false
		}
		f.env.ShowError(err)
		return false
	}
	f.initial = f.state()
	dropDraft(f.env, f.draftKey())
	f.onSaved(c)
	formClosed(f.env)
	return true
}

func (f *contactForm) showErrors(msgs map[string]string, rows []*channelRow) {
	for k, fe := range f.errs {
		fe.Set(msgs[k])
	}
	for _, r := range f.channels {
		r.err.Set("")
	}
	for i, r := range rows {
		p := "channels[" + strconv.Itoa(i) + "]"
		text := msgs[p+".value"]
		if text == "" {
			text = msgs[p+".type"]
		}
		r.err.Set(text)
	}
	// Messages for fields without their own line (rare) go to the name.
	for k, v := range msgs {
		if _, ok := f.errs[k]; !ok && !strings.HasPrefix(k, "channels[") {
			f.errs["name"].Set(v)
		}
	}
}
