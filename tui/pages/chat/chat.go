// Package chat is the request console of an AI resource (gateway 1.24): a conversation in
// OpenAI Chat Completions messages, the next message typed below it, a model to ask for (or the
// gateway's own), streaming on or off. The answer is shown as it arrives; afterwards, the
// gateway's token summary, looked up by the call's request id.
package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// SummaryWait bounds the wait for the gateway's log of a call (it is indexed after the call).
const SummaryWait = 10 * time.Second

// state is where the page is: typing the next message, or waiting for an answer.
type state int

const (
	typing state = iota
	answering
)

// Screen is one AI resource's chat.
type Screen struct {
	common.Base
	gw, stage string
	res       client.Resource
	messages  []client.ChatMessage
	input     textarea.Model
	model     textinput.Model
	onModel   bool // the model field has focus, not the message
	stream    bool
	state     state
	cancel    context.CancelFunc
	// The last exchange: the answer so far, and what came back when it ended.
	partial string
	resp    *client.CallResponse
	err     error
	summary *client.LLMSummary
	// noSummary: the log had no summary in time, or could not be read (summaryErr says why);
	// the Again key looks once more.
	noSummary  bool
	summaryErr error
	looking    bool // the summary is being looked up
	offset     int  // lines scrolled up from the bottom of the conversation
	keys       keys
}

type keys struct{ Send, Stream, Field, New, Console, Again, Cancel, Up, Down key.Binding }

func newKeys(c *common.Context) keys {
	l := c.Keys
	return keys{
		Send:    l.Bind("ctrl+s", "key.send", "ctrl+s"),
		Stream:  l.Bind("ctrl+o", "key.toggle_stream", "ctrl+o"),
		Field:   l.Bind("tab", "key.next_field", "tab", "shift+tab"),
		New:     l.Bind("ctrl+x", "key.new_chat", "ctrl+x"),
		Console: l.Bind("ctrl+e", "key.raw_console", "ctrl+e"),
		Again:   l.Bind("ctrl+t", "key.summary_again", "ctrl+t"),
		Cancel:  l.Bind("esc", "key.cancel_request", "esc"),
		Up:      c.Form.ArrowPageUp,
		Down:    c.Form.ArrowPageDown,
	}
}

// deltaMsg is a piece of the answer; doneMsg the end of the call. Both come through the
// stream's channel, one at a time, so the page draws each piece as it arrives.
type deltaMsg struct {
	text   string
	stream <-chan tea.Msg
}

func (d deltaMsg) ReadOn(ch <-chan tea.Msg) tea.Msg { d.stream = ch; return d }

type doneMsg struct {
	req  client.CallRequest
	resp *client.CallResponse
	chat *client.ChatAnswer
	err  error
}

// summaryMsg is the token summary of the request rid: one that comes after the conversation
// moved on (a new message, ctrl+x) is dropped.
type summaryMsg struct {
	rid string
	s   client.LLMSummary
	ok  bool
	err error
}

// New opens the chat of an AI resource.
func New(c *common.Context, gw string, res client.Resource, stage string) *Screen {
	s := &Screen{Base: common.NewBase(c), gw: gw, res: res, stage: stage, stream: true}
	s.input = components.NewTextArea(c)
	s.input.ShowLineNumbers = false
	s.input.SetHeight(3)
	s.input.CharLimit = 0
	s.model = components.NewTextInput(c)
	s.model.Prompt = ""
	s.build()
	s.restore()
	s.input.Focus()
	return s
}

func (s *Screen) build() {
	s.keys = newKeys(s.Ctx)
	s.input.Placeholder = s.Ctx.Theme.Placeholder(s.Ctx.T("chat.message_ph", s.keys.Send.Help().Key))
	s.model.Placeholder = s.Ctx.Theme.Placeholder(s.Ctx.T("chat.model_ph"))
}

func (s *Screen) Init() tea.Cmd { return textarea.Blink }

// shortPage is a page height under which the message field takes one line, not three: at the
// smallest terminal (60×15) three left the conversation one line, the answer's last.
const shortPage = 20

func (s *Screen) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.input.SetWidth(max(20, w-2))
	s.input.SetHeight(3)
	if h < shortPage {
		s.input.SetHeight(1)
	}
	s.model.Width = max(10, w-16)
}

