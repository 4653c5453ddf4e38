package collection

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
)

func TestSaveFindAndARoundTrip(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	r := Request{Name: "who", Gateway: "demo-echo", Stage: "prod", API: "echo_post", Method: "POST", Path: "/echo/",
		Query: []Pair{{"a", "1"}, {"a", "2"}}, Headers: []Pair{{"X-Trace", "{{trace}}"}}, Body: "{\n  \"who\": \"{{who}}\"\n}"}
	path, err := s.Save(r, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(r, false); !errors.Is(err, ErrExists) {
		t.Fatalf("overwrote without asking: %v", err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "body: |-\n") || !strings.Contains(string(b), "no credential") {
		t.Errorf("the file is not as a person writes it:\n%s", b)
	}
	got, err := s.Find("who")
	if err != nil || got.Body != r.Body || got.Gateway != "demo-echo" || len(got.Query) != 2 || got.Headers[0].Value != "{{trace}}" {
		t.Fatalf("%+v %v", got, err)
	}
	if n := got.Names(); len(n) != 2 || n[0] != "trace" || n[1] != "who" {
		t.Errorf("names: %v", n)
	}
	// The same name under another gateway: a bare name is then ambiguous.
	r2 := r
	r2.Gateway = "bk-user"
	s.Save(r2, false)
	var nf *NotFoundError
	if _, err := s.Find("who"); !errors.As(err, &nf) || len(nf.Matches) != 2 {
		t.Fatalf("ambiguous: %v", err)
	}
	if got, err := s.Find("bk-user/who"); err != nil || got.Gateway != "bk-user" {
		t.Fatalf("%+v %v", got, err)
	}
}

// A hand-edited file with a mistake is reported with its file and line; the others load.
func TestABrokenFileIsReportedAndTheOthersLoad(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	s.Save(Request{Name: "good", Gateway: "gw", Method: "GET", Path: "/a/"}, false)
	os.WriteFile(filepath.Join(s.Dir, "gw", "bad.yaml"), []byte("method: GET\npath: /b/\nquery:\n  - name: x\n    valeu: 1\n"), 0o644)
	rs, bad := s.List("")
	if len(rs) != 1 || rs[0].Name != "good" || len(bad) != 1 {
		t.Fatalf("%v %v", rs, bad)
	}
	var fe *FileError
	if !errors.As(bad[0], &fe) || fe.Line != 5 || !strings.HasSuffix(fe.Path, "bad.yaml") {
		t.Fatalf("%#v", bad[0])
	}
	// Said in the reader's language, the misspelt field by its name (the decoder named Go's
	// type: "field valeu not found in type collection.KV").
	if got := Unreadable(bad[0], i18n.Chinese); !strings.HasSuffix(got, "bad.yaml:5：valeu 不是已保存请求的字段") {
		t.Errorf("%q", got)
	}
	os.WriteFile(filepath.Join(s.Dir, "gw", "bad.yaml"), []byte("method: GET\npath: nope\n"), 0o644)
	if _, bad = s.List(""); len(bad) != 1 || !strings.HasSuffix(Unreadable(bad[0], i18n.English), `bad.yaml: the path "nope" does not start with /`) {
		t.Errorf("%v", bad)
	}
	// A file named as the collection's folder is said, in the reader's language: it read as a
	// collection with nothing saved in it.
	file := filepath.Join(s.Dir, "gw", "bad.yaml")
	for lang, want := range map[i18n.Lang]string{i18n.English: "skipped " + file + ": a part of the path is not a folder", i18n.Chinese: "已跳过 " + file + "：路径中的某一部分不是目录"} {
		if _, bad = (Store{Dir: file}).List(""); len(bad) != 1 || Unreadable(bad[0], lang) != want {
			t.Errorf("%s: %v", lang, bad)
		}
	}
}

func TestNoCredentialIsSaved(t *testing.T) {
	base := Request{Gateway: "gw", Method: "GET", Path: "/"}
	for _, c := range []struct {
		r     Request
		where string
	}{
		{Request{Headers: []Pair{{"X-Bkapi-Authorization", `{"bk_app_code": "a"}`}}}, "header X-Bkapi-Authorization"},
		{Request{Headers: []Pair{{"Authorization", "{{tok}}"}}}, "header Authorization"},
		{Request{Query: []Pair{{"bk_token", "abc"}}}, "query bk_token"},
		{Request{Body: `{"x": "s3cret-value"}`}, "body"},
		{Request{PathParams: map[string]string{"id": "s3cret-value"}}, "path parameter id"},
	} {
		r := c.r
		r.Gateway, r.Method, r.Path = base.Gateway, base.Method, base.Path
		var se *SecretError
		if err := CheckNoSecrets(r, []string{"s3cret-value"}); !errors.As(err, &se) || se.Where != c.where {
			t.Errorf("%+v: %v", c.r, err)
		}
	}
	ok := Request{Gateway: "gw", Method: "GET", Path: "/", Query: []Pair{{"access_token", "{{token}}"}}, Body: `{"who": "bob"}`}
	if err := CheckNoSecrets(ok, []string{"s3cret-value"}); err != nil {
		t.Errorf("a variable in place of a secret is refused: %v", err)
	}
}

func TestExpandNamesWhatIsMissingAndPrefersFlags(t *testing.T) {
	r := Request{Method: "POST", Path: "/", PathParams: map[string]string{"id": "{{id}}"}, Body: `{"who": "{{ who }}", "n": {{n}}}`}
	res := Resolver{Flags: map[string]string{"who": "bob"}, Profile: map[string]string{"who": "alice", "id": "7"},
		Env: func(k string) string { return map[string]string{"BKCONSOLE_VAR_n": "3"}[k] }}
	got, err := r.Expand(res)
	if err != nil || got.Body != `{"who": "bob", "n": 3}` || got.PathParams["id"] != "7" || r.PathParams["id"] != "{{id}}" {
		t.Fatalf("%+v %v (the original must stay)", got, err)
	}
	var ue *UnresolvedError
	if _, err := r.Expand(Resolver{}); !errors.As(err, &ue) || strings.Join(ue.Names, ",") != "id,n,who" {
		t.Fatalf("%v", err)
	}
	if v, _ := res.Lookup("n"); v.Source != FromEnv {
		t.Errorf("source: %+v", v)
	}
}

// Names are file names: letters of any script, digits, . _ -; nothing that leaves the folder.
func TestValidName(t *testing.T) {
	for _, ok := range []string{"greet", "list-hosts.v2", "查询主机", "ユーザー_1", "console", "com10", "null"} {
		if !ValidName(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	// Windows' device names are no file there, whatever follows the first dot (a collection
	// shared through git would not check out).
	for _, bad := range []string{"", ".hidden", "a/b", "a..b", "a b", "../x", "a\\b", strings.Repeat("x", 65), "CON", "nul", "Com1", "lpt9.v2", "aux"} {
		if ValidName(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
