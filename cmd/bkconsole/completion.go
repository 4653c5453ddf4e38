package main

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/keystore"
	"github.com/spf13/cobra"
)

// Shell completion completes values, not only command names: gateways, APIs, stages,
// profiles and records, from what earlier runs of this profile saw. Completing never asks a
// server (a shell waits for it on every tab) and never touches the keyring.

// seenNames is what the commands of a run have seen, remembered at the end of the run.
type seenNames struct {
	Gateways []string            `json:"gateways,omitempty"`
	APIs     map[string][]string `json:"-"`                // gateway → API names: a file per gateway
	Stages   map[string][]string `json:"stages,omitempty"` // gateway → stage names
	Records  []seenRecord        `json:"records,omitempty"`
	MCP      []string            `json:"mcp,omitempty"`     // MCP server names
	Systems  map[string][]string `json:"systems,omitempty"` // ESB system → component names
}

type seenRecord struct {
	ID      int    `json:"id"`
	Gateway string `json:"gateway"`
	Status  string `json:"status"`
}

// Bounds of the completion file: it is read on every tab.
const (
	seenMaxGateways = 20_000
	seenMaxAPIs     = 50_000 // per gateway
	seenMaxRecords  = 200
)

func (a *App) seen() *seenNames {
	if a.seenNow == nil {
		a.seenNow = &seenNames{APIs: map[string][]string{}, Stages: map[string][]string{}, Systems: map[string][]string{}}
	}
	return a.seenNow
}

