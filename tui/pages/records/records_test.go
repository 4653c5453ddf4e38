package records

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// fakeBackend is what the records page asks: the three kinds' records.
type fakeBackend struct {
	common.Backend
	recs  []client.Record
	mcp   []client.MCPServerRecord
	calls int
}

func (b *fakeBackend) Records(context.Context, client.RecordQuery) ([]client.Record, client.Surface, error) {
	b.calls++
	return b.recs, client.SurfaceDevCenter, nil
}
func (b *fakeBackend) MCPRecords(context.Context) ([]client.MCPServerRecord, client.Surface, error) {
	return b.mcp, client.SurfaceDevCenter, nil
}
func (b *fakeBackend) ComponentRecords(context.Context, client.RecordQuery) ([]client.ComponentRecord, client.Surface, error) {
	return nil, "", client.ErrNoESB // an installation without components adds none, and says nothing
}

// The page lists every kind's records, newest first, keeps the gateway ones for the watcher,
// and opens a gateway record by its address.
func TestRecordsListEveryKindAndOpenOne(t *testing.T) {
	t.Parallel()
	b := &fakeBackend{recs: []client.Record{
		{Application: client.Application{ID: 7, ApplyStatus: client.RecordPending, Reason: "try it"}, GatewayName: "demo-echo"},
		{Application: client.Application{ID: 3, ApplyStatus: client.RecordApproved}, GatewayName: "bk-user"},
	}}
	b.mcp = []client.MCPServerRecord{{Record: client.MCPRecord{Application: client.Application{ID: 11, ApplyStatus: client.RecordRejected}}, MCPServer: client.MCPServer{Name: "demo-echo-prod"}}}
	c := pagetest.Context(b, i18n.English)
	s := NewRecordsScreen(c)
	for _, m := range pagetest.Start(t, s, 120, 30) {
		if st, ok := m.(common.StatusMsg); ok && st.IsErr {
			t.Errorf("an installation without components is no error: %q", st.Text)
		}
	}
	v := s.View()
	for _, want := range []string{"demo-echo", "bk-user", "demo-echo-prod", "pending", "approved", "rejected"} {
		if !strings.Contains(v, want) {
			t.Errorf("%q is not on the page:\n%s", want, v)
		}
	}
	if got, ok := c.Cache.Records.Get(); !ok || len(got) != 2 {
		t.Errorf("the gateway records are not kept for the watcher: %v", got)
	}
	// A second visit shows the kept records at once and reads them again behind.
	again := NewRecordsScreen(c)
	again.SetSize(120, 30)
	cmd := again.Init()
	if !strings.Contains(again.View(), "demo-echo") {
		t.Errorf("the kept records are not shown before the load:\n%s", again.View())
	}
	pagetest.Run(t, again, cmd)
	if b.calls != 2 {
		t.Errorf("records read %d times, want 2", b.calls)
	}
	// Enter on the first row (the newest) opens that record.
	_, cmd = s.Update(tea.KeyMsg{Type: tea.KeyEnter})
	sent := pagetest.Run(t, s, cmd)
	var opened common.PageAddress
	for _, m := range sent {
		if o, ok := m.(common.OpenPageMsg); ok {
			opened = o.To
		}
	}
	if opened == nil {
		t.Fatalf("enter opened nothing: %v", sent)
	}
}

// oneRecord answers one application: a component one (rec) or a gateway one (gw).
type oneRecord struct {
	fakeBackend
	rec client.ComponentRecordDetail
	gw  client.RecordDetail
}

func (b *oneRecord) ComponentRecord(context.Context, int) (client.ComponentRecordDetail, client.Surface, error) {
	return b.rec, client.SurfaceDevCenter, nil
}

func (b *oneRecord) Record(context.Context, int) (client.RecordDetail, client.Surface, error) {
	return b.gw, client.SurfaceDevCenter, nil
}

