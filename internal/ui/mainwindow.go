package ui

import (
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
// narrower windows get a compact selector above the content.
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

	screens map[ScreenID]Screen
	current ScreenID
	body    *fyne.Container

	navButtons  map[ScreenID]*widget.Button
	navSelect   *widget.Select
	selectIDs   []ScreenID
	syncingNav  bool
	saveIcon    *widget.Icon
	saveLabel   *widget.Label
	retry       *widget.Button
	lockButton  *widget.Button
	demoBadge   fyne.CanvasObject
	banner      *fyne.Container
	bannerLabel *widget.Label
	top         *fyne.Container
	inbox       inboxState
}

func newMainWindow(s *shell, sess *app.Session) *mainWindow {
	tr := s.tr
	m := &mainWindow{s: s, screens: map[ScreenID]Screen{}, navButtons: map[ScreenID]*widget.Button{}}
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
		},
		ShowError: m.showError,
		Navigate:  m.navigate,
	}

	// Top bar: name, DEMO badge, save state, Retry, Lock.
	name := widget.NewLabel(tr.T("app.title"))
	name.TextStyle = fyne.TextStyle{Bold: true}
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
	m.lockButton = widget.NewButtonWithIcon(tr.T("lock.button"), theme.LogoutIcon(), s.lock)
	m.lockButton.Importance = widget.HighImportance
	right := container.NewHBox(m.saveIcon, m.saveLabel, m.retry, m.lockButton)
	top := container.NewBorder(nil, nil, left, right)

	m.banner, m.bannerLabel = newErrorLine()

	// Navigation: a sidebar and a compact selector; the layout shows one.
	side := container.NewVBox()
	var names []string
	for _, e := range navEntries() {
		e := e
		b := widget.NewButtonWithIcon(tr.T(e.label), e.icon, func() {
			s.touch()
			m.navigate(e.id, nil)
		})
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		m.navButtons[e.id] = b
		if e.id == ScreenSettings {
			side.Add(layout.NewSpacer())
		}
		side.Add(b)
		names = append(names, tr.T(e.label))
		m.selectIDs = append(m.selectIDs, e.id)
	}
	m.navSelect = widget.NewSelect(names, func(string) {
		if m.syncingNav {
			return
		}
		s.touch()
		if i := m.navSelect.SelectedIndex(); i >= 0 {
			m.navigate(m.selectIDs[i], nil)
		}
	})
	compact := container.NewBorder(nil, nil, widget.NewLabel(tr.T("nav.label")), nil, m.navSelect)
	sidebar := container.NewBorder(nil, nil, nil, widget.NewSeparator(), side)

	m.body = container.NewStack()
	nav := container.New(&responsiveNav{}, sidebar, compact, m.body)
	m.top = container.NewVBox(top, widget.NewSeparator(), m.banner)
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
	} else if f, ok := screenFactories[id]; ok {
		scr = f(m.env)
	}
	if scr == nil {
		scr = newPlaceholderScreen(m.s.tr)
	}
	m.screens[id] = scr
	return scr
}

// navigate shows screen id with an optional filter.
func (m *mainWindow) navigate(id ScreenID, filter any) {
	if m.env.Session == nil {
		return
	}
	scr := m.screen(id)
	m.current = id
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
	for bid, b := range m.navButtons {
		if bid == id {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	for i, sid := range m.selectIDs {
		if sid == id {
			m.syncingNav = true
			m.navSelect.SetSelectedIndex(i)
			m.syncingNav = false
		}
	}
	scr.Shown(filter)
}

// showSaveState updates the save indicator: a word and an icon, never
// colour alone.
func (m *mainWindow) showSaveState(st app.SaveState) {
	tr := m.s.tr
	switch st.Status {
	case app.Saved:
		m.saveIcon.SetResource(theme.ConfirmIcon())
		m.saveLabel.SetText(tr.T("save.saved"))
		m.saveLabel.Importance = widget.MediumImportance
		m.retry.Hide()
		setErrorLine(m.banner, m.bannerLabel, "")
	case app.Unsaved, app.Saving:
		m.saveIcon.SetResource(theme.HistoryIcon())
		m.saveLabel.SetText(tr.T("save.saving"))
		m.saveLabel.Importance = widget.MediumImportance
	case app.Failed:
		m.saveIcon.SetResource(theme.WarningIcon())
		m.saveLabel.SetText(tr.T("shell.save.not_saved"))
		m.saveLabel.Importance = widget.DangerImportance
		m.retry.Show()
		setErrorLine(m.banner, m.bannerLabel, tr.T("save.failed", "Reason", m.s.explain(st.Err)))
	}
	m.saveLabel.Refresh()
}

// showError shows one translated line for err in a dialog.
func (m *mainWindow) showError(err error) {
	msg := paragraph(m.s.explain(err))
	d := dialog.NewCustom(m.s.tr.T("shell.error_title"), m.s.tr.T("common.close"),
		rtlContent(m.s.tr, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, msg)), m.s.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
}

// teardown drops every screen and every reference to the session.
func (m *mainWindow) teardown() {
	for id, scr := range m.screens {
		scr.Teardown()
		delete(m.screens, id)
	}
	m.body.Objects = nil
	m.body.Refresh()
	m.inbox = inboxState{}
	m.env.Session = nil
}

// responsiveNav lays out [sidebar, compact, body]: the sidebar left of the
// body when the width allows, else the compact selector above it.
type responsiveNav struct{}

func (*responsiveNav) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sidebar, compact, body := objs[0], objs[1], objs[2]
	pad := theme.Padding()
	if size.Width >= wideMinWidth {
		compact.Hide()
		sidebar.Show()
		w := sidebar.MinSize().Width
		sidebar.Resize(fyne.NewSize(w, size.Height))
		sidebar.Move(fyne.NewPos(0, 0))
		body.Resize(fyne.NewSize(size.Width-w-pad, size.Height))
		body.Move(fyne.NewPos(w+pad, 0))
		return
	}
	sidebar.Hide()
	compact.Show()
	h := compact.MinSize().Height
	compact.Resize(fyne.NewSize(size.Width, h))
	compact.Move(fyne.NewPos(0, 0))
	body.Resize(fyne.NewSize(size.Width, size.Height-h-pad))
	body.Move(fyne.NewPos(0, h+pad))
}

func (*responsiveNav) MinSize(objs []fyne.CanvasObject) fyne.Size {
	compact, body := objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(fyne.Max(compact.Width, body.Width), compact.Height+theme.Padding()+body.Height)
}
