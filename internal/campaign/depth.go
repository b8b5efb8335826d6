package campaign

// MaxDepth bounds how deeply a template file may nest arrays, inline
// tables and dotted keys. A template needs three levels at most
// ([[tasks]], a list of safety items); the TOML decoder's time grows
// faster than linearly with depth, so a file of nothing but nested
// brackets or key parts ("a = {b={b={...") is refused by [Parse] before
// it is decoded.
const MaxDepth = 8

// nestingTooDeep scans TOML text for nesting deeper than [MaxDepth] and
// returns the line where it happens, or 0. The depth at a point is the
// number of open brackets and braces plus the parts of the dotted keys
// that opened them and of the key being read. Strings and comments are
// skipped. It is a bound, not a parser: text the decoder would refuse
// anyway may be counted loosely.
func nestingTooDeep(data []byte) int {
	line := 1
	var open []int // dots of the key before each open bracket or brace
	sum, dots := 0, 0
	deep := func() bool { return len(open)+sum+dots > MaxDepth }
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
			dots = 0
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			var n int
			i, n = skipString(data, i)
			line += n
		case '[', '{':
			open = append(open, dots)
			sum += dots
			dots = 0
			if deep() {
				return line
			}
		case ']', '}':
			if len(open) > 0 {
				sum -= open[len(open)-1]
				open = open[:len(open)-1]
			}
			dots = 0
		case ',':
			dots = 0
		case '.':
			dots++
			if deep() {
				return line
			}
		}
	}
	return 0
}

// skipString skips the string that starts at data[i] (a quote) and
// returns the index of its last byte and the number of line breaks in
// it. Multi-line strings (""" and ”') may end with up to two more
// quotes; backslash escapes count only in basic strings ("...").
func skipString(data []byte, i int) (end, lines int) {
	q := data[i]
	multi := i+2 < len(data) && data[i+1] == q && data[i+2] == q
	j := i + 1
	if multi {
		j = i + 3
	}
	for ; j < len(data); j++ {
		c := data[j]
		switch {
		case c == '\\' && q == '"':
			if j+1 < len(data) && data[j+1] == '\n' {
				lines++
			}
			j++
		case c == '\n':
			if !multi {
				return j - 1, lines // unterminated: the decoder reports it
			}
			lines++
		case c == q && !multi:
			return j, lines
		case c == q && j+2 < len(data) && data[j+1] == q && data[j+2] == q:
			j += 2
			for k := 0; k < 2 && j+1 < len(data) && data[j+1] == q; k++ {
				j++
			}
			return j, lines
		}
	}
	return len(data) - 1, lines
}
