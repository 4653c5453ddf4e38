package mcpoauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/sandbox"
)

func sandboxServer(t *testing.T, opts sandbox.Options) string {
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return srv.URL
}

// The flow against the sandbox's bkauth: a login without a browser, a registration reused by
// the next login, a refresh that rotates, a revocation; and a server that takes no login says
// so at discovery.
func TestLoginRefreshRevoke(t *testing.T) {
	base := sandboxServer(t, sandbox.Options{TokenLifetime: 2 * time.Minute})
	resource := base + "/api/bk-apigateway/prod/api/v2/mcp-servers/demo-echo-prod-oauth/mcp/"
	told := ""
	f := Flow{HTTP: &http.Client{Timeout: 5 * time.Second}, ClientName: "test", Tell: func(u string) { told = u }}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l, err := f.Login(ctx, "demo-echo-prod-oauth", resource)
	if err != nil {
		t.Fatal(err)
	}
	if told != "" {
		t.Errorf("the sandbox answers without a browser, yet the URL was shown: %s", told)
	}
	if l.AccessToken == "" || l.RefreshToken == "" || l.Issuer != base+"/bkauth" || !strings.HasPrefix(l.ClientID, "dcr_") || l.Resource != resource {
		t.Fatalf("login: %+v", l)
	}
	f.Known = l
	again, err := f.Login(ctx, "demo-echo-prod-oauth", resource)
	if err != nil || again.ClientID != l.ClientID {
		t.Fatalf("the registration is not reused: %v %+v", err, again)
	}
	if same, changed, err := f.Fresh(ctx, again); err != nil || changed || same.AccessToken != again.AccessToken {
		t.Fatalf("a fresh token was refreshed: %v %v", err, changed)
	}
	old := *again
	old.Expiry = time.Now().Add(30 * time.Second) // within RefreshMargin
	n, changed, err := f.Fresh(ctx, &old)
	if err != nil || !changed || n.AccessToken == old.AccessToken || n.RefreshToken == old.RefreshToken {
		t.Fatalf("refresh: %v %v %+v", err, changed, n)
	}
	if _, _, err := f.Fresh(ctx, &old); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("the rotated-out refresh token still works: %v", err)
	}
	if err := f.Revoke(ctx, n); err != nil {
		t.Fatal(err)
	}
	n.Expiry = time.Now()
	if _, _, err := f.Fresh(ctx, n); err == nil {
		t.Fatal("a revoked login refreshes")
	}
	_, err = f.Discover(ctx, base+"/api/bk-apigateway/prod/api/v2/mcp-servers/bk-user-prod-directory/mcp/")
	if err == nil || !strings.Contains(err.Error(), "does not take OAuth logins") {
		t.Fatalf("discovery on a server without logins: %v", err)
	}
}

// An answer whose state is not the login's is ignored: the code is not exchanged.
func TestStateMismatchIsRefused(t *testing.T) {
	base := sandboxServer(t, sandbox.Options{})
	resource := base + "/api/bk-apigateway/prod/api/v2/mcp-servers/demo-echo-prod-oauth/mcp/"
	// A client whose requests go through a proxy that rewrites the state of the answer.
	hc := &http.Client{Timeout: 5 * time.Second, Transport: stateRewriter{http.DefaultTransport}}
	f := Flow{HTTP: hc, ClientName: "test"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := f.Login(ctx, "demo-echo-prod-oauth", resource); err == nil || !strings.Contains(err.Error(), "state") {
		t.Fatalf("a forged state: %v", err)
	}
}

type stateRewriter struct{ rt http.RoundTripper }

func (s stateRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.rt.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusFound {
		loc := resp.Header.Get("Location")
		if i := strings.Index(loc, "state="); i >= 0 {
			resp.Header.Set("Location", loc[:i]+"state=forged")
		}
	}
	return resp, err
}

// A login's failure words itself in the UI language: the step, then bkconsole's sentence (the
// server's own words, when it sent some, as they are).
func TestErrorsAreWordedInBothLanguages(t *testing.T) {
	e := &Error{Step: "discover", Key: "oauth.no_pkce"}
	if zh := e.Explain(i18n.Chinese); !strings.Contains(zh, "查找登录地址") || !strings.Contains(zh, "PKCE") {
		t.Errorf("zh: %q", zh)
	}
	if en := e.Error(); en != "finding where to log in: the authorization server does not support PKCE with S256" {
		t.Errorf("en: %q", en)
	}
	srv := &Error{Step: "token", Code: "invalid_grant", Description: "code expired"}
	if zh := srv.Explain(i18n.Chinese); zh != "获取令牌：invalid_grant: code expired" {
		t.Errorf("a server's words: %q", zh)
	}
}
