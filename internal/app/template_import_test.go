package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/store"
)

// importable returns a template file that parses and passes every lint rule.
var importable = testTemplate("street-stall.toml")

func newTemplateStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestImportTemplate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newTemplateStore(t)

	imp, err := prepareTemplateImport(ctx, st, "stall.toml", []byte(importable()))
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Lint) != 0 || imp.SameAsBuiltin || imp.Replaces != nil || imp.Template.Title != "Street stall" {
		t.Fatalf("import %+v", imp)
	}
	rec, err := importTemplate(ctx, st, imp, false)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID == "" || rec.Name != "Street stall" || rec.Body != importable() {
		t.Fatalf("stored %+v", rec)
	}
	choices, skipped, err := templateChoices(ctx, st, "en")
	if err != nil || skipped != 0 || choices[len(choices)-1].RecordID != rec.ID {
		t.Fatalf("choices %v, %d, %v", choices, skipped, err)
	}

	// The same ID again: never replaced without the user's word.
	second := strings.Replace(importable(), `title = "Street stall"`, `title = "Street stall, revised"`, 1)
	imp2, err := prepareTemplateImport(ctx, st, "stall.toml", []byte(second))
	if err != nil {
		t.Fatal(err)
	}
	if imp2.Replaces == nil || imp2.Replaces.ID != rec.ID {
		t.Fatalf("replaces %+v", imp2.Replaces)
	}
	changes := st.Changes()
	if _, err := importTemplate(ctx, st, imp2, false); !errors.Is(err, ErrTemplateExists) {
		t.Fatalf("import without replace = %v", err)
	}
	// Checked without a vault, nothing is known to be replaced: the
	// confirmation cannot have been given.
	unprepared, err := CheckTemplateFile("stall.toml", []byte(second))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importTemplate(ctx, st, unprepared, true); !errors.Is(err, ErrTemplateExists) {
		t.Fatalf("import of an unprepared file = %v", err)
	}
	if st.Changes() != changes {
		t.Fatal("a refused import wrote to the vault")
	}
	rec2, err := importTemplate(ctx, st, imp2, true)
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.Templates().List(ctx)
	if err != nil || len(list) != 1 || list[0].ID != rec.ID || list[0].Name != "Street stall, revised" || list[0].Version != 2 || rec2.ID != rec.ID {
		t.Fatalf("after replacing: %+v, %v", list, err)
	}
}

// A template with a built-in template's ID is kept apart, as a saved
// template: the built-in one stays as it was and both are offered.
func TestImportTemplateWithBuiltinID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newTemplateStore(t)
	data := strings.Replace(importable(), `id = "street-stall"`, `id = "press-moment"`, 1)
	imp, err := prepareTemplateImport(ctx, st, "press-moment.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if !imp.SameAsBuiltin || imp.Replaces != nil {
		t.Fatalf("import %+v", imp)
	}
	rec, err := importTemplate(ctx, st, imp, false)
	if err != nil {
		t.Fatal(err)
	}
	choices, _, err := templateChoices(ctx, st, "en")
	if err != nil {
		t.Fatal(err)
	}
	var builtin, saved int
	for _, c := range choices {
		if c.Template.ID != "press-moment" {
			continue
		}
		if c.Builtin() {
			builtin++
			if c.Template.Title != "Press/media moment" {
				t.Errorf("built-in changed: %q", c.Template.Title)
			}
		} else if c.RecordID == rec.ID && c.Template.Title == "Street stall" {
			saved++
		}
	}
	if builtin != 1 || saved != 1 {
		t.Fatalf("%d built-in and %d saved press-moment templates", builtin, saved)
	}
}

// What would keep a template from shipping is only a warning: the
// template is imported all the same.
func TestImportTemplateLintWarnings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newTemplateStore(t)
	data := strings.Replace(importable(), `emergency_contacts = ["A lawyer on call: name and number"]`, "", 1)
	data = strings.Replace(data, `tutorials = ["make-the-switch", "advocating-safely"]`, `tutorials = ["how-to-knit"]`, 1)
	imp, err := prepareTemplateImport(ctx, st, "stall.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, e := range imp.Lint {
		text = append(text, e.Error())
	}
	got := strings.Join(text, "\n")
	for _, want := range []string{`stall.toml:9: tutorial "how-to-knit"`, "safety.emergency_contacts has no items"} {
		if !strings.Contains(got, want) {
			t.Errorf("lint lacks %q:\n%s", want, got)
		}
	}
	if _, err := importTemplate(ctx, st, imp, false); err != nil {
		t.Fatal(err)
	}
}

