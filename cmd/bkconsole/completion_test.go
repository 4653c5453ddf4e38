package main

import (
	"strings"
	"testing"
)

// complete asks the binary what the shell would offer (the protocol bash, zsh and fish share).
func (h *home) complete(args ...string) []string {
	h.t.Helper()
	out := h.ok(append([]string{"__complete"}, args...)...)
	var vals []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, ":") {
			break // the directive
		}
		vals = append(vals, l)
	}
	return vals
}

func sameList(got []string, want ...string) bool {
	return strings.Join(got, ",") == strings.Join(want, ",")
}

// Values complete from what earlier runs of the same profile saw; nothing is asked of a server
// while completing, and a server's odd names never reach the shell.
func TestCompletionOfValues(t *testing.T) {
	srv := newHome(t)
	s := srv.serve()
	h := newHome(t, s.as(0, "login", "hc", "dc")...)
	if got := h.complete("call", ""); len(got) != 0 {
		t.Fatalf("nothing seen yet, yet completes %v", got)
	}
	h.ok("gateways")
	if got := h.complete("call", "demo"); !sameList(got, "demo-echo") {
		t.Fatalf("gateway: %v", got)
	}
	if got := h.complete("gateway", "bk-c"); !sameList(got, "bk-cmdb") {
		t.Fatalf("gateway for `gateway`: %v", got)
	}
	h.ok("apis", "demo-echo")
	got := h.complete("call", "demo-echo", "echo_")
	if !sameList(got, "echo_get", "echo_post", "echo_item") {
		t.Fatalf("APIs: %v", got)
	}
	// apply takes several APIs: the ones already named are not offered again.
	if got := h.complete("apply", "demo-echo", "echo_get", "echo_"); !sameList(got, "echo_post", "echo_item") {
		t.Fatalf("apply's next API: %v", got)
	}
	if got := h.complete("call", "demo-echo", "echo_get", "x"); len(got) != 0 {
		t.Fatalf("call takes one API: %v", got)
	}
	h.ok("gateway", "demo-echo")
	if got := h.complete("call", "demo-echo", "echo_get", "--stage", ""); !sameList(got, "prod", "test") {
		t.Fatalf("stages: %v", got)
	}
	h.ok("apply", "demo-echo", "echo_item", "--reason", "r")
	if got := h.complete("records", ""); len(got) != 1 || !strings.Contains(got[0], "\tdemo-echo pending") {
		t.Fatalf("records: %q", got)
	}
	if got := h.complete("snippet", "demo-echo", "echo_get", "--to", ""); !sameList(got, "curl", "python", "httpie", "go", "js", "sdk") {
		t.Fatalf("--to: %v", got)
	}
	// MCP servers and component systems and components, once listed.
	h.ok("mcp", "list")
	if got := h.complete("mcp", "tools", "demo"); !sameList(got, "demo-echo-prod-echo", "demo-echo-prod-oauth") {
		t.Fatalf("mcp: %v", got)
	}
	h.ok("components", "systems")
	h.ok("components", "list", "CC")
	if got := h.complete("components", "apply", "J"); !sameList(got, "JOB") {
		t.Fatalf("systems: %v", got)
	}
	if got := h.complete("components", "apply", "CC", "search_business", "search_h"); !sameList(got, "search_host") {
		t.Fatalf("components: %v", got)
	}
	// Another installation (another API URL) does not see these names.
	other := newHome(t, "BK_API_URL_TMPL=http://127.0.0.1:1/api/{api_name}", "BK_APP_CODE=x", "BK_APP_SECRET=y")
	other.dir, other.env = h.dir, append(append([]string{}, h.env...), "BK_API_URL_TMPL=http://127.0.0.1:1/api/{api_name}")
	if got := other.complete("call", ""); len(got) != 0 {
		t.Fatalf("another installation completes %v", got)
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		if out := h.ok("completion", sh); !strings.Contains(out, "__complete") {
			t.Errorf("completion %s: %.200s", sh, out)
		}
	}
}

// Names a server sends that are not plain words are never offered to a shell.
func TestCompletionSkipsOddNames(t *testing.T) {
	for _, n := range []string{"ok-name", "a b", "x;rm", "\x1b[2J", "", strings.Repeat("a", 200), "$(id)"} {
		want := n == "ok-name"
		if completable().MatchString(n) != want {
			t.Errorf("%q completable: %v", n, !want)
		}
	}
}

// An enum flag's values are declared once: the help lists them, the shell completes them (each
// command its own: a component's permissions are not records), and another value is exit 2.
func TestEnumFlags(t *testing.T) {
	h := newHome(t)
	if got := h.complete("components", "list", "CC", "--status", ""); !sameList(got, "unlimited", "owned", "expired", "need_apply", "pending", "rejected") {
		t.Fatalf("components list --status: %v", got)
	}
	if got := h.complete("records", "--status", ""); !sameList(got, "pending", "approved", "partial_approved", "rejected") {
		t.Fatalf("records --status: %v", got)
	}
	if got := h.complete("sdks", "demo-echo", "--language", ""); !sameList(got, "python", "golang", "java") {
		t.Fatalf("sdks --language: %v", got)
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"login", "--ui-lang", ""}, []string{"en", "zh"}},
		{[]string{"login", "--token-name", ""}, []string{"bk_token", "bk_ticket"}},
		{[]string{"mcp", "config", "x", "--client", ""}, []string{"cursor", "claude-desktop", "claude-code", "claude-code-json", "vscode", "codebuddy"}},
	} {
		if got := h.complete(c.args...); !sameList(got, c.want...) { // they completed file names
			t.Errorf("%v: %v", c.args, got)
		}
	}
	if got := h.complete("components", "snippet", "CC", "x", "--to", ""); !sameList(got, "curl", "python", "httpie", "go", "js") {
		t.Fatalf("components snippet --to: %v", got)
	}
	for _, args := range [][]string{{"records", "--status", "bogus"}, {"--sandbox", "snippet", "demo-echo", "echo_get", "--secrets", "plain"}, {"--sandbox", "doc", "demo-echo", "echo_get", "--lang", "fr"},
		{"--sandbox", "sdks", "demo-echo", "--language", "rust"}} { // it went to the server: a 400 in its words, exit 1
		r := h.run("", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "one of") {
			t.Errorf("%v: exit %d, %s", args, r.code, r.stderr)
		}
	}
	if out := h.ok("perms", "--help"); !strings.Contains(out, "need_apply, pending, rejected") {
		t.Errorf("help: %s", out)
	}
}
