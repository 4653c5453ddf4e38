// Package snippet writes a prepared request as a curl, HTTPie, Python (requests), Go (net/http)
// or JavaScript (fetch) program that sends exactly the same bytes, and reads a curl command back
// into a request.
package snippet

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/wiretap"
)

// Lang is a snippet language.
type Lang string

const (
	Curl   Lang = "curl"
	Python Lang = "python"
	HTTPie Lang = "httpie"
	Go     Lang = "go"
	JS     Lang = "js"
	SDK    Lang = "sdk" // the gateway's Python SDK call
)

// Langs lists the languages in the order screens offer them.
var Langs = []Lang{Curl, Python, HTTPie, Go, JS, SDK}

// Mode says how secrets appear.
type Mode string

const (
	Masked Mode = "masked" // the default on screen
	Env    Mode = "env"    // read from environment variables
	Inline Mode = "inline" // the real values: only on an explicit request
)

// Mask stands in for a secret in masked mode.
const Mask = "****"

// envVar is the variable each secret is read from in env mode.
var envVar = map[string]string{
	"bk_app_secret": "BK_APP_SECRET",
	"bk_token":      "BK_TOKEN",
	"bk_ticket":     "BK_TOKEN",
	"access_token":  "BK_ACCESS_TOKEN",
	// The personal token goes whole into Authorization: Bearer, not inside JSON.
	"personal_token": "BK_PERSONAL_TOKEN",
}

// SDKCall names what the gateway's SDK snippet needs.
type SDKCall struct {
	Endpoint string // BK_API_URL_TMPL filled with the gateway
	Gateway  string
	Resource string
	Stage    string
	SDKName  string // e.g. bkapi-demo-echo; empty when the gateway has no SDK
	// Path is the API's path as its SDK operation declares it ({param} parts; an API that
	// matches every sub-path ends in /*).
	Path string
	// PathParams are the resource path's {param} values: the SDK fills the path itself and
	// raises PathParamsMissing without them.
	PathParams map[string]string
}

// subPath is the sub-path a call of an API that matches every sub-path adds; the SDK's
// operation has no place for it.
func (s SDKCall) subPath() string {
	if !s.matchesSubPaths() {
		return ""
	}
	return strings.Trim(s.PathParams[client.SubPathParam], "/")
}

// matchesSubPaths: the API takes any sub-path (its path ends in /*); its sub-path is not one of
// the operation's path parameters.
func (s SDKCall) matchesSubPaths() bool { return strings.HasSuffix(s.Path, "/*") }

// part is a piece of a value: literal text or a secret that the mode decides how to show.
type part struct {
	text   string
	secret string // the key (bk_app_secret, bk_token, access_token) when this is a secret
	// plain: the secret stands alone in the header (a Bearer token), not inside a JSON
	// string, so it is written as it is, never JSON-escaped.
	plain bool
}

// credential is the one header that carries the credentials, as parts: X-Bkapi-Authorization's
// JSON, or Authorization: Bearer with the personal token. ok is false when none is sent.
func credential(p client.Prepared) (name string, ps []part, ok bool) {
	switch {
	case p.Bearer != "":
		return "Authorization", []part{{text: "Bearer "}, {text: p.Bearer, secret: "personal_token", plain: true}}, true
	case len(p.Auth.Pairs()) > 0:
		return "X-Bkapi-Authorization", authParts(p.Auth), true
	}
	return "", nil, false
}

// streams tells whether the request asks for a streamed answer (an AI resource's Chat
// Completions body with "stream": true): the snippet then prints the events as they arrive.
func streams(p client.Prepared) bool {
	var b struct {
		Stream bool `json:"stream"`
	}
	return len(p.Body) > 0 && p.Body[0] == '{' && json.Unmarshal(p.Body, &b) == nil && b.Stream
}

// needsJSONEscape tells whether env mode must escape a secret at run time (it sits in JSON).
func needsJSONEscape(p client.Prepared, mode Mode) bool {
	return mode == Env && p.Bearer == "" && len(p.Auth.Pairs()) > 0
}

