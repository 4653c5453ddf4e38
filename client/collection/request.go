// Package collection keeps saved requests: plain YAML files, one per request, in a folder per
// gateway, that a person can read, edit and commit with a project. A saved request is what the
// console's editor holds and never a credential: the profile's are added when it is sent.
package collection

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bkconsole/bkconsole/client"
)

// Request is one saved request, as its file holds it.
type Request struct {
	// Name and Gateway come from where the file is (GATEWAY/NAME.yaml), not from its text.
	Name       string            `yaml:"-" json:"name"`
	Gateway    string            `yaml:"-" json:"gateway"`
	Stage      string            `yaml:"stage,omitempty" json:"stage,omitempty"`
	API        string            `yaml:"api,omitempty" json:"api,omitempty"` // the resource's name, when it has one
	Method     string            `yaml:"method" json:"method"`
	Path       string            `yaml:"path" json:"path"` // the resource path, {param} parts kept
	PathParams map[string]string `yaml:"path_params,omitempty" json:"path_params,omitempty"`
	Query      []Pair            `yaml:"query,omitempty" json:"query,omitempty"`
	Headers    []Pair            `yaml:"headers,omitempty" json:"headers,omitempty"`
	Body       string            `yaml:"body,omitempty" json:"body,omitempty"`
	WithUser   bool              `yaml:"with_user,omitempty" json:"with_user,omitempty"`
	// Bearer: sent with the profile's personal token (the token itself is never kept).
	Bearer bool `yaml:"bearer,omitempty" json:"bearer,omitempty"`
	// AI: the API is an AI resource; its answer may stream.
	AI bool `yaml:"ai,omitempty" json:"ai,omitempty"`
	// File is where it was read from or written to.
	File string `yaml:"-" json:"file"`
}

// Pair is a query parameter or a header, in order (a name may repeat).
type Pair struct {
	Name  string `yaml:"name" json:"name"`
	Value string `yaml:"value" json:"value"`
}

// Ref is GATEWAY/NAME, how a saved request is named where the gateway is not implied.
func (r Request) Ref() string { return r.Gateway + "/" + r.Name }

// ValidName: a saved request's name is its file's name, so it is kept to letters and digits of
// any script ("查询主机" as well as "list-hosts"), '.', '_' and '-' (64 at most), and cannot
// start with a dot or point outside the folder. (Checked rune by rune: the regular expression
// it replaces, a Unicode class repeated 63 times, took 13 ms to compile at every start.)
// Windows' device names (CON, NUL, COM1…) are refused whatever follows their dot: no such file
// can be made there, so a collection shared through git would not check out.
func ValidName(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 64 || strings.Contains(s, "..") || !utf8.ValidString(s) || deviceName(s) {
		return false
	}
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.N, r)
		if !alnum && (i == 0 || !strings.ContainsRune("._-", r)) {
			return false
		}
	}
	return true
}

// deviceName tells a name Windows keeps for a device, before any dot.
func deviceName(s string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(s), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '0' && base[3] <= '9'
}

// FromCall is what a call request saves: the editor's fields as they are, variables unresolved.
func FromCall(name, api string, c client.CallRequest) Request {
	r := Request{Name: name, Gateway: c.Gateway, Stage: c.Stage, API: api, Method: c.Method, Path: c.Path, Body: string(c.Body), WithUser: c.WithUser, Bearer: c.Bearer, AI: c.AI}
	if len(c.PathParams) > 0 {
		r.PathParams = map[string]string{}
		for k, v := range c.PathParams {
			r.PathParams[k] = v
		}
	}
	for _, q := range c.Query {
		r.Query = append(r.Query, Pair{q.Key, q.Value})
	}
	for _, h := range c.Headers {
		r.Headers = append(r.Headers, Pair{h.Key, h.Value})
	}
	return r
}

// Call is the request to send, as saved (variables are resolved by Expand first).
func (r Request) Call() client.CallRequest {
	c := client.CallRequest{Gateway: r.Gateway, Stage: r.Stage, Method: strings.ToUpper(r.Method), Path: r.Path, WithUser: r.WithUser, Bearer: r.Bearer, AI: r.AI,
		PathParams: map[string]string{}}
	for k, v := range r.PathParams {
		c.PathParams[k] = v
	}
	for _, q := range r.Query {
		c.Query = append(c.Query, client.KV{Key: q.Name, Value: q.Value})
	}
	for _, h := range r.Headers {
		c.Headers = append(c.Headers, client.KV{Key: h.Name, Value: h.Value})
	}
	if r.Body != "" {
		c.Body = []byte(r.Body)
	}
	return c
}

// credentialHeaders carry credentials: the profile adds its own when the request is sent, so a
// saved request never holds them.
var credentialHeaders = []string{"authorization", "x-bkapi-authorization", "proxy-authorization", "cookie", "x-bk-app-secret", "x-bkapi-app-secret"}

// CredentialHeader tells whether a header so named carries a credential.
func CredentialHeader(name string) bool {
	return slices.Contains(credentialHeaders, strings.ToLower(name))
}

// secretNameRe is a field name whose value is a secret.
var secretNameRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(secret|token|password|passwd|credential|api[_-]?key|authorization)`)
})

// SecretName: a field or variable so named holds a secret.
func SecretName(name string) bool { return secretNameRe().MatchString(name) }

// SecretError is a saved request that would hold a credential: where, and what to do instead.
type SecretError struct {
	Where string // "header X-Bkapi-Authorization", "query bk_token", "body"
}

func (e *SecretError) Error() string { return "a credential in " + e.Where }

// CheckNoSecrets refuses a request that holds a credential: a header that carries one, a
// field named like one with a literal value (a {{variable}} is fine: its value is not saved),
// or any of the known secrets (the profile's) anywhere.
func CheckNoSecrets(r Request, known []string) error {
	literal := func(v string) bool { return strings.TrimSpace(v) != "" && !isOnlyVar(v) }
	for _, h := range r.Headers {
		if CredentialHeader(h.Name) {
			return &SecretError{"header " + h.Name}
		}
		if secretNameRe().MatchString(h.Name) && literal(h.Value) {
			return &SecretError{"header " + h.Name}
		}
	}
	for _, q := range r.Query {
		if secretNameRe().MatchString(q.Name) && literal(q.Value) {
			return &SecretError{"query " + q.Name}
		}
	}
	keys := make([]string, 0, len(r.PathParams))
	for k := range r.PathParams {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, s := range known {
		if len(s) < 4 {
			continue // too short to tell from ordinary text
		}
		for _, h := range r.Headers {
			if strings.Contains(h.Value, s) {
				return &SecretError{"header " + h.Name}
			}
		}
		for _, q := range r.Query {
			if strings.Contains(q.Value, s) {
				return &SecretError{"query " + q.Name}
			}
		}
		for _, k := range keys {
			if strings.Contains(r.PathParams[k], s) {
				return &SecretError{"path parameter " + k}
			}
		}
		if strings.Contains(r.Body, s) {
			return &SecretError{"body"}
		}
	}
	return nil
}

func isOnlyVar(v string) bool {
	m := varRe().FindStringIndex(strings.TrimSpace(v))
	return m != nil && m[0] == 0 && m[1] == len(strings.TrimSpace(v))
}

// Check says what is wrong with a request read from a file, before it is used.
func (r Request) Check() error {
	switch {
	case r.Method == "":
		return invalid("requests.no_method")
	case !strings.HasPrefix(r.Path, "/"):
		return invalid("requests.path_no_slash", r.Path)
	}
	return nil
}
