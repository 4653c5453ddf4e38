package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/pages/browse"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func (f *fakeProfiles) Save(d common.ProfileDraft) error {
	f.saved = append(f.saved, d)
	f.logins = append(f.logins, d.Name+"/"+d.AppCode)
	return f.err
}

type memDisk struct {
	at    time.Time
	gws   []client.Gateway
	saved int
}

func (d *memDisk) Load(key string, v any) (time.Time, bool) {
	gws, ok := v.(*[]client.Gateway)
	if d.gws == nil || !ok {
		return time.Time{}, false
	}
	*gws = d.gws
	return d.at, true
}
func (d *memDisk) Save(key string, v any) error {
	if _, ok := v.([]client.Gateway); ok {
		d.saved++
	}
	return nil
}

func TestSecondStartShowsTheDiskCopy(t *testing.T) {
	t.Parallel()
	f := newFake()
	// A fresh copy: shown at once, no request.
	d := &memDisk{at: time.Now(), gws: []client.Gateway{{Name: "from-disk", Description: "cached"}}}
	c := common.NewContext(f, common.ProfileInfo{Name: "p"}, i18n.English)
	c.Disk = d
	h := &harness{t: t, m: New(c), f: f}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.run(h.m.Init())
	mustContain(t, h.view(), "from-disk", "○ not connected yet")
	if f.Calls("gateways") != 0 {
		t.Fatal("a fresh disk copy is not asked for again")
	}
	// Nothing was asked: the header does not say it is connecting (it stayed so until another
	// page loaded).
	if strings.Contains(h.view(), "connecting") {
		t.Fatalf("the header says connecting with nothing in flight:\n%s", h.view())
	}
	// Who is logged in is asked at start: its answer is the connection's news, whichever of
	// the two answers first.
	fu := newFake()
	fu.user = client.UserInfo{Username: "zhangsan"}
	cu := common.NewContext(fu, common.ProfileInfo{Name: "p"}, i18n.English)
	cu.Disk = &memDisk{at: time.Now(), gws: []client.Gateway{{Name: "from-disk"}}}
	hu := &harness{t: t, m: New(cu), f: fu}
	hu.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	hu.run(hu.m.Init())
	mustContain(t, hu.view(), "from-disk", "as zhangsan", "● via the Developer Center")
	// An old copy: shown, then refreshed in the background and saved.
	d2 := &memDisk{at: time.Now().Add(-time.Hour), gws: []client.Gateway{{Name: "from-disk"}}}
	c2 := common.NewContext(f, common.ProfileInfo{Name: "p"}, i18n.English)
	c2.Disk = d2
	m2 := New(c2)
	m2.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	var msg tea.Msg
	for _, c := range m2.Init()().(tea.BatchMsg) { // the disk loads alone, not what they start
		if c == nil {
			continue
		}
		if r, ok := c().(common.Reply); ok {
			if _, ok := r.Msg.(browse.GatewaysLoadedMsg); ok {
				msg = r
			}
		}
	}
	m2.Update(msg)
	if !strings.Contains(m2.View(), "from-disk") {
		t.Fatalf("the disk copy shows before the network answers:\n%s", m2.View())
	}
	h2 := &harness{t: t, m: m2, f: f}
	_, cmd := m2.Update(msg)
	h2.run(cmd)
	mustContain(t, h2.view(), "demo-echo")
	if d2.saved == 0 || f.Calls("gateways") == 0 {
		t.Fatalf("refreshed and saved: %d %d", d2.saved, f.Calls("gateways"))
	}
}

// firstRun is the console started with no profile at w×ht: the welcome page.
func firstRun(t *testing.T, lang i18n.Lang, w, ht int) (*harness, *fakeProfiles) {
	f := newFake()
	f.err = &client.ErrUnavailable{Feature: client.FeatureGateways, Needs: []string{client.NeedAPIURLTmpl, client.NeedAppCode}}
	c := common.NewContext(f, common.ProfileInfo{}, lang)
	fp := &fakeProfiles{}
	c.Profiles = fp
	h := &harness{t: t, m: New(c), f: f}
	h.send(tea.WindowSizeMsg{Width: w, Height: ht})
	h.run(h.m.Init())
	return h, fp
}

// First start with no profile: the welcome screen offers the sandbox and the login form.
func TestFirstRunWelcome(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		h, fp := firstRun(t, lang, 80, 24)
		v := h.view()
		if lang == i18n.English {
			mustContain(t, v, "Welcome to bkconsole", "Try the sandbox", "Connect to my BlueKing", "bkconsole --sandbox", "login --help", "no profile yet")
		} else {
			mustContain(t, v, "欢迎使用 bkconsole", "试用沙箱", "连接我的蓝鲸", "尚无配置")
		}
		if strings.Contains(v, "connecting") || strings.Contains(v, "连接中") {
			t.Fatalf("the welcome screen says it is connecting, with nothing to connect to:\n%s", v)
		}
		if strings.Contains(v, "profile environment") || strings.Contains(v, "配置 环境变量") {
			t.Fatalf("the header names an environment profile nobody set:\n%s", v)
		}
		for _, line := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(line); w > 80 {
				t.Fatalf("line of %d cells at 80 columns: %q", w, line)
			}
		}
		h.keys("down", "enter") // connect: the full form
		mustContain(t, h.view(), "BK_API_URL_TMPL")
		h.keys("esc", "esc")
		h.keys("s") // the sandbox: its gateways, at once
		if fp.sandboxes != 1 {
			t.Fatalf("sandbox started %d times", fp.sandboxes)
		}
		v = h.view()
		if strings.Contains(v, "Welcome") || strings.Contains(v, "欢迎使用") || !strings.Contains(v, "bk-user") {
			t.Fatalf("the sandbox's gateways show:\n%s", v)
		}
	}
}

// At the smallest size the welcome keeps both choices in sight, the introduction giving way:
// "Connect to my BlueKing" was below the screen at 60×15.
func TestWelcomeKeepsBothChoicesAt60x15(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		h, _ := firstRun(t, lang, 60, 15)
		c := h.m.ctx
		mustContain(t, h.view(), c.T("welcome.sandbox"), c.T("welcome.connect"))
		h.send(tea.WindowSizeMsg{Width: 100, Height: 40})
		mustContain(t, h.view(), c.T("welcome.connect"), strings.Fields(c.T("welcome.intro"))[0]) // room again: the introduction is back
	}
}

// The login form closed unsaved keeps what was typed but its secrets, as an application's
// reason is kept: esc had dropped the addresses and the app code, and the next n started from
// the examples.
func TestLoginFormKeepsItsFieldsWhenClosed(t *testing.T) {
	t.Parallel()
	h, _ := firstRun(t, i18n.English, 100, 30)
	h.keys("c", "esc", "n") // the form for the profile selected
	mustContain(t, h.view(), "Log in", "my-app")
	h.keys("tab", "tab")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	typeText(h, "typed-app")
	h.keys("tab")
	typeText(h, "s3cret-typed")
	h.keys("esc")
	if strings.Contains(h.view(), "Log in") {
		t.Fatalf("esc did not close the form:\n%s", h.view())
	}
	h.keys("n")
	v := h.view()
	mustContain(t, v, "Log in", "typed-app")
	if strings.Contains(v, "•••") {
		t.Fatalf("the secret typed was kept:\n%s", v)
	}
}
