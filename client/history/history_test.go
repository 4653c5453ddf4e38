package history

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
)

const secret = "SECRET-VALUE-42"

func TestEntryKeepsNoCredential(t *testing.T) {
	dir := t.TempDir()
	s := &Store{Path: filepath.Join(dir, "history.json")}
	e := Entry{Time: time.Now(), Gateway: "g", Stage: "prod", Method: "POST", Path: "/x/{token}/",
		PathParams: map[string]string{"token": secret, "id": "7"},
		Query:      []client.KV{{Key: "bk_app_secret", Value: secret}, {Key: "Access_Token", Value: secret}, {Key: "page", Value: "2"}},
		Headers: []client.KV{{Key: "X-Bkapi-Authorization", Value: secret}, {Key: "Proxy-Authorization", Value: "Basic " + secret}, {Key: "X-Bk-Token", Value: secret},
			{Key: "Cookie", Value: "bk_token=" + secret}, {Key: "X-Password", Value: secret}, {Key: "X-Ticket", Value: secret}, {Key: "Accept", Value: "application/json"}},
		Body: `{"user": {"password": "` + secret + `", "name": "n"}, "items": [{"bk_ticket": "` + secret + `"}], "n": 12345678901234567890}`,
	}
	if err := s.Add(e); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(s.Path)
	if strings.Contains(string(b), secret) {
		t.Fatalf("a credential reached the history:\n%s", b)
	}
	es, err := s.List()
	if err != nil || len(es) != 1 {
		t.Fatal(err, es)
	}
	got := es[0]
	if len(got.Headers) != 4 || got.Headers[3].Value != "application/json" || got.Headers[0].Value != Placeholder {
		t.Errorf("headers: %+v", got.Headers)
	}
	if got.Query[2].Value != "2" || got.Query[0].Value != Placeholder {
		t.Errorf("query: %+v", got.Query)
	}
	if got.PathParams["id"] != "7" || got.PathParams["token"] != Placeholder {
		t.Errorf("path params: %+v", got.PathParams)
	}
	if !strings.Contains(got.Body, `"name":"n"`) || !strings.Contains(got.Body, "12345678901234567890") {
		t.Errorf("body keeps the rest exactly: %s", got.Body)
	}
	form := Redact(Entry{Body: "user=a&client_secret=" + secret})
	if strings.Contains(form.Body, secret) || !strings.Contains(form.Body, "user=a") {
		t.Errorf("form body: %s", form.Body)
	}
	plain := Redact(Entry{Body: "just text"})
	if plain.Body != "just text" {
		t.Errorf("plain body changed: %q", plain.Body)
	}
}

func TestLimitAndOrder(t *testing.T) {
	s := &Store{Path: filepath.Join(t.TempDir(), "h.json")}
	for i := 0; i < Limit+15; i++ {
		if err := s.Add(Entry{Gateway: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	es, _ := s.List()
	if len(es) != Limit || es[0].Gateway != fmt.Sprint(Limit+14) {
		t.Fatalf("%d entries, first %q", len(es), es[0].Gateway)
	}
}

// A body larger than MaxBody is left out with its size: the file is read and written whole on
// every send, and 200 bodies of 7 MB had made it over a gigabyte.
func TestLargeBodiesAreNotKept(t *testing.T) {
	s := &Store{Path: filepath.Join(t.TempDir(), "h.json")}
	big := `{"x": "` + strings.Repeat("a", MaxBody) + `"}`
	for i := 0; i < 20; i++ {
		if err := s.Add(Entry{Gateway: "g", Body: big}); err != nil {
			t.Fatal(err)
		}
	}
	s.Add(Entry{Gateway: "g", Body: `{"small": 1}`})
	es, _ := s.List()
	if es[0].Body != `{"small": 1}` || es[0].BodyOmitted != 0 || es[1].Body != "" || es[1].BodyOmitted != len(big) {
		t.Fatalf("kept %q (%d omitted), then %d bytes (%d omitted)", es[0].Body, es[0].BodyOmitted, len(es[1].Body), es[1].BodyOmitted)
	}
	if st, _ := os.Stat(s.Path); st.Size() > MaxBody {
		t.Errorf("the file holds %d bytes", st.Size())
	}
}

func TestDamagedFileIsKeptAsideAndSaid(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.json")
	os.WriteFile(path, []byte("[{not json"), 0o600)
	var told []string
	s := &Store{Path: path, Notice: func(k string, args ...any) { told = append(told, k) }}
	if err := s.Add(Entry{Gateway: "new"}); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(path + ".damaged-*")
	if len(matches) != 1 {
		t.Fatalf("damaged file not kept: %v", matches)
	}
	if b, _ := os.ReadFile(matches[0]); string(b) != "[{not json" {
		t.Fatalf("the damaged file was changed: %q", b)
	}
	if len(told) != 1 || told[0] != "history.damaged" {
		t.Fatalf("told %v", told)
	}
	es, _ := s.List()
	if len(es) != 1 || es[0].Gateway != "new" {
		t.Fatalf("%+v", es)
	}
}

func TestWriteFailureIsToldOnce(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, []byte("x"), 0o600)
	var told []string
	s := &Store{Path: filepath.Join(blocker, "history.json"), Notice: func(k string, args ...any) { told = append(told, k) }}
	for i := 0; i < 3; i++ {
		if err := s.Add(Entry{Gateway: "g"}); err == nil {
			t.Fatal("a write under a file succeeded")
		}
	}
	if len(told) != 1 || told[0] != "history.write_failed" {
		t.Fatalf("told %v", told)
	}
}

// Twenty writers at once (separate stores, as separate runs are) lose nothing.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := &Store{Path: path}
			if err := s.Add(Entry{Gateway: fmt.Sprint(i)}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	b, _ := os.ReadFile(path)
	var es []Entry
	if err := json.Unmarshal(b, &es); err != nil || len(es) != 20 {
		t.Fatalf("%v: %d of 20 entries kept", err, len(es))
	}
}

// FromCall is the one constructor the CLI and the TUI use: each field comes from where it should.
func TestFromCallFieldByField(t *testing.T) {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	r := client.CallRequest{Gateway: "gw", Method: "any", Path: "/p/{id}/", PathParams: map[string]string{"id": "7"},
		Query: []client.KV{{Key: "q", Value: "1"}}, Headers: []client.KV{{Key: "X-A", Value: "b"}}, Body: []byte(`{"n":1}`), WithUser: true}
	resp := &client.CallResponse{Status: 201, RequestID: "rid", Duration: 1500 * time.Millisecond, SentMethod: "GET", SentURL: "http://x/prod/p/7/"}
	got := FromCall(r, "get_p", "test", resp, at)
	want := Entry{Time: at, Gateway: "gw", Stage: "test", Resource: "get_p", Method: "GET", Path: "/p/{id}/",
		PathParams: map[string]string{"id": "7"}, Query: r.Query, Headers: r.Headers, Body: `{"n":1}`, WithUser: true,
		Status: 201, RequestID: "rid", DurationMS: 1500}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
	// The request's own stage wins over the default; without an answer the method is the request's.
	r.Stage = "prod"
	got = FromCall(r, "", "test", nil, at)
	if got.Stage != "prod" || got.Method != "ANY" || got.Status != 0 || got.RequestID != "" || got.Resource != "" {
		t.Fatalf("%+v", got)
	}
}
