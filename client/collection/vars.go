package collection

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/bkconsole/bkconsole/client"
)

// varRe is a variable: {{name}}, spaces allowed inside the braces.
var varRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\s*\}\}`) })

// VarNameRe is what a variable's name may be.
var VarNameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`) })

// Where a variable's value came from, in the order they are looked at.
const (
	FromFlag    = "flag"    // --var name=value
	FromProfile = "profile" // bkconsole vars set
	FromEnv     = "env"     // BKCONSOLE_VAR_name
)

// EnvPrefix names a variable in the environment.
const EnvPrefix = "BKCONSOLE_VAR_"

// Value is a variable's value and where it came from.
type Value struct {
	Value, Source string
}

// Resolver finds variables' values: the flags first, then the profile, then the environment.
type Resolver struct {
	Flags, Profile map[string]string
	Env            func(string) string // os.Getenv; nil: none
}

// Lookup finds one variable.
func (r Resolver) Lookup(name string) (Value, bool) {
	if v, ok := r.Flags[name]; ok {
		return Value{v, FromFlag}, true
	}
	if v, ok := r.Profile[name]; ok {
		return Value{v, FromProfile}, true
	}
	if r.Env != nil {
		if v := r.Env(EnvPrefix + name); v != "" {
			return Value{v, FromEnv}, true
		}
	}
	return Value{}, false
}

// UnresolvedError names the variables that have no value: nothing is sent.
type UnresolvedError struct{ Names []string }

func (e *UnresolvedError) Error() string { return "no value for " + strings.Join(e.Names, ", ") }

// Names are the variables a request uses, sorted, each once.
func (r Request) Names() []string {
	seen := map[string]bool{}
	r.each(func(s string) string {
		for _, m := range varRe().FindAllStringSubmatch(s, -1) {
			seen[m[1]] = true
		}
		return s
	})
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Expand puts the variables' values in: in path parameters, query, headers and body. Every
// variable without a value is named in an UnresolvedError, and the request is not to be sent.
func (r Request) Expand(res Resolver) (Request, error) {
	var missing []string
	out := r.clone()
	out.each(func(s string) string {
		return varRe().ReplaceAllStringFunc(s, func(m string) string {
			name := varRe().FindStringSubmatch(m)[1]
			v, ok := res.Lookup(name)
			if !ok {
				missing = append(missing, name)
				return m
			}
			return v.Value
		})
	})
	if len(missing) > 0 {
		sort.Strings(missing)
		uniq := missing[:1]
		for _, n := range missing[1:] {
			if n != uniq[len(uniq)-1] {
				uniq = append(uniq, n)
			}
		}
		return r, &UnresolvedError{uniq}
	}
	return out, nil
}

func (r Request) clone() Request {
	c := r
	if r.PathParams != nil {
		c.PathParams = make(map[string]string, len(r.PathParams))
		for k, v := range r.PathParams {
			c.PathParams[k] = v
		}
	}
	c.Query = append([]Pair(nil), r.Query...)
	c.Headers = append([]Pair(nil), r.Headers...)
	return c
}

// each rewrites every place a variable may stand.
func (r *Request) each(f func(string) string) {
	for k, v := range r.PathParams {
		r.PathParams[k] = f(v)
	}
	for i := range r.Query {
		r.Query[i].Value = f(r.Query[i].Value)
	}
	for i := range r.Headers {
		r.Headers[i].Value = f(r.Headers[i].Value)
	}
	r.Body = f(r.Body)
}

// ExpandCall resolves the variables of a call as the editor or the flags hold it; one without a
// value stops it (UnresolvedError) before anything is sent. api is the resource's name. What
// a saved request does not keep (credentials, a component, a timeout) passes through, and a
// JSON body is checked as it will be sent.
func ExpandCall(r client.CallRequest, api string, res Resolver) (client.CallRequest, error) {
	out, err := FromCall("", api, r).Expand(res)
	if err != nil {
		return r, err
	}
	x := out.Call()
	x.Auth, x.Component, x.Timeout = r.Auth, r.Component, r.Timeout
	if len(x.Body) > 0 && client.IsJSONBody(x.Headers) {
		if err := client.CheckJSON(x.Body); err != nil {
			return x, err
		}
	}
	return x, nil
}

// Resolved is a variable a request uses, with its value and source if it has one.
type Resolved struct {
	Name, Value, Source string
	Found               bool
}

// ResolveAll looks up every variable a call uses, in name order: what the console shows.
func ResolveAll(r client.CallRequest, res Resolver) []Resolved {
	names := FromCall("", "", r).Names()
	out := make([]Resolved, 0, len(names))
	for _, n := range names {
		v, ok := res.Lookup(n)
		out = append(out, Resolved{n, v.Value, v.Source, ok})
	}
	return out
}
