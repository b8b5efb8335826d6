package contactio

import (
	"net/url"
	"slices"
	"strings"

	"github.com/emersion/go-vcard"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// ignoredTypes are TYPE values that say nothing a person would call a
// label.
var ignoredTypes = map[string]bool{"pref": true, "voice": true, "internet": true, "x400": true, "uri": true}

// labelOf returns the label of a channel property: its Apple group label,
// else its first meaningful TYPE.
func labelOf(f *vcard.Field, groupLabels map[string]string) string {
	if f.Group != "" {
		if l := groupLabels[strings.ToUpper(f.Group)]; l != "" {
			return l
		}
	}
	for _, t := range f.Params.Types() {
		for _, t := range strings.Split(t, ",") {
			t = strings.TrimSpace(t)
			if t != "" && !ignoredTypes[t] && !strings.HasPrefix(t, "x-") {
				return clip(t, contact.MaxLabel)
			}
		}
	}
	return ""
}

// appleLabel strips Apple's markers from a standard label ("_$!<Mobile>!$_").
func appleLabel(s string) string {
	s = unescape(s)
	if strings.HasPrefix(s, "_$!<") && strings.HasSuffix(s, ">!$_") {
		s = s[4 : len(s)-4]
	}
	return s
}

// cardContact maps a decoded card to a contact (not yet normalized).
func cardContact(card vcard.Card) (*contact.Contact, []Reason, []Reason) {
	var dropped []Reason
	c := &contact.Contact{}
	kind := strings.ToLower(strings.TrimSpace(card.Value(vcard.FieldKind)))
	if kind == "group" {
		return nil, []Reason{{Code: CodeGroupCard}}, nil
	}
	switch {
	case strings.EqualFold(strings.TrimSpace(card.Value(propKind)), "business"):
		c.Kind = contact.KindBusiness
	case kind == "org" || kind == "organization" || strings.EqualFold(card.Value("X-ABSHOWAS"), "COMPANY"):
		c.Kind = contact.KindOrganization
	}

	for _, f := range card[vcard.FieldFormattedName] {
		if c.Name = unescape(f.Value); c.Name != "" {
			break
		}
	}
	if c.Name == "" {
		if n := card.Get(vcard.FieldName); n != nil {
			p := splitStructured(n.Value)
			c.Name = strings.Join(strings.Fields(strings.Join([]string{part(p, 3), part(p, 1), part(p, 2), part(p, 0), part(p, 4)}, " ")), " ")
		}
	}
	if org := card.Get(vcard.FieldOrganization); org != nil {
		c.Organization = part(splitStructured(org.Value), 0)
	}
	if c.Name == "" && c.Organization == "" {
		c.Name = unescape(strings.Split(card.Value(vcard.FieldNickname), sepList)[0])
	}
	if c.Kind != "" && c.Kind != contact.KindPerson && strings.EqualFold(c.Organization, c.Name) {
		c.Organization = ""
	}
	c.Role = unescape(card.Value(vcard.FieldTitle))
	if c.Role == "" {
		c.Role = unescape(card.Value(vcard.FieldRole))
	}

	groupLabels := map[string]string{}
	for _, f := range card[propLabel] {
		if f.Group != "" {
			groupLabels[strings.ToUpper(f.Group)] = clip(appleLabel(f.Value), contact.MaxLabel)
		}
	}
	for _, f := range card[vcard.FieldTelephone] {
		v := unescape(f.Value)
		if !strings.EqualFold(f.Params.Get(vcard.ParamValue), "text") {
			v = trimScheme(v, "tel:")
		}
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelPhone, Value: v, Label: labelOf(f, groupLabels)})
	}
	for _, f := range card[vcard.FieldEmail] {
		v := trimScheme(unescape(f.Value), "mailto:")
		if isExchangeAddress(v) {
			dropped = appendUnique(dropped, Reason{Code: CodeExchangeAddress})
			continue
		}
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelEmail, Value: v, Label: labelOf(f, groupLabels)})
	}
	for _, f := range card[vcard.FieldIMPP] {
		service := strings.TrimSpace(f.Params.Get("X-SERVICE-TYPE"))
		typ, v := channelFromURI(unescape(f.Value), service)
		if t, ok := exactChannel(f.Params.Get(paramType), unescape(f.Value)); ok {
			typ, v = t, exactValue(t, unescape(f.Value))
		}
		label := labelOf(f, groupLabels)
		if label == "" && typ == contact.ChannelOther && service != "" {
			label = clip(service, contact.MaxLabel)
		}
		c.Channels = append(c.Channels, contact.Channel{Type: typ, Value: v, Label: label})
	}
	for _, f := range card["X-JABBER"] {
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelOther, Value: "xmpp:" + unescape(f.Value), Label: labelOf(f, groupLabels)})
	}
	// Outlook's IM address.
	for _, f := range card["X-MS-IMADDRESS"] {
		if v := unescape(f.Value); v != "" {
			typ, val := channelFromURI(v, "")
			c.Channels = append(c.Channels, contact.Channel{Type: typ, Value: val, Label: labelOf(f, groupLabels)})
		}
	}
	c.Channels = append(c.Channels, messengerFields(card, groupLabels)...)

	for _, f := range card[vcard.FieldAddress] {
		if country := part(splitStructured(f.Value), 6); country != "" {
			dropped = append(dropped, setCountry(c, country)...)
			break
		}
	}
	for _, f := range card[vcard.FieldLanguage] {
		dropped = append(dropped, addLanguages(c, []string{unescape(f.Value)})...)
	}
	for _, f := range card[vcard.FieldCategories] {
		for _, t := range strings.Split(f.Value, sepList) {
			if t = unescape(t); t != "" && !systemGroup(t) {
				c.Tags = append(c.Tags, t)
			}
		}
	}
	var notes []string
	for _, f := range card[vcard.FieldNote] {
		if n := unescape(f.Value); n != "" {
			notes = append(notes, n)
		}
	}
	c.Notes = strings.Join(notes, "\n\n")
	return c, nil, dropped
}

