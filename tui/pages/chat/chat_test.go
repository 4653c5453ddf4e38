package chat

import (
	"cmp"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	"github.com/charmbracelet/x/ansi"
)

// streamer answers a chat in pieces, as the backend does, and records what it was asked.
type streamer struct {
	common.Backend
	asked  []client.ChatBody
	status int // the answer's status; 0 is 200
}

func (s *streamer) Chat(ctx context.Context, r client.CallRequest, onDelta func(string)) (*client.CallResponse, *client.ChatAnswer, client.Prepared, error) {
	var b client.ChatBody
	_ = json.Unmarshal(r.Body, &b)
	s.asked = append(s.asked, b)
	for _, p := range []string{"piece ", "by ", "piece"} {
		onDelta(p)
	}
	return &client.CallResponse{Status: cmp.Or(s.status, 200), RequestID: chatRequestID}, &client.ChatAnswer{Content: "piece by piece", Streamed: true, Done: true},
		client.Prepared{}, nil
}

func (s *streamer) LLMSummary(ctx context.Context, id string, wait time.Duration) (client.LLMSummary, bool, error) {
	return client.LLMSummary{Model: "m", PromptTokens: 3, CompletionTokens: 4, Duration: 12}, true, nil
}

// chatRequestID is a gateway's request id at its full length: 32 hex digits.
const chatRequestID = "2fc3d8ad79312077c8e3aae012b956ff"

// The page sends the whole conversation each time, with the model when one is given and the
// stream switch; the answer joins the conversation; the summary shows after it, the gateway's
// time named as such (beside the status line's own, two durations had read as one).
func TestConversationIsSentWhole(t *testing.T) {
	b := &streamer{}
	c := pagetest.Context(b, i18n.English)
	s := New(c, "bkai-demo", client.Resource{Name: "chat", Method: "POST", Path: "/v1/chat/completions", Kind: client.KindAI}, "prod")
	s.SetSize(80, 24)
	s.input.SetValue("first")
	pagetest.Run(t, s, s.send())
	s.input.SetValue("second")
	s.model.SetValue("gpt-x")
	s.stream = false
	pagetest.Run(t, s, s.send())
	if len(b.asked) != 2 || len(b.asked[1].Messages) != 3 || b.asked[1].Messages[1].Role != "assistant" ||
		b.asked[1].Messages[1].Content != "piece by piece" || b.asked[1].Model != "gpt-x" || b.asked[1].Stream || !b.asked[0].Stream {
		t.Fatalf("asked: %+v", b.asked)
	}
	v := ansi.Strip(s.View())
	for _, want := range []string{"you", "first", "second", "assistant", "piece by piece", "tokens: 3 prompt · 4 completion · model m · 12 ms at the gateway"} {
		if !strings.Contains(v, want) {
			t.Fatalf("view lacks %q:\n%s", want, v)
		}
	}
}

// At 60 columns, in Chinese, no line of the page is wider than the page (the title had run off
// the edge, to be cut by the frame without a sign).
func TestChatFitsNarrow(t *testing.T) {
	t.Parallel()
	// A 502's status line has no room for the whole request id at 60 columns.
	c := pagetest.Context(&streamer{status: 502}, i18n.Chinese)
	s := New(c, "bkai-demo", client.Resource{Name: "chat_completions", Method: "POST", Path: "/v1/chat/completions", Kind: client.KindAI}, "prod")
	s.SetSize(60, 11)
	check := func() {
		for _, l := range strings.Split(s.View(), "\n") {
			if w := ansi.StringWidth(l); w > 60 {
				t.Errorf("a line of %d cells: %q", w, ansi.Strip(l))
			}
		}
	}
	check()
	s.input.SetValue("你好")
	pagetest.Run(t, s, s.send())
	check()
	if v := ansi.Strip(s.View()); !strings.Contains(v, chatRequestID) { // copied to ask about it: never cut
		t.Fatalf("the request id is not whole:\n%s", v)
	}
	// In English "request id" is longer: the line has no room for the id, which takes its own.
	e := New(pagetest.Context(&streamer{status: 502}, i18n.English), "bkai-demo", client.Resource{Name: "chat_completions", Method: "POST", Path: "/v1/chat/completions", Kind: client.KindAI}, "prod")
	e.SetSize(60, 11)
	e.input.SetValue("hello")
	pagetest.Run(t, e, e.send())
	if v := ansi.Strip(e.View()); !strings.Contains(v, "request id "+chatRequestID) {
		t.Fatalf("the request id is not whole:\n%s", v)
	}
	// No token summary in time: the note is wrapped, the key it names at its end kept.
	e.SetSize(60, 16)
	e.Update(summaryMsg{ok: false})
	if v := strings.Join(strings.Fields(ansi.Strip(e.View())), " "); !strings.Contains(v, "press t on the request console's Gateway log tab later") {
		t.Fatalf("the note is cut before its key:\n%s", e.View())
	}
}
