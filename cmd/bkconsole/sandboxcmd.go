package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/renameio/v2/maybe"

	"github.com/bkconsole/bkconsole/client/sandbox"
	"github.com/spf13/cobra"
)

// sandboxServeOptions is what `bkconsole sandbox serve` was given.
type sandboxServeOptions struct {
	addr, stateFile, faults string
	answerAs                string
	multiTenant             bool
	apis                    int
	decide, tokenLife       time.Duration
	asJSON                  bool
}

func (a *App) sandboxCommand() *cobra.Command {
	parent := &cobra.Command{Use: "sandbox", Short: "The embedded BlueKing installation", Args: cobra.NoArgs}
	o := &sandboxServeOptions{}
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve the sandbox (Help Center, open and inner APIs, Developer Center, gateway) until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := sandbox.ParseFaults(o.faults)
			if err != nil {
				return usageErr("%s", a.T("cli.bad_faults", o.faults))
			}
			if o.apis < 0 {
				return usageErr("%s", a.T("cli.bad_apis"))
			}
			if _, port, err := net.SplitHostPort(o.addr); err != nil || !validPort(port) {
				return usageErr("%s", a.T("cli.bad_addr", o.addr))
			}
			answerAs, _ := sandbox.ParseAnswerAs(o.answerAs) // the flag took release or master only
			base, err := a.startSandbox(sandbox.Options{MultiTenant: o.multiTenant, StateFile: o.stateFile, ExtraAPIs: o.apis, DecideAfter: o.decide, TokenLifetime: o.tokenLife,
				Faults: f, AnswerAs: answerAs}, o.addr)
			if err != nil {
				return a.serveFailed(err, o.addr)
			}
			u := sandbox.URLsFor(base)
			// --sandbox runs find this sandbox through a file in the state directory, so what one
			// run prints (a snippet, a request id) still points at something in the next. A second
			// sandbox leaves the file to the first: it took it over, and removed it on leaving while
			// the first still served, so the runs after that each started a sandbox of their own.
			marker := runningSandboxFile()
			if other := findRunningSandbox(); other != "" {
				a.notice("bkconsole: %s", a.T("cli.sandbox_not_shared", other))
			} else if err := writeRunningSandbox(marker, base); err == nil {
				defer removeRunningSandbox(marker, base)
			}
			if o.asJSON {
				out := map[string]any{"api_url_tmpl": u.APIURLTmpl, "help_center_url": u.HelpCenterURL,
					"developer_center_url": u.DeveloperCenterURL, "bk_token": sandbox.DemoBkToken, "username": sandbox.DemoUsername,
					"access_token": sandbox.DemoAccessToken, "personal_tokens": sandbox.PersonalTokens, "apps": sandbox.Apps, "answer_as": answerAs}
				if !o.multiTenant { // a multi-tenant installation has no ESB
					out["component_api_url"] = u.ComponentAPIURL
				}
				if err := writeJSONLine(a, out); err != nil {
					return err
				}
			} else {
				fmt.Fprintln(a.Stdout, a.T("cli.sandbox_serving", base))
				fmt.Fprintln(a.Stdout, a.T("cli.sandbox_urls", u.APIURLTmpl, u.HelpCenterURL, u.DeveloperCenterURL, sandbox.DemoBkToken, sandbox.DemoAccessToken))
				if !o.multiTenant {
					fmt.Fprintln(a.Stdout, a.T("cli.sandbox_component_url", u.ComponentAPIURL))
				}
				fmt.Fprintln(a.Stdout, a.T("cli.sandbox_answer_as", answerAs))
				fmt.Fprintln(a.Stdout, a.T("cli.sandbox_personal_tokens", sandbox.PersonalTokens["valid"], sandbox.PersonalTokens["narrow"],
					sandbox.PersonalTokens["expired"], sandbox.PersonalTokens["revoked"]))
				for _, app := range sandbox.Apps {
					fmt.Fprintln(a.Stdout, a.T("cli.sandbox_app", app.Code, app.Secret, app.InnerGranted))
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			<-ctx.Done()
			return nil
		},
	}
	serve.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8765", "address to listen on")
	serve.Flags().StringVar(&o.stateFile, "state", "", "persist state to this file (shared by separate runs)")
	serve.Flags().IntVar(&o.apis, "apis", 0, "add gateway bench-gw with N generated APIs")
	serve.Flags().DurationVar(&o.decide, "decide-after", 3*time.Second, "how long applications stay pending")
	serve.Flags().DurationVar(&o.tokenLife, "token-lifetime", 7200*time.Second, "how long the access token of an MCP login lasts (bkauth's 7200s; shorter to see refreshes)")
	serve.Flags().StringVar(&o.faults, "faults", "", "inject faults: latency=2s,error-rate=0.2,reset-rate=0.1,html=0.1,truncate=0.05,lose-writes=1 (a write is done and its answer lost)")
	jsonFlag(serve, &o.asJSON, "print one JSON line with the URLs and demo credentials first")
	enumFlag(serve, &o.answerAs, "answer-as", sandbox.AnswerRelease, "answer as a released installation (release: gateway 1.16 to 1.23) or as upstream's master",
		sandbox.AnswerRelease, sandbox.AnswerMaster)
	serve.Flags().BoolVar(&o.multiTenant, "multi-tenant", false, "behave as a multi-tenant installation: no component APIs (ESB)")
	parent.AddCommand(serve)
	return parent
}

