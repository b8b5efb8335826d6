package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/names"
	"github.com/safehouse-app/safehouse/internal/store"
)

func init() { screenFactories[ScreenContacts] = newContactsScreen }

// searchDelay is how long typing must pause before the contact search
// runs.
const searchDelay = 150 * time.Millisecond

// contactsScreen is the contact list (virtualized, searchable, filtered)
// with the detail or the edit form of one contact beside it.
type contactsScreen struct {
	env *Env

	root   *fyne.Container
	layout *masterDetail

	search                    *textField
	kind, stage, tag, country *optionSelect
	count                     *widget.Label
	list                      *widget.List
	newButton, backButton     *widget.Button
	listStack                 *fyne.Container // list, empty state or "no match"
	emptyView, noMatch        fyne.CanvasObject
	detailPane                *fyne.Container
	detail                    *contactDetail
	form                      *contactForm
	confirm                   *deleteDialog
	confirmText               string
	io                        *contactsIO // Import… and Export… (contacts_io.go)

	// items is the current result: summaries only, rows render lazily.
	items    []store.ContactSummary
	selected string // ID shown in the detail pane
	total    int    // contacts in the vault, for the empty state

	debounce debouncer
	// async runs a query off the UI thread; tests run it inline.
	async func(func())
	gen   uint64 // query generation: stale results are dropped
}

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

func newContactsScreen(env *Env) Screen { return newContacts(env) }

func newContacts(env *Env) *contactsScreen {
	s := &contactsScreen{env: env, async: env.Background}
	if s.async == nil {
		s.async = func(f func()) { go f() }
	}
	s.debounce.delay = searchDelay

	s.search = newTextField()
	s.search.SetPlaceHolder(env.T("common.search_placeholder"))
	s.search.OnChanged = func(string) { s.debounce.Trigger(s.reload) }

	s.kind = newOptionSelect(kindValues(), kindLabels(env), env.T("contacts.filter.any_kind"), func(string) {
		s.fillStageFilter()
		s.reload()
	})
	s.stage = newOptionSelect(nil, nil, env.T("contacts.filter.any_stage"), func(string) { s.reload() })
	s.fillStageFilter()
	s.tag = newOptionSelect(nil, nil, env.T("contacts.filter.any_tag"), func(string) { s.reload() })
	s.country = newOptionSelect(nil, nil, env.T("contacts.filter.any_country"), func(string) { s.reload() })
	for _, o := range []*optionSelect{s.kind, s.stage, s.tag, s.country} {
		o.SetValue("")
	}
	s.count = widget.NewLabel("")
	s.count.Alignment = fyne.TextAlignTrailing

	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			stage := widget.NewLabel("")
			country := widget.NewLabel("")
			return container.NewBorder(nil, nil, nil, container.NewHBox(stage, country), name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.items) {
				return
			}
			c := s.items[id]
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(shown(c.Name))
			right := row.Objects[1].(*fyne.Container)
			right.Objects[0].(*widget.Label).SetText(stageName(env, c.Stage))
			// Country names can be long ("Democratic Republic of the
			// Congo"): cut them short rather than squeeze the name. (A
			// truncating label would measure the text again and again,
			// which makes typing in the search slow.)
			right.Objects[1].(*widget.Label).SetText(shorten(contactCountryText(env, c.Country), 18))
			// The country's width changed: place the row's parts again
			// (a full Refresh would redraw every label of the row).
			row.Layout.Layout(row.Objects, row.Size())
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id < 0 || id >= len(s.items) {
			return
		}
		target := s.items[id].ID
		if s.form != nil && s.form.original != nil && target == s.form.original.ID {
			return // the row of the contact being edited
		}
		s.leaveForm(func() { s.showContact(target) })
	}

	s.newButton = widget.NewButtonWithIcon(env.T("contacts.new"), theme.ContentAddIcon(), s.NewItem)
	s.newButton.Importance = widget.HighImportance
	s.backButton = widget.NewButtonWithIcon(env.T("common.back"), theme.NavigateBackIcon(), s.back)
	s.io = newContactsIO(s)

	addFirst := widget.NewButtonWithIcon(env.T("contacts.empty.add"), theme.ContentAddIcon(), s.NewItem)
	addFirst.Importance = widget.HighImportance
	importFirst := widget.NewButtonWithIcon(env.T("contacts.io.empty_import"), theme.DownloadIcon(), s.io.chooseImportFile)
	s.emptyView = emptyState(theme.AccountIcon(), env.T("contacts.empty.title"), env.T("contacts.empty.body"), addFirst, importFirst)
	clear := widget.NewButton(env.T("contacts.clear_filters"), s.clearFilters)
	s.noMatch = emptyState(theme.SearchIcon(), env.T("contacts.no_match.title"), env.T("contacts.no_match.body"), clear)
	s.listStack = container.NewStack(s.list, s.emptyView, s.noMatch)

	// The title, search and filters span the whole width (the search field
	// grows with the window); list and detail share the space below.
	title := screenTitle(env.T("nav.contacts"))
	top := container.NewBorder(nil, nil, title, container.NewHBox(s.io.importButton, s.io.exportButton, s.newButton), s.search)
	// The filters scroll sideways rather than widen a narrow window when a
	// language has long option names.
	filters := container.NewBorder(nil, nil, nil, s.count,
		container.NewHScroll(container.NewHBox(s.kind, s.stage, s.tag, s.country)))

	s.detailPane = container.NewStack()
	detailPane := container.NewBorder(container.NewHBox(s.backButton), nil, nil, nil, s.detailPane)
	var split *fyne.Container
	split, s.layout = newMasterDetail(s.listStack, detailPane, s.backButton)
	s.root = container.NewBorder(container.NewVBox(top, filters), nil, nil, nil, split)
	s.showHint()
	return s
}

