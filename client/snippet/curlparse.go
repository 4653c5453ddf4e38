package snippet

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"mvdan.cc/sh/v3/syntax"
)

// Parsed is a curl command read back: what it would send.
type Parsed struct {
	Method  string
	URL     string
	Headers []client.KV // without X-Bkapi-Authorization
	Body    []byte
	Auth    map[string]string // the X-Bkapi-Authorization fields, if any
}

// LookupEnv resolves $VAR in a pasted command (an env-mode snippet); os.LookupEnv by default.
var LookupEnv = os.LookupEnv

// bad is a command that cannot be read, said in the user's language by the catalog's "curl."
// texts (the pasted command is the user's input, not a server's answer).
func bad(key string, args ...any) error { return &client.ErrUserInput{Key: key, Args: args} }

// ParseCurl reads a curl command line as a shell would split it (quotes, escapes, line
// continuations), as browsers' "copy as cURL" and gateway docs write them. A plain $VAR is
// read from the environment, so env-mode snippets come back too, and a body piped in by
// printf (bkconsole's own snippet of a body that is not text) is read from printf's format.
func ParseCurl(cmd string) (Parsed, error) {
	words, stdin, err := commandWords(cmd)
	if err != nil {
		return Parsed{}, err
	}
	if len(words) == 0 || words[0] != "curl" {
		return Parsed{}, bad("curl.not_curl")
	}
	p, data, get, err := curlOptions(words[1:], stdin)
	if err != nil {
		return p, err
	}
	if p.URL == "" {
		return p, bad("curl.no_url")
	}
	body := strings.Join(data, "&")
	if get && body != "" {
		sep := "?"
		if strings.Contains(p.URL, "?") {
			sep = "&"
		}
		p.URL += sep + body
		body = ""
	}
	p.Body = []byte(body)
	if body != "" && !json.Valid(p.Body) && !hasHeader(p.Headers, "Content-Type") {
		// What curl sends -d with: bkconsole's own default, JSON, is for bodies that are JSON
		// (the gateway docs' examples pass JSON to -d without a Content-Type).
		p.Headers = append(p.Headers, client.KV{Key: "Content-Type", Value: "application/x-www-form-urlencoded"})
	}
	if p.Method == "" {
		p.Method = "GET"
		if len(p.Body) > 0 {
			p.Method = "POST"
		}
	}
	return p, nil
}

func hasHeader(hs []client.KV, name string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Key, name) {
			return true
		}
	}
	return false
}

// commandWords are the words of the first command in a shell text, each a literal, and what
// `printf FORMAT |` before it pipes in (nil where nothing is).
func commandWords(cmd string) (words []string, stdin []byte, err error) {
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd), "")
	if err != nil {
		return nil, nil, bad("curl.not_shell", err.Error())
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		if words != nil || err != nil {
			return false
		}
		switch n := n.(type) {
		case *syntax.FuncDecl:
			return false // an env-mode snippet's helper (bk_json), not the command
		case *syntax.BinaryCmd:
			if n.Op != syntax.Pipe {
				return true
			}
			var feed []string
			if feed, err = callWords(n.X.Cmd); err == nil && len(feed) > 0 {
				if stdin, err = printfOutput(feed); err == nil {
					words, err = callWords(n.Y.Cmd)
				}
			}
			return false
		case *syntax.CallExpr:
			words, err = callWords(n)
			return false
		}
		return true
	})
	return words, stdin, err
}

// callWords are a simple command's words, each a literal; nil for any other command.
func callWords(c syntax.Command) ([]string, error) {
	call, ok := c.(*syntax.CallExpr)
	if !ok {
		return nil, nil
	}
	var words []string
	for _, w := range call.Args {
		s, err := literal(w)
		if err != nil {
			return nil, err
		}
		words = append(words, s)
	}
	return words, nil
}

// printfOutput is what `printf FORMAT` writes, for a format of text, backslash escapes and %%
// (as bkconsole's snippets write it); any other command, or a conversion, is not read.
func printfOutput(words []string) ([]byte, error) {
	if words[0] != "printf" || len(words) != 2 {
		return nil, bad("curl.pipe", pipeStart(words))
	}
	var out []byte
	f := words[1]
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '%' && i+1 < len(f) && f[i+1] == '%':
			out, i = append(out, '%'), i+1
		case c == '%':
			return nil, bad("curl.pipe", pipeStart(words))
		case c == '\\' && i+1 < len(f):
			b, n := printfEscape(f[i+1:])
			out, i = append(out, b...), i+n
		default:
			out = append(out, c)
		}
	}
	return out, nil
}

