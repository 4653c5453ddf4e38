package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// requestFlags are the flags call and snippet share.
type requestFlags struct {
	stage, method, body, fromCurl string
	pathParams, query, headers    []string
	vars                          []string
	user, bearer                  bool
	// An AI resource's conversation, when no body is given: one user message, a model, streaming.
	message, model string
	noStream       bool
}

func (rf *requestFlags) add(c *cobra.Command) {
	f := c.Flags()
	f.StringVarP(&rf.stage, "stage", "s", "", "stage (default: the profile's first, prod)")
	f.StringVarP(&rf.method, "method", "X", "", "method (for ANY APIs, or a path given instead of a name)")
	f.StringArrayVar(&rf.pathParams, "path-param", nil, "path parameter k=v (repeatable)")
	f.StringArrayVarP(&rf.query, "query", "q", nil, "query parameter k=v (repeatable)")
	f.StringArrayVarP(&rf.headers, "header", "H", nil, "header 'K: V' (repeatable)")
	f.StringVarP(&rf.body, "data", "d", "", "request body, or @file, or @- for stdin")
	f.BoolVar(&rf.user, "user", false, "authenticate the user too (bk_token or access_token)")
	f.BoolVar(&rf.bearer, "bearer", false, "send the profile's personal token as Authorization: Bearer instead of X-Bkapi-Authorization (APIs that accept personal tokens)")
	f.StringVar(&rf.fromCurl, "from-curl", "", "read the request from a curl command in FILE (- for stdin)")
	f.StringVar(&rf.message, "message", "", "AI resources: the user's message (the body is then a Chat Completions request)")
	f.StringVar(&rf.model, "model", "", "AI resources with --message: the model to ask for (the gateway may fix its own)")
	f.BoolVar(&rf.noStream, "no-stream", false, "AI resources with --message: ask for one JSON answer instead of a stream")
	varFlag(c, &rf.vars)
}

// varFlag declares --var, on every command that sends a request that may hold {{variables}}.
func varFlag(c *cobra.Command, v *[]string) {
	c.Flags().StringArrayVar(v, "var", nil, "variable name=value for {{name}} in path parameters, query, headers and body (repeatable; before the profile's and BKCONSOLE_VAR_name)")
}

// inFlag names the flag a mistaken value was given with: `-q page` said only "write key=value".
func (a *App) inFlag(flag string, err error) error {
	var in *client.ErrUserInput
	if errors.As(err, &in) {
		return usageErr("%s", i18n.Label(a.L(), flag)+a.T(in.Key, in.Args...))
	}
	return err
}

// pathParams reads --path-param into r, refusing a name its path does not take: it was
// dropped without a word (a typo, or a sub-path the Help Center's path does not show).
func (a *App) pathParams(r *client.CallRequest, flags []string) error {
	takes := client.PathParams(r.Path)
	for _, s := range flags {
		kv, err := splitKV(s, "=", "input.bad_kv")
		if err != nil {
			return a.inFlag("--path-param", err)
		}
		if !slices.Contains(takes, kv.Key) {
			return a.inFlag("--path-param", unknownPathParam(*r, kv.Key, takes))
		}
		r.PathParams[kv.Key] = kv.Value
	}
	return nil
}

func unknownPathParam(r client.CallRequest, name string, takes []string) error {
	if len(takes) > 0 {
		return &client.ErrUserInput{Key: "input.unknown_path_param", Args: []any{name, r.Path, strings.Join(takes, ", ")}}
	}
	if name == client.SubPathParam {
		// The Help Center's path does not say whether an API matches every sub-path.
		sub := strings.TrimSuffix(r.Path, "/") + "/…"
		return &client.ErrUserInput{Key: "input.subpath_by_path", Args: []any{r.Path, r.Gateway, sub}}
	}
	return &client.ErrUserInput{Key: "input.no_path_params", Args: []any{name, r.Path}}
}

func splitKV(s, sep, key string) (client.KV, error) {
	k, v, ok := strings.Cut(s, sep)
	if !ok || strings.TrimSpace(k) == "" {
		return client.KV{}, &client.ErrUserInput{Key: key, Args: []any{s}}
	}
	if sep == ":" {
		// A header cannot carry a line break (it would be a second header): refused here,
		// before anything is sent.
		if strings.ContainsAny(s, "\r\n\x00") || !httpguts.ValidHeaderFieldName(strings.TrimSpace(k)) {
			return client.KV{}, &client.ErrUserInput{Key: key, Args: []any{s}}
		}
		return client.KV{Key: strings.TrimSpace(k), Value: strings.TrimLeft(v, " ")}, nil
	}
	return client.KV{Key: k, Value: v}, nil
}

