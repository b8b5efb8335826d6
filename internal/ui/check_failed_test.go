package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestCheckFailedOffersEarlierCopy: data.age passes the quick check at
// unlock but not the full check that follows; the top bar then says that
// saving stopped, offers the earlier copy instead of Retry, and opening
// it (after a confirmation, without the passphrase) shows the sound
// state, whose first save sets the damaged file aside.
func TestCheckFailedOffersEarlierCopy(t *testing.T) {
	dir := makeVault(t)
	sess, err := app.Unlock(dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	img, err := sess.Store().Serialize()
	if err != nil {
		t.Fatal(err)
	}
	// One of the canary's two copies (table row or name index entry)
	// changes: every page stays well-formed.
	i := bytes.Index(img, []byte(canary))
	if i < 0 {
		t.Fatal("canary not in the image")
	}
	img[i] = 'D'
	if err := sess.Vault().Save(img); err != nil {
		t.Fatal(err)
	}
	sess.Close()

	s, _ := newTestShell(t, dir, Options{})
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("the quick check refused a well-formed database: %q", s.unlock.errLabel.Text)
	}
	damaged := s.session
	if err := damaged.WaitCheck(); !errors.Is(err, app.ErrCheckFailed) {
		t.Fatalf("background check: %v", err)
	}
	m := s.main
	if !m.openPrev.Visible() || m.retry.Visible() {
		t.Fatalf("after the failed check: open earlier copy shown %v, retry shown %v", m.openPrev.Visible(), m.retry.Visible())
	}
	if !strings.Contains(m.bannerLabel.Text, s.tr.T("error.damaged_offer_previous")) {
		t.Fatalf("banner %q does not mention the earlier copy", m.bannerLabel.Text)
	}

	// Cancel keeps everything as it is.
	test.Tap(m.openPrev)
	tapButtonIn(t, s.win.Canvas(), s.tr.T("common.cancel"))
	if s.session != damaged || s.main == nil {
		t.Fatal("cancel changed the session")
	}

	test.Tap(m.openPrev)
	tapButtonIn(t, s.win.Canvas(), s.tr.T("unlock.open_previous"))
	waitTasks(t, s)
	if s.main == nil || s.session == nil || s.session == damaged {
		t.Fatalf("earlier copy not opened: %q", s.unlock.errLabel.Text)
	}
	if err := s.session.WaitCheck(); err != nil {
		t.Fatalf("the earlier copy fails its check: %v", err)
	}
	if s.main.openPrev.Visible() {
		t.Fatal("the earlier copy still offers an earlier copy")
	}
	cs, err := s.session.Store().Contacts().List(context.Background(), store.ContactFilter{Search: canary})
	if err != nil || len(cs) != 1 || cs[0].Name != canary {
		t.Fatalf("the earlier copy does not hold the canary: %v %v", cs, err)
	}
	if err := s.session.SaveNow(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, vault.DamagedFile)); err != nil {
		t.Fatalf("damaged file not set aside: %v", err)
	}
}
