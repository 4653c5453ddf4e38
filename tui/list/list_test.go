package list

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func rowsOf(names ...string) []Row {
	out := make([]Row, len(names))
	for i, n := range names {
		out[i] = Row{Key: n, Cells: []string{n}}
	}
	return out
}

func keys(m *Model) []string {
	var out []string
	m.Visible(func(row int) { out = append(out, m.key(int32(row))) })
	return out
}

func TestRankingPrefixSubstringFuzzy(t *testing.T) {
	m := New([]Column{{Title: "N", Filtered: true}}, []int{0}, Styles{})
	m.SetRows(rowsOf("list_users_by_echo", "echo_get", "xecho", "e_c_h_o", "nothing"))
	m.SetFilter("echo")
	got := strings.Join(keys(m), ",")
	// In a short list, rows holding "echo" leave out e_c_h_o, whose letters are only scattered.
	if got != "echo_get,list_users_by_echo,xecho" {
		t.Fatalf("a field's start, word starts, then substrings: %s", got)
	}
	// When no row holds the query, the scattered matches show, by fzf's score.
	m.SetFilter("eho")
	if got := strings.Join(keys(m), ","); got != "e_c_h_o,list_users_by_echo,echo_get,xecho" && !strings.HasPrefix(got, "e_c_h_o") {
		t.Fatalf("scattered matches when nothing better: %s", got)
	}
}

// Typing /user in a short gateway list finds the gateways holding "user", not bk-monitor by
// scattered letters.
func TestShortListsPreferWholeMatches(t *testing.T) {
	m := New([]Column{{Title: "N", Filtered: true}, {Title: "D", Filtered: true}}, []int{0, 1}, Styles{})
	m.SetRows([]Row{{Key: "bk-user", Cells: []string{"bk-user", "users and departments"}},
		{Key: "bk-monitor", Cells: []string{"bk-monitor", "uptime, service errors and rules"}},
		{Key: "demo-echo", Cells: []string{"demo-echo", "echo"}}})
	m.SetFilter("user")
	if got := strings.Join(keys(m), ","); got != "bk-user" {
		t.Fatalf("/user: %s", got)
	}
}

// The first result is the one a user means: the exact name above a longer one, the name's
// prefix, a path fragment by the path column, and fuzzy abbreviations by how tight they are.
func TestRankingPutsTheMeantAPIFirst(t *testing.T) {
	apis := [][2]string{
		{"batch_update_host", "/api/v3/hosts/batch/update/"},
		{"list_biz_hosts_topo", "/api/v3/hosts/app/{bk_biz_id}/list_hosts_topology/"},
		{"list_tenant_users_by_dept", "/api/v3/open/tenant/departments/{id}/users/"},
		{"list_hosts_without_biz", "/api/v3/hosts/list_hosts_without_app/"},
		{"search_business", "/api/v3/biz/search/{bk_supplier_account}/"},
		{"update_host", "/api/v3/hosts/property/"},
		{"list_biz_hosts", "/api/v3/hosts/app/{bk_biz_id}/list_hosts/"},
		{"list_users", "/api/v3/open/tenant/users/"},
		{"retrieve_user", "/api/v3/open/tenant/users/{bk_username}/"},
		{"get_job_instance_log", "/api/v3/get_job_instance_log/"},
	}
	var rows []Row
	for i := 0; i < 20000; i++ { // decoys first, as a server's order may put them
		rows = append(rows, Row{Key: fmt.Sprintf("d%d", i), Cells: []string{fmt.Sprintf("list_%d_user_groups_sync", i), fmt.Sprintf("/api/v1/x%d/lists/us/ers/", i)}})
	}
	for _, a := range apis {
		rows = append(rows, Row{Key: a[0], Cells: []string{a[0], a[1]}})
	}
	m := New([]Column{{Title: "NAME"}, {Title: "PATH"}}, []int{0, 1}, Styles{})
	m.SetRows(rows)
	for q, want := range map[string]string{
		"update_host":                "update_host",
		"list_biz_hosts":             "list_biz_hosts",
		"listusers":                  "list_users",
		"/api/v3/open/tenant/users/": "list_users",
		"retrieve_u":                 "retrieve_user",
		"getjobinstancelog":          "get_job_instance_log",
		"search_bus":                 "search_business",
	} {
		m.SetFilter(q)
		if r, ok := m.Selected(); !ok || r.Key != want {
			t.Errorf("%q: first is %q, want %q", q, r.Key, want)
		}
	}
}

