package contactio

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// Field is what a CSV column holds.
type Field string

// Fields a CSV column can be mapped to.
const (
	FieldIgnore       Field = "ignore"
	FieldName         Field = "name" // the whole name
	FieldGivenName    Field = "first_name"
	FieldMiddleName   Field = "middle_name"
	FieldFamilyName   Field = "last_name"
	FieldNickname     Field = "nickname" // used when there is no name
	FieldOrganization Field = "organization"
	FieldRole         Field = "role"
	FieldCountry      Field = "country"
	FieldLanguages    Field = "languages"
	FieldTags         Field = "tags"
	FieldNotes        Field = "notes"
	FieldKind         Field = "kind"
	FieldPhone        Field = "phone"
	FieldEmail        Field = "email"
	FieldSignal       Field = "signal"
	FieldMatrix       Field = "matrix"
	FieldOther        Field = "other" // another channel
	// FieldLabel is the label of the channel column with the same name
	// before " - Label"/" - Type" (Google's "Phone 1 - Label" labels
	// "Phone 1 - Value").
	FieldLabel Field = "label"
)

// Fields lists every field in the order a column-mapping menu shows them.
var Fields = []Field{FieldIgnore, FieldName, FieldGivenName, FieldMiddleName, FieldFamilyName, FieldNickname,
	FieldOrganization, FieldRole, FieldCountry, FieldLanguages, FieldTags, FieldNotes, FieldKind,
	FieldPhone, FieldEmail, FieldSignal, FieldMatrix, FieldOther, FieldLabel}

// Mapping says what each column of a CSV file holds, by column index.
type Mapping []Field

// headerKey normalizes a column name: lower case, letters and digits
// separated by single spaces ("E-mail 1 - Value" is "e mail 1 value").
func headerKey(h string) string {
	h = strings.ToLower(norm.NFC.String(h))
	h = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return r
		}
		return ' '
	}, h)
	return strings.Join(strings.Fields(h), " ")
}

