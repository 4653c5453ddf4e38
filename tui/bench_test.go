package tui

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/list/listbench"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func bigGateway(n int) func(*fakeBackend) {
	return func(f *fakeBackend) {
		rs := make([]client.Resource, n)
		for i := range rs {
			rs[i] = client.Resource{ID: i, Name: "api_" + strings.Repeat("x", i%7) + string(rune('a'+i%26)), Method: "GET", Path: "/v1/items/{id}/", Description: "An API of the big gateway"}
		}
		f.res["demo-echo"] = rs
	}
}

// BenchmarkAPIScreenView is a full frame of the gateway screen (header, tabs, API list) at
// 1,000 / 10,000 / 50,000 APIs: it does not grow with the rows.
func BenchmarkAPIScreenView(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(strings.TrimSpace(strings.Repeat(" ", 0))+itoa(n), func(b *testing.B) {
			h := newHarness(b, i18n.English, 120, 40, bigGateway(n))
			h.send(common.OpenPageMsg{To: common.GatewayPage{Gateway: client.Gateway{Name: "demo-echo"}}})
			s := h.m.top()
			if !strings.Contains(s.View(), "api_") {
				b.Fatalf("the APIs are not shown:\n%s", s.View())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = s.View()
			}
		})
	}
}

// BenchmarkGatewayListView is the gateway list's frame at 1,000 / 10,000 / 50,000 gateways.
func BenchmarkGatewayListView(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(itoa(n), func(b *testing.B) {
			h := newHarness(b, i18n.Chinese, 120, 40, func(f *fakeBackend) {
				f.gateways = make([]client.Gateway, n)
				for i := range f.gateways {
					f.gateways[i] = client.Gateway{Name: "gw-" + itoa(i), Description: "网关描述 " + itoa(i)}
				}
			})
			s := h.m.top()
			if !strings.Contains(s.View(), "gw-") {
				b.Fatalf("the gateways are not shown:\n%s", s.View())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = s.View()
			}
		})
	}
}

// filteringGateway is the root model at 120×40 showing demo-echo's APIs, its filter open.
func filteringGateway(tb testing.TB, setup func(*fakeBackend)) *Model {
	h := newHarness(tb, i18n.English, 120, 40, setup)
	h.send(common.OpenPageMsg{To: common.GatewayPage{Gateway: client.Gateway{Name: "demo-echo"}}})
	h.keys("/")
	return h.m
}

// BenchmarkKeystrokeOnScreen is one typed character through the root model at 50,000 APIs:
// the whole path a key takes, Update and View.
func BenchmarkKeystrokeOnScreen(b *testing.B) {
	m := filteringGateway(b, bigGateway(50000))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
		_ = m.View()
		m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	}
}

func itoa(i int) string {
	return strings.TrimLeft(strings.Replace(string(rune(0)), "\x00", "", 1)+fmtInt(i), " ")
}

func fmtInt(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}

// realisticGateway has n APIs named, pathed and described as BlueKing's are (CMDB, Job, the
// user manager), in Chinese.
func realisticGateway(n int) func(*fakeBackend) {
	return func(f *fakeBackend) {
		verbs := []string{"list", "get", "search", "update", "batch_update", "create", "delete", "find", "sync", "retrieve"}
		nouns := []string{"host", "biz", "user", "department", "module", "set", "job_instance", "log", "script", "tenant", "cluster", "process"}
		words := []string{"by", "with", "without", "relation", "attr", "info", "topo", "detail"}
		rs := make([]client.Resource, n)
		for i := range rs {
			v, a, w, b := verbs[i%len(verbs)], nouns[(i/7)%len(nouns)], words[(i/3)%len(words)], nouns[(i/11)%len(nouns)]
			rs[i] = client.Resource{ID: i, Method: []string{"GET", "POST", "PUT", "DELETE"}[i%4],
				Name: v + "_" + a + "_" + w + "_" + b + "_" + itoa(i), Path: "/api/v3/" + a + "/" + w + "/" + b + "/" + itoa(i) + "/",
				Description: "查询" + a + "的" + b + "信息，第 " + itoa(i) + " 个接口"}
		}
		f.res["demo-echo"] = rs
	}
}

// TestKeystrokeToFrame times what a user waits for after each key at 50,000 APIs: the root
// model's Update and View at 120×40 in 256 colours with the filter open, typing realistic
// queries a character at a time and deleting them. docs/performance.md reports it; with
// BKCONSOLE_LATENCY_TARGETS=1 it holds issue 22's target (4 ms), left to a quiet machine.
func TestKeystrokeToFrame(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("a measurement: not under -race or -short")
	}
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	m := filteringGateway(t, realisticGateway(50000))
	_ = m.View()
	var keys []tea.KeyMsg
	for _, q := range []string{"update_host", "list_biz", "search_business", "/api/v3/host", "department/", "listusers", "gjil", "batchupd", "查询"} {
		for _, r := range q {
			keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
		for range []rune(q) {
			keys = append(keys, tea.KeyMsg{Type: tea.KeyBackspace})
		}
	}
	// A key's time is its median over 5 passes: another process's moment is not ours.
	l := listbench.Measure(len(keys), 5, func(i int) {
		m.Update(keys[i])
		_ = m.View()
	})
	p50, p95, worst := l.P50, l.P95, l.Max
	t.Logf("keystroke → frame at 50,000 APIs, %d keys: median %v, p95 %v, max %v (target 4 ms)", len(keys), p50, p95, worst)
	if os.Getenv("BKCONSOLE_LATENCY_TARGETS") != "" && worst > 4*time.Millisecond {
		t.Errorf("slowest key took %v: over issue 22's 4 ms", worst)
	}
}