// A component application lists its components as an API record lists its APIs: each with its
// result and what it does in the reader's language, within the page's width, a long description
// whole under its column (it was cut at the edge).
func TestComponentRecordListsItsComponents(t *testing.T) {
	t.Parallel()
	b := &oneRecord{rec: client.ComponentRecordDetail{ComponentRecord: client.ComponentRecord{
		Application: client.Application{ID: 5, ApplyStatus: client.RecordPartialApproved}, SystemName: "CC"},
		Components: []client.ComponentResult{
			{Name: "search_business", Description: "查询业务", DescriptionEn: "Search businesses", ApplyStatus: client.RecordApproved},
			{Name: "update_host", Description: "更新主机属性" + strings.Repeat("，很长的说明", 20), ApplyStatus: client.RecordRejected}}}}
	for lang, want := range map[i18n.Lang]string{i18n.English: "Search businesses", i18n.Chinese: "查询业务"} {
		s := NewRecordPage(pagetest.Context(b, lang), common.RecordPage{Kind: client.KindComponent, ID: 5})
		pagetest.Start(t, s, 60, 40)
		v := s.View()
		if !strings.Contains(v, "search_business") || !strings.Contains(v, want) || !strings.Contains(v, "update_host") {
			t.Errorf("%s:\n%s", lang, v)
		}
		for _, line := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(line); w > 60 {
				t.Errorf("%s: a line of %d cells at 60: %q", lang, w, line)
			}
		}
		lines := strings.Split(ansi.Strip(v), "\n")
		i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "update_host") })
		whole := lines[i]
		for _, l := range lines[i+1:] {
			if !strings.HasPrefix(l, "    ") || strings.TrimSpace(l) == "" {
				break
			}
			whole += strings.TrimSpace(l)
		}
		if strings.Count(whole, "很长的说明") != 20 {
			t.Errorf("%s: the long description is not whole under its column:\n%s", lang, strings.Join(lines, "\n"))
		}
	}
}

// At 60 columns a record's id, what it is for and its status stay whole in both languages; the
// rest is left out rather than cut to stubs (the record's page has it), and is back when wide.
func TestRecordsNarrowKeepStatus(t *testing.T) {
	t.Parallel()
	b := &fakeBackend{recs: []client.Record{{Application: client.Application{ID: 7, ApplyStatus: client.RecordPending,
		Reason: "try it", AppliedBy: "demo-user", ExpireDays: 180}, GatewayName: "demo-echo"}}}
	for lang, status := range map[i18n.Lang]string{i18n.English: "pending", i18n.Chinese: "待审批"} {
		s := NewRecordsScreen(pagetest.Context(b, lang))
		pagetest.Start(t, s, 60, 15)
		v := s.View()
		for _, w := range []string{"7 ", "demo-echo ", status + " "} {
			if !strings.Contains(v, w) {
				t.Errorf("%s: %q is cut at 60 columns:\n%s", lang, w, v)
			}
		}
		if st := pagetest.Stubs(v); len(st) > 0 {
			t.Errorf("%s: stubs %q at 60 columns:\n%s", lang, st, v)
		}
		s.SetSize(120, 15)
		if v := s.View(); !strings.Contains(v, "demo-user") || !strings.Contains(v, "try it") {
			t.Errorf("%s: the applicant or the reason is missing at 120 columns:\n%s", lang, v)
		}
	}
}

// kindRecordBackend answers one component record and one MCP server record whose status the
// test changes.
type kindRecordBackend struct {
	common.Backend
	status   string
	approval string // the ticket's address; "http://itsm/7" when empty
}

func (b *kindRecordBackend) MCPRecord(_ context.Context, id int) (client.MCPServerRecord, client.Surface, error) {
	u := cmp.Or(b.approval, "http://itsm/7")
	return client.MCPServerRecord{MCPServer: client.MCPServer{ID: 3, Name: "demo-echo-prod-echo"}, Record: client.MCPRecord{
		Application: client.Application{ID: id, ApplyStatus: b.status, Reason: "for the agent"}, ApprovalURL: u}}, client.SurfaceDevCenter, nil
}

func (b *kindRecordBackend) ComponentRecord(_ context.Context, id int) (client.ComponentRecordDetail, client.Surface, error) {
	d := client.ComponentRecordDetail{ComponentRecord: client.ComponentRecord{Application: client.Application{ID: id, ApplyStatus: b.status}, SystemName: "CC"}}
	d.Components = []client.ComponentResult{{ID: 1, Name: "search_business", ApplyStatus: b.status}}
	return d, client.SurfaceDevCenter, nil
}

