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
	tea "github.com/charmbracelet/bubbletea"
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

// chatPage is the chat of bkai-demo's AI resource on b, in English, at w×h.
func chatPage(b common.Backend, w, h int) *Screen {
	s := New(pagetest.Context(b, i18n.English), "bkai-demo", client.Resource{Name: "chat", Method: "POST", Path: "/v1/chat/completions", Kind: client.KindAI}, "prod")
	s.SetSize(w, h)
	return s
}

// chatRequestID is a gateway's request id at its full length: 32 hex digits.
const chatRequestID = "2fc3d8ad79312077c8e3aae012b956ff"

// The page sends the whole conversation each time, with the model when one is given and the
// stream switch; the answer joins the conversation; the summary shows after it, the gateway's
// time named as such (beside the status line's own, two durations had read as one).
func TestConversationIsSentWhole(t *testing.T) {
	b := &streamer{}
	s := chatPage(b, 80, 24)
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
	e.Update(summaryMsg{rid: chatRequestID, ok: false})
	if v := strings.Join(strings.Fields(ansi.Strip(e.View())), " "); !strings.Contains(v, "the log may be slower): ctrl+t looks again") {
		t.Fatalf("the note is cut before its key:\n%s", e.View())
	}
}

// proxied answers as a proxy in front of the gateway does: a 502 page, no request id, no answer.
type proxied struct{ streamer }

func (p *proxied) Chat(ctx context.Context, r client.CallRequest, onDelta func(string)) (*client.CallResponse, *client.ChatAnswer, client.Prepared, error) {
	return &client.CallResponse{Status: 502, Body: []byte("<html>502 Bad Gateway</html>")}, nil, client.Prepared{}, nil
}

// A message nothing answered goes back to the field, to send again as it was (the conversation
// kept it and only retyping sent it again), and an answer the gateway never saw is not called
// the model provider's refusal.
func TestUnansweredMessageComesBack(t *testing.T) {
	s := chatPage(&proxied{}, 100, 24)
	s.input.SetValue("a message typed with care")
	pagetest.Run(t, s, s.send())
	v := ansi.Strip(s.View())
	if s.input.Value() != "a message typed with care" || len(s.messages) != 0 || !strings.Contains(v, "a proxy in front of the gateway answered 502") ||
		strings.Contains(v, "provider refused") {
		t.Fatalf("input %q, messages %+v:\n%s", s.input.Value(), s.messages, v)
	}
}

// garbled answers a success whose body is no Chat Completions answer (a cut JSON body).
type garbled struct{ streamer }

func (g *garbled) Chat(ctx context.Context, r client.CallRequest, onDelta func(string)) (*client.CallResponse, *client.ChatAnswer, client.Prepared, error) {
	return &client.CallResponse{Status: 200, RequestID: chatRequestID, Body: []byte(`{"data": [1,2`)}, nil, client.Prepared{}, nil
}

// A success that holds no answer is said, its body quoted, and the message comes back to the
// field: it had shown "200 OK" and nothing under the message, as if the model said nothing.
func TestAnswerThatIsNoChatIsSaid(t *testing.T) {
	s := chatPage(&garbled{}, 100, 24)
	s.input.SetValue("hi")
	pagetest.Run(t, s, s.send())
	v := strings.Join(strings.Fields(ansi.Strip(s.View())), " ")
	if !strings.Contains(v, "not a Chat Completions answer") || !strings.Contains(v, `[1,2`) || s.input.Value() != "hi" || len(s.messages) != 0 {
		t.Fatalf("input %q, messages %+v:\n%s", s.input.Value(), s.messages, s.View())
	}
}

// A token summary that arrives after the conversation moved on (ctrl+x) is not shown under
// the next exchange, and the lookup is said while it runs.
func TestLateSummaryIsDropped(t *testing.T) {
	s := chatPage(&streamer{}, 80, 24)
	s.input.SetValue("first")
	pagetest.Run(t, s, s.send())
	cmd := s.lookUpSummary() // as ctrl+t does
	if v := ansi.Strip(s.View()); !strings.Contains(v, "looking up the gateway's token summary") || strings.Contains(v, "tokens:") {
		t.Fatalf("the lookup is not said:\n%s", v)
	}
	s.Update(tea.KeyMsg{Type: tea.KeyCtrlX})
	late := cmd().(common.Reply)
	s.Update(late.Msg)
	if v := ansi.Strip(s.View()); strings.Contains(v, "tokens:") || strings.Contains(v, "looking up") {
		t.Fatalf("a summary of a conversation left shows:\n%s", v)
	}
}
