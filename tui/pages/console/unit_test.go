package console

import (
	"os"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func TestWrapCodeKeepsEveryCharacter(t *testing.T) {
	long := `req.Header.Set("X-Bkapi-Authorization", fmt.Sprintf("{\"bk_app_code\": %q, \"bk_app_secret\": %q}", os.Getenv("BK_APP_CODE"), os.Getenv("BK_APP_SECRET")))`
	out := wrapCode("short\n"+long, 40, "↪ ")
	joined := strings.ReplaceAll(strings.ReplaceAll(out, "\n↪ ", ""), "\n", "|")
	if joined != "short|"+long {
		t.Fatalf("lost characters:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if ansi.StringWidth(l) > 40 {
			t.Fatalf("line wider than 40: %q", l)
		}
	}
}

// The editor runs on a temporary copy, written in the exec step; what it saves comes back and
// the copy is removed.
func TestExternalEditorRun(t *testing.T) {
	r := &externalRun{args: []string{"sh", "-c", `printf ',"b":2}' >> "$0"`}, content: []byte(`{"a":1`)}
	if err := r.Run(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(r.path)
	if err != nil || string(b) != `{"a":1,"b":2}` {
		t.Fatalf("%q %v", b, err)
	}
	r.cleanup()
	if _, err := os.Stat(r.path); !os.IsNotExist(err) {
		t.Fatal("the temporary copy stays")
	}
	bad := &externalRun{args: []string{"/nonexistent/editor"}, content: []byte("x")}
	if err := bad.Run(); err == nil {
		t.Fatal("a missing editor is an error")
	}
	bad.cleanup()
}

// The import page's hint says where a pasted command's credentials go: on a narrow screen it
// wraps under the title instead of losing its end.
func TestImportHintWraps(t *testing.T) {
	t.Parallel()
	s := NewImportScreen(newTestContext())
	s.SetSize(60, 11)
	v := s.View()
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "not saved)") {
		t.Errorf("the hint is cut at 60 columns:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 60 {
			t.Errorf("a line of %d cells: %q", w, l)
		}
	}
}

// The save prompt's notes (what is kept, never a credential; a name taken; an error) wrap at
// the page's width instead of running off it.
func TestSavePromptFitsNarrow(t *testing.T) {
	t.Parallel()
	c := newTestContext()
	c.Width = 60
	p := savePrompt{in: textinput.New(), req: collection.Request{Gateway: "demo-echo", Name: "a-rather-long-request-name"},
		overwrite: true, err: "the collection folder cannot be written: permission denied on /home/someone/.local/share/bkconsole"}
	v := p.view(c)
	for _, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 60 {
			t.Errorf("a line of %d cells: %q", w, l)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "when it is sent).") {
		t.Errorf("the note lost its end:\n%s", v)
	}
}

// An editor or pager that cannot start, or exits with an error, is said in the reader's
// language, naming the variable to fix: Go's "fork/exec /nonexistent/editor: no such file or
// directory" was shown as it was, in either language.
func TestExternalFailuresInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	run := func(args ...string) error {
		r := &externalRun{args: args, content: []byte("x")}
		defer r.cleanup() // as the console does after the run: no temporary file left behind
		return r.Run()
	}
	for _, c := range []struct {
		prog   string
		err    error
		edit   bool
		en, zh string
	}{
		{"/nonexistent/editor", run("/nonexistent/editor"), true, "could not start /nonexistent/editor: set $EDITOR to a program that is installed", "无法启动 /nonexistent/editor：请把 $EDITOR 设为已安装的程序"},
		{"no-such-pager-bk", run("no-such-pager-bk"), false, "could not start no-such-pager-bk: set $PAGER", "请把 $PAGER 设为已安装的程序"},
		{"sh", run("sh", "-c", "exit 3"), true, "the editor sh exited with status 3: the body is as it was", "编辑器 sh 以状态码 3 退出：请求体未改动"},
		{"sh", run("sh", "-c", "exit 2"), false, "the pager sh exited with status 2", "分页程序 sh 以状态码 2 退出"},
	} {
		env := map[bool]string{true: "EDITOR", false: "PAGER"}[c.edit]
		for lang, want := range map[i18n.Lang]string{i18n.English: c.en, i18n.Chinese: c.zh} {
			ctx := common.NewContext(stubBackend{}, common.ProfileInfo{Name: "t"}, lang)
			if got := externalFailed(ctx, env, c.prog, c.edit, c.err).Error(); !strings.Contains(got, want) {
				t.Errorf("%s: %q, want %q", lang, got, want)
			}
		}
	}
}
