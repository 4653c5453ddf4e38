package browse

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/components"

	"github.com/bkconsole/bkconsole/client"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// sdkPane is the SDKs tab: each stage's SDK with its install command, and the usage example
// of the selected API rendered.
type sdkPane struct {
	ctx      *common.Context
	owner    int64
	lang     int
	gateway  string
	stage    string
	resource string
	sdks     []client.StageSDK
	usage    string
	usageKey string // the API, language and stage usage is (or is being read) for
	usageErr error  // why the usage example could not be read
	renderK  string
	loading  bool
	err      error
	vp       viewport.Model
	spinner  spinner.Model
	width    int
	height   int
	langKey  key.Binding
	reload   bool // the language changed: the screen asks Load again
	parent   context.Context
}

type sdksLoadedMsg struct {
	key  string
	sdks []client.StageSDK
	err  error
}

type sdkUsageMsg struct {
	key   string
	usage string
	err   error
}

func newSDKPane(c *common.Context, owner int64, parent context.Context) *sdkPane {
	p := &sdkPane{ctx: c, owner: owner, vp: viewport.New(0, 0), parent: parent}
	p.Relayout()
	return p
}

func (p *sdkPane) Relayout() {
	p.langKey = p.ctx.Keys.Bind("l", "key.sdk_language", "l")
	p.refresh()
}

func (p *sdkPane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.vp.Width, p.vp.Height = w, max(1, h)
	p.refresh()
}

func (p *sdkPane) ShortHelp() []key.Binding {
	return []key.Binding{p.langKey, p.ctx.Nav.Down, p.ctx.Nav.Up}
}

func (p *sdkPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

var _ common.Component = (*sdkPane)(nil)

func (p *sdkPane) key() string {
	return fmt.Sprintf("sdks/%s/%s", p.gateway, client.SDKLanguages[p.lang])
}

// Load fetches the SDK list (cached per gateway and language) and the usage example.
func (p *sdkPane) Load(gateway, stage, resource string, force bool) tea.Cmd {
	p.gateway, p.stage, p.resource = gateway, stage, resource
	b, lang, owner, parent := backendOf(p.ctx), client.SDKLanguages[p.lang], p.owner, p.parent
	var cmds []tea.Cmd
	k := p.key()
	if v, ok := p.ctx.Cache.SDKs.Get(k); ok && !force {
		p.sdks, p.err = v, nil
	} else {
		p.loading = true
		cmds = append(cmds, p.ctx.Clock.Spin(p.spinner), common.For(owner, func() tea.Msg {
			ctx, cancel := context.WithTimeout(parent, common.LoadTimeout)
			defer cancel()
			s, _, err := b.SDKs(ctx, gateway, lang)
			return sdksLoadedMsg{k, s, err}
		}))
	}
	uk := ""
	if resource != "" {
		uk = fmt.Sprintf("usage/%s/%s/%s/%s", gateway, lang, stage, resource)
	}
	if uk != p.usageKey { // another API's example must not stand under this one's name
		p.usage, p.usageErr, p.usageKey = "", nil, uk
	}
	if resource != "" {
		if v, ok := p.ctx.Cache.Usage.Get(uk); ok && !force {
			p.usage = v
			cmds = append(cmds, p.render())
		} else {
			cmds = append(cmds, common.For(owner, func() tea.Msg {
				ctx, cancel := context.WithTimeout(parent, common.LoadTimeout)
				defer cancel()
				c, _, err := b.SDKUsage(ctx, gateway, lang, stage, resource)
				return sdkUsageMsg{uk, c.Content, err}
			}))
		}
	}
	p.refresh()
	return tea.Batch(cmds...)
}

func (p *sdkPane) render() tea.Cmd {
	if p.usage == "" {
		return nil
	}
	k := components.RenderKey(p.usage, p.width)
	p.renderK = k
	if _, ok := p.ctx.Cache.Rendered.Get(k); ok {
		p.refresh()
		return nil
	}
	return components.RenderMarkdown(p.usage, p.width, p.ctx.Theme)
}

// Update takes this pane's load results.
func (p *sdkPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case sdksLoadedMsg:
		if msg.key != p.key() {
			return nil
		}
		p.loading, p.err = false, msg.err
		if msg.err == nil {
			p.sdks = msg.sdks
			p.ctx.Cache.SDKs.Put(msg.key, msg.sdks)
		}
	case sdkUsageMsg:
		if msg.key != p.usageKey {
			return nil // for an API, language or stage left since
		}
		p.usageErr = msg.err
		if msg.err == nil {
			p.usage = msg.usage
			p.ctx.Cache.Usage.Put(msg.key, msg.usage)
			return p.render()
		}
	case components.RenderedMsg:
		p.ctx.Cache.Rendered.Put(msg.Key, msg.Out)
	}
	p.refresh()
	return nil
}

