package client

import (
	"context"
	"net/http"
	"net/url"
)

// Surface names one way of reaching the gateway's features.
type Surface string

const (
	SurfaceHelpCenter Surface = "A" // API Help Center (dashboard web backend), bk_token cookie
	SurfaceOpen       Surface = "O" // open APIs of bk-apigateway, any app
	SurfaceInner      Surface = "I" // inner APIs of bk-apigateway, granted apps
	SurfaceDevCenter  Surface = "D" // Developer Center backend, bk_token cookie + CSRF
	SurfaceCall       Surface = "C" // calling a gateway API
)

// HelpCenter is surface A: {help_center_url}/backend/docs/.
type HelpCenter struct{ t *Transport }

// NewHelpCenter returns the surface A client.
func NewHelpCenter(t *Transport) *HelpCenter { return &HelpCenter{t: t} }

func (h *HelpCenter) base() string { return joinURL(h.t.cfg.HelpCenterURL, "/backend/docs/") }

func (h *HelpCenter) get(ctx context.Context, path string, q url.Values, lang string, out any) error {
	return h.t.do(ctx, h.request(path, q, lang), out)
}

// request is a GET of the Help Center with the login cookie (and a language, when given).
func (h *HelpCenter) request(path string, q url.Values, lang string) request {
	r := request{method: http.MethodGet, url: h.base() + path, query: q, env: envData,
		cookies: []*http.Cookie{{Name: h.t.cfg.tokenName(), Value: h.t.cfg.BkToken}}}
	if lang != "" {
		r.headers = http.Header{"Accept-Language": {acceptLanguage(lang)}}
		r.cookies = append(r.cookies, &http.Cookie{Name: "blueking_language", Value: acceptLanguage(lang)})
	}
	return r
}

func acceptLanguage(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "zh-hans"
}

// Gateways lists every gateway whose name or description contains keyword, all pages.
func (h *HelpCenter) Gateways(ctx context.Context, keyword string) ([]Gateway, error) {
	return collect(func(each func(Gateway) error) error { return h.EachGateway(ctx, keyword, each) })
}

// EachGateway hands on the gateways matching keyword page by page.
func (h *HelpCenter) EachGateway(ctx context.Context, keyword string, each func(Gateway) error) error {
	q := url.Values{}
	if keyword != "" {
		q.Set("keyword", keyword)
	}
	return streamPages(ctx, h.t, h.request("gateways/", q, ""), each)
}

// Gateway reads one gateway.
func (h *HelpCenter) Gateway(ctx context.Context, name string) (Gateway, error) {
	var g Gateway
	err := h.get(ctx, "gateways/"+url.PathEscape(name)+"/", nil, "", &g)
	return g, err
}

// Stages lists a gateway's stages.
func (h *HelpCenter) Stages(ctx context.Context, gateway string) ([]Stage, error) {
	var s []Stage
	err := h.get(ctx, "gateways/"+url.PathEscape(gateway)+"/stages/", nil, "", &s)
	return s, err
}

// Resources lists the resources released in a stage.
func (h *HelpCenter) Resources(ctx context.Context, gateway, stage string) ([]Resource, error) {
	return collect(func(each func(Resource) error) error { return h.EachResource(ctx, gateway, stage, each) })
}

// EachResource hands on the resources released in a stage one at a time, as decoded.
func (h *HelpCenter) EachResource(ctx context.Context, gateway, stage string, each func(Resource) error) error {
	return streamList(ctx, h.t, h.request("gateways/"+url.PathEscape(gateway)+"/resources/", url.Values{"stage_name": {stage}}, ""), each)
}

// Doc reads a resource's markdown doc in zh or en.
func (h *HelpCenter) Doc(ctx context.Context, gateway, resource, stage, lang string) (Doc, error) {
	var d Doc
	err := h.get(ctx, "gateways/"+url.PathEscape(gateway)+"/resources/"+url.PathEscape(resource)+"/doc/",
		url.Values{"stage_name": {stage}}, lang, &d)
	return d, err
}

// SDKLanguages are the languages the Help Center has SDKs in (its sdks view refuses others).
var SDKLanguages = []string{"python", "golang", "java"}

// SDKs lists a gateway's SDKs per stage for one language (one of SDKLanguages).
func (h *HelpCenter) SDKs(ctx context.Context, gateway, language string) ([]StageSDK, error) {
	var s []StageSDK
	err := h.get(ctx, "gateways/"+url.PathEscape(gateway)+"/sdks/", url.Values{"language": {language}}, "", &s)
	return s, err
}

// SDKUsage reads the usage example of a gateway's SDK for one resource.
func (h *HelpCenter) SDKUsage(ctx context.Context, gateway, language, stage, resource string) (Content, error) {
	var c Content
	q := url.Values{"language": {language}, "stage_name": {stage}, "resource_name": {resource}}
	err := h.get(ctx, "gateways/"+url.PathEscape(gateway)+"/sdks/usage-example/", q, "", &c)
	return c, err
}

// SDKDoc reads the manual of an SDK family.
func (h *HelpCenter) SDKDoc(ctx context.Context, language string) (Content, error) {
	var c Content
	err := h.get(ctx, "sdks/doc/", url.Values{"language": {language}}, "", &c)
	return c, err
}
