package client

import (
	"errors"
	"net/url"
	"strings"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
)

// Presentation is an error as bkconsole tells it, in one language. The CLI's line, its --json
// error object, the TUI's status line and its error panel are all drawn from this one value, so
// the two faces of the program never explain the same failure differently. Every string in it is
// safe to print: server text is cleaned of terminal controls.
type Presentation struct {
	Code       string // the meaning's catalog key (gw.app_no_permission), "" when there is none
	Message    string // bkconsole's own sentence, in the UI language
	Detail     string // the error's own text, cleaned, without a trailing request id
	ServerSaid string // the server's own words, as sent (cleaned)
	Gateway    string // the gateway's status, code name and code, when the gateway answered
	Reason     string // the gateway's [reason="…"]
	Fix        string // the fix's catalog key: screens act on it (open the matching prompt)
	Hint       string // the fix in the UI language
	Unlock     string // the ways to unlock a feature, in the UI language
	RequestID  string
	// Address is where a request that got no answer went (scheme://host): which server is
	// out of reach.
	Address  string
	Surface  Surface
	LoginURL string
	// Input: the user's own input was refused before anything was sent; Message says all.
	Input bool
	// NotFound: something named on the command line does not exist.
	NotFound bool
	// Unavailable: no surface the credentials reach serves the feature; Unlock says what would.
	Unavailable bool
}

// Present explains err in lang.
func Present(err error, lang i18n.Lang) Presentation {
	var part PartlyRead
	if !errors.As(err, &part) {
		return present(err, lang)
	}
	// What is missing first, then why (the reason presented alone: the wrapper's own English
	// text would say what is missing twice), whatever the reason's own form.
	p := present(part.Unwrap(), lang)
	if p.Message == "" {
		p.Message = p.Detail
	}
	p.Message = i18n.Label(lang, part.Missing(lang)) + p.Message
	return p
}

// PartlyRead is an error that comes with a list read but for a part (the components beside a
// gateway's APIs, the MCP servers' records beside the gateways'): it says which part is
// missing, and wraps why.
type PartlyRead interface {
	error
	Unwrap() error
	Missing(lang i18n.Lang) string
}

func present(err error, lang i18n.Lang) Presentation {
	T := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	h := HintOf(err)
	p := Presentation{Code: h.Meaning, Fix: h.Fix, RequestID: untrusted.Line(RequestIDOf(err)), Surface: SurfaceOf(err),
		LoginURL: untrusted.Line(LoginURLOf(err)), Address: untrusted.Line(AddressOf(err))}
	if h.Meaning != "" {
		p.Message = T(h.Meaning)
	}
	if h.Fix != "" {
		p.Hint = T(h.Fix)
	}
	var in *ErrUserInput
	var nf *ErrNotFound
	var un *ErrUnavailable
	var ge *GatewayError
	switch {
	case errors.As(err, &in):
		p.Input, p.Message, p.Hint, p.Fix = true, T(in.Key, in.Args...), "", ""
		p.Code = in.Key // what was wrong, for a script: input.missing_path_param, input.bad_json…
		if loc := Located(nil); errors.As(err, &loc) && loc.Where() != "" {
			p.Message = i18n.Label(lang, untrusted.Line(loc.Where())) + p.Message // which file, then what
		}
		return p
	case errors.As(err, &nf):
		// bkconsole's own sentence names what was not found; the server's words follow, quoted.
		p.NotFound, p.Message = true, T("notfound.named."+nf.What, nf.Name)
		if nf.Gateway != "" && i18n.Has("notfound.in."+nf.What) {
			where, list := []any{nf.Gateway, nf.Name}, []any{nf.Gateway}
			if nf.Stage != "" {
				where, list = append(where, nf.Stage), append(list, nf.Stage)
			}
			p.Message = T("notfound.in."+nf.What, where...)
			if i18n.Has(h.Fix + "_of") { // the list command with the gateway (and stage) filled in
				p.Hint = T(h.Fix+"_of", list...)
			}
		}
		if len(nf.Known) > 0 {
			p.Message += T("notfound.known", strings.Join(nf.Known, ", "))
		}
		if nf.Elsewhere != "" {
			p.Hint = T(h.Fix, nf.Name)
		}
		p.ServerSaid = serverWords(nf.Cause)
		return p
	case errors.As(err, &un):
		p.Unavailable = true
		p.Unlock = i18n.Ways(lang, un.Unlock())
		return p
	case errors.As(err, &ge):
		p.Gateway = T("tui.gateway_code", ge.Status, ge.CodeName, ge.Code)
		p.ServerSaid = untrusted.Line(strings.TrimSpace(strings.TrimSuffix(ge.Message, `[reason="`+ge.Reason+`"]`)))
		p.Reason = untrusted.Line(ge.Reason)
	default:
		p.ServerSaid = serverWords(err)
	}
	var me *MCPError
	if errors.As(err, &me) && me.Server != "" && i18n.Has(h.Fix+"_of") { // the command with the server's name
		p.Hint = T(h.Fix+"_of", untrusted.Line(me.Server))
	}
	p.Detail = untrusted.Line(stripRequestID(err.Error()))
	var lost *OutcomeUnknownError
	if errors.As(err, &lost) {
		p.Detail = untrusted.Line(stripRequestID(lost.Err.Error())) // the message says the outcome is unknown
	}
	var ex Explained
	if errors.As(err, &ex) {
		// A package's own error that words itself (an OAuth login's): its sentence, in lang.
		p.Detail = untrusted.Line(ex.Explain(lang))
		if p.Message == "" {
			p.Message = p.Detail
		}
	}
	return p
}

