package permissions

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// fakeBackend is what My permissions asks: the app's permissions on every gateway, then its
// components' (or why those could not be read).
type fakeBackend struct {
	common.Backend
	perms    []client.ResourcePermission
	comps    []client.Component
	compsErr error
	calls    int
}

func (b *fakeBackend) HeldPermissions(context.Context) ([]client.HeldPermission, client.Surface, error) {
	b.calls++
	var out []client.HeldPermission
	for _, p := range b.perms {
		out = append(out, client.HeldPermission{Kind: client.KindAPI, ResourcePermission: p})
	}
	if b.compsErr != nil {
		return out, client.SurfaceDevCenter, &client.ComponentsUnreadError{Err: b.compsErr}
	}
	for _, c := range b.comps {
		out = append(out, client.HeldPermission{Kind: client.KindComponent, ResourcePermission: client.ResourcePermission{ID: c.ID, Name: c.Name, Grant: c.Grant}, SystemName: c.SystemName, SystemID: c.SystemID})
	}
	return out, client.SurfaceDevCenter, nil
}

// The permissions are listed and kept for the session; space marks one in place and N opens
// the renewal form with what is marked; a renewal elsewhere (the cache dropped) reads them
// again when the page shows again.
func TestMyPermissionsMarkAndRenew(t *testing.T) {
	t.Parallel()
	days := client.Seconds(86400 * 3)
	b := &fakeBackend{perms: []client.ResourcePermission{
		{ID: 1, Name: "get_user", GatewayName: "bk-user", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}},
		{ID: 2, Name: "echo", GatewayName: "demo-echo", Grant: client.Grant{PermissionStatus: "expired"}},
	}}
	c := pagetest.Context(b, i18n.English)
	s := NewMyPermsScreen(c)
	pagetest.Start(t, s, 120, 20)
	for _, want := range []string{"get_user", "bk-user", "echo", "demo-echo"} {
		if !strings.Contains(s.View(), want) {
			t.Errorf("%q not listed:\n%s", want, s.View())
		}
	}
	if _, ok := c.Cache.MyPerms.Get(); !ok {
		t.Error("the permissions are not kept for the session")
	}
	_, cmd := s.Update(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	pagetest.Run(t, s, cmd)
	_, cmd = s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("N")})
	var renew *common.RenewPage
	for _, m := range pagetest.Run(t, s, cmd) {
		if o, ok := m.(common.OpenPageMsg); ok {
			if r, ok := o.To.(common.RenewPage); ok {
				renew = &r
			}
		}
	}
	if renew == nil || len(renew.Perms) != 1 {
		t.Fatalf("N did not open the renewal of the one marked: %+v", renew)
	}
	c.Cache.DropPerms("bk-user")
	_, cmd = s.Update(common.ShownAgainMsg{})
	pagetest.Run(t, s, cmd)
	if b.calls != 2 {
		t.Errorf("after a renewal the permissions were read %d times, want 2", b.calls)
	}
}

// renewer counts the renewals sent.
type renewer struct {
	common.Backend
	sent [][]int
}

func (r *renewer) Renew(_ context.Context, ids []int, days int) (client.Surface, error) {
	r.sent = append(r.sent, ids)
	return client.SurfaceInner, nil
}

// The renewal form is one state at a time: ctrl+s asks, anything but y goes back and sends
// nothing, y sends once; while it is sent keys do nothing.
func TestRenewalAsksThenSendsOnce(t *testing.T) {
	t.Parallel()
	days := client.Seconds(86400)
	b := &renewer{}
	c := pagetest.Context(b, i18n.English)
	s := NewRenewScreen(c, common.RenewPage{Perms: []client.ResourcePermission{{ID: 9, Name: "echo", GatewayName: "demo-echo", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}}}})
	pagetest.Start(t, s, 100, 20)
	press := func(k tea.KeyMsg) {
		_, cmd := s.Update(k)
		pagetest.Run(t, s, cmd)
	}
	ctrlS, no, yes := tea.KeyMsg{Type: tea.KeyCtrlS}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}
	press(ctrlS)
	if !s.Capturing() {
		t.Fatal("ctrl+s does not ask to confirm")
	}
	press(no)
	if len(b.sent) != 0 || s.Capturing() {
		t.Fatalf("n sent %v or kept asking", b.sent)
	}
	press(ctrlS)
	_, cmd := s.Update(yes)
	press(yes) // a second y while the first is being sent
	pagetest.Run(t, s, cmd)
	if len(b.sent) != 1 || len(b.sent[0]) != 1 || b.sent[0][0] != 9 {
		t.Fatalf("sent %v, want one renewal of 9", b.sent)
	}
}

