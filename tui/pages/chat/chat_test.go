package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// streamer answers a chat in pieces, as the backend does, and records what it was asked.
type streamer struct {
	common.Backend
	asked []client.ChatBody
}

func (s *streamer) Chat(ctx context.Context, r client.CallRequest, onDelta func(string)) (*client.CallResponse, *client.ChatAnswer, client.Prepared, error) {
	var b client.ChatBody
	_ = json.Unmarshal(r.Body, &b)
	s.asked = append(s.asked, b)
	for _, p := range []string{"piece ", "by ", "piece"} {
		onDelta(p)
	}
	return &client.CallResponse{Status: 200, RequestID: "rid-1"}, &client.ChatAnswer{Content: "piece by piece", Streamed: true, Done: true},
		client.Prepared{}, nil
}

func (s *streamer) LLMSummary(ctx context.Context, id string, wait time.Duration) (client.LLMSummary, bool, error) {
	return client.LLMSummary{Model: "m", PromptTokens: 3, CompletionTokens: 4, Duration: 12}, true, nil
}

// run delivers a command's messages to the page until it settles (the stream's channel gives
// one message per piece).
func run(s *Screen, cmd tea.Cmd) {
	for queue := []tea.Cmd{cmd}; len(queue) > 0; {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch m := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case common.Reply:
			if m.To != s.ID() {
				panic(fmt.Sprintf("a reply to %d reached page %d", m.To, s.ID()))
			}
			_, next := s.Update(m.Msg)
			queue = append(queue, next)
		default:
			_, next := s.Update(m)
			queue = append(queue, next)
		}
	}
}

// The page sends the whole conversation each time, with the model when one is given and the
// stream switch; the answer joins the conversation; the summary shows after it.
func TestConversationIsSentWhole(t *testing.T) {
	b := &streamer{}
	c := common.NewContext(b, common.ProfileInfo{Name: "t"}, i18n.English)
	s := New(c, "bkai-demo", client.Resource{Name: "chat", Method: "POST", Path: "/v1/chat/completions", Kind: client.KindAI}, "prod")
	s.SetSize(80, 24)
	s.input.SetValue("first")
	run(s, s.send())
	s.input.SetValue("second")
	s.model.SetValue("gpt-x")
	s.stream = false
	run(s, s.send())
	if len(b.asked) != 2 || len(b.asked[1].Messages) != 3 || b.asked[1].Messages[1].Role != "assistant" ||
		b.asked[1].Messages[1].Content != "piece by piece" || b.asked[1].Model != "gpt-x" || b.asked[1].Stream || !b.asked[0].Stream {
		t.Fatalf("asked: %+v", b.asked)
	}
	v := ansi.Strip(s.View())
	for _, want := range []string{"you", "first", "second", "assistant", "piece by piece", "tokens: 3 prompt · 4 completion · model m"} {
		if !strings.Contains(v, want) {
			t.Fatalf("view lacks %q:\n%s", want, v)
		}
	}
}
