package components

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/components/markdown"
	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// RenderBody pretty-prints and highlights JSON in the theme's colours; other bodies show as
// text. Only the first DisplayLimit bytes are rendered: the caller says the rest was left.
func RenderBody(b []byte, th *styles.Theme) string {
	shown := b
	if len(shown) > DisplayLimit {
		shown = shown[:DisplayLimit]
	}
	var pretty bytes.Buffer
	out := string(shown)
	if json.Valid(shown) && json.Indent(&pretty, shown, "", "  ") == nil {
		out = pretty.String()
		if lipgloss.ColorProfile() != termenv.Ascii {
			out = markdown.HighlightJSON(out, th)
		}
	} else {
		out = untrusted.Text(strings.ToValidUTF8(out, "�"))
	}
	return out
}

// DisplayLimit is how much of a body is shown; the rest can be saved to a file.
const DisplayLimit = 1 << 20

// Skeleton is an example value for a JSON schema: "" for strings, 0, false, [] and nested objects.
func Skeleton(schema any, depth int) any {
	m, _ := schema.(map[string]any)
	if m == nil || depth > 6 {
		return nil
	}
	switch m["type"] {
	case "object", nil:
		props, _ := m["properties"].(map[string]any)
		obj := map[string]any{}
		names := make([]string, 0, len(props))
		for k := range props {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			obj[k] = Skeleton(props[k], depth+1)
		}
		return obj
	case "array":
		return []any{}
	case "integer", "number":
		return 0
	case "boolean":
		return false
	}
	return ""
}
