package main

import (
	"context"
	"strings"

	"github.com/bkconsole/bkconsole/client"
)

// apisNamed turns each argument that is a path (it starts with "/": the part after the stage,
// as in a logged URL) into the name of the API it goes to, routed as the gateway routes it
// (client.APIsAt); a name stays as it is. The gateway's APIs are read only when a path is
// given. A path several methods take is refused with their names: which one is meant is the
// user's to say.
func (a *App) apisNamed(ctx context.Context, p *client.Planner, gateway, stage string, args []string) ([]string, error) {
	var rs []client.Resource
	out := make([]string, 0, len(args))
	for _, arg := range args {
		if !strings.HasPrefix(arg, "/") {
			out = append(out, arg)
			continue
		}
		if rs == nil {
			var err error
			if rs, _, err = p.Resources(ctx, gateway, stage); err != nil {
				return nil, err
			}
		}
		path, _, _ := strings.Cut(arg, "?")
		at := client.APIsAt(rs, path)
		switch len(at) {
		case 0:
			return nil, &client.ErrNotFound{What: "api", Name: arg, Gateway: gateway, Stage: stage}
		case 1:
			out = append(out, at[0].Name)
		default:
			names := make([]string, 0, len(at))
			for _, r := range at {
				names = append(names, r.Method+" "+r.Name)
			}
			return nil, usageErr("%s", a.T("path.several_apis", arg, strings.Join(names, ", ")))
		}
	}
	return out, nil
}