// pipeStart names a piped-in command by its start: a pasted format can be megabytes.
func pipeStart(words []string) string {
	s := strings.Join(words, " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// printfEscape reads the escape after a backslash: its bytes and how many characters it took.
func printfEscape(s string) ([]byte, int) {
	head := s[:min(3, len(s))] // \NNN: up to three octal digits
	if n := len(head) - len(strings.TrimLeft(head, "01234567")); n > 0 {
		v, _ := strconv.ParseUint(s[:n], 8, 16)
		return []byte{byte(v)}, n
	}
	if e, ok := map[byte]byte{'n': '\n', 't': '\t', 'r': '\r', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v', '\\': '\\', '"': '"', '\'': '\''}[s[0]]; ok {
		return []byte{e}, 1
	}
	return []byte{'\\', s[0]}, 1 // printf prints an unknown escape as it stands
}

// header takes a -H: the X-Bkapi-Authorization fields apart, any other header as it is.
func (p *Parsed) header(v string) error {
	if strings.HasPrefix(v, "@") {
		return bad("curl.reads_file", "-H "+v)
	}
	k, val, ok := strings.Cut(v, ":")
	if !ok {
		return bad("curl.header_no_colon", v)
	}
	k, val = strings.TrimSpace(k), strings.TrimLeft(val, " ")
	if !strings.EqualFold(k, "X-Bkapi-Authorization") {
		p.Headers = append(p.Headers, client.KV{Key: k, Value: val})
		return nil
	}
	p.Auth = map[string]string{}
	var raw map[string]any
	if err := json.Unmarshal([]byte(val), &raw); err != nil {
		return bad("curl.auth_not_json", err.Error())
	}
	for k, x := range raw {
		p.Auth[k] = fmt.Sprint(x)
	}
	return nil
}

// literal reads a shell word that holds no expansion.
func literal(w *syntax.Word) (string, error) {
	var b strings.Builder
	var err error
	syntax.Walk(w, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.Lit:
			b.WriteString(unescapeLit(x.Value))
		case *syntax.SglQuoted:
			if x.Dollar {
				s, e := ansiC(x.Value)
				if e != nil {
					err = e
				}
				b.WriteString(s)
			} else {
				b.WriteString(x.Value)
			}
			return false
		case *syntax.DblQuoted:
			for _, p := range x.Parts {
				switch part := p.(type) {
				case *syntax.Lit:
					b.WriteString(unescapeDbl(part.Value))
				case *syntax.ParamExp:
					v, e := param(part)
					if e != nil {
						err = e
						return false
					}
					b.WriteString(v)
				case *syntax.CmdSubst:
					v, ok, e := bkJSON(part)
					if !ok {
						err = bad("curl.expansion", "$(…)")
						return false
					}
					if e != nil {
						err = e
						return false
					}
					b.WriteString(v)
				default:
					err = bad("curl.expansion", "$(…)")
					return false
				}
			}
			return false
		case *syntax.ParamExp:
			v, e := param(x)
			if e != nil {
				err = e
			}
			b.WriteString(v)
			return false
		case *syntax.CmdSubst, *syntax.ArithmExp:
			err = bad("curl.expansion", "$…")
			return false
		}
		return true
	})
	return b.String(), err
}

// bkJSON reads $(bk_json "$VAR"), the env-mode snippets' escaping of a secret for the JSON
// header: the variable's value, escaped as bk_json escapes it.
func bkJSON(cs *syntax.CmdSubst) (string, bool, error) {
	if len(cs.Stmts) != 1 {
		return "", false, nil
	}
	call, ok := cs.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) != 2 {
		return "", false, nil
	}
	if name, err := literal(call.Args[0]); err != nil || name != shJSONFunc {
		return "", false, nil
	}
	v, err := literal(call.Args[1])
	if err != nil {
		return "", true, err
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v), true, nil
}

// param resolves a plain $VAR from the environment; anything fancier is refused.
func param(p *syntax.ParamExp) (string, error) {
	if p.Param == nil || p.Exp != nil || p.Repl != nil || p.Slice != nil || p.Index != nil || p.Length || p.Excl {
		return "", bad("curl.expansion", "${…}")
	}
	v, ok := LookupEnv(p.Param.Value)
	if !ok {
		return "", bad("curl.env_unset", p.Param.Value)
	}
	return v, nil
}

func unescapeLit(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unescapeDbl(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.ContainsRune("$`\"\\\n", rune(s[i+1])) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ansiC expands bash's $'...' escapes, which browsers use for bodies with quotes.
func ansiC(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"', '?':
			b.WriteByte(s[i])
		case 'x':
			var v int
			n, _ := fmt.Sscanf(s[i+1:min(i+3, len(s))], "%02x", &v)
			if n == 1 {
				b.WriteByte(byte(v))
				i += 2
			}
		case 'u':
			var v int
			if i+5 <= len(s) {
				if _, e := fmt.Sscanf(s[i+1:i+5], "%04x", &v); e == nil {
					b.WriteRune(rune(v))
					i += 4
					continue
				}
			}
			b.WriteString(`\u`)
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String(), nil
}

// Recognised is a URL matched against BK_API_URL_TMPL.
type Recognised struct {
	Gateway string
	Stage   string
	Path    string
	Query   []client.KV
}

// Recognise splits a gateway URL into gateway, stage, path and query using the template.
func Recognise(tmpl, raw string) (Recognised, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Recognised{}, err
	}
	var r Recognised
	for _, kv := range strings.Split(u.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		ku, e1 := url.QueryUnescape(k)
		vu, e2 := url.QueryUnescape(v)
		if e1 != nil || e2 != nil {
			return r, bad("curl.query_not_encoded", kv)
		}
		r.Query = append(r.Query, client.KV{Key: ku, Value: vu})
	}
	pattern := regexp.QuoteMeta(strings.TrimRight(tmpl, "/"))
	pattern = strings.ReplaceAll(pattern, regexp.QuoteMeta("{api_name}"), `(?P<gw>[^/.]+)`)
	pattern = strings.ReplaceAll(pattern, regexp.QuoteMeta("{gateway_name}"), `(?P<gw>[^/.]+)`)
	re, err := regexp.Compile("^" + pattern + `/(?P<stage>[^/]+)(?P<path>/.*)?$`)
	if err != nil {
		return r, err
	}
	base := u.Scheme + "://" + u.Host + u.EscapedPath()
	m := re.FindStringSubmatch(base)
	if m == nil {
		return r, bad("curl.not_template", base, tmpl)
	}
	r.Gateway = m[re.SubexpIndex("gw")]
	r.Stage = m[re.SubexpIndex("stage")]
	r.Path = m[re.SubexpIndex("path")]
	if r.Path == "" {
		r.Path = "/"
	}
	return r, nil
}
