package console

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/tui/keymap"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// snippetView is the console's Snippet tab as a component: the request as code in one of the
// languages, its secrets masked, read from the environment or inline, with keys of its own.
type snippetView struct {
	ctx        *common.Context
	keys       snippetKeys
	lang, mode int
	text       string
	err        error
	gateway    string         // what the "no SDK" message names
	langs      []snippet.Lang // the languages offered: no SDK for a component (ESB has none)
	fileName   string         // where w saves it, without the extension
	// drawn is text cut to snippetShown and wrapped at drawnWidth: wrapping is done once per
	// snippet and width, not on every frame.
	drawn      string
	drawnWidth int
}

// snippetShown bounds the snippet drawn on the tab: a held body makes a snippet of megabytes,
// whose wrapping froze the console; y copies it and w saves it whole.
const snippetShown = 16 << 10

// snippetKeys are the Snippet tab's keys, rebindable by their action names in the config file.
type snippetKeys struct{ Copy, Save, Lang, Mode key.Binding }

func newSnippetKeys(l keymap.Keys) snippetKeys {
	return snippetKeys{
		Copy: l.Bind("y", "key.copy", "y"),
		Save: l.Bind("w", "key.save_snippet", "w"),
		Lang: l.Bind("l", "key.snippet_lang", "l"),
		Mode: l.Bind("m", "key.secrets_mode", "m"),
	}
}

func (k snippetKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Copy, k.Save, k.Lang, k.Mode} }
func (k snippetKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newSnippetView(c *common.Context, gateway, fileName string) snippetView {
	return snippetView{ctx: c, keys: newSnippetKeys(c.Keys), gateway: gateway, fileName: fileName, langs: snippet.Langs}
}

// forComponent leaves out the SDK: components are not a gateway's and publish none.
func (v *snippetView) forComponent() {
	v.langs = slices.DeleteFunc(slices.Clone(snippet.Langs), func(l snippet.Lang) bool { return l == snippet.SDK })
	v.lang = min(v.lang, len(v.langs)-1)
}

// generate writes the snippet of a prepared request, or keeps why there is none.
func (v *snippetView) generate(prep client.Prepared, sdk snippet.SDKCall, err error) {
	v.drawn, v.drawnWidth = "", 0
	if err != nil {
		v.text, v.err = "", err
		return
	}
	v.text, v.err = snippet.Generate(v.langs[v.lang], prep, components.SnippetModes[v.mode], sdk)
}

// code is the snippet as the tab draws it at width: wrapped, and its start only when it is
// long, with what the keys do with the whole.
func (v *snippetView) code(width int) string {
	if v.drawnWidth == width && v.drawn != "" {
		return v.drawn
	}
	c, t := v.ctx, v.ctx.Theme
	text, cut := v.text, len(v.text) > snippetShown
	if cut {
		text = strings.ToValidUTF8(text[:snippetShown], "")
	}
	v.drawn, v.drawnWidth = wrapCode(text, width, t.Subtle.Render("↪ ")), width
	if cut {
		v.drawn += "\n" + t.Warn.Render(common.Wrap(c.T("snippet.cut", i18n.Size(len(v.text)), v.keys.Save.Help().Key, v.keys.Copy.Help().Key), width))
	}
	return v.drawn
}

// update takes a key of the tab: regen says the snippet must be generated again (another
// language or secrets mode); handled is false for a key that is not the tab's.
func (v *snippetView) update(msg tea.KeyMsg, id int64) (cmd tea.Cmd, regen, handled bool) {
	c := v.ctx
	switch {
	case key.Matches(msg, v.keys.Lang):
		v.lang = (v.lang + 1) % len(v.langs)
		return nil, true, true
	case key.Matches(msg, v.keys.Mode):
		v.mode = (v.mode + 1) % len(components.SnippetModes)
		return nil, true, true
	case key.Matches(msg, v.keys.Copy):
		if v.err != nil {
			return nil, false, true
		}
		what := c.T("console.snippet_what", v.langs[v.lang], c.T("mode."+string(components.SnippetModes[v.mode])))
		return components.CopyCmd(c, v.text, what, c.T("console.copy_save_instead", v.keys.Save.Help().Key)), false, true
	case key.Matches(msg, v.keys.Save):
		if v.err != nil || v.text == "" {
			return nil, false, true
		}
		l := v.langs[v.lang]
		name := safeFileName(v.fileName+"-"+string(l)) + snippetExt(l)
		return saveCmd(id, c.SaveDir("snippets"), name, []byte(v.text), "snippet"), false, true
	}
	return nil, false, false
}

func (s *ConsoleScreen) regenSnippet() {
	r, err := s.sendable()
	if err != nil {
		s.snip.generate(client.Prepared{}, snippet.SDKCall{}, err)
		return
	}
	prep, err := backendOf(s.Ctx).Prepare(r)
	sdk := snippet.SDKCall{Endpoint: client.GatewayBaseURL(s.Ctx.Profile.APIURLTmpl, s.gw), Gateway: s.gw, Resource: s.res.Name, Stage: s.stage,
		Path: r.Path, PathParams: r.PathParams}
	if gws, ok := s.Ctx.Cache.Gateways.Get(); ok {
		for _, g := range gws {
			if g.Name == s.gw {
				for _, k := range g.SDKs {
					if k.Language == "python" {
						sdk.SDKName = k.Name
					}
				}
			}
		}
	}
	s.snip.generate(prep, sdk, err)
}

// saveCmd writes data to dir/name (mode 0600) in a command, and says where or why not.
func saveCmd(id int64, dir, name string, data []byte, what string) tea.Cmd {
	return common.For(id, func() tea.Msg {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return savedMsg{what: what, err: err}
		}
		path := filepath.Join(dir, name)
		return savedMsg{what: what, path: path, err: os.WriteFile(path, data, 0o600)}
	})
}