// With nothing marked, N (or enter) renews the permission under the cursor if it can be
// renewed, as every kind's list chooses (common.Chosen).
func TestMyPermissionsRenewTheCursorRow(t *testing.T) {
	t.Parallel()
	days := client.Seconds(86400 * 3)
	b := &fakeBackend{perms: []client.ResourcePermission{
		{ID: 1, Name: "get_user", GatewayName: "bk-user", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}},
		{ID: 2, Name: "list_all", GatewayName: "bk-user", Grant: client.Grant{PermissionStatus: "owned"}}, // never expires
	}}
	c := pagetest.Context(b, i18n.English)
	s := NewMyPermsScreen(c)
	pagetest.Start(t, s, 120, 20)
	renewOf := func(k string) *common.RenewPage {
		if r, ok := pagetest.Press(t, s, k).(common.RenewPage); ok {
			return &r
		}
		return nil
	}
	if r := renewOf("enter"); r == nil || len(r.Perms) != 1 || r.Perms[0].Name != "get_user" {
		t.Fatalf("enter on get_user: %+v", r)
	}
	pagetest.Press(t, s, "down")
	if r := renewOf("N"); r != nil {
		t.Fatalf("a permission that never expires was renewed: %+v", r)
	}
	// And the notice says why ("select owned or expired permissions" of one owned had
	// contradicted what the row showed).
	_, cmd := s.Update(pagetest.Key("N"))
	if said := pagetest.Run(t, s, cmd); len(said) != 1 || !strings.Contains(fmt.Sprint(said[0]), "one that never expires has nothing to renew") {
		t.Fatalf("N on a permission that never expires said %v", said)
	}
}

// At 60 columns each permission's name and when it ends stay whole: the page is for renewing,
// and the gateway's name gives way first; no column is a stub. The renewal rule, its formula
// included, takes the room the list leaves (eight rows, or fewer when it has fewer), cut with
// "…" where it does not fit.
func TestMyPermissionsNarrowKeepNameAndExpiry(t *testing.T) {
	t.Parallel()
	days := client.Seconds(86400 * 3)
	b := &fakeBackend{perms: []client.ResourcePermission{
		{ID: 1, Name: "get_job_instance_status", GatewayName: "bk-legacy-job", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}},
	}}
	s := NewMyPermsScreen(pagetest.Context(b, i18n.English))
	pagetest.Start(t, s, 60, 15)
	for _, want := range []string{"get_job_instance_status ", "in 3 days"} {
		if !strings.Contains(s.View(), want) {
			t.Errorf("%q is cut at 60 columns:\n%s", want, s.View())
		}
	}
	if st := pagetest.Stubs(s.View()); len(st) > 0 {
		t.Errorf("stubs %q at 60 columns:\n%s", st, s.View())
	}
	// Where the gateway's column is narrower than its title (72 columns), the short title, not
	// "GATEWAY / SYS…"; at 80 the whole one.
	long := client.Seconds(86400 * 400)
	for w, title := range map[int]string{72: "GATEWAY/SYSTEM ", 80: "GATEWAY / SYSTEM "} {
		wide := NewMyPermsScreen(pagetest.Context(&fakeBackend{perms: []client.ResourcePermission{{ID: 1, Name: "get_job_instance_status",
			GatewayName: "bk-legacy-job", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &long}}}}, i18n.English))
		pagetest.Start(t, wide, w, 15)
		if v := ansi.Strip(wide.View()); !strings.Contains(v, title) || strings.Contains(v, "SYS…") {
			t.Errorf("the gateway column's title at %d columns:\n%s", w, v)
		}
	}
	for _, size := range [][2]int{{60, 11}, {60, 20}, {100, 30}} { // 60×11: the page of a 60×15 terminal
		s.SetSize(size[0], size[1])
		v := s.View()
		if !strings.Contains(strings.Join(strings.Fields(ansi.Strip(v)), " "), "New expiry = max(current expiry, now) + validity.") {
			t.Errorf("%v: the renewal rule is cut:\n%s", size, v)
		}
		if n := strings.Count(v, "\n") + 1; n > size[1] {
			t.Errorf("%v: %d lines on a page of %d", size, n, size[1])
		}
		if !strings.Contains(v, "get_job_instance_status") {
			t.Errorf("%v: the list lost its row:\n%s", size, v)
		}
	}
	// Many permissions: the list keeps eight rows of the page, the rule the rest, cut with "…".
	for i := 2; i <= 9; i++ {
		b.perms = append(b.perms, client.ResourcePermission{ID: i, Name: fmt.Sprintf("api_%d", i), GatewayName: "bk-legacy-job", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}})
	}
	s = NewMyPermsScreen(pagetest.Context(b, i18n.English))
	pagetest.Start(t, s, 60, 11)
	v := s.View()
	if lines := strings.Split(v, "\n"); len(lines) > 11 || !strings.Contains(lines[1], "…") || !strings.Contains(v, "api_6") {
		t.Errorf("at 60×11 with nine permissions, the rule in two lines and six rows:\n%s", v)
	}
}

