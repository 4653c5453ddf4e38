package mcp

import (
	"context"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
)

// serversBackend lists the servers it holds.
type serversBackend struct {
	common.Backend
	servers []client.MCPServerPermission
}

func (b serversBackend) MCPServers(context.Context, string) ([]client.MCPServerPermission, client.Surface, error) {
	return b.servers, client.SurfaceDevCenter, nil
}

// At 60 columns a server's name, status and title stay readable in both languages: the tool
// count and the protocol are left out, not cut to a letter; at 120 they are back.
func TestMCPServersNarrowLeaveOutToolsAndProtocol(t *testing.T) {
	t.Parallel()
	servers := []client.MCPServerPermission{{MCPServer: client.MCPServer{ID: 1, Name: "bk-user-prod-directory", Title: "User directory",
		IsOfficial: true, ProtocolType: "streamable_http"}, Permission: client.MCPPermission{Status: "need_apply"}}}
	for lang, status := range map[i18n.Lang]string{i18n.English: "not applied", i18n.Chinese: "未申请"} {
		c := pagetest.Context(serversBackend{servers: servers}, lang)
		s := NewMCPScreen(c)
		pagetest.Start(t, s, 60, 15)
		v := s.View()
		for _, w := range []string{"bk-user-prod-directory ", status + " ", "User dir"} {
			if !strings.Contains(v, w) {
				t.Errorf("%s: %q is cut at 60 columns:\n%s", lang, w, v)
			}
		}
		if strings.Contains(v, c.T("col.protocol")) || strings.Contains(v, "st…") {
			t.Errorf("%s: the protocol is drawn at 60 columns:\n%s", lang, v)
		}
		s.SetSize(120, 15)
		if v := s.View(); !strings.Contains(v, "streamable_http") || !strings.Contains(v, c.T("col.tools")) {
			t.Errorf("%s: the protocol or the tools are missing at 120 columns:\n%s", lang, v)
		}
	}
}
