package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTmuxSavedRequests walks issue 33 from the binary: a request with {{who}} saved from the
// console, sent, its response searched, wrapped and filtered with jq; the palette finds it and
// opens it in a second tab, sent there with another value; the command line replays the file.
func TestTmuxSavedRequests(t *testing.T) {
	col := t.TempDir() // a project's folder, as a team commits it
	h := newHome(t, "BKCONSOLE_COLLECTION="+col)
	s := onSandbox(t, h, 120, 40)
	s.openDoc("demo-echo", "echo_post")
	s.keys("c")
	s.waitFor("Call echo_post", "Variables")
	s.keys("Tab", "Tab")
	s.waitFor("▸ Body")
	s.keys("C-x")
	s.keys(`{"who": "{{who}}", "note": "hello hello hello"}`)
	s.waitFor("who: no value")
	s.keys("Tab")
	s.waitFor("▸ Variables")
	s.keys("who=bob")
	s.waitFor("who = bob (here)")
	s.keys("C-g")
	s.waitFor("Save this request of demo-echo as")
	s.keys("greet")
	s.waitFor("greet")
	s.keys("Enter")
	s.waitFor("saved as demo-echo/greet")
	s.keys("C-s")
	s.waitFor("200 OK", `"who": "bob"`)

	s.keys("/", "hello")
	s.waitFor("/hello")
	s.keys("Enter")
	s.waitFor("1 of 6")
	s.keys("n")
	s.waitFor("2 of 6")
	s.keys("w")
	s.waitFor("wrapped")
	s.keys("f", ".data.json.who")
	s.waitFor("jq .data.json.who")
	s.keys("Enter")
	scr := s.waitFor("Body\nbob\n", "jq .data.json.who · wrapped") // a string is printed raw, as --jq does
	if strings.Contains(scr, "app_code") {
		t.Fatalf("the filter shows only what it selects:\n%s", scr)
	}

	s.keys(":", "greet")
	s.waitFor("saved")
	s.keys("Enter")
	s.waitFor("1 greet 200", "2 greet")
	s.keys("Tab", "Tab", "Tab")
	s.waitFor("▸ Variables")
	s.keys("who=carol")
	s.waitFor("who = carol (here)")
	s.keys("C-s")
	s.waitFor("2 greet 200", `"carol"`)
	s.keys("C-Left")
	s.waitFor("Body\nbob\n", "jq .data.json.who")

	b, err := os.ReadFile(filepath.Join(col, "demo-echo", "greet.yaml"))
	if err != nil || !strings.Contains(string(b), "{{who}}") || strings.Contains(string(b), "bkc-demo-secret") {
		t.Fatalf("the saved file (%v):\n%s", err, b)
	}
	if out := h.ok("--sandbox", "requests", "run", "greet", "--var", "who=dave", "--jq", ".data.json.who"); !strings.HasPrefix(out, "dave\n") {
		t.Fatalf("replayed from the command line: %q", out)
	}
}
