package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client/i18n"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestGolden runs the whole program (teatest) at 100×30, walks to a screen, quits, and compares
// the final frame with its golden file. Regenerate with: go test ./tui -run Golden -update
func TestGolden(t *testing.T) {
	t.Parallel()
	steps := []struct {
		name string
		walk func(tm *teatest.TestModel, wait func(string), lang i18n.Lang)
	}{
		{"gateways", func(tm *teatest.TestModel, wait func(string), _ i18n.Lang) {}},
		{"gateway", func(tm *teatest.TestModel, wait func(string), _ i18n.Lang) {
			tm.Type("/echo")
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			wait("/items/{item_id}/")
		}},
		{"doc", func(tm *teatest.TestModel, wait func(string), lang i18n.Lang) {
			tm.Type("/echo")
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			wait("/items/{item_id}/")
			tm.Send(tea.KeyMsg{Type: tea.KeyDown})
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			if lang == i18n.English {
				wait("English doc")
			} else {
				wait("中文文档")
			}
		}},
		{"help", func(tm *teatest.TestModel, wait func(string), lang i18n.Lang) {
			tm.Type("?")
			wait("? ")
		}},
	}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Chinese} {
		for _, st := range steps {
			t.Run(string(lang)+"/"+st.name, func(t *testing.T) {
				c := common.NewContext(newFake(), common.ProfileInfo{Name: "golden", AppCode: "my-app", Stages: []string{"prod", "test"}}, lang)
				tm := teatest.NewTestModel(t, New(c), teatest.WithInitialTermSize(100, 30))
				wait := func(s string) {
					teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
						teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
				}
				wait("demo-echo")
				st.walk(tm, wait, lang)
				time.Sleep(100 * time.Millisecond) // let renders and loads settle before quitting
				tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
				fm := tm.FinalModel(t, teatest.WithFinalTimeout(3*time.Second))
				golden.RequireEqual(t, []byte(strings.TrimRight(fm.View(), "\n")+"\n"))
			})
		}
	}
}