// A pending component or MCP server record follows itself (the records watcher follows gateway
// records only): it reads the record again, shows the decision and says it, as a gateway's
// does. An MCP server's record has a page of its own: enter had only put its ticket's address
// on the status line, naming the record's number as the server's.
func TestKindRecordFollowsItsDecision(t *testing.T) {
	t.Parallel()
	for kind, want := range map[client.Kind][]string{client.KindComponent: {"CC", "search_business"},
		client.KindMCP: {"demo-echo-prod-echo", "for the agent", "http://itsm/7"}} {
		b := &kindRecordBackend{status: client.RecordPending}
		c := pagetest.Context(b, i18n.English)
		s := NewRecordPage(c, common.RecordPage{Kind: kind, ID: 7})
		pagetest.Start(t, s, 100, 30)
		if v := s.View(); !strings.Contains(v, "pending") || !strings.Contains(v, c.T("records.watching")) || !strings.Contains(v, want[len(want)-1]) {
			t.Fatalf("%s pending:\n%s", kind, v)
		}
		b.status = client.RecordApproved
		_, cmd := s.Update(recordFollowMsg{})
		told := false
		for _, m := range pagetest.Run(t, s, cmd) {
			if st, ok := m.(common.StatusMsg); ok && strings.Contains(st.Text, "record 7 ("+want[0]+") was decided: approved") {
				told = true
			}
		}
		v := s.View()
		if !told || !strings.Contains(v, "approved") || strings.Contains(v, c.T("records.watching")) {
			t.Fatalf("%s told %v:\n%s", kind, told, v)
		}
		for _, w := range want {
			if !strings.Contains(v, w) {
				t.Errorf("%s: the record lacks %q:\n%s", kind, w, v)
			}
		}
	}
}

// A record is read to its end at the smallest size: a long reason and the approver's long
// comment wrap under themselves (they were cut at the terminal's edge), and a record of forty
// APIs scrolls with the navigation keys to its last one (the rows below the page were lost).
func TestLongRecordWrapsAndScrolls(t *testing.T) {
	t.Parallel()
	reason := strings.Repeat("同步用户与部门用于合规审计，", 8) + "and an English tail to wrap"
	comment := "sensitive APIs need a concrete use case; " + strings.Repeat("请补充具体场景后重新申请。", 5) + "END"
	b := &oneRecord{gw: client.RecordDetail{Record: client.Record{Application: client.Application{ID: 9,
		ApplyStatus: client.RecordRejected, Reason: reason, Comment: comment, HandledBy: []string{"admin"}}, GatewayName: "bk-user"}}}
	for i := range 40 {
		b.gw.Resources = append(b.gw.Resources, client.RecordResource{Name: fmt.Sprintf("api_%02d", i), ApplyStatus: client.RecordRejected})
	}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		c := pagetest.Context(b, lang)
		s := NewRecordPage(c, common.RecordPage{Kind: client.KindAPI, ID: 9})
		pagetest.Start(t, s, 60, 15)
		v := ansi.Strip(s.View())
		for _, line := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(line); w > 60 {
				t.Errorf("%s: a line of %d cells at 60: %q", lang, w, line)
			}
		}
		if n := strings.Count(v, "\n") + 1; n > 15 {
			t.Errorf("%s: %d rows on a page of 15", lang, n)
		}
		joined := strings.Join(strings.Fields(v), "")
		if !strings.Contains(joined, strings.ReplaceAll(reason, " ", "")) {
			t.Errorf("%s: the reason is not all there:\n%s", lang, v)
		}
		if strings.Contains(v, "api_39") || len(s.ShortHelp()) < 2 {
			t.Fatalf("%s: all forty APIs fit on 15 rows, or the help has no scrolling key:\n%s", lang, v)
		}
		pagetest.Press(t, s, c.Nav.Bottom.Keys()[0])
		v = ansi.Strip(s.View())
		if !strings.Contains(v, "api_39") || strings.Count(v, "\n")+1 > 15 {
			t.Errorf("%s: the last API is not reached at the bottom:\n%s", lang, v)
		}
		pagetest.Press(t, s, c.Nav.Top.Keys()[0])
		var seen strings.Builder // every row the reader scrolls past, once
		for range 60 {
			rows := strings.Split(ansi.Strip(s.View()), "\n")
			seen.WriteString(rows[0])
			pagetest.Press(t, s, c.Nav.Down.Keys()[0])
		}
		if all := strings.Join(strings.Fields(seen.String()), ""); !strings.Contains(all, strings.ReplaceAll(comment, " ", "")) ||
			!strings.HasPrefix(all, strings.ReplaceAll(c.T("records.crumb", 9), " ", "")) {
			t.Errorf("%s: scrolling from the top, the head or the whole comment is not read: %s", lang, all)
		}
	}
}

