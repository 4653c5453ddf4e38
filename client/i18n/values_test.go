package i18n_test

import (
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// TestKeysBuiltFromClientValues: keys the code builds from the client's values (statuses,
// features, surfaces) are in the catalog. An external test: client imports the catalog.
func TestKeysBuiltFromClientValues(t *testing.T) {
	var built []string
	add := func(prefix string, vals ...string) {
		for _, v := range vals {
			built = append(built, prefix+v)
		}
	}
	add("status.", client.StatusUnlimited, client.StatusOwned, client.StatusPending, client.StatusRejected, client.StatusExpired, client.StatusNeedApply)
	add("action.", client.ActionApply, client.ActionRenew)
	add("mcp.status.", client.MCPOwned, client.MCPPending, client.MCPRejected, client.MCPApproved, client.MCPNeedApply)
	add("record.", client.RecordPending, client.RecordApproved, client.RecordPartialApproved, client.RecordRejected)
	add("level.", "unlimited", "normal", "sensitive", "special")
	add("need.", client.NeedHelpCenterURL, client.NeedDevCenterURL, client.NeedAPIURLTmpl, client.NeedAppCode, client.NeedAppSecret,
		client.NeedToken, client.NeedUsername, client.NeedInnerGrant, client.NeedComponentAPIURL)
	add("mode.", "masked", "env", "inline")
	add("mcp.part.", "image", "audio", "link", "resource", "other") // client.ToolPart.Kind
	add("token.", "none", "fresh", "aging", "stale", "unknown")
	add("notfound.named.", "gateway", "api", "record", "doc")
	add("notfound.", "gateway", "api", "record", "doc")
	for _, r := range client.Routes {
		add("feature.", string(r.Feature))
		add("unavailable.", string(r.Feature))
	}
	for _, s := range client.AllSurfaces {
		add("surface.", string(s))
	}
	for _, k := range built {
		if !i18n.Has(k) {
			t.Errorf("%q is built in the code but missing from the catalog", k)
		}
	}
}

// A status from the server that the catalog does not know is said as it came, an empty one as
// "?" (an MCP server's unknown one as "-"): none is shown as the catalog's key ("status.",
// "record.frozen", "mcp.status.frozen").
func TestStatusesTheCatalogDoesNotKnow(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{i18n.Status(i18n.Chinese, client.StatusOwned), "已拥有"},
		{i18n.Status(i18n.English, "frozen"), "frozen"},
		{i18n.Status(i18n.English, ""), "?"},
		{i18n.RecordStatus(i18n.Chinese, client.RecordRejected), "已驳回"},
		{i18n.RecordStatus(i18n.English, "frozen"), "frozen"},
		{i18n.RecordStatus(i18n.English, ""), "?"},
		{client.MCPPermission{Status: "frozen"}.StatusText(i18n.English), "frozen"},
		{client.MCPPermission{Status: client.MCPOwned}.StatusText(i18n.Chinese), "已拥有"},
		{client.Grant{PermissionAction: "thaw"}.ActionText(i18n.English), "thaw"},
		{client.Grant{PermissionAction: client.ActionRenew}.ActionText(i18n.Chinese), "续期"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
