package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// hostile is a test server that answers as a broken or malicious BlueKing would, and counts
// what reached it.
type hostile struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
}

func newHostile(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *hostile {
	t.Helper()
	return hostileOn(t, "127.0.0.1:0", h)
}

// hostileOn serves h at addr on loopback, recording every request and its body.
func hostileOn(t *testing.T, addr string, h func(w http.ResponseWriter, r *http.Request)) *hostile {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	hs := &hostile{}
	hs.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hs.mu.Lock()
		hs.requests = append(hs.requests, r)
		hs.bodies = append(hs.bodies, string(b))
		hs.mu.Unlock()
		h(w, r)
	}))
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	t.Cleanup(hs.Close)
	return hs
}

func (h *hostile) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.requests)
}

// foreignHost listens on 127.0.0.2: "another host" on loopback. It records every request.
func foreignHost(t *testing.T) *hostile {
	t.Helper()
	return hostileOn(t, "127.0.0.2:0", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"data": [{"id": 1, "name": "evil"}], "record_id": 66}`)
	})
}

func hostileConfig(base string) client.Config {
	return client.Config{HelpCenterURL: base, DeveloperCenterURL: base, APIURLTmpl: base + "/api/{api_name}",
		AppCode: "demo-app", AppSecret: "s3cret-VALUE", BkToken: "tok-VALUE", Username: "alice",
		Timeout: 2 * time.Second, Retries: 2}
}

func hostilePlanner(t *testing.T, cfg client.Config) *client.Planner {
	t.Helper()
	p, err := client.NewPlanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// 1. A redirect to another host, port or scheme is not followed: the credentials stay.
func TestRedirectToAnotherHostCarriesNoCredentials(t *testing.T) {
	foreign := foreignHost(t)
	for _, code := range []int{301, 302, 307, 308} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, foreign.URL+r.URL.Path, code)
			})
			p := hostilePlanner(t, hostileConfig(srv.URL))
			before := foreign.count()

			_, _, err := p.Gateways(ctx, "")
			var re *client.RedirectError
			if !errors.As(err, &re) || !strings.Contains(re.To, "127.0.0.2") {
				t.Fatalf("read through a foreign redirect: %T %v", err, err)
			}
			if client.HintOf(err).Meaning != "net.redirect_foreign" {
				t.Errorf("hint %+v", client.HintOf(err))
			}
			_, _, err = p.Apply(ctx, client.ApplyRequest{Gateway: "g", ResourceIDs: []int{1}, Reason: "r", ExpireDays: 180})
			if err == nil {
				t.Fatal("a write through a foreign redirect succeeded")
			}
			resp, _, err := p.Call(ctx, client.CallRequest{Gateway: "g", Method: "POST", Path: "/x/", Body: []byte(`{"a":1}`)})
			if err != nil || resp.Status != code || !strings.Contains(resp.NotFollowed, "127.0.0.2") {
				t.Fatalf("call: the 3xx is the answer, marked not followed: %v %+v", err, resp)
			}
			if n := foreign.count() - before; n != 0 {
				t.Fatalf("the foreign host got %d requests", n)
			}
		})
	}
}

func TestSameOriginRedirectIsFollowed(t *testing.T) {
	var srv *hostile
	srv = newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/moved/") {
			http.Redirect(w, r, srv.URL+"/backend/docs/moved/", http.StatusFound)
			return
		}
		if r.Header.Get("Cookie") == "" {
			w.WriteHeader(401)
			return
		}
		io.WriteString(w, `{"data": {"count": 1, "results": [{"name": "same"}]}}`)
	})
	p := hostilePlanner(t, hostileConfig(srv.URL))
	gs, err := p.A.Gateways(ctx, "") // A's own path, redirected within the origin
	if err != nil || len(gs) != 1 || gs[0].Name != "same" {
		t.Fatalf("%v %+v", err, gs)
	}
}

func TestHTTPSDowngradeRefused(t *testing.T) {
	plain := foreignHost(t)
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer tlsSrv.Close()
	cfg := hostileConfig(tlsSrv.URL)
	cfg.Insecure = true
	p := hostilePlanner(t, cfg)
	_, _, err := p.Gateways(ctx, "")
	var re *client.RedirectError
	if !errors.As(err, &re) || !re.Downgrade || client.HintOf(err).Meaning != "net.redirect_downgrade" {
		t.Fatalf("%T %v", err, err)
	}
	if plain.count() != 0 {
		t.Fatal("the plain-HTTP host was reached")
	}
}

// 5 and 6. D drops the connection after reading the whole application: the write is not sent
// again, not to D and not to I, and the error says the outcome is unknown.
func TestApplyIsSentOnceWhenTheConnectionDrops(t *testing.T) {
	var posts atomic.Int32
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
			return
		}
		w.WriteHeader(404)
	})
	p := hostilePlanner(t, hostileConfig(srv.URL))
	_, _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "g", ResourceIDs: []int{1}, Reason: "r", ExpireDays: 180})
	var un *client.OutcomeUnknownError
	if !errors.As(err, &un) || un.Surface != client.SurfaceDevCenter {
		t.Fatalf("%T %v", err, err)
	}
	if client.HintOf(err).Fix != client.FixCheckRecords {
		t.Errorf("hint %+v", client.HintOf(err))
	}
	if n := posts.Load(); n != 1 {
		t.Fatalf("the application was posted %d times", n)
	}
	if _, err := p.Renew(ctx, []int{1}, 180); !errors.As(err, &un) {
		t.Fatalf("renew: %T %v", err, err)
	}
	if n := posts.Load(); n != 2 {
		t.Fatalf("apply + renew were posted %d times", n)
	}
}

// A surface that cannot be reached at all (nothing was sent) lets the write go to the next.
func TestApplyFallsBackWhenNothingWasSent(t *testing.T) {
	dead, _ := net.Listen("tcp", "127.0.0.1:0")
	deadURL := "http://" + dead.Addr().String()
	dead.Close()
	var posts atomic.Int32
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			w.WriteHeader(201)
			io.WriteString(w, `{"data": {"record_id": 7}}`)
		}
	})
	cfg := hostileConfig(srv.URL)
	cfg.DeveloperCenterURL = deadURL
	p := hostilePlanner(t, cfg)
	res, via, err := p.Apply(ctx, client.ApplyRequest{Gateway: "g", ResourceIDs: []int{1}, Reason: "r", ExpireDays: 180})
	if err != nil || via != client.SurfaceInner || res.RecordID != 7 || posts.Load() != 1 {
		t.Fatalf("%v %v %+v %d", err, via, res, posts.Load())
	}
}

// 6. Every ambiguous answer to a write is "outcome unknown", never "try again later".
func TestAmbiguousWriteAnswers(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter){
		"cut 200 body": func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			io.WriteString(w, `{"record_id": 1`)
		},
		"502 html": func(w http.ResponseWriter) {
			w.WriteHeader(502)
			io.WriteString(w, "<html>Bad Gateway</html>")
		},
		"503 html": func(w http.ResponseWriter) {
			w.WriteHeader(503)
			io.WriteString(w, "<html>unavailable</html>")
		},
		"500 html": func(w http.ResponseWriter) {
			w.WriteHeader(500)
			io.WriteString(w, "<h1>Server Error (500)</h1>")
		},
		"timeout": func(w http.ResponseWriter) { time.Sleep(1500 * time.Millisecond) },
		// An application's record id came as nothing at all: it had read as "record 0".
		"empty 200": func(w http.ResponseWriter) { w.WriteHeader(200) },
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			var posts atomic.Int32
			srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					posts.Add(1)
					answer(w)
				}
			})
			cfg := hostileConfig(srv.URL)
			cfg.Timeout = time.Second
			p := hostilePlanner(t, cfg)
			_, _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "g", ResourceIDs: []int{1}, Reason: "r", ExpireDays: 180})
			var un *client.OutcomeUnknownError
			if !errors.As(err, &un) {
				t.Fatalf("%T %v", err, err)
			}
			if posts.Load() != 1 {
				t.Fatalf("posted %d times", posts.Load())
			}
		})
	}
}

// 6b. A write that expects no answer (a renewal, D's MCP application) and gets a 200 with an
// HTML page or a cut body has an unknown outcome: it had read as done, whatever answered. An
// empty answer or any JSON is the server's "done"; a 200 with result false is its refusal.
func TestWriteWithoutAnswerTakesOnlyEmptyOrJSON(t *testing.T) {
	writes := map[string]func(p *client.Planner) error{
		"renew":           func(p *client.Planner) error { _, err := p.Renew(ctx, []int{1}, 180); return err },
		"component renew": func(p *client.Planner) error { _, err := p.ComponentRenew(ctx, []int{1}, 180); return err },
		"mcp apply": func(p *client.Planner) error {
			_, _, err := p.MCPApply(ctx, client.MCPApplyRequest{ServerIDs: []int{1}, AppliedBy: "u", Reason: "r"})
			return err
		},
	}
	answers := map[string]struct {
		body string
		want string // "" done, "unknown", "refused"
	}{
		"html page": {"<html><body>Sign in</body></html>", "unknown"},
		"cut json":  {`{"data": [1,2`, "unknown"},
		"empty":     {"", ""},
		"quoted":    {`""`, ""},
		"refusal":   {`{"result": false, "code": 1, "message": "no", "data": null}`, "refused"},
	}
	for wname, write := range writes {
		for aname, a := range answers {
			t.Run(wname+"/"+aname, func(t *testing.T) {
				srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost {
						w.WriteHeader(200)
						io.WriteString(w, a.body)
					}
				})
				cfg := hostileConfig(srv.URL)
				cfg.ComponentAPIURL = srv.URL
				err := write(hostilePlanner(t, cfg))
				var un *client.OutcomeUnknownError
				switch {
				case a.want == "" && err != nil, a.want == "unknown" && !errors.As(err, &un), a.want == "refused" && (err == nil || errors.As(err, &un)):
					t.Fatalf("want %q: %T %v", a.want, err, err)
				}
				if srv.count() != 1 {
					t.Fatalf("%d requests", srv.count())
				}
			})
		}
	}
}

// 6c. A component answered 200 without its envelope (a proxy's page, a cut body): to a POST,
// from the CLI or the request console alike, the outcome is unknown (it may have acted); to a
// GET, a read's "not JSON".
func TestComponentAnswerWithoutEnvelope(t *testing.T) {
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"result": tr`) })
	cfg := hostileConfig(srv.URL)
	cfg.ComponentAPIURL = srv.URL
	p := hostilePlanner(t, cfg)
	var un *client.OutcomeUnknownError
	var nj *client.NotJSONError
	_, _, err := p.CallComponent(ctx, client.ComponentCall{System: "CC", Component: "x", Method: "POST", Body: []byte(`{}`)})
	if !errors.As(err, &un) || client.HintOf(err).Meaning != "call.outcome_unknown" {
		t.Errorf("POST: %T %v", err, err)
	}
	_, _, err = p.Call(ctx, client.CallRequest{Component: &client.ComponentRef{System: "CC", Name: "x"}, Method: "POST", Body: []byte(`{}`)})
	if !errors.As(err, &un) {
		t.Errorf("POST from the console: %T %v", err, err)
	}
	_, _, err = p.CallComponent(ctx, client.ComponentCall{System: "CC", Component: "x", Method: "GET"})
	if errors.As(err, &un) || !errors.As(err, &nj) {
		t.Errorf("GET: %T %v", err, err)
	}
}