func (s *Screen) Crumb() string   { return s.Ctx.T("chat.crumb", s.res.Name) }
func (s *Screen) Capturing() bool { return true } // the message field takes letters
// Sending while an answer is being written (common.Sender).
func (s *Screen) Sending() bool { return s.state == answering }

func (s *Screen) HasDraft() bool {
	return strings.TrimSpace(s.input.Value()) != "" || len(s.messages) > 0
}

// Escape stops an answer being written; otherwise esc is "back".
func (s *Screen) Escape() bool {
	if s.state == answering && s.cancel != nil {
		s.cancel()
		return true
	}
	return false
}

func (s *Screen) ShortHelp() []key.Binding {
	if s.state == answering {
		return []key.Binding{s.keys.Cancel}
	}
	keys := []key.Binding{s.keys.Send, s.keys.Stream, s.keys.Field, s.keys.New, s.keys.Console, s.Ctx.Global.Back}
	if s.canLookAgain() { // offered where it is said, before the keys a narrow footer drops
		keys = append([]key.Binding{keys[0], s.keys.Again}, keys[1:]...)
	}
	return keys
}

// FullHelp is the short help and the scrolling keys: esc is "cancel" only while an answer is
// being written (the short help then), and "back" otherwise, never both at once.
func (s *Screen) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.ShortHelp(), {s.keys.Up, s.keys.Down}}
}

// body is the Chat Completions request of the conversation with the next message.
func (s *Screen) body(next string) client.ChatBody {
	msgs := append(append([]client.ChatMessage{}, s.messages...), client.ChatMessage{Role: "user", Content: next})
	return client.ChatBody{Messages: msgs, Stream: s.stream, Model: strings.TrimSpace(s.model.Value())}
}

// request is the call of the conversation with the next message.
func (s *Screen) request(next string) client.CallRequest {
	b, _ := json.Marshal(s.body(next))
	return client.CallRequest{Gateway: s.gw, Stage: s.stage, Method: http.MethodPost, Path: s.res.Path, AI: true,
		WithUser: s.res.VerifiedUserRequired, Body: b}
}

// send asks once; the answer's pieces come back through a channel the page reads one message
// at a time (I/O stays in commands). Leaving the page cancels the call.
func (s *Screen) send() tea.Cmd {
	next := strings.TrimSpace(s.input.Value())
	if next == "" {
		s.err = &client.ErrUserInput{Key: "chat.empty"}
		if s.onModel { // where the message is typed: the keys typed next go there
			s.onModel = false
			s.model.Blur()
			return s.input.Focus()
		}
		return nil
	}
	r := s.request(next)
	s.messages = append(s.messages, client.ChatMessage{Role: "user", Content: next})
	s.input.Reset()
	s.state, s.partial, s.resp, s.err, s.summary, s.noSummary, s.looking, s.offset = answering, "", nil, nil, nil, false, false, 0
	ctx, cancel := context.WithCancel(s.ReqCtx)
	s.cancel = cancel
	b, page := backendOf(s.Ctx), s.ReqCtx
	ch := make(chan tea.Msg, 16)
	go func() {
		defer cancel()
		defer close(ch)
		resp, chat, _, err := b.Chat(ctx, r, func(d string) {
			select {
			case ch <- deltaMsg{text: d}:
			case <-ctx.Done():
			}
		})
		select {
		case ch <- doneMsg{r, resp, chat, err}:
		case <-page.Done():
		}
	}()
	return tea.Batch(s.Ctx.Clock.Spin(s.Spinner), s.Own(common.Next(ch)))
}

func (s *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.LangChangedMsg:
		s.build()
	case deltaMsg:
		s.partial += msg.text
		return s, s.Own(common.Next(msg.stream))
	case doneMsg:
		return s, s.done(msg)
	case summaryMsg:
		if s.resp == nil || s.resp.RequestID != msg.rid {
			break
		}
		s.looking = false
		if msg.ok {
			sum := msg.s
			s.summary = &sum
		} else {
			s.noSummary, s.summaryErr = true, msg.err
		}
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, s.Spin(msg, s.state == answering)
}

