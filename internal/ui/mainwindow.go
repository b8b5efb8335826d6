package ui

import (
	"context"
	"encoding/json"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
)

// wideMinWidth is the window width from which navigation is a sidebar;
// narrower windows get a rail of icons with short names (navrail.go).
const wideMinWidth float32 = 900

// navEntry is one navigation destination.
type navEntry struct {
	id    ScreenID
	label string // message ID
	icon  fyne.Resource
}

func navEntries() []navEntry {
	return []navEntry{
		{ScreenDashboard, "nav.dashboard", theme.HomeIcon()},
		{ScreenContacts, "nav.contacts", theme.AccountIcon()},
		{ScreenEvents, "nav.events", theme.CalendarIcon()},
		{ScreenTutorials, "nav.tutorials", theme.DocumentIcon()},
		{ScreenSharing, "sharing.nav", theme.MailSendIcon()},
		{ScreenSettings, "nav.settings", theme.SettingsIcon()},
	}
}

// mainWindow is the unlocked view: top bar, navigation and the current
// screen.
type mainWindow struct {
	s       *shell
	env     *Env
	content fyne.CanvasObject
	appName *widget.Label // the app's name in the top bar (camouflage.go)
	// errorDetails is the "Details" section of the last error dialog
	// (nil when it had none).
	errorDetails *widget.Accordion

	screens map[ScreenID]Screen
	current ScreenID
	body    *fyne.Container

	navButtons map[ScreenID]*widget.Button
	railItems  map[ScreenID]*navRailItem
	sidebar    fyne.CanvasObject // shown in wide windows
	rail       fyne.CanvasObject // shown in narrow ones
	saveIcon   *widget.Icon
	saveLabel  *widget.Label
	retry      *widget.Button
	// openPrev offers the earlier copy after the check that runs once
	// the vault is open found the loaded state damaged.
	openPrev    *widget.Button
	lockButton  *widget.Button
	demoBadge   fyne.CanvasObject
	banner      *fyne.Container
	bannerLabel *widget.Label
	top         *fyne.Container
	inbox       inboxState
	// vaultState is the vault's last reported save state; the header
	// shows it unless a form has unsaved edits.
	vaultState app.SaveState
	// draftNotice says that a form was restored from a draft after
	// unlock; it stays until that form is closed.
	draftNotice      *fyne.Container
	draftNoticeLabel *widget.Label
	// rollbackNotice warns that the vault loaded is older than one this
	// computer has seen; it stays until the vault is locked.
	rollbackNotice      *fyne.Container
	rollbackNoticeLabel *widget.Label
}