// A clear refusal is not ambiguous: it is reported as it is.
func TestRefusedWriteIsKnown(t *testing.T) {
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, `{"code": "VALIDATION_ERROR", "detail": "reason: too long"}`)
	})
	p := hostilePlanner(t, hostileConfig(srv.URL))
	_, _, err := p.Apply(ctx, client.ApplyRequest{Gateway: "g", ResourceIDs: []int{1}, Reason: "r", ExpireDays: 180})
	var de *client.DevCenterError
	var un *client.OutcomeUnknownError
	if !errors.As(err, &de) || errors.As(err, &un) || srv.count() != 1 {
		t.Fatalf("%T %v (%d requests)", err, err, srv.count())
	}
}

// 7. A 200 answer with {"result": false} is an error.
func TestResultFalseIsAnError(t *testing.T) {
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"result": false, "code": 1306403, "message": "app has no permission", "data": null}`)
	})
	p := hostilePlanner(t, hostileConfig(srv.URL))
	_, _, err := p.Gateways(ctx, "")
	var rf *client.ResultFalseError
	if !errors.As(err, &rf) || rf.Code != "1306403" || rf.Message != "app has no permission" {
		t.Fatalf("%T %v", err, err)
	}
}

// 8. A body slower than the call's timeout is a timeout, with the partial body marked.
func TestSlowCallBodyIsATimeout(t *testing.T) {
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		io.WriteString(w, `{"first": "part"`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	})
	p := hostilePlanner(t, hostileConfig(srv.URL))
	start := time.Now()
	resp, _, err := p.Call(ctx, client.CallRequest{Gateway: "g", Path: "/slow/", Timeout: 300 * time.Millisecond})
	// Sent, then the answer stopped: a timeout whose outcome is unknown (the backend got it).
	var te *client.TransportError
	if err == nil || client.HintOf(err).Meaning != "call.outcome_unknown" || !errors.As(err, &te) || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("want a timeout after sending, got %v", err)
	}
	if resp == nil || !resp.Partial || string(resp.Body) != `{"first": "part"` {
		t.Fatalf("partial body: %+v", resp)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
}

// 9. The timeout bounds the whole request, retries included.
func TestTimeoutBoundsRetries(t *testing.T) {
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	cfg := hostileConfig(srv.URL)
	cfg.Timeout, cfg.Retries = 400*time.Millisecond, 3
	p := hostilePlanner(t, cfg)
	start := time.Now()
	_, err := p.O.Gateways(ctx, "")
	if err == nil {
		t.Fatal("no error")
	}
	if d := time.Since(start); d > 1200*time.Millisecond {
		t.Fatalf("a 400ms timeout took %v over its retries", d)
	}
}

// 10. A server whose count keeps growing is not followed for ever.
func TestEndlessPagination(t *testing.T) {
	old := client.MaxPages
	client.MaxPages = 50
	defer func() { client.MaxPages = old }()
	var n atomic.Int32
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		fmt.Fprintf(w, `{"data": {"count": %d, "results": [{"name": "g%d"}]}}`, 1000+i*100, i)
	})
	p := hostilePlanner(t, hostileConfig(srv.URL))
	start := time.Now()
	_, err := p.A.Gateways(ctx, "")
	var tm *client.TooManyPagesError
	if !errors.As(err, &tm) || tm.Pages != 50 {
		t.Fatalf("%T %v", err, err)
	}
	if n.Load() != 50 || time.Since(start) > 5*time.Second {
		t.Fatalf("%d requests in %v", n.Load(), time.Since(start))
	}
	if client.HintOf(err).Meaning != "net.endless_pages" {
		t.Fatalf("hint %+v", client.HintOf(err))
	}
}

// 12. A body over bkconsole's own cap is refused once, with the cap named, and not re-read.
func TestOversizedBodyIsNotRetried(t *testing.T) {
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data": [`+strings.Repeat(`{"name": "x"},`, 200_000)+`{}]}`)
	})
	cfg := hostileConfig(srv.URL)
	cfg.MaxBody, cfg.MaxStreamBody = 1<<20, 1<<20
	p := hostilePlanner(t, cfg)
	for _, read := range []func() error{
		func() error { _, err := p.O.Gateways(context.Background(), ""); return err }, // streamed
		func() error { _, err := p.A.Stages(context.Background(), "g"); return err },  // read whole
	} {
		before := srv.count()
		err := read()
		var tl *client.BodyTooLargeError
		if !errors.As(err, &tl) || !strings.Contains(err.Error(), "1 MiB") {
			t.Fatalf("%T %v", err, err)
		}
		if srv.count()-before != 1 {
			t.Fatalf("the oversized body was fetched %d times", srv.count()-before)
		}
	}
}

