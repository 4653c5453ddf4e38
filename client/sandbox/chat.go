package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ChatModel is the model the sandbox's AI gateway answers with (the gateway fixes it, as a
// real AI gateway may, whatever the request asks for).
const ChatModel = "bk-sandbox-chat"

// ChatWordDelay is the pause between the streamed answer's pieces, so a client's streaming is
// seen to stream.
const ChatWordDelay = 25 * time.Millisecond

type chatMessage struct {
	Role    string `json:"role"`
	Content any    `json:"content"`
}

// providerError is how a model provider refuses: OpenAI's shape, passed through the gateway
// unwrapped (spec section B).
func providerError(w http.ResponseWriter, status int, typ, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": nil}})
}

// chat is the AI resource's backend: an OpenAI Chat Completions answer, streamed as server-sent
// events when asked, and the gateway's llm_summary in the request's log entry.
func (s *Sandbox) chat(w http.ResponseWriter, r *http.Request, body []byte, entry map[string]any) {
	start := time.Now()
	var in struct {
		Messages []chatMessage `json:"messages"`
		Stream   bool          `json:"stream"`
		Model    string        `json:"model"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		providerError(w, 400, "invalid_request_error", "the body is not a JSON object: "+err.Error())
		return
	}
	if len(in.Messages) == 0 {
		providerError(w, 400, "invalid_request_error", "'messages' must be a non-empty array")
		return
	}
	last := ""
	prompt := 0
	for _, m := range in.Messages {
		text := fmt.Sprint(m.Content)
		prompt += len(strings.Fields(text)) + 4
		if m.Role == "user" {
			last = text
		}
	}
	answer := "Hello from the sandbox's AI gateway. You said: " + strings.TrimSpace(last)
	if strings.TrimSpace(last) == "" {
		answer = "Hello from the sandbox's AI gateway. Ask me something."
	}
	words := strings.SplitAfter(answer, " ")
	id := "chatcmpl-" + s.newRequestID()[:12]
	created := time.Now().Unix()
	usage := map[string]any{"prompt_tokens": prompt, "completion_tokens": len(words), "total_tokens": prompt + len(words)}
	defer func() {
		d := time.Since(start).Milliseconds()
		entry["backend_duration"] = d
		entry["llm_summary"] = map[string]any{"request_model": in.Model, "prompt_tokens": prompt, "completion_tokens": len(words),
			"upstream_response_time": d, "model": ChatModel, "duration": d}
	}()
	if !in.Stream {
		writeJSON(w, 200, map[string]any{"id": id, "object": "chat.completion", "created": created, "model": ChatModel,
			"choices": []map[string]any{{"index": 0, "message": map[string]any{"role": "assistant", "content": answer}, "finish_reason": "stop"}},
			"usage":   usage})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(200)
	flush := func() {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	event := func(delta map[string]any, finish any, extra map[string]any) {
		chunk := map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": ChatModel,
			"choices": []map[string]any{{"index": 0, "delta": delta, "finish_reason": finish}}}
		for k, v := range extra {
			chunk[k] = v
		}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		flush()
	}
	event(map[string]any{"role": "assistant", "content": ""}, nil, nil)
	for _, word := range words {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(ChatWordDelay):
		}
		event(map[string]any{"content": word}, nil, nil)
	}
	event(map[string]any{}, "stop", map[string]any{"usage": usage})
	fmt.Fprint(w, "data: [DONE]\n\n")
	flush()
}
