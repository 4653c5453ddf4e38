package sandbox

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults make the sandbox misbehave the ways real networks and proxies do.
type Faults struct {
	Latency   time.Duration // added to every answer
	ErrorRate float64       // share of answers replaced by a 5xx gateway envelope
	ResetRate float64       // share of connections dropped without an answer
	HTMLRate  float64       // share of answers replaced by an HTML error page
	Truncate  float64       // share of answers cut short
	// LoseWrites is the share of writes (any method but GET and HEAD) that are carried out and
	// whose answer is then lost: the connection closes before a byte of it is sent, as when a
	// proxy times out after the server acted. The client cannot tell whether it was done.
	LoseWrites float64
	Seed       uint64 // for repeatable runs; 0 picks one
}

// ParseFaults reads "latency=2s,error-rate=0.2,reset-rate=0.1,html=0.1,truncate=0.05".
func ParseFaults(s string) (Faults, error) {
	var f Faults
	if strings.TrimSpace(s) == "" {
		return f, nil
	}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return f, fmt.Errorf("fault %q: want name=value", kv)
		}
		var err error
		switch k {
		case "latency":
			f.Latency, err = time.ParseDuration(v)
		case "error-rate":
			f.ErrorRate, err = rate(v)
		case "reset-rate":
			f.ResetRate, err = rate(v)
		case "html":
			f.HTMLRate, err = rate(v)
		case "truncate":
			f.Truncate, err = rate(v)
		case "lose-writes":
			f.LoseWrites, err = rate(v)
		case "seed":
			f.Seed, err = strconv.ParseUint(v, 10, 64)
		default:
			return f, fmt.Errorf("unknown fault %q (latency, error-rate, reset-rate, html, truncate, lose-writes, seed)", k)
		}
		if err != nil {
			return f, fmt.Errorf("fault %s: %w", k, err)
		}
	}
	return f, nil
}

func rate(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err == nil && (f < 0 || f > 1) {
		err = fmt.Errorf("%v is not between 0 and 1", f)
	}
	return f, err
}

type faultState struct {
	f   Faults
	mu  sync.Mutex
	rnd *rand.Rand
}

func newFaultState(f Faults) *faultState {
	seed := f.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	return &faultState{f: f, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (fs *faultState) roll(p float64) bool {
	if p <= 0 {
		return false
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.rnd.Float64() < p
}

// inject answers in place of the sandbox when a fault fires; it reports whether it did.
func (fs *faultState) inject(w http.ResponseWriter, r *http.Request) bool {
	if fs.f.Latency > 0 {
		select {
		case <-time.After(fs.f.Latency):
		case <-r.Context().Done():
			return true
		}
	}
	switch {
	case fs.roll(fs.f.ResetRate):
		dropConnection(w)
		return true
	case fs.roll(fs.f.ErrorRate):
		w.Header().Set("X-Bkapi-Request-ID", "fault-"+strconv.FormatInt(time.Now().UnixNano(), 36))
		writeGatewayError(w, &gwError{503, 1650300, "SERVICE_UNAVAILABLE", "Service Unavailable"})
		return true
	case fs.roll(fs.f.HTMLRate):
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		fmt.Fprint(w, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")
		return true
	case fs.roll(fs.f.Truncate):
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		fmt.Fprint(w, `{"data": [{"id": 1, "name": "trunc`)
		return true
	}
	return false
}

// loseAnswer reports whether this write's answer is to be lost after it is carried out.
func (fs *faultState) loseAnswer(r *http.Request) bool {
	return r.Method != http.MethodGet && r.Method != http.MethodHead && fs.roll(fs.f.LoseWrites)
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// discardWriter takes an answer that is to be lost.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// SetFaults changes the faults while serving (tests turn them on and off).
func (s *Sandbox) SetFaults(f Faults) {
	fs := newFaultState(f)
	s.mu.Lock()
	s.fault = fs
	s.mu.Unlock()
}

func (s *Sandbox) faults() *faultState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fault
}
