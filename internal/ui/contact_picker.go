package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/names"
	"github.com/safehouse-app/safehouse/internal/store"
)

// contactPicker is a dialog that picks one contact out of all of them: a
// search over the whole vault (names, organizations, notes, and the names
// of their countries) and a list that shows each contact's organization
// and country under the name, so namesakes can be told apart, sorted by
// name; with optional extra fields under the list. Enter confirms the
// highlighted contact, Escape cancels.
type contactPicker struct {
	*pickList
	dialog *dialog.ConfirmDialog
}

// pickerLimit caps the contacts the picker lists: searching narrows.
const pickerLimit = 100

// newContactPicker shows the picker; onDone gets the chosen contact, or
// "" when cancelled or nothing was chosen.
func newContactPicker(env *Env, title, confirm string, extra fyne.CanvasObject, onDone func(id, name string)) *contactPicker {
	p := &contactPicker{pickList: newPickList(env, true, func(text string) []pickItem { return contactChoices(env, text) })}
	content := container.NewBorder(nil, extra, nil, nil, p.content)
	p.dialog = dialog.NewCustomConfirm(title, confirm, env.T("common.cancel"), rtlContent(env.Tr, content), func(ok bool) {
		id, name := "", ""
		if it, chosen := p.selected(); ok && chosen {
			id, name = it.value, it.label
		}
		onDone(id, name)
	}, env.Window)
	p.onPick = func(pickItem) { p.dialog.Confirm() }
	p.onCancel = p.dialog.Hide
	p.dialog.Resize(dialogSize(env, dialogPicker))
	p.dialog.Show()
	if env.Window != nil {
		env.Window.Canvas().Focus(p.search)
	}
	return p
}

// contactChoices lists the contacts matching text for a picker, sorted by
// name in the interface language's order.
func contactChoices(env *Env, text string) []pickItem {
	choices, err := env.Session.ContactChoices(context.Background(),
		store.ContactFilter{Search: text, SearchCountries: searchCountries(env, text), Limit: pickerLimit})
	if err != nil {
		env.ShowError(err)
		return nil
	}
	cmp := names.Collator(env.Tr.Lang())
	slices.SortStableFunc(choices, func(a, b store.ContactChoice) int {
		if c := cmp(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp(a.Organization, b.Organization)
	})
	items := make([]pickItem, len(choices))
	for i, c := range choices {
		items[i] = pickItem{value: c.ID, label: c.Name,
			detail: strings.Join(nonEmpty(c.Organization, contactCountryText(env, c.Country)), " · ")}
	}
	return items
}

// participantPicker adds a contact to the event with a role.
type participantPicker struct {
	*contactPicker
	role    *textField
	eventID string
}

func (s *eventsScreen) openPicker() {
	if s.detail == nil {
		return
	}
	env := s.env
	p := &participantPicker{eventID: s.detail.event.ID}
	if s.detail.series != nil {
		p.eventID = s.detail.series.ID
	}
	p.role = newTextField()
	p.role.SetPlaceHolder(env.T("events.participants.role_hint"))
	s.picker = p
	p.contactPicker = newContactPicker(env, env.T("events.picker.title"), env.T("events.picker.add"), p.role,
		func(id, _ string) {
			s.picker = nil
			if id != "" {
				s.addParticipant(p.eventID, id, p.role.Text)
			}
		})
}

func (s *eventsScreen) addParticipant(eventID, contactID, role string) {
	err := s.env.Session.SetParticipant(context.Background(),
		event.Participant{EventID: eventID, ContactID: contactID, Role: role})
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.env.Changed()
	s.showEvent(eventID)
}
