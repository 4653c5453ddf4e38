package fzfbench

import "testing"

// TestRankingLikeFzf plants real BlueKing APIs among 50,000 decoys (decoys first) and, for each
// query a user types for one of them (its name, a prefix of it, a path fragment, a fuzzy
// abbreviation), asks that the console's first result be the API fzf ranks first, and that
// this be the API meant.
func TestRankingLikeFzf(t *testing.T) {
	apis := gateway(50000 - len(planted))
	m := newList(apis)
	f := newFzf(apis)
	for _, c := range []struct{ q, want string }{
		{"update_host", "update_host"},
		{"batch_update_host", "batch_update_host"},
		{"list_biz_hosts", "list_biz_hosts"},
		{"list_biz_hosts_topo", "list_biz_hosts_topo"},
		{"list_users", "list_users"},
		{"retrieve_user", "retrieve_user"},
		{"search_business", "search_business"},
		{"get_job_instance_log", "get_job_instance_log"},
		{"fast_execute_script", "fast_execute_script"},
		{"send_mail", "send_mail"},
		{"release", "release"},
		{"search_bus", "search_business"},
		{"get_job_instance_l", "get_job_instance_log"},
		{"list_tenant_users_by", "list_tenant_users_by_dept"},
		{"/api/v3/open/tenant/users/", "list_users"},
		{"/api/v3/hosts/property/", "update_host"},
		{"bk-tokens/verify", "verify_bk_token"},
		{"bk-tokens/userinfo", "get_user_info"},
		{"app-permissions/grant", "grant_permissions"},
		{"resource_versions/release", "release"},
		{"compapi/cmsi/send_weixin", "send_weixin"},
		{"listusers", "list_users"},
		{"getjobinstancelog", "get_job_instance_log"},
		{"fastexecutescript", "fast_execute_script"},
		{"listbizhoststopo", "list_biz_hosts_topo"},
		{"transferhostmodule", "transfer_host_module"},
		{"findhostbytopo", "find_host_by_topo"},
		{"gjil", "get_job_instance_log"},
		{"sendmail", "send_mail"},
		{"fastexec", "fast_execute_script"},
		{"updhost", "update_host"},
		{"userinfo", "get_user_info"},
		{"getuserinfo", "get_user_info"},
		{"hosts/property", "update_host"},
		{"ts_data", "get_ts_data"},
		{"queryalarm", "query_alarm"},
		{"syncapi", "sync_api"},
		{"grantperm", "grant_permissions"},
		{"sendweixin", "send_weixin"},
		{"execjobplan", "execute_job_plan"},
		{"exec_job", "execute_job_plan"},
		{"departments", "list_departments"},
		{"searchmodule", "search_module"},
		{"jobinstancestatus", "get_job_instance_status"},
		{"batch_upd", "batch_update_host"},
		{"biz_hosts_topo", "list_biz_hosts_topo"},
		{"create_bus", "create_business"},
		// Queries as likely to mean a decoy: the first must still be fzf's.
		{"srchbiz", ""},
		{"verifytoken", ""},
		{"createbiz", ""},
	} {
		m.SetFilter(c.q)
		ours, _ := m.Selected()
		hits := f.search(c.q)
		fz := ""
		if len(hits) > 0 {
			fz = apis[hits[0].idx].name
		}
		if c.want == "" {
			c.want = fz
		}
		if ours.Key != c.want || fz != c.want {
			t.Errorf("%q: bkconsole's first is %q, fzf's %q, the API meant %q", c.q, ours.Key, fz, c.want)
		}
	}
}