// done ends an exchange: the answer joins the conversation (what arrived of it, when it broke
// off), the call goes to the history, and the token summary is looked up.
func (s *Screen) done(msg doneMsg) tea.Cmd {
	s.state, s.cancel, s.resp, s.err = typing, nil, msg.resp, msg.err
	answer := s.partial
	if msg.chat != nil {
		answer = msg.chat.Content
	}
	if msg.chat != nil || answer != "" {
		s.messages = append(s.messages, client.ChatMessage{Role: "assistant", Content: answer})
	}
	s.partial = ""
	cmds := []tea.Cmd{s.input.Focus()}
	if msg.resp != nil {
		cmds = append(cmds, common.Keep(s.Ctx, history.FromCall(msg.req, s.res.Name, s.stage, msg.resp, time.Now())))
	}
	if s.err == nil {
		s.err = refusal(msg)
	}
	if answer == "" && s.err != nil && len(s.messages) > 0 && s.messages[len(s.messages)-1].Role == "user" && s.input.Value() == "" {
		// Nothing came back: the message goes back to the field, to send again or to edit
		// (the conversation had kept it, and only retyping sent it again).
		s.input.SetValue(s.messages[len(s.messages)-1].Content)
		s.messages = s.messages[:len(s.messages)-1]
	}
	if msg.resp != nil && msg.resp.RequestID != "" && msg.resp.Status < 400 {
		cmds = append(cmds, s.lookUpSummary())
	}
	return tea.Batch(cmds...)
}

// lookUpSummary asks the gateway's log for the token summary of the last answer's request.
func (s *Screen) lookUpSummary() tea.Cmd {
	s.summary, s.noSummary, s.summaryErr, s.looking = nil, false, nil, true
	b, rid, page := backendOf(s.Ctx), s.resp.RequestID, s.ReqCtx
	return s.Own(func() tea.Msg {
		ctx, cancel := context.WithTimeout(page, SummaryWait+5*time.Second)
		defer cancel()
		sum, ok, err := b.LLMSummary(ctx, rid, SummaryWait)
		return summaryMsg{rid, sum, ok, err}
	})
}

// canLookAgain: the last answer's token summary was not found, and there is a request to ask for.
func (s *Screen) canLookAgain() bool {
	return s.noSummary && s.state != answering && s.resp != nil && s.resp.RequestID != ""
}

// refusal is what a whole answer that is not the model's says: the gateway's refusal, the
// provider's (passed through unwrapped: its body says why), or a proxy's in front of the gateway
// (no request id: the gateway never saw the request).
func refusal(msg doneMsg) error {
	switch r := msg.resp; {
	case r == nil || msg.err != nil || msg.chat != nil:
		return nil
	case r.Gateway != nil:
		return r.Gateway
	case r.Status >= 400 && r.RequestID == "":
		return &client.ErrUserInput{Key: "chat.not_gateway", Args: []any{r.Status, untrusted.Line(strings.TrimSpace(string(r.Body)))}}
	case r.Status >= 400:
		return &client.ErrUserInput{Key: "chat.refused", Args: []any{r.Status, untrusted.Line(strings.TrimSpace(string(r.Body)))}}
	}
	return client.NotChat(msg.resp) // a success whose body is no answer: said, never an empty one
}

func (s *Screen) key(msg tea.KeyMsg) tea.Cmd {
	if s.state == answering {
		return nil // esc (Escape) stops it; the rest waits
	}
	switch {
	case key.Matches(msg, s.keys.Send):
		return s.send()
	case key.Matches(msg, s.keys.Stream):
		s.stream = !s.stream
		return nil
	case key.Matches(msg, s.keys.Field):
		s.onModel = !s.onModel
		if s.onModel {
			s.input.Blur()
			return s.model.Focus()
		}
		s.model.Blur()
		return s.input.Focus()
	case key.Matches(msg, s.keys.New):
		s.messages, s.resp, s.err, s.summary, s.noSummary, s.looking, s.offset = nil, nil, nil, nil, false, false, 0
		return nil
	case key.Matches(msg, s.keys.Again) && s.canLookAgain():
		return s.lookUpSummary()
	case key.Matches(msg, s.keys.Console):
		return common.OpenPage(common.ConsolePage{Gateway: s.gw, Resource: s.res, Stage: s.stage, Raw: true,
			Body: s.request(strings.TrimSpace(s.input.Value())).Body})
	case key.Matches(msg, s.keys.Up):
		s.offset += max(1, s.Height/2)
		return nil
	case key.Matches(msg, s.keys.Down):
		s.offset = max(0, s.offset-max(1, s.Height/2))
		return nil
	case key.Matches(msg, s.Ctx.Global.Back):
		return common.Pop
	}
	var cmd tea.Cmd
	if s.onModel {
		s.model, cmd = s.model.Update(msg)
	} else {
		s.input, cmd = s.input.Update(msg)
		s.err = nil
	}
	return cmd
}