// A long list that keeps arriving is read to the end however long it takes in all; a stream
// that stops is given up after the timeout with nothing new.
func TestStreamedListIdleDeadline(t *testing.T) {
	stall := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fl := w.(http.Flusher)
		io.WriteString(w, `{"data": [`)
		for i := 0; i < 12; i++ {
			if i > 0 {
				io.WriteString(w, ",")
			}
			fmt.Fprintf(w, `{"id": %d, "name": "g%d"}`, i, i)
			fl.Flush()
			if r.URL.Query().Get("keyword") == "stall" && i == 5 {
				select {
				case <-stall:
				case <-r.Context().Done():
				}
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		io.WriteString(w, `]}`)
	}))
	defer srv.Close()
	defer close(stall)
	cfg := client.Config{APIURLTmpl: srv.URL + "/api/{api_name}", AppCode: "a", AppSecret: "b", Timeout: 300 * time.Millisecond, Retries: -1}
	o := client.NewOpen(mustTransport(t, cfg))
	start := time.Now()
	gs, err := o.Gateways(context.Background(), "")
	if err != nil || len(gs) != 12 || time.Since(start) < 500*time.Millisecond {
		t.Fatalf("a slow, steady list (%v in all, over the 300 ms timeout): %d %v", time.Since(start), len(gs), err)
	}
	_, err = o.Gateways(context.Background(), "stall")
	if client.HintOf(err).Meaning != "net.timeout" {
		t.Fatalf("a stalled list: %v", err)
	}
}

