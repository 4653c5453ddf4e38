package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/spf13/cobra"
)

// collectionStore is the saved requests' folder: --collection, else BKCONSOLE_COLLECTION, else
// the XDG data directory.
func (a *App) collectionStore() collection.Store {
	switch {
	case a.collection != "":
		return collection.Store{Dir: a.collection}
	case os.Getenv(collection.EnvDir) != "":
		return collection.Store{Dir: os.Getenv(collection.EnvDir)}
	}
	return collection.Store{Dir: collection.DefaultDir()}
}

// saveRequest keeps a request in the collection: never one that holds a credential.
func (a *App) saveRequest(p *client.Planner, r collection.Request, overwrite bool) error {
	if !collection.ValidName(r.Name) {
		return usageErr("%s", a.T("requests.bad_name", r.Name))
	}
	if err := collection.CheckNoSecrets(r, knownSecrets(p)); err != nil {
		return err
	}
	path, err := a.collectionStore().Save(r, overwrite)
	var refused *client.ErrUserInput
	if errors.As(err, &refused) { // the collection's own refusal: the call it came with is not sent
		return usageErr("%s", a.T("requests.not_saved", a.T(refused.Key, refused.Args...)))
	}
	var unwritable *fs.PathError
	if errors.As(err, &unwritable) {
		return fmt.Errorf("%s", a.T("requests.not_saved", a.fileWriteProblem(err)))
	}
	if err != nil {
		return err
	}
	a.notice("%s", a.T("requests.saved", r.Ref(), untrustedPath(path)))
	return nil
}

func (a *App) requestsCommand() *cobra.Command {
	c := &cobra.Command{Use: "requests", Short: "Saved requests: plain YAML files, one per request, in a collection folder (--collection, BKCONSOLE_COLLECTION)", Args: cobra.NoArgs}
	list := &requestsOptions{verb: "list"}
	lc := a.newCommand(list, &cobra.Command{Use: "list [GATEWAY]", Short: "The saved requests (of one gateway)", Args: cobra.MaximumNArgs(1)})
	show := &requestsOptions{verb: "show"}
	sc := a.newCommand(show, &cobra.Command{Use: "show NAME", Short: "One saved request (NAME, or GATEWAY/NAME)", Args: cobra.ExactArgs(1)})
	rm := &requestsOptions{verb: "rm"}
	rc := a.newCommand(rm, &cobra.Command{Use: "rm NAME", Short: "Delete a saved request", Args: cobra.ExactArgs(1)})
	run := &requestsOptions{verb: "run"}
	xc := a.newCommand(run, &cobra.Command{Use: "run NAME", Short: "Send a saved request, its {{variables}} resolved (--var, bkconsole vars, BKCONSOLE_VAR_name)",
		Args: cobra.ExactArgs(1), Annotations: map[string]string{jqOnBody: "yes"}})
	varFlag(xc, &run.vars)
	dryRunFlag(xc, &run.dryRun)
	xc.Flags().StringVarP(&run.stage, "stage", "s", "", "send to this stage instead of the saved one")
	for _, x := range []struct {
		c *cobra.Command
		o *requestsOptions
	}{{lc, list}, {sc, show}, {rc, rm}, {xc, run}} {
		jsonFlag(x.c, &x.o.asJSON)
		if x.c != lc {
			x.c.ValidArgsFunction = a.completeSavedRequests
		}
	}
	c.AddCommand(lc, sc, rc, xc)
	return c
}

type requestsOptions struct {
	cmdBase
	verb   string
	asJSON bool
	dryRun bool
	stage  string
	vars   []string
}

func (o *requestsOptions) run(cmd *cobra.Command) error {
	a := o.app
	store := a.collectionStore()
	if o.verb == "list" {
		gw := ""
		if len(o.args) == 1 {
			gw = o.args[0]
		}
		rs, bad := store.List(gw)
		for _, err := range bad {
			a.notice("bkconsole: %s", collection.Unreadable(err, a.L()))
		}
		empty := a.T("requests.empty", store.Dir)
		if gw != "" {
			empty = a.T("requests.empty_gateway", gw, store.Dir)
		}
		if len(bad) > 0 { // there are requests, none readable: "not yet" would send the user to save again
			empty = a.T("requests.none_readable", store.Dir)
		}
		return printList(a, o.asJSON, "", rs, []string{"name", "gateway", "method", "api", "vars"}, empty, func(r collection.Request) []string {
			api := r.API
			if api == "" {
				api = r.Path
			}
			return []string{r.Name, r.Gateway, r.Method, api, strings.Join(r.Names(), ", ")}
		})
	}
	if o.verb == "rm" { // by its file: a damaged one is removed too
		return o.remove(store)
	}
	r, err := store.Find(o.args[0])
	if err != nil {
		return err
	}
	switch o.verb {
	case "show":
		if o.asJSON {
			return a.writeJSON(r)
		}
		b, err := collection.Marshal(r)
		if err != nil {
			return err
		}
		_, err = a.Stdout.Write([]byte(untrusted.Text(string(b))))
		return err
	}
	return o.send(cmd, r)
}

// remove deletes a saved request's file, whatever it holds.
func (o *requestsOptions) remove(store collection.Store) error {
	a := o.app
	path, err := store.Locate(o.args[0])
	if err != nil {
		return err
	}
	if err := store.Remove(collection.Request{File: path}); err != nil {
		return err
	}
	if o.asJSON {
		return a.writeJSON(map[string]string{"removed": collection.RefOf(path), "file": path})
	}
	a.notice("%s", a.T("requests.removed", collection.RefOf(path)))
	return nil
}

// send runs a saved request as call would send it.
func (o *requestsOptions) send(cmd *cobra.Command, saved collection.Request) error {
	a := o.app
	// Typed into the file by hand (saving refuses them): said before any profile is read, since
	// the file is what needs mending.
	for _, h := range saved.Headers {
		if collection.CredentialHeader(h.Name) {
			return usageErr("%s", a.T("requests.file_credential", untrustedPath(saved.File), untrusted.Line(h.Name)))
		}
	}
	ctx, cancel, p, err := a.begin(cmd)
	defer cancel()
	if err != nil {
		return err
	}
	if o.stage != "" {
		saved.Stage = o.stage
	}
	if saved.Stage == "" {
		saved.Stage = p.Cfg.StageList()[0]
	}
	if !client.ValidStage(saved.Stage) {
		return &client.ErrUserInput{Key: "input.bad_stage", Args: []any{saved.Stage}}
	}
	r, err := a.expandVars(saved.Call(), saved.API, o.vars)
	if err != nil {
		return err
	}
	if o.dryRun {
		a.tap.StopAll()
	}
	return a.sendCall(ctx, p, r, saved.API, o.asJSON)
}

// completeSavedRequests offers the saved requests' names (GATEWAY/NAME where a name repeats).
func (a *App) completeSavedRequests(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	rs, _ := a.collectionStore().List("")
	count := map[string]int{}
	for _, r := range rs {
		count[r.Name]++
	}
	var out []string
	for _, r := range rs {
		name := r.Name
		if count[name] > 1 {
			name = r.Ref()
		}
		if strings.HasPrefix(name, toComplete) {
			out = append(out, fmt.Sprintf("%s\t%s %s", name, r.Gateway, r.Method+" "+r.Path))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
