package console

import (
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
)

// stubBackend prepares requests as the real client does, for a made-up installation; the
// console's parts ask nothing else of it in these tests (any other call panics, on purpose).
type stubBackend struct{ common.Backend }

func (stubBackend) Prepare(r client.CallRequest) (client.Prepared, error) {
	cfg := client.Config{APIURLTmpl: "http://bkapi.example.com/api/{api_name}", AppCode: "my-app", AppSecret: "secret-value", BkToken: "token-value"}
	return cfg.Prepare(r)
}

func (stubBackend) AuthPreview(withUser bool) string {
	if withUser {
		return `{"bk_app_code": "my-app", "bk_app_secret": "****", "bk_token": "****"}`
	}
	return `{"bk_app_code": "my-app", "bk_app_secret": "****"}`
}

func newTestContext() *common.Context {
	return common.NewContext(stubBackend{}, common.ProfileInfo{Name: "t"}, i18n.English)
}
