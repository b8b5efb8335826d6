package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/record"
)

// The list of a shared file's preview: one line per record that changes,
// naming what happens and to what ("New event · Online panel (April 16,
// 2027)", "Changed contact · Amina K."), events with their date in the
// interface language, tasks with their event. Records changed on both
// sides come first, marked with a warning icon and the word, not by
// colour alone.

// planItemIDs are the message IDs naming an action on a kind of record.
var planItemIDs = map[merge.Action]map[record.Kind]string{
	merge.Conflict: {
		record.Event:    "sharing.open.item.conflict_event",
		record.Task:     "sharing.open.item.conflict_task",
		record.Contact:  "sharing.open.item.conflict_contact",
		record.Tutorial: "sharing.open.item.conflict_tutorial",
	},
	merge.New: {
		record.Event:    "sharing.open.item.new_event",
		record.Task:     "sharing.open.item.new_task",
		record.Contact:  "sharing.open.item.new_contact",
		record.Tutorial: "sharing.open.item.new_tutorial",
	},
	merge.Changed: {
		record.Event:    "sharing.open.item.changed_event",
		record.Task:     "sharing.open.item.changed_task",
		record.Contact:  "sharing.open.item.changed_contact",
		record.Tutorial: "sharing.open.item.changed_tutorial",
	},
	merge.Deleted: {
		record.Event:    "sharing.open.item.deleted_event",
		record.Task:     "sharing.open.item.deleted_task",
		record.Contact:  "sharing.open.item.deleted_contact",
		record.Tutorial: "sharing.open.item.deleted_tutorial",
	},
}

// planOrder is the order of the preview's lines: what needs a decision
// first.
var planOrder = []merge.Action{merge.Conflict, merge.New, merge.Changed, merge.Deleted}

// showItems lists the plan's changes, at most maxPreviewItems lines.
func (o *openPanel) showItems(pl *merge.Plan) {
	env := o.s.env
	names := o.itemNames()
	shown, more := 0, 0
	for _, a := range planOrder {
		for _, it := range pl.Items {
			if it.Action != a {
				continue
			}
			if shown == maxPreviewItems {
				more++
				continue
			}
			shown++
			id := planItemIDs[a][it.Kind]
			if id == "" {
				continue // a kind this version does not know: counted above
			}
			title := it.Title
			if n := names[it.ID]; n != "" {
				title = n
			}
			text := env.T(id, "Title", title)
			o.itemTexts = append(o.itemTexts, text)
			o.items.Add(o.itemRow(a, text))
		}
	}
	if more > 0 {
		o.items.Add(paragraph(env.Tr.N("contacts.io.more", more)))
	}
	if len(o.items.Objects) > 0 {
		o.items.Objects = append([]fyne.CanvasObject{widget.NewSeparator(), sectionLabel(env.T("sharing.open.items_heading"))},
			o.items.Objects...)
	}
}

// itemRow is one line: an icon for the action, the text, and for a
// conflict the word in bold and what happens to both versions.
func (o *openPanel) itemRow(a merge.Action, text string) fyne.CanvasObject {
	icon := map[merge.Action]fyne.Resource{
		merge.New:      theme.ContentAddIcon(),
		merge.Changed:  theme.DocumentCreateIcon(),
		merge.Conflict: theme.NewWarningThemedResource(theme.WarningIcon()),
		merge.Deleted:  theme.DeleteIcon(),
	}[a]
	if a == merge.Conflict {
		return previewLine(icon, text, o.s.env.T("sharing.open.conflict_note"))
	}
	return previewLine(icon, text, "")
}

// previewLine is one line of an import preview (shared file or calendar
// file): an icon, the text, and an optional note under it. A line with a
// note is a warning: its text is bold, so colour is never the only sign.
func previewLine(icon fyne.Resource, text, note string) fyne.CanvasObject {
	l := wrapLabel(shown(text))
	var body fyne.CanvasObject = l
	if note != "" {
		l.TextStyle = fyne.TextStyle{Bold: true}
		l.Importance = widget.WarningImportance
		body = container.NewVBox(l, wrapLabel(note))
	}
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, body)
}

// itemNames are the fuller names of the file's records, by ID: events
// with their date in the interface language, tasks with their event's
// title, deleted events with the date of the copy here.
func (o *openPanel) itemNames() map[string]string {
	env := o.s.env
	names := map[string]string{}
	if o.in == nil || o.in.Opened == nil || o.in.Opened.Payload == nil {
		return names
	}
	dated := func(e *event.Event) string {
		return env.T("sharing.share.event_item", map[string]any{"Title": e.Title, "Date": env.Tr.Date(e.Start.In(e.Zone()))})
	}
	for i := range o.in.Opened.Payload.Events {
		e := &o.in.Opened.Payload.Events[i]
		names[e.ID] = dated(&e.Event)
		for _, t := range e.Tasks {
			names[t.ID] = env.T("sharing.open.task_of", "Title", t.Title, "Event", e.Title)
		}
	}
	for _, it := range o.in.Plan.Items {
		if it.Action == merge.Deleted && it.Kind == record.Event {
			if e, err := env.Session.Event(context.Background(), it.ID); err == nil {
				names[it.ID] = dated(e)
			}
		}
	}
	return names
}