func kindValues() []string {
	out := make([]string, len(contact.Kinds))
	for i, k := range contact.Kinds {
		out[i] = string(k)
	}
	return out
}

func kindLabels(env *Env) []string {
	out := make([]string, len(contact.Kinds))
	for i, k := range contact.Kinds {
		out[i] = kindName(env, k)
	}
	return out
}

// allStages lists the stages of kind, or of every kind (once each) when
// kind is "".
func allStages(kind contact.Kind) []contact.Stage {
	if kind != "" {
		return contact.StagesFor(kind)
	}
	var out []contact.Stage
	for _, k := range contact.Kinds {
		for _, st := range contact.StagesFor(k) {
			if !slices.Contains(out, st) {
				out = append(out, st)
			}
		}
	}
	return out
}

func stageOptions(env *Env, kind contact.Kind) (values, labels []string) {
	for _, st := range allStages(kind) {
		values = append(values, string(st))
		labels = append(labels, stageName(env, st))
	}
	return values, labels
}

// fillStageFilter offers the stages of the chosen kind, keeping the
// chosen stage if it still fits.
func (s *contactsScreen) fillStageFilter() {
	cur := s.stage.Value()
	v, l := stageOptions(s.env, contact.Kind(s.kind.Value()))
	s.stage.setOptions(v, l, s.env.T("contacts.filter.any_stage"))
	if !slices.Contains(v, cur) {
		cur = ""
	}
	s.stage.SetValue(cur)
}

// fillStoreFilters refreshes the tag and country choices from the vault.
func (s *contactsScreen) fillStoreFilters() {
	ctx := context.Background()
	st := s.env.Session.Store().Contacts()
	tags, err := st.Tags(ctx)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	countries, err := st.Countries(ctx)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	curTag, curCountry := s.tag.Value(), s.country.Value()
	s.tag.setOptions(tags, tags, s.env.T("contacts.filter.any_tag"))
	// Countries by name, in the order of the interface language.
	lang := s.env.Tr.Lang()
	cmp := names.Collator(lang)
	slices.SortStableFunc(countries, func(a, b string) int { return cmp(names.Country(lang, a), names.Country(lang, b)) })
	countryNames := make([]string, len(countries))
	for i, c := range countries {
		countryNames[i] = names.Country(lang, c)
	}
	s.country.setOptions(countries, countryNames, s.env.T("contacts.filter.any_country"))
	s.tag.SetValue(curTag)
	s.country.SetValue(curCountry)
}

// filter is the query the widgets describe.
func (s *contactsScreen) filter() store.ContactFilter {
	return store.ContactFilter{
		Search:          s.search.Text,
		SearchCountries: searchCountries(s.env, s.search.Text),
		Kind:            contact.Kind(s.kind.Value()),
		Stage:           contact.Stage(s.stage.Value()),
		Tag:             s.tag.Value(),
		Country:         s.country.Value(),
	}
}

