package wiretap

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
)

func TestMaskHeaderKeepsShapeNotSecrets(t *testing.T) {
	h := http.Header{}
	h.Set("X-Bkapi-Authorization", `{"bk_app_code":"app","bk_app_secret":"S1","bk_token":"T1","access_token":"A1","bk_username":"u"}`)
	h.Set("Cookie", "bk_token=T2; csrftoken=C1")
	h.Set("X-Csrftoken", "C2")
	h.Set("Authorization", "Bearer B1")
	h.Set("X-My-Api-Key", "K1")
	h.Set("X-Plain", "kept")
	m := MaskHeader(h)
	want := map[string]string{
		"X-Bkapi-Authorization": `{"access_token":"****","bk_app_code":"app","bk_app_secret":"****","bk_token":"****","bk_username":"u"}`,
		"Cookie":                "bk_token=****; csrftoken=****",
		"X-Csrftoken":           Mask, "Authorization": Mask, "X-My-Api-Key": Mask, "X-Plain": "kept",
	}
	for k, v := range want {
		if got := m.Get(k); got != v {
			t.Errorf("%s: got %q, want %q", k, got, v)
		}
	}
	// A header that is not JSON is masked whole, never shown.
	h.Set("X-Bkapi-Authorization", "not json S1")
	if got := MaskHeader(h).Get("X-Bkapi-Authorization"); got != Mask {
		t.Errorf("broken auth header: %q", got)
	}
}

func TestStopWritesLetsReadsThrough(t *testing.T) {
	var sent []string
	base := roundTripper(func(r *http.Request) (*http.Response, error) {
		sent = append(sent, r.Method)
		return &http.Response{StatusCode: 200, Proto: "HTTP/1.1", Status: "200 OK", Header: http.Header{}, Body: io.NopCloser(strings.NewReader(""))}, nil
	})
	var log bytes.Buffer
	tap := &Tap{Log: &log}
	rt := tap.Wrap(base)
	tap.StopWrites()
	get, _ := http.NewRequest("GET", "http://h/x?bk_app_secret=S&q=1", nil)
	if _, err := rt.RoundTrip(get); err != nil {
		t.Fatal(err)
	}
	post, _ := http.NewRequest("POST", "http://h/apply/", strings.NewReader(`{"reason":"r","bk_token":"T"}`))
	_, err := rt.RoundTrip(post)
	var d *DryRun
	if !errors.Is(err, client.ErrDryRun) || !errors.As(err, &d) {
		t.Fatalf("a write under StopWrites: %v", err)
	}
	if len(sent) != 1 || sent[0] != "GET" {
		t.Fatalf("sent: %v", sent)
	}
	if d.Body != `{"bk_token":"<redacted>","reason":"r"}` || d.URL != "http://h/apply/" {
		t.Fatalf("dry run: %+v", d)
	}
	if !strings.Contains(log.String(), "> GET http://h/x?bk_app_secret=****&q=1") || strings.Contains(log.String(), "=S&") {
		t.Fatalf("log: %s", log.String())
	}
	if strings.Contains(log.String(), "(0s)") { // an answer within a millisecond, as the call's own line says it
		t.Fatalf("an instant answer took 0s: %s", log.String())
	}
	tap.StopAll()
	if _, err := rt.RoundTrip(get); !errors.Is(err, client.ErrDryRun) || len(sent) != 1 {
		t.Fatalf("StopAll lets a read through: %v %v", err, sent)
	}
}