// buildRequest resolves the API and the flags into a call request, its {{variables}}
// resolved; nothing is sent.
func (a *App) buildRequest(ctx context.Context, p *client.Planner, rf requestFlags, args []string) (client.CallRequest, string, error) {
	raw, resName, err := a.rawRequest(ctx, p, rf, args)
	if err != nil {
		return raw, resName, err
	}
	r, err := a.expandVars(raw, resName, rf.vars)
	return r, resName, err
}

// rawRequest is buildRequest with the variables left as written (what --save keeps).
func (a *App) rawRequest(ctx context.Context, p *client.Planner, rf requestFlags, args []string) (client.CallRequest, string, error) {
	var r client.CallRequest
	if rf.fromCurl != "" {
		if err := a.curlAlone(rf, args); err != nil {
			return r, "", err
		}
		return a.requestFromCurl(ctx, p, rf.fromCurl)
	}
	if len(args) != 2 {
		return r, "", usageErr("%s", a.T("cli.call_needs_target"))
	}
	if rf.stage == "" {
		rf.stage = p.Cfg.StageList()[0]
	}
	if !client.ValidStage(rf.stage) {
		return r, "", &client.ErrUserInput{Key: "input.bad_stage", Args: []any{rf.stage}}
	}
	r = client.CallRequest{Gateway: args[0], Stage: rf.stage, WithUser: rf.user, Bearer: rf.bearer, PathParams: map[string]string{}}
	resourceName := ""
	if strings.HasPrefix(args[1], "/") {
		r.Path, r.Method = args[1], rf.method
	} else {
		var err error
		if resourceName, err = a.namedResource(ctx, p, rf, args, &r); err != nil {
			return r, "", err
		}
	}
	if r.Method == "" {
		r.Method = "GET"
	}
	if r.Method = strings.ToUpper(r.Method); !slices.Contains(client.Methods, r.Method) {
		return r, "", usageErr("%s", a.T("input.bad_method", r.Method, strings.Join(client.Methods, ", ")))
	}
	if err := a.pathParams(&r, rf.pathParams); err != nil {
		return r, "", err
	}
	for _, s := range rf.query {
		kv, err := splitKV(s, "=", "input.bad_kv")
		if err != nil {
			return r, "", a.inFlag("--query", err)
		}
		r.Query = append(r.Query, kv)
	}
	for _, s := range rf.headers {
		kv, err := splitKV(s, ":", "input.bad_header")
		if err != nil {
			return r, "", a.inFlag("--header", err)
		}
		r.Headers = append(r.Headers, kv)
	}
	body, err := a.readBody(ctx, rf.body)
	if err != nil {
		return r, "", err
	}
	r.Body = body
	if rf.message != "" || rf.model != "" || rf.noStream {
		if r.Body, err = a.chatBody(r.AI, &rf); err != nil {
			return r, "", err
		}
	}
	return r, resourceName, nil
}

// namedResource fills r with the API args name: its path, its method (or -X's, for an ANY
// API, which needs one), whether it needs the user, whether it is an AI resource.
func (a *App) namedResource(ctx context.Context, p *client.Planner, rf requestFlags, args []string, r *client.CallRequest) (string, error) {
	rs, _, err := p.Resources(ctx, args[0], rf.stage)
	if err != nil {
		return "", err
	}
	for _, x := range rs {
		a.sawAPI(args[0], x.Name)
	}
	res, err := findResource(rs, args[0], rf.stage, args[1])
	if err != nil {
		return "", err
	}
	r.Path, r.Method = res.Path, res.Method
	switch {
	case res.Method == "ANY" && rf.method == "":
		return "", usageErr("%s", a.T("input.any_needs_method", res.Name, strings.Join(client.Methods, ", ")))
	case res.Method == "ANY":
		r.Method = rf.method
	case rf.method != "" && !strings.EqualFold(rf.method, res.Method):
		return "", usageErr("%s", a.T("input.method_fixed", res.Name, res.Method, rf.method, args[0], res.Path))
	}
	r.WithUser = r.WithUser || res.VerifiedUserRequired
	r.AI = res.IsAI()
	return res.Name, nil
}

