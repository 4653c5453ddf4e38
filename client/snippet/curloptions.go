package snippet

import (
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/bkconsole/bkconsole/client"
)

// curlValue is what bkconsole makes of one of curl's options that take a value. Every such
// option curl users paste is named here, so that its value is never read as the URL (-F's
// "file=@x" was), and one that changes what curl sends is either sent the same way or refused
// with its name: an imported request that differs from curl's without a word is a lie.
type curlValue int

const (
	valIgnored   curlValue = iota // changes nothing sent: output, timeouts, proxies, TLS files, retries
	valMethod                     // -X
	valHeader                     // -H
	valData                       // -d and its kin
	valURLEncode                  // --data-urlencode: encoded as curl encodes it
	valURL                        // --url
	valUser                       // -u: Authorization: Basic
	valUserAgent                  // -A: User-Agent
	valReferer                    // -e: Referer
	valCookie                     // -b: Cookie (name=value; a file name is refused)
	valBearer                     // --oauth2-bearer: Authorization: Bearer
	valRange                      // -r: Range
	valRefused                    // a multipart form or a file to upload or read options from
)

var curlValued = func() map[string]curlValue {
	m := map[string]curlValue{
		"-X": valMethod, "--request": valMethod,
		"-H": valHeader, "--header": valHeader,
		"-d": valData, "--data": valData, "--data-raw": valData, "--data-binary": valData, "--data-ascii": valData, "--json": valData,
		"--data-urlencode": valURLEncode,
		"--url":            valURL,
		"-u":               valUser, "--user": valUser,
		"-A": valUserAgent, "--user-agent": valUserAgent,
		"-e": valReferer, "--referer": valReferer,
		"-b": valCookie, "--cookie": valCookie,
		"--oauth2-bearer": valBearer,
		"-r":              valRange, "--range": valRange,
		"-F": valRefused, "--form": valRefused, "--form-string": valRefused,
		"-T": valRefused, "--upload-file": valRefused, "-K": valRefused, "--config": valRefused,
	}
	for _, o := range strings.Fields(`-o --output -m --max-time --connect-timeout -x --proxy -w --write-out
		-c --cookie-jar -D --dump-header --cacert --capath --cert -E --key --cert-type --key-type --pass
		--resolve --connect-to --retry --retry-delay --retry-max-time --limit-rate --max-redirs
		--interface --noproxy -U --proxy-user --proxy-header --stderr --trace --trace-ascii -y
		--speed-time -Y --speed-limit --unix-socket --abstract-unix-socket --local-port --ciphers
		--tls-max --netrc-file --expect100-timeout --keepalive-time --dns-servers --pinnedpubkey
		--crlfile --output-dir --proto --proto-redir --max-filesize -C --continue-at`) {
		m[o] = valIgnored
	}
	return m
}()

// curlRefusedSwitches change what curl sends in ways bkconsole does not send.
var curlRefusedSwitches = map[string]bool{"--digest": true, "--ntlm": true, "--negotiate": true, "--anyauth": true}

// curlRequest gathers what curl's arguments describe.
type curlRequest struct {
	p     Parsed
	data  []string
	get   bool
	stdin []byte // what is piped in, for --data-binary @-
}

// curlOptions reads curl's arguments: the request they describe, the data parts, and whether
// -G moves them to the query. Short options cluster as curl's do (-sSL, -XPOST, -sd BODY).
func curlOptions(words []string, stdin []byte) (Parsed, []string, bool, error) {
	r := &curlRequest{stdin: stdin}
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := func() (string, error) {
			if i+1 >= len(words) {
				return "", bad("curl.needs_value", w)
			}
			i++
			return words[i], nil
		}
		var err error
		switch kind, valued := curlValued[w]; {
		case valued:
			var v string
			if v, err = next(); err == nil {
				err = r.value(w, kind, v)
			}
		case strings.HasPrefix(w, "--"):
			err = r.longSwitch(w)
		case strings.HasPrefix(w, "-") && len(w) > 1:
			err = r.shortCluster(w, next)
		case r.p.URL != "":
			err = bad("curl.two_urls", pipeStart([]string{r.p.URL}), pipeStart([]string{w}))
		default:
			r.p.URL = w
		}
		if err != nil {
			return r.p, nil, false, err
		}
	}
	return r.p, r.data, r.get, nil
}

