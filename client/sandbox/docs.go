package sandbox

import (
	"fmt"
	"strings"
)

// docOf writes a resource's markdown doc as the Help Center serves it: the call URL per stage,
// the public request parameters, then the author's part.
func (s *Sandbox) docOf(r *resource, stageName string, en bool, host string) string {
	var b strings.Builder
	g := r.Gateway
	if en {
		b.WriteString("### Request URL\n\n| Stage | URL |\n|---|---|\n")
	} else {
		b.WriteString("### 请求地址\n\n| 环境 | 地址 |\n|---|---|\n")
	}
	for _, st := range g.Stages {
		if r.releasedIn(st.Name) {
			fmt.Fprintf(&b, "| %s | `%s %s` |\n", st.Name, r.Method, fmt.Sprintf("http://%s/api/%s/%s%s", host, g.Seed.name, st.Name, r.Path))
		}
	}
	if en {
		b.WriteString("\n### Public request parameters\n\nAuthenticate with the header `X-Bkapi-Authorization`, a JSON string:\n\n")
		b.WriteString("| Field | Required | Description |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| bk_app_code | %s | app code |\n| bk_app_secret | %s | app secret |\n| bk_token | %s | user login state (cookie bk_token, at most 24 hours) |\n",
			yes(r.AppReq, en), yes(r.AppReq, en), yes(r.UserReq, en))
		fmt.Fprintf(&b, "\n### Description\n\n%s.\n", r.DescEn)
	} else {
		b.WriteString("\n### 公共请求参数\n\n通过请求头 `X-Bkapi-Authorization` 认证，值为 JSON 字符串：\n\n")
		b.WriteString("| 字段 | 必选 | 说明 |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| bk_app_code | %s | 应用 ID |\n| bk_app_secret | %s | 应用密钥 |\n| bk_token | %s | 用户登录态（cookie 中的 bk_token，有效期不超过 24 小时） |\n",
			yes(r.AppReq, en), yes(r.AppReq, en), yes(r.UserReq, en))
		fmt.Fprintf(&b, "\n### 接口说明\n\n%s。\n", r.DescZh)
	}
	params := pathParamNames(r.Path)
	if len(params) > 0 || r.Method == "GET" {
		if en {
			b.WriteString("\n### Request parameters\n\n| Name | In | Type | Required | Description |\n|---|---|---|---|---|\n")
		} else {
			b.WriteString("\n### 请求参数\n\n| 名称 | 位置 | 类型 | 必选 | 说明 |\n|---|---|---|---|---|\n")
		}
		for _, p := range params {
			fmt.Fprintf(&b, "| %s | path | string | %s | %s |\n", p, yes(true, en), pick(en, "路径参数 "+p, "path parameter "+p))
		}
		if r.Method == "GET" {
			fmt.Fprintf(&b, "| page | query | int | %s | %s |\n| page_size | query | int | %s | %s |\n",
				yes(false, en), pick(en, "页码，从 1 开始", "page number, from 1"), yes(false, en), pick(en, "每页条数", "page size"))
		}
	}
	if hasBody(r.Method) {
		b.WriteString(pick(en, "\n### 请求体示例\n\n", "\n### Request body example\n\n"))
		b.WriteString("```json\n{\n  \"name\": \"demo\",\n  \"description\": \"" + pick(en, "示例", "example") + "\",\n  \"tags\": [\"a\", \"b\"]\n}\n```\n")
	}
	b.WriteString(pick(en, "\n### 调用示例\n\n", "\n### Example call\n\n"))
	fmt.Fprintf(&b, "```bash\ncurl -X %s 'http://%s/api/%s/%s%s' \\\n  -H 'X-Bkapi-Authorization: {\"bk_app_code\": \"x\", \"bk_app_secret\": \"y\"}'\n```\n",
		r.Method, host, g.Seed.name, stageName, r.Path)
	b.WriteString(pick(en, "\n### 响应示例\n\n", "\n### Response example\n\n"))
	b.WriteString("```json\n{\n  \"result\": true,\n  \"code\": 0,\n  \"message\": \"OK\",\n  \"data\": {}\n}\n```\n")
	return b.String()
}

