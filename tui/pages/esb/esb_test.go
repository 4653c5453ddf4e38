package esb

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	"github.com/charmbracelet/lipgloss"
)

// fakeBackend is what the systems page asks: the systems.
type fakeBackend struct {
	common.Backend
	systems []client.ESBSystem
	err     error
}

func (b fakeBackend) Systems(context.Context) ([]client.ESBSystem, client.Surface, error) {
	return b.systems, client.SurfaceInner, b.err
}

// The systems are listed; on an installation without ESB the page says so and the session
// remembers it, so the palette and E stop offering components.
func TestSystemsListedOrAbsent(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(fakeBackend{systems: []client.ESBSystem{{ID: 1, Name: "JOB", Description: "job platform", Maintainers: []string{"admin", "job-admin"}}, {ID: 2, Name: "CMDB"}}}, i18n.English)
	s := NewSystemsScreen(c)
	pagetest.Start(t, s, 100, 20)
	for _, want := range []string{"JOB", "CMDB", "job platform", "admin, job-admin"} { // maintainers as a gateway's are
		if !strings.Contains(s.View(), want) {
			t.Errorf("%q not listed:\n%s", want, s.View())
		}
	}
	if c.Cache.NoESB {
		t.Error("an installation with systems is marked without ESB")
	}

	c = pagetest.Context(fakeBackend{err: fmt.Errorf("multi-tenant: %w", client.ErrNoESB)}, i18n.Chinese)
	s = NewSystemsScreen(c)
	pagetest.Start(t, s, 100, 20)
	if !c.Cache.NoESB {
		t.Error("an installation without ESB is not remembered")
	}
	if strings.TrimSpace(s.View()) == "" {
		t.Error("the page says nothing without ESB")
	}
}

// componentsBackend is what the components page asks: one system's components.
type componentsBackend struct {
	fakeBackend
	comps []client.Component
}

func (b componentsBackend) Components(context.Context, int) ([]client.Component, client.Surface, error) {
	return b.comps, client.SurfaceInner, nil
}

// A and N choose as every kind's list does (common.Chosen): the marked components that fit,
// else the one under the cursor if it fits, else a notice and nothing opened.
func TestComponentsChooseMarkedElseCursor(t *testing.T) {
	t.Parallel()
	week := client.Seconds(7 * 86400)
	comps := []client.Component{
		{ID: 1, Name: "a_owned", Grant: client.Grant{PermissionStatus: client.StatusOwned, ExpiresIn: &week}},
		{ID: 2, Name: "b_new", Grant: client.Grant{PermissionStatus: client.StatusNeedApply}},
		{ID: 3, Name: "c_free", Grant: client.Grant{PermissionStatus: client.StatusUnlimited}},
	}
	c := pagetest.Context(componentsBackend{comps: comps}, i18n.English)
	s := NewComponentsScreen(c, client.ESBSystem{ID: 1, Name: "CC"})
	pagetest.Start(t, s, 120, 30)
	press := func(k string) any { return pagetest.Press(t, s, k) }
	// Nothing marked, the cursor on a_owned: N renews it; A does not apply for it (an owned
	// permission is renewed, as the real page offers).
	if r, ok := press("N").(common.RenewPage); !ok || len(r.Perms) != 1 || r.Perms[0].Name != "a_owned" {
		t.Fatalf("N on the cursor row: %+v", r)
	}
	if to := press("A"); to != nil {
		t.Fatalf("A on an owned component opened %+v", to)
	}
	press("down")
	press("down")
	if to := press("N"); to != nil {
		t.Fatalf("N on an unlimited component opened %+v", to)
	}
	if to := press("A"); to != nil {
		t.Fatalf("A on an unlimited component opened %+v", to)
	}
	// And each says why, as every kind's list does ("select components that fit" had said
	// neither what fits nor, for N, that the renewal was the question).
	for k, want := range map[string]string{"A": "nothing to apply for: select components not yet applied for, rejected or expired", "N": "nothing chosen can be renewed"} {
		_, cmd := s.Update(pagetest.Key(k))
		if said := pagetest.Run(t, s, cmd); len(said) != 1 || !strings.Contains(fmt.Sprint(said[0]), want) {
			t.Errorf("%s on an unlimited component said %v", k, said)
		}
	}
	press("up")
	press(" ")
	press("up")
	// b_new marked, the cursor on a_owned: A takes the marked one only.
	if a, ok := press("A").(common.ApplyPage); !ok || len(a.Items) != 1 || a.Items[0].Name != "b_new" {
		t.Fatalf("A with b_new marked: %+v", a)
	}
}