// authParts splits the X-Bkapi-Authorization value into literal JSON and secret values.
func authParts(a client.AuthFields) []part {
	var ps []part
	ps = append(ps, part{text: "{"})
	for i, kv := range a.Pairs() {
		if i > 0 {
			ps = append(ps, part{text: ", "})
		}
		ps = append(ps, part{text: client.PyJSONString(kv[0]) + ": "})
		if _, isSecret := envVar[kv[0]]; isSecret {
			ps = append(ps, part{text: `"`}, part{text: kv[1], secret: kv[0]}, part{text: `"`})
		} else {
			ps = append(ps, part{text: client.PyJSONString(kv[1])})
		}
	}
	return append(ps, part{text: "}"})
}

// secretText is a secret as it appears inside the JSON header in masked or inline mode.
func secretText(p part, mode Mode) string {
	if mode == Inline && p.plain {
		return p.text
	}
	if mode == Inline {
		q := client.PyJSONString(p.text)
		return q[1 : len(q)-1] // escaped as json.dumps escapes it, without the quotes
	}
	return Mask
}

// Generate writes the request as a program in lang.
func Generate(lang Lang, p client.Prepared, mode Mode, sdk SDKCall) (string, error) {
	p.Headers = shownHeaders(p.Headers, mode)
	switch lang {
	case Curl:
		return curl(p, mode), nil
	case HTTPie:
		return httpie(p, mode), nil
	case Python:
		return python(p, mode), nil
	case Go:
		return goProgram(p, mode), nil
	case JS:
		return javascript(p, mode), nil
	case SDK:
		return sdkCall(p, mode, sdk)
	}
	return "", fmt.Errorf("unknown snippet language %q", lang)
}

// shownHeaders are the request's own headers as a snippet writes them: a credential among them
// (a pasted Cookie, an Authorization, a secret-named header) masked as -v and --dry-run mask
// it, unless the secrets are asked for inline. Env mode masks them too: no variable holds them.
func shownHeaders(hs []client.KV, mode Mode) []client.KV {
	if mode == Inline {
		return hs
	}
	out := make([]client.KV, len(hs))
	for i, h := range hs {
		out[i] = client.KV{Key: h.Key, Value: wiretap.MaskValue(h.Key, h.Value)}
	}
	return out
}

// shQuote quotes s for any POSIX shell: single quotes keep every byte but NUL as it is.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shWord joins parts into one shell word: literals single-quoted, env secrets as "$VAR".
func shWord(ps []part, mode Mode) string {
	var b strings.Builder
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			b.WriteString(shQuote(lit.String()))
			lit.Reset()
		}
	}
	for _, p := range ps {
		switch {
		case p.secret == "":
			lit.WriteString(p.text)
		case mode == Env && p.plain:
			flush()
			b.WriteString(`"$` + envVar[p.secret] + `"`)
		case mode == Env:
			// The value goes inside a JSON string: escaped at run time, whatever it holds.
			flush()
			b.WriteString(`"$(` + shJSONFunc + ` "$` + envVar[p.secret] + `")"`)
		default:
			lit.WriteString(secretText(p, mode))
		}
	}
	flush()
	if b.Len() == 0 {
		return "''"
	}
	return b.String()
}

// shJSONFunc escapes its argument for the inside of a JSON string (backslash and quote), with
// no tool beyond sed: a secret holding " or \ still makes a valid X-Bkapi-Authorization.
const shJSONFunc = "bk_json"

const shJSONPrelude = "bk_json() { sed -e 's/[\\\\\"]/\\\\&/g' <<BK_EOF\n$1\nBK_EOF\n}\n"

// shPrelude is what a shell snippet defines before its command, in env mode.
func shPrelude(p client.Prepared, mode Mode) string {
	if needsJSONEscape(p, mode) {
		return shJSONPrelude
	}
	return ""
}

func headerParts(p client.Prepared) [][]part {
	var hs [][]part
	for _, h := range p.Headers {
		hs = append(hs, []part{{text: h.Key + ": " + h.Value}})
	}
	if name, ps, ok := credential(p); ok {
		hs = append(hs, append([]part{{text: name + ": "}}, ps...))
	}
	return hs
}