// A ticket's long address runs on at the page's width, whole, to be copied: it was cut at the
// edge of a 60-column page. In colour, as a terminal draws it (the link is styled); not
// parallel, as the colour profile is the process's.
func TestRecordTicketAddressIsWhole(t *testing.T) {
	was := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(was) })
	u := "http://itsm.example.com/ticket/detail/?id=20261206000123&from=bk-apigateway&kind=mcp_server"
	s := NewRecordPage(pagetest.Context(&kindRecordBackend{status: client.RecordPending, approval: u}, i18n.English), common.RecordPage{Kind: client.KindMCP, ID: 7})
	pagetest.Start(t, s, 60, 20)
	v := ansi.Strip(s.View())
	if !strings.Contains(strings.Join(strings.Fields(v), ""), u) {
		t.Fatalf("the address is not whole:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("a line of %d cells at 60: %q", ansi.StringWidth(l), l)
		}
	}
}

// sameMinute has one application of each kind made within one minute.
type sameMinute struct {
	fakeBackend
	comps []client.ComponentRecord
}

func (b *sameMinute) ComponentRecords(context.Context, client.RecordQuery) ([]client.ComponentRecord, client.Surface, error) {
	return b.comps, client.SurfaceDevCenter, nil
}

// Newest first holds across kinds to the second: three applications made within one minute
// were listed gateway, then MCP, then component, whatever their times.
func TestRecordsOfEveryKindNewestFirstToTheSecond(t *testing.T) {
	t.Parallel()
	at := func(sec int) client.Time { return client.Time{Time: time.Date(2026, 12, 6, 12, 2, sec, 0, time.Local)} }
	b := &sameMinute{}
	b.recs = []client.Record{{Application: client.Application{ID: 4, AppliedTime: at(10), ApplyStatus: client.RecordApproved}, GatewayName: "bk-user"}}
	b.mcp = []client.MCPServerRecord{{Record: client.MCPRecord{Application: client.Application{ID: 7, AppliedTime: at(38), ApplyStatus: client.RecordApproved}}, MCPServer: client.MCPServer{Name: "demo-echo-prod-oauth"}}}
	b.comps = []client.ComponentRecord{{Application: client.Application{ID: 8, AppliedTime: at(49), ApplyStatus: client.RecordApproved}, SystemName: "CC"}}
	s := NewRecordsScreen(pagetest.Context(b, i18n.English))
	pagetest.Start(t, s, 120, 30)
	v := s.View()
	cc, mcp, gw := strings.Index(v, " CC "), strings.Index(v, "demo-echo-prod-oauth"), strings.Index(v, "bk-user")
	if cc < 0 || mcp < 0 || gw < 0 || !(cc < mcp && mcp < gw) {
		t.Fatalf("want CC (12:02:49), then the MCP server (12:02:38), then bk-user (12:02:10):\n%s", v)
	}
}

// mcpUnread is an installation whose MCP records cannot be read (the gateway's and the
// components' can).
type mcpUnread struct{ sameMinute }

func (b *mcpUnread) MCPRecords(context.Context) ([]client.MCPServerRecord, client.Surface, error) {
	return nil, client.SurfaceDevCenter, &client.ErrUnavailable{Feature: client.FeatureMCP, Needs: []string{client.NeedToken}}
}

// A kind whose records cannot be read is said, and the others are listed: the page had listed
// the rest as if there were no MCP application at all.
func TestRecordsSayWhichKindCouldNotBeRead(t *testing.T) {
	t.Parallel()
	b := &mcpUnread{}
	b.recs = []client.Record{{Application: client.Application{ID: 4, ApplyStatus: client.RecordApproved}, GatewayName: "bk-user"}}
	b.comps = []client.ComponentRecord{{Application: client.Application{ID: 8, ApplyStatus: client.RecordApproved}, SystemName: "CC"}}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		s := NewRecordsScreen(pagetest.Context(b, lang))
		var said string
		for _, m := range pagetest.Start(t, s, 120, 30) {
			if st, ok := m.(common.StatusMsg); ok && st.IsErr {
				said = st.Text
			}
		}
		want := map[i18n.Lang]string{i18n.English: "MCP records could not be read", i18n.Chinese: "无法读取MCP申请记录"}[lang]
		if !strings.Contains(said, want) {
			t.Errorf("%s: the status line says %q, want %q", lang, said, want)
		}
		if v := s.View(); !strings.Contains(v, "bk-user") || !strings.Contains(v, " CC ") {
			t.Errorf("%s: the kinds that were read are not listed:\n%s", lang, v)
		}
	}
}
