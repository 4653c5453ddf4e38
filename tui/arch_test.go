package tui

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportRules holds the house's arrows (docs/design.md): cmd → tui → client, keystore
// beside; inside tui, the root (the router) → pages → components → common → keymap, styles,
// list; a page never imports another page (it asks the router for one by its address). A
// package that imports one it must not fails here.
func TestImportRules(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "github.com/bkconsole/bkconsole/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/bkconsole/bkconsole/"
	// A pattern is a package ("tui") or a package and everything under it ("tui/...").
	type rule struct {
		from  string
		bans  []string
		allow []string
		why   string
	}
	rules := []rule{
		{"client/...", []string{"tui/...", "cmd/...", "keystore/..."}, []string{"keystore/filelock"}, "the contract knows nothing of screens or secrets storage"},
		{"keystore/...", []string{"tui/...", "cmd/...", "client/..."}, nil, "profiles and secrets stand alone"},
		{"client/sandbox/...", []string{"tui/...", "cmd/...", "keystore/...", "client/..."}, []string{"client/sandbox/..."}, "the sandbox is a server: it speaks the contract, it does not use the client"},
		{"tui/...", []string{"cmd/...", "client/sandbox/..."}, nil, "the console never reaches the demo installation directly"},
		{"tui/list/...", []string{"tui/...", "client/...", "keystore/..."}, []string{"tui/list/..."}, "the list component knows no page and no server"},
		{"tui/styles", []string{"tui/...", "client/...", "keystore/..."}, []string{"tui/list"}, "the theme knows no page (it styles the list component)"},
		{"tui/keymap", []string{"tui/...", "client/...", "keystore/..."}, []string{"client/i18n"}, "keys know no page; their help is the catalog's"},
		{"tui/common", []string{"tui", "tui/pages/...", "tui/components/..."}, nil, "what every page shares knows no page, no component and not the router"},
		{"tui/components/...", []string{"tui", "tui/pages/..."}, nil, "a component knows no page and not the router"},
		{"tui/pages/...", []string{"tui"}, nil, "a page asks the router by message; it does not import it"},
	}
	match := func(p, pat string) bool {
		if base, ok := strings.CutSuffix(pat, "/..."); ok {
			return p == base || strings.HasPrefix(p, base+"/")
		}
		return p == pat
	}
	page := func(p string) string { // "tui/pages/doc/x" → "doc"
		rest, ok := strings.CutPrefix(p, "tui/pages/")
		if !ok {
			return ""
		}
		return strings.SplitN(rest, "/", 2)[0]
	}
	pages := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], mod)
		if pg := page(pkg); pg != "" {
			pages[pg] = true
		}
		for _, imp := range f[1:] {
			dep, ours := strings.CutPrefix(imp, mod)
			if !ours {
				continue
			}
			if a, b := page(pkg), page(dep); a != "" && b != "" && a != b {
				t.Errorf("%s imports %s: a page never imports another page (open it by its address)", pkg, dep)
			}
		rules:
			for _, r := range rules {
				if !match(pkg, r.from) {
					continue
				}
				for _, a := range r.allow {
					if match(dep, a) {
						continue rules
					}
				}
				for _, ban := range r.bans {
					if match(dep, ban) {
						t.Errorf("%s imports %s: not allowed (%s must not import %s: %s)", pkg, dep, r.from, ban, r.why)
					}
				}
			}
		}
	}
	if len(pages) < 8 {
		t.Fatalf("found %d page packages under tui/pages: the test no longer sees the pages", len(pages))
	}
}

// TestFilesStaySmall keeps every file of the TUI, tests included, at 500 lines or fewer: a
// page that outgrows it is split into its parts (issue 21).
func TestFilesStaySmall(t *testing.T) {
	t.Parallel()
	n := eachGoFile(t, ".", func(path string, b []byte) {
		if lines := bytes.Count(b, []byte("\n")); lines > 500 {
			t.Errorf("%s has %d lines: over 500", path, lines)
		}
	})
	if n < 50 {
		t.Fatalf("walked %d files", n)
	}
}

// TestFunctionsStayShort keeps every function and function literal in the module, tests
// included, at 80 lines or fewer (issue 34): a long one is split into its steps or its modes.
// The sandbox's seed data is the one exception: it is a table written as code.
func TestFunctionsStayShort(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	n := eachGoFile(t, "..", func(path string, b []byte) {
		if strings.Contains(filepath.ToSlash(path), "client/sandbox/") {
			return
		}
		f, err := parser.ParseFile(fset, path, b, 0)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var body *ast.BlockStmt
			switch fn := n.(type) {
			case *ast.FuncDecl:
				body = fn.Body
			case *ast.FuncLit:
				body = fn.Body
			}
			if body != nil {
				if lines := fset.Position(body.End()).Line - fset.Position(body.Pos()).Line + 1; lines > 80 {
					t.Errorf("%s: a function of %d lines: over 80", fset.Position(n.Pos()), lines)
				}
			}
			return true
		})
	})
	if n < 200 {
		t.Fatalf("walked %d files", n)
	}
}

// eachGoFile hands over every Go file below root with its text, and counts them.
func eachGoFile(t *testing.T, root string, fn func(path string, text []byte)) int {
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		fn(path, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Only the root changes the backend and owns the session cache: a page announces a change by
// message (common.CredentialsChangedMsg, common.ProfileChangedMsg) and never replaces either.
func TestOnlyTheRootChangesTheBackend(t *testing.T) {
	t.Parallel()
	eachGoFile(t, "pages", func(path string, b []byte) {
		for _, bad := range []string{".SetBackend(", ".Backend = ", ".Cache = "} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s: %q: only the root (tui/app.go, tui/router.go) does that", path, bad)
			}
		}
	})
}

// Each page package asks the installation through its own small interface (backend.go: the
// methods it calls, checked against common.Backend), never the context's whole backend.
func TestPagesAskThroughTheirOwnInterface(t *testing.T) {
	t.Parallel()
	eachGoFile(t, "pages", func(path string, b []byte) {
		if strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "backend.go") {
			return
		}
		for _, bad := range []string{"Ctx.Backend", "ctx.Backend", "c.Backend"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s: %q: ask through the package's backendOf", path, bad)
			}
		}
	})
}
