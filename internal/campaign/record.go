package campaign

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/event"
)

// Record is a template saved in the vault by the user: a name for lists
// and the template's TOML text.
type Record struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Origin  string    `json:"origin,omitempty"`
	Version int64     `json:"version"`

	Name string `json:"name"`
	// Body is the template in the format of [Parse].
	Body string `json:"body"`
}

// NewRecord encodes t as a record named after its title.
func NewRecord(t *Template) (*Record, error) {
	body, err := Encode(t)
	if err != nil {
		return nil, err
	}
	return &Record{Name: t.Title, Body: string(body)}, nil
}

// Template parses the record's body.
func (r *Record) Template() (*Template, error) {
	return Parse(r.Name, []byte(r.Body))
}

// Validate checks the name and that the body is a valid template. The
// error wraps [ErrInvalid] for a bad name or body.
func (r *Record) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" || utf8.RuneCountInString(r.Name) > event.MaxTitle || strings.ContainsFunc(r.Name, isControl) {
		return Errors{{Name: "template", Msg: fmt.Sprintf("name must be one line of 1 to %d characters", event.MaxTitle)}}
	}
	_, err := r.Template()
	return err
}
