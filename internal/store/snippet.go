package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/textfold"
)

// snippetWords is the most words a snippet holds, as FTS5's snippet()
// was asked for before the index held folded text.
const snippetWords = 12

// snippetTerms are the words of a search, folded, for marking matches in
// the original text of a hit. FTS5's own snippet() would show the folded
// text the index is built from ("Jose" for "José"), so snippets are made
// here from the original instead.
type snippetTerms struct {
	words []string
	// prefix is set when the last word matches as a prefix, as in the
	// query (see FTSQuery).
	prefix bool
}

func newSnippetTerms(text string) snippetTerms {
	last, _ := utf8.DecodeLastRuneInString(textfold.Fold(text))
	endsWithSpace := unicode.IsSpace(last)
	return snippetTerms{words: textfold.Words(textfold.Key(text)), prefix: !endsWithSpace}
}

// token is one word of a text, by byte offsets.
type token struct {
	start, end int
	match      int // index of the query word it matches, -1 for none
}

// tokens splits text into words (as the index does) and marks the ones
// matching a query word.
func (t snippetTerms) tokens(text string) []token {
	var out []token
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, token{start: start, end: end, match: t.matchWord(text[start:end])})
			start = -1
		}
	}
	for i, r := range text {
		if textfold.IsWordRune(r) {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// matchWord returns the index of the query word w matches, or -1. A word
// may fold into several (a ligature such as ﷺ becomes words).
func (t snippetTerms) matchWord(w string) int {
	for _, k := range textfold.Words(textfold.Key(w)) {
		for i, q := range t.words {
			if k == q || t.prefix && i == len(t.words)-1 && strings.HasPrefix(k, q) {
				return i
			}
		}
	}
	return -1
}

// snippet returns an excerpt of the title or the body, whichever matches
// more of the query's words (the title on a tie), of at most snippetWords
// words around the matches, with matched words between [HighlightStart]
// and [HighlightEnd] and "…" where text was cut. With no match at all it
// returns the start of the body (or of the title).
func (t snippetTerms) snippet(title, body string) string {
	tt, bt := t.tokens(title), t.tokens(body)
	ts, tStart := bestWindow(tt)
	bs, bStart := bestWindow(bt)
	switch {
	case ts > 0 && ts >= bs:
		return excerpt(title, tt, tStart)
	case bs > 0:
		return excerpt(body, bt, bStart)
	case len(bt) > 0:
		return excerpt(body, bt, 0)
	default:
		return excerpt(title, tt, 0)
	}
}

// bestWindow returns the score and the first token of the window of
// snippetWords tokens holding the most distinct query words (then the
// most matches), earliest first; a window starts a little before its
// first match. The score is 0 when nothing matches.
func bestWindow(toks []token) (score, start int) {
	for i, tk := range toks {
		if tk.match < 0 {
			continue
		}
		s := max(0, min(i-2, len(toks)-snippetWords))
		seen := map[int]bool{}
		n := 0
		for _, w := range toks[s:min(len(toks), s+snippetWords)] {
			if w.match >= 0 {
				seen[w.match] = true
				n++
			}
		}
		if sc := 100*len(seen) + n; sc > score {
			score, start = sc, s
		}
	}
	return score, start
}

// excerpt writes the window of tokens of text starting at start, with
// matches marked.
func excerpt(text string, toks []token, start int) string {
	if len(toks) == 0 {
		return ""
	}
	end := min(len(toks), start+snippetWords)
	var b strings.Builder
	// Like FTS5's snippet(), text before the first word and after the
	// last is kept when the excerpt starts or ends the text.
	pos := 0
	if start > 0 {
		b.WriteString("…")
		pos = toks[start].start
	}
	for _, tk := range toks[start:end] {
		b.WriteString(text[pos:tk.start])
		if tk.match >= 0 {
			b.WriteString(HighlightStart + text[tk.start:tk.end] + HighlightEnd)
		} else {
			b.WriteString(text[tk.start:tk.end])
		}
		pos = tk.end
	}
	if end < len(toks) {
		b.WriteString("…")
	} else {
		b.WriteString(text[pos:])
	}
	return strings.ToValidUTF8(b.String(), string(utf8.RuneError))
}
