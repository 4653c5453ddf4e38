// Command crosscheck type-checks a package and everything it imports, from source, for each
// GOOS/GOARCH given: the compiler's front end without its code generation. CI promises that
// bkconsole builds for linux, darwin and windows on amd64 and arm64; a full build of each
// target compiled every dependency again, five minutes of a run on a fresh machine's cold
// caches for the five foreign targets. What breaks a port (a file missing for one OS, a
// symbol that exists on one only, a build constraint) is a type error here.
//
// Usage: go run . DIR PATTERN GOOS/GOARCH...
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/packages"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: crosscheck DIR PATTERN GOOS/GOARCH...")
		os.Exit(2)
	}
	dir, pattern, failed := os.Args[1], os.Args[2], false
	for _, target := range os.Args[3:] {
		goos, goarch, ok := strings.Cut(target, "/")
		if !ok {
			fmt.Fprintf(os.Stderr, "%s: want GOOS/GOARCH\n", target)
			os.Exit(2)
		}
		cfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps |
				packages.NeedTypes | packages.NeedSyntax,
			Dir: dir,
			Env: append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0"),
		}
		pkgs, err := packages.Load(cfg, pattern)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", target, err)
			failed = true
			continue
		}
		count := 0
		packages.Visit(pkgs, nil, func(*packages.Package) { count++ })
		if packages.PrintErrors(pkgs) > 0 {
			fmt.Fprintf(os.Stderr, "%s: the packages above do not type-check\n", target)
			failed = true
			continue
		}
		fmt.Printf("%s: %d packages type-check\n", target, count)
	}
	if failed {
		os.Exit(1)
	}
}