// Components' permissions are listed beside the gateway APIs' with their kind and system; N
// renews a component as a component (its system named, any system's), and a batch of both kinds
// is refused with the reason, nothing opened. When only the components' cannot be read, the
// gateway APIs' are listed and the status line says why.
func TestMyPermissionsListComponentsBesideAPIs(t *testing.T) {
	t.Parallel()
	days := client.Seconds(86400 * 3)
	b := &fakeBackend{perms: []client.ResourcePermission{
		{ID: 1, Name: "get_user", GatewayName: "bk-user", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}},
	}, comps: []client.Component{{ID: 7, Name: "search_host", SystemName: "CC", SystemID: 2, Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}}}}
	c := pagetest.Context(b, i18n.Chinese)
	s := NewMyPermsScreen(c)
	pagetest.Start(t, s, 120, 20)
	for _, want := range []string{"接口", "bk-user", "组件", "CC", "search_host", "网关 / 系统"} {
		if !strings.Contains(s.View(), want) {
			t.Errorf("%q not listed:\n%s", want, s.View())
		}
	}
	pagetest.Press(t, s, "down")
	r, ok := pagetest.Press(t, s, "N").(common.RenewPage)
	if !ok || r.Kind != client.KindComponent || r.SystemID != 0 || len(r.Perms) != 1 || r.Perms[0].ID != 7 || r.Perms[0].GatewayName != "CC" {
		t.Fatalf("N on a component: %+v", r)
	}
	pagetest.Press(t, s, " ")
	pagetest.Press(t, s, "up")
	pagetest.Press(t, s, " ")
	_, cmd := s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("N")})
	for _, m := range pagetest.Run(t, s, cmd) {
		if _, ok := m.(common.OpenPageMsg); ok {
			t.Fatal("a batch of an API and a component opened a renewal")
		}
		if n, ok := m.(common.StatusMsg); ok && !strings.Contains(n.Text, "同一类") {
			t.Errorf("the refusal: %q", n.Text)
		}
	}

	b = &fakeBackend{perms: b.perms, compsErr: fmt.Errorf("dial tcp: connection refused")}
	c = pagetest.Context(b, i18n.English)
	s = NewMyPermsScreen(c)
	told := false
	for _, m := range pagetest.Start(t, s, 120, 20) {
		if n, ok := m.(common.StatusMsg); ok && strings.Contains(n.Text, "component permissions") {
			told = true
		}
	}
	if !told || !strings.Contains(s.View(), "get_user") {
		t.Errorf("components unread: told %v\n%s", told, s.View())
	}
	if _, kept := c.Cache.MyPerms.Get(); kept {
		t.Error("a list without the components was kept for the session")
	}
}

