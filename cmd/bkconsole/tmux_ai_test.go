package main

import (
	"strings"
	"testing"
)

// TestTmuxChatAndMCPLogin walks issue 35 from the binary on the sandbox, without a keyring or a
// browser: an AI resource's chat streams its answer and then the token summary; the OAuth echo
// MCP server's page logs in, connects with the login, and logs out.
func TestTmuxChatAndMCPLogin(t *testing.T) {
	h := newHome(t)
	s := onSandbox(t, h, 110, 34)
	s.openDoc("bkai-demo", "chat_completions")
	s.waitFor("AI resource (OpenAI Chat Completions)")
	s.keys("c")
	s.waitFor("Chat with bkai-demo/chat_completions", "stream: on")
	s.keys("what is a gateway?")
	s.waitFor("what is a gateway?")
	s.keys("C-s")
	scr := s.waitFor("You said: what is a gateway?", "200 OK", "tokens: ")
	if !strings.Contains(scr, "assistant") {
		t.Fatalf("the answer is not the assistant's:\n%s", scr)
	}
	s.keys("Escape")
	s.waitFor("AI resource (OpenAI Chat Completions)")
	s.keys("M")
	s.waitFor("MCP servers", "demo-echo-prod-oauth")
	s.filterOpen("oauth", "demo-echo-prod-oauth", "o logs in")
	s.keys("o")
	s.waitFor("logged in (OAuth)", "O logs out")
	s.keys("t")
	s.waitFor("connected: 2 tools")
	s.keys("O")
	s.waitFor("logged out of demo-echo-prod-oauth")
}
