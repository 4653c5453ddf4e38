package common

import (
	"reflect"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// run runs a command and every command its batches and sequences hold, as the program would,
// and returns the messages that reach the program.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(c)...)
		}
		return out
	}
	if cmds, ok := sequenced(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// What a page out of sight answers tells and never moves the user: back, a page pushed or
// opened, a jump are dropped, in a batch or a sequence; notices and its own replies pass.
func TestUnseenTellsAndNeverMoves(t *testing.T) {
	told := Notify("applied: record 7", false)
	reply := For(7, func() tea.Msg { return "records read" })
	cmd := tea.Batch(told, Pop, Push(nil), OpenPage(RecordPage{ID: 7}), func() tea.Msg { return JumpMsg{} },
		tea.Sequence(Pop, reply))
	got := run(Unseen(cmd))
	want := []tea.Msg{StatusMsg{Text: "applied: record 7"}, Reply{To: 7, Msg: "records read"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}