// A renewal of components of two systems (from My permissions) tells each system's list, not
// only the last one's: each reads its expiries afresh.
func TestRenewalTellsEverySystem(t *testing.T) {
	t.Parallel()
	s := NewRenewScreen(pagetest.Context(&renewer{}, i18n.English), common.RenewPage{Kind: client.KindComponent, Perms: []client.ResourcePermission{
		{ID: 1, Name: "search_host", GatewayName: "CC"}, {ID: 2, Name: "get_job_log", GatewayName: "JOB"}, {ID: 3, Name: "search_business", GatewayName: "CC"}}})
	told := map[string][]string{}
	for _, m := range pagetest.Run(t, s, s.told()) {
		if a, ok := m.(common.AppliedMsg); ok && a.Kind == client.KindComponent {
			told[a.Target] = append(told[a.Target], a.Items...)
		}
	}
	if fmt.Sprint(told) != "map[CC:[search_business search_host] JOB:[get_job_log]]" {
		t.Errorf("told %v", told)
	}
}

// The renewal's list reads as a table: every expiry and new date starts in one column, however
// long each name is; where that would not fit, an entry keeps its own line.
func TestRenewalExpiriesLineUp(t *testing.T) {
	t.Parallel()
	days := client.Seconds(86400 * 400)
	s := NewRenewScreen(pagetest.Context(&renewer{}, i18n.English), common.RenewPage{Perms: []client.ResourcePermission{
		{ID: 1, Name: "execute_job", GatewayName: "bk-legacy-job", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}},
		{ID: 2, Name: "fast_execute_script", GatewayName: "bk-legacy-job", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &days}}}})
	pagetest.Start(t, s, 100, 20)
	var at []int
	for _, l := range strings.Split(ansi.Strip(s.View()), "\n") {
		if i := strings.Index(l, "expires in"); i >= 0 && strings.Contains(l, "→") {
			at = append(at, ansi.StringWidth(l[:i]))
		}
	}
	if len(at) != 2 || at[0] != at[1] {
		t.Fatalf("expiries start at %v:\n%s", at, ansi.Strip(s.View()))
	}
}

// lostRenewer renews with its answer lost, then reads gateway a's list_users moved on (from a
// day to 400) and gateway b's where it was (500 days).
type lostRenewer struct{ common.Backend }

func (lostRenewer) Renew(context.Context, []int, int) (client.Surface, error) {
	return client.SurfaceInner, &client.OutcomeUnknownError{Surface: client.SurfaceInner, Err: context.DeadlineExceeded}
}

func (lostRenewer) AfterUnknownRenewal(context.Context, client.Kind, int, []int) ([]client.Renewed, client.Surface, error) {
	later, same := client.Seconds(400*86400), client.Seconds(500*86400)
	return []client.Renewed{{ID: 1, Name: "list_users", Owner: "gw-a", Expiry: client.ExpiryOf("owned", &later)},
		{ID: 2, Name: "list_users", Owner: "gw-b", Expiry: client.ExpiryOf("owned", &same)}}, client.SurfaceInner, nil
}

// A renewal from My permissions may hold two permissions of one name (two gateways'
// list_users): after a lost answer their expiries were matched by name, so one read for the
// other and "2 of 2 renewed" could be said of one. By id, each under its gateway.
func TestLostRenewalTellsSameNamesApart(t *testing.T) {
	t.Parallel()
	day, long := client.Seconds(86400), client.Seconds(500*86400)
	s := NewRenewScreen(pagetest.Context(lostRenewer{}, i18n.English), common.RenewPage{Perms: []client.ResourcePermission{
		{ID: 1, Name: "list_users", GatewayName: "gw-a", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &day}},
		{ID: 2, Name: "list_users", GatewayName: "gw-b", Grant: client.Grant{PermissionStatus: "owned", ExpiresIn: &long}}}})
	pagetest.Start(t, s, 120, 30)
	pagetest.Press(t, s, "ctrl+s")
	root := pagetest.Run(t, s, func() tea.Msg { return nil })
	_, cmd := s.Update(pagetest.Key("y"))
	root = append(root, pagetest.Run(t, s, cmd)...)
	v := ansi.Strip(s.View())
	for _, want := range []string{"gw-a/list_users: expires in 400 days (renewed)", "gw-b/list_users: expires in 500 days (not renewed: the expiry is where it was)"} {
		if !strings.Contains(v, want) {
			t.Fatalf("no %q:\n%s", want, v)
		}
	}
	if said := fmt.Sprint(root); !strings.Contains(said, "1 of 2 permissions renewed") {
		t.Fatalf("said: %s", said)
	}
}
