package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"
)

// mcpCommand is `bkconsole mcp …`: BlueKing MCP servers for AI agents, from the terminal.
func (a *App) mcpCommand() *cobra.Command {
	c := &cobra.Command{Use: "mcp", Short: "MCP servers: find one, apply for it, write your AI client's config, try a tool", Args: cobra.NoArgs}
	c.AddCommand(a.mcpListCommand(), a.mcpShowCommand(), a.mcpApplyCommand(), a.mcpRecordsCommand(), a.mcpConfigCommand(),
		a.mcpToolsCommand(), a.mcpCallCommand(), a.mcpLoginCommand(), a.mcpLogoutCommand())
	return c
}

// mcpListOptions are the arguments and flags of `bkconsole mcp list` (cmdBase: the app it runs in).
type mcpListOptions struct {
	cmdBase
	query  string
	asJSON bool
}

func (a *App) mcpListCommand() *cobra.Command {
	o := &mcpListOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "list", Short: "MCP servers with this app's permission on each", Args: cobra.NoArgs})
	c.Flags().StringVarP(&o.query, "query", "q", "", "keyword in name, title or description")
	jsonFlag(c, &o.asJSON)
	return c
}

func (o *mcpListOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	list, via, err := p.MCPServers(ctx, o.query)
	if err != nil {
		return err
	}
	for _, x := range list {
		a.sawMCP(x.MCPServer.Name)
	}
	if o.asJSON {
		a.via(via)
		return a.writeJSON(list)
	}
	if len(list) == 0 && o.query == "" {
		fmt.Fprintln(a.Stdout, a.T("mcp.list_empty"))
		a.via(via)
		return nil
	}
	if len(list) == 0 {
		fmt.Fprintln(a.Stdout, a.T("mcp.none", o.query))
		a.via(via)
		return nil
	}
	rows := make([][]string, 0, len(list))
	for _, x := range list {
		s := x.MCPServer
		mark := ""
		if s.IsOfficial {
			mark = a.T("mark.official")
		}
		rows = append(rows, []string{s.Name, a.cell(s.Title, 30), strconv.Itoa(s.ToolsCount.Int()), s.ProtocolType, mark, x.Permission.StatusText(a.L())})
	}
	// The status whole: where not all fits, the markers and the protocol go first (the status,
	// last, was left out at 60 columns while the title was cut).
	a.table([]string{a.T("col.name"), a.T("col.title"), a.T("col.tools"), a.T("col.protocol"), a.T("col.markers"), a.T("col.status")}, rows, 5)
	if client.StatusUnknown(list) {
		a.notice("%s", a.T("mcp.status_needs"))
	}
	a.via(via)
	return nil
}

func (a *App) mcpShowCommand() *cobra.Command {
	return a.jsonCommand(&cobra.Command{Use: "show NAME", Short: "One MCP server: description, tools, connection URL and this app's status", Args: cobra.ExactArgs(1)}, (*jsonOptions).mcpShow)
}

func (o *jsonOptions) mcpShow(ctx context.Context, p *client.Planner) error {
	a := o.app
	x, via, err := p.FindMCPServer(ctx, o.args[0])
	if err != nil {
		return err
	}
	s := x.MCPServer
	if d, derr := p.MCPDetail(ctx, s.ID); derr == nil {
		s.Tools, s.Guideline, s.Prompts, s.Maintainers, s.UserCustomDoc = d.Tools, d.Guideline, d.Prompts, d.Maintainers, d.UserCustomDoc
	}
	if o.asJSON {
		return a.writeJSON(client.MCPServerPermission{MCPServer: s, Permission: x.Permission})
	}
	untrusted.Strings(&s)
	fmt.Fprintf(a.Stdout, "%s  %s\n%s\n\n", s.Name, s.Title, s.Description)
	rows := [][]string{
		{a.T("col.status"), x.Permission.StatusText(a.L())},
		{a.T("col.protocol"), s.ProtocolType},
		{a.T("field.url"), s.URL},
	}
	if x.Permission.ApprovalURL != "" {
		rows = append(rows, []string{a.T("field.approval"), untrusted.Line(x.Permission.ApprovalURL)})
	}
	printTable(a.Stdout, []string{"", ""}, rows)
	if len(s.Tools) > 0 {
		fmt.Fprintln(a.Stdout)
		var trows [][]string
		for _, t := range s.Tools {
			trows = append(trows, []string{t.Name, t.Method, t.Path, a.cell(t.Description, 50)})
		}
		a.table([]string{a.T("col.tool"), a.T("col.method"), a.T("col.path"), a.T("col.description")}, trows)
	} else if len(s.ToolNames) > 0 {
		fmt.Fprintf(a.Stdout, "\n%s%s\n", a.label("col.tools"), strings.Join(s.ToolNames, ", "))
	}
	if len(s.Prompts) > 0 {
		fmt.Fprintln(a.Stdout)
		var prows [][]string
		for _, p := range s.Prompts {
			content := a.cell(strings.ReplaceAll(p.Content, "\n", " "), 60)
			if !p.IsPublic {
				content = a.T("mcp.prompt_private")
			}
			prows = append(prows, []string{p.Name, p.Code, content})
		}
		a.table([]string{a.T("col.prompt"), a.T("col.code"), a.T("col.content")}, prows)
	}
	a.via(via)
	if step := a.mcpNextStep(s.Name, x.Permission.Status); step != "" {
		a.notice("%s", step)
	}
	return nil
}