// longSwitch takes a long option without a value.
func (r *curlRequest) longSwitch(w string) error {
	switch {
	case w == "--head":
		r.p.Method = "HEAD"
	case w == "--get":
		r.get = true
	case curlRefusedSwitches[w]:
		return bad("curl.unsupported", w)
	}
	return nil // switches that do not change the request (--compressed, --insecure, --location …)
}

// shortCluster takes -abc: switches, up to one that takes a value, which is the rest of the
// word or else the next word.
func (r *curlRequest) shortCluster(w string, next func() (string, error)) error {
	for j := 1; j < len(w); j++ {
		o := "-" + w[j:j+1]
		if kind, valued := curlValued[o]; valued {
			v := w[j+1:]
			if v == "" {
				var err error
				if v, err = next(); err != nil {
					return err
				}
			}
			return r.value(o, kind, v)
		}
		switch o {
		case "-I":
			r.p.Method = "HEAD"
		case "-G":
			r.get = true
		}
	}
	return nil // -s, -k, -L, -v, -i …: they do not change the request
}

// value takes option o's value v.
func (r *curlRequest) value(o string, kind curlValue, v string) error {
	switch kind {
	case valMethod:
		r.p.Method = strings.ToUpper(v)
	case valHeader:
		return r.p.header(v)
	case valData:
		return r.dataValue(o, v)
	case valURLEncode:
		return r.urlEncoded(o, v)
	case valURL:
		if r.p.URL != "" {
			return bad("curl.two_urls", pipeStart([]string{r.p.URL}), pipeStart([]string{v}))
		}
		r.p.URL = v
	case valUser:
		if !strings.Contains(v, ":") {
			return bad("curl.user_no_password", o+" "+v)
		}
		r.addHeader("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(v)))
	case valUserAgent:
		r.addHeader("User-Agent", v)
	case valReferer:
		if v = strings.TrimSuffix(v, ";auto"); v != "" {
			r.addHeader("Referer", v)
		}
	case valCookie:
		if !strings.Contains(v, "=") {
			return bad("curl.reads_file", o+" "+v) // a cookie file
		}
		r.addHeader("Cookie", v)
	case valBearer:
		r.addHeader("Authorization", "Bearer "+v)
	case valRange:
		r.addHeader("Range", "bytes="+v)
	case valRefused:
		return bad("curl.unsupported", o+" "+pipeStart([]string{v}))
	}
	return nil
}

func (r *curlRequest) addHeader(k, v string) {
	r.p.Headers = append(r.p.Headers, client.KV{Key: k, Value: v})
}

// dataValue takes -d and its kin: a body part, never a file's content but what is piped in.
func (r *curlRequest) dataValue(o, v string) error {
	if v == "@-" && r.stdin != nil && o == "--data-binary" { // piped in, byte for byte
		v = string(r.stdin)
	} else if strings.HasPrefix(v, "@") && o != "--data-raw" {
		return bad("curl.reads_file", o+" "+v)
	}
	if o == "--json" {
		r.addHeader("Content-Type", "application/json")
		r.addHeader("Accept", "application/json")
	}
	r.data = append(r.data, v)
	return nil
}

// urlEncoded takes --data-urlencode as curl reads it: "content", "=content" and
// "name=content" encode the content; "@file" and "name@file" read a file, which is refused.
func (r *curlRequest) urlEncoded(o, v string) error {
	name, content, named := strings.Cut(v, "=")
	if !named {
		if strings.Contains(v, "@") {
			return bad("curl.reads_file", o+" "+v)
		}
		name, content = "", v
	}
	// curl escapes every byte but letters, digits and -._~, a space as %20.
	enc := strings.ReplaceAll(url.QueryEscape(content), "+", "%20")
	if name != "" {
		enc = name + "=" + enc
	}
	r.data = append(r.data, enc)
	return nil
}