// conversation is the messages so far, each under its role, wrapped to the width.
func (s *Screen) conversation(width int) []string {
	t, c := s.Ctx.Theme, s.Ctx
	var lines []string
	add := func(role, text string) {
		label := t.Subtle.Render(c.T("chat.role." + role))
		if role == "assistant" {
			label = t.OK.Render(c.T("chat.role.assistant"))
		}
		lines = append(lines, label)
		for _, l := range strings.Split(common.Wrap(text, max(10, width-2)), "\n") {
			lines = append(lines, "  "+l)
		}
	}
	for _, m := range s.messages {
		add(m.Role, m.Content)
	}
	if s.state == answering {
		add("assistant", s.partial+"▍")
	}
	return lines
}

func (s *Screen) View() string {
	c, t := s.Ctx, s.Ctx.Theme
	var head strings.Builder
	title := t.Title.Render(c.T("chat.title", s.gw, s.res.Name)) + "  " + t.Subtle.Render(s.stage+" · POST "+s.res.Path)
	head.WriteString(ansi.Truncate(title, max(1, s.Width), "…") + "\n")
	stream := c.T("chat.stream_off")
	if s.stream {
		stream = c.T("chat.stream_on")
	}
	model := strings.TrimSpace(s.model.Value())
	if model == "" {
		model = c.T("chat.model_gateway")
	}
	head.WriteString(t.Subtle.Render(ansi.Truncate(c.T("chat.settings", model, stream), s.Width, "…")) + "\n")

	var foot strings.Builder
	if s.state == answering {
		foot.WriteString(s.Spinner.View() + " " + c.T("chat.answering") + "\n")
	}
	if s.resp != nil {
		status := fmt.Sprintf("%d %s · %s", s.resp.Status, http.StatusText(s.resp.Status), s.resp.Took())
		if id := untrusted.Line(s.resp.RequestID); id != "" { // whole, on its own line if need be: it is copied
			status = common.Beside(status, " · ", c.T("cli.request_id", id), s.Width)
		}
		foot.WriteString(t.Subtle.Render(status) + "\n")
	}
	switch {
	case s.summary != nil:
		foot.WriteString(t.OK.Render(ansi.Truncate(s.summary.Text(c.Lang), s.Width, "…")) + "\n")
	case s.looking:
		foot.WriteString(t.Subtle.Render(ansi.Truncate(c.T("chat.looking_summary"), s.Width, "…")) + "\n")
	case s.noSummary && s.summaryErr != nil:
		// Wrapped: the key it names is at its end.
		foot.WriteString(t.Subtle.Render(common.Wrap(c.T("chat.summary_unread_tui", common.ErrorLine(c, s.summaryErr), s.keys.Again.Help().Key), s.Width)) + "\n")
	case s.noSummary:
		foot.WriteString(t.Subtle.Render(common.Wrap(c.T("chat.no_summary_tui", s.keys.Again.Help().Key), s.Width)) + "\n")
	}
	if s.err != nil {
		foot.WriteString(common.ErrorView(c, s.err) + "\n")
	}
	modelMark, inputMark := "  ", t.Prompt.Render("▸ ")
	if s.onModel {
		modelMark, inputMark = inputMark, modelMark
	}
	foot.WriteString(modelMark + common.FitLabel(c.T("chat.model"), 12) + " " + s.model.View() + "\n")
	foot.WriteString(inputMark + c.T("chat.message") + "\n" + s.input.View())

	headS, footS := head.String(), foot.String()
	// head, a blank line, the conversation, a blank line, the foot: exactly the height.
	room := max(1, s.Height-strings.Count(headS, "\n")-strings.Count(footS, "\n")-3)
	lines := s.conversation(s.Width)
	if len(lines) == 0 {
		lines = []string{t.Subtle.Render(c.T("chat.empty_conversation"))}
	}
	end := max(0, len(lines)-min(s.offset, max(0, len(lines)-room)))
	start := max(0, end-room)
	shown := lines[start:end]
	// The conversation fills the room above the message field, which stays at the bottom.
	pad := strings.Repeat("\n", max(0, room-len(shown)))
	return headS + "\n" + strings.Join(shown, "\n") + pad + "\n\n" + footS
}
