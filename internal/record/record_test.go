package record

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// TestAllListsEveryKind: every constant of type Kind declared in this
// package is in All, once, so tables keyed by kind (the merge's) can be
// checked against it.
func TestAllListsEveryKind(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "record.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); ok && id.Name == "Kind" {
				for _, n := range v.Names {
					declared = append(declared, n.Name)
				}
			}
		}
	}
	if len(declared) != len(All) {
		t.Fatalf("record.go declares %d kinds %v, All lists %d", len(declared), declared, len(All))
	}
	seen := map[Kind]bool{}
	for _, k := range All {
		if seen[k] {
			t.Errorf("All lists %q twice", k)
		}
		seen[k] = true
	}
}

func TestShared(t *testing.T) {
	for _, k := range All {
		if want := k != Template; k.Shared() != want {
			t.Errorf("%s.Shared() = %v, want %v", k, k.Shared(), want)
		}
	}
	if Kind("contacts").Shared() || Kind("").Shared() {
		t.Error("an unknown kind counts as shared")
	}
}
