package styles

import (
	"strings"
	"testing"
)

// The user's choices: JSON takes the user's colours; bad choices are each reported, and an old
// config's highlighter style is said to be unused.
func TestOptions(t *testing.T) {
	th := New(Options{Mode: "dark", Colors: map[string]string{"blue": "#123456"}})
	if th.JSONKey.GetForeground() != th.Link.GetForeground() {
		t.Errorf("JSON keys do not take the blue role: %v", th.JSONKey.GetForeground())
	}
	bad := Check(Options{Mode: "neon", Colors: map[string]string{"accent": "#12345z", "nope": "red", "red": "bright-red"}, Highlight: "nostyle"})
	var keys []string
	for _, b := range bad {
		keys = append(keys, b.Key)
	}
	if strings.Join(keys, " ") != "theme.bad_mode theme.bad_colour theme.bad_role theme.highlight_unused" {
		t.Fatalf("problems: %v", bad)
	}
	if got := Check(Options{Mode: "auto", Colors: map[string]string{"accent": "#ff8800", "subtle": "244", "red": "bright-red"}}); len(got) != 0 {
		t.Errorf("good options reported: %v", got)
	}
}
