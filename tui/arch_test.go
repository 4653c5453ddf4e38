package tui

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
		"tui/styles":     {"tui", "cmd", "client", "keystore"},  // the theme knows no page (it styles the list component)
		"tui/keymap":     {"tui", "cmd", "client/", "keystore"}, // keys know no page; their help is the catalog's (client/i18n)
		"client/sandbox": {"tui", "cmd", "keystore", "client/"}, // the sandbox is a server: it speaks the contract, it does not use the client
	}
	allowed := map[string][]string{"client": {"keystore/filelock"}, "tui/styles": {"tui/list"}, "tui/keymap": {"client/i18n"}}
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
				if from == "tui" && (strings.HasPrefix(pkg, "tui/list") || strings.HasPrefix(pkg, "tui/styles") || strings.HasPrefix(pkg, "tui/keymap")) {
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

// TestPagesDoNotBuildEachOther holds the router's rule (router.go): a page opens another by
// its address, never by calling its constructor. Only the router (router.go, app.go) builds
// pages; a page's file may call its own constructors.
func TestPagesDoNotBuildEachOther(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	isCtor := regexp.MustCompile(`^New\w*(Screen|Console)$`)
	declaredIn := map[string]string{}
	parsed := map[string]*ast.File{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed[f] = af
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && isCtor.MatchString(fd.Name.Name) {
				declaredIn[fd.Name.Name] = f
			}
		}
	}
	if len(declaredIn) < 10 {
		t.Fatalf("found only %d page constructors: the test no longer sees the pages", len(declaredIn))
	}
	router := map[string]bool{"router.go": true, "app.go": true}
	for f, af := range parsed {
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok {
				return true
			}
			if home, ok := declaredIn[id.Name]; ok && home != f && !router[f] {
				t.Errorf("%s: %s builds a page of %s; open it by its address (openPage)", fset.Position(call.Pos()), id.Name, home)
			}
			return true
		})
	}
}
