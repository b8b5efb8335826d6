package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// errHelp is returned by [parseFlags] for -h and --help.
var errHelp = errors.New("help requested")

// newFlagSet returns a silent flag set: the CLI prints its own translated
// messages instead of the flag package's.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

type boolFlag interface{ IsBoolFlag() bool }

// parseFlags sets the flags of fs from args and returns the positional
// arguments. Flags may come before, between or after positional arguments
// ("contact show ID --json"); "--" ends the flags. With stopAtArg, parsing
// stops at the first positional argument (for the global flags, which come
// before the subcommand). Both "-name" and "--name" are accepted, with the
// value as the next argument or after "=".
func parseFlags(fs *flag.FlagSet, args []string, stopAtArg bool) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			if stopAtArg {
				return append(pos, args[i:]...), nil
			}
			pos = append(pos, a)
			continue
		}
		name := strings.TrimPrefix(a[1:], "-")
		value, hasValue := "", false
		if k := strings.IndexByte(name, '='); k >= 0 {
			name, value, hasValue = name[:k], name[k+1:], true
		}
		if name == "h" || name == "help" {
			return nil, errHelp
		}
		f := fs.Lookup(name)
		if f == nil || name == "" {
			return nil, usageErr("cli.usage.unknown_flag", map[string]any{"Flag": "--" + name, "Command": fs.Name()})
		}
		if bf, ok := f.Value.(boolFlag); ok && bf.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 >= len(args) {
				return nil, usageErr("cli.usage.flag_needs_value", args1("Flag", "--"+name))
			}
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			var me *msgError
			if errors.As(err, &me) {
				me.usage = true
				return nil, me
			}
			return nil, usageErr("cli.usage.flag_invalid", map[string]any{"Flag": "--" + name, "Value": value})
		}
	}
	return pos, nil
}

// wasSet reports which flags of fs were given on the command line.
func wasSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// stringList is a repeatable string flag (--tag a --tag b).
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// choice is a string flag restricted to a list of values.
type choice struct {
	name    string
	value   string
	allowed []string
}

func newChoice[T ~string](name string, allowed []T) *choice {
	c := &choice{name: name}
	for _, a := range allowed {
		c.allowed = append(c.allowed, string(a))
	}
	return c
}

func (c *choice) String() string { return c.value }

func (c *choice) Set(s string) error {
	s = strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(c.allowed, s) {
		return usageErr("cli.usage.flag_choice", map[string]any{
			"Flag": "--" + c.name, "Value": s, "Allowed": strings.Join(c.allowed, ", "),
		})
	}
	c.value = s
	return nil
}

// dateValue is a YYYY-MM-DD flag.
type dateValue struct {
	name string
	d    date.Date
}

func (v *dateValue) String() string { return v.d.String() }

func (v *dateValue) Set(s string) error {
	d, err := date.Parse(strings.TrimSpace(s))
	if err != nil {
		return usageErr("cli.usage.flag_date", map[string]any{"Flag": "--" + v.name, "Value": s})
	}
	v.d = d
	return nil
}

// channelList is the repeatable --channel TYPE[/LABEL]:VALUE flag
// ("phone/work:+49 30 555 010"): split at the first colon, the type at the
// first slash.
type channelList []contact.Channel

func (l *channelList) String() string { return "" }

func (l *channelList) Set(s string) error {
	typ, value, ok := strings.Cut(s, ":")
	typ, label, _ := strings.Cut(typ, "/")
	typ = strings.ToLower(strings.TrimSpace(typ))
	value, label = strings.TrimSpace(value), strings.TrimSpace(label)
	if !ok || value == "" || !slices.Contains(contact.ChannelTypes, contact.ChannelType(typ)) {
		types := make([]string, len(contact.ChannelTypes))
		for i, t := range contact.ChannelTypes {
			types[i] = string(t)
		}
		return usageErr("cli.usage.flag_channel", args1("Allowed", strings.Join(types, ", ")))
	}
	*l = append(*l, contact.Channel{Type: contact.ChannelType(typ), Value: value, Label: label})
	return nil
}

// objectiveList is the repeatable --objective N flag (1 to 6).
type objectiveList []event.Objective

func (l *objectiveList) String() string { return "" }

func (l *objectiveList) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || !event.Objective(n).Valid() {
		return usageErr("cli.usage.flag_objective", args1("Value", s))
	}
	*l = append(*l, event.Objective(n))
	return nil
}