// reload runs the current query off the UI thread and shows its result.
func (s *contactsScreen) reload() {
	if s.env.Session == nil {
		return
	}
	s.gen++
	gen, f, st := s.gen, s.filter(), s.env.Session.Store()
	s.async(func() {
		ctx := context.Background()
		items, err := st.Contacts().ListSummaries(ctx, f)
		total := len(items)
		if err == nil && (f != store.ContactFilter{}) {
			total, err = st.Contacts().Count(ctx, store.ContactFilter{})
		}
		fyne.Do(func() {
			if gen != s.gen {
				return // a newer query (or teardown) superseded this one
			}
			if err != nil {
				s.env.ShowError(err)
				return
			}
			s.apply(items, total)
		})
	})
}

// apply shows a query result.
func (s *contactsScreen) apply(items []store.ContactSummary, total int) {
	s.items, s.total = items, total
	s.count.SetText(s.env.Tr.N("contacts.list_count", len(items), "Number", formatNumber(s.env, len(items))))
	s.list.UnselectAll()
	for i, it := range items {
		if it.ID == s.selected {
			cb := s.list.OnSelected
			s.list.OnSelected = nil
			s.list.Select(i)
			s.list.OnSelected = cb
			break
		}
	}
	s.list.Refresh()
	s.list.Hide()
	s.emptyView.Hide()
	s.noMatch.Hide()
	switch {
	case total == 0:
		s.emptyView.Show()
	case len(items) == 0:
		s.noMatch.Show()
	default:
		s.list.Show()
	}
}

func (s *contactsScreen) clearFilters() {
	cb := s.search.OnChanged
	s.search.OnChanged = nil
	s.search.SetText("")
	s.search.OnChanged = cb
	s.kind.SetValue("")
	s.fillStageFilter()
	s.stage.SetValue("")
	s.tag.SetValue("")
	s.country.SetValue("")
	s.reload()
}

// Content implements [Screen].
func (s *contactsScreen) Content() fyne.CanvasObject { return s.root }

// fillsArea implements [areaFiller]: list and detail scroll themselves.
func (s *contactsScreen) fillsArea() {}

// ContactRef opens one contact (by ID) in the contacts screen, with the
// filters cleared so the list shows it; pass it as the filter of
// Env.Navigate (an event's participants do).
type ContactRef string

// Shown implements [Screen]. A [store.ContactFilter] filter sets the
// filters (its Search fills the search field); a [ContactRef] opens that
// contact.
func (s *contactsScreen) Shown(filter any) {
	if _, ok := filter.(newContactRequest); ok { // from the dashboard's Get started
		s.fillStoreFilters()
		s.reload()
		s.NewItem()
		return
	}
	if ref, ok := filter.(ContactRef); ok {
		s.fillStoreFilters()
		s.leaveForm(func() {
			s.showContact(string(ref))
			s.clearFilters() // reloads, selecting the contact in the list
		})
		return
	}
	s.fillStoreFilters()
	if f, ok := filter.(store.ContactFilter); ok {
		cb := s.search.OnChanged
		s.search.OnChanged = nil
		s.search.SetText(f.Search)
		s.search.OnChanged = cb
		s.kind.SetValue(string(f.Kind))
		s.fillStageFilter()
		s.stage.SetValue(string(f.Stage))
		s.tag.SetValue(f.Tag)
		s.country.SetValue(f.Country)
	}
	s.reload()
}

// NewItem implements [Screen]: it opens an empty contact form.
func (s *contactsScreen) NewItem() { s.leaveForm(func() { s.openForm(nil) }) }

// activeForm implements [formScreen].
func (s *contactsScreen) activeForm() editForm {
	if s.form == nil {
		return nil
	}
	return s.form
}

// discardForm implements [formScreen].
func (s *contactsScreen) discardForm() {
	f := s.form
	if f == nil {
		return
	}
	dropDraft(s.env, f.draftKey())
	s.form = nil
	defer formClosed(s.env)
	if f.original != nil {
		s.showContact(f.original.ID)
		return
	}
	s.showHint()
}

