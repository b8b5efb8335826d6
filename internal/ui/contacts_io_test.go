package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/interop/contactio"
	"github.com/safehouse-app/safehouse/internal/store"
)

const ioVCard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amina K.\r\nTEL;TYPE=cell:+254 700 000001\r\nORG:Open Rights\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chidi\r\nEMAIL:chidi@example.ng\r\nCATEGORIES:press\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n"

func contactCount(t *testing.T, e *scrEnv) int {
	t.Helper()
	n, err := e.Session.Store().Contacts().Count(context.Background(), store.ContactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestContactsImportPreviewThenConfirm(t *testing.T) {
	e := newScrEnv(t)
	s := newTestContacts(t, e)
	// Amina is already there, with the same Signal number as the file's
	// phone: a merge that adds the organization.
	e.addContacts(t, &contact.Contact{Name: "Amina K.", Role: "lawyer",
		Channels: []contact.Channel{{Type: contact.ChannelSignal, Value: "+254700000001"}}})
	s.io.openImport("phone.vcf", []byte(ioVCard), nil)
	x := s.io
	// The card with only a phone number is named from it.
	if x.plan == nil || x.plan.Count(contactio.ActionNew) != 2 || x.plan.Count(contactio.ActionMerge) != 1 ||
		x.plan.Count(contactio.ActionInvalid) != 0 {
		t.Fatalf("plan %+v", x.plan)
	}
	if !hasText(e, "No name in the file: named from its phone number.") {
		t.Error("the preview does not say where the name came from")
	}
	if !strings.Contains(x.summary.Text, "New contacts: 2") || x.confirm.Text != "Import 3 contacts" || x.confirm.Disabled() {
		t.Errorf("preview: %q, button %q", x.summary.Text, x.confirm.Text)
	}
	if contactCount(t, e) != 1 || e.changed != 0 {
		t.Fatal("the preview wrote to the vault")
	}
	test.Tap(x.confirm)
	if contactCount(t, e) != 3 || e.changed == 0 {
		t.Fatalf("after Import: %d contacts, changed %d", contactCount(t, e), e.changed)
	}
	if !strings.Contains(x.doneLabel.Text, "2 new contacts added, 1 existing") {
		t.Errorf("result: %q", x.doneLabel.Text)
	}
	cs, _ := e.Session.Store().Contacts().List(context.Background(), store.ContactFilter{Search: "Amina"})
	if len(cs) != 1 || cs[0].Organization != "Open Rights" || cs[0].Role != "lawyer" || len(cs[0].Channels) != 2 {
		t.Errorf("merged contact %+v", cs)
	}
	if got := itemNames(s); len(got) != 3 {
		t.Errorf("list not reloaded: %v", got)
	}
	x.closeImport()
}

// A card repeating an earlier card of the file is shown with what it
// adds, and imported into that contact; an e-mail-only card is named
// from its address.
func TestContactsImportPreviewRepeatsInFile(t *testing.T) {
	e := newScrEnv(t)
	s := newTestContacts(t, e)
	s.io.openImport("android.vcf", []byte("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ivan Petrov\r\nTEL;CELL:+7 916 555 0101\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN:;;;;\r\nEMAIL:press@example.org\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ivan Petrov\r\nTEL;CELL:+79165550101\r\nEMAIL:ivan@example.ru\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Anna Sidorova\r\nTEL;WORK:+7 916 555 0101\r\nEND:VCARD\r\n"), nil)
	x := s.io
	for _, want := range []string{"Repeated in the file, combined (1)",
		"Card 3 · Ivan Petrov — same person as Card 1 · Ivan Petrov; its details are added there",
		"• adds to Ways to reach them: email: ivan@example.ru", "No name in the file: named from its email address.",
		"Repeated within the file and combined with the earlier card or row (nothing is left out): 1"} {
		if !hasText(e, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if x.confirm.Text != "Import 3 contacts" {
		t.Errorf("button %q", x.confirm.Text)
	}
	test.Tap(x.confirm)
	cs, _ := e.Session.Store().Contacts().List(context.Background(), store.ContactFilter{Search: "Ivan"})
	if len(cs) != 1 || len(cs[0].Channels) != 2 {
		t.Fatalf("Ivan: %+v", cs)
	}
	x.closeImport()
}

func TestContactsImportCSVMappingAndCancel(t *testing.T) {
	e := newScrEnv(t)
	s := newTestContacts(t, e)
	data := []byte("\xEF\xBB\xBFWho;How;Where\r\nNour;+961 71 555 010;Lebanon\r\nSina;+98 21 555 0100;Iran\r\n")
	s.io.openImport("sheet.csv", data, nil)
	x := s.io
	if x.table == nil || len(x.selects) != 3 || x.next == nil {
		t.Fatalf("no mapping step: %+v", x.table)
	}
	// The headers are not known words: the user picks Name, Signal and
	// Country.
	x.selects[0].SetSelected(x.fieldName(contactio.FieldName))
	x.selects[1].SetSelected(x.fieldName(contactio.FieldSignal))
	x.selects[2].SetSelected(x.fieldName(contactio.FieldCountry))
	test.Tap(x.next)
	if x.plan == nil || x.plan.Count(contactio.ActionNew) != 2 {
		t.Fatalf("plan after mapping: %+v", x.plan)
	}
	if c := x.plan.Items[0].Record.Contact; c.Name != "Nour" || c.Channels[0].Type != contact.ChannelSignal || c.Country != "LB" {
		t.Errorf("record %+v", c)
	}
	// Cancel: nothing written, nothing kept.
	x.closeImport()
	if contactCount(t, e) != 0 || e.changed != 0 || x.plan != nil || x.records != nil {
		t.Fatal("cancel wrote or kept data")
	}
}

func TestContactsImportBadFile(t *testing.T) {
	e := newScrEnv(t)
	s := newTestContacts(t, e)
	s.io.openImport("sheet.csv", []byte("PK\x03\x04\x00\x00\x00"), nil)
	if !s.io.errRow.Visible() || !strings.Contains(s.io.errLabel.Text, "not a contact list in text form") {
		t.Errorf("error line %q", s.io.errLabel.Text)
	}
	s.io.openImport("big.vcf", nil, contactio.ErrTooLarge)
	if !strings.Contains(s.io.errLabel.Text, "larger than 10 MB") {
		t.Errorf("error line %q", s.io.errLabel.Text)
	}
	// Not contact files, whatever their name.
	for name, want := range map[string]string{
		"events.csv": "This is a calendar file, not a contact file.",
		"shared.vcf": "This file is encrypted (a shared file), not a contact file.",
		"notes.txt":  "This file holds no contacts",
	} {
		data := map[string]string{
			"events.csv": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
			"shared.vcf": "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n",
			"notes.txt":  "Meeting notes, Tuesday.\nWe talked about the campaign, the budget and the venue.\n",
		}[name]
		s.io.openImport(name, []byte(data), nil)
		if !s.io.errRow.Visible() || !strings.Contains(s.io.errLabel.Text, want) {
			t.Errorf("%s: error line %q", name, s.io.errLabel.Text)
		}
	}
	s.io.closeImport()
	if contactCount(t, e) != 0 {
		t.Fatal("a bad file wrote contacts")
	}
}

func TestContactsExportLeadsWithEncryptedSharing(t *testing.T) {
	e := newScrEnv(t)
	cs := e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	s.io.showExport()
	x := s.io
	if x.shareButton.Importance != widget.HighImportance || x.plainButton.Importance == widget.HighImportance ||
		x.plainButton.Importance == widget.DangerImportance {
		t.Fatal("the encrypted alternative is not the primary choice")
	}
	if len(x.exportIDs) != len(cs) {
		t.Fatalf("export would hold %d contacts", len(x.exportIDs))
	}
	test.Tap(x.shareButton)
	if len(e.navs) != 1 || e.navs[0].id != ScreenSharing {
		t.Fatalf("navigations %+v", e.navs)
	}
	req, ok := e.navs[0].filter.(shareContacts)
	if !ok || len(req.ids) != len(cs) {
		t.Fatalf("filter %+v", e.navs[0].filter)
	}
	// The Sharing screen opens its share form with the contacts chosen.
	sh := newTestSharing(t, e)
	sh.Shown(req)
	f := sh.share
	if !f.contactsOn.Checked || !f.inclChannels.Checked {
		t.Fatal("share form does not have contacts turned on")
	}
	for i, c := range f.contactChecks {
		if !c.Checked {
			t.Errorf("contact %s not chosen", f.contacts[i].Name)
		}
	}
}

func TestContactsExportPlainFile(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	// The list filter chooses what is exported.
	s.kind.SetValue(string(contact.KindOrganization))
	s.io.showExport()
	x := s.io
	if len(x.exportIDs) != 1 {
		t.Fatalf("export of the filtered list holds %d contacts", len(x.exportIDs))
	}
	test.Tap(x.plainButton)
	if x.formatChoice == nil || x.saveButton.Importance != widget.DangerImportance {
		t.Fatal("no format choice with a danger button")
	}
	var buf bytes.Buffer
	n, err := x.writeExport(&buf, contactio.FormatCSV)
	if err != nil || n != 1 || !strings.Contains(buf.String(), "Open Net,organization") || strings.Contains(buf.String(), "Amina") {
		t.Fatalf("export %d %v %q", n, err, buf.String())
	}
	buf.Reset()
	if _, err := x.writeExport(&buf, contactio.FormatVCard); err != nil || !strings.Contains(buf.String(), "KIND:org") {
		t.Fatalf("vcard %v %q", err, buf.String())
	}
	x.closeExport()
	if e.changed != 0 {
		t.Error("export changed the vault")
	}
}

// TestContactsExportFilePrivateFromStart: the file the save dialog opened
// (world-readable, as Fyne creates it) is replaced by one that only the
// user can read before anything is written: a descriptor someone opened
// on the dialog's file in between reads nothing.
func TestContactsExportFilePrivateFromStart(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	s.io.showExport()
	x := s.io
	path := filepath.Join(t.TempDir(), "contacts.csv")
	wc, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	spy, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer spy.Close()
	x.saveExport(wc, contactio.FormatCSV)
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("exported file: %v %v, want mode 0600", st, err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "Amina") {
		t.Fatalf("exported file holds %q", b)
	}
	if b, _ := io.ReadAll(spy); len(b) != 0 {
		t.Fatalf("a descriptor opened on the dialog's file reads %d bytes of the export", len(b))
	}
}
