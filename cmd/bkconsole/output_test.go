package main

import (
	"bytes"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// A table wider than its terminal is cut to fit: the last column first, then the widest, never
// a column kept whole; one that cannot fit without cutting below minColumn loses its last
// columns until it fits (-1), and one whose whole columns alone are too wide is left to wrap.
func TestFitColumns(t *testing.T) {
	cases := []struct {
		widths, whole []int
		width         int
		want          []int
	}{
		{[]int{10, 20, 30}, []int{0}, 80, []int{10, 20, 30}},                                                 // fits
		{[]int{10, 20, 60}, []int{0}, 80, []int{10, 20, 46}},                                                 // the last column gives what is over
		{[]int{22, 32, 5, 15, 8, 11}, []int{0}, 100, []int{22, 29, 5, 15, 8, 11}},                            // mcp list at 100
		{[]int{10, 40, 40}, []int{0}, 60, []int{10, 30, 16}},                                                 // the last to its floor, then the widest
		{[]int{7, 54, 25, 8, 8, 8, 6, 15, 20}, []int{0, 1, 2}, 100, []int{7, 54, 25, 8, -1, -1, -1, -1, -1}}, // a long path: most out
		{[]int{7, 24, 16, 4, 3, 4, 12, 6, 40}, []int{0, 1, 2}, 80, []int{7, 24, 16, 4, 3, 4, 10, -1, -1}},    // apis at 80: the last two out
		{[]int{10, 30, 40}, []int{0, 2}, 57, []int{10, -1, 40}},                                              // whole columns stay
		{[]int{10, 50, 40}, []int{0, 1}, 60, []int{10, 50, 40}},                                              // whole ones too wide: wrap
		{[]int{20, 30, 30, 30, 30}, []int{0}, 60, []int{20, 11, 11, 11, -1}},                                 // no cut under 10: the last goes
		{[]int{2, 4, 22, 16, 9, 6, 6, 30}, []int{0, 2, 5}, 60, []int{2, 4, 22, 16, -1, 6, -1, -1}},           // records --all at 60
	}
	for _, c := range cases {
		if got := fitColumns(c.widths, c.width, c.whole); !slices.Equal(got, c.want) {
			t.Errorf("fitColumns(%v, %d, %v) = %v, want %v", c.widths, c.width, c.whole, got, c.want)
		}
	}
}

// On a terminal a listing fits its width (mcp list at 100 columns wrapped every row), cut
// cells end in "…" and the names stay whole; piped, every cell is whole.
func TestTablesFitTheTerminal(t *testing.T) {
	h := newHome(t)
	r := startPty(t, answersLikeATerminal, binary, h.env, "--sandbox", "mcp", "list")
	r.waitFor("(via the Developer Center)", 10*time.Second) // the line after the table
	out := ansi.Strip(r.seen.String())
	for _, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(strings.TrimRight(l, "\r")); w > 100 {
			t.Errorf("a line of %d cells on a terminal of 100: %q", w, l)
		}
	}
	if !strings.Contains(out, "User directory (personal tok…") || !strings.Contains(out, "bk-user-prod-directory") {
		t.Errorf("cut cells:\n%s", out)
	}
	if _, stdout, _ := inProcess(t, nil, "", "--sandbox", "mcp", "list"); !strings.Contains(stdout, "User directory (personal tokens)") {
		t.Errorf("piped:\n%s", stdout)
	}
	// At 60 columns the status stays (it was the first to be left out); the markers go.
	r = startPtyWide(t, 60, answersLikeATerminal, binary, h.env, "--sandbox", "mcp", "list")
	r.waitFor("(via the Developer Center)", 10*time.Second)
	if out := ansi.Strip(r.seen.String()); !strings.Contains(out, "not applied") || !strings.Contains(out, "MARKS left out at 60 columns") {
		t.Errorf("at 60 columns:\n%s", out)
	}
}

