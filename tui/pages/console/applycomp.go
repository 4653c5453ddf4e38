package console

import (
	"context"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

// applyForComponent opens the one application form on the component a call was refused for
// (ESB's 1306403): the system's and the component's ids are read first, in a command, since the
// console knows them by name only.
func applyForComponent(c *common.Context, ref client.ComponentRef) tea.Cmd {
	b := backendOf(c)
	notFound := c.T("comp.apply_from_page", c.Global.Back.Help().Key, c.Keys.Marks().Apply.Help().Key)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		systems, _, err := b.Systems(ctx)
		if err != nil {
			return common.Notify(common.ErrorLine(c, err), true)()
		}
		for _, sys := range systems {
			if !strings.EqualFold(sys.Name, ref.System) {
				continue
			}
			comps, _, err := b.Components(ctx, sys.ID)
			if err != nil {
				return common.Notify(common.ErrorLine(c, err), true)()
			}
			for _, x := range comps {
				if x.Name == ref.Name {
					items := common.ComponentItems([]client.Component{x})
					return common.OpenPage(common.ApplyPage{Kind: client.KindComponent, Target: sys.Name, SystemID: sys.ID, Items: items})()
				}
			}
		}
		return common.Notify(notFound, true)()
	}
}

// applyForAPI opens the one application form on the API a call was refused for. A console
// opened by a path (a history entry of a call by path) learns which API that is first, in a
// command: an application names APIs.
func (s *ConsoleScreen) applyForAPI() tea.Cmd {
	c, gw, res := s.Ctx, s.gw, s.res
	open := func(res client.Resource) tea.Msg {
		p := client.ResourcePermission{ID: res.ID, Name: res.Name, GatewayName: gw, Grant: client.Grant{PermissionAction: client.ActionApply}}
		if perms, ok := c.Cache.Perms.Get(gw); ok {
			for _, x := range perms {
				if x.Name == res.Name {
					p = x
				}
			}
		}
		return common.OpenPage(common.ApplyPage{Target: gw, Items: common.APIItems([]client.ResourcePermission{p})})()
	}
	if res.Name != "" {
		return func() tea.Msg { return open(res) }
	}
	b, stage, method := backendOf(c), s.stage, s.method
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), common.LoadTimeout)
		defer cancel()
		found, _, ok, err := client.APIAt(ctx, b.Resources, gw, stage, method, res.Path)
		if err != nil {
			return common.Notify(common.ErrorLine(c, err), true)()
		}
		if !ok {
			return common.Notify(c.T("console.no_api_at", method, res.Path, gw), true)()
		}
		return open(found)
	}
}
