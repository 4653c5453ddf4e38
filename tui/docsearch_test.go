package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A doc is searched as a response is, and as less does: / and a query mark every match and
// count them, n and N go from one to the next, esc clears the search before it means back.
func TestDocSearch(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.openDoc(100, 16, "demo-echo", "echo_get") // shorter than the doc: the current match is scrolled into view
	mustContain(t, footerOf(h.view()), "/ search")
	h.keys("/", "echo")
	if !h.m.Top().Capturing() || !strings.Contains(footerOf(h.view()), "enter") {
		t.Fatalf("the query is not being typed:\n%s", h.view())
	}
	h.keys("enter")
	v := h.view()
	mustContain(t, v, "/echo", "1 of ")
	total := strings.Fields(v[strings.Index(v, "1 of ")+len("1 of "):])[0]
	if total == "1" {
		t.Fatalf("a doc with one match for echo: this test wants more:\n%s", v)
	}
	if f := footerOf(h.view()); !strings.Contains(f, "esc clear search") || strings.Contains(f, "esc back") {
		t.Fatalf("the footer says esc goes back while it clears the search: %q", f)
	}
	h.keys("n")
	mustContain(t, h.view(), "2 of "+total)
	h.keys("N", "N")
	mustContain(t, h.view(), total+" of "+total)
	h.keys("/", "no-such-words", "enter")
	mustContain(t, h.view(), "no match")
	h.keys("esc")
	if v := h.view(); strings.Contains(v, "no-such-words") || !strings.Contains(v, "› echo_get") {
		t.Fatalf("esc did not clear the search, or left the doc:\n%s", v)
	}
	h.keys("esc")
	if strings.Contains(h.view(), "› echo_get") {
		t.Fatalf("esc without a search did not go back:\n%s", h.view())
	}
}

// A long query (a paste) is cut on the search's line, typed or in force: at 60 columns a
// 500-character one hid "no match" and the scroll position after it.
func TestALongSearchKeepsItsCountInSight(t *testing.T) {
	t.Parallel()
	h, _ := realHarness(t)
	h.openDoc(60, 16, "demo-echo", "echo_get")
	h.keys("/")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("q", 500)), Paste: true})
	for _, step := range []string{"typed", "in force"} {
		lines := strings.Split(ansi.Strip(h.view()), "\n")
		var line string
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), "/qq") {
				line = l
			}
		}
		if !strings.Contains(line, "no match") || !strings.Contains(line, "%") {
			t.Errorf("%s: the search line lacks its count or position: %q", step, line)
		}
		if w := ansi.StringWidth(line); line == "" || w > 60 {
			t.Errorf("%s: the search line is %d cells: %q", step, w, line)
		}
		h.keys("enter")
	}
}

// A long jq filter likewise: its error stays in sight after it.
func TestALongFilterExpressionKeepsItsErrorInSight(t *testing.T) {
	t.Parallel()
	h := answeredWith(t, []byte(`{"data": 1}`), "rid-1", "application/json")
	h.resize(60, 20)
	h.keys("f")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("q", 500)), Paste: true})
	h.keys("enter")
	for _, l := range strings.Split(ansi.Strip(h.view()), "\n") {
		if strings.HasPrefix(l, "jq qq") {
			if !strings.Contains(l, "✗ ") {
				t.Fatalf("the filter's line lacks its error: %q", l)
			}
			return
		}
	}
	t.Fatalf("no filter line:\n%s", h.view())
}
