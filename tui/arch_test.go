package tui

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportRules holds the house's arrows (docs/design.md): cmd → tui → client, keystore
// beside; nothing points back up. A package that imports one it must not fails here.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "github.com/bkconsole/bkconsole/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/bkconsole/bkconsole/"
	// forbidden: a package (prefix) must not import any of these (prefixes).
	forbidden := map[string][]string{
		"client":         {"tui", "cmd", "keystore"},            // the contract knows nothing of screens or secrets storage
		"keystore":       {"tui", "cmd", "client"},              // profiles and secrets stand alone
		"tui":            {"cmd", "client/sandbox"},             // the console never reaches the demo installation directly
		"tui/list":       {"tui/", "client", "keystore"},        // the list component knows no page and no server
		"client/sandbox": {"tui", "cmd", "keystore", "client/"}, // the sandbox is a server: it speaks the contract, it does not use the client
	}
	allowed := map[string][]string{"client": {"keystore/filelock"}} // the history's file lock
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], mod)
		for _, imp := range f[1:] {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			dep := strings.TrimPrefix(imp, mod)
			for from, bans := range forbidden {
				if pkg != from && !strings.HasPrefix(pkg, from+"/") || from == "client" && strings.HasPrefix(pkg, "client/sandbox") {
					continue
				}
				if from == "tui" && strings.HasPrefix(pkg, "tui/list") {
					continue
				}
				for _, ban := range bans {
					if (dep == ban || strings.HasPrefix(dep, strings.TrimSuffix(ban, "/")+"/")) && !isAllowed(allowed[from], dep) {
						t.Errorf("%s imports %s: not allowed (%s must not import %s)", pkg, dep, from, ban)
					}
				}
			}
		}
	}
}

func isAllowed(list []string, dep string) bool {
	for _, a := range list {
		if dep == a {
			return true
		}
	}
	return false
}

// TestFilesStaySmall keeps every file of the TUI, tests included, at 500 lines or fewer: a
// screen that outgrows it is split into its parts (issue 21).
func TestFilesStaySmall(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("*/*.go")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(b, []byte("\n")); n > 500 {
			t.Errorf("%s has %d lines: over 500", f, n)
		}
	}
}
