package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/bkconsole/bkconsole/client/untrusted"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/spf13/cobra"
)

// parseVars reads --var name=value flags.
func parseVars(specs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, s := range specs {
		k, v, ok := strings.Cut(s, "=")
		if !ok || !collection.VarNameRe().MatchString(k) {
			return nil, &client.ErrUserInput{Key: "vars.bad_flag", Args: []any{s}}
		}
		out[k] = v
	}
	return out, nil
}

// resolver finds {{variables}}: --var, then the profile's, then BKCONSOLE_VAR_name.
func (a *App) resolver(flags []string) (collection.Resolver, error) {
	fv, err := parseVars(flags)
	if err != nil {
		return collection.Resolver{}, err
	}
	return collection.Resolver{Flags: fv, Profile: a.profileVars(), Env: os.Getenv}, nil
}

// profileVars are the active profile's variables (none with --sandbox or without a profile).
func (a *App) profileVars() map[string]string {
	if a.useSandbox {
		return nil
	}
	res, _, err := a.resolveNamed(a.profile)
	if err != nil {
		return nil
	}
	return res.Profile.Vars
}

// hasProfile tells whether a profile is in use, to keep variables in (not in the sandbox).
func (a *App) hasProfile() bool {
	if a.useSandbox {
		return false
	}
	res, _, err := a.resolveNamed(a.profile)
	return err == nil && res.Profile.Name != ""
}

// expandVars resolves a request's variables; one without a value stops it before anything is
// sent, as a usage error naming it. A JSON body is checked after, as it will be sent.
func (a *App) expandVars(r client.CallRequest, api string, flags []string) (client.CallRequest, error) {
	res, err := a.resolver(flags)
	if err != nil {
		return r, err
	}
	return collection.ExpandCall(r, api, res)
}

// knownSecrets are the profile's secrets: a saved request or a variable that holds one is refused.
func knownSecrets(p *client.Planner) []string {
	return p.Cfg.Secrets()
}

type varsOptions struct {
	cmdBase
	asJSON bool
}

func (a *App) varsCommand() *cobra.Command {
	c := &cobra.Command{Use: "vars", Short: "Variables for {{name}} in requests, kept with the profile (never secrets: those stay in the keyring)", Args: cobra.NoArgs}
	list := &varsOptions{}
	lc := a.newCommand(list, &cobra.Command{Use: "list", Short: "The profile's variables and those of the environment (BKCONSOLE_VAR_name)", Args: cobra.NoArgs})
	jsonFlag(lc, &list.asJSON)
	set := &varsSetOptions{}
	// NAME=VALUE is how --var and BKCONSOLE_VAR_name are written: set takes it too.
	sc := a.newCommand(set, &cobra.Command{Use: "set NAME VALUE", Short: "Set a variable of the profile (NAME VALUE or NAME=VALUE)", Args: cobra.RangeArgs(1, 2)})
	unset := &varsSetOptions{unset: true}
	uc := a.newCommand(unset, &cobra.Command{Use: "unset NAME", Short: "Remove a variable of the profile", Args: cobra.ExactArgs(1)})
	c.AddCommand(lc, sc, uc)
	return c
}

type varRow struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

func (o *varsOptions) run(cmd *cobra.Command) error {
	a := o.app
	rows := []varRow{}
	for k, v := range a.profileVars() {
		rows = append(rows, varRow{k, v, collection.FromProfile})
	}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if name, ok := strings.CutPrefix(k, collection.EnvPrefix); ok && collection.VarNameRe().MatchString(name) {
			rows = append(rows, varRow{name, v, collection.FromEnv})
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		return rows[i].Name < rows[j].Name || rows[i].Name == rows[j].Name && rows[i].Source > rows[j].Source
	})
	if o.asJSON {
		return a.writeJSON(rows)
	}
	if len(rows) == 0 {
		empty := "vars.empty"
		if !a.hasProfile() { // vars set would refuse: say what works here
			empty = "vars.empty_no_profile"
		}
		fmt.Fprintln(a.Stdout, a.T(empty))
		return nil
	}
	table := make([][]string, 0, len(rows))
	for _, r := range rows {
		table = append(table, []string{r.Name, r.Value, a.T("vars.source." + r.Source)})
	}
	a.table([]string{a.T("col.name"), a.T("col.value"), a.T("col.source")}, table)
	return nil
}

