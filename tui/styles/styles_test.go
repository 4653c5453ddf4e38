package styles

import "testing"

// The user's choices: the highlighter follows the mode unless chosen; bad choices are each
// reported.
func TestOptions(t *testing.T) {
	if th := New(Options{Mode: "light"}); th.Highlight != "github" {
		t.Errorf("light highlight: %s", th.Highlight)
	}
	if th := New(Options{Mode: "dark", Highlight: "dracula"}); th.Highlight != "dracula" {
		t.Errorf("chosen highlight: %s", th.Highlight)
	}
	bad := Check(Options{Mode: "neon", Colors: map[string]string{"accent": "#12345z", "nope": "red", "red": "bright-red"}, Highlight: "nostyle"})
	if len(bad) != 4 {
		t.Fatalf("%d problems: %v", len(bad), bad)
	}
	if got := Check(Options{Mode: "auto", Colors: map[string]string{"accent": "#ff8800", "subtle": "244", "red": "bright-red"}}); len(got) != 0 {
		t.Errorf("good options reported: %v", got)
	}
}