// knownHeaders maps normalized column names of common exports (Google
// Contacts, Outlook, Thunderbird, Apple, spreadsheets; English and a few
// other languages) to fields.
var knownHeaders = map[string]Field{
	// Whole names.
	"name": FieldName, "display name": FieldName, "full name": FieldName, "contact name": FieldName,
	"contact": FieldName, "person": FieldName, "anzeigename": FieldName, "vollständiger name": FieldName,
	"nom complet": FieldName, "nombre completo": FieldName, "nome completo": FieldName, "полное имя": FieldName,
	"الاسم": FieldName, "نام": FieldName,
	// Parts of names.
	"first name": FieldGivenName, "given name": FieldGivenName, "firstname": FieldGivenName, "forename": FieldGivenName,
	"vorname": FieldGivenName, "prénom": FieldGivenName, "prenom": FieldGivenName, "nombre": FieldGivenName,
	"nome": FieldGivenName, "имя": FieldGivenName,
	"middle name": FieldMiddleName, "additional name": FieldMiddleName, "weitere vornamen": FieldMiddleName,
	"last name": FieldFamilyName, "family name": FieldFamilyName, "surname": FieldFamilyName, "lastname": FieldFamilyName,
	"nachname": FieldFamilyName, "nom": FieldFamilyName, "nom de famille": FieldFamilyName, "apellido": FieldFamilyName,
	"apellidos": FieldFamilyName, "sobrenome": FieldFamilyName, "cognome": FieldFamilyName, "фамилия": FieldFamilyName,
	"nickname": FieldNickname, "nick name": FieldNickname, "spitzname": FieldNickname, "surnom": FieldNickname,
	// Organization and role.
	"organization": FieldOrganization, "organisation": FieldOrganization, "organization name": FieldOrganization,
	"company": FieldOrganization, "company name": FieldOrganization, "employer": FieldOrganization,
	"firma": FieldOrganization, "unternehmen": FieldOrganization, "entreprise": FieldOrganization,
	"société": FieldOrganization, "empresa": FieldOrganization, "organización": FieldOrganization,
	"organizzazione": FieldOrganization, "организация": FieldOrganization, "org": FieldOrganization,
	"job title": FieldRole, "organization title": FieldRole, "role": FieldRole, "position": FieldRole,
	"job": FieldRole, "function": FieldRole, "beruf": FieldRole, "funktion": FieldRole, "poste": FieldRole,
	"fonction": FieldRole, "cargo": FieldRole, "puesto": FieldRole, "ruolo": FieldRole, "должность": FieldRole,
	// Country, languages, tags, notes, kind.
	"country": FieldCountry, "country region": FieldCountry, "home country region": FieldCountry,
	"business country region": FieldCountry, "other country region": FieldCountry, "home country": FieldCountry,
	"work country": FieldCountry, "land": FieldCountry, "pays": FieldCountry, "país": FieldCountry,
	"pais": FieldCountry, "paese": FieldCountry, "страна": FieldCountry, "country code": FieldCountry,
	"language": FieldLanguages, "languages": FieldLanguages, "sprache": FieldLanguages, "sprachen": FieldLanguages,
	"langue": FieldLanguages, "langues": FieldLanguages, "idioma": FieldLanguages, "idiomas": FieldLanguages,
	"lingua": FieldLanguages, "язык": FieldLanguages,
	"tags": FieldTags, "tag": FieldTags, "labels": FieldTags, "categories": FieldTags, "category": FieldTags,
	"group membership": FieldTags, "groups": FieldTags, "group": FieldTags, "kategorien": FieldTags,
	"gruppen": FieldTags, "catégories": FieldTags, "etiquetas": FieldTags, "etiquettes": FieldTags,
	"notes": FieldNotes, "note": FieldNotes, "comments": FieldNotes, "comment": FieldNotes, "notizen": FieldNotes,
	"notiz": FieldNotes, "bemerkungen": FieldNotes, "remarques": FieldNotes, "notas": FieldNotes,
	"observaciones": FieldNotes, "заметки": FieldNotes,
	"kind": FieldKind, "contact type": FieldKind, "contact kind": FieldKind,
	// Channels.
	"phone": FieldPhone, "telephone": FieldPhone, "tel": FieldPhone, "phone number": FieldPhone,
	"mobile": FieldPhone, "mobile phone": FieldPhone, "mobile number": FieldPhone, "cell": FieldPhone,
	"cell phone": FieldPhone, "home phone": FieldPhone, "home phone 2": FieldPhone, "business phone": FieldPhone,
	"business phone 2": FieldPhone, "work phone": FieldPhone, "primary phone": FieldPhone, "other phone": FieldPhone,
	"company main phone": FieldPhone, "car phone": FieldPhone, "telefon": FieldPhone, "handy": FieldPhone,
	"mobil": FieldPhone, "mobiltelefon": FieldPhone, "téléphone": FieldPhone, "portable": FieldPhone,
	"teléfono": FieldPhone, "móvil": FieldPhone, "celular": FieldPhone, "telefone": FieldPhone,
	"telefono": FieldPhone, "cellulare": FieldPhone, "телефон": FieldPhone, "هاتف": FieldPhone, "تلفن": FieldPhone,
	"email": FieldEmail, "e mail": FieldEmail, "email address": FieldEmail, "e mail address": FieldEmail,
	"e mail 2 address": FieldEmail, "e mail 3 address": FieldEmail, "primary email": FieldEmail,
	"secondary email": FieldEmail, "mail": FieldEmail, "courriel": FieldEmail, "correo": FieldEmail,
	"correo electrónico": FieldEmail, "почта": FieldEmail, "электронная почта": FieldEmail,
	"signal": FieldSignal, "signal number": FieldSignal, "signal username": FieldSignal, "signal phone": FieldSignal,
	"matrix": FieldMatrix, "matrix id": FieldMatrix, "matrix user": FieldMatrix, "element": FieldMatrix,
	"im": FieldOther, "im address": FieldOther, "imaddress": FieldOther, "screen name": FieldOther, "xmpp": FieldOther, "jabber": FieldOther, "telegram": FieldOther,
	"threema": FieldOther, "wire": FieldOther, "briar": FieldOther, "session": FieldOther, "messenger": FieldOther,
	// Known columns with nothing to import.
	"e mail type": FieldIgnore, "e mail 2 type": FieldIgnore, "e mail 3 type": FieldIgnore,
	"e mail display name": FieldIgnore, "e mail 2 display name": FieldIgnore, "e mail 3 display name": FieldIgnore,
	"fax": FieldIgnore, "fax number": FieldIgnore, "home fax": FieldIgnore, "business fax": FieldIgnore,
	"other fax": FieldIgnore, "pager": FieldIgnore, "pager number": FieldIgnore, "file as": FieldIgnore,
}

