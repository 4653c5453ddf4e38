package fzfbench

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/bkconsole/bkconsole/tui/list"
)

// api is one row as the console's API tab shows it: name, path, description.
type api struct{ name, path, desc string }

// planted are real BlueKing APIs (CMDB, Job, the user manager, login, the gateway itself),
// the ones a user looks for among many.
var planted = []api{
	{"update_host", "/api/v3/hosts/property/", "更新主机属性"},
	{"batch_update_host", "/api/v3/hosts/property/batch/", "批量更新主机属性"},
	{"list_biz_hosts", "/api/v3/hosts/app/{bk_biz_id}/list_hosts/", "查询业务下的主机"},
	{"list_biz_hosts_topo", "/api/v3/hosts/app/{bk_biz_id}/list_hosts_topology/", "查询业务下的主机和拓扑信息"},
	{"list_hosts_without_biz", "/api/v3/hosts/list_hosts_without_app/", "没有业务信息的主机查询"},
	{"search_business", "/api/v3/biz/search/{bk_supplier_account}/", "查询业务"},
	{"create_business", "/api/v3/biz/{bk_supplier_account}/", "新建业务"},
	{"search_module", "/api/v3/module/search/{bk_supplier_account}/{bk_biz_id}/{bk_set_id}/", "查询模块"},
	{"search_set", "/api/v3/set/search/{bk_supplier_account}/{bk_biz_id}/", "查询集群"},
	{"find_host_by_topo", "/api/v3/findmany/hosts/by_topo/biz/{bk_biz_id}/", "查询拓扑节点下的主机"},
	{"transfer_host_module", "/api/v3/hosts/modules/", "业务内主机转移模块"},
	{"get_job_instance_log", "/api/v3/get_job_instance_log/", "根据作业实例 ID 查询作业执行日志"},
	{"get_job_instance_status", "/api/v3/get_job_instance_status/", "根据作业实例 ID 查询作业执行状态"},
	{"fast_execute_script", "/api/v3/fast_execute_script/", "快速执行脚本"},
	{"fast_transfer_file", "/api/v3/fast_transfer_file/", "快速分发文件"},
	{"execute_job_plan", "/api/v3/execute_job_plan/", "执行作业执行方案"},
	{"list_users", "/api/v3/open/tenant/users/", "查询用户列表"},
	{"retrieve_user", "/api/v3/open/tenant/users/{bk_username}/", "查询用户信息"},
	{"list_tenant_users_by_dept", "/api/v3/open/tenant/departments/{id}/users/", "查询部门下的用户"},
	{"list_departments", "/api/v3/open/tenant/departments/", "查询部门列表"},
	{"get_user_info", "/login/api/v3/open/bk-tokens/userinfo/", "获取用户信息"},
	{"verify_bk_token", "/login/api/v3/open/bk-tokens/verify/", "校验用户登录态"},
	{"sync_api", "/api/v2/open/gateways/{gateway_name}/resources/sync/", "同步资源"},
	{"release", "/api/v2/open/gateways/{gateway_name}/resource_versions/release/", "发布版本"},
	{"grant_permissions", "/api/v2/open/gateways/{gateway_name}/permissions/app-permissions/grant/", "为应用授权"},
	{"query_alarm", "/api/v3/alert/search/", "查询告警"},
	{"get_ts_data", "/api/v3/query/ts/", "查询时序数据"},
	{"send_mail", "/api/c/compapi/cmsi/send_mail/", "发送邮件"},
	{"send_weixin", "/api/c/compapi/cmsi/send_weixin/", "发送微信消息"},
}

// decoys make a 50,000-API gateway of names and paths shaped like the planted ones, so that
// every query also matches many rows it does not mean. A decoy never holds a planted API's
// whole name: which of two rows both named list_users a user meant, no ranker can know.
func decoys(n int) []api {
	r := rand.New(rand.NewPCG(7, 11))
	verbs := []string{"list", "get", "search", "update", "batch_update", "create", "delete", "find", "sync", "query", "retrieve", "send", "execute", "transfer", "verify"}
	nouns := []string{"host", "hosts", "biz", "business", "user", "users", "department", "module", "set", "job", "instance", "log", "status", "script", "file", "plan", "token", "resource", "alarm", "mail", "topo", "tenant", "cluster", "process"}
	words := []string{"app", "open", "inner", "by", "with", "without", "relation", "attr", "info", "detail", "count", "history", "config"}
	out := make([]api, n)
	for i := range out {
		var parts []string
		var name string
		for name == "" || holdsPlanted(name) {
			parts = []string{verbs[r.IntN(len(verbs))], nouns[r.IntN(len(nouns))]}
			for k := r.IntN(3); k > 0; k-- {
				parts = append(parts, words[r.IntN(len(words))])
			}
			parts = append(parts, nouns[r.IntN(len(nouns))])
			name = fmt.Sprintf("%s_%d", strings.Join(parts, "_"), i)
		}
		path := fmt.Sprintf("/api/v%d/%s/%s/%d/", 1+r.IntN(3), parts[1], strings.Join(parts[2:], "/"), i)
		out[i] = api{name, path, fmt.Sprintf("%s %s 第 %d 个接口", parts[0], parts[1], i)}
	}
	return out
}

func holdsPlanted(name string) bool {
	for _, p := range planted {
		if strings.Contains(name, p.name) {
			return true
		}
	}
	return false
}

// gateway is n decoys followed by the planted APIs (decoys first, as a server's order may put them).
func gateway(n int) []api { return append(decoys(n), planted...) }

// rowsOf gives the console's list its rows as the API tab does: it searches name, path and
// description.
func rowsOf(apis []api) []list.Row {
	rows := make([]list.Row, len(apis))
	for i, a := range apis {
		rows[i] = list.Row{Key: a.name, Cells: []string{"GET", a.path, a.name, a.desc}}
	}
	return rows
}

func newList(apis []api) *list.Model {
	m := list.New([]list.Column{{Title: "M", Width: 7}, {Title: "PATH", Filtered: true}, {Title: "NAME", Filtered: true}, {Title: "DESC", Filtered: true}}, []int{2, 1, 3}, list.Styles{})
	m.SetRows(rowsOf(apis))
	m.SetSize(120, 40)
	return m
}

// text is what fzf and bubbles/list are given for a row: the same fields, one line.
func text(a api) string { return a.name + " " + a.path + " " + a.desc }