// completable keeps server names out of the shell unless they are plain words: a name with a
// space, a quote or a control character would be typed into the user's command line.
var completable = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$`) })

func (a *App) sawGateway(name string) {
	// Called for every item of a listing (a million in a stream): the bound is checked first.
	if s := a.seen(); len(s.Gateways) < seenMaxGateways && completable().MatchString(name) {
		s.Gateways = append(s.Gateways, name)
	}
}

func (a *App) sawAPI(gateway, name string) {
	if s := a.seen(); len(s.APIs[gateway]) < seenMaxAPIs && completable().MatchString(name) && completable().MatchString(gateway) {
		s.APIs[gateway] = append(s.APIs[gateway], name)
	}
}

func (a *App) sawMCP(name string) {
	if completable().MatchString(name) && len(a.seen().MCP) < seenMaxGateways {
		a.seen().MCP = append(a.seen().MCP, name)
	}
}

func (a *App) sawComponent(system, name string) {
	s := a.seen()
	if !completable().MatchString(system) || name != "" && !completable().MatchString(name) {
		return
	}
	if s.Systems == nil {
		s.Systems = map[string][]string{}
	}
	if name == "" {
		if _, ok := s.Systems[system]; !ok {
			s.Systems[system] = nil
		}
		return
	}
	s.Systems[system] = append(s.Systems[system], name)
}

func (a *App) sawStages(gateway string, stages []string) {
	var ok []string
	for _, s := range stages {
		if completable().MatchString(s) {
			ok = append(ok, s)
		}
	}
	if completable().MatchString(gateway) && len(ok) > 0 {
		a.seen().Stages[gateway] = ok
	}
}

func (a *App) sawRecords(rs []client.Record) {
	s := a.seen()
	for _, r := range rs {
		if !completable().MatchString(r.GatewayName) || !completable().MatchString(r.ApplyStatus) {
			continue
		}
		s.Records = append(s.Records, seenRecord{ID: r.ID, Gateway: r.GatewayName, Status: r.ApplyStatus})
	}
}

// completionScope names the profile whose names are remembered, without resolving secrets.
func (a *App) completionScope() string {
	if a.useSandbox {
		return "complete|sandbox"
	}
	f, _, err := a.loadConfig()
	if err != nil {
		f = &keystore.File{}
	}
	name := a.profile
	if name == "" {
		name = f.Active
	}
	p, _ := f.Get(name)
	res := keystore.Resolve(p, nil, keystore.OSEnv) // the environment may name another installation
	return "complete|" + name + "|" + res.Profile.APIURLTmpl
}

// rememberSeen merges this run's names into the profile's completion file.
func (a *App) rememberSeen() {
	if a.seenNow == nil {
		return
	}
	dc := newDiskCache(a.completionScope())
	if dc == nil {
		return
	}
	var old seenNames
	dc.Load("names", &old)
	now := a.seenNow
	if len(now.Gateways) > 0 {
		old.Gateways = mergeNames(now.Gateways, old.Gateways, seenMaxGateways)
	}
	for g, names := range now.APIs {
		// A gateway's API names live in a file of their own: a command that lists gateways
		// does not read, merge and write 50,000 API names it did not touch.
		if len(names) < seenMaxAPIs {
			var before []string
			dc.Load(apisKey(g), &before)
			names = mergeNames(names, before, seenMaxAPIs)
		}
		_ = dc.Save(apisKey(g), names)
		old.Gateways = mergeNames([]string{g}, old.Gateways, seenMaxGateways)
	}
	if len(now.MCP) > 0 {
		old.MCP = mergeNames(now.MCP, old.MCP, seenMaxGateways)
	}
	for sys, names := range now.Systems {
		if old.Systems == nil {
			old.Systems = map[string][]string{}
		}
		old.Systems[sys] = mergeNames(names, old.Systems[sys], seenMaxAPIs)
	}
	for g, st := range now.Stages {
		if old.Stages == nil {
			old.Stages = map[string][]string{}
		}
		old.Stages[g] = st
	}
	if len(now.Records) > 0 {
		byID := map[int]bool{}
		recs := append([]seenRecord{}, now.Records...)
		for _, r := range recs {
			byID[r.ID] = true
		}
		for _, r := range old.Records {
			if !byID[r.ID] {
				recs = append(recs, r)
			}
		}
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].ID > recs[j].ID })
		old.Records = recs[:min(len(recs), seenMaxRecords)]
	}
	_ = dc.Save("names", old)
}

// mergeNames is the new names then the old ones not among them, at most max.
func mergeNames(fresh, old []string, max int) []string {
	seen := make(map[string]bool, len(fresh)+len(old))
	out := make([]string, 0, len(fresh)+len(old))
	for _, list := range [][]string{fresh, old} {
		for _, n := range list {
			if n != "" && !seen[n] && len(out) < max {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// apisKey names the completion file of a gateway's API names (the name hashed: it may hold
// characters a file name should not).
func apisKey(gateway string) string {
	sum := sha256.Sum256([]byte(gateway))
	return "apis-" + hex.EncodeToString(sum[:8])
}

// loadSeenAPIs reads the API names seen of one gateway.
func (a *App) loadSeenAPIs(gateway string) []string {
	var names []string
	if dc := newDiskCache(a.completionScope()); dc != nil {
		dc.Load(apisKey(gateway), &names)
	}
	return names
}

func (a *App) loadSeen() seenNames {
	var s seenNames
	if dc := newDiskCache(a.completionScope()); dc != nil {
		dc.Load("names", &s)
	}
	return s
}

const noFiles = cobra.ShellCompDirectiveNoFileComp

func withPrefix(names []string, prefix string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

// completeGatewayThenAPIs completes a gateway first, then (up to maxAPIs of them) its APIs.
func (a *App) completeGatewayThenAPIs(maxAPIs int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		s := a.loadSeen()
		if len(args) == 0 {
			return withPrefix(s.Gateways, toComplete), noFiles
		}
		if len(args) > maxAPIs {
			return nil, noFiles
		}
		taken := map[string]bool{}
		for _, x := range args[1:] {
			taken[x] = true
		}
		var out []string
		for _, n := range withPrefix(a.loadSeenAPIs(args[0]), toComplete) {
			if !taken[n] {
				out = append(out, n)
			}
		}
		return out, noFiles
	}
}

func (a *App) completeGateway(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, noFiles
	}
	return withPrefix(a.loadSeen().Gateways, toComplete), noFiles
}

func (a *App) completeStage(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	s := a.loadSeen()
	var stages []string
	if len(args) > 0 {
		stages = s.Stages[args[0]]
	}
	if len(stages) == 0 {
		stages = []string{"prod", "test"}
	}
	return withPrefix(stages, toComplete), noFiles
}

func (a *App) completeRecord(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, noFiles
	}
	var out []string
	for _, r := range a.loadSeen().Records {
		id := strconv.Itoa(r.ID)
		if strings.HasPrefix(id, toComplete) {
			out = append(out, id+"\t"+r.Gateway+" "+r.Status) // the shell shows it as a description
		}
	}
	return out, noFiles
}

func (a *App) completeProfile(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	f, _, err := a.loadConfig()
	if err != nil {
		return nil, noFiles
	}
	var out []string
	for _, p := range f.Profiles {
		if strings.HasPrefix(p.Name, toComplete) {
			out = append(out, p.Name)
		}
	}
	return out, noFiles
}

func fixedValues(vs ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) { return vs, noFiles }
}

// addCompletions wires value completion into the command tree once it is built.
func (a *App) addCompletions(root *cobra.Command) {
	_ = root.RegisterFlagCompletionFunc("profile", a.completeProfile)
	_ = root.RegisterFlagCompletionFunc("lang", fixedValues("en", "zh"))
	byName := map[string]cobra.CompletionFunc{
		"gateway": a.completeGateway, "apis": a.completeGateway, "perms": a.completeGateway, "sdks": a.completeGateway,
		"doc": a.completeGatewayThenAPIs(1), "call": a.completeGatewayThenAPIs(1), "snippet": a.completeGatewayThenAPIs(1),
		"apply": a.completeGatewayThenAPIs(1 << 20), "renew": a.completeGatewayThenAPIs(1 << 20),
		"records": a.completeRecord,
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if f, ok := byName[c.Name()]; ok && c.Parent() == root {
			c.ValidArgsFunction = f
		}
		if c.Name() == "use" && c.Parent() != nil && c.Parent().Name() == "profiles" {
			c.ValidArgsFunction = a.completeProfile
		}
		if c.Parent() != nil && c.Parent().Name() == "mcp" {
			max := 1
			if c.Name() == "apply" {
				max = 50
			}
			if c.Name() != "list" && c.Name() != "records" {
				c.ValidArgsFunction = a.completeMCP(max)
			}
		}
		if c.Parent() != nil && c.Parent().Name() == "components" && c.Name() != "systems" && c.Name() != "records" {
			c.ValidArgsFunction = a.completeSystemThenComponents(c.Name() == "apply" || c.Name() == "renew")
		}
		flags := map[string]cobra.CompletionFunc{
			"stage": a.completeStage, "days": fixedValues("180", "360", "0"),
			// Checked where they are used (the console's forms share the rules): completed here.
			"ui-lang": fixedValues("en", "zh"), "token-name": fixedValues("bk_token", "bk_ticket"),
			"client": fixedValues(snippet.MCPClientList()...),
		}
		if c.Name() == "records" {
			flags["gateway"] = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				return a.completeGateway(cmd, nil, toComplete)
			}
		}
		for name, fn := range flags {
			if c.LocalFlags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completeMCP completes MCP server names (up to max of them).
func (a *App) completeMCP(max int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= max {
			return nil, noFiles
		}
		return withPrefix(a.loadSeen().MCP, toComplete), noFiles
	}
}

// completeSystemThenComponents completes an ESB system, then its components.
func (a *App) completeSystemThenComponents(many bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		s := a.loadSeen()
		if len(args) == 0 {
			var names []string
			for sys := range s.Systems {
				names = append(names, sys)
			}
			sort.Strings(names)
			return withPrefix(names, toComplete), noFiles
		}
		if len(args) > 1 && !many || cmd.Name() == "list" {
			return nil, noFiles
		}
		return withPrefix(s.Systems[args[0]], toComplete), noFiles
	}
}
