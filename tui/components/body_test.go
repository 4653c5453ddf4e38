package components

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/tui/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// BenchmarkRenderBody pretty-prints and colours a 1 MB JSON answer (the display limit).
func BenchmarkRenderBody(b *testing.B) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	var sb strings.Builder
	sb.WriteString(`{"result": true, "data": [`)
	for i := 0; sb.Len() < DisplayLimit-200; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"id": %d, "name": "api_%05d", "enabled": true, "ratio": 0.%d, "tags": ["a", "b"], "note": null}`, i, i, i)
	}
	sb.WriteString("]}")
	body, th := []byte(sb.String()), styles.Default()
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		RenderBody(body, th)
	}
}