// apis at 80 columns wrapped every row (no cut could fit its nine columns): the last columns
// are left out and stderr says which; the method, path and name stay whole.
func TestAPIsFitEightyColumns(t *testing.T) {
	h := newHome(t)
	r := startPtyWide(t, 80, answersLikeATerminal, binary, h.env, "--sandbox", "apis", "demo-echo")
	r.waitFor("(via the API Help Center)", 10*time.Second)
	out := ansi.Strip(r.seen.String())
	for _, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(strings.TrimRight(l, "\r")); w > 80 {
			t.Errorf("a line of %d cells on a terminal of 80: %q", w, l)
		}
	}
	for _, want := range []string{"/users/{username}/notes/", "user_notes", "ALSO", "(LABELS, DESCRIPTION left out at 80 columns"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q:\n%s", want, out)
		}
	}
}

// What is copied or read first stays whole at 60 columns, where a column had to go: the SDK's
// install command (it was "pip install bkapi-demo-…") and a component's status ("not a…").
func TestNarrowTablesKeepWhatIsCopied(t *testing.T) {
	h := newHome(t)
	for _, c := range []struct{ args, want []string }{
		{[]string{"sdks", "demo-echo"}, []string{"pip install bkapi-demo-echo==1.4.0-beta", "VERSION left out at 60 columns"}},
		{[]string{"components", "list", "CC"}, []string{"not applied", "DESCRIPTION left out at 60 columns"}},
	} {
		r := startPtyWide(t, 60, answersLikeATerminal, binary, h.env, append([]string{"--sandbox"}, c.args...)...)
		r.waitFor("(via the", 10*time.Second)
		out := ansi.Strip(r.seen.String())
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", c.args, w, out)
			}
		}
	}
}

// perms --all keeps the names and their gateways whole on a terminal narrower than its table:
// they are what renew takes ("fast_execute_s…" at 80 columns); the expiry under EXPIRES says
// "in 400 days", which fits where "expires in 400 days" was cut to "expire…".
func TestHeldPermissionsKeepTheirNames(t *testing.T) {
	h := newHome(t)
	r := startPtyWide(t, 80, answersLikeATerminal, binary, h.env, "--sandbox", "perms", "--all")
	r.waitFor("(via the Developer Center)", 10*time.Second)
	out := ansi.Strip(r.seen.String())
	for _, want := range []string{"bk-legacy-job", "fast_execute_script", "get_job_instance_status", "in 400 days"} {
		if !strings.Contains(out, want) {
			t.Errorf("%s cut:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(strings.TrimRight(l, "\r")); w > 80 {
			t.Errorf("a line of %d cells on a terminal of 80: %q", w, l)
		}
	}
}

// fullDisk fails every write, as /dev/full does.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// Output that cannot be written fails the command, said in the reader's language: a listing
// printed through a buffer lost its output on a full disk and exited 0; a call's body said
// Go's "write the body: write /dev/stdout: no space left on device" in every language.
func TestLostOutputIsAFailure(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{"gateways"}, {"gateways", "--json"}, {"call", "demo-echo", "echo_get"}, {"mcp", "list"}} {
		var errb bytes.Buffer
		code := runApp(&App{Stdout: fullDisk{}, Stderr: &errb, Stdin: strings.NewReader("")}, append([]string{"--sandbox", "--lang", "zh"}, args...))
		if code != ExitFailed || !strings.Contains(errb.String(), "无法写出输出（设备空间不足）：输出不完整") || strings.Count(errb.String(), "无法写出") != 1 {
			t.Errorf("%v: exit %d %s", args, code, errb.String())
		}
	}
}

// A flag whose help explains each value listed them again after it: "--credential …: auto (a
// login …), app, login (mcp login), personal (…): auto, app, login, personal". Every value is
// named, once as a list.
func TestEnumFlagsNameTheirValuesOnce(t *testing.T) {
	root := (&App{}).rootCommand()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			e, ok := f.Value.(*enumValue)
			if !ok {
				return
			}
			list := strings.Join(e.values, ", ")
			if !namesEvery(f.Usage, e.values) || (strings.HasSuffix(f.Usage, ": "+list) && namesEvery(strings.TrimSuffix(f.Usage, ": "+list), e.values)) {
				t.Errorf("%s --%s: %q", c.CommandPath(), f.Name, f.Usage)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
