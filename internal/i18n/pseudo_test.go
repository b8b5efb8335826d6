package i18n

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPseudoMessages checks every message of the pseudo-locale against
// English: different text, at least 30% longer, the same placeholders in
// the same order, the same plural forms.
func TestPseudoMessages(t *testing.T) {
	src, err := english()
	if err != nil {
		t.Fatal(err)
	}
	msgs := pseudoMessages()
	if len(msgs) != len(src) {
		t.Fatalf("%d pseudo messages for %d English ones", len(msgs), len(src))
	}
	for _, p := range msgs {
		en := src[p.ID]
		if en == nil {
			t.Errorf("%s: not in English", p.ID)
			continue
		}
		enForms, pForms := forms(en), forms(p)
		if len(enForms) != len(pForms) {
			t.Errorf("%s: forms %v, English %v", p.ID, pForms, enForms)
			continue
		}
		for i, ef := range enForms {
			pf := pForms[i]
			if pf.form != ef.form {
				t.Errorf("%s: form %s, English %s", p.ID, pf.form, ef.form)
			}
			if pf.text == ef.text {
				t.Errorf("%s %s: same as English: %q", p.ID, ef.form, pf.text)
			}
			if n, m := utf8.RuneCountInString(pf.text), utf8.RuneCountInString(ef.text); float64(n) < 1.3*float64(m) {
				t.Errorf("%s %s: %d characters, English %d: %q", p.ID, ef.form, n, m, pf.text)
			}
			want, err1 := placeholders(ef.text, en.LeftDelim, en.RightDelim)
			got, err2 := placeholders(pf.text, p.LeftDelim, p.RightDelim)
			if err1 != nil || err2 != nil || !slices.Equal(got, want) {
				t.Errorf("%s %s: placeholders %v (%v), English %v (%v)", p.ID, ef.form, got, err2, want, err1)
			}
		}
	}
}

func TestPseudo(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"OK", "⟦ÖĶ⟧"},
		{"Save", "⟦Šáṽë⟧"},
		{"Not saved — {{.Reason}}", "⟦Ñöţ šáṽëð — {{.Reason}} ļöŕëɱ î⟧"},
		{"{{.Count}} contacts", "⟦{{.Count}} çöñţáçţš ļöŕëɱ⟧"},
		{"a {{b", "⟦á {{ƀ⟧"},
		{"<<.X>> x", "⟦<<.X>> ẋ ļ⟧"},
	} {
		l, r := "", ""
		if strings.HasPrefix(tc.in, "<<") {
			l, r = "<<", ">>"
		}
		if got := Pseudo(tc.in, l, r); got != tc.want {
			t.Errorf("Pseudo(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPseudoLocale uses the pseudo-locale like a real language.
func TestPseudoLocale(t *testing.T) {
	tr := newT(t, PseudoLocale)
	if got := tr.Lang(); got != PseudoLocale {
		t.Fatalf("Lang() = %q", got)
	}
	if got := tr.T("save.failed", "Reason", "disk full"); got != "⟦Ñöţ šáṽëð — disk full ļöŕëɱ î⟧" {
		t.Errorf("T(save.failed) = %q", got)
	}
	if one, many := tr.N("contacts.count", 1), tr.N("contacts.count", 5); !strings.Contains(one, "1 çöñţáçţ ") || !strings.Contains(many, "5 çöñţáçţš") {
		t.Errorf("plurals: %q, %q", one, many)
	}
	assertNoMissing(t, tr)

	av := tr.Available()
	if last := av[len(av)-1]; last != (Locale{PseudoLocale, PseudoName}) {
		t.Errorf("Available() = %v, want the pseudo-locale last", av)
	}
	if !slices.Contains(av, Locale{"en", "English"}) {
		t.Errorf("Available() = %v", av)
	}

	// English variants never pick the pseudo-locale.
	for _, lang := range []string{"en", "en-US", "en-GB", "en-IN", "", "de"} {
		if got := newT(t, lang).Lang(); got != "en" {
			t.Errorf("New(%q).Lang() = %q, want en", lang, got)
		}
	}
	if got := MatchSystem("en_XA.UTF-8"); got != PseudoLocale {
		t.Errorf("MatchSystem(en_XA) = %q", got)
	}
	if got := MatchSystem("en_US.UTF-8"); got != "en" {
		t.Errorf("MatchSystem(en_US) = %q", got)
	}

	// An external file can still override it, message by message.
	tr = newT(t, PseudoLocale, Source{Name: "en-XA.toml", Data: []byte("[common.ok]\nother = \"Oké\"\n")})
	if got := tr.T("common.ok"); got != "Oké" {
		t.Errorf("override = %q", got)
	}
	if got := tr.T("common.cancel"); got != "⟦Çáñçëļ ļ⟧" {
		t.Errorf("not overridden = %q", got)
	}
}