// mcpNextStep is the command that moves a server the app does not own on, as the gateway's
// permission table says its apply command: apply for one not applied for or rejected, follow
// one pending. "" for the rest.
func (a *App) mcpNextStep(name string, status string) string {
	switch status {
	case client.MCPNeedApply, client.MCPRejected:
		return a.T("call.apply_cmd", fmt.Sprintf("bkconsole mcp apply %s --reason '…'", shellWord(name)))
	case client.MCPPending:
		return a.T("write.follow", "bkconsole mcp records --server "+shellWord(name))
	}
	return ""
}

func (a *App) mcpApplyCommand() *cobra.Command {
	return a.writeCommand(kindCommands[client.KindMCP].apply, "Apply for MCP servers in one batch (the applicant: the profile's username, else the logged-in user)", 1, true, false, (*writeOptions).mcpApply)
}

func (o *writeOptions) mcpApply(cmd *cobra.Command) error {
	a := o.app
	if err := a.checkApplication(client.KindMCP, o.writeFlags, len(o.args)); err != nil {
		return err
	}
	ctx, cancel, p, err := a.begin(cmd)
	defer cancel()
	if err != nil {
		return err
	}
	all, _, err := p.MCPServers(ctx, "")
	if err != nil {
		return err
	}
	picked, err := pickNamed(all, o.args, func(x client.MCPServerPermission) (string, int) { return x.MCPServer.Name, x.MCPServer.ID }, func(n string, hit *client.MCPServerPermission) error {
		if hit == nil {
			return &client.ErrNotFound{What: "mcp", Name: n}
		}
		if !hit.Applicable() {
			return usageErr("%s", a.T(client.NotApplicableKey(hit.Permission.Status, false), n, hit.Permission.StatusText(a.L())))
		}
		return nil
	})
	if err != nil {
		return err
	}
	var ids []int
	var names []string
	nameOf := map[int]string{} // the answer names servers by id; users know their names
	for _, x := range picked {
		ids, names = append(ids, x.MCPServer.ID), append(names, x.MCPServer.Name)
		nameOf[x.MCPServer.ID] = x.MCPServer.Name
	}
	res := []client.MCPApplyResult{} // JSON: [] when the Developer Center answers with no body
	sent := client.Sent{Kind: client.KindMCP, Items: names, Reason: o.reason}
	// The applicant: the profile's username, else whoever the Developer Center says is logged in.
	via, handled, err := a.sendApplication(ctx, p, o.writeFlags, &sent, func() (client.Surface, error) {
		got, via, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: ids, Reason: o.reason})
		res = append(res, got...)
		return via, err
	})
	if handled {
		return err
	}
	lines := []string{i18n.N(a.L(), "mcp.applied", len(ids))}
	for _, r := range res {
		if r.ApprovalURL != "" {
			name := nameOf[r.MCPServerID]
			if name == "" {
				name = strconv.Itoa(r.MCPServerID)
			}
			lines = append(lines, a.T("mcp.approval", name, untrusted.Line(r.ApprovalURL)))
		}
	}
	// The inner and open APIs name the records made; the Developer Center answers with no body,
	// and its records tell them (one per server, in the order applied for).
	records := client.MCPRecordsMade(ctx, p, sent, res)
	if len(records) > 0 { // as apply says its record: "applied for 2 MCP servers: records 4, 5"
		lines[0] = i18n.Label(a.L(), lines[0]) + i18n.Records(a.L(), records)
	}
	if len(res) == 0 && len(records) == len(ids) {
		for i, id := range records {
			res = append(res, client.MCPApplyResult{RecordID: id, BkAppCode: p.Cfg.AppCode, MCPServerID: ids[i]})
		}
	}
	return a.reportApplication(o.writeFlags, sent.Kind, via, res, records, lines, func() error { return a.awaitDecision(ctx, p, o.writeFlags, client.KindMCP, records) })
}