func curl(p client.Prepared, mode Mode) string {
	var lines []string
	curl := "curl"
	if streams(p) {
		curl = "curl -N" // no buffering: each event shows as it arrives
	}
	switch p.Method {
	case "HEAD":
		lines = append(lines, curl+" --head "+shQuote(p.FullURL()))
	default:
		lines = append(lines, curl+" -X "+p.Method+" "+shQuote(p.FullURL()))
	}
	for _, h := range headerParts(p) {
		lines = append(lines, "-H "+shWord(h, mode))
	}
	switch {
	case shellBinary(p.Body): // piped in: no shell word holds a NUL
		lines = append([]string{printfBody(p.Body) + " |"}, append(lines, "--data-binary @-")...)
	case len(p.Body) > 0:
		flag := "-d"
		if p.Body[0] == '@' {
			flag = "--data-raw" // -d would read a file named after the @
		}
		lines = append(lines, flag+" "+shQuote(string(p.Body)))
	}
	return shPrelude(p, mode) + strings.Join(lines, " \\\n  ") + "\n"
}

// binaryBody tells whether a body cannot stand as it is in a shell word or a JavaScript string:
// it holds a NUL (no shell argument can) or bytes that are not UTF-8 (a JS string turns them
// into U+FFFD). Such a body is written byte for byte as escapes.
func binaryBody(b []byte) bool { return bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b) }

// shellBinary tells whether a body is piped in by printf in a shell snippet: a binary one, or
// text with a control character but newline and tab (a carriage return, an escape), which a
// quoted word would carry raw into the terminal the snippet is pasted in.
func shellBinary(b []byte) bool {
	return binaryBody(b) || bytes.ContainsFunc(b, func(r rune) bool { return r != '\n' && r != '\t' && unicode.IsControl(r) })
}

// printfBody is a POSIX printf command that writes b byte for byte: printable ASCII as it is,
// % and \ doubled, every other byte as an octal escape (\ooo, which every printf reads; \x is
// not POSIX).
func printfBody(b []byte) string {
	var f strings.Builder
	for i, c := range b {
		switch {
		case i == 0 && c == '-': // a format starting with - would be read as an option
			f.WriteString(`\055`)
		case c == '%':
			f.WriteString("%%")
		case c == '\\':
			f.WriteString(`\\`)
		case c >= 0x20 && c < 0x7f:
			f.WriteByte(c)
		default:
			fmt.Fprintf(&f, "\\%03o", c)
		}
	}
	return "printf " + shQuote(f.String())
}

func httpie(p client.Prepared, mode Mode) string {
	http, lines := "http --ignore-stdin ", []string(nil)
	if shellBinary(p.Body) { // piped in: HTTPie sends its stdin as the body, byte for byte
		http, lines = "http ", []string{printfBody(p.Body) + " |"}
	}
	if streams(p) {
		http += "--stream "
	}
	lines = append(lines, http+p.Method+" "+shQuote(p.FullURL()))
	for _, h := range headerParts(p) {
		lines = append(lines, shWord(h, mode))
	}
	if len(p.Body) > 0 && !shellBinary(p.Body) {
		lines = append(lines, "--raw "+shQuote(string(p.Body)))
	}
	return shPrelude(p, mode) + strings.Join(lines, " \\\n  ") + "\n"
}

// pyStr is a Python string literal with exactly the characters of s. It is JSON's escaping but
// for characters beyond the BMP, which Python writes as \U0001F600 (JSON's surrogate pairs would
// stay two lone surrogates in a Python literal).
func pyStr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r > 0xffff {
			fmt.Fprintf(&b, `\U%08x`, r)
			continue
		}
		q := client.PyJSONString(string(r))
		b.WriteString(q[1 : len(q)-1])
	}
	b.WriteByte('"')
	return b.String()
}