func (p *sdkPane) HandleKey(msg tea.KeyMsg) bool {
	if key.Matches(msg, p.langKey) {
		p.lang = (p.lang + 1) % len(client.SDKLanguages)
		p.sdks, p.usage = nil, ""
		p.reload = true
		return true
	}
	return p.ctx.Nav.Scroll(msg, components.Pane{VP: &p.vp})
}

func (p *sdkPane) Mouse(msg tea.MouseMsg) { components.Pane{VP: &p.vp}.Wheel(msg) }

func (p *sdkPane) refresh() {
	p.vp.SetContent(p.content())
}

func (p *sdkPane) content() string {
	c, t := p.ctx, p.ctx.Theme
	var b strings.Builder
	var langs []string
	for i, l := range client.SDKLanguages {
		if i == p.lang {
			langs = append(langs, t.TabActive.Render(l))
		} else {
			langs = append(langs, t.Subtle.Render(l))
		}
	}
	b.WriteString(c.Label("tui.sdk_language") + strings.Join(langs, " ") + "\n\n")
	var un *client.ErrUnavailable
	switch {
	case errors.As(p.err, &un):
		// Wrapped: the viewport cuts a line at its width (the fix was cut mid-word at 80).
		b.WriteString(t.Warn.Render(common.Wrap(c.T("tui.sdk_needs_login", c.Global.Profile.Help().Key), max(1, p.width))) + "\n")
		b.WriteString(t.Subtle.Render(common.Wrap(c.T("tui.sdk_stage_hint", c.Keys.Shared().Stage.Help().Key), max(1, p.width))))
		return b.String()
	case p.err != nil:
		return b.String() + common.RetryView(c, p.err)
	case p.loading:
		return b.String() + p.spinner.View() + " " + c.T("tui.loading", "SDK")
	}
	for _, s := range p.sdks {
		b.WriteString(t.Bold.Render(s.Stage.Name) + "  ")
		if s.SDK == nil {
			b.WriteString(t.Subtle.Render(c.T("cli.no_sdk")) + "\n")
			continue
		}
		b.WriteString(fmt.Sprintf("%s %s\n    %s%s\n", s.SDK.Name, t.Subtle.Render(s.SDK.Version), t.Subtle.Render(c.Label("col.install")), t.OK.Render(s.SDK.InstallCommand)))
	}
	if p.usageErr != nil {
		b.WriteString("\n" + t.Warn.Render(common.Wrap(c.T("tui.sdk_usage_unread", p.resource, common.ErrorLine(c, p.usageErr)), max(1, p.width))) + "\n")
	}
	if p.usage != "" {
		b.WriteString("\n" + t.Title.Render(c.T("tui.sdk_usage", p.resource)) + "\n")
		if out, ok := p.ctx.Cache.Rendered.Get(p.renderK); ok {
			b.WriteString(out)
		} else {
			b.WriteString(p.usage)
		}
	}
	return b.String()
}

func (p *sdkPane) View() string { return p.vp.View() }