// chatBody is an AI resource's Chat Completions request built from --message, --model and
// --no-stream.
func (a *App) chatBody(ai bool, rf *requestFlags) ([]byte, error) {
	switch {
	case !ai:
		return nil, usageErr("%s", a.T("chat.flags_need_ai"))
	case rf.body != "":
		return nil, usageErr("%s", a.T("chat.flags_or_body"))
	case rf.message == "": // the model was sent an empty user message
		return nil, usageErr("%s", a.T("chat.needs_message"))
	}
	return json.Marshal(client.ChatBody{Messages: []client.ChatMessage{{Role: "user", Content: rf.message}}, Stream: !rf.noStream, Model: rf.model})
}

func (a *App) readBody(ctx context.Context, spec string) ([]byte, error) {
	if strings.HasPrefix(spec, "@") {
		return a.readUserFile(ctx, spec[1:])
	}
	return []byte(spec), nil
}

// curlAlone refuses what would shape the request beside --from-curl: the command gives all of
// it, and a header or a message given too was dropped without a word.
func (a *App) curlAlone(rf requestFlags, args []string) error {
	if len(args) > 0 {
		return usageErr("%s", a.T("cli.from_curl_args", strings.Join(args, " ")))
	}
	for _, f := range []struct {
		name string
		set  bool
	}{{"--stage", rf.stage != ""}, {"--method", rf.method != ""}, {"--path-param", len(rf.pathParams) > 0}, {"--query", len(rf.query) > 0},
		{"--header", len(rf.headers) > 0}, {"--data", rf.body != ""}, {"--user", rf.user}, {"--bearer", rf.bearer},
		{"--message", rf.message != ""}, {"--model", rf.model != ""}, {"--no-stream", rf.noStream}} {
		if f.set {
			return usageErr("%s", a.T("cli.from_curl_alone", f.name))
		}
	}
	return nil
}

// requestFromCurl fills a request from a pasted curl command; its secrets are used for this
// call only, never written anywhere.
func (a *App) requestFromCurl(ctx context.Context, p *client.Planner, src string) (client.CallRequest, string, error) {
	if looksLikeCurl(src) {
		// Not repeated: the command's credentials would go to stderr again.
		return client.CallRequest{}, "", usageErr("%s", a.T("call.curl_inline"))
	}
	b, err := a.readUserFile(ctx, src)
	if err != nil {
		return client.CallRequest{}, "", err
	}
	parsed, err := snippet.ParseCurl(string(b))
	var rec snippet.Recognised
	if err == nil {
		rec, err = snippet.Recognise(p.Cfg.APIURLTmpl, parsed.URL)
	}
	if err != nil {
		return client.CallRequest{}, "", usageErr("--from-curl: %s", client.Present(err, a.L()).Line(a.L()))
	}
	r := client.CallRequest{Gateway: rec.Gateway, Stage: rec.Stage, Method: parsed.Method, Path: rec.Path, Query: rec.Query,
		Headers: parsed.Headers, Body: parsed.Body}
	if auth, withUser, ok := p.Cfg.PastedAuth(parsed.Auth); ok {
		// The pasted credentials stand in for this call; the profile keeps its own.
		r.Auth, r.WithUser = &auth, withUser
		a.notice("%s", a.T("call.curl_secrets"))
	}
	return r, "", nil
}

// looksLikeCurl: --from-curl was given the command itself rather than a file holding it.
func looksLikeCurl(src string) bool {
	fields := strings.Fields(src)
	if len(fields) < 2 || fields[0] != "curl" {
		return false
	}
	_, err := os.Stat(src)
	return err != nil
}

// historyStore is the run's history; in the CLI its notices go to stderr.
func (a *App) historyStore() *history.Store {
	return &history.Store{Path: filepath.Join(stateDir(), "history.json"), Notice: func(key string, args ...any) {
		a.notice("bkconsole: %s", a.T(key, args...))
	}}
}

// callOptions are the arguments and flags of `bkconsole call` (cmdBase: the app it runs in).
type callOptions struct {
	cmdBase
	rf        requestFlags
	asJSON    bool
	dryRun    bool
	save      string // --save NAME: keep the request, variables unresolved
	overwrite bool
}