// pyBytes is a Python bytes literal for any bytes.
func pyBytes(b []byte) string {
	var sb strings.Builder
	sb.WriteString(`b"`)
	for _, c := range b {
		switch {
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		default:
			fmt.Fprintf(&sb, `\x%02x`, c)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// pyAuthValue is an X-Bkapi-Authorization field's value in Python: a secret masked or read from
// the environment as the mode says, anything else as it is.
func pyAuthValue(key, value string, mode Mode) string {
	if _, isSecret := envVar[key]; isSecret {
		switch mode {
		case Env:
			return `os.environ["` + envVar[key] + `"]`
		case Masked:
			return pyStr(Mask)
		}
	}
	return pyStr(value)
}

func pyAuth(a client.AuthFields, mode Mode) string {
	var items []string
	for _, kv := range a.Pairs() {
		v := pyAuthValue(kv[0], kv[1], mode)
		items = append(items, pyStr(kv[0])+": "+v)
	}
	return "json.dumps({" + strings.Join(items, ", ") + "})"
}

func python(p client.Prepared, mode Mode) string {
	var b strings.Builder
	var imports []string
	if p.Bearer == "" && len(p.Auth.Pairs()) > 0 {
		imports = append(imports, "json") // the header is json.dumps'd
	}
	if mode == Env && (p.Bearer != "" || len(p.Auth.Pairs()) > 0) {
		imports = append(imports, "os")
	}
	sort.Strings(imports)
	if len(imports) > 0 {
		b.WriteString("import " + strings.Join(imports, "\nimport ") + "\n\n")
	}
	b.WriteString("import requests\n\n")
	fmt.Fprintf(&b, "url = %s\n", pyStr(p.URL))
	if len(p.Query) > 0 {
		b.WriteString("params = [\n")
		for _, q := range p.Query {
			fmt.Fprintf(&b, "    (%s, %s),\n", pyStr(q.Key), pyStr(q.Value))
		}
		b.WriteString("]\n")
	}
	b.WriteString("headers = {\n")
	for _, h := range p.Headers {
		fmt.Fprintf(&b, "    %s: %s,\n", pyStr(h.Key), pyStr(h.Value))
	}
	switch {
	case p.Bearer != "":
		tok := pyStr("Bearer " + secretText(part{text: p.Bearer, plain: true}, mode))
		if mode == Env {
			tok = `"Bearer " + os.environ["` + envVar["personal_token"] + `"]`
		}
		fmt.Fprintf(&b, "    \"Authorization\": %s,\n", tok)
	case len(p.Auth.Pairs()) > 0:
		fmt.Fprintf(&b, "    \"X-Bkapi-Authorization\": %s,\n", pyAuth(p.Auth, mode))
	}
	b.WriteString("}\n")
	args := []string{"url"}
	if len(p.Query) > 0 {
		args = append(args, "params=params")
	}
	args = append(args, "headers=headers")
	if len(p.Body) > 0 {
		// The body's exact bytes: json= would re-serialise it with other spacing.
		fmt.Fprintf(&b, "data = %s\n", pyBytes(p.Body))
		args = append(args, "data=data")
	}
	if streams(p) {
		args = append(args, "stream=True")
	}
	fmt.Fprintf(&b, "\nresponse = requests.%s(%s)\n", strings.ToLower(p.Method), strings.Join(args, ", "))
	b.WriteString("print(response.status_code, response.headers.get(\"X-Bkapi-Request-ID\"))\n")
	if streams(p) {
		b.WriteString("for line in response.iter_lines(decode_unicode=True):\n    if line:\n        print(line, flush=True)\n")
	} else {
		b.WriteString("print(response.text)\n")
	}
	return b.String()
}

func goStr(s string) string { return strconv.Quote(s) }

func goAuth(ps []part, mode Mode) string {
	return concat(ps, mode, goStr, func(pt part) string {
		if pt.plain {
			return `os.Getenv("` + envVar[pt.secret] + `")`
		}
		return `jsonText(os.Getenv("` + envVar[pt.secret] + `"))`
	})
}

// concat writes a header value as a string expression: adjacent literal text (secrets too,
// masked or inline) joined into one literal, env secrets as the language reads them.
func concat(ps []part, mode Mode, literal func(string) string, fromEnv func(part) string) string {
	var exprs []string
	var lit strings.Builder
	pending := false
	flush := func() {
		if pending {
			exprs = append(exprs, literal(lit.String()))
			lit.Reset()
			pending = false
		}
	}
	for _, pt := range ps {
		switch {
		case pt.secret == "":
			lit.WriteString(pt.text)
			pending = true
		case mode == Env:
			flush()
			exprs = append(exprs, fromEnv(pt))
		default:
			lit.WriteString(secretText(pt, mode))
			pending = true
		}
	}
	flush()
	return strings.Join(exprs, " + ")
}

func goProgram(p client.Prepared, mode Mode) string {
	var b strings.Builder
	name, cred, hasCred := credential(p)
	env, escape := mode == Env && hasCred, needsJSONEscape(p, mode)
	b.WriteString("package main\n\nimport (\n")
	if escape {
		b.WriteString("\t\"encoding/json\"\n")
	}
	stream := streams(p)
	if stream {
		b.WriteString("\t\"bufio\"\n")
	}
	b.WriteString("\t\"fmt\"\n")
	if !stream {
		b.WriteString("\t\"io\"\n")
	}
	b.WriteString("\t\"net/http\"\n")
	if env {
		b.WriteString("\t\"os\"\n")
	}
	b.WriteString("\t\"strings\"\n)\n\nfunc main() {\n")
	fmt.Fprintf(&b, "\tbody := strings.NewReader(%s)\n", goStr(string(p.Body)))
	fmt.Fprintf(&b, "\treq, err := http.NewRequest(%s, %s, body)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n", goStr(p.Method), goStr(p.FullURL()))
	for _, h := range p.Headers {
		fmt.Fprintf(&b, "\treq.Header.Set(%s, %s)\n", goStr(h.Key), goStr(h.Value))
	}
	if hasCred {
		fmt.Fprintf(&b, "\treq.Header.Set(%s, %s)\n", goStr(name), goAuth(cred, mode))
	}
	b.WriteString("\tresp, err := http.DefaultClient.Do(req)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tdefer resp.Body.Close()\n")
	b.WriteString("\tfmt.Println(resp.Status, resp.Header.Get(\"X-Bkapi-Request-ID\"))\n")
	if stream {
		// Each event as it arrives; a line of an event can be long.
		b.WriteString("\tsc := bufio.NewScanner(resp.Body)\n\tsc.Buffer(make([]byte, 0, 64*1024), 1<<20)\n\tfor sc.Scan() {\n\t\tif sc.Text() != \"\" {\n\t\t\tfmt.Println(sc.Text())\n\t\t}\n\t}\n}\n")
	} else {
		b.WriteString("\tout, _ := io.ReadAll(resp.Body)\n\tfmt.Println(string(out))\n}\n")
	}
	if escape {
		b.WriteString("\n// jsonText escapes s for the inside of a JSON string.\nfunc jsonText(s string) string {\n\tb, _ := json.Marshal(s)\n\treturn string(b[1 : len(b)-1])\n}\n")
	}
	return b.String()
}

// jsStr is a JavaScript string literal (JSON's, which JavaScript reads the same way).
func jsStr(s string) string { return client.PyJSONString(s) }

func javascript(p client.Prepared, mode Mode) string {
	var b strings.Builder
	b.WriteString("const headers = {\n")
	for _, h := range p.Headers {
		fmt.Fprintf(&b, "  %s: %s,\n", jsStr(h.Key), jsStr(h.Value))
	}
	if name, cred, ok := credential(p); ok {
		v := concat(cred, mode, jsStr, func(pt part) string {
			if pt.plain {
				return `(process.env.` + envVar[pt.secret] + ` ?? "")`
			}
			return `JSON.stringify(process.env.` + envVar[pt.secret] + ` ?? "").slice(1, -1)`
		})
		fmt.Fprintf(&b, "  %s: %s,\n", jsStr(name), v)
	}
	b.WriteString("};\n\n")
	fmt.Fprintf(&b, "const response = await fetch(%s, {\n  method: %s,\n  headers,\n", jsStr(p.FullURL()), jsStr(p.Method))
	switch {
	case binaryBody(p.Body): // a string would turn its bytes into U+FFFD
		fmt.Fprintf(&b, "  body: Buffer.from(%s, \"base64\"),\n", jsStr(base64.StdEncoding.EncodeToString(p.Body)))
	case len(p.Body) > 0:
		fmt.Fprintf(&b, "  body: %s,\n", jsStr(string(p.Body)))
	}
	b.WriteString("});\nconsole.log(response.status, response.headers.get(\"X-Bkapi-Request-ID\"));\n")
	if streams(p) {
		b.WriteString("const decoder = new TextDecoder();\nfor await (const chunk of response.body) {\n  process.stdout.write(decoder.decode(chunk, { stream: true }));\n}\n")
	} else {
		b.WriteString("console.log(await response.text());\n")
	}
	return b.String()
}

// ErrSDKBearer: the gateway's SDK always sends X-Bkapi-Authorization, which the gateway reads
// before a Bearer token: a call with a personal token is written in the other forms.
var ErrSDKBearer = fmt.Errorf("the gateway's SDK sends X-Bkapi-Authorization, which wins over a personal token: use the Python (requests) snippet")

// ErrNoSDK means the gateway publishes no Python SDK.
var ErrNoSDK = fmt.Errorf("the gateway has no Python SDK")

// ErrSDKNeedsAPI: the SDK calls an API by its name, and no API takes the request's path (a
// call by path that matches none): "client.api.()" is no program.
var ErrSDKNeedsAPI = fmt.Errorf("the gateway's SDK calls an API by its name, and no API takes this path")

// ErrSDKSubPath: the SDK calls an API at the path its operation declares; a sub-path of an
// API that matches every sub-path cannot be added.
var ErrSDKSubPath = fmt.Errorf("the gateway's SDK calls the API's own path and cannot add a sub-path: use the Python (requests) snippet")

// sdkArgs writes the SDK call's keyword arguments: path_params, params, data, headers.
func sdkArgs(b *strings.Builder, p client.Prepared, s SDKCall) {
	keys := make([]string, 0, len(s.PathParams))
	for k := range s.PathParams {
		if k != client.SubPathParam || !s.matchesSubPaths() {
			keys = append(keys, k)
		}
	}
	if len(keys) > 0 {
		sort.Strings(keys)
		b.WriteString("    path_params={")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			// The SDK puts the value into the URL as it is (str.format): escaped here as
			// bkconsole sends it, or a "/" in it would call another path.
			fmt.Fprintf(b, "%s: %s", pyStr(k), pyStr(url.PathEscape(s.PathParams[k])))
		}
		b.WriteString("},\n")
	}
	if len(p.Query) > 0 {
		// A list of pairs, as requests takes it: a key may repeat.
		b.WriteString("    params=[")
		for i, q := range p.Query {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "(%s, %s)", pyStr(q.Key), pyStr(q.Value))
		}
		b.WriteString("],\n")
	}
	if len(p.Body) > 0 {
		// The SDK JSON-encodes data itself: it takes a Python object (bytes would not encode).
		if json.Valid(p.Body) {
			fmt.Fprintf(b, "    data=json.loads(%s),\n", pyStr(string(p.Body)))
		} else {
			fmt.Fprintf(b, "    data=%s,\n", pyStr(string(p.Body)))
		}
	}
	var hs []client.KV
	for _, h := range p.Headers {
		if !strings.EqualFold(h.Key, "Content-Type") { // the SDK sets it for the JSON it writes
			hs = append(hs, h)
		}
	}
	if len(hs) > 0 {
		b.WriteString("    headers={")
		for i, h := range hs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%s: %s", pyStr(h.Key), pyStr(h.Value))
		}
		b.WriteString("},\n")
	}
}