func newMainWindow(s *shell, sess *app.Session) *mainWindow {
	tr := s.tr
	m := &mainWindow{s: s, screens: map[ScreenID]Screen{}, navButtons: map[ScreenID]*widget.Button{}, railItems: map[ScreenID]*navRailItem{}}
	m.env = &Env{
		Session:   sess,
		Tr:        tr,
		Window:    s.win,
		Clipboard: s.clip,
		Now:       s.now,
		Changed: func() {
			s.touch()
			if m.env.Session != nil {
				m.env.Session.Changed()
			}
			m.refreshSaveState()
		},
		ShowError:  m.showError,
		Background: s.goTask,
		Navigate:   m.navigate,
		ExportName: s.exportName,
		FormChanged: func() {
			s.touch()
			m.refreshSaveState()
		},
	}

	// Top bar: name, DEMO badge, save state, Retry, Lock.
	name := widget.NewLabel(s.appName())
	name.TextStyle = fyne.TextStyle{Bold: true}
	m.appName = name
	left := container.NewHBox(widget.NewIcon(theme.VisibilityOffIcon()), name)
	if s.opts.Demo {
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
		bg.CornerRadius = theme.InputRadiusSize()
		badge := widget.NewLabel(tr.T("shell.demo_badge"))
		badge.TextStyle = fyne.TextStyle{Bold: true}
		m.demoBadge = container.NewStack(bg, container.NewHBox(widget.NewIcon(theme.InfoIcon()), badge))
		left.Add(container.NewCenter(m.demoBadge))
	}
	m.saveIcon = widget.NewIcon(theme.ConfirmIcon())
	m.saveLabel = widget.NewLabel("")
	m.retry = widget.NewButtonWithIcon(tr.T("common.retry"), theme.ViewRefreshIcon(), s.saveNow)
	m.retry.Hide()
	m.openPrev = widget.NewButtonWithIcon(tr.T("unlock.open_previous"), theme.HistoryIcon(), s.openEarlierCopy)
	m.openPrev.Hide()
	m.lockButton = widget.NewButtonWithIcon(tr.T("lock.button"), theme.LogoutIcon(), s.lock)
	m.lockButton.Importance = widget.HighImportance
	right := container.NewHBox(m.saveIcon, m.saveLabel, m.retry, m.openPrev, m.lockButton)
	top := container.NewBorder(nil, nil, left, right)

	m.banner, m.bannerLabel = newErrorLine()
	m.draftNotice, m.draftNoticeLabel = newErrorLine()
	m.draftNoticeLabel.Importance = widget.WarningImportance

	// Navigation: a sidebar and a rail; the layout shows one.
	side := container.NewVBox()
	var rail []*navRailItem
	var railSettings *navRailItem
	for _, e := range navEntries() {
		e := e
		open := func() {
			s.touch()
			m.navigate(e.id, nil)
		}
		b := widget.NewButtonWithIcon(tr.T(e.label), e.icon, open)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		m.navButtons[e.id] = b
		r := newNavRailItem(e.icon, tr.T(e.label), open)
		m.railItems[e.id] = r
		if e.id == ScreenSettings {
			side.Add(layout.NewSpacer())
			railSettings = r
		} else {
			rail = append(rail, r)
		}
		side.Add(b)
	}
	m.sidebar = container.NewBorder(nil, nil, nil, widget.NewSeparator(), side)
	m.rail = container.NewBorder(nil, nil, nil, widget.NewSeparator(), newNavRail(rail, railSettings))

	m.body = container.NewStack()
	nav := container.New(&responsiveNav{}, m.sidebar, m.rail, m.body)
	m.rollbackNotice, m.rollbackNoticeLabel = newErrorLine()
	m.rollbackNoticeLabel.Importance = widget.WarningImportance
	if sess.Rollback() != nil {
		setErrorLine(m.rollbackNotice, m.rollbackNoticeLabel, tr.T("shell.rollback_warning"))
	}
	m.top = container.NewVBox(top, widget.NewSeparator(), m.rollbackNotice, m.banner, m.draftNotice)
	m.content = container.NewBorder(m.top, nil, nil, nil, nav)
	return m
}

// currentScreen returns the visible screen.
func (m *mainWindow) currentScreen() Screen {
	if scr, ok := m.screens[m.current]; ok {
		return scr
	}
	return &placeholderScreen{}
}

// screen returns the screen for id, building it on first use.
func (m *mainWindow) screen(id ScreenID) Screen {
	if scr, ok := m.screens[id]; ok {
		return scr
	}
	var scr Screen
	if id == ScreenSettings {
		scr = newSettingsScreen(m.env, m.s)
	} else if f, ok := m.s.screens[id]; ok {
		scr = f(m.env)
	}
	if scr == nil {
		scr = newPlaceholderScreen(m.s.tr)
	}
	m.screens[id] = scr
	return scr
}

// activeForm returns the form open on the current screen, or nil.
func (m *mainWindow) activeForm() editForm {
	if fs, ok := m.screens[m.current].(formScreen); ok {
		return fs.activeForm()
	}
	return nil
}

// formDirty reports whether the current screen has a form with unsaved
// edits.
func (m *mainWindow) formDirty() bool {
	f := m.activeForm()
	return f != nil && f.dirty()
}

