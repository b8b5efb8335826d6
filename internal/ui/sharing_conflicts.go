package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
)

// --- Conflicts ----------------------------------------------------------

func (s *sharingScreen) reloadConflicts() {
	cs, err := s.env.Session.Conflicts(s.ctx())
	if err != nil {
		s.env.ShowError(err)
		return
	}
	s.conflicts = cs
	s.conflictsBox.Objects = s.conflictRows()
	s.conflictsBox.Refresh()
	if s.open != nil {
		s.open.refreshConflicts()
	}
}

// conflictRows builds the rows of the pending conflicts, each with
// "keep mine" and "keep theirs".
func (s *sharingScreen) conflictRows() []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	if len(s.conflicts) > 0 {
		rows = append(rows, heading(s.env.T("sharing.conflicts.heading")), paragraph(s.env.T("sharing.conflicts.explain")))
	}
	for _, c := range s.conflicts {
		title := s.recordTitle(c.Kind, c.OriginalID)
		mine := widget.NewButton(s.env.T("sharing.conflicts.keep_mine"), func() { s.resolve(c, true) })
		theirs := widget.NewButton(s.env.T("sharing.conflicts.keep_theirs"), func() { s.resolve(c, false) })
		l := widget.NewLabel(s.kindTitle(c.Kind, title))
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewHBox(mine, theirs), l))
	}
	return rows
}

func (s *sharingScreen) kindTitle(k record.Kind, title string) string {
	return s.env.T("sharing.kind."+string(k), map[string]any{"Title": shown(title)})
}

// recordTitle returns the name or title of a record ("" if unknown).
func (s *sharingScreen) recordTitle(k record.Kind, id string) string {
	sess := s.env.Session
	switch k {
	case record.Contact:
		if c, err := sess.Contact(s.ctx(), id); err == nil {
			return c.Name
		}
	case record.Event:
		if e, err := sess.Event(s.ctx(), id); err == nil {
			return e.Title
		}
	case record.Task:
		if t, err := sess.Task(s.ctx(), id); err == nil {
			return t.Title
		}
	case record.Tutorial:
		if t, err := sess.Tutorial(s.ctx(), id); err == nil {
			return t.Title
		}
	}
	return ""
}

// resolve keeps my version or theirs of the conflict (see
// [app.ResolveConflict]) and shows the conflicts left.
func (s *sharingScreen) resolve(c store.Conflict, keepMine bool) {
	if err := app.ResolveConflict(s.ctx(), s.env.Session, c.CopyID, keepMine); err != nil {
		s.env.ShowError(err)
		s.reloadConflicts() // drop a row resolved elsewhere
		return
	}
	s.env.Changed()
	s.reloadConflicts()
}