// cardUID returns the form of a UID that [MakePlan] compares.
func cardUID(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimPrefix(v, "urn:uuid:")
	if len(v) > 200 {
		return ""
	}
	return v
}

// messengerFields returns the channels of properties Safehouse has no
// field for but whose label names a messenger: Google's custom fields
// and Apple's labelled items ("item3.X-CUSTOM:…" with "item3.X-ABLabel:
// Signal") and the X-SIGNAL, X-WHATSAPP and X-TELEGRAM properties some
// apps write.
func messengerFields(card vcard.Card, groupLabels map[string]string) []contact.Channel {
	var out []contact.Channel
	handled := map[string]bool{vcard.FieldTelephone: true, vcard.FieldEmail: true, vcard.FieldIMPP: true,
		propLabel: true, "X-JABBER": true, "X-MS-IMADDRESS": true}
	names := make([]string, 0, len(card))
	for name := range card {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if handled[name] {
			continue
		}
		for _, f := range card[name] {
			label := ""
			if f.Group != "" {
				label = groupLabels[strings.ToUpper(f.Group)]
			}
			if label == "" && strings.HasPrefix(name, "X-") {
				label = name[2:]
			}
			typ, ok := messengers[strings.ToLower(label)]
			v := unescape(f.Value)
			if !ok || v == "" {
				continue
			}
			if typ != contact.ChannelOther {
				_, v = channelFromURI(v, string(typ))
				out = append(out, contact.Channel{Type: typ, Value: v})
				continue
			}
			out = append(out, contact.Channel{Type: typ, Value: v, Label: clip(label, contact.MaxLabel)})
		}
	}
	return out
}

// trimScheme removes every leading scheme prefix (any case) from v.
func trimScheme(v, scheme string) string {
	for len(v) >= len(scheme) && strings.EqualFold(v[:len(scheme)], scheme) {
		v = strings.TrimSpace(v[len(scheme):])
	}
	return v
}

// exactChannel reads the channel type of an IMPP property written by
// [ContactCard].
func exactChannel(t, v string) (contact.ChannelType, bool) {
	switch ct := contact.ChannelType(strings.ToLower(t)); ct {
	case contact.ChannelSignal, contact.ChannelMatrix, contact.ChannelOther:
		return ct, true
	}
	return "", false
}

// exactValue undoes the URI [ContactCard] wrote for a channel of type t.
func exactValue(t contact.ChannelType, v string) string {
	switch t {
	case contact.ChannelSignal:
		for _, p := range []string{"sgnl://signal.me/#p/", "signal:"} {
			if strings.HasPrefix(v, p) {
				return v[len(p):]
			}
		}
	case contact.ChannelMatrix:
		for _, p := range []struct{ uri, id string }{{"matrix:u/", "@"}, {"matrix:r/", "#"}, {"matrix:roomid/", "!"}, {"matrix:", ""}} {
			if strings.HasPrefix(v, p.uri) {
				return p.id + v[len(p.uri):]
			}
		}
	}
	return v
}

// channelFromURI reads an IMPP value: Signal (sgnl:, signal:, signal.me
// links), Matrix (matrix: URIs, matrix.to links), tel: and mailto:, or the
// service named by X-SERVICE-TYPE (Apple writes "x-apple:" values).
// Anything else is an "other" channel holding the whole value.
func channelFromURI(v, service string) (contact.ChannelType, string) {
	lv := strings.ToLower(v)
	cut := func(prefix string) string { return strings.TrimSpace(v[len(prefix):]) }
	for _, p := range []string{"sgnl://signal.me/#p/", "https://signal.me/#p/", "sgnl://", "sgnl:", "signal://", "signal:"} {
		if strings.HasPrefix(lv, p) {
			return contact.ChannelSignal, cut(p)
		}
	}
	if strings.HasPrefix(lv, "https://matrix.to/#/") {
		rest := cut("https://matrix.to/#/")
		if u, err := url.PathUnescape(rest); err == nil {
			rest = u
		}
		return contact.ChannelMatrix, rest
	}
	if strings.HasPrefix(lv, "matrix:") {
		rest := cut("matrix:")
		if i := strings.IndexByte(rest, '?'); i >= 0 && strings.Contains(rest[:i], "/") {
			rest = rest[:i] // ?action=chat and the like
		}
		switch {
		case strings.HasPrefix(rest, "u/"):
			rest = "@" + rest[2:]
		case strings.HasPrefix(rest, "r/"):
			rest = "#" + rest[2:]
		case strings.HasPrefix(rest, "roomid/"):
			rest = "!" + rest[7:]
		}
		return contact.ChannelMatrix, rest
	}
	if strings.HasPrefix(lv, "tel:") {
		return contact.ChannelPhone, cut("tel:")
	}
	if strings.HasPrefix(lv, "mailto:") {
		return contact.ChannelEmail, cut("mailto:")
	}
	if strings.HasPrefix(lv, "x-apple:") {
		v = cut("x-apple:")
	}
	switch strings.ToLower(service) {
	case "signal":
		return contact.ChannelSignal, v
	case "matrix", "element":
		return contact.ChannelMatrix, v
	}
	return contact.ChannelOther, v
}