// serveFailed says why the sandbox could not listen: the address taken by a sandbox already
// serving (then the --sandbox runs already have one) or by another program, said as such rather
// than as the socket's error.
func (a *App) serveFailed(err error, addr string) error {
	switch {
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return fmt.Errorf("%s", a.T("cli.sandbox_addr_not_here", addr))
	case errors.Is(err, syscall.EACCES):
		return fmt.Errorf("%s", a.T("cli.sandbox_addr_denied", addr))
	case !errors.Is(err, syscall.EADDRINUSE):
		return err
	}
	// By port: "localhost:8765" or "0.0.0.0:8765" is taken by the sandbox on 127.0.0.1:8765 too.
	_, port, _ := net.SplitHostPort(addr)
	if other := findRunningSandbox(); other != "" && port != "" && strings.HasSuffix(other, ":"+port) {
		return fmt.Errorf("%s", a.T("cli.sandbox_already_serving", other))
	}
	return fmt.Errorf("%s", a.T("cli.sandbox_addr_in_use", addr))
}

// validPort tells whether s is a port to listen on, 0 (a free one) to 65535.
func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= 65535
}

// writeJSONLine prints one compact JSON object on one line, so scripts can read the first line.
func writeJSONLine(a *App, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(a.Stdout, string(b))
	if f, ok := fileOf(a.Stdout); ok {
		_ = f.Sync()
	}
	return err
}

// runningSandboxFile names where a running `sandbox serve` says its address.
func runningSandboxFile() string { return filepath.Join(stateDir(), "sandbox-running.json") }

type runningSandbox struct {
	Base string `json:"base"`
	PID  int    `json:"pid"`
}

func writeRunningSandbox(path, base string) error {
	b, _ := json.Marshal(runningSandbox{Base: base, PID: os.Getpid()})
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return maybe.WriteFile(path, b, 0o600)
}

// removeRunningSandbox removes the marker if it is still this sandbox's.
func removeRunningSandbox(path, base string) {
	var rs runningSandbox
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &rs) == nil && rs.Base == base {
		os.Remove(path)
	}
}

// findRunningSandbox returns a running `sandbox serve` on loopback that answers, if any.
func findRunningSandbox() string {
	var rs runningSandbox
	b, err := os.ReadFile(runningSandboxFile())
	if err != nil || json.Unmarshal(b, &rs) != nil {
		return ""
	}
	u, err := url.Parse(rs.Base)
	if err != nil || u.Scheme != "http" || !isLoopbackHost(u.Hostname()) {
		return "" // only ever a sandbox on this machine
	}
	c := http.Client{Timeout: 300 * time.Millisecond}
	resp, err := c.Get(rs.Base + "/backend/docs/gateways/?limit=1")
	if err != nil {
		return ""
	}
	resp.Body.Close()
	return rs.Base
}

func isLoopbackHost(h string) bool {
	ip := net.ParseIP(h)
	return h == "localhost" || ip != nil && ip.IsLoopback()
}
