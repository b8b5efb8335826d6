// Package validate holds the field-validation error shared by the domain
// packages. A [FieldError] names the offending field and carries a stable
// message ID ([FieldError.Code]) so that user interfaces can translate it;
// its Error method gives a plain English line for logs and the CLI.
package validate

import (
	"fmt"
	"sort"
	"strings"
)

// Stable message IDs used by the domain packages. User interfaces translate
// these; they never change meaning once released.
const (
	CodeRequired            = "required"               // Args: none
	CodeNameRequired        = "name_required"          // Args: none
	CodeTitleRequired       = "title_required"         // Args: none
	CodeTooLong             = "text_too_long"          // Args: max
	CodeInvalid             = "invalid"                // Args: value
	CodeCountryInvalid      = "country_invalid"        // Args: value
	CodeKindInvalid         = "kind_invalid"           // Args: value
	CodeStageInvalidForKind = "stage_invalid_for_kind" // Args: value, kind
	CodeTrustInvalid        = "trust_invalid"          // Args: value
	CodeChannelTypeInvalid  = "channel_type_invalid"   // Args: value
	CodeChannelValueMissing = "channel_value_required" // Args: index
	CodeLanguageInvalid     = "language_invalid"       // Args: value
	CodeTagInvalid          = "tag_invalid"            // Args: value
	CodeEndBeforeStart      = "end_before_start"       // Args: none
	CodeTimeZoneInvalid     = "timezone_invalid"       // Args: value
	CodeStatusInvalid       = "status_invalid"         // Args: value
	CodeObjectiveInvalid    = "objective_invalid"      // Args: value
	CodeSlugInvalid         = "slug_invalid"           // Args: value
	CodeVersionInvalid      = "version_invalid"        // Args: value
	CodeSourceInvalid       = "source_invalid"         // Args: value
	CodeStartRequired       = "start_required"         // Args: none
	CodeRepeatInvalid       = "repeat_invalid"         // Args: value
)

// FieldError reports one invalid field.
type FieldError struct {
	// Field is the name of the field, e.g. "name" or "channels[2].value".
	Field string
	// Code is a stable message ID such as "name_required".
	Code string
	// Args holds values for the translated message (e.g. "max": 200).
	Args map[string]any
}

// Error returns an English description of the problem.
func (e *FieldError) Error() string {
	if len(e.Args) == 0 {
		return fmt.Sprintf("%s: %s", e.Field, strings.ReplaceAll(e.Code, "_", " "))
	}
	keys := make([]string, 0, len(e.Args))
	for k := range e.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, e.Args[k])
	}
	return fmt.Sprintf("%s: %s (%s)", e.Field, strings.ReplaceAll(e.Code, "_", " "), strings.Join(parts, ", "))
}

// Errors is a list of field errors. A nil or empty Errors means valid;
// use [Errors.Err] to turn it into a plain error value.
type Errors []*FieldError

// Error joins the messages of all field errors with "; ".
func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap exposes the individual field errors to [errors.Is] and [errors.As].
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Add appends a field error.
func (es *Errors) Add(field, code string, args map[string]any) {
	*es = append(*es, &FieldError{Field: field, Code: code, Args: args})
}

// Has reports whether a field error with the given field and code is present.
func (es Errors) Has(field, code string) bool {
	for _, e := range es {
		if e.Field == field && e.Code == code {
			return true
		}
	}
	return false
}

// Err returns nil when es is empty and es otherwise. Return its result
// from Validate methods so that a valid record yields a nil error interface.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// MaxLen adds a [CodeTooLong] error when s has more than max characters.
func (es *Errors) MaxLen(field, s string, max int) {
	if len([]rune(s)) > max {
		es.Add(field, CodeTooLong, map[string]any{"max": max})
	}
}
