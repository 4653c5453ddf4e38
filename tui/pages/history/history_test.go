package history

import (
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	tea "github.com/charmbracelet/bubbletea"
)

type memHistory struct{ es []history.Entry }

func (m *memHistory) Add(e history.Entry) error      { m.es = append(m.es, e); return nil }
func (m *memHistory) List() ([]history.Entry, error) { return m.es, nil }

// Sends show as sent (the path's values filled in), and enter reopens one where it was made:
// an API call in the console, an MCP tool call on its server's page with its arguments.
func TestHistoryShowsWhatWasSentAndReopensIt(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c := pagetest.Context(nil, i18n.English)
	c.History = &memHistory{es: []history.Entry{
		{Time: at, Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/proxy/{group}/{name}/", PathParams: map[string]string{"group": "g1", "name": "n1"}, Status: 200},
		{Time: at.Add(time.Minute), Gateway: "demo-echo-prod", Resource: "echo", MCPTool: true, ServerID: 4, Body: `{"text":"hi"}`, Status: 200},
	}}
	s := NewHistoryScreen(c)
	pagetest.Start(t, s, 120, 20)
	if v := s.View(); !strings.Contains(v, "/proxy/g1/n1/") || strings.Contains(v, "{group}") {
		t.Errorf("the path is not shown as sent:\n%s", v)
	}
	opened := func() common.PageAddress {
		_, cmd := s.Update(tea.KeyMsg{Type: tea.KeyEnter})
		for _, m := range pagetest.Run(t, s, cmd) {
			if o, ok := m.(common.OpenPageMsg); ok {
				return o.To
			}
		}
		return nil
	}
	first := opened()
	_, cmd := s.Update(tea.KeyMsg{Type: tea.KeyDown})
	pagetest.Run(t, s, cmd)
	second := opened()
	var sent, tool bool
	for _, a := range []common.PageAddress{first, second} {
		switch p := a.(type) {
		case common.SentPage:
			sent = p.Entry.Gateway == "demo-echo"
		case common.MCPServerPage:
			tool = p.Server.MCPServer.ID == 4 && p.Tool == "echo" && p.Args == `{"text":"hi"}`
		}
	}
	if !sent || !tool {
		t.Fatalf("enter reopened %#v and %#v", first, second)
	}
}

// An empty history says so and its footer offers nothing to open or filter; once a request
// is sent, it does.
func TestHistoryEmptyOffersNoRowKeys(t *testing.T) {
	t.Parallel()
	h := &memHistory{}
	c := pagetest.Context(nil, i18n.English)
	c.History = h
	s := NewHistoryScreen(c)
	pagetest.Start(t, s, 60, 15)
	if v := s.View(); !strings.Contains(v, "no request sent yet") || len(s.ShortHelp()) != 0 {
		t.Fatalf("%d keys over:\n%s", len(s.ShortHelp()), v)
	}
	h.es = []history.Entry{{Time: time.Now(), Gateway: "demo-echo", Stage: "prod", Method: "GET", Path: "/echo/", Status: 200}}
	s = NewHistoryScreen(c)
	pagetest.Start(t, s, 60, 15)
	if len(s.ShortHelp()) != 2 {
		t.Fatalf("keys over one entry: %d", len(s.ShortHelp()))
	}
}
