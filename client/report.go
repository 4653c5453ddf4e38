package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
)

// AllSurfaces lists the surfaces in the order reports show them.
var AllSurfaces = []Surface{SurfaceHelpCenter, SurfaceOpen, SurfaceInner, SurfaceDevCenter, SurfaceCall}

// SurfaceProbe is what one cheap call to a surface found.
type SurfaceProbe struct {
	Surface Surface  `json:"surface"`
	Needs   []string `json:"needs,omitempty"` // what the profile lacks to try it at all
	OK      bool     `json:"ok"`
	Err     error    `json:"-"`
	Error   string   `json:"error,omitempty"`
}

// FeatureReport says which surface serves a feature, or what would unlock it.
type FeatureReport struct {
	Feature Feature  `json:"feature"`
	Surface Surface  `json:"surface,omitempty"`
	Needs   []string `json:"needs,omitempty"` // every need of every way, once
	// Ways: each is what one surface needs, all together; any one way unlocks the feature.
	Ways [][]string `json:"ways,omitempty"`
}

// Unlock is the ways to unlock the feature, any one of which will do.
func (f FeatureReport) Unlock() [][]string { return unlockWays(f.Ways, f.Needs) }

// Report is the planner's answer to "what can this profile do": it asks the servers.
type Report struct {
	Surfaces map[Surface]SurfaceProbe `json:"surfaces"`
	Features []FeatureReport          `json:"features"`
}

// TokenAccepted is what the servers said of the bk_token, from the surfaces that take it (the
// Help Center, the Developer Center): true when one answered it (a 4xx other than 401 is a
// refusal of something else, made to a known user), false when one refused the login (401),
// nil when none was tried or none answered (an address that answers nothing, or a 5xx, says
// nothing of the token).
func (r Report) TokenAccepted() *bool {
	for _, s := range []Surface{SurfaceHelpCenter, SurfaceDevCenter} {
		pr, tried := r.Surfaces[s]
		if !tried || len(pr.Needs) > 0 {
			continue
		}
		st := StatusOf(pr.Err)
		if pr.OK || st >= 400 && st < 500 && st != http.StatusUnauthorized {
			return new(true)
		}
		if st == http.StatusUnauthorized {
			return new(false)
		}
	}
	return nil
}

// AppRefused is the gateway's refusal of the app credentials themselves (a wrong secret, an
// app code the installation does not know) from the surfaces that check them (the open and
// inner APIs); nil when none refused them. A refusal of something else (an app not granted
// the inner APIs) is not one.
func (r Report) AppRefused() error {
	for _, s := range []Surface{SurfaceOpen, SurfaceInner} {
		if pr := r.Surfaces[s]; pr.Err != nil {
			if fix := HintOf(pr.Err).Fix; fix == FixSecret || fix == FixCheckAppCode {
				return pr.Err
			}
		}
	}
	return nil
}

// probe makes one cheap authenticated call per surface.
func (p *Planner) probe(ctx context.Context, s Surface) error {
	switch s {
	case SurfaceHelpCenter:
		var pg Page[Gateway]
		return p.A.get(ctx, "gateways/", url.Values{"limit": {"1"}}, "", &pg)
	case SurfaceOpen:
		_, err := p.O.GatewayByName(ctx, "bk-apigateway")
		return err
	case SurfaceInner:
		_, err := p.I.Gateways(ctx, "bk-apigateway")
		return err
	case SurfaceDevCenter:
		_, err := p.D.Gateways(ctx, "bk-apigateway")
		return err
	case SurfaceCall:
		// Any answer from the gateway (even API_NOT_FOUND) proves it is there.
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, GatewayBaseURL(p.Cfg.APIURLTmpl, "bk-apigateway")+"/prod/", nil)
		if err != nil {
			return &TransportError{Method: "GET", URL: p.Cfg.APIURLTmpl, Err: err}
		}
		resp, err := p.T.http.Do(req)
		if err != nil {
			return &TransportError{Method: "GET", URL: req.URL.String(), Err: err}
		}
		resp.Body.Close()
	}
	return nil
}

// CheckAll probes every surface (concurrently) and reports, per feature, the surface that
// serves it or what to add.
func (p *Planner) CheckAll(ctx context.Context) Report {
	all := AllSurfaces
	rep := Report{Surfaces: map[Surface]SurfaceProbe{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, s := range all {
		pr := SurfaceProbe{Surface: s, Needs: p.Cfg.Needs(s)}
		if len(pr.Needs) > 0 {
			mu.Lock() // probes started before this one may be writing already
			rep.Surfaces[s] = pr
			mu.Unlock()
			continue
		}
		wg.Add(1)
		go func(pr SurfaceProbe) {
			defer wg.Done()
			pr.Err = p.probe(ctx, pr.Surface)
			pr.OK = pr.Err == nil
			if pr.Err != nil {
				pr.Error = pr.Err.Error()
			}
			mu.Lock()
			rep.Surfaces[pr.Surface] = pr
			mu.Unlock()
		}(pr)
	}
	wg.Wait()
	for s, pr := range rep.Surfaces {
		if pr.OK {
			p.forget(s) // it answers now: a moment's outage is over
		}
	}
	for _, r := range Routes {
		fr := FeatureReport{Feature: r.Feature}
		for _, s := range r.Surfaces {
			if s == SurfaceProfile {
				fr.Surface = s
				break
			}
			pr := rep.Surfaces[s]
			if pr.OK && !(r.Feature == FeatureApply && s == SurfaceOpen && !ValidUsername(p.Cfg.Username)) {
				fr.Surface = s
				break
			}
			needs := pr.Needs
			if r.Feature == FeatureApply && s == SurfaceOpen && !ValidUsername(p.Cfg.Username) {
				needs = append(needs, NeedUsername)
			}
			if pr.Err != nil {
				needs = append(needs, p.Cfg.tokenNeed(whatFixes(s, pr.Err))...)
			}
			fr.Ways = addWay(fr.Ways, needs)
		}
		if fr.Surface != "" {
			fr.Ways = nil
		}
		fr.Needs = needsOf(fr.Ways)
		rep.Features = append(rep.Features, fr)
	}
	return rep
}

// whatFixes names what would make a refusing surface answer.
func whatFixes(s Surface, err error) []string {
	var ge *GatewayError
	switch {
	case errors.As(err, &ge) && ge.CodeName == "APP_NO_PERMISSION" && s == SurfaceInner:
		return []string{NeedInnerGrant}
	case errors.As(err, &ge) && ge.Hint().Fix == FixSecret:
		return []string{NeedAppSecret}
	case StatusOf(err) == 401:
		return []string{NeedToken}
	case HintOf(err).Fix == FixUseHTTP: // the server answered, in another scheme
		return []string{NeedPlainHTTP}
	case HintOf(err).Fix == FixUseHTTPS:
		return []string{NeedHTTPS}
	case errors.As(err, new(*TransportError)) && HintOf(err).Meaning == "net.tls":
		return []string{NeedTrustedCA} // it answered, with a certificate signed by no authority known here
	case errors.As(err, new(*TransportError)):
		return []string{NeedReachable} // nothing to add: the address answered nothing
	}
	return nil
}
