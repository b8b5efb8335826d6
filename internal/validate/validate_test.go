package validate

import (
	"errors"
	"testing"
)

func TestErrors(t *testing.T) {
	t.Parallel()
	var es Errors
	if es.Err() != nil {
		t.Fatal("empty Errors must give a nil error")
	}
	es.Add("name", CodeNameRequired, nil)
	es.MaxLen("notes", "abcdef", 3)
	err := es.Err()
	if err == nil {
		t.Fatal("expected error")
	}
	want := "name: name required; notes: text too long (max=3)"
	if err.Error() != want {
		t.Fatalf("got %q want %q", err.Error(), want)
	}
	var list Errors
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("errors.As Errors failed: %v", list)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Code != CodeNameRequired {
		t.Fatalf("errors.As FieldError failed: %v", fe)
	}
	if !es.Has("notes", CodeTooLong) || es.Has("notes", CodeInvalid) {
		t.Fatal("Has wrong")
	}
}