var headerPatterns = []struct {
	re    *regexp.Regexp
	field Field
}{
	{regexp.MustCompile(`^(e mail|email) \d+ (value|address)$`), FieldEmail},
	{regexp.MustCompile(`^phone \d+ value$`), FieldPhone},
	{regexp.MustCompile(`^signal \d+ value$`), FieldSignal},
	{regexp.MustCompile(`^matrix \d+ value$`), FieldMatrix},
	{regexp.MustCompile(`^(other|im) \d+ value$`), FieldOther},
	{customFieldRE, FieldOther},
	{regexp.MustCompile(`^(e mail|email|phone|signal|matrix|other|im|custom field) \d+ (label|type|service)$`), FieldLabel},
	{regexp.MustCompile(`^address \d+ country$`), FieldCountry},
	{regexp.MustCompile(`^organization \d+ name$`), FieldOrganization},
	{regexp.MustCompile(`^organization \d+ title$`), FieldRole},
}

// customFieldRE matches the value column of Google's custom fields
// ("Custom Field 1 - Value"); [CSVFile.Records] keeps only those labelled
// with a messenger.
var customFieldRE = regexp.MustCompile(`^custom field \d+ value$`)

// messengers maps the labels people give a messenger handle (a Google
// custom field, an IM service) to the channel type it becomes.
var messengers = map[string]contact.ChannelType{
	"signal": contact.ChannelSignal, "matrix": contact.ChannelMatrix, "element": contact.ChannelMatrix,
	"whatsapp": contact.ChannelOther, "telegram": contact.ChannelOther, "threema": contact.ChannelOther,
	"wire": contact.ChannelOther, "session": contact.ChannelOther, "briar": contact.ChannelOther,
	"xmpp": contact.ChannelOther, "jabber": contact.ChannelOther, "skype": contact.ChannelOther,
}

// systemGroup reports whether a group name is one of Google's system
// groups ("myContacts", "starred", written "* myContacts" in CSV), which
// say nothing about the person and are not tags.
func systemGroup(t string) bool {
	t = strings.TrimSpace(t)
	if strings.HasPrefix(t, "* ") {
		return true
	}
	switch strings.ToLower(t) {
	case "mycontacts", "starred":
		return true
	}
	return false
}

// isExchangeAddress reports whether v is an Exchange X.500 address
// ("/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/…"),
// which Outlook writes where an email address belongs.
func isExchangeAddress(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return strings.HasPrefix(v, "/o=") || strings.HasPrefix(v, "/ou=") || strings.HasPrefix(v, "/cn=")
}

