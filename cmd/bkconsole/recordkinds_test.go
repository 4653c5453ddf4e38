package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client/sandbox"
)

// Each kind numbers its records on its own, and `records --all` lists them side by side: a
// number read there and given to another kind's command was "no application record 2 — list
// the records". The one kind that has it is named, with its command, in both languages.
func TestARecordOfAnotherKindIsNamed(t *testing.T) {
	store, urls := isolate(t)
	asDemoApp(t, urls)
	if code, _, stderr := inProcess(t, store, "", "mcp", "apply", "demo-echo-prod-echo", "--reason", "r"); code != 0 {
		t.Fatalf("mcp apply: %d %s", code, stderr)
	}
	for lang, want := range map[string]string{"en": "record 1 is an MCP server application: bkconsole mcp records 1", "zh": "记录 1 是 MCP 服务的申请：bkconsole mcp records 1"} {
		if code, _, stderr := inProcess(t, store, "", "--lang", lang, "records", "1"); code != ExitUsage || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d %s", lang, code, stderr)
		}
	}
	if code, _, stderr := inProcess(t, store, "", "components", "records", "1", "--json"); code != ExitUsage || !strings.Contains(stderr, `"hint":"record 1 is an MCP server application: bkconsole mcp records 1"`) {
		t.Errorf("components records 1: exit %d %s", code, stderr)
	}
	if code, _, stderr := inProcess(t, store, "", "records", "2"); code != ExitUsage || !strings.Contains(stderr, "list the records: bkconsole records") {
		t.Errorf("a number no kind has: exit %d %s", code, stderr)
	}
}

// Several records are named as such, in both languages: two MCP servers applied for at once
// made "waiting for record 1, 2" and "record 1, 2 is still pending"; one stays singular.
func TestSeveralRecordsAreNamedInThePlural(t *testing.T) {
	store, urls := isolate(t, sandbox.Options{DecideAfter: time.Hour})
	asDemoApp(t, urls)
	code, stdout, stderr := inProcess(t, store, "", "--lang", "en", "mcp", "apply", "demo-echo-prod-echo", "bk-user-prod-directory",
		"--reason", "r", "--wait", "--wait-max", "1s")
	if code != ExitPending || !strings.Contains(stderr, "waiting for records 1, 2 to be decided") ||
		!strings.Contains(stderr, "records 1, 2 are still pending after 1s") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = inProcess(t, store, "", "--lang", "en", "mcp", "records", "1", "--wait", "--wait-max", "1s")
	if code != ExitPending || !strings.Contains(stderr, "record 1 is still pending after 1s") {
		t.Errorf("one record: exit %d %s", code, stderr)
	}
}

// A record's ID with the list's filters: --status and --gateway were ignored without a word
// (records 1 --status approved showed record 1 whatever its status). Refused, every kind.
func TestRecordIDRefusesTheListsFilters(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{"records", "1", "--status", "approved"}, {"records", "1", "--gateway", "demo"},
		{"mcp", "records", "1", "--server", "x"}, {"components", "records", "1", "--status", "pending"}} {
		code, _, stderr := inProcess(t, nil, "", append([]string{"--sandbox", "--lang", "en"}, args...)...)
		if code != ExitUsage || !strings.Contains(stderr, "an ID shows that one record: --status and --") {
			t.Errorf("%q: exit %d %s", args, code, stderr)
		}
	}
}