func yes(v, en bool) string {
	switch {
	case v && en:
		return "yes"
	case v:
		return "是"
	case en:
		return "no"
	}
	return "否"
}

func hasBody(method string) bool {
	return method == "POST" || method == "PUT" || method == "PATCH" || method == "ANY"
}

func pathParamNames(p string) []string {
	var out []string
	for _, m := range paramRe.FindAllStringSubmatch(p, -1) {
		out = append(out, m[1])
	}
	return out
}

// schemaOf is the OpenAPI operation O returns with a resource.
func schemaOf(r *resource, en bool) map[string]any {
	var params []any
	for _, p := range pathParamNames(r.Path) {
		params = append(params, map[string]any{"name": p, "in": "path", "required": true,
			"description": pick(en, "路径参数 "+p, "path parameter "+p), "schema": map[string]any{"type": "string"}})
	}
	if r.Method == "GET" {
		params = append(params,
			map[string]any{"name": "page", "in": "query", "required": false, "description": pick(en, "页码", "page number"), "schema": map[string]any{"type": "integer"}},
			map[string]any{"name": "page_size", "in": "query", "required": false, "description": pick(en, "每页条数", "page size"), "schema": map[string]any{"type": "integer"}},
			map[string]any{"name": "fields", "in": "query", "required": false, "description": pick(en, "返回的字段，可多个", "fields to return, repeatable"),
				"schema": map[string]any{"type": "array", "items": map[string]any{"type": "string"}}})
	}
	params = append(params, map[string]any{"name": "X-Request-Source", "in": "header", "required": false,
		"description": pick(en, "调用来源标识", "caller tag"), "schema": map[string]any{"type": "string"}})
	op := map[string]any{"operationId": r.Name, "summary": pick(en, r.DescZh, r.DescEn), "parameters": params,
		"responses": map[string]any{"200": map[string]any{"description": "OK"}}}
	if hasBody(r.Method) {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
			"schema": map[string]any{"type": "object", "required": []string{"name"}, "properties": map[string]any{
				"name":        map[string]any{"type": "string", "description": pick(en, "名称", "name")},
				"description": map[string]any{"type": "string"},
				"count":       map[string]any{"type": "integer"},
				"enabled":     map[string]any{"type": "boolean"},
				"tags":        map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			}}}}}
	}
	return op
}

func sdkUsage(g *gateway, r *resource, stageName, lang string, en bool) string {
	if lang != "python" { // in the reader's language, as the rest of the Help Center's text
		return fmt.Sprintf(pick(en, "网关 %[2]s 的 %[1]s SDK 尚未生成。\n", "The %[1]s SDK of gateway %[2]s is not built yet.\n"), lang, g.Seed.name)
	}
	mod := strings.ReplaceAll(g.Seed.name, "-", "_")
	return fmt.Sprintf("```python\nfrom bkapi.%s.shortcuts import get_client_by_request\n\nclient = get_client_by_request(request, stage=%q)\nresult = client.api.%s(\n    {},\n    path_params={},\n    headers=None,\n    verify=True,\n)\n```\n", mod, stageName, r.Name)
}

func sdkManual(lang string) string {
	return fmt.Sprintf("# %s SDK\n\nInstall the gateway's SDK with its install command, then create a client:\n\n```python\nfrom bkapi.demo_echo.client import Client\n\nclient = Client(endpoint=\"http://bkapi.example.com/api/demo-echo\", stage=\"prod\")\nclient.update_bkapi_authorization(bk_app_code=\"x\", bk_app_secret=\"y\")\n```\n\n| setting | meaning |\n|---|---|\n| BK_API_URL_TMPL | the gateway URL template |\n| BK_APP_CODE | app code |\n| BK_APP_SECRET | app secret |\n", lang)
}
