package sandbox

import (
	"fmt"
	"strings"
)

// Demo credentials. They are not secrets: the sandbox exists so anyone can try bkconsole.
const (
	DemoAppCode      = "bkc-demo"
	DemoAppSecret    = "bkc-demo-secret-4f1c9a7e2b"
	VisitorAppCode   = "bkc-visitor"
	VisitorAppSecret = "bkc-visitor-secret-8d2e6b0c"
	DemoBkToken      = "bkc-demo-token-3a9f"
	DemoUsername     = "demo-user"
	DemoAccessToken  = "bkc-demo-access-token-77c1"
	DemoDisplayName  = "Demo User"
	// DemoTenant is the demo user's tenant on a multi-tenant sandbox.
	DemoTenant       = "demo-tenant"
	helpCenterPrefix = "/hc"
	devCenterPrefix  = "/dc"
	// seedGatewayGrant is the gateway on which a fresh sandbox's demo app holds a whole-gateway
	// permission with 400 days left (so whole-gateway applications are refused there).
	seedGatewayGrant  = "bk-legacy-job"
	apiPrefix         = "/api/"
	apigwGateway      = "bk-apigateway"
	sandboxTicketBase = "/itsm/tickets/"
)

type seedGateway struct {
	name, descZh, descEn string
	kind                 string // "" (normal) or "ai"
	official, deprecated bool
	plugin               bool
	deprecatedNote       string
	maintainers          []string
	sdk                  bool
	apis                 []seedAPI
}

// seedAPI flags: U user verification required; N no permission needed (unlimited); S sensitive;
// P released in prod only; X not public (no applications); A app verification not required;
// T accepts personal tokens, C accepts public-client tokens (either needs U, as upstream requires);
// I an AI resource (OpenAI Chat Completions, on a gateway of kind ai).
type seedAPI struct {
	name, method, path, zh, en, flags string
	labels                            []string
}