// resumeDraft implements [formScreen]: it opens the form of a contact
// draft. A draft of a contact deleted since becomes a new contact.
func (s *contactsScreen) resumeDraft(key string, st formState) bool {
	kind, id, ok := parseDraftKey(key)
	if !ok || kind != draftContact {
		return false
	}
	var c *contact.Contact
	if id != "" {
		if got, err := s.env.Session.Store().Contacts().Get(context.Background(), id); err == nil {
			c = got
			s.selected = id
		} else {
			dropDraft(s.env, key)
		}
	}
	s.openForm(c)
	s.form.restore(st)
	return true
}

// leaveForm runs then, first asking what to do with the open form's
// unsaved edits. Keep editing puts the list selection back on the
// contact being edited.
func (s *contactsScreen) leaveForm(then func()) {
	askLeaveForm(s.env, s.activeForm(), s.discardForm, then, s.reselect)
}

// cancelForm is the form's Cancel: it closes the form, asking first when
// it has unsaved edits.
func (s *contactsScreen) cancelForm() {
	f := s.form
	askLeaveForm(s.env, f, s.discardForm, func() {
		if s.form == f {
			s.discardForm()
		}
	}, s.reselect)
}

// reselect marks the row of the shown contact again, without opening it.
func (s *contactsScreen) reselect() {
	cb := s.list.OnSelected
	s.list.OnSelected = nil
	defer func() { s.list.OnSelected = cb }()
	for i, it := range s.items {
		if it.ID == s.selected {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

// FocusSearch implements [Screen].
func (s *contactsScreen) FocusSearch() {
	if c := s.env.Window; c != nil {
		c.Canvas().Focus(s.search)
	}
}

// Teardown implements [Screen].
func (s *contactsScreen) Teardown() {
	s.debounce.Stop()
	s.gen++
	s.items, s.selected, s.total = nil, "", 0
	s.detail, s.form = nil, nil
	if s.confirm != nil {
		s.confirm.Hide()
		s.confirm = nil
	}
	s.detailPane.RemoveAll()
	s.search.SetText("")
	s.list.Refresh()
}

// back returns from the detail to the list on narrow windows; a dirty
// form stays open behind the list, so nothing is lost.
func (s *contactsScreen) back() {
	s.layout.showDetail = false
	s.root.Refresh()
}

func (s *contactsScreen) setDetail(o fyne.CanvasObject) {
	s.detailPane.Objects = []fyne.CanvasObject{o}
	s.detailPane.Refresh()
	s.layout.showDetail = true
	s.root.Refresh()
	// Wrapped paragraphs know their height only once they have their
	// width: lay the scroll out again so its end is reachable.
	if sc, ok := o.(*container.Scroll); ok {
		sc.Refresh()
	}
}

func (s *contactsScreen) showHint() {
	s.detailPane.Objects = []fyne.CanvasObject{detailHint(theme.AccountIcon(), s.env.T("contacts.select_hint"))}
	s.detailPane.Refresh()
	s.detail, s.form = nil, nil
	s.layout.showDetail = false
	s.root.Refresh()
}

// showContact loads a contact into the detail pane.
func (s *contactsScreen) showContact(id string) {
	c, err := s.env.Session.Store().Contacts().Get(context.Background(), id)
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
	events, err := env.Session.Store().Events().ForContact(context.Background(), c.ID)
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
	p, err := env.Session.Store().Peers().Get(context.Background(), c.ID)
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
	imp, err := env.Session.Store().Contacts().Impact(context.Background(), c.ID)
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
	if _, err := s.env.Session.Store().Contacts().Delete(context.Background(), id); err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.selected = ""
	s.showHint()
	s.fillStoreFilters()
	s.reload()
}

// saved is called by the form after a successful write.
func (s *contactsScreen) saved(c *contact.Contact) {
	s.env.Changed()
	s.fillStoreFilters()
	s.showContact(c.ID)
	s.reload()
}

// openForm shows the edit form for c, or an empty one when c is nil.
func (s *contactsScreen) openForm(c *contact.Contact) {
	s.form = newContactForm(s.env, c, s.saved, s.cancelForm)
	s.selected = ""
	if c != nil {
		s.selected = c.ID
	}
	s.reselect()
	s.detail = nil
	s.setDetail(s.form.content)
	if s.env.Window != nil {
		s.env.Window.Canvas().Focus(s.form.name)
	}
}