// Every parse problem is reported, each with its line.
func TestCheckTemplateFileReportsEveryProblem(t *testing.T) {
	t.Parallel()
	data := strings.Replace(importable(), `kind = "public"`, `kind = "picnic"`, 1)
	data = strings.Replace(data, `start_time = "10:00"`, `start_time = "9:00"`, 1)
	data = strings.Replace(data, `offset_days = -3`, "offset_days = -3\ncolour = \"red\"", 1)
	_, err := CheckTemplateFile("stall.toml", []byte(data))
	shown, more := ListProblems(err)
	if !errors.Is(err, campaign.ErrInvalid) || len(shown) != 3 || more != 0 {
		t.Fatalf("CheckTemplateFile = %v (%d shown, %d more)", err, len(shown), more)
	}
	want := []string{`stall.toml:5: kind "picnic" is not one of`, `stall.toml:7: start_time "9:00" is not a time of day HH:MM`,
		`stall.toml:25: unknown key "tasks.colour"`}
	for i, w := range want {
		if !strings.HasPrefix(shown[i].Error(), w) {
			t.Errorf("problem %d = %q, want %q…", i+1, shown[i].Error(), w)
		}
	}
}

// endless is a reader that never ends and counts what is read from it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

// Hostile files are refused with their problems listed (a page at most),
// never a panic, within bounded memory, and nothing is written.
func TestImportTemplateHostileFiles(t *testing.T) {
	ctx := context.Background()
	st := newTemplateStore(t)
	changes := st.Changes()

	// A huge file is not read past the limit.
	src := &endless{}
	if _, err := ReadTemplateFile(io.LimitReader(src, 10<<20)); !errors.Is(err, campaign.ErrTooLarge) {
		t.Fatalf("10 MB file: %v", err)
	}
	if src.n > campaign.MaxSize+64<<10 {
		t.Errorf("read %d bytes of a 10 MB file", src.n)
	}
	exact := bytes.Repeat([]byte("#"), campaign.MaxSize)
	if data, err := ReadTemplateFile(bytes.NewReader(exact)); err != nil || len(data) != campaign.MaxSize {
		t.Fatalf("file of exactly MaxSize: %d bytes, %v", len(data), err)
	}

	head := "id = \"x\"\nversion = 1\ntitle = \"X\"\nkind = \"other\"\n"
	n := campaign.MaxSize/2 - 100
	for _, c := range []struct {
		name string
		data string
		want string // in the first problem
		many bool   // more problems than are listed
	}{
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "file is not UTF-8 text", false},
		{"NUL bytes", head + "summary = \"a\x00b\"\n", "control characters", false},
		{"terminal escapes", head + "summary = \"\x1b[2J\x1b]0;owned\x07\"\n", "control characters", false},
		{"escaped control characters", head + "summary = \"\\u001b[31mred\"\n", "summary must be one line without control characters", false},
		{"deep arrays", head + "a = " + strings.Repeat("[", n) + strings.Repeat("]", n), "nest more than", false},
		{"deep tables", head + "a = " + strings.Repeat("{b=", n/3) + "1" + strings.Repeat("}", n/3), "nest more than", false},
		{"long dotted key", head + strings.Repeat("a.", n) + "a = 1\n", "nest more than", false},
		{"huge array", head + "objectives = [" + strings.Repeat("1,", n-100) + "1]\n", "objective 1 is listed twice", true},
		{"many unknown keys", head + strings.Repeat("[[t]]\n", n/3-100), `unknown key "t"`, true},
		{"too many tasks", head + strings.Repeat("[[tasks]]\ntitle = \"t\"\n", 300), "more than 200 tasks", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			alloc := allocatedBy(t, func() { _, err = prepareTemplateImport(ctx, st, "x.toml", []byte(c.data)) })
			if alloc > 200<<20 {
				t.Errorf("checking allocated %d MB", alloc>>20)
			}
			shown, more := ListProblems(err)
			if len(shown) == 0 || !strings.Contains(shown[0].Error(), c.want) {
				t.Fatalf("problems %v, want %q first", err, c.want)
			}
			if len(shown) > MaxListedProblems || (more > 0) != c.many {
				t.Errorf("%d problems shown, %d more", len(shown), more)
			}
			for _, p := range shown {
				if strings.ContainsAny(p.Error(), "\x00\x1b\x07") {
					t.Errorf("problem with a control character: %q", p.Error())
				}
			}
		})
	}
	if st.Changes() != changes {
		t.Fatal("a refused file wrote to the vault")
	}
}

func ExampleListProblems() {
	_, err := CheckTemplateFile("x.toml", []byte("id = \"x\"\nversion = 0\ntitle = \"X\"\nkind = \"other\"\n"))
	shown, more := ListProblems(err)
	fmt.Println(shown, more)
	// Output: x.toml:2: version must be a whole number from 1 to 1000000 0
}

// testTemplate returns a function that reads a template file from
// internal/campaign's testdata when a test first needs it (not at start:
// some tests run this binary again from another folder).
func testTemplate(name string) func() string {
	return sync.OnceValue(func() string {
		b, err := os.ReadFile(filepath.Join("..", "campaign", "testdata", name))
		if err != nil {
			panic(err)
		}
		return string(b)
	})
}