var seedGateways = []seedGateway{
	{name: "bk-user", descZh: "蓝鲸用户管理：用户、部门与租户", descEn: "BlueKing user management: users, departments and tenants",
		official: true, maintainers: []string{"admin", "user-team"}, sdk: true, apis: []seedAPI{
			{"list_tenants", "GET", "/api/v3/open/tenants/", "查询租户列表", "List tenants", "N", []string{"tenant"}},
			{"list_users", "GET", "/api/v3/open/tenant/users/", "查询用户列表", "List users", "", []string{"user"}},
			{"retrieve_user", "GET", "/api/v3/open/tenant/users/{bk_username}/", "查询单个用户信息", "Get one user", "", []string{"user"}},
			{"list_user_departments", "GET", "/api/v3/open/tenant/users/{bk_username}/departments/", "查询用户所属部门", "List a user's departments", "", []string{"user", "department"}},
			{"list_user_leaders", "GET", "/api/v3/open/tenant/users/{bk_username}/leaders/", "查询用户上级", "List a user's leaders", "", []string{"user"}},
			{"batch_lookup_virtual_user", "GET", "/api/v3/open/tenant/virtual-users/-/lookup/", "批量查询虚拟用户", "Look up virtual users", "N", []string{"user"}},
			{"list_departments", "GET", "/api/v3/open/tenant/departments/", "查询部门列表", "List departments", "", []string{"department"}},
			{"retrieve_department", "GET", "/api/v3/open/tenant/departments/{department_id}/", "查询单个部门", "Get one department", "", []string{"department"}},
			{"list_department_users", "GET", "/api/v3/open/tenant/departments/{department_id}/users/", "查询部门下的用户", "List a department's users", "", []string{"department"}},
			{"create_user", "POST", "/api/v3/open/tenant/users/", "新建用户", "Create a user", "S", []string{"user"}},
			{"update_user", "PUT", "/api/v3/open/tenant/users/{bk_username}/", "更新用户", "Update a user", "S", []string{"user"}},
			{"patch_user_phone", "PATCH", "/api/v3/open/tenant/users/{bk_username}/phone/", "修改用户手机号", "Change a user's phone", "SU", []string{"user"}},
			{"delete_user", "DELETE", "/api/v3/open/tenant/users/{bk_username}/", "删除用户", "Delete a user", "SP", []string{"user"}},
			{"get_current_user", "GET", "/api/v3/open/tenant/users/-/current/", "查询当前登录用户", "Get the logged-in user", "U", []string{"user"}},
			{"list_user_sensitive_info", "POST", "/api/v3/open/tenant/users/-/sensitive-info/", "查询用户敏感信息", "Read users' sensitive info", "SU", []string{"user"}},
		}},
	{name: "bk-cmdb", descZh: "蓝鲸配置平台：业务、主机与拓扑", descEn: "BlueKing CMDB: businesses, hosts and topology",
		official: true, maintainers: []string{"admin", "cmdb-ops"}, sdk: true,
		apis: []seedAPI{
			{"search_business", "POST", "/api/v3/biz/search/{bk_supplier_account}", "查询业务", "Search businesses", "", []string{"biz"}},
			{"create_business", "POST", "/api/v3/biz/{bk_supplier_account}", "新建业务", "Create a business", "S", []string{"biz"}},
			{"update_business", "PUT", "/api/v3/biz/{bk_supplier_account}/{bk_biz_id}", "修改业务", "Update a business", "", []string{"biz"}},
			{"delete_business", "DELETE", "/api/v3/biz/{bk_supplier_account}/{bk_biz_id}", "删除业务", "Delete a business", "SP", []string{"biz"}},
			{"list_biz_hosts", "POST", "/api/v3/hosts/app/{bk_biz_id}/list_hosts", "查询业务下的主机", "List a business's hosts", "", []string{"host"}},
			{"list_hosts_without_biz", "POST", "/api/v3/hosts/list_hosts_without_app", "查询没有业务信息的主机", "List hosts without a business", "", []string{"host"}},
			{"get_host_base_info", "GET", "/api/v3/hosts/{bk_supplier_account}/{bk_host_id}", "查询主机基础信息", "Get a host's base info", "", []string{"host"}},
			{"add_host_to_resource", "POST", "/api/v3/hosts/add", "新增主机到资源池", "Add hosts to the resource pool", "", []string{"host"}},
			{"transfer_host_module", "POST", "/api/v3/hosts/modules", "转移主机到模块", "Move hosts to modules", "U", []string{"host"}},
			{"search_biz_inst_topo", "GET", "/api/v3/find/topoinst/biz/{bk_biz_id}", "查询业务实例拓扑", "Get a business's topology", "", []string{"topo"}},
			{"search_module", "POST", "/api/v3/module/search/{bk_supplier_account}/{bk_biz_id}/{bk_set_id}", "查询模块", "Search modules", "", []string{"topo"}},
			{"create_set", "POST", "/api/v3/set/{bk_biz_id}", "创建集群", "Create a set", "", []string{"topo"}},
			{"delete_set", "DELETE", "/api/v3/set/{bk_biz_id}/{bk_set_id}", "删除集群", "Delete a set", "S", []string{"topo"}},
			{"get_biz_internal_module", "GET", "/api/v3/topo/internal/{bk_supplier_account}/{bk_biz_id}", "查询业务的空闲机/故障机模块", "Get idle and fault modules", "N", []string{"topo"}},
			{"search_object_attribute", "POST", "/api/v3/find/objectattr", "查询对象模型属性", "Search object attributes", "N", []string{"model"}},
			{"search_classifications", "POST", "/api/v3/find/objectclassification", "查询模型分类", "Search model classifications", "NP", []string{"model"}},
			{"update_host", "PATCH", "/api/v3/hosts/batch", "批量更新主机属性", "Update hosts in batch", "U", []string{"host"}},
		}},
	{name: "bk-monitor", descZh: "蓝鲸监控平台：告警、策略与指标查询", descEn: "BlueKing Monitor: alerts, strategies and metrics",
		maintainers: []string{"monitor-dev"}, sdk: true, apis: []seedAPI{
			{"search_alert", "POST", "/app/alert/search/", "查询告警", "Search alerts", "", []string{"alert"}},
			{"get_alert_detail", "GET", "/app/alert/detail/{alert_id}/", "查询告警详情", "Get an alert", "", []string{"alert"}},
			{"ack_alert", "POST", "/app/alert/ack/", "确认告警", "Acknowledge alerts", "U", []string{"alert"}},
			{"search_alarm_strategy_v3", "POST", "/app/strategy/search/", "查询告警策略", "Search alarm strategies", "", []string{"strategy"}},
			{"save_alarm_strategy_v3", "POST", "/app/strategy/save/", "保存告警策略", "Save an alarm strategy", "U", []string{"strategy"}},
			{"delete_alarm_strategy_v3", "DELETE", "/app/strategy/{strategy_id}/", "删除告警策略", "Delete an alarm strategy", "", []string{"strategy"}},
			{"query_metric_data", "POST", "/app/metrics/query/", "查询指标数据", "Query metric data", "N", []string{"metric"}},
			{"get_ts_data", "POST", "/app/ts/data/", "时序数据查询", "Query time series", "", []string{"metric"}},
			{"custom_event_report", "POST", "/app/event/report/{data_id}/", "自定义事件上报", "Report a custom event", "N", []string{"event"}},
			{"list_shield", "GET", "/app/shield/", "查询告警屏蔽", "List alert shields", "", []string{"shield"}},
			{"disable_shield", "POST", "/app/shield/{shield_id}/disable/", "解除告警屏蔽", "Disable a shield", "S", []string{"shield"}},
			{"metadata_list_result_table", "GET", "/app/metadata/result_tables/", "查询结果表列表", "List result tables", "P", []string{"metadata"}},
		}},
	{name: "demo-echo", descZh: "演示网关：任何方法、路径参数与回显后端", descEn: "Demo gateway: every method, path parameters and an echo backend",
		maintainers: []string{DemoUsername}, sdk: true, apis: []seedAPI{
			{"echo_get", "GET", "/echo/", "回显 GET 请求（无需申请权限）", "Echo a GET request (no application needed)", "N", []string{"echo"}},
			{"echo_post", "POST", "/echo/", "回显 POST 请求（无需申请权限）", "Echo a POST request (no application needed)", "N", []string{"echo"}},
			{"echo_item", "GET", "/items/{item_id}/", "读取条目", "Read an item", "", []string{"item"}},
			{"update_item", "PUT", "/items/{item_id}/", "更新条目", "Update an item", "", []string{"item"}},
			{"patch_item", "PATCH", "/items/{item_id}/", "修改条目部分字段", "Patch an item", "", []string{"item"}},
			{"delete_item", "DELETE", "/items/{item_id}/", "删除条目", "Delete an item", "S", []string{"item"}},
			{"head_item", "HEAD", "/items/{item_id}/", "检查条目是否存在", "Check that an item exists", "N", []string{"item"}},
			{"options_items", "OPTIONS", "/items/", "查询条目接口支持的方法", "Ask which methods items allow", "N", []string{"item"}},
			{"any_proxy", "ANY", "/proxy/{group}/{name}/", "任意方法代理", "Proxy with any method", "", []string{"proxy"}},
			{"whoami", "GET", "/whoami/", "查询当前用户（需要用户认证）", "Who am I (needs user verification)", "UN", []string{"user"}},
			{"user_notes", "POST", "/users/{username}/notes/", "为用户添加备注（需要用户认证）", "Add a note to a user (needs user verification)", "U", []string{"user"}},
			{"token_whoami", "GET", "/token/whoami/", "查询当前用户（接受个人令牌）", "Who am I (accepts personal tokens)", "UT", []string{"oauth2"}},
			{"client_whoami", "GET", "/client/whoami/", "查询当前用户（接受公共客户端令牌）", "Who am I (accepts public-client tokens)", "UNC", []string{"oauth2"}},
			{"oauth_whoami", "GET", "/oauth/whoami/", "查询当前用户（接受任何 OAuth2 令牌）", "Who am I (accepts any OAuth2 token)", "UNTC", []string{"oauth2"}},
			{"slow_echo", "GET", "/slow/{seconds}/", "延迟回显，用于测试超时", "Slow echo, for timeout tests", "N", []string{"echo"}},
			{"internal_only", "GET", "/internal/ping/", "内部探活接口（不可申请）", "Internal ping (not open to applications)", "X", []string{"internal"}},
			{"files", "GET", "/files/", "读取任意子路径的文件（匹配所有子路径）", "Read a file at any sub-path (matches every sub-path)", "NM", []string{"echo"}},
			{"rate_limited", "GET", "/limited/", "总是触发频率限制（429）", "Always rate limited (429)", "N", []string{"faults"}},
			{"backend_timeout", "GET", "/timeout/", "后端总是超时（504）", "The backend always times out (504)", "N", []string{"faults"}},
		}},
	{name: "bkai-demo", kind: "ai", descZh: "AI 网关示例：兼容 OpenAI Chat Completions 的对话接口", descEn: "AI gateway demo: a chat API compatible with OpenAI Chat Completions",
		maintainers: []string{DemoUsername}, apis: []seedAPI{
			{"chat_completions", "POST", "/v1/chat/completions", "对话补全（流式或非流式）", "Chat completions (streamed or not)", "NI", []string{"chat"}},
		}},
	{name: "bk-legacy-job", descZh: "旧版作业平台接口（已废弃，请迁移到 bk-job）", descEn: "Legacy job platform APIs (deprecated, move to bk-job)",
		deprecated: true, deprecatedNote: "该网关已废弃，请使用 bk-job / deprecated: use bk-job",
		maintainers: []string{"job-team"}, apis: []seedAPI{
			{"fast_execute_script", "POST", "/api/c/compapi/v2/job/fast_execute_script/", "快速执行脚本", "Run a script", "U", []string{"script"}},
			{"get_job_instance_status", "GET", "/api/c/compapi/v2/job/get_job_instance_status/", "查询作业执行状态", "Get a job's status", "", []string{"job"}},
			{"get_job_instance_log", "GET", "/api/c/compapi/v2/job/get_job_instance_log/", "查询作业执行日志", "Get a job's log", "", []string{"job"}},
			{"fast_push_file", "POST", "/api/c/compapi/v2/job/fast_push_file/", "快速分发文件", "Push files", "SU", []string{"file"}},
			{"get_job_list", "GET", "/api/c/compapi/v2/job/get_job_list/", "查询作业模板列表", "List job templates", "N", []string{"job"}},
			{"execute_job", "POST", "/api/c/compapi/v2/job/execute_job/", "启动作业", "Start a job", "U", []string{"job"}},
		}},
	{name: "bp-demo-plugin", descZh: "插件网关示例（默认隐藏）", descEn: "A plugin gateway (hidden by default)",
		plugin: true, maintainers: []string{"admin"}, apis: []seedAPI{
			{"plugin_ping", "GET", "/ping/", "插件探活", "Plugin ping", "N", nil},
		}},
}