func (a *App) mcpRecordsCommand() *cobra.Command {
	return recordsCommand(a, recordKind[client.MCPServerRecord, client.MCPServerRecord]{
		kind:  client.KindMCP,
		short: "Your MCP server applications (newest first), or one; --wait blocks until it is decided",
		list:  mcpRecords,
		one:   (*client.Planner).MCPRecord,
		more: func(_ *App, r client.MCPServerRecord) (string, [][]string, [][]string) {
			return r.Record.ApprovalURL, nil, nil
		},
	})
}

// mcpRecords are the app's MCP applications that q asks for: the servers answer them all at
// once, so the status and the server's name are filtered here.
func mcpRecords(p *client.Planner, ctx context.Context, q client.RecordQuery) ([]client.MCPServerRecord, client.Surface, error) {
	rs, via, err := p.MCPRecords(ctx)
	return slices.DeleteFunc(rs, func(r client.MCPServerRecord) bool {
		return q.ApplyStatus != "" && r.Record.ApplyStatus != q.ApplyStatus ||
			!strings.Contains(strings.ToLower(r.MCPServer.Name), strings.ToLower(q.Query))
	}), via, err
}

// mcpConfigOptions are the arguments and flags of
// `bkconsole mcp config` (cmdBase: the app it runs in).
type mcpConfigOptions struct {
	cmdBase
	which string
	mode  string
	write string
	cl    snippet.MCPClient // which, read by validate
}

func (a *App) mcpConfigCommand() *cobra.Command {
	o := &mcpConfigOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "config NAME", Short: "Your AI client's configuration for an MCP server, in the form the client loads", Args: cobra.ExactArgs(1)})
	c.Flags().StringVar(&o.which, "client", "cursor", "cursor, claude-desktop (through mcp-remote), claude-code (the command), claude-code-json (its .mcp.json; also \"claude\"), vscode or codebuddy")
	enumFlag(c, &o.mode, "secrets", "masked", "masked; env has the client read $BK_APP_SECRET, $BK_TOKEN; inline shows them", secretModes...)
	c.Flags().StringVar(&o.write, "write", "", "merge into this client config file (other servers kept, a backup made); needs --secrets env or inline")
	credentialFlag(c, a)
	return c
}

func (o *mcpConfigOptions) validate() error {
	cl, known := snippet.ParseMCPClient(o.which)
	if !known {
		return usageErr("%s", o.app.T("cli.bad_mcp_client", snippet.MCPClientNames()))
	}
	if o.write != "" && (cl == snippet.ClaudeCode || o.mode == "masked") {
		return usageErr("%s", o.app.T("mcp.write_needs"))
	}
	o.cl = cl
	return nil
}

func (o *mcpConfigOptions) runWith(ctx context.Context, p *client.Planner) error {
	a, cl := o.app, o.cl
	x, _, err := p.FindMCPServer(ctx, o.args[0])
	if err != nil {
		return err
	}
	s := x.MCPServer
	if err := p.CheckMCPURL(s); err != nil {
		return err // a config would send the credentials there on every start of the client
	}
	auth := p.Cfg.AppAuth()
	if client.MCPNeedsUser(s) {
		auth = p.Cfg.UserAuth()
	}
	var t snippet.MCPTarget
	switch a.mcpCred {
	case client.MCPCredPersonal:
		if err := client.NoPersonalTokens(s); err != nil {
			return err
		}
		if p.Cfg.PersonalToken == "" && o.mode == "inline" {
			return usageErr("%s", a.T("input.no_personal_token"))
		}
		t = snippet.TargetWithToken(s, p.Cfg.PersonalToken, p.Cfg.TenantID, cl, snippet.Mode(o.mode))
	case client.MCPCredApp:
		s.OAuth2PublicClientEnabled = false // X-Bkapi-Authorization, even where the client could log in
		t = snippet.TargetFor(s, auth, p.Cfg.TenantID, cl, snippet.Mode(o.mode))
	default:
		t = snippet.TargetFor(s, auth, p.Cfg.TenantID, cl, snippet.Mode(o.mode))
		if t.Headers == nil {
			a.notice("%s", a.T("mcp.config_oauth"))
		}
	}
	switch {
	case o.mode == "inline" && cl == snippet.VSCode:
		a.notice("%s", a.T("mcp.vscode_inputs"))
	case o.mode == "inline":
		a.notice("%s", a.T("snippet.inline_warning"))
	}
	if v := snippet.MCPRemoteEnvHint(cl, t); v != "" && a.mcpCred == client.MCPCredPersonal {
		a.notice("%s", a.T("mcp.remote_env_bearer", v))
	} else if v != "" {
		a.notice("%s", a.T("mcp.remote_env", v))
	}
	// Written or printed, the config is said to be refused or short-lived where it will be
	// (--write had said neither).
	if o.write != "" {
		err = a.writeMCPConfig(o.write, cl, t)
	} else {
		err = a.printMCPConfig(cl, t)
	}
	if err != nil {
		return err
	}
	if x.Permission.Status != client.MCPOwned && x.Permission.Status != client.MCPUnknown && carriesAppAuth(t) {
		said := a.T("mcp.not_owned_yet", s.Name, x.Permission.StatusText(a.L()))
		if step := a.mcpNextStep(s.Name, x.Permission.Status); step != "" {
			said += " — " + step
		}
		a.notice("bkconsole: %s", said)
	}
	if a.ephemeral {
		a.notice("bkconsole: %s", a.T("sandbox.ephemeral"))
	}
	return nil
}