func (a *App) callCommand() *cobra.Command {
	o := &callOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "call GATEWAY API", Short: "Call an API through the gateway; the body goes to stdout, status and request id to stderr", Args: cobra.MaximumNArgs(2), Annotations: map[string]string{jqOnBody: "yes"}})
	o.rf.add(c)
	jsonFlag(c, &o.asJSON, "print status, headers and body as JSON")
	c.Flags().StringVar(&o.save, "save", "", "save the request under NAME in the collection (no credential; {{variables}} kept), then send it")
	c.Flags().BoolVar(&o.overwrite, "overwrite", false, "with --save: replace a saved request of that name")
	dryRunFlag(c, &o.dryRun)
	return c
}

func (o *callOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	raw, resName, err := a.rawRequest(ctx, p, o.rf, o.args)
	if err != nil {
		return err
	}
	if o.save != "" { // kept before its variables are resolved: one still to give loses nothing
		if err := a.saveRequest(p, collection.FromCall(o.save, resName, raw), o.overwrite); err != nil {
			return err
		}
	}
	r, err := a.expandVars(raw, resName, o.rf.vars)
	if err != nil {
		return err
	}
	if o.dryRun {
		a.tap.StopAll() // the API is resolved: from here on nothing leaves
	}
	return a.sendCall(ctx, p, r, resName, o.asJSON)
}

// sendCall sends a call request once and reports the answer: call and requests run.
func (a *App) sendCall(ctx context.Context, p *client.Planner, r client.CallRequest, resName string, asJSON bool) error {
	if r.AI {
		return a.sendChat(ctx, p, r, resName, asJSON)
	}
	resp, _, err := p.Call(ctx, r)
	if errors.Is(err, client.ErrDryRun) {
		return a.printDryRun(err, client.SurfaceCall, asJSON)
	}
	if err != nil && resp == nil {
		return err
	}
	_ = a.historyStore().Add(history.FromCall(r, resName, p.Cfg.StageList()[0], resp, time.Now()))
	if rerr := a.printResponse(resp, err, asJSON); rerr != nil || err != nil {
		return firstErr(rerr, err)
	}
	return a.callOutcome(ctx, p, r, resName, resp)
}

// callOutcome is the exit of an answer that came whole: a gateway refusal explained, with the
// exact command that fixes it when there is one, or the status's exit.
func (a *App) callOutcome(ctx context.Context, p *client.Planner, r client.CallRequest, resName string, resp *client.CallResponse) error {
	if resp.Gateway != nil {
		// The exact command that fixes it, ready to copy; a call by path is named by its API
		// then (only then: a gateway's list of APIs may be long).
		api, fix := resName, resp.Gateway.Hint().Fix
		if api == "" && (fix == client.FixApply || fix == client.FixRenew) {
			// The command names the API, not the path (`bkconsole apply demo-echo /items/42/`
			// had been offered, and refused).
			if res, _, ok, _ := client.APIAt(ctx, p.Resources, r.Gateway, r.Stage, r.Method, r.Path); ok {
				api = res.Name
			}
		}
		switch {
		case api == "" && (fix == client.FixApply || fix == client.FixRenew):
			// No API is known by this path: the permissions list names them (an apply of the
			// path would be refused).
			return fixCommand{resp.Gateway, "call.find_api_cmd", "bkconsole perms " + r.Gateway}
		case fix == client.FixApply:
			return fixCommand{resp.Gateway, "call.apply_cmd", fmt.Sprintf("bkconsole apply %s %s --reason '…'", r.Gateway, api)}
		case fix == client.FixRenew:
			return fixCommand{resp.Gateway, "call.renew_cmd", fmt.Sprintf("bkconsole renew %s %s", r.Gateway, api)}
		}
		return resp.Gateway
	}
	return callExit(resp)
}

// responseJSON is an answer for --json: a JSON body as sent (its numbers keep every digit), a
// binary one as base64 (a JSON string would turn its bytes into U+FFFD), else the text.
func responseJSON(resp *client.CallResponse, text []byte) map[string]any {
	out := map[string]any{"status": resp.Status, "request_id": resp.RequestID, "duration_ms": resp.Duration.Milliseconds(),
		"headers": resp.Headers}
	switch {
	case len(bytes.TrimSpace(text)) > 0 && json.Valid(text):
		out["body"] = json.RawMessage(text)
	case resp.Binary():
		out["body_base64"] = resp.Body
	default:
		out["body"] = string(text)
	}
	if resp.Partial {
		out["partial"] = true
	}
	if resp.NotFollowed != "" {
		out["redirect_not_followed"] = resp.NotFollowed
	}
	if resp.Gateway != nil {
		out["gateway_error"] = map[string]any{"code": resp.Gateway.Code, "code_name": resp.Gateway.CodeName, "message": resp.Gateway.Message}
	}
	return out
}

