package doc

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/bkconsole/bkconsole/tui/styles"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

func longDoc() string {
	var b strings.Builder
	for i := 0; i < 200; i++ {
		b.WriteString("## Section\n\nSome text with `code` and **bold** words, repeated to make a long document.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```json\n{\"a\": 1}\n```\n\n")
	}
	return b.String()
}

// BenchmarkRenderDoc lays out a long markdown doc once.
func BenchmarkRenderDoc(b *testing.B) {
	doc := longDoc()
	for i := 0; i < b.N; i++ {
		components.RenderMarkdown(doc, 100, styles.Default())()
	}
}

// BenchmarkDocViewCached is the doc screen's View once the rendering is cached for the width.
func BenchmarkDocViewCached(b *testing.B) {
	c := common.NewContext(nil, common.ProfileInfo{}, i18n.English)
	s := NewDocScreen(c, client.Gateway{Name: "g"}, client.Resource{Name: "r", Method: "GET", Path: "/"}, "prod")
	s.SetSize(100, 40)
	d := client.Doc{Content: longDoc()}
	s.doc = &d
	msg := components.RenderMarkdown(d.Content, s.vp.Width, c.Theme)().(components.RenderedMsg)
	s.Update(msg)
	s.render()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = s.View()
	}
}