// headerField returns the field a column name stands for and whether the
// name was recognised (known columns with nothing to import are
// recognised as [FieldIgnore]).
func headerField(h string) (Field, bool) {
	k := headerKey(h)
	if k == "" {
		return FieldIgnore, false
	}
	if f, ok := knownHeaders[k]; ok {
		return f, true
	}
	for _, p := range headerPatterns {
		if p.re.MatchString(k) {
			return p.field, true
		}
	}
	words := strings.Fields(k)
	has := func(ws ...string) bool {
		for _, w := range words {
			for _, x := range ws {
				if w == x {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("fax", "pager", "label", "type", "display"):
		return FieldIgnore, false
	case has("phone", "mobile", "telephone", "cell", "telefon", "téléphone", "teléfono"):
		return FieldPhone, true
	case has("email", "mail") || strings.Contains(k, "e mail"):
		return FieldEmail, true
	case has("country"):
		return FieldCountry, true
	}
	return FieldIgnore, false
}

// SuggestMapping proposes a field for each column: from the column names
// when the file has a header, else from the content of the first rows
// (email addresses, phone numbers, and the first column of words as the
// name). A "Title" column is the role, unless another column is (Outlook
// writes "Title" for "Ms." and "Job Title" for the role).
func (f *CSVFile) SuggestMapping() Mapping {
	m := make(Mapping, len(f.Headers))
	if !f.HasHeader {
		return f.sniffMapping()
	}
	hasRole := false
	for i, h := range f.Headers {
		m[i], _ = headerField(h)
		hasRole = hasRole || m[i] == FieldRole
	}
	for i, h := range f.Headers {
		if k := headerKey(h); k == "title" || k == "titel" || k == "titre" {
			m[i] = FieldRole
			if hasRole {
				m[i] = FieldIgnore
			}
		}
	}
	// A whole-name column makes the name parts redundant; Outlook and
	// Thunderbird have both.
	return m
}

// sniffMapping guesses the fields of a file without a header.
func (f *CSVFile) sniffMapping() Mapping {
	m := make(Mapping, len(f.Headers))
	sample := f.Sample(50)
	named := false
	for i := range m {
		m[i] = FieldIgnore
		filled, emails, phones, words := 0, 0, 0, 0
		for _, row := range sample {
			if i >= len(row) {
				continue
			}
			v := strings.TrimSpace(unformula(row[i]))
			if v == "" {
				continue
			}
			filled++
			switch {
			case isEmailLike(v):
				emails++
			case isPhoneLike(v):
				phones++
			case strings.IndexFunc(v, unicode.IsLetter) >= 0:
				words++
			}
		}
		switch {
		case filled == 0:
		case emails*10 >= filled*6:
			m[i] = FieldEmail
		case phones*10 >= filled*6:
			m[i] = FieldPhone
		case !named && words*10 >= filled*6:
			m[i] = FieldName
			named = true
		}
	}
	return m
}

// labelColumns pairs each label column with the channel column it labels:
// the one whose name is the same apart from the last word ("Phone 1 -
// Label" and "Phone 1 - Value").
func (m Mapping) labelColumns(headers []string) map[int]int {
	out := map[int]int{}
	prefix := func(h string) string {
		k := headerKey(h)
		if i := strings.LastIndexByte(k, ' '); i > 0 {
			return k[:i]
		}
		return k
	}
	for li, f := range m {
		if f != FieldLabel || li >= len(headers) {
			continue
		}
		p := prefix(headers[li])
		for ci, cf := range m {
			if ci < len(headers) && isChannelField(cf) && prefix(headers[ci]) == p {
				out[ci] = li
				break
			}
		}
	}
	return out
}

func isChannelField(f Field) bool {
	switch f {
	case FieldPhone, FieldEmail, FieldSignal, FieldMatrix, FieldOther:
		return true
	}
	return false
}

// headerLabel derives a channel label from a column name ("Mobile Phone"
// gives "mobile").
func headerLabel(h string) string {
	for _, w := range strings.Fields(headerKey(h)) {
		switch w {
		case "mobile", "cell", "handy", "mobil", "portable", "móvil", "celular", "cellulare":
			return "mobile"
		case "home", "private", "privat":
			return "home"
		case "work", "business", "office", "company", "arbeit", "geschäftlich":
			return "work"
		}
	}
	return ""
}

// MappingError is a column mapping given by the user that cannot be used.
type MappingError struct {
	// Column is the column name given; Field is the field name given.
	Column, Field string
	// UnknownColumn is true when no column has that name, else the field
	// is unknown.
	UnknownColumn bool
}

func (e *MappingError) Error() string {
	if e.UnknownColumn {
		return fmt.Sprintf("contactio: no column %q", e.Column)
	}
	return fmt.Sprintf("contactio: unknown field %q for column %q", e.Field, e.Column)
}

// ParseMapping applies mapping specs to base and returns the result. Each
// spec holds "Column=field" pairs separated by commas; a column is named
// by its header (case-insensitive) or as "#N" (from 1). The field is one
// of [Fields]; "" means ignore. A comma followed by text without "=" is
// part of the next column name ("Contact, main=signal").
func ParseMapping(specs []string, headers []string, base Mapping) (Mapping, error) {
	m := make(Mapping, len(headers))
	for i := range m {
		m[i] = FieldIgnore
		if i < len(base) && base[i] != "" {
			m[i] = base[i]
		}
	}
	for _, spec := range specs {
		var pairs []string
		pending := ""
		for _, p := range strings.Split(spec, ",") {
			if !strings.Contains(p, "=") {
				pending += p + ","
				continue
			}
			pairs = append(pairs, pending+p)
			pending = ""
		}
		if strings.TrimSpace(strings.Trim(pending, ",")) != "" {
			pairs = append(pairs, strings.TrimSuffix(pending, ","))
		}
		for _, p := range pairs {
			if strings.TrimSpace(p) == "" {
				continue
			}
			i := strings.LastIndexByte(p, '=')
			if i < 0 {
				return nil, &MappingError{Column: strings.TrimSpace(p), UnknownColumn: true}
			}
			col, fld := strings.TrimSpace(p[:i]), Field(strings.ToLower(strings.TrimSpace(p[i+1:])))
			if fld == "" {
				fld = FieldIgnore
			}
			if !validField(fld) {
				return nil, &MappingError{Column: col, Field: string(fld)}
			}
			idx := columnIndex(col, headers)
			if idx < 0 {
				return nil, &MappingError{Column: col, UnknownColumn: true}
			}
			m[idx] = fld
		}
	}
	return m, nil
}

func validField(f Field) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

func columnIndex(col string, headers []string) int {
	for i, h := range headers {
		if strings.EqualFold(strings.TrimSpace(h), col) {
			return i
		}
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(col, "#")); err == nil && strings.HasPrefix(col, "#") && n >= 1 && n <= len(headers) {
		return n - 1
	}
	return -1
}