func sdkCall(p client.Prepared, mode Mode, s SDKCall) (string, error) {
	if s.SDKName == "" {
		return "", ErrNoSDK
	}
	if p.Bearer != "" {
		return "", ErrSDKBearer
	}
	if s.Resource == "" {
		return "", ErrSDKNeedsAPI
	}
	if s.subPath() != "" {
		return "", ErrSDKSubPath
	}
	mod := strings.ReplaceAll(s.Gateway, "-", "_")
	var b strings.Builder
	fmt.Fprintf(&b, "# pip install %s\n", s.SDKName)
	var imports []string
	if len(p.Body) > 0 && json.Valid(p.Body) {
		imports = append(imports, "json")
	}
	if mode == Env {
		imports = append(imports, "os")
	}
	if len(imports) > 0 {
		b.WriteString("import " + strings.Join(imports, "\nimport ") + "\n\n")
	}
	fmt.Fprintf(&b, "from bkapi.%s.client import Client\n\n", mod)
	fmt.Fprintf(&b, "client = Client(endpoint=%s, stage=%s)\n", pyStr(s.Endpoint), pyStr(s.Stage))
	var kw []string
	for _, kv := range p.Auth.Pairs() {
		v := pyAuthValue(kv[0], kv[1], mode)
		kw = append(kw, kv[0]+"="+v)
	}
	fmt.Fprintf(&b, "client.update_bkapi_authorization(%s)\n", strings.Join(kw, ", "))
	var args strings.Builder
	sdkArgs(&args, p, s)
	if args.Len() == 0 {
		fmt.Fprintf(&b, "result = client.api.%s()\n", s.Resource) // nothing to pass: one line
	} else {
		fmt.Fprintf(&b, "result = client.api.%s(\n%s)\n", s.Resource, args.String())
	}
	b.WriteString("print(result)\n")
	return b.String(), nil
}
