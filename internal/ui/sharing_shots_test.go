package ui

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestSharingDialogImages renders the Sharing dialogs with Fyne's
// software test driver (dark theme, 1280x800) and checks the pictures
// are real. The PNGs always go to a temporary folder; when
// SAFEHOUSE_SCREENSHOTS names a folder they are also written there, for
// docs/screenshots/.
func TestSharingDialogImages(t *testing.T) {
	ctx := context.Background()
	a, b, sa, sb, bOnA, _ := pairSharing(t)
	scrolls := map[*scrEnv]*container.Scroll{}
	for e, s := range map[*scrEnv]*sharingScreen{a: sa, b: sb} {
		applyTheme(e.app, themeDark)
		// The app wraps screens in a scroll container; do the same so
		// the long views fit 1280x800.
		scrolls[e] = container.NewScroll(s.Content())
		e.Window.SetContent(scrolls[e])
		e.Window.Resize(fyne.NewSize(1280, 800))
		e.Window.Canvas().Unfocus() // no text cursor in the pictures
		s.nameHint.FocusLost()      // test.Type focused it directly
		s.added.Hide()              // the pairing's "was added" note
	}
	tmp := t.TempDir()
	out := os.Getenv("SAFEHOUSE_SCREENSHOTS")
	shot := func(w fyne.Window, name string) {
		t.Helper()
		fyne.CurrentApp().Settings().SetTheme(a.app.Settings().Theme())
		w.Content().Refresh()
		img := w.Canvas().Capture()
		size, scale := w.Canvas().Size(), w.Canvas().Scale()
		want := image.Rect(0, 0, int(size.Width*scale), int(size.Height*scale))
		if img.Bounds().Size() != want.Size() || want.Dx() != 1280 || want.Dy() != 800 {
			t.Errorf("%s: image %v, canvas %v × %v", name, img.Bounds(), size, scale)
		}
		colours := map[[4]uint32]bool{}
		r := img.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c1, c2, c3, c4 := img.At(x, y).RGBA()
				colours[[4]uint32{c1, c2, c3, c4}] = true
			}
		}
		if len(colours) <= 20 {
			t.Errorf("%s: only %d colours, looks blank", name, len(colours))
		}
		dirs := []string{tmp}
		if out != "" {
			dirs = append(dirs, out)
		}
		for _, dir := range dirs {
			f, err := os.Create(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}

	ev := sampleEvent(t, a)

	// (4) Compare safety phrase, on A's window.
	sa.comparePhrase(bOnA)
	shot(a.Window, "sharing-safety-phrase.png")
	sa.phraseDialog.Hide()

	// (1) The Share… view filled in: an event ticked, Bob chosen, the
	// summary of what is left out.
	sa.showShare()
	f := sa.share
	for _, c := range f.eventChecks {
		c.SetChecked(true)
	}
	test.Tap(f.next)
	for i, p := range f.peers {
		f.peerChecks[i].SetChecked(p.ContactID == bOnA)
	}
	test.Tap(f.next)
	if f.step != stepCheck {
		t.Fatalf("no summary: %q", f.errLabel.Text)
	}
	shot(a.Window, "sharing-share.png")
	f.close()

	// (2) The preview of the incoming file at B.
	sb.openData(exportEvent(t, sa, bOnA), nil)
	if sb.open.importBtn.Disabled() {
		t.Fatalf("import disabled: %q", sb.open.refusalL.Text)
	}
	shot(b.Window, "sharing-preview.png")
	test.Tap(sb.open.importBtn)

	// (3) A real conflict: both change the place, B imports A's change.
	for e, place := range map[*scrEnv]string{a: "Library, room 2", b: "Cafe Morgenrot"} {
		got, err := e.Session.Store().Events().Get(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.Location = place
		if err := e.Session.Store().Events().Update(ctx, got); err != nil {
			t.Fatal(err)
		}
	}
	sb.openData(exportEvent(t, sa, bOnA), nil)
	test.Tap(sb.open.importBtn)
	sb.showHome()
	if len(sb.conflicts) != 1 {
		t.Fatalf("conflicts %+v", sb.conflicts)
	}
	findButton(t, sb.conflictsBox, "Keep mine")
	findButton(t, sb.conflictsBox, "Keep theirs")
	shot(b.Window, "sharing-conflicts.png")
}
