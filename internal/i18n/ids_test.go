package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/passphrase"
	"github.com/safehouse-app/safehouse/locales"
)

// This file is the equivalent of `goi18n extract` for Safehouse: it reads
// the Go sources and fails when a message ID used in code has no English
// text in locales/en.toml.
//
// An ID is found in three ways, in every non-test .go file under internal/
// and cmd/:
//
//  1. the string literal first argument of a call to a function or method
//     named T, N, usageErr or userErr (tr.T("common.ok"), env.Tr.N(...)),
//     and the ID field of a Message{ID: "..."} literal;
//  2. any other string literal that looks like an ID ("contacts.name") and
//     starts with one of the namespaces of en.toml ("contacts", "cli"...):
//     tables of IDs such as {"cli.col.name", ...};
//  3. IDs built at run time from a literal prefix ending in "." and a
//     value, such as "contacts.stage." + string(stage). Each such prefix
//     must be listed in dynamicIDs below with every value it can take.
//
// To add a dynamic ID: add its prefix to dynamicIDs with its values,
// preferably read from the code (constValues reads the constants of a
// type, so a new enum value is checked without editing this file).

// dynamicIDs returns, for each prefix from which code builds message IDs,
// the values appended to it. nil values mean the values come from data
// that cannot be enumerated here; the prefix must then still be used by at
// least one ID of en.toml.
func dynamicIDs(t *testing.T) map[string][]string {
	t.Helper()
	months := make([]string, 12)
	for i := range months {
		months[i] = strconv.Itoa(i + 1)
	}
	var strength []string
	for l := passphrase.VeryWeak; l <= passphrase.VeryStrong; l++ {
		strength = append(strength, strings.TrimPrefix(l.MessageID(), "passphrase.strength."))
	}
	var objectives []string
	for _, o := range event.Objectives {
		objectives = append(objectives, strconv.Itoa(int(o)))
	}
	return map[string][]string{
		"contacts.kind.":       constValues(t, "internal/contact", "Kind", ""),
		"dashboard.kind.":      constValues(t, "internal/contact", "Kind", ""),
		"contacts.stage.":      constValues(t, "internal/contact", "Stage", ""),
		"contacts.trust.":      constValues(t, "internal/contact", "Trust", ""),
		"contacts.channel.":    constValues(t, "internal/contact", "ChannelType", ""),
		"events.kind.":         constValues(t, "internal/event", "Kind", ""),
		"events.status.":       constValues(t, "internal/event", "Status", ""),
		"events.objective.":    objectives,
		"dashboard.month.":     months,
		"format.month.":        months,
		"pickers.date.month.":  months, // the calendar's heading, internal/ui/calendar_picker.go
		"passphrase.strength.": strength,
		"settings.theme.":      {"system", "light", "dark"},              // themeChoices in internal/ui/settings.go
		"sharing.kind.":        {"contact", "event", "task", "tutorial"}, // the kinds internal/bundle plans carry
		"tutorials.level.":     constValues(t, "internal/tutorial", "Level", ""),
		"tutorials.series.":    {"advocacy", "staying_safe"}, // seriesTitle in internal/ui/tutorials_series.go
		"tutorials.source.":    constValues(t, "internal/tutorial", "Source", ""),
		"tutorials.editor.":    {"title", "summary", "language"}, // fieldAt in internal/ui/tutorial_check.go
		"validation.":          constValues(t, "internal/validate", "", "Code"),
		// Contact import and export (internal/interop/contactio).
		"import.reason.":             constValues(t, "internal/interop/contactio", "", "Code"),
		"import.change.":             constValues(t, "internal/interop/contactio", "ChangeKind", ""),
		"cli.contact_import.action.": constValues(t, "internal/interop/contactio", "Action", ""),
		"contacts.io.field.":         constValues(t, "internal/interop/contactio", "Field", ""),
		// Field keys named by import reasons and changes ("name", "notes").
		"cli.field.":      nil,
		"contacts.field.": nil,
		// Solar Hijri month names (Translator.SolarHijriMonth, internal/i18n/format.go).
		"format.solar_hijri.month.": months,
	}
}

// notMessageIDs are string literals that look like message IDs of a known
// namespace but are not message IDs, with the reason.
var notMessageIDs = map[string]string{}

// fileExtensions end literals that are file names ("contacts.vcf"), not IDs.
var fileExtensions = regexp.MustCompile(`\.(vcf|ics|csv|toml|md|json|png|txt|age|go)$`)

// idEntryPoints are the functions and methods whose first argument is a
// message ID.
var idEntryPoints = map[string]bool{"T": true, "N": true, "usageErr": true, "userErr": true}

var idLike = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// use is one message ID (or ID prefix) found in the code.
type use struct {
	id, pos string
	sure    bool // from an entry point, whatever its namespace
}