// At 60 columns, the narrowest the console draws, a component's status, level and what can be
// done stay whole; the description is left out, not cut to a stub.
func TestComponentsNarrowKeepStatusAndAction(t *testing.T) {
	t.Parallel()
	comps := []client.Component{{ID: 1, Name: "update_host", Grant: client.Grant{PermissionStatus: client.StatusNeedApply,
		PermissionAction: client.ActionApply, PermissionLevel: "sensitive", Description: "更新主机属性", DescriptionEn: "Update host attributes"}},
		{ID: 2, Name: "batch_delete_host", Grant: client.Grant{PermissionStatus: client.StatusNeedApply, PermissionAction: client.ActionApply,
			PermissionLevel: "special", Description: "批量删除主机", DescriptionEn: "Delete hosts"}}}
	for lang, want := range map[i18n.Lang][]string{i18n.English: {"not applied", "sensitive", "apply"}, i18n.Chinese: {"未申请", "敏感", "申请"}} {
		s := NewComponentsScreen(pagetest.Context(componentsBackend{comps: comps}, lang), client.ESBSystem{ID: 1, Name: "CC"})
		pagetest.Start(t, s, 60, 15)
		for _, w := range want {
			if !strings.Contains(s.View(), w+" ") {
				t.Errorf("%s: %q is cut at 60 columns:\n%s", lang, w, s.View())
			}
		}
		if st := pagetest.Stubs(s.View()); len(st) > 0 {
			t.Errorf("%s: stubs %q at 60 columns:\n%s", lang, st, s.View())
		}
	}
}

// callingBackend answers a component call with a long body.
type callingBackend struct {
	componentsBackend
	body string
}

func (b callingBackend) CallComponent(context.Context, client.ComponentCall) (*client.CallResponse, client.Prepared, error) {
	return &client.CallResponse{Status: 200, Body: []byte(b.body)}, client.Prepared{}, nil
}

// A call's answer longer than the page is cut to the page, and says where it is read whole; the
// list keeps its header and rows above it, and has the whole page back once the form closes.
func TestComponentCallAnswerFitsThePage(t *testing.T) {
	t.Parallel()
	var comps []client.Component
	for i := range 8 {
		comps = append(comps, client.Component{ID: i + 1, Name: fmt.Sprintf("comp_%d", i), Grant: client.Grant{PermissionStatus: client.StatusOwned}})
	}
	long := `{"result": true, "data": [` + strings.Repeat(`{"bk_biz_id": 1, "bk_biz_name": "blueking"},`, 60) + `{}]}`
	s := NewComponentsScreen(pagetest.Context(callingBackend{componentsBackend{comps: comps}, long}, i18n.English), client.ESBSystem{ID: 1, Name: "CC"})
	pagetest.Start(t, s, 80, 20)
	if v := s.View(); !strings.Contains(v, "comp_7") {
		t.Fatalf("20 lines hold all eight components:\n%s", v)
	}
	pagetest.Press(t, s, "c")
	pagetest.Press(t, s, "ctrl+s")
	v := s.View()
	if h := lipgloss.Height(strings.TrimSuffix(v, "\n")); h > 20 {
		t.Errorf("the page is %d lines, more than its 20:\n%s", h, v)
	}
	for _, want := range []string{"comp_0", "bk_biz_name", "… more: esc, then enter"} {
		if !strings.Contains(v, want) {
			t.Errorf("with the answer open, %q is missing:\n%s", want, v)
		}
	}
	pagetest.Press(t, s, "esc")
	if v := s.View(); !strings.Contains(v, "comp_7") || strings.Contains(v, "… more: esc, then enter") {
		t.Errorf("the form closed, the list has the page again:\n%s", v)
	}
}
