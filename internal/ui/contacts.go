package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/store"
)

// searchDelay is how long typing must pause before the contact search
// runs.
const searchDelay = 150 * time.Millisecond

// contactsScreen is the contact list (virtualized, searchable, filtered)
// with the detail or the edit form of one contact beside it.
type contactsScreen struct {
	env *Env

	root *fyne.Container
	// panes are the list (or its empty state or "no match") and the
	// detail pane beside it (listdetail.go).
	panes *listDetail

	search                    *textField
	kind, stage, tag, country *optionSelect
	count                     *widget.Label
	list                      *widget.List
	listView                  *listView
	newButton                 *widget.Button
	emptyView, noMatch        fyne.CanvasObject
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
	s.io = newContactsIO(s)

	addFirst := widget.NewButtonWithIcon(env.T("contacts.empty.add"), theme.ContentAddIcon(), s.NewItem)
	addFirst.Importance = widget.HighImportance
	importFirst := widget.NewButtonWithIcon(env.T("contacts.io.empty_import"), theme.DownloadIcon(), s.io.chooseImportFile)
	s.emptyView = emptyState(theme.AccountIcon(), env.T("contacts.empty.title"), env.T("contacts.empty.body"), addFirst, importFirst)
	clear := widget.NewButton(env.T("contacts.clear_filters"), s.clearFilters)
	s.noMatch = emptyState(theme.SearchIcon(), env.T("contacts.no_match.title"), env.T("contacts.no_match.body"), clear)
	s.listView = newListView(s.list, s.emptyView, s.noMatch)

	// The title, search and filters span the whole width (the search field
	// grows with the window); list and detail share the space below.
	title := screenTitle(env.T("nav.contacts"))
	top := container.NewBorder(nil, nil, title, container.NewHBox(s.io.importButton, s.io.exportButton, s.newButton), s.search)
	// The filters scroll sideways rather than widen a narrow window when a
	// language has long option names.
	filters := container.NewBorder(nil, nil, nil, s.count,
		container.NewHScroll(container.NewHBox(s.kind, s.stage, s.tag, s.country)))

	s.panes = newListDetail(env, container.NewVBox(top, filters), s.listView.stack, func() fyne.CanvasObject {
		return detailHint(theme.AccountIcon(), env.T("contacts.select_hint"))
	})
	s.root = s.panes.root
	return s
}

// reload runs the current query off the UI thread and shows its result.
func (s *contactsScreen) reload() {
	if s.env.Session == nil {
		return
	}
	s.gen++
	gen, f, sess := s.gen, s.filter(), s.env.Session
	s.async(func() {
		ctx := context.Background()
		items, err := sess.ContactSummaries(ctx, f)
		total := len(items)
		if err == nil && (f != store.ContactFilter{}) {
			total, err = sess.ContactCount(ctx, store.ContactFilter{})
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
	s.reselect()
	s.list.Refresh()
	switch {
	case total == 0:
		s.listView.show(s.emptyView)
	case len(items) == 0:
		s.listView.show(s.noMatch)
	default:
		s.listView.show(s.list)
	}
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
		if got, err := s.env.Session.Contact(context.Background(), id); err == nil {
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
	s.listView.mark(len(s.items), func(i int) bool { return s.items[i].ID == s.selected })
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
	s.panes.clear()
	s.search.SetText("")
	s.list.Refresh()
}

// setDetail shows o (a contact or the form) in the detail pane.
func (s *contactsScreen) setDetail(o fyne.CanvasObject) { s.panes.setDetail(o) }

// showHint closes the detail and the form, showing the hint.
func (s *contactsScreen) showHint() {
	s.detail, s.form = nil, nil
	s.panes.showHint()
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