// printResponse is how `call` and `components call` show an answer: the body on stdout (or
// JSON), the status line and the request id on stderr, and what went wrong with the answer
// itself (cut off, a redirect not followed, a body too large). It fails only on writing.
func (a *App) printResponse(resp *client.CallResponse, callErr error, asJSON bool) error {
	text := resp.Readable() // a GBK body is read decoded; a pipe still gets the bytes that came
	var err error
	switch {
	case asJSON:
		err = a.writeJSON(responseJSON(resp, text))
	case a.jq != nil: // --jq reads the body, as gh api --jq does
		if err := a.jq.run(a.Stdout, text); err != nil {
			a.statusLine(resp) // the request id stays said: the call went out
			return err
		}
	case !isTerminal(a.Stdout):
		_, err = a.Stdout.Write(resp.Body)
	case resp.Binary():
		a.notice("%s", a.T("call.binary_body", i18n.Size(len(resp.Body)), resp.MediaType(a.L())))
	default:
		shown := untrusted.Text(string(text))
		if shown != "" && !strings.HasSuffix(shown, "\n") {
			shown += "\n"
		}
		_, err = io.WriteString(a.Stdout, shown)
	}
	if err != nil {
		return &writeError{err} // a closed pipe or a full disk must not pass for success
	}
	a.statusLine(resp)
	if resp.Truncated {
		a.notice("%s", a.T("call.truncated", client.CallBodyLimit>>20))
	}
	if resp.NotFollowed != "" {
		a.notice("%s", a.T("call.redirect_not_followed", untrusted.Line(resp.NotFollowed)))
	}
	if callErr != nil && resp.Partial {
		a.notice("%s", a.T("call.partial", len(resp.Body)))
	}
	return nil
}

// callExit is the exit of an answer that came whole: a failure status or a redirect not
// followed fails the command (the answer said it all).
func callExit(resp *client.CallResponse) error {
	if resp.Status >= 400 || resp.NotFollowed != "" {
		return silentExit{}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// silentExit fails the command without another message (the response said it all).
type silentExit struct{}

func (silentExit) Error() string { return "" }

// statusLine is what every call says on stderr after its body: the status, the request id (for
// trace and the gateway's logs) and how long it took. An answer without a request id did not
// come through the gateway (a proxy in front answered): the line leaves the part out.
func (a *App) statusLine(resp *client.CallResponse) {
	parts := []string{resp.Proto + " " + statusText(resp.Status)}
	if resp.RequestID != "" {
		parts = append(parts, a.T("cli.request_id", untrusted.Line(resp.RequestID)))
	}
	fmt.Fprintln(a.Stderr, strings.Join(append(parts, resp.Took().String()), " · "))
}

func statusText(code int) string {
	return fmt.Sprintf("%d %s", code, strings.TrimSpace(http.StatusText(code)))
}

// snippetOptions are the arguments and flags of `bkconsole snippet` (cmdBase: the app it runs in).
type snippetOptions struct {
	cmdBase
	rf requestFlags
	sf snippetFlags
}

func (a *App) snippetCommand() *cobra.Command {
	o := &snippetOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "snippet GATEWAY API", Short: "Print a curl, Python, HTTPie, Go, JavaScript or SDK snippet that sends the same request", Args: cobra.MaximumNArgs(2)})
	o.rf.add(c)
	o.sf.add(c, "the snippet's language (--lang is the UI language)", snippetLangs)
	return c
}

