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