// leaveForm runs then once the current screen's form may be left: at
// once when it has no unsaved edits, else after the user chose Save or
// Discard. Keep editing runs kept instead.
func (m *mainWindow) leaveForm(then, kept func()) {
	fs, ok := m.screens[m.current].(formScreen)
	if !ok {
		then()
		return
	}
	askLeaveForm(m.env, fs.activeForm(), func() {
		fs.discardForm()
		m.refreshSaveState()
	}, then, kept)
}

// navigate shows screen id with an optional filter, first asking what to
// do with unsaved edits in the current screen's form.
func (m *mainWindow) navigate(id ScreenID, filter any) {
	if m.env.Session == nil {
		return
	}
	m.leaveForm(func() { m.show(id, filter) }, m.syncNav)
}

// show shows screen id with an optional filter.
func (m *mainWindow) show(id ScreenID, filter any) {
	if m.env.Session == nil {
		return
	}
	scr := m.screen(id)
	m.current = id
	// The focus goes with the screen it was on (see shell.setContent).
	m.s.win.Canvas().Unfocus()
	// A screen whose minimum size exceeds the window scrolls instead of
	// growing the window past the screen (800x600 must stay usable). A
	// screen that scrolls its own parts (list and detail) gets exactly the
	// content area instead, so its panes share the real width and height.
	content := scr.Content()
	if _, ok := scr.(areaFiller); !ok {
		content = container.NewScroll(content)
	}
	m.body.Objects = []fyne.CanvasObject{content}
	m.body.Refresh()
	m.syncNav()
	scr.Shown(filter)
	m.refreshSaveState()
}

