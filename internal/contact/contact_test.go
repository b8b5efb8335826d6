package contact

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/validate"
)

func TestCountries(t *testing.T) {
	t.Parallel()
	if n := len(countryCodes); n != 249 {
		t.Fatalf("got %d codes, want 249", n)
	}
	if !slices.IsSorted(countryCodes) {
		t.Fatal("country list must be sorted")
	}
	for _, c := range []string{"DE", "BR", "KE", "ZW", "AX"} {
		if !ValidCountry(c) {
			t.Errorf("%s should be valid", c)
		}
	}
	for _, c := range []string{"XX", "UK", "de", "", "EU"} {
		if ValidCountry(c) {
			t.Errorf("%s should be invalid", c)
		}
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	c := Contact{
		Name:      "  Mira Q. ",
		Country:   " br",
		Tags:      []string{" Press", "press", "", "legal ", "Legal"},
		Languages: []string{"pt-BR", " en ", "en"},
		Channels:  []Channel{{Type: " Signal ", Value: " +55 11 5555 0100 "}, {}},
		PeerKeys:  &PeerKeys{},
	}
	c.Normalize()
	if c.Name != "Mira Q." || c.Country != "BR" || c.Kind != KindPerson || c.Stage != StageContact || c.Trust != TrustUnverified {
		t.Fatalf("bad normalize: %+v", c)
	}
	if !slices.Equal(c.Tags, []string{"legal", "press"}) {
		t.Fatalf("tags %v", c.Tags)
	}
	if !slices.Equal(c.Languages, []string{"pt-BR", "en"}) {
		t.Fatalf("langs %v", c.Languages)
	}
	if len(c.Channels) != 1 || c.Channels[0].Type != ChannelSignal || c.Channels[0].Value != "+55 11 5555 0100" {
		t.Fatalf("channels %+v", c.Channels)
	}
	if c.PeerKeys != nil {
		t.Fatal("empty peer keys must become nil")
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	org := Contact{Name: "Acme", Kind: KindBusiness}
	org.Normalize()
	if org.Stage != StageProspect {
		t.Fatal(org.Stage)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	base := func() Contact {
		c := Contact{Name: "Ana", Kind: KindOrganization}
		c.Normalize()
		return c
	}
	tests := []struct {
		name  string
		edit  func(*Contact)
		field string
		code  string
	}{
		{"empty name", func(c *Contact) { c.Name = " " }, "name", validate.CodeNameRequired},
		{"long name", func(c *Contact) { c.Name = strings.Repeat("é", MaxName+1) }, "name", validate.CodeTooLong},
		{"bad country", func(c *Contact) { c.Country = "XX" }, "country", validate.CodeCountryInvalid},
		{"stage for kind", func(c *Contact) { c.Stage = StageAdvocate }, "stage", validate.CodeStageInvalidForKind},
		{"unknown kind", func(c *Contact) { c.Kind = "alien" }, "kind", validate.CodeKindInvalid},
		{"unknown trust", func(c *Contact) { c.Trust = "total" }, "trust", validate.CodeTrustInvalid},
		{"channel type", func(c *Contact) { c.Channels = []Channel{{Type: "fax", Value: "1"}} }, "channels[0].type", validate.CodeChannelTypeInvalid},
		{"channel value", func(c *Contact) { c.Channels = []Channel{{Type: ChannelEmail}} }, "channels[0].value", validate.CodeChannelValueMissing},
		{"language", func(c *Contact) { c.Languages = []string{"english!"} }, "languages", validate.CodeLanguageInvalid},
		{"long notes", func(c *Contact) { c.Notes = strings.Repeat("x", MaxNotes+1) }, "notes", validate.CodeTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := base()
			tt.edit(&c)
			err := c.Validate()
			var es validate.Errors
			if !errors.As(err, &es) {
				t.Fatalf("want validate.Errors, got %v", err)
			}
			if !es.Has(tt.field, tt.code) {
				t.Fatalf("want %s/%s in %v", tt.field, tt.code, es)
			}
		})
	}
	c := base()
	if err := c.Validate(); err != nil {
		t.Fatalf("valid contact: %v", err)
	}
}
