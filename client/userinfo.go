package client

import (
	"context"
	"net/http"
	"sync"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// UserInfo is who the bk_token belongs to, as the Developer Center says
// (blueking-paas paasng/infras/accounts/views.py, UserInfoViewSet).
type UserInfo struct {
	BkpaasUserID      string `json:"bkpaas_user_id"`
	Username          string `json:"username"`
	TenantID          string `json:"tenant_id"`
	DisplayName       string `json:"display_name"`
	ChineseName       string `json:"chinese_name"`
	AvatarURL         string `json:"avatar_url"`
	TimeZone          string `json:"time_zone"`
	PersonalCenterURL string `json:"personal_center_url"`
}

// Name is how the console names the user: the display name with the username beside it, in
// the reader's brackets ("张三（zhangsan）" in Chinese).
func (u UserInfo) Name(l i18n.Lang) string {
	switch {
	case u.DisplayName != "" && u.DisplayName != u.Username:
		return u.DisplayName + i18n.Aside(l, u.Username)
	case u.ChineseName != "" && u.ChineseName != u.Username:
		return u.ChineseName + i18n.Aside(l, u.Username)
	}
	return u.Username
}

// UserInfo asks the Developer Center who is logged in: GET /backend/api/accounts/userinfo/
// with the bk_token cookie. A 401 means the token is not (or no longer) valid.
func (c *DevCenter) UserInfo(ctx context.Context) (UserInfo, error) {
	var u UserInfo
	err := c.t.do(ctx, request{method: http.MethodGet, url: joinURL(c.t.cfg.DeveloperCenterURL, "/backend/api/accounts/userinfo/"),
		env: envPlain, cookies: []*http.Cookie{{Name: c.t.cfg.tokenName(), Value: c.t.cfg.BkToken}}}, &u)
	return u, err
}

// whoami remembers the answer for the planner's lifetime: the applicant of a write is asked once.
type whoami struct {
	mu   sync.Mutex
	done bool
	user UserInfo
	err  error
}

// WhoAmI is the logged-in user, asked of the Developer Center once per planner. Without a
// Developer Center URL or a bk_token there is nobody to ask: ErrUnavailable says what to add.
func (p *Planner) WhoAmI(ctx context.Context) (UserInfo, error) {
	if n := p.Cfg.Needs(SurfaceDevCenter); len(n) > 0 {
		return UserInfo{}, &ErrUnavailable{Feature: FeatureWhoAmI, Needs: n}
	}
	p.who.mu.Lock()
	defer p.who.mu.Unlock()
	if !p.who.done {
		p.who.user, p.who.err = p.D.UserInfo(ctx)
		// A failure that may pass (a timeout) is asked again next time.
		p.who.done = p.who.err == nil || StatusOf(p.who.err) == http.StatusUnauthorized
	}
	return p.who.user, p.who.err
}

// applicant is the username an application names: the profile's, else the logged-in user's.
func (p *Planner) applicant(ctx context.Context) string {
	if p.Cfg.Username != "" {
		return p.Cfg.Username
	}
	if u, err := p.WhoAmI(ctx); err == nil {
		return u.Username
	}
	return ""
}