// syncNav marks the current screen in the navigation.
func (m *mainWindow) syncNav() {
	for bid, b := range m.navButtons {
		if bid == m.current {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	for rid, r := range m.railItems {
		r.setCurrent(rid == m.current)
	}
}

// showSaveState records the vault's save state and updates the header.
func (m *mainWindow) showSaveState(st app.SaveState) {
	m.vaultState = st
	m.refreshSaveState()
}

// refreshSaveState updates the save indicator: a word and an icon, never
// colour alone. A form with unsaved edits comes first: the vault may be
// saved while what is being typed is not.
func (m *mainWindow) refreshSaveState() {
	tr := m.s.tr
	st := m.vaultState
	if m.activeForm() == nil && !m.draftNotice.Hidden {
		setErrorLine(m.draftNotice, m.draftNoticeLabel, "")
	}
	if st.Status != app.Failed && m.formDirty() {
		m.saveIcon.SetResource(theme.DocumentCreateIcon())
		m.saveLabel.SetText(tr.T("save.form_unsaved"))
		m.saveLabel.Importance = widget.WarningImportance
		m.saveLabel.Refresh()
		return
	}
	switch st.Status {
	case app.Saved:
		m.saveIcon.SetResource(theme.ConfirmIcon())
		m.saveLabel.SetText(tr.T("save.saved"))
		m.saveLabel.Importance = widget.MediumImportance
		m.retry.Hide()
		m.openPrev.Hide()
		setErrorLine(m.banner, m.bannerLabel, "")
	case app.Unsaved, app.Saving:
		m.saveIcon.SetResource(theme.HistoryIcon())
		m.saveLabel.SetText(tr.T("save.saving"))
		m.saveLabel.Importance = widget.MediumImportance
	case app.Failed:
		m.saveIcon.SetResource(theme.WarningIcon())
		m.saveLabel.SetText(tr.T("shell.save.not_saved"))
		m.saveLabel.Importance = widget.DangerImportance
		line := tr.T("save.failed", "Reason", m.s.explain(st.Err))
		if errors.Is(st.Err, app.ErrCheckFailed) {
			// Saving stays off for this session: retrying cannot
			// help, the earlier copy (if there is one) can.
			m.retry.Hide()
			if m.s.canOpenEarlierCopy(st.Err) {
				m.openPrev.Show()
				line += " " + tr.T("error.damaged_offer_previous")
			}
		} else {
			m.retry.Show()
		}
		setErrorLine(m.banner, m.bannerLabel, line)
	}
	m.saveLabel.Refresh()
}

// showError shows one translated line for err in a dialog.
func (m *mainWindow) showError(err error) {
	m.errorDetails = nil
	var body fyne.CanvasObject = paragraph(m.s.explain(err))
	// What failed, for whoever helps: closed at first, never user data
	// (app.Redact).
	if details := app.Explain(err).Details; details != "" {
		text := paragraph(details)
		text.TextStyle = fyne.TextStyle{Monospace: true}
		m.errorDetails = widget.NewAccordion(widget.NewAccordionItem(m.s.tr.T("shell.error_details"), text))
		body = container.NewVBox(body, m.errorDetails)
	}
	d := dialog.NewCustom(m.s.tr.T("shell.error_title"), m.s.tr.T("common.close"),
		rtlContent(m.s.tr, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, body)), m.s.win)
	d.Resize(fyne.NewSize(dialogMessage, 0))
	d.Show()
}

// keepDraft stores the current screen's dirty form as a draft in the
// vault, so a lock loses nothing; the draft is saved with the vault.
func (m *mainWindow) keepDraft() {
	scr, ok := m.screens[m.current]
	if !ok || m.env.Session == nil {
		return
	}
	if _, err := keepDraft(m.env, scr); err != nil {
		fyne.LogError("keeping a draft", err)
	}
}

// resumeDrafts opens the form left unfinished at the last lock in its
// screen, and says so. A vault normally holds at most one draft; should
// there be more, the newest is opened and the others wait for a later
// unlock (each is dropped only when its form is saved or discarded).
func (m *mainWindow) resumeDrafts() {
	drafts, err := m.env.Session.Drafts(context.Background())
	if err != nil {
		fyne.LogError("reading drafts", err)
		return
	}
	if len(drafts) == 0 {
		return
	}
	d := drafts[len(drafts)-1]
	var st formState
	if err := json.Unmarshal(d.Data, &st); err != nil {
		dropDraft(m.env, d.Key)
		return
	}
	for _, id := range []ScreenID{ScreenContacts, ScreenEvents, ScreenTutorials} {
		fs, ok := m.screen(id).(formScreen)
		if !ok {
			continue
		}
		kind, _, _ := parseDraftKey(d.Key)
		if !draftBelongs(id, kind) {
			continue
		}
		m.show(id, nil)
		if fs.resumeDraft(d.Key, st) {
			setErrorLine(m.draftNotice, m.draftNoticeLabel, m.s.tr.T("form.draft_restored"))
			m.refreshSaveState()
		}
		return
	}
	dropDraft(m.env, d.Key)
}

// draftBelongs reports whether drafts of kind open on screen id.
func draftBelongs(id ScreenID, kind string) bool {
	switch kind {
	case draftContact:
		return id == ScreenContacts
	case draftEvent:
		return id == ScreenEvents
	case draftTutorial:
		return id == ScreenTutorials
	}
	return false
}

// teardown drops every screen and every reference to the session.
func (m *mainWindow) teardown() {
	for id, scr := range m.screens {
		scr.Teardown()
		delete(m.screens, id)
	}
	m.body.Objects = nil
	m.body.Refresh()
	m.stopInboxScan()
	m.inbox = inboxState{}
	m.env.Session = nil
}

// responsiveNav lays out [sidebar, rail, body]: the sidebar left of the
// body when the width allows, else the narrower rail.
type responsiveNav struct{}

func (*responsiveNav) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sidebar, rail, body := objs[0], objs[1], objs[2]
	pad := theme.Padding()
	shown, hidden := sidebar, rail
	if size.Width < wideMinWidth {
		shown, hidden = rail, sidebar
	}
	hidden.Hide()
	shown.Show()
	w := shown.MinSize().Width
	shown.Resize(fyne.NewSize(w, size.Height))
	shown.Move(fyne.NewPos(0, 0))
	body.Resize(fyne.NewSize(size.Width-w-pad, size.Height))
	body.Move(fyne.NewPos(w+pad, 0))
}

func (*responsiveNav) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rail, body := objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(rail.Width+theme.Padding()+body.Width, fyne.Max(rail.Height, body.Height))
}