// printMCPConfig prints a client's config, and Cursor's install link where it can carry one.
func (a *App) printMCPConfig(cl snippet.MCPClient, t snippet.MCPTarget) error {
	out, err := snippet.MCPConfig(cl, t)
	if err != nil {
		return err
	}
	if isTerminal(a.Stdout) {
		out = untrusted.Text(out)
	}
	fmt.Fprint(a.Stdout, out)
	switch {
	case cl == snippet.Cursor && snippet.Installable(t):
		a.notice("%s", a.T("mcp.cursor_link", snippet.CursorInstallLink(t)))
	case cl == snippet.Cursor:
		a.notice("%s", a.T("mcp.cursor_link_masked", a.T("cli.run_with", "--secrets env")))
	}
	return nil
}

// writeMCPConfig merges the server into a client's config file: other servers and settings are
// kept, the old file is copied aside first, and the new one replaces it atomically.
func (a *App) writeMCPConfig(path string, cl snippet.MCPClient, t snippet.MCPTarget) error {
	backup, err := snippet.WriteMCPConfig(path, cl, t, time.Now())
	var me *snippet.MergeError
	if errors.As(err, &me) {
		return usageErr("%s: %s", untrustedPath(me.Path), client.Present(me.Err, a.L()).Message)
	}
	if err != nil {
		return fmt.Errorf("%s", a.fileWriteProblem(err))
	}
	if backup != "" {
		a.notice("%s", a.T("mcp.backup", backup))
	}
	fmt.Fprintln(a.Stdout, a.T("mcp.written", t.Name, path))
	return nil
}

// mcpSession connects to a named server.
func (a *App) mcpSession(cmd *cobra.Command, name string) (*client.MCPSession, *client.Planner, client.MCPServerPermission, error) {
	ctx, cancel, p, err := a.begin(cmd)
	defer cancel()
	if err != nil {
		return nil, nil, client.MCPServerPermission{}, err
	}
	x, _, err := p.FindMCPServer(ctx, name)
	if err != nil {
		return nil, p, x, err
	}
	sess, err := p.MCPConnect(cmd.Context(), x.MCPServer)
	return sess, p, x, err
}

// mcpToolsOptions are the arguments and flags of
// `bkconsole mcp tools` (cmdBase: the app it runs in).
type mcpToolsOptions struct {
	cmdBase
	asJSON bool
}

func (a *App) mcpToolsCommand() *cobra.Command {
	o := &mcpToolsOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "tools NAME", Short: "Connect to an MCP server as an AI client would and list its tools", Args: cobra.ExactArgs(1)})
	jsonFlag(c, &o.asJSON)
	credentialFlag(c, a)
	return c
}

func (o *mcpToolsOptions) run(cmd *cobra.Command) error {
	a := o.app
	sess, p, x, err := a.mcpSession(cmd, o.args[0])
	if err != nil {
		return a.mcpFailure(o.args[0], err)
	}
	defer sess.Close()
	ctx, cancel := commandContext(cmd)
	defer cancel()
	tools, err := sess.Tools(ctx)
	if err != nil {
		return a.mcpFailure(o.args[0], err)
	}
	var detail client.MCPServer // the tools in the reader's language, where the server's page says them
	if !o.asJSON {
		detail, _ = p.MCPDetail(ctx, x.MCPServer.ID)
	}
	return printList(a, o.asJSON, "", tools, []string{"tool", "description"}, a.T("mcp.no_tools", o.args[0]), func(t *mcp.Tool) []string {
		return []string{t.Name, a.cell(detail.ToolDescription(t.Name, t.Description), 70)}
	})
}

