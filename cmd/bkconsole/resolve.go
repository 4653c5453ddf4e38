package main

import (
	"context"
	"encoding/json"

	"github.com/bkconsole/bkconsole/client"
	"github.com/spf13/cobra"
)

func jsonCompact(v any) ([]byte, error) { return json.Marshal(v) }

// resolveConfig picks the settings for this run: the sandbox, else the environment.
func (a *App) resolveConfig() (client.Config, error) {
	if a.useSandbox {
		return a.sandboxPlanner()
	}
	return envConfig(), nil
}

func (a *App) extraCommands() []*cobra.Command { return nil }

func (a *App) runTUI(ctx context.Context) error {
	return usageErr("%s", a.T("cli.no_tui_tty"))
}
