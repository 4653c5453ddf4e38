package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Twenty concurrent runs: every login's profile and every call's history entry is kept.
func TestConcurrentRunsLoseNothing(t *testing.T) {
	h := newHome(t, "DBUS_SESSION_BUS_ADDRESS=disabled:")
	h.e2e = true // processes running at once, each with its own environment
	s := h.serve()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := h.run("sec", "login", "--profile", fmt.Sprintf("p%02d", i), "--app-code", "app", "--api-url-tmpl", s.APIURLTmpl, "--no-verify", "--secret-stdin")
			if !strings.Contains(r.stdout+r.stderr, fmt.Sprintf("p%02d", i)) {
				t.Errorf("login %d: %d %s %s", i, r.code, r.stdout, r.stderr)
			}
		}(i)
	}
	wg.Wait()
	var cfg struct{ Profiles []struct{ Name string } }
	b, _ := os.ReadFile(filepath.Join(h.dir, "config", "bkconsole", "config.json"))
	if err := json.Unmarshal(b, &cfg); err != nil || len(cfg.Profiles) != 20 {
		t.Fatalf("%v: %d of 20 profiles kept", err, len(cfg.Profiles))
	}

	caller := newHome(t, s.as(0)...)
	caller.e2e = true
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if r := caller.run("", "call", "demo-echo", "echo_get", "-q", fmt.Sprintf("n=%d", i)); r.code != 0 {
				t.Errorf("call %d: %d %s", i, r.code, r.stderr)
			}
		}(i)
	}
	wg.Wait()
	var es []map[string]any
	b, _ = os.ReadFile(filepath.Join(caller.dir, "state", "bkconsole", "history.json"))
	if err := json.Unmarshal(b, &es); err != nil || len(es) != 20 {
		t.Fatalf("%v: %d of 20 history entries kept", err, len(es))
	}
}

// A damaged config names its file and line; env-only commands still run; login moves it aside.
func TestDamagedConfig(t *testing.T) {
	h := newHome(t, "DBUS_SESSION_BUS_ADDRESS=disabled:")
	s := h.serve()
	cfgPath := filepath.Join(h.dir, "config", "bkconsole", "config.json")
	os.MkdirAll(filepath.Dir(cfgPath), 0o700)
	os.WriteFile(cfgPath, []byte("{\n \"active\": \"x\",\n \"profiles\": [,]\n}\n"), 0o600)

	env := newHome(t, s.as(1)...)
	env.env = append(env.env, "BKCONSOLE_CONFIG="+cfgPath)
	r := env.run("", "gateways")
	if r.code != 0 || !strings.Contains(r.stdout, "bk-user") || !strings.Contains(r.stderr, cfgPath) || !strings.Contains(r.stderr, "line 3") {
		t.Fatalf("env-only with a damaged config: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = h.run("", "profiles")
	if r.code == 0 || !strings.Contains(r.stderr, "line 3") {
		t.Fatalf("profiles names the line: %d %s", r.code, r.stderr)
	}
	// The parser's complaint in the reader's language (it was encoding/json's English words), at the
	// column of the character at fault (it said the one after it).
	for lang, want := range map[string]string{"en": "is damaged: invalid JSON at line 3, column 15: a value was expected, not \",\"",
		"zh": "已损坏：JSON 不合法（第 3 行第 15 列）：此处应为一个值，而不是 \",\""} {
		if r := h.run("", "profiles", "--lang", lang); !strings.Contains(r.stderr, want) {
			t.Errorf("damaged, in %s: %s", lang, r.stderr)
		}
	}
	r = h.run("sec", "login", "--profile", "fresh", "--app-code", "app", "--api-url-tmpl", s.APIURLTmpl, "--no-verify", "--secret-stdin")
	if !strings.Contains(r.stderr, "moved aside") {
		t.Fatalf("login moves the damaged file aside: %d %s %s", r.code, r.stdout, r.stderr)
	}
	aside, _ := filepath.Glob(cfgPath + ".damaged-*")
	if len(aside) != 1 {
		t.Fatalf("kept aside: %v", aside)
	}
	if out := h.ok("profiles"); !strings.Contains(out, "fresh") {
		t.Fatalf("profiles after login: %s", out)
	}
	// A negative timeout in a profile is refused at load, naming the file.
	os.WriteFile(cfgPath, []byte(`{"active": "a", "profiles": [{"name": "a", "timeout": "-3s"}]}`), 0o600)
	if r := h.run("", "profiles"); r.code == 0 || !strings.Contains(r.stderr, `the timeout "-3s" is not a duration of zero or more`) {
		t.Fatalf("negative timeout: %d %s", r.code, r.stderr)
	}
	// In the reader's language (the reason was English inside the Chinese sentence).
	if r := h.run("", "profiles", "--lang", "zh"); r.code == 0 || !strings.Contains(r.stderr, `已损坏：超时时间 "-3s" 不是 0 或正的时长`) {
		t.Fatalf("negative timeout in Chinese: %d %s", r.code, r.stderr)
	}
}

// A damaged history is kept aside and said; a damaged sandbox state likewise.
func TestDamagedHistoryAndSandboxState(t *testing.T) {
	h := newHome(t)
	s := h.serve()
	caller := newHome(t, s.as(0)...)
	caller.e2e = true
	hist := filepath.Join(caller.dir, "state", "bkconsole", "history.json")
	os.MkdirAll(filepath.Dir(hist), 0o700)
	os.WriteFile(hist, []byte("garbage"), 0o600)
	r := caller.run("", "call", "demo-echo", "echo_get")
	if r.code != 0 || !strings.Contains(r.stderr, "damaged") {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	if aside, _ := filepath.Glob(hist + ".damaged-*"); len(aside) != 1 {
		t.Fatalf("history kept aside: %v", aside)
	}

	sb := newHome(t)
	st := filepath.Join(sb.dir, "state", "bkconsole", "sandbox-state.json")
	os.MkdirAll(filepath.Dir(st), 0o700)
	os.WriteFile(st, []byte("{broken"), 0o600)
	r = sb.run("", "--sandbox", "gateways")
	if r.code != 0 || !strings.Contains(r.stderr, "sandbox state") {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
}
