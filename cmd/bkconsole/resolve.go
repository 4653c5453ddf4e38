package main

import (
	"encoding/json"

	"github.com/spf13/cobra"
)

func jsonCompact(v any) ([]byte, error) { return json.Marshal(v) }

func (a *App) extraCommands() []*cobra.Command {
	return []*cobra.Command{a.loginCommand(), a.logoutCommand(), a.profilesCommand(), a.authCommand(),
		a.permsCommand(), a.applyCommand(), a.renewCommand(), a.recordsCommand(),
		a.callCommand(), a.snippetCommand(), a.traceCommand(), a.mcpCommand(), a.componentsCommand(),
		a.requestsCommand(), a.varsCommand()}
}
