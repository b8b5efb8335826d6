package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/store"
)

// The "Get started" checklist of the dashboard: three first steps, each a
// button that goes there, ticked by itself from what the vault holds. A
// new, empty vault shows only the checklist instead of a dashboard of
// zeros; once something is in the vault the checklist stays on top of
// the dashboard until all three steps are done, or the user hides it.
//
// Hiding lasts until the vault is locked: the vault has no place yet for
// per-vault settings, and the app's preferences are plaintext on disk
// and shared by every vault, so nothing about this vault is written
// there.

// Get started steps, in order.
const (
	stepContact = iota
	stepEvent
	stepTutorial
	stepCount
)

// newContactRequest is the filter of Navigate(ScreenContacts, ...) that
// opens an empty contact form.
type newContactRequest struct{}

// fromTemplateRequest is the filter of Navigate(ScreenEvents, ...) that
// opens the "New from template" dialog.
type fromTemplateRequest struct{}

// startState is what the vault says about the three steps.
type startState struct {
	done [stepCount]bool
	// tutorialTitle is the first tutorial's title in the interface
	// language ("" when the vault does not have it).
	tutorialTitle string
}

// complete reports whether every step is done.
func (st startState) complete() bool {
	for _, d := range st.done {
		if !d {
			return false
		}
	}
	return true
}

// doneCount is the number of steps done.
func (st startState) doneCount() int {
	n := 0
	for _, d := range st.done {
		if d {
			n++
		}
	}
	return n
}

// readStartState derives the steps from the vault: a contact, an event,
// and progress in the first built-in tutorial.
func readStartState(env *Env, counts store.Counts) (startState, error) {
	st := startState{}
	st.done[stepContact] = counts.Contacts > 0
	st.done[stepEvent] = counts.Events > 0
	ctx := context.Background()
	progress, err := env.Session.TutorialProgress(ctx, store.SafetyTutorialSlug)
	if err != nil {
		return st, err
	}
	for _, d := range progress {
		if d {
			st.done[stepTutorial] = true
			break
		}
	}
	for _, lang := range []string{env.Tr.Lang(), "en"} {
		if t, err := env.Session.TutorialBySlug(ctx, store.SafetyTutorialSlug, lang); err == nil {
			st.tutorialTitle = t.Title
			break
		}
	}
	return st, nil
}

// getStarted is the checklist card and the widgets tests reach.
type getStarted struct {
	content  fyne.CanvasObject
	progress *widget.Label
	// Per step: the state word ("Done", or empty), the step's text and
	// the button that goes there.
	states  [stepCount]*widget.Label
	texts   [stepCount]*widget.Label
	buttons [stepCount]*widget.Button
	hide    *widget.Button
}

// newGetStarted builds the checklist for st; onHide hides it.
func newGetStarted(env *Env, st startState, onHide func()) *getStarted {
	g := &getStarted{}
	title := env.T("dashboard.start.tutorial_title")
	if st.tutorialTitle != "" {
		title = st.tutorialTitle
	}
	steps := [stepCount]struct {
		text, button string
		icon         fyne.Resource
		open         func()
	}{
		stepContact: {env.T("dashboard.start.contact"), env.T("dashboard.start.contact_button"), theme.AccountIcon(),
			func() { env.Navigate(ScreenContacts, newContactRequest{}) }},
		stepEvent: {env.T("dashboard.start.event"), env.T("dashboard.start.event_button"), theme.CalendarIcon(),
			func() { env.Navigate(ScreenEvents, fromTemplateRequest{}) }},
		stepTutorial: {env.T("dashboard.start.tutorial", "Title", title), env.T("dashboard.switch.open_tutorial"), theme.FileTextIcon(),
			func() { env.Navigate(ScreenTutorials, store.SafetyTutorialSlug) }},
	}
	rows := container.NewVBox()
	primary := true // the first step not done is the primary action
	for i, step := range steps {
		done := st.done[i]
		mark := theme.RadioButtonIcon()
		if done {
			mark = theme.ConfirmIcon()
		}
		g.texts[i] = wrapLabel(step.text)
		g.states[i] = widget.NewLabel("")
		if done {
			g.states[i].SetText(env.T("dashboard.start.done"))
			g.states[i].Importance = widget.SuccessImportance
			g.states[i].TextStyle = fyne.TextStyle{Bold: true}
		}
		g.buttons[i] = widget.NewButtonWithIcon(step.button, step.icon, step.open)
		switch {
		case done:
			g.buttons[i].Importance = widget.LowImportance
		case primary:
			g.buttons[i].Importance = widget.HighImportance
			primary = false
		}
		right := container.NewHBox(middle(g.states[i]), middle(g.buttons[i]))
		rows.Add(container.NewBorder(nil, nil, middle(widget.NewIcon(mark)), right, g.texts[i]))
	}
	g.progress = widget.NewLabel(env.T("dashboard.start.progress", "Done", formatNumber(env, st.doneCount()),
		"Total", formatNumber(env, stepCount)))
	g.hide = widget.NewButtonWithIcon(env.T("dashboard.start.hide"), theme.VisibilityOffIcon(), onHide)
	g.hide.Importance = widget.LowImportance
	body := container.NewVBox(cardTitle(env.T("dashboard.start.title")), paragraph(env.T("dashboard.start.intro")), rows,
		container.NewBorder(nil, nil, g.progress, g.hide))
	g.content = widget.NewCard("", "", body)
	return g
}