func TestNarrowingEqualsFreshFilter(t *testing.T) {
	var names []string
	for i := 0; i < 2000; i++ {
		names = append(names, fmt.Sprintf("api_%d_%s /v1/%d/items", i, []string{"get", "post", "echo"}[i%3], i%17))
	}
	a := New([]Column{{Title: "N"}}, []int{0}, Styles{})
	a.SetRows(rowsOf(names...))
	b := New([]Column{{Title: "N"}}, []int{0}, Styles{})
	b.SetRows(rowsOf(names...))
	for _, q := range []string{"e", "ec", "ech", "echo", "echo/", "echo/v", "echo/v1/1"} {
		a.SetFilter(q) // narrows step by step
	}
	b.SetFilter("echo/v1/1") // from scratch
	if strings.Join(keys(a), ",") != strings.Join(keys(b), ",") {
		t.Fatalf("narrowed %d rows, fresh %d", a.Len(), b.Len())
	}
	a.SetFilter("ech") // shorter: a fresh scan
	b.SetFilter("ech")
	if a.Len() != b.Len() {
		t.Fatal("widening")
	}
}

func TestChineseQueriesMatchSubstrings(t *testing.T) {
	m := New([]Column{{Title: "N"}}, []int{0}, Styles{})
	m.SetRows(rowsOf("查询用户列表", "新建用户", "删除业务"))
	m.SetFilter("用户")
	if m.Len() != 2 {
		t.Fatalf("用户: %v", keys(m))
	}
}

func TestViewFitsAndShowsOnlyTheWindow(t *testing.T) {
	m := New([]Column{{Title: "名称", Width: 10}, {Title: "描述", Filtered: true}}, []int{0, 1}, Styles{})
	var rows []Row
	for i := 0; i < 1000; i++ {
		rows = append(rows, Row{Key: fmt.Sprint(i), Cells: []string{fmt.Sprintf("接口%d", i), strings.Repeat("很长的描述", 10)}})
	}
	m.SetRows(rows)
	m.SetSize(60, 10)
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != 10 {
		t.Fatalf("header + 9 rows: %d", len(lines))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	m.Bottom()
	if !strings.Contains(m.View(), "接口999") {
		t.Error("bottom shows the last row")
	}
	m.SetFilter("接口5")
	if m.Len() != 111 {
		t.Errorf("接口5: %d", m.Len())
	}
}

func TestPositions(t *testing.T) {
	if p := Positions("demo-echo", "echo"); fmt.Sprint(p) != "[5 6 7 8]" {
		t.Errorf("substring: %v", p)
	}
	if p := Positions("e_c_h_o", "echo"); fmt.Sprint(p) != "[0 2 4 6]" {
		t.Errorf("fuzzy: %v", p)
	}
	if Positions("abc", "x") != nil {
		t.Error("no match")
	}
}

func TestSetRowsAfterEmptyShowsRows(t *testing.T) {
	m := New([]Column{{Title: "N"}}, []int{0}, Styles{})
	m.SetRows(nil)
	m.SetRows(rowsOf("a", "b"))
	if m.Len() != 2 {
		t.Fatalf("rows after an empty load: %d", m.Len())
	}
	m.SetFilter("a")
	m.SetRows(rowsOf("a", "ab", "c"))
	if m.Len() != 2 || m.Filter() != "a" {
		t.Fatalf("the filter stays across new rows: %d %q", m.Len(), m.Filter())
	}
}

func TestWheelScrollsAndKeepsTheCursorInView(t *testing.T) {
	m := New([]Column{{Title: "N"}}, []int{0}, Styles{})
	var names []string
	for i := 0; i < 100; i++ {
		names = append(names, fmt.Sprintf("row%03d", i))
	}
	m.SetRows(rowsOf(names...))
	m.SetSize(40, 11) // header + 10 rows
	m.Scroll(30)
	if !strings.Contains(m.View(), "row030") || strings.Contains(m.View(), "row029") || m.Cursor() != 30 {
		t.Fatalf("scrolled window:\n%s (cursor %d)", m.View(), m.Cursor())
	}
	if !m.Click(3) || m.Cursor() != 32 {
		t.Fatalf("click on the third row: %d", m.Cursor())
	}
	m.Scroll(-100)
	if m.Cursor() > 9 {
		t.Fatalf("the cursor follows the window: %d", m.Cursor())
	}
}

// The style function is asked with each shown row's index among the rows given, filtered or not.
func TestStyleFuncGetsTheRowsIndex(t *testing.T) {
	m := New([]Column{{Title: "N"}}, []int{0}, Styles{})
	m.SetRows(rowsOf("alpha", "beta", "gamma", "beta2"))
	m.SetSize(40, 10)
	asked := map[int]bool{}
	m.SetStyleFunc(func(row, col int) (lipgloss.Style, bool) {
		asked[row] = true
		return lipgloss.Style{}, false
	})
	m.SetFilter("beta")
	m.View()
	if len(asked) != 2 || !asked[1] || !asked[3] {
		t.Fatalf("asked for rows %v, want 1 and 3 (beta, beta2)", asked)
	}
}

// A column that hides below a width is left out there, header and cells, and its room goes to
// the others; at the width it is drawn again.
func TestColumnsHideBelowAWidth(t *testing.T) {
	m := New([]Column{{Title: "PATH", MinWidth: 16, Priority: 7}, {Title: "NAME", MinWidth: 12, Priority: 8},
		{Title: "LABELS", Width: 10, Priority: 2, HideBelow: 100}, {Title: "DESCRIPTION", MinWidth: 10, HideBelow: 100}}, []int{0}, Styles{})
	long := "/api/v3/biz/search/{bk_supplier_account}"
	m.SetRows([]Row{{Key: "a", Cells: []string{long, "search_business", "biz", "Search businesses"}}})
	m.SetSize(80, 5)
	v := ansi.Strip(m.View())
	if strings.Contains(v, "LABELS") || strings.Contains(v, "DESCRIPTION") || strings.Contains(v, "Search businesses") || !strings.Contains(v, long) {
		t.Fatalf("at 80 columns:\n%s", v)
	}
	m.SetSize(120, 5)
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "LABELS") || !strings.Contains(v, "Search businesses") {
		t.Fatalf("at 120 columns:\n%s", v)
	}
}

