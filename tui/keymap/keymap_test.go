package keymap

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
)

// A rebinding that takes a key another global action answers to, an unknown action and one
// without keys are each reported.
func TestCheckReportsConflictsAndUnknownActions(t *testing.T) {
	p := Check(i18n.English, map[string][]string{"palette": {"r"}, "nosuch": {"x"}, "help": {}, "send": {"ctrl+g"}})
	if !strings.Contains(p["palette"], `"r"`) || !strings.Contains(p["palette"], "refresh") {
		t.Errorf("conflict: %q", p["palette"])
	}
	if !strings.Contains(p["nosuch"], "unknown action") || !strings.Contains(p["help"], "no keys") {
		t.Errorf("%v", p)
	}
	if _, bad := p["send"]; bad || len(p) != 3 {
		t.Errorf("a good rebinding reported: %v", p)
	}
}
