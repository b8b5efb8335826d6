// Package contact defines the contact record — people, organizations and
// businesses the user works with — and its validation rules. It does no
// I/O; the store persists contacts and the UI and CLI edit them.
package contact

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/validate"
)

// Kind says what a contact is.
type Kind string

// Contact kinds.
const (
	KindPerson       Kind = "person"
	KindOrganization Kind = "organization"
	KindBusiness     Kind = "business"
)

// Kinds lists all contact kinds in display order.
var Kinds = []Kind{KindPerson, KindOrganization, KindBusiness}

// Stage is a contact's position in the engagement pipeline of its kind.
type Stage string

// Pipeline stages. Which ones apply depends on the [Kind]; see [StagesFor].
const (
	StageContact     Stage = "contact"
	StageSupporter   Stage = "supporter"
	StageAdvocate    Stage = "advocate"
	StageProspect    Stage = "prospect"
	StageContacted   Stage = "contacted"
	StageMember      Stage = "member"
	StageCommitted   Stage = "committed"
	StageImplemented Stage = "implemented"
)

// StagesFor returns the pipeline stages of kind in order, or nil for an
// unknown kind. The first stage is the default for new contacts.
func StagesFor(kind Kind) []Stage {
	switch kind {
	case KindPerson:
		return []Stage{StageContact, StageSupporter, StageAdvocate}
	case KindOrganization:
		return []Stage{StageProspect, StageContacted, StageMember}
	case KindBusiness:
		return []Stage{StageProspect, StageContacted, StageCommitted, StageImplemented}
	}
	return nil
}

// Trust records how sure the user is of who a contact really is.
type Trust string

// Trust levels.
const (
	TrustUnverified Trust = "unverified"
	TrustKnown      Trust = "known"
	TrustVerified   Trust = "verified"
)

// TrustLevels lists all trust levels from least to most trusted.
var TrustLevels = []Trust{TrustUnverified, TrustKnown, TrustVerified}

// ChannelType is the kind of a communication channel.
type ChannelType string

// Channel types.
const (
	ChannelSignal ChannelType = "signal"
	ChannelEmail  ChannelType = "email"
	ChannelPhone  ChannelType = "phone"
	ChannelMatrix ChannelType = "matrix"
	ChannelOther  ChannelType = "other"
)

// ChannelTypes lists all channel types.
var ChannelTypes = []ChannelType{ChannelSignal, ChannelEmail, ChannelPhone, ChannelMatrix, ChannelOther}

// Field length limits, in characters.
const (
	MaxName     = 200
	MaxShort    = 200 // organization, role
	MaxChannel  = 500 // channel value
	MaxLabel    = 100 // channel label
	MaxTag      = 50
	MaxLanguage = 35
	MaxConsent  = 2000
	MaxNotes    = 20000
	MaxKey      = 4096 // peer recipient / signing key
)

// Channel is one way to reach a contact.
type Channel struct {
	Type  ChannelType `json:"type"`
	Value string      `json:"value"`
	Label string      `json:"label,omitempty"`
}

// PeerKeys holds a contact's sharing keys, filled in by the sharing feature.
type PeerKeys struct {
	// Recipient is the contact's age recipient string.
	Recipient string `json:"recipient,omitempty"`
	// SigningKey is the contact's Ed25519 public signing key, encoded.
	SigningKey string `json:"signing_key,omitempty"`
}

// Contact is a person, organization or business.
type Contact struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Origin is "" for records created locally, else the key fingerprint
	// of the peer the record came from.
	Origin string `json:"origin,omitempty"`
	// Version is incremented on every local change.
	Version int64 `json:"version"`

	// Name is the display name; pseudonyms are normal.
	Name         string `json:"name"`
	Kind         Kind   `json:"kind"`
	Organization string `json:"organization,omitempty"`
	Role         string `json:"role,omitempty"`
	// Country is an ISO 3166-1 alpha-2 code in upper case, or "".
	Country string `json:"country,omitempty"`
	// Languages are short BCP 47 language tags such as "en" or "pt-BR".
	Languages []string  `json:"languages,omitempty"`
	Channels  []Channel `json:"channels,omitempty"`
	// Tags are trimmed, lower-case, unique and sorted after [Contact.Normalize].
	Tags     []string  `json:"tags,omitempty"`
	Stage    Stage     `json:"stage"`
	Trust    Trust     `json:"trust"`
	Consent  string    `json:"consent,omitempty"`
	FollowUp date.Date `json:"follow_up"`
	Notes    string    `json:"notes,omitempty"`
	PeerKeys *PeerKeys `json:"peer_keys,omitempty"`
}

var languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// NormalizeTags trims, lower-cases, deduplicates and sorts tags, dropping
// empty ones.
func NormalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// Normalize trims text fields, upper-cases the country, normalizes tags
// and languages, drops empty channels, and fills defaults: kind person,
// the first stage of the kind, trust unverified.
func (c *Contact) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Organization = strings.TrimSpace(c.Organization)
	c.Role = strings.TrimSpace(c.Role)
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	c.Consent = strings.TrimSpace(c.Consent)
	c.Notes = strings.TrimSpace(c.Notes)
	if c.Kind == "" {
		c.Kind = KindPerson
	}
	if c.Stage == "" {
		if st := StagesFor(c.Kind); len(st) > 0 {
			c.Stage = st[0]
		}
	}
	if c.Trust == "" {
		c.Trust = TrustUnverified
	}
	c.Tags = NormalizeTags(c.Tags)
	var langs []string
	for _, l := range c.Languages {
		l = strings.TrimSpace(l)
		if l != "" && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	c.Languages = langs
	var chans []Channel
	for _, ch := range c.Channels {
		ch.Type = ChannelType(strings.ToLower(strings.TrimSpace(string(ch.Type))))
		ch.Value = strings.TrimSpace(ch.Value)
		ch.Label = strings.TrimSpace(ch.Label)
		if ch.Value == "" && ch.Label == "" && (ch.Type == "" || ch.Type == ChannelOther) {
			continue
		}
		if ch.Type == "" {
			ch.Type = ChannelOther
		}
		chans = append(chans, ch)
	}
	c.Channels = chans
	if c.PeerKeys != nil {
		c.PeerKeys.Recipient = strings.TrimSpace(c.PeerKeys.Recipient)
		c.PeerKeys.SigningKey = strings.TrimSpace(c.PeerKeys.SigningKey)
		if *c.PeerKeys == (PeerKeys{}) {
			c.PeerKeys = nil
		}
	}
}

// Validate checks c and returns nil or a [validate.Errors]. It does not
// modify c; call [Contact.Normalize] first to apply defaults.
func (c *Contact) Validate() error {
	var es validate.Errors
	if strings.TrimSpace(c.Name) == "" {
		es.Add("name", validate.CodeNameRequired, nil)
	}
	es.MaxLen("name", c.Name, MaxName)
	es.MaxLen("organization", c.Organization, MaxShort)
	es.MaxLen("role", c.Role, MaxShort)
	es.MaxLen("consent", c.Consent, MaxConsent)
	es.MaxLen("notes", c.Notes, MaxNotes)
	if !slices.Contains(Kinds, c.Kind) {
		es.Add("kind", validate.CodeKindInvalid, map[string]any{"value": string(c.Kind)})
	} else if !slices.Contains(StagesFor(c.Kind), c.Stage) {
		es.Add("stage", validate.CodeStageInvalidForKind, map[string]any{"value": string(c.Stage), "kind": string(c.Kind)})
	}
	if !slices.Contains(TrustLevels, c.Trust) {
		es.Add("trust", validate.CodeTrustInvalid, map[string]any{"value": string(c.Trust)})
	}
	if c.Country != "" && !ValidCountry(c.Country) {
		es.Add("country", validate.CodeCountryInvalid, map[string]any{"value": c.Country})
	}
	for _, l := range c.Languages {
		if len(l) > MaxLanguage || !languageRE.MatchString(l) {
			es.Add("languages", validate.CodeLanguageInvalid, map[string]any{"value": l})
		}
	}
	for _, t := range c.Tags {
		if strings.TrimSpace(t) == "" {
			es.Add("tags", validate.CodeTagInvalid, map[string]any{"value": t})
		}
		es.MaxLen("tags", t, MaxTag)
	}
	for i, ch := range c.Channels {
		f := "channels[" + itoa(i) + "]"
		if !slices.Contains(ChannelTypes, ch.Type) {
			es.Add(f+".type", validate.CodeChannelTypeInvalid, map[string]any{"value": string(ch.Type)})
		}
		if strings.TrimSpace(ch.Value) == "" {
			es.Add(f+".value", validate.CodeChannelValueMissing, map[string]any{"index": i})
		}
		es.MaxLen(f+".value", ch.Value, MaxChannel)
		es.MaxLen(f+".label", ch.Label, MaxLabel)
	}
	if c.PeerKeys != nil {
		es.MaxLen("peer_keys.recipient", c.PeerKeys.Recipient, MaxKey)
		es.MaxLen("peer_keys.signing_key", c.PeerKeys.SigningKey, MaxKey)
	}
	return es.Err()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