// A Leftover column takes what the others leave at their natural widths: beside short paths
// it is drawn, beside long ones at the same width it is left out rather than cut to a stub or
// cutting the paths.
func TestLeftoverColumnDependsOnTheRows(t *testing.T) {
	m := New([]Column{{Title: "PATH", MinWidth: 16, Priority: 7}, {Title: "NAME", MinWidth: 12, Priority: 8},
		{Title: "DESCRIPTION", MinWidth: 16, Leftover: true}}, []int{0}, Styles{})
	m.SetSize(80, 5)
	m.SetRows([]Row{{Key: "a", Cells: []string{"/echo/", "echo_get", "Echo a GET request"}}})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "DESCRIPTION") || !strings.Contains(v, "Echo a GET request") {
		t.Fatalf("short paths:\n%s", v)
	}
	long := "/api/v3/biz/search/{bk_supplier_account}/hosts"
	m.SetRows([]Row{{Key: "a", Cells: []string{long, "search_business_hosts", "Search hosts"}}})
	if v := ansi.Strip(m.View()); strings.Contains(v, "DESCRIPTION") || !strings.Contains(v, long) {
		t.Fatalf("long paths:\n%s", v)
	}
}

// A tab in a server's text is a space in its cell: the terminal expanded it past the cell and
// pushed the next column out of line ("tab    name").
func TestTabsInCellsKeepTheColumnsInLine(t *testing.T) {
	m := New([]Column{{Title: "NAME", Filtered: true}, {Title: "DESCRIPTION", Filtered: true}}, []int{0, 1}, Styles{})
	m.SetRows([]Row{{Key: "a", Cells: []string{"tab\tname", "a\tb"}}, {Key: "b", Cells: []string{"plain", "c"}}})
	m.SetSize(40, 5)
	for _, q := range []string{"", "a"} { // plain, and highlighted by a query
		m.SetFilter(q)
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if strings.Contains(l, "\t") || ansi.StringWidth(l) != 40 {
				t.Fatalf("query %q: %q", q, l)
			}
		}
	}
}

// One outsized cell does not take every row's room: a capped column grows past its cap to
// twice the cap, then the flexible column gets its natural width (a server's 3,000-character
// gateway name left every description a stub of ten cells); a name a little over the cap is
// still whole.
func TestOneLongCellLeavesTheOthersTheirRoom(t *testing.T) {
	cols := []Column{{Title: "NAME", Width: 24}, {Title: "MARKS", Width: 14}, {Title: "DESCRIPTION", MinWidth: 10}}
	m := New(cols, []int{0}, Styles{})
	m.SetSize(100, 6)
	m.SetRows([]Row{{Key: "a", Cells: []string{"alpha", "", "the first gateway, described at length"}},
		{Key: "b", Cells: []string{"g-" + strings.Repeat("x", 3000), "", "long name"}},
		{Key: "c", Cells: []string{"a-gateway-name-of-thirty-chars", "", "legit"}}})
	v := ansi.Strip(m.View())
	for _, want := range []string{"the first gateway, described at length", "a-gateway-name-of-thirty-chars"} {
		if !strings.Contains(v, want) {
			t.Errorf("lacks %q:\n%s", want, v)
		}
	}
}

// Past the caps the priorities still hold: a path of higher priority is whole before a capped
// column of lower priority grows past its cap (the API list cut /items/{item_id}/ to give the
// verification column its long text).
func TestPastTheCapsPriorityHolds(t *testing.T) {
	m := New([]Column{{Title: "PATH", MinWidth: 8, Priority: 7}, {Title: "AUTH", Width: 6, Priority: 5},
		{Title: "DESCRIPTION", MinWidth: 8, Leftover: true}}, []int{0}, Styles{})
	m.SetSize(40, 4)
	m.SetRows([]Row{{Key: "a", Cells: []string{"/items/{item_id}/", "app user free token", "Read an item"}}})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "/items/{item_id}/") {
		t.Fatalf("the path was cut:\n%s", v)
	}
}
