package browse

import (
	"context"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
)

// oneGateway answers for one gateway in Chinese, with nothing else to list.
type oneGateway struct{ common.Backend }

func (oneGateway) Gateway(context.Context, string) (client.Gateway, client.Surface, error) {
	return client.Gateway{Name: "g", Description: "中文说明"}, client.SurfaceHelpCenter, nil
}
func (oneGateway) Stages(context.Context, string) ([]client.Stage, client.Surface, error) {
	return []client.Stage{{Name: "prod"}}, client.SurfaceHelpCenter, nil
}
func (oneGateway) Resources(context.Context, string, string) ([]client.Resource, client.Surface, error) {
	return nil, client.SurfaceHelpCenter, nil
}
func (oneGateway) PermissionStatus(context.Context, string) ([]client.ResourcePermission, client.Surface, error) {
	return nil, client.SurfaceDevCenter, nil
}
func (oneGateway) AllowApplyByGateway(context.Context, string) (client.AllowApply, client.Surface, error) {
	return client.AllowApply{AllowApplyByGateway: true}, client.SurfaceDevCenter, nil
}

// A gateway's detail that arrives for the language just left is dropped: L pressed twice
// quickly, the first answer coming last, had left the other language's description.
func TestGatewayDetailOfALanguageLeftIsDropped(t *testing.T) {
	t.Parallel()
	s := NewGatewayScreen(pagetest.Context(oneGateway{}, i18n.Chinese), client.Gateway{Name: "g"})
	pagetest.Start(t, s, 100, 30)
	s.Update(gatewayDetailMsg{lang: i18n.English, gw: client.Gateway{Name: "g", Description: "English words"}})
	if v := s.View(); !strings.Contains(v, "中文说明") || strings.Contains(v, "English words") {
		t.Fatalf("the English detail shown in Chinese:\n%s", v)
	}
}
