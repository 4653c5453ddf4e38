package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/sandbox"
)

// An AI resource from the command line: --message builds the Chat Completions body, the
// streamed answer is printed as it comes, then the status line and the gateway's token summary;
// --json gives the whole message and the summary; a provider's refusal passes through with a
// failing exit; the chat flags are refused on other APIs before anything is sent.
func TestChatFromTheCLI(t *testing.T) {
	store, urls := isolate(t)
	asDemoApp(t, urls)
	code, stdout, stderr := inProcess(t, store, "", "call", "bkai-demo", "chat_completions", "--message", "what is a gateway?", "--model", "gpt-x")
	if code != 0 || stdout != "Hello from the sandbox's AI gateway. You said: what is a gateway?\n" {
		t.Fatalf("streamed call: %d %q %s", code, stdout, stderr)
	}
	for _, want := range []string{"200 OK", "tokens: ", "model " + sandbox.ChatModel + " (asked for gpt-x)"} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, stdout, stderr = inProcess(t, store, "", "call", "bkai-demo", "chat_completions", "--message", "hi", "--no-stream", "--json")
	var out struct {
		Message    struct{ Role, Content string } `json:"message"`
		Streamed   bool                           `json:"streamed"`
		LLMSummary *struct {
			CompletionTokens int    `json:"completion_tokens"`
			Model            string `json:"model"`
		} `json:"llm_summary"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); code != 0 || err != nil || out.Streamed || out.Message.Role != "assistant" ||
		!strings.HasSuffix(out.Message.Content, "You said: hi") || out.LLMSummary == nil || out.LLMSummary.CompletionTokens == 0 {
		t.Fatalf("--json: %d %v %s %s", code, err, stdout, stderr)
	}
	code, stdout, _ = inProcess(t, store, "", "call", "bkai-demo", "chat_completions", "-d", `{"messages": []}`)
	if code != 1 || !strings.Contains(stdout, "invalid_request_error") {
		t.Fatalf("the provider's refusal: %d %s", code, stdout)
	}
	code, _, stderr = inProcess(t, store, "", "call", "demo-echo", "echo_get", "--message", "hi")
	if code != 2 || !strings.Contains(stderr, "for AI resources") {
		t.Fatalf("--message on a standard API: %d %s", code, stderr)
	}
}

// A success whose body is no Chat Completions answer (a proxy's cut JSON) is printed as it came
// and fails, said: it had exited 0 as if the model had answered.
func TestChatAnswerThatIsNoChatFails(t *testing.T) {
	store, _ := isolate(t)
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/v1/chat/completions") {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"data": [1,2`)
			return
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	asDemoApp(t, sandbox.URLsFor(srv.URL))
	for _, stream := range []string{"--no-stream", "--verbose=false"} { // one JSON answer, then a stream asked for
		code, stdout, stderr := inProcess(t, store, "", "call", "bkai-demo", "chat_completions", "--message", "hi", stream)
		if code != 1 || stdout != `{"data": [1,2` || !strings.Contains(stderr, "not a Chat Completions answer") {
			t.Errorf("%s: %d %q %s", stream, code, stdout, stderr)
		}
	}
}