// A gzip bomb: one endless value in a streamed list, arriving faster than any idle deadline
// notices. It is refused once one element outgrows MaxStreamItem, and a deadline ends an endless
// fast stream on time, never after decompressing on.
func TestGzipBombIsBounded(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte(`{"data": [{"id": 1, "name": "`))
	chunk := bytes.Repeat([]byte("a"), 1<<16)
	for i := 0; i < (64<<20)/len(chunk); i++ {
		zw.Write(chunk)
	}
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		if r.URL.Query().Get("keyword") == "many" { // endless small entries, as fast as they go
			zw := gzip.NewWriter(w)
			zw.Write([]byte(`{"data": [{"id": 0}`))
			for r.Context().Err() == nil {
				if _, err := zw.Write(bytes.Repeat([]byte(`,{"id": 1, "name": "g"}`), 1000)); err != nil {
					return
				}
			}
			return
		}
		w.Write(bomb.Bytes())
	}))
	defer srv.Close()
	cfg := client.Config{APIURLTmpl: srv.URL + "/api/{api_name}", AppCode: "a", AppSecret: "b", Timeout: 5 * time.Second, Retries: -1}
	o := client.NewOpen(mustTransport(t, cfg))
	start := time.Now()
	_, err := o.Gateways(context.Background(), "")
	var tl *client.BodyTooLargeError
	// 8 MiB are read before the limit says no: well within the bound, whereas the whole 64 MiB
	// would take eight times as long.
	if !errors.As(err, &tl) || tl.Limit != client.MaxStreamItem || time.Since(start) > 3*slowdown*time.Second {
		t.Fatalf("one endless value: %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	start = time.Now()
	n := 0
	err = o.EachGateway(ctx, "many", func(client.Gateway) error { n++; return nil })
	if err == nil || time.Since(start) > 1500*time.Millisecond {
		t.Fatalf("an endless fast stream past its deadline: %v after %v (%d entries)", err, time.Since(start), n)
	}
}

// 23. A Help Center that ignores limit and answers one page of 200,000 gateways: the page is
// decoded entry by entry as it arrives (never held whole), every gateway is handed on, and the
// pager stops at the count. A body that announces itself larger than MaxBody is refused before
// a byte of it is read (issue 32 item 23).
func TestUnpagedHelpCenterListIsStreamed(t *testing.T) {
	const n = 200_000
	srv := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"code": 0, "result": true, "data": {"count": %d, "results": [`, n)
		for i := range n {
			if i > 0 {
				io.WriteString(w, ",")
			}
			fmt.Fprintf(w, `{"id": %d, "name": "gw-%d", "description": "a gateway with a description of some length"}`, i, i)
		}
		io.WriteString(w, `]}}`)
	})
	p := hostilePlanner(t, hostileConfig(srv.URL))
	seen := 0
	if _, err := p.EachGateway(ctx, "", func(client.Gateway) error { seen++; return nil }); err != nil {
		t.Fatal(err)
	}
	if seen != n || srv.count() != 1 {
		t.Fatalf("handed %d of %d gateways in %d requests", seen, n, srv.count())
	}

	huge := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(100<<20))
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done() // the body never comes: only its announced size can refuse it
	})
	start := time.Now()
	_, _, err := hostilePlanner(t, hostileConfig(huge.URL)).Gateway(ctx, "g")
	var tl *client.BodyTooLargeError
	if !errors.As(err, &tl) || time.Since(start) > time.Second {
		t.Fatalf("a 100 MB Content-Length: %T %v after %v", err, err, time.Since(start))
	}
}

// A streamed chat answer past the limit stops being read and says so as any oversized answer
// does, in the reader's language (it was an English sentence of its own); what came is kept.
func TestChatStreamOverTheLimit(t *testing.T) {
	stream := strings.Repeat(`data: {"choices": [{"delta": {"content": "0123456789"}}]}`+"\n\n", 5)
	a, err := client.ReadChatStream(strings.NewReader(stream), 25, nil)
	var tl *client.BodyTooLargeError
	if !errors.As(err, &tl) || a.Content != "01234567890123456789" {
		t.Fatalf("%q %v", a.Content, err)
	}
	if pr := client.Present(err, i18n.Chinese); pr.Message == "" || strings.Contains(pr.Message, "bytes") {
		t.Fatalf("presented: %+v", pr)
	}
}
