package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const evil = "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b]0;pwned\x07\x1b[2J"

// hostileA serves the Help Center and O with control sequences in every string.
func hostileA(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/backend/docs/gateways/", func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/backend/docs/gateways/")
		switch {
		case p == "":
			io.WriteString(w, `{"data": {"count": 1, "results": [{"name": "evil", "description": "d`+jsonEsc(evil)+`x", "maintainers": ["m`+jsonEsc(evil)+`"]}]}}`)
		case p == "evil/":
			io.WriteString(w, `{"data": {"name": "evil", "description": "d`+jsonEsc(evil)+`x", "maintainers": ["m`+jsonEsc(evil)+`"], "api_url": "http://x/`+jsonEsc(evil)+`"}}`)
		case p == "evil/stages/":
			io.WriteString(w, `{"data": [{"id": 1, "name": "prod"}]}`)
		case p == "evil/resources/":
			io.WriteString(w, `{"data": [{"id": 1, "name": "api`+jsonEsc(evil)+`", "method": "GET", "path": "/p`+jsonEsc(evil)+`/", "description": "`+jsonEsc(evil)+strings.Repeat("长", 100000)+`"}]}`)
		case strings.HasSuffix(p, "/doc/"):
			io.WriteString(w, `{"data": {"type": "markdown", "content": "# t`+jsonEsc(evil)+`\n\nbody`+jsonEsc(evil)+`"}}`)
		default:
			w.WriteHeader(404)
			io.WriteString(w, `{"error": {"code": "NOT_FOUND", "message": "no`+jsonEsc(evil)+`"}}`)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func jsonEsc(s string) string { b, _ := json.Marshal(s); return string(b[1 : len(b)-1]) }

func hostileHome(t *testing.T, base string) *home {
	return newHome(t, "BK_APP_CODE=demo-app", "BK_APP_SECRET=s3cret", "BK_TOKEN=tok", "BK_USERNAME=alice",
		"BK_API_URL_TMPL="+base+"/api/{api_name}", "BKCONSOLE_HELP_CENTER_URL="+base, "BKCONSOLE_DEVELOPER_CENTER_URL="+base)
}

func TestCLIStripsServerControls(t *testing.T) {
	srv := hostileA(t)
	h := hostileHome(t, srv.URL)
	for _, args := range [][]string{{"gateways"}, {"gateway", "evil"}, {"apis", "evil"}, {"doc", "evil", "x"}, {"doc", "evil", "missing"}} {
		r := h.run("", args...)
		for _, out := range []string{r.stdout, r.stderr} {
			if strings.ContainsAny(out, "\x1b\x07") {
				t.Errorf("%v printed a control sequence: %q", args, out)
			}
		}
		if r.took.Seconds() > 5 {
			t.Errorf("%v took %v", args, r.took)
		}
	}
	// --json stays exact: JSON escapes the sequences.
	var gs []map[string]any
	out := h.ok("gateways", "--json")
	if err := json.Unmarshal([]byte(out), &gs); err != nil || gs[0]["description"] != "d"+evil+"x" || strings.Contains(out, "\x1b") {
		t.Fatalf("--json: %v %q", err, out)
	}
}

// An apply whose connection drops after the body was read is sent once; the command says the
// outcome is unknown, reads the records, and gives the command to check again.
func TestApplyOutcomeUnknownIsCheckedNotRetried(t *testing.T) {
	var posts atomic.Int32
	mux := http.NewServeMux()
	dev := "/backend/api/cloudapi-v2/apps/demo-app/inner/"
	mux.HandleFunc(dev+"gateways/evil/permissions/resources/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `[{"id": 7, "name": "api", "gateway_name": "evil", "permission_level": "normal", "permission_status": "need_apply", "permission_action": "apply", "expires_in": null}]`)
	})
	mux.HandleFunc(dev+"gateways/evil/permissions/apply/", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		io.ReadAll(r.Body)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	})
	mux.HandleFunc(dev+"gateways/permissions/apply-records/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"count": 0, "results": []}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		w.WriteHeader(404)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	h := hostileHome(t, srv.URL)
	r := h.run("", "apply", "evil", "api", "--reason", "testing")
	if posts.Load() != 1 {
		t.Fatalf("the application was posted %d times", posts.Load())
	}
	if r.code != 1 || !strings.Contains(r.stderr, "outcome is unknown") || !strings.Contains(r.stderr, "not sent again") ||
		!strings.Contains(r.stderr, "most likely not created") || !strings.Contains(r.stderr, "bkconsole records --gateway evil") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A redirect to another host: the command fails and says where it pointed; the other host
// gets nothing.
func TestCLIRedirectToAnotherHost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	foreign := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })}
	go foreign.Serve(ln)
	defer foreign.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+ln.Addr().String()+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	h := hostileHome(t, srv.URL)
	for _, args := range [][]string{{"gateways"}, {"apply", "g", "a", "--reason", "r"}, {"call", "g", "/x/", "-X", "POST", "-d", "{}"}} {
		r := h.run("", args...)
		if r.code == 0 || !strings.Contains(r.stderr, "127.0.0.2") {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the foreign host got %d requests", hits.Load())
	}
}

// A listing of a million gateways streams: the JSON output never holds the list, and the
// table holds only its cells.
func TestHugeListingStreams(t *testing.T) {
	const n = 1_000_000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bw := bufio.NewWriter(w)
		bw.WriteString(`{"data": [`)
		for i := 0; i < n; i++ {
			if i > 0 {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"id": %d, "name": "gw%d", "kind": "normal", "description": "d", "maintainers": ["a"]}`, i, i)
		}
		bw.WriteString(`]}`)
		bw.Flush()
	}))
	defer srv.Close()
	h := newHome(t, "BK_APP_CODE=a", "BK_APP_SECRET=b", "BK_API_URL_TMPL="+srv.URL+"/api/{api_name}", "DBUS_SESSION_BUS_ADDRESS=disabled:")
	for _, c := range []struct {
		args  []string
		lines int
		maxMB int64
	}{{[]string{"gateways", "--json"}, n*23 + 2, 150}, {[]string{"gateways"}, n + 1, 600}} {
		cmd := exec.Command(binary, c.args...)
		cmd.Env = h.env
		var lines int
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines++
		}
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss >> 10 // KiB → MiB
		if lines != c.lines || rss > c.maxMB {
			t.Errorf("%v: %d lines (want %d), peak %d MiB (at most %d)", c.args, lines, c.lines, rss, c.maxMB)
		}
	}
}

// --timeout bounds the whole command: retries and every request of it included.
func TestTimeoutBoundsTheWholeCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	h := hostileHome(t, srv.URL)
	for _, args := range [][]string{{"gateways"}, {"apis", "g"}, {"apply", "g", "a", "--reason", "r"}} {
		r := h.run("", append([]string{"--timeout", "700ms"}, args...)...)
		// The fix is the user's own flag: "try again later" had said to wait out a limit they set.
		if r.code == 0 || r.took > 2*time.Second || !strings.Contains(r.stderr, "timed out") || !strings.Contains(r.stderr, "--timeout 700ms ran out: give it more time") {
			t.Errorf("%v: exit %d after %v: %s", args, r.code, r.took, r.stderr)
		}
	}
}
