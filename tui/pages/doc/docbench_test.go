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

// On a narrow screen the doc's flags give way, not its stage and language (S and l change
// them): they keep a line of their own, and the page still fits its height.
func TestDocHeaderKeepsStageAndLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c := common.NewContext(nil, common.ProfileInfo{}, lang)
		s := NewDocScreen(c, client.Gateway{Name: "bkai-demo"}, client.Resource{Name: "chat_completions", Method: "POST",
			Path: "/v1/chat/completions", VerifiedAppRequired: true, ResourcePermRequired: true,
			Kind: client.KindAI, OAuth2PersonalClientEnabled: true}, "prod")
		s.SetSize(60, 11)
		d := client.Doc{Content: longDoc()}
		s.doc = &d
		s.Update(components.RenderMarkdown(d.Content, s.vp.Width, c.Theme)().(components.RenderedMsg))
		v := s.View()
		if !strings.Contains(v, c.Label("field.stage")+"prod") || !strings.Contains(v, "中文") || !strings.Contains(v, "English") {
			t.Errorf("%s: the stage or the doc's languages are cut at 60 columns:\n%s", lang, v)
		}
		if n := strings.Count(v, "\n") + 1; n > 11 {
			t.Errorf("%s: %d lines on a page of 11:\n%s", lang, n, v)
		}
	}
}

// A doc that arrives for a stage the page has left is dropped: S pressed twice quickly, the
// first answer coming last, had shown the other stage's doc under the stage shown and kept it
// in the cache under that stage.
func TestDocOfAStageLeftIsDropped(t *testing.T) {
	t.Parallel()
	c := common.NewContext(nil, common.ProfileInfo{}, i18n.English)
	s := NewDocScreen(c, client.Gateway{Name: "g"}, client.Resource{Name: "r", Method: "GET", Path: "/"}, "prod", "prod", "test")
	s.SetSize(80, 20)
	testKey := s.cacheKey()
	testKey.Stage = "test"
	s.Update(docLoadedMsg{key: testKey, doc: client.Doc{Content: "the test stage's doc"}})
	if s.doc != nil {
		t.Errorf("the test stage's doc shown at prod: %q", s.doc.Content)
	}
	if _, ok := c.Cache.Docs.Get(s.cacheKey()); ok {
		t.Error("the test stage's doc kept as prod's")
	}
}
