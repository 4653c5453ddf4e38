package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

// A tool call is a call of the API behind it: when the server took it and its answer was lost,
// the outcome is unknown and it is not sent again (it had said "could not be reached, try again
// later"). An unknown tool is the server refusing the request, not the credentials (it had said
// "re-enter the app secret"). An answer over the bound is not read (the SDK reads a JSON
// answer whole).
func TestMCPToolCallAnswerLostOrRefused(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{DecideAfter: time.Millisecond, LogDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !bytes.Contains(body, []byte(`"tools/call"`)) || bytes.Contains(body, []byte("no_such_tool")) {
			sb.ServeHTTP(w, r)
			return
		}
		if bytes.Contains(body, []byte("huge_answer")) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"jsonrpc": "2.0", "id": 2, "result": {"content": [{"type": "text", "text": "`)
			for range 2 << 10 {
				io.WriteString(w, strings.Repeat("x", 1<<10))
			}
			return
		}
		calls.Add(1)
		sb.ServeHTTP(httptest.NewRecorder(), r) // the server acts on it
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close() // and its answer is lost on the way
	}))
	t.Cleanup(srv.Close)
	e := &env{srv: srv, urls: sandbox.URLsFor(srv.URL)}
	cfg := e.cfg()
	cfg.MaxBody = 1 << 20
	p := e.planner(t, cfg)
	s, _, err := p.FindMCPServer(ctx, "bk-user-prod-directory")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: []int{s.MCPServer.ID}, Reason: "agent"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // decided
	call := func(tool string) error {
		sess, err := p.MCPConnect(ctx, s.MCPServer)
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		_, err = sess.Call(ctx, tool, json.RawMessage(`{}`))
		return err
	}
	var unknown *client.OutcomeUnknownError
	if err := call("list_users"); !errors.As(err, &unknown) || client.HintOf(err).Meaning != "call.outcome_unknown" || calls.Load() != 1 {
		t.Fatalf("a call lost after it was sent: %v (hint %+v), sent %d times", err, client.HintOf(err), calls.Load())
	}
	var tooLarge *client.BodyTooLargeError
	if err := call("huge_answer"); !errors.As(err, &tooLarge) || client.HintOf(err).Meaning != "net.too_large" {
		t.Fatalf("an answer over the bound: %v (hint %+v)", err, client.HintOf(err))
	}
	var refused *client.MCPError
	if err := call("no_such_tool"); !errors.As(err, &refused) || client.HintOf(err).Meaning != "mcp.request_refused" || refused.Message != `unknown tool "no_such_tool"` {
		t.Fatalf("an unknown tool: %v (hint %+v)", err, client.HintOf(err))
	}
}