// Located is an error about a place in a file the user keeps (a saved request's YAML): the
// presenter says where before what (the file's name had been lost from the sentence).
type Located interface{ Where() string }

// Explained is an error that words itself in a language (one of a package that cannot use
// client's errors, such as mcpoauth's).
type Explained interface{ Explain(lang i18n.Lang) string }

// serverWords is what a server said in an error, as it said it.
func serverWords(err error) string {
	var de *DashboardError
	var dv *DevCenterError
	var ge *GatewayError
	switch {
	case errors.As(err, &de):
		return untrusted.Line(de.Message)
	case errors.As(err, &dv):
		return untrusted.Line(dv.Detail)
	case errors.As(err, &ge):
		return untrusted.Line(ge.Message)
	}
	return ""
}

// stripRequestID drops the " [request_id X]" an error's text ends with: the request id is
// given once, on its own.
func stripRequestID(s string) string {
	if i := strings.LastIndex(s, " [request_id "); i >= 0 && strings.HasSuffix(s, "]") {
		return s[:i]
	}
	return s
}

// Line is the CLI's one line: meaning, the error's words, the fix, the request id.
func (p Presentation) Line(lang i18n.Lang) string {
	T := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	switch {
	case p.Input:
		return p.Message
	case p.NotFound:
		msg := p.Message
		if p.ServerSaid != "" {
			if lang != i18n.Chinese { // 全角括号 carry their own space
				msg += " "
			}
			msg += T("cli.server_said", p.ServerSaid)
		}
		if p.Hint != "" {
			msg += " — " + p.Hint // where to find the right name
		}
		if p.RequestID != "" {
			msg += " — " + T("cli.request_id", p.RequestID)
		}
		return msg
	case p.Unavailable:
		msg := p.Message
		if p.Unlock != "" {
			msg = i18n.Clauses(lang, msg, i18n.Label(lang, T("fix.add"))+p.Unlock)
		}
		return msg
	}
	var parts []string
	if p.Message != "" {
		parts = append(parts, p.Message)
	}
	if p.Detail != p.Message { // an error that words itself, with no meaning of its own: once
		parts = append(parts, p.Detail)
	}
	if p.Hint != "" {
		parts = append(parts, p.Hint)
	}
	if p.RequestID != "" {
		parts = append(parts, T("cli.request_id", p.RequestID))
	}
	line := strings.Join(parts, " — ")
	if p.LoginURL != "" {
		line += " " + T("token.login_at", p.LoginURL)
	}
	return line
}

// Short is the TUI's status line: the meaning, the request id, the fix and where to log in.
func (p Presentation) Short(lang i18n.Lang) string {
	T := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	if p.Input || p.NotFound {
		return p.Message
	}
	s := p.Message
	if s == "" {
		s = T("tui.error")
	}
	if p.Address != "" {
		s += i18n.Aside(lang, p.Address)
	}
	if p.RequestID != "" {
		s += " · " + T("cli.request_id", p.RequestID)
	}
	if p.Hint != "" {
		s += " → " + p.Hint
	}
	if p.LoginURL != "" {
		s += " " + T("token.login_at", p.LoginURL)
	}
	return s
}

// AddressOf is where a request that failed in transport went (scheme://host), or "".
func AddressOf(err error) string {
	var te *TransportError
	if errors.As(err, &te) {
		if u, perr := url.Parse(te.URL); perr == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host
		}
	}
	return ""
}
