package ui

import (
	"errors"

	"fyne.io/fyne/v2"

	"github.com/safehouse-app/safehouse/internal/app"
)

// After unlocking, the full integrity check runs in the background (see
// app.Session.CheckInBackground). When it finds the loaded state damaged,
// the session stops saving and the save indicator says so; if the vault
// has an earlier copy, the top bar offers to open it in place, without
// asking for the passphrase again.

// canOpenEarlierCopy reports whether err is a failed background check of
// the vault's current state and an earlier copy exists to open instead.
func (s *shell) canOpenEarlierCopy(err error) bool {
	return errors.Is(err, app.ErrCheckFailed) && s.reviewOf == nil && offersPrevious(s.dir, err)
}

// openEarlierCopy asks for confirmation, then closes the damaged session
// without saving and opens the earlier copy from the same unlocked vault.
// Its first save sets the damaged file aside (data.age.damaged).
func (s *shell) openEarlierCopy() {
	sess := s.session
	if s.main == nil || sess == nil || !s.canOpenEarlierCopy(sess.State().Err) {
		return
	}
	msg := paragraph(s.tr.T("check.open_previous_body"))
	d := newConfirm(s, s.tr.T("check.open_previous_title"), msg,
		s.tr.T("unlock.open_previous"), s.tr.T("common.cancel"), func(ok bool) {
			if !ok || s.session != sess || s.main == nil {
				return
			}
			s.lastScreen = s.main.current
			s.hideAll()
			s.session = nil
			s.showUnlock()
			u := s.unlock
			u.setBusy(true)
			s.goTask(func() {
				next, err := sess.OpenPrevious()
				fyne.Do(func() {
					if s.unlock != u {
						if next != nil {
							next.Close()
						}
						return
					}
					if err != nil {
						u.fail(err)
						return
					}
					s.openMain(next)
				})
			})
		})
	d.Show()
}