type varsSetOptions struct {
	cmdBase
	unset bool
}

// run sets or removes a variable of the active profile; a secret is refused.
func (o *varsSetOptions) run(cmd *cobra.Command) error {
	a := o.app
	if !o.unset && len(o.args) == 1 {
		name, value, ok := strings.Cut(o.args[0], "=")
		if !ok {
			return usageErr("%s", a.T("vars.set_needs_value", name))
		}
		o.args = []string{name, value}
	}
	name := o.args[0]
	if !collection.VarNameRe().MatchString(name) {
		return usageErr("%s", a.T("vars.bad_name", name))
	}
	if a.useSandbox {
		return usageErr("%s", a.T("vars.no_profile"))
	}
	res, _, err := a.resolveNamed(a.profile)
	if err != nil {
		return err
	}
	if res.Profile.Name == "" {
		return usageErr("%s", a.T("vars.no_profile"))
	}
	if !o.unset {
		value := o.args[1]
		p, perr := a.Planner()
		secret := perr == nil && containsSecret(value, knownSecrets(p))
		if secret || collection.SecretName(name) {
			return usageErr("%s", a.T("vars.secret", name))
		}
	}
	path, err := configPath()
	if err != nil {
		return err
	}
	absent := false
	err = keystore.Update(path, func(f *keystore.File) error {
		p, ok := f.Get(res.Profile.Name)
		if !ok {
			return &client.ErrUserInput{Key: "vars.no_profile"}
		}
		if o.unset {
			_, had := p.Vars[name]
			absent = !had
			delete(p.Vars, name)
		} else {
			if p.Vars == nil {
				p.Vars = map[string]string{}
			}
			p.Vars[name] = o.args[1]
		}
		f.Put(p)
		return nil
	})
	if err == nil && absent {
		// Nothing to remove is not a failure (a script may unset what it may have set), but a
		// misspelt name should not pass unnoticed.
		fmt.Fprintln(a.Stderr, a.T("vars.not_set", name, res.Profile.Name))
	}
	return err
}

func containsSecret(v string, known []string) bool {
	for _, s := range known {
		if len(s) >= 4 && strings.Contains(v, s) {
			return true
		}
	}
	return false
}

// collectionError words what saved requests and variables refuse, before anything is sent: a
// usage error (exit 2).
func (a *App) collectionError(err error) (string, bool) {
	var ur *collection.UnresolvedError
	var nf *collection.NotFoundError
	var se *collection.SecretError
	var fe *collection.FileError
	switch {
	case errors.As(err, &ur):
		n, key := ur.Names[0], "vars.unresolved"
		if a.useSandbox || a.withoutProfile { // vars set refuses where no profile keeps them
			key = "vars.unresolved_no_profile"
		}
		return "bkconsole: " + a.T(key, strings.Join(ur.Names, ", "), n, n), true
	case errors.As(err, &nf) && len(nf.Matches) > 1:
		return "bkconsole: " + a.T("requests.ambiguous", nf.Name, strings.Join(nf.Matches, ", ")), true
	case errors.As(err, &nf):
		return "bkconsole: " + a.T("requests.not_found", nf.Name), true
	case errors.As(err, &se):
		return "bkconsole: " + a.T("requests.secret", se.Where), true
	case errors.As(err, &fe):
		return "bkconsole: " + untrusted.Line(fe.Error()), true
	case errors.Is(err, collection.ErrExists):
		return "bkconsole: " + a.T("requests.exists"), true
	}
	return "", false
}