// generatedAPIs makes n plausible APIs for the size knob.
func generatedAPIs(n int) []seedAPI {
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "GET", "GET", "POST"}
	nouns := []string{"order", "invoice", "host", "cluster", "bucket", "job", "alert", "ticket", "user", "project", "secret", "node"}
	verbs := map[string]string{"GET": "get", "POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}
	out := make([]seedAPI, n)
	for i := range out {
		m := methods[i%len(methods)]
		noun := nouns[(i/len(methods))%len(nouns)]
		flags := ""
		switch i % 7 {
		case 0:
			flags = "N"
		case 3:
			flags = "U"
		case 5:
			flags = "S"
		}
		out[i] = seedAPI{
			name:   fmt.Sprintf("%s_%s_%05d", verbs[m], noun, i),
			method: m,
			path:   fmt.Sprintf("/v%d/%ss/%05d/{%s_id}/", 1+i%3, noun, i, noun),
			zh:     fmt.Sprintf("%s%s 第 %d 号接口", map[string]string{"GET": "查询", "POST": "创建", "PUT": "更新", "PATCH": "修改", "DELETE": "删除"}[m], noun, i),
			en:     fmt.Sprintf("%s %s number %d", strings.ToUpper(verbs[m][:1])+verbs[m][1:], noun, i),
			flags:  flags,
			labels: []string{noun},
		}
	}
	return out
}
