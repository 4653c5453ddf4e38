package common

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

var teaPkg = reflect.TypeOf(tea.QuitMsg{}).PkgPath()

// Addressed results: a command's result is wrapped with the id of the screen that asked for it,
// and the root delivers the result to that screen alone, as gh-dash's MakeSectionCmd does. A page
// wraps its commands once (Base.Own); its messages carry no address of their own. Only what
// concerns everyone (a resize, a language switch, a record the watcher saw change) is broadcast.

// Reply is a command's result for one screen.
type Reply struct {
	To  int64
	Msg tea.Msg
}

// For addresses cmd's result to the screen id. A batch the command returns is addressed as a
// whole: each of its commands answers the same screen. Bubble Tea's own messages (quit, exec, a
// sequence) go to the program unwrapped: it acts on them itself.
func For(id int64, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case nil:
			return nil
		case Reply:
			return msg
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = For(id, c)
			}
			return out
		default:
			if reflect.TypeOf(msg).PkgPath() == teaPkg {
				return msg
			}
			return Reply{To: id, Msg: msg}
		}
	}
}

// Unseen is what a screen out of sight may still do with its command's results: tell (a notice,
// a list told to read afresh), never move the user (back, a page opened, a jump): the user has
// gone elsewhere since.
func Unseen(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case PopMsg, PushMsg, OpenPageMsg, JumpMsg:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = Unseen(c)
			}
			return out
		default:
			if cmds, ok := sequenced(msg); ok { // tea.Sequence's message is unexported
				for i, c := range cmds {
					cmds[i] = Unseen(c)
				}
				if seq := tea.Sequence(cmds...); seq != nil {
					return seq()
				}
				return nil
			}
			return msg
		}
	}
}

// sequenced is the commands of tea.Sequence's message.
func sequenced(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().PkgPath() != teaPkg || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}