// safeFileName keeps a name that came from a server (a request id) to letters, digits, - _ .
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	for strings.Contains(out, "..") {
		out = strings.ReplaceAll(out, "..", ".")
	}
	out = strings.Trim(out, ".")
	if len(out) > 64 {
		out = out[:64]
	}
	return out
}

// view is the tab at a width: the languages, the secrets mode, then the code wrapped to fit.
func (v *snippetView) view(width int) string {
	c, t := v.ctx, v.ctx.Theme
	var b strings.Builder
	var langs []string
	for i, l := range v.langs {
		if i == v.lang {
			langs = append(langs, t.TabActive.Render(string(l)))
		} else {
			langs = append(langs, t.Subtle.Render(string(l)))
		}
	}
	mode := components.SnippetModes[v.mode]
	b.WriteString(strings.Join(langs, " ") + "   " + c.Label("console.secrets") + t.Bold.Render(c.T("mode."+string(mode))) + "\n")
	if mode == snippet.Inline {
		b.WriteString(t.Insecure.Render(" "+c.T("snippet.inline_warning")+" ") + "\n")
	}
	b.WriteString("\n")
	switch {
	case errors.Is(v.err, snippet.ErrNoSDK):
		b.WriteString(t.Warn.Render(common.Wrap(c.T("snippet.no_sdk", v.gateway), width)))
	case errors.Is(v.err, snippet.ErrSDKBearer):
		b.WriteString(t.Warn.Render(common.Wrap(c.T("snippet.sdk_bearer"), width)))
	case errors.Is(v.err, snippet.ErrSDKNeedsAPI):
		b.WriteString(t.Warn.Render(common.Wrap(c.T("snippet.sdk_needs_api"), width)))
	case errors.Is(v.err, snippet.ErrSDKSubPath):
		b.WriteString(t.Warn.Render(common.Wrap(c.T("snippet.sdk_subpath"), width)))
	case v.err != nil:
		b.WriteString(common.ErrorView(c, v.err))
	default:
		b.WriteString(v.code(width))
	}
	return b.String()
}

// wrapCode breaks lines wider than the screen at the width, marking each continuation, so no
// part of a snippet is out of sight (the copied text keeps its own lines).
func wrapCode(text string, width int, mark string) string {
	if width < 8 {
		return text
	}
	markW := ansi.StringWidth(mark)
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		first := true
		for ansi.StringWidth(line) > width || !first && ansi.StringWidth(line) > width-markW {
			room := width
			if !first {
				room = width - markW
			}
			head := ansi.Cut(line, 0, room)
			if !first {
				b.WriteString(mark)
			}
			b.WriteString(head + "\n")
			line = ansi.Cut(line, room, ansi.StringWidth(line))
			first = false
		}
		if !first {
			b.WriteString(mark)
		}
		b.WriteString(line)
	}
	return b.String()
}

// snippetExt is the file ending of a snippet's language.
func snippetExt(l snippet.Lang) string {
	switch l {
	case snippet.Python, snippet.SDK:
		return ".py"
	case snippet.Go:
		return ".go"
	case snippet.JS:
		return ".js"
	}
	return ".sh"
}
