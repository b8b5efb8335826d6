package ui

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Tutorial Markdown is parsed by Fyne's RichText parser and drawn by
// markdownView (markdown_view.go), but never as parsed: the segments go
// through sanitizeSegments first, so that
//
//   - no image is ever loaded (Fyne would fetch http URLs): each image
//     becomes a text placeholder naming its URL;
//   - no link is ever opened: a link shows its text followed by its URL,
//     and tapping the URL copies it (through onLink) instead of opening it.
//
// Checklist items ("- [ ] text {#id}") are cut out of the Markdown by
// splitMarkdown so that the reader can show them as real check boxes.

// markdownSegments parses md into sanitized RichText segments. The
// RichText used for parsing is never shown, so nothing is loaded.
func markdownSegments(md string, imageText func(url string) string, onLink func(url string)) []widget.RichTextSegment {
	return sanitizeSegments(widget.NewRichTextFromMarkdown(md).Segments, imageText, onLink)
}

// tutorialLinkScheme starts links from one tutorial to another
// ("tutorial:make-the-switch", see docs/tutorial-format.md).
const tutorialLinkScheme = "tutorial:"

// sanitizeSegments replaces images and links, recursing into lists and
// paragraphs.
func sanitizeSegments(segs []widget.RichTextSegment, imageText func(url string) string, onLink func(url string)) []widget.RichTextSegment {
	out := make([]widget.RichTextSegment, 0, len(segs))
	for _, seg := range segs {
		switch s := seg.(type) {
		case *widget.ImageSegment:
			src := ""
			if s.Source != nil {
				src = s.Source.String()
			}
			out = append(out, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: imageText(src)})
		case *widget.HyperlinkSegment:
			target := ""
			if s.URL != nil {
				target = s.URL.String()
			}
			text := strings.TrimSpace(s.Text)
			if strings.HasPrefix(target, tutorialLinkScheme) {
				// A link to another tutorial is shown by its words
				// alone and opens that tutorial.
				if text == "" {
					text = strings.TrimPrefix(target, tutorialLinkScheme)
				}
				link := &widget.HyperlinkSegment{Alignment: s.Alignment, Text: text}
				link.OnTapped = func() {
					if onLink != nil {
						onLink(target)
					}
				}
				out = append(out, link)
				continue
			}
			if text != "" && text != target {
				out = append(out, &widget.TextSegment{Style: widget.RichTextStyleInline, Text: text + " "})
			}
			if target != "" {
				link := &widget.HyperlinkSegment{Alignment: s.Alignment, Text: target}
				link.OnTapped = func() {
					if onLink != nil {
						onLink(target)
					}
				}
				out = append(out, link)
			}
		case *widget.ListSegment:
			l := &widget.ListSegment{Items: sanitizeSegments(s.Items, imageText, onLink), Ordered: s.Ordered}
			l.SetStartNumber(s.StartNumber())
			out = append(out, l)
		case *widget.ParagraphSegment:
			out = append(out, &widget.ParagraphSegment{Texts: sanitizeSegments(s.Texts, imageText, onLink)})
		default:
			out = append(out, seg)
		}
	}
	return out
}

// markdownPart is a run of Markdown text or one checklist item.
type markdownPart struct {
	text string         // Markdown, when item is nil
	item *tutorial.Item // checklist item
}

// splitMarkdown cuts body into Markdown runs separated by its checklist
// items (as found by tutorial.ChecklistItems, which skips code blocks).
func splitMarkdown(body string) []markdownPart {
	items := tutorial.ChecklistItems(body)
	lines := strings.Split(body, "\n")
	var parts []markdownPart
	var buf []string
	flush := func() {
		if txt := strings.Join(buf, "\n"); strings.TrimSpace(txt) != "" {
			parts = append(parts, markdownPart{text: txt})
		}
		buf = buf[:0]
	}
	next := 0
	for i, line := range lines {
		if next < len(items) && items[next].Line == i+1 {
			flush()
			it := items[next]
			parts = append(parts, markdownPart{item: &it})
			next++
			continue
		}
		buf = append(buf, line)
	}
	flush()
	return parts
}