func TestMessageIDsInCode(t *testing.T) {
	english := englishIDs(t)
	namespaces := map[string]bool{}
	for id := range english {
		ns, _, _ := strings.Cut(id, ".")
		namespaces[ns] = true
	}
	uses := scanSources(t)
	dynamic := dynamicIDs(t)

	referenced := map[string]bool{}
	var missing []string
	for _, u := range uses {
		ns, _, _ := strings.Cut(u.id, ".")
		if !u.sure && (!namespaces[ns] || fileExtensions.MatchString(u.id)) || notMessageIDs[u.id] != "" {
			continue
		}
		if strings.HasSuffix(u.id, ".") {
			if _, ok := dynamic[u.id]; !ok {
				missing = append(missing, u.pos+": IDs built from "+strconv.Quote(u.id)+" + a value: list the values in dynamicIDs in internal/i18n/ids_test.go")
			}
			continue
		}
		referenced[u.id] = true
		if !english[u.id] {
			missing = append(missing, u.pos+": "+u.id)
		}
	}
	for prefix, values := range dynamic {
		if values == nil {
			if !slices.ContainsFunc(sortedIDs(english), func(id string) bool { return strings.HasPrefix(id, prefix) }) {
				missing = append(missing, "no message starts with "+prefix)
			}
			for id := range english {
				if strings.HasPrefix(id, prefix) {
					referenced[id] = true
				}
			}
			continue
		}
		for _, v := range values {
			referenced[prefix+v] = true
			if !english[prefix+v] {
				missing = append(missing, "dynamic ID "+prefix+v)
			}
		}
	}
	sort.Strings(missing)
	missing = slices.Compact(missing)
	if len(missing) > 0 {
		t.Errorf("%d message IDs used in code have no English text in locales/en.toml "+
			"(append them, with a description, under a header of your own; see docs/TRANSLATING.md):\n  %s",
			len(missing), strings.Join(missing, "\n  "))
	}
	if len(referenced) < 300 {
		t.Errorf("found only %d message IDs in the code: the scan is broken", len(referenced))
	}

	var unused []string
	for _, id := range sortedIDs(english) {
		if !referenced[id] {
			unused = append(unused, id)
		}
	}
	if len(unused) > 0 {
		t.Logf("%d messages of locales/en.toml are not referenced by a literal in the code "+
			"(built in a way this scan does not see, used by tests only, or unused):\n  %s",
			len(unused), strings.Join(unused, "\n  "))
	}
}

// englishIDs returns the IDs of locales/en.toml.
func englishIDs(t *testing.T) map[string]bool {
	t.Helper()
	data, err := locales.FS.ReadFile("en.toml")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := goi18n.ParseMessageBytes(data, toml.Unmarshal)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range msgs {
		ids[m.ID] = true
	}
	return ids
}

func sortedIDs(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// repoRoot is the module root, two levels above this package.
const repoRoot = "../.."

// scanSources returns the message IDs and ID prefixes in the code.
func scanSources(t *testing.T) []use {
	t.Helper()
	var uses []use
	fset := token.NewFileSet()
	for _, top := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(repoRoot, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			uses = append(uses, scanFile(fset, f)...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return uses
}

func scanFile(fset *token.FileSet, f *ast.File) []use {
	var uses []use
	add := func(lit *ast.BasicLit, sure bool) {
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return
		}
		if idLike.MatchString(s) || idLike.MatchString(strings.TrimSuffix(s, ".")) && strings.HasSuffix(s, ".") {
			p := fset.Position(lit.Pos())
			rel, _ := filepath.Rel(repoRoot, p.Filename)
			uses = append(uses, use{id: s, pos: filepath.ToSlash(rel) + ":" + strconv.Itoa(p.Line), sure: sure})
		}
	}
	// firstLit returns the literal an ID argument starts with.
	firstLit := func(e ast.Expr) *ast.BasicLit {
		for {
			switch x := e.(type) {
			case *ast.BasicLit:
				if x.Kind == token.STRING {
					return x
				}
				return nil
			case *ast.BinaryExpr:
				if x.Op != token.ADD {
					return nil
				}
				e = x.X
			case *ast.ParenExpr:
				e = x.X
			default:
				return nil
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			name := ""
			switch fn := n.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if idEntryPoints[name] && len(n.Args) > 0 {
				if lit := firstLit(n.Args[0]); lit != nil {
					add(lit, true)
				}
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && k.Name == "ID" {
				if lit := firstLit(n.Value); lit != nil {
					add(lit, true)
				}
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				add(n, false)
			}
		}
		return true
	})
	return uses
}

// constValues returns the values of the string constants declared in the
// package in dir (relative to the module root) whose type is typeName, or
// if typeName is "", whose name starts with namePrefix. It fails the test
// when there are none, so a renamed type or package is noticed.
func constValues(t *testing.T, dir, typeName, namePrefix string) []string {
	t.Helper()
	fset := token.NewFileSet()
	paths, _ := filepath.Glob(filepath.Join(repoRoot, dir, "*.go"))
	var out []string
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				typ, _ := vs.Type.(*ast.Ident)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					match := typeName != "" && typ != nil && typ.Name == typeName ||
						typeName == "" && vs.Type == nil && strings.HasPrefix(name.Name, namePrefix)
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !match || !ok || lit.Kind != token.STRING {
						continue
					}
					if v, err := strconv.Unquote(lit.Value); err == nil {
						out = append(out, v)
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no string constants of type %q or named %s* in %s: update dynamicIDs in ids_test.go", typeName, namePrefix, dir)
	}
	return out
}
