package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/sandbox"
	tea "github.com/charmbracelet/bubbletea"
)

// An AI resource's console is a chat, against the sandbox's AI gateway: the gateway and the API
// are marked AI; a message is answered as a stream, drawn piece by piece while it arrives; the
// gateway's token summary follows; the next message carries the whole conversation; with
// streaming off the answer comes whole; ctrl+e opens the request editor with the conversation.
func TestChatWithAnAIResource(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	mustContain(t, h.view(), "bkai-demo", "AI")
	h.keys("/", "bkai-demo", "enter")
	mustContain(t, h.view(), "chat_completions", "AI")
	h.keys("enter")
	mustContain(t, h.view(), "AI resource (OpenAI Chat Completions)")
	h.keys("c")
	mustContain(t, h.view(), "Chat with bkai-demo/chat_completions", "stream: on", "the gateway's")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "type a message first")
	typeText(h, "what is a gateway?")
	// The answer streams: the harness delivers the stream's messages one by one; some view
	// along the way shows part of the answer and the cursor that marks it unfinished.
	var sawPartial bool
	h.onEachMsg = func() {
		v := h.view()
		if strings.Contains(v, "▍") && strings.Contains(v, "Hello") && !strings.Contains(v, "You said: what is a gateway?") {
			sawPartial = true
		}
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.onEachMsg = nil
	mustContain(t, h.view(), "you", "what is a gateway?", "assistant", "Hello from the sandbox's AI gateway. You said: what is a gateway?",
		"200 OK", "tokens: ", "model "+sandbox.ChatModel)
	if !sawPartial {
		t.Fatal("the answer was never shown while it streamed")
	}
	// Streaming off, a model asked for: the whole conversation goes, the answer comes whole.
	h.send(tea.KeyMsg{Type: tea.KeyCtrlO})
	h.keys("tab")
	typeText(h, "gpt-x")
	h.keys("tab")
	typeText(h, "and again?")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "stream: off", "You said: and again?", "(asked for gpt-x)")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlE})
	mustContain(t, h.view(), "Call chat_completions", `"messages"`, "what is a gateway?")
	// Left and opened again, the chat is as it was: the conversation, the message being typed,
	// the model and streaming (leaving had dropped them all).
	h.keys("esc")
	typeText(h, "not sent yet")
	h.keys("esc", "c")
	mustContain(t, h.view(), "what is a gateway?", "You said: and again?", "not sent yet", "gpt-x", "stream: off")
}

// Opened from the palette, an AI resource is still one: its doc says so and c opens its chat.
func TestChatFromThePalette(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	h.keys(":", "chat_comp", "enter")
	mustContain(t, h.view(), "AI resource (OpenAI Chat Completions)")
	h.keys("c")
	mustContain(t, h.view(), "Chat with bkai-demo/chat_completions")
}

// AI gateways are found by their marker: typing AI in the gateway list's filter.
func TestAIGatewaysAreFilterable(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.run(h.m.Init())
	h.keys("/", "AI")
	v := h.view()
	i, j := strings.Index(v, "bkai-demo"), strings.Index(v, "bk-cmdb")
	if i < 0 || j >= 0 && j < i {
		t.Fatalf("AI does not bring the AI gateway first:\n%s", v)
	}
}

// A message of more than 99 lines is typed whole: bubbles' text area refused a 100th line, so
// the rest of a long prompt ran into its 99th line.
func TestChatTakesALongMessage(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	mh := &memHistory{}
	h.m.ctx.History = mh
	openChat(h)
	for i := range 102 {
		if i > 0 {
			h.send(tea.KeyMsg{Type: tea.KeyEnter})
		}
		typeText(h, fmt.Sprintf("line %d", i))
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "line 101", "200 OK")
	if len(mh.es) != 1 || !strings.Contains(mh.es[0].Body, `line 98\nline 99\nline 100`) {
		t.Fatalf("the message was not sent line by line: %+v", mh.es)
	}
}

// ctrl+s from the model field with no message said "type a message first" and left the cursor
// in the model field, where the message typed next went.
func TestChatAsksForTheMessageWhereItIsTyped(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	openChat(h)
	h.keys("tab") // the model
	mustContain(t, h.view(), "▸ Model")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "type a message first", "▸ Message")
}

// A token summary that was not there said "press t on the request console's Gateway log tab
// later", and the console opened from the chat has no request of its own to trace: the chat
// looks again itself (ctrl+t, as bound), and a lookup that failed says why (it was said as
// "did not show up in time").
func TestChatLooksForTheTokenSummaryAgain(t *testing.T) {
	t.Parallel()
	h, sb := realHarness(t)
	openChat(h)
	typeText(h, "hello")
	h.onEachMsg = func() {
		if strings.Contains(h.view(), "You said: hello") {
			sb.SetFaults(sandbox.Faults{ErrorRate: 1}) // the log breaks before it is read
		}
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.onEachMsg = nil
	sb.SetFaults(sandbox.Faults{})
	mustContain(t, h.view(), "token summary could not be read", "the service is unavailable", "ctrl+t looks again", "ctrl+t look up")
	if strings.Contains(h.view(), "tokens: ") || strings.Contains(h.view(), "Gateway log tab") {
		t.Fatalf("the view:\n%s", h.view())
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlT})
	mustContain(t, h.view(), "tokens: ", "model "+sandbox.ChatModel)
	if strings.Contains(h.view(), "could not be read") || strings.Contains(h.view(), "ctrl+t") {
		t.Fatalf("the failure outlived the summary:\n%s", h.view())
	}
	// Rebound, the key and the words follow; the old key no longer looks.
	h.rebind(map[string][]string{"summary_again": {"alt+t"}})
	h.onEachMsg = func() {
		if strings.Contains(h.view(), "You said: again") {
			sb.SetFaults(sandbox.Faults{ErrorRate: 1})
		}
	}
	typeText(h, "again")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	h.onEachMsg = nil
	sb.SetFaults(sandbox.Faults{})
	mustContain(t, h.view(), "could not be read", "alt+t looks again")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlT})
	mustContain(t, h.view(), "could not be read")
	h.keys("alt+t")
	mustContain(t, h.view(), "tokens: ")
}

// At the smallest size (60×15) the message field took three lines and left the conversation
// one: the answer showed as its last line only. The field takes one line on a short terminal.
func TestChatLeavesRoomOnAShortTerminal(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	openChat(h)
	h.resize(60, 15)
	typeText(h, "hi")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	mustContain(t, h.view(), "assistant", "You said: hi")
}

// openChat starts the program and walks to the chat of bkai-demo's AI resource.
func openChat(h *harness) {
	h.t.Helper()
	h.run(h.m.Init())
	h.keys("/", "bkai-demo", "enter", "enter", "c")
	mustContain(h.t, h.view(), "Chat with bkai-demo/chat_completions")
}
