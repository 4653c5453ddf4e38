package client

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
)

// AI resources (gateway 1.24, spec section B) speak OpenAI Chat Completions: POST a body of
// messages, get one JSON answer, or with stream: true server-sent events ("data: " lines up to
// "data: [DONE]").

// ChatMessage is one message of a conversation.
type ChatMessage struct {
	Role    string `json:"role"` // system, user, assistant
	Content string `json:"content"`
}

// ChatBody is a Chat Completions request body. Model is left out when empty: the gateway may
// fix the model itself.
type ChatBody struct {
	Messages []ChatMessage `json:"messages"`
	Stream   bool          `json:"stream"`
	Model    string        `json:"model,omitempty"`
}

// ChatUsage is the token counts an answer reports.
type ChatUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// ChatAnswer is the assistant's message, whole: read from a JSON answer or put together from a
// stream.
type ChatAnswer struct {
	Content      string     `json:"content"`
	Model        string     `json:"model,omitempty"`
	FinishReason string     `json:"finish_reason,omitempty"`
	Usage        *ChatUsage `json:"usage,omitempty"`
	Streamed     bool       `json:"streamed"`
	// Done: a stream ended with [DONE] (or a finish reason); false means it broke off.
	Done bool `json:"done"`
}

type chatChoice struct {
	Message *struct {
		Content string `json:"content"`
	} `json:"message"`
	Delta *struct {
		Content string `json:"content"`
	} `json:"delta"`
	FinishReason *string `json:"finish_reason"`
}

type chatChunk struct {
	Model   string       `json:"model"`
	Choices []chatChoice `json:"choices"`
	Usage   *ChatUsage   `json:"usage"`
}

// ErrNotChat means an answer is not a Chat Completions answer (a provider's error passes
// through unwrapped: show the body as it is).
var ErrNotChat = errors.New("not a Chat Completions answer")

// NotChatError is a success answer of an AI resource that holds no Chat Completions answer (a
// cut or foreign body): said, the body quoted, rather than shown as an empty answer.
type NotChatError struct {
	Status    int
	Body      string
	RequestID string
}

// Hint: what it means; the body says the rest.
func (e *NotChatError) Hint() Hint { return Hint{Meaning: "chat.not_chat"} }

func (e *NotChatError) Error() string {
	return withRequestID(fmt.Sprintf("HTTP %d: %q", e.Status, e.Body), e.RequestID)
}

// NotChat is the NotChatError of a success (2xx) read as no chat answer, nil for any other.
func NotChat(r *CallResponse) error {
	if r == nil || r.Status < 200 || r.Status >= 300 {
		return nil // a redirect, a refusal: said as a call's are
	}
	body := strings.TrimSpace(string(r.Body))
	if len(body) > 200 {
		body = body[:200] + "…"
	}
	return &NotChatError{Status: r.Status, Body: body, RequestID: r.RequestID}
}

// ParseChatAnswer reads a JSON (not streamed) Chat Completions answer.
func ParseChatAnswer(body []byte) (ChatAnswer, error) {
	var c chatChunk
	if err := json.Unmarshal(bytes.TrimSpace(body), &c); err != nil || len(c.Choices) == 0 || c.Choices[0].Message == nil {
		return ChatAnswer{}, ErrNotChat
	}
	a := ChatAnswer{Content: c.Choices[0].Message.Content, Model: c.Model, Usage: c.Usage, Done: true}
	if f := c.Choices[0].FinishReason; f != nil {
		a.FinishReason = *f
	}
	return a, nil
}

// maxSSELine bounds one event line: a server that never ends a line cannot grow memory.
const maxSSELine = 1 << 20

// ReadChatStream reads server-sent Chat Completions chunks as they arrive, calling onDelta with
// each piece of the answer, until [DONE], the end of the body, or limit bytes of answer. Lines
// that are not data (comments, event names, keep-alives) are skipped; a data line that is not a
// chunk is an error.
func ReadChatStream(r io.Reader, limit int, onDelta func(string)) (ChatAnswer, error) {
	a := ChatAnswer{Streamed: true}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxSSELine)
	var content strings.Builder
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		data, ok := strings.CutPrefix(line, "data:")
		if !ok {
			continue
		}
		data = strings.TrimSpace(data)
		if data == "[DONE]" {
			a.Done = true
			break
		}
		var c chatChunk
		if err := json.Unmarshal([]byte(data), &c); err != nil {
			a.Content = content.String()
			return a, fmt.Errorf("%w: an event is not JSON: %v", ErrNotChat, err)
		}
		if c.Model != "" {
			a.Model = c.Model
		}
		if c.Usage != nil {
			a.Usage = c.Usage
		}
		for _, ch := range c.Choices {
			if ch.Delta != nil && ch.Delta.Content != "" {
				if content.Len()+len(ch.Delta.Content) > limit {
					a.Content = content.String()
					return a, &BodyTooLargeError{Status: http.StatusOK, Limit: int64(limit)}
				}
				content.WriteString(ch.Delta.Content)
				if onDelta != nil {
					onDelta(ch.Delta.Content)
				}
			}
			if ch.FinishReason != nil && *ch.FinishReason != "" {
				a.FinishReason = *ch.FinishReason
			}
		}
	}
	a.Content = content.String()
	if err := sc.Err(); err != nil {
		return a, err
	}
	if !a.Done && a.FinishReason != "" {
		a.Done = true // some providers end without [DONE]
	}
	return a, nil
}

// LLMSummary is the gateway's log summary of an AI call: token counts and times (ms), never the
// prompt or the answer.
type LLMSummary struct {
	RequestModel         string `json:"request_model"`
	Model                string `json:"model"`
	PromptTokens         int    `json:"prompt_tokens"`
	CompletionTokens     int    `json:"completion_tokens"`
	UpstreamResponseTime int64  `json:"upstream_response_time"`
	Duration             int64  `json:"duration"`
}

// LLM reads the entry's llm_summary when it is the token summary of an AI call.
func (e LogEntry) LLM() (LLMSummary, bool) {
	var s LLMSummary
	b := bytes.TrimSpace(e.LLMSummary)
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &s) != nil {
		return LLMSummary{}, false
	}
	if s.Model == "" && s.PromptTokens == 0 && s.CompletionTokens == 0 && s.Duration == 0 {
		return LLMSummary{}, false
	}
	return s, true
}

// Text is the summary in one line in lang: tokens, the model (and the one asked for, when the
// gateway answered with another), the time the gateway logged (beside the status line's own
// timing, it is named: two numbers in a row had read as one). Server text is cleaned.
func (s LLMSummary) Text(lang i18n.Lang) string {
	model := untrusted.Line(s.Model)
	if s.RequestModel != "" && s.RequestModel != s.Model {
		model += i18n.Aside(lang, i18n.T(lang, "chat.asked_for", untrusted.Line(s.RequestModel)))
	}
	return i18n.T(lang, "chat.summary", s.PromptTokens, s.CompletionTokens, model, strconv.FormatInt(s.Duration, 10)+" ms") // as the gateway's log counts it (trace shows the same)
}

// IsEventStream tells whether a Content-Type is server-sent events.
func IsEventStream(contentType string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "text/event-stream")
}
