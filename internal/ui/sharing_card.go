package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/identity"
)

// refreshCard shows my card line, creating the sharing identity if this
// vault has none yet.
func (s *sharingScreen) refreshCard() {
	sess := s.env.Session
	if sess == nil {
		return
	}
	has, err := sess.HasIdentity(s.ctx())
	created := err == nil && !has
	card, err := app.MyCard(s.ctx(), sess, strings.TrimSpace(s.nameHint.Text))
	if err != nil {
		if !errors.Is(err, identity.ErrCard) {
			s.env.ShowError(err)
		}
		return
	}
	if created {
		s.env.Changed()
	}
	s.cardLine = card.String()
	s.cardText.SetText(s.cardLine)
	s.myFP.SetText(fingerprintRows(card.Fingerprint().Display()))
	s.showCardQR(card)
}

// fingerprintRows lays a fingerprint's groups out four to a row, for
// reading aloud.
func fingerprintRows(display string) string {
	groups := strings.Fields(display)
	var rows []string
	for i := 0; i < len(groups); i += 4 {
		rows = append(rows, strings.Join(groups[i:min(i+4, len(groups))], " "))
	}
	return strings.Join(rows, "\n")
}

// toggleCardText shows or hides the long card line under the card.
func (s *sharingScreen) toggleCardText() {
	if s.cardText.Visible() {
		s.cardText.Hide()
		s.showText.SetText(s.env.T("sharing.card.show_text"))
		s.showText.SetIcon(theme.VisibilityIcon())
	} else {
		s.cardText.Show()
		s.showText.SetText(s.env.T("sharing.card.hide_text"))
		s.showText.SetIcon(theme.VisibilityOffIcon())
	}
	s.root.Refresh()
}

// fixedWidth lays its objects out one above the other at a fixed width
// (the QR code and its caption, which would otherwise wrap after every
// word beside the card's other parts).
type fixedWidth struct{ width float32 }

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(l.width, max(size.Height, o.MinSize().Height)))
	}
}

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for _, o := range objs {
		if o.Visible() {
			size = fyne.NewSize(l.width, max(size.Height, o.MinSize().Height))
		}
	}
	return size
}

// showCardQR shows my card as a QR code with its caption (hidden if the
// code cannot be made).
func (s *sharingScreen) showCardQR(card identity.Card) {
	png, fpOnly, err := identity.CardQR(card, 440)
	if err != nil {
		s.qrBox.Hide()
		return
	}
	s.cardQR.Resource = fyne.NewStaticResource("card-qr.png", png)
	s.cardQR.Refresh()
	if fpOnly {
		s.qrText.SetText(s.env.T("sharing.card.qr_fingerprint_only"))
	} else {
		s.qrText.SetText(s.env.T("sharing.card.qr_caption"))
	}
	s.qrBox.Show()
}
