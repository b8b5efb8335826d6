package i18n

import (
	"strconv"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// cldrOrder is the order in which plural categories are listed.
var cldrOrder = []string{"zero", "one", "two", "few", "many", "other"}

var pluralCache sync.Map // tag string -> []string (nil: no rules)

// pluralForms returns the CLDR plural categories that go-i18n's rules use
// for tag, in CLDR order, and false when go-i18n has no rules for it.
//
// go-i18n keeps its rules internal, so they are discovered by asking a
// throwaway bundle, whose message text for each category is the category's
// name, to pluralize a spread of integers and decimals.
func pluralForms(tag language.Tag) ([]string, bool) {
	key := tag.String()
	if v, ok := pluralCache.Load(key); ok {
		forms := v.([]string)
		return forms, forms != nil
	}
	forms := probePluralForms(tag)
	pluralCache.Store(key, forms)
	return forms, forms != nil
}

func probePluralForms(tag language.Tag) []string {
	b := goi18n.NewBundle(tag)
	probe := &goi18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := b.AddMessages(tag, probe); err != nil {
		return nil // no plural rule for this language
	}
	loc := goi18n.NewLocalizer(b, tag.String())
	seen := map[string]bool{}
	try := func(count any) {
		s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: "probe", PluralCount: count})
		if err == nil {
			seen[s] = true
		}
	}
	for i := 0; i <= 1000; i++ {
		try(i)
	}
	for _, i := range []int{1000000, 2000000} {
		try(i)
	}
	for i := 0; i <= 111; i++ {
		for _, frac := range []string{"0", "1", "2", "3", "5", "7", "00", "10", "11"} {
			try(strconv.Itoa(i) + "." + frac)
		}
	}
	out := []string{}
	for _, f := range cldrOrder {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}