// mcpFailure adds the exact command that fixes a missing permission.
func (a *App) mcpFailure(name string, err error) error {
	if client.HintOf(err).Fix == client.FixApplyMCP {
		return fixCommand{err, "call.apply_cmd", fmt.Sprintf("bkconsole mcp apply %s --reason '…'", name)}
	}
	return err
}

// withNearTools offers, when the server refused the call for a tool it does not have, the
// server's tools most like the one typed: those its listing names, else those it lists now.
func withNearTools(ctx context.Context, sess *client.MCPSession, server string, listed []string, tool string, err error) error {
	var refused *client.MCPError
	if !errors.As(err, &refused) || !refused.RPC || slices.Contains(listed, tool) {
		return err
	}
	names := listed
	if len(names) == 0 {
		ts, _ := sess.Tools(ctx)
		for _, t := range ts {
			names = append(names, t.Name)
		}
	}
	if len(names) == 0 || slices.Contains(names, tool) {
		return err // the tool exists (the refusal is of its arguments), or none are known
	}
	// A tool the server does not have is a name on the command line that is not there, as an
	// API or a server is (exit 2, where its names are listed): it read "the server refused".
	return withNearest(&client.ErrNotFound{What: "tool", Name: tool, Gateway: server, Cause: err}, tool, names)
}

// mcpCallOptions are the arguments and flags of `bkconsole mcp call` (cmdBase: the app it runs in).
type mcpCallOptions struct {
	cmdBase
	argsJSON string
	asJSON   bool
}

func (a *App) mcpCallCommand() *cobra.Command {
	o := &mcpCallOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "call NAME TOOL [ARGS]", Short: "Call one tool of an MCP server (arguments as a JSON object) and print its result", Args: cobra.RangeArgs(2, 3)})
	c.Flags().StringVar(&o.argsJSON, "args", "", `the tool's arguments (or ARGS), a JSON object in the proxy's shape: path_param, query_param (a value may be a list), header_param, body_param (e.g. '{"path_param": {"id": "7"}, "query_param": {"fields": ["a", "b"]}}')`)
	jsonFlag(c, &o.asJSON, "print the MCP result as JSON")
	credentialFlag(c, a)
	return c
}

func (o *mcpCallOptions) run(cmd *cobra.Command) error {
	a := o.app
	if len(o.args) == 3 { // the arguments' object after the tool, as a shell user writes it
		if o.argsJSON != "" {
			return usageErr("%s", a.T("mcp.args_twice"))
		}
		o.argsJSON = o.args[2]
	}
	if err := client.CheckToolArgs([]byte(o.argsJSON)); err != nil {
		return a.usageOf(err)
	}
	sess, _, x, err := a.mcpSession(cmd, o.args[0])
	if err != nil {
		return a.mcpFailure(o.args[0], err)
	}
	defer sess.Close()
	ctx, cancel := commandContext(cmd)
	defer cancel()
	start := time.Now()
	res, err := sess.Call(ctx, o.args[1], json.RawMessage(o.argsJSON))
	_ = a.historyStore().Add(history.FromToolCall(x.MCPServer.Name, x.MCPServer.ID, o.args[1], []byte(o.argsJSON),
		err == nil && res.IsError, err, time.Since(start), time.Now()))
	if err != nil {
		return a.mcpFailure(o.args[0], withNearTools(ctx, sess, x.MCPServer.Name, x.MCPServer.ToolNames, o.args[1], err))
	}
	if o.asJSON {
		if err := a.writeJSON(res); err != nil {
			return err
		}
	} else {
		text := client.RenderToolParts(client.ToolParts(res), a.L())
		if isTerminal(a.Stdout) {
			text = untrusted.Text(text)
		}
		fmt.Fprintln(a.Stdout, text)
	}
	if res.IsError {
		a.notice("bkconsole: %s", a.T("mcp.tool_error", o.args[1]))
		return silentExit{}
	}
	return nil
}

// carriesAppAuth tells whether a configuration calls with the app's credentials (a token's
// calls need no app permission: its audience is the check).
func carriesAppAuth(t snippet.MCPTarget) bool {
	for _, h := range t.Headers {
		if h.Key == "X-Bkapi-Authorization" {
			return true
		}
	}
	return false
}