func (o *snippetOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	r, resName, err := a.buildRequest(ctx, p, o.rf, o.args)
	if err != nil {
		return err
	}
	prep, err := p.Cfg.Prepare(r)
	if err != nil {
		return err
	}
	sdk := snippet.SDKCall{Endpoint: client.GatewayBaseURL(p.Cfg.APIURLTmpl, r.Gateway), Gateway: r.Gateway, Resource: resName,
		Stage: r.Stage, Path: r.Path, PathParams: r.PathParams}
	if snippet.Lang(o.sf.lang) == snippet.SDK {
		if resName == "" { // the SDK calls the API by its name, its path parameters by theirs
			if res, params, ok, _ := client.APIAt(ctx, p.Resources, r.Gateway, r.Stage, r.Method, r.Path); ok {
				sdk.Resource, sdk.Path = res.Name, res.Path
				if params != nil {
					maps.Copy(params, r.PathParams)
					sdk.PathParams = params
				}
			}
		}
		g, via, err := p.Gateway(ctx, r.Gateway)
		if err == nil && via != client.SurfaceHelpCenter {
			// Only the Help Center lists a gateway's SDKs: without it nothing says there is none.
			return fmt.Errorf("%s", a.T("snippet.sdk_needs_login"))
		}
		if err == nil {
			for _, s := range g.SDKs {
				if s.Language == "python" {
					sdk.SDKName = s.Name
				}
			}
		}
	}
	out, err := snippet.Generate(snippet.Lang(o.sf.lang), prep, snippet.Mode(o.sf.mode), sdk)
	if errors.Is(err, snippet.ErrNoSDK) {
		return fmt.Errorf("%s", a.T("snippet.no_sdk", r.Gateway))
	}
	if errors.Is(err, snippet.ErrSDKBearer) {
		return fmt.Errorf("%s", a.T("snippet.sdk_bearer"))
	}
	if errors.Is(err, snippet.ErrSDKNeedsAPI) {
		return usageErr("%s", a.T("snippet.sdk_needs_api"))
	}
	if errors.Is(err, snippet.ErrSDKSubPath) {
		return usageErr("%s", a.T("snippet.sdk_subpath"))
	}
	if err != nil {
		return err
	}
	a.printSnippet(out, o.sf.mode)
	return nil
}

// traceOptions are the arguments and flags of `bkconsole trace` (cmdBase: the app it runs in).
type traceOptions struct {
	cmdBase
	wait   time.Duration
	asJSON bool
}

func (a *App) traceCommand() *cobra.Command {
	o := &traceOptions{}
	c := a.newCommand(o, &cobra.Command{Use: "trace REQUEST_ID", Short: "What the gateway saw of one request: backend, status, durations, error", Args: cobra.ExactArgs(1)})
	c.Flags().DurationVar(&o.wait, "wait", 10*time.Second, "how long to wait for the log to be indexed")
	jsonFlag(c, &o.asJSON)
	return c
}

// maxRequestID bounds a request id: the gateway's are 32 hex digits, bk-cli's examples are
// UUIDs (36); a longer word is not one, and was looked for (and quoted back) whole.
const maxRequestID = 128

func isRequestIDRune(r rune) bool {
	return r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

func (o *traceOptions) runWith(ctx context.Context, p *client.Planner) error {
	a := o.app
	// An id copied from a terminal or a log often comes with a space or a newline around it:
	// sent as given, it was looked for in vain for the whole wait.
	id := strings.TrimSpace(o.args[0])
	// An id is letters, digits and dashes (hex, a UUID): anything else is refused at once, where
	// it was looked for in vain for the whole --wait.
	if id == "" || len(id) > maxRequestID || strings.ContainsFunc(id, func(r rune) bool { return !isRequestIDRune(r) }) {
		return usageErr("%s", a.T("trace.bad_id", ansi.Truncate(o.args[0], 60, "…")))
	}
	wait := o.wait
	if a.ephemeral {
		wait = 0 // this run's own sandbox saw no request of another run: nothing will come
	}
	es, err := p.Trace(ctx, id, wait)
	if err != nil {
		return err
	}
	// A request the log does not hold (yet) fails alike with --json: it printed [] and exit 0
	// where the same run without --json said so with exit 1.
	if len(es) == 0 && a.ephemeral {
		return fmt.Errorf("%s", a.T("trace.sandbox_ephemeral", id))
	}
	if len(es) == 0 {
		return fmt.Errorf("%s", a.T("trace.not_found", id, o.wait))
	}
	if o.asJSON {
		return a.writeJSON(es)
	}
	for _, e := range es {
		a.printTrace(e)
	}
	return nil
}

func (a *App) printTrace(e client.LogEntry) {
	var rows [][]string
	for _, f := range e.Fields(a.L()) {
		rows = append(rows, []string{a.T(f.Label), f.Value})
	}
	printTable(a.Stdout, []string{"", ""}, rows)
}
