package campaign

import (
	"fmt"
	"strings"
	"testing"
)

// Files that nest deeper than MaxDepth are refused before the TOML
// decoder sees them (its time grows faster than the depth: 16 KB of
// nested inline tables took it seconds), with the line where the
// nesting goes too deep.
func TestParseRefusesDeepNesting(t *testing.T) {
	t.Parallel()
	n := MaxSize/2 - 100
	head := "id = \"x\"\nversion = 1\n"
	for name, data := range map[string]string{
		"arrays":         head + "a = " + strings.Repeat("[", n) + strings.Repeat("]", n),
		"inline tables":  head + "a = " + strings.Repeat("{b=", n/3) + "1" + strings.Repeat("}", n/3),
		"table header":   head + "[" + strings.Repeat("a.", n) + "a]\n",
		"dotted key":     head + strings.Repeat("a.", n) + "a = 1\n",
		"keys in tables": head + "a = " + strings.Repeat("{b.c.d.e=", 5) + "1" + strings.Repeat("}", 5),
		"unclosed":       head + "a = " + strings.Repeat("[", MaxDepth+1),
	} {
		_, err := Parse("x.toml", []byte(data))
		want := fmt.Sprintf("x.toml:3: arrays, tables or dotted keys nest more than %d levels deep", MaxDepth)
		if err == nil || err.Error() != want {
			t.Errorf("%s: Parse = %v, want %q", name, err, want)
		}
	}
}

// Brackets, braces and dots in strings and comments are not nesting, and
// the depth counts only what is open at a point: a template may have any
// number of lists one after the other.
func TestNestingCountsOnlyStructure(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 40) + strings.Repeat(".", 40) + strings.Repeat("{", 40)
	data := fmt.Sprintf(`id = "x" # %s
version = 1
title = "%s"
summary = '%s'
kind = "other"
description = """
%s "quoted" \""" still text %s
"""

[safety]
threats = [%s]
mitigations = ['''%s''']

[[tasks]]
title = "a"
notes = """ends in a quote\"""""

[[tasks]]
title = "b"
notes = '''two quotes at the end'''''
`, deep, deep, deep, deep, deep, strings.TrimSuffix(strings.Repeat(`"x.y.z", `, 30), ", "), deep)
	tp, err := Parse("x.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if tp.Title != deep || len(tp.Safety.Threats) != 30 || tp.Tasks[0].Notes != `ends in a quote""` || tp.Tasks[1].Notes != "two quotes at the end''" {
		t.Fatalf("parsed %q %d %q %q", tp.Title, len(tp.Safety.Threats), tp.Tasks[0].Notes, tp.Tasks[1].Notes)
	}
	if line := nestingTooDeep([]byte(strings.Repeat("a = [[[[1.5]]]]\n", 1000))); line != 0 {
		t.Errorf("lists one after the other refused at line %d", line)
	}
}
