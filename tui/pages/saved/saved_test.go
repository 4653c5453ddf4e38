package saved

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/collection"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/bkconsole/bkconsole/tui/common/pagetest"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// keys types on the page; a change it announces comes back to it, as the root broadcasts it.
func keys(t *testing.T, s *SavedScreen, ks ...tea.KeyMsg) {
	t.Helper()
	for _, k := range ks {
		_, cmd := s.Update(k)
		for _, m := range pagetest.Run(t, s, cmd) {
			if ch, ok := m.(common.SavedChangedMsg); ok {
				_, cmd := s.Update(ch)
				pagetest.Run(t, s, cmd)
			}
		}
	}
}

func runes(r string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(r)} }

// Saved requests are listed from the collection's files; n renames one on disk, never over
// another, and d asks before it deletes.
func TestSavedRenameAndDelete(t *testing.T) {
	t.Parallel()
	store := collection.Store{Dir: t.TempDir()}
	for _, name := range []string{"greet", "other"} {
		if _, err := store.Save(collection.Request{Name: name, Gateway: "demo-echo", Method: "GET", Path: "/echo/"}, false); err != nil {
			t.Fatal(err)
		}
	}
	c := pagetest.Context(nil, i18n.English)
	c.Collection = &store
	s := NewSavedScreen(c, "")
	pagetest.Start(t, s, 120, 20)
	if v := s.View(); !strings.Contains(v, "greet") || !strings.Contains(v, "other") {
		t.Fatalf("not listed:\n%s", v)
	}
	// Renaming the first onto the second's name is refused and loses nothing.
	keys(t, s, runes("n"), tea.KeyMsg{Type: tea.KeyCtrlU}, runes("other"), tea.KeyMsg{Type: tea.KeyEnter})
	if _, err := os.Stat(filepath.Join(store.Dir, "demo-echo", "greet.yaml")); err != nil {
		t.Fatalf("a refused rename lost the file: %v", err)
	}
	if !strings.Contains(s.View(), "other") {
		t.Fatalf("the refusal is not said:\n%s", s.View())
	}
	keys(t, s, runes("n"), tea.KeyMsg{Type: tea.KeyCtrlU}, runes("hello"), tea.KeyMsg{Type: tea.KeyEnter})
	if _, err := os.Stat(filepath.Join(store.Dir, "demo-echo", "hello.yaml")); err != nil {
		t.Fatalf("not renamed on disk: %v\n%s", err, s.View())
	}
	// d asks; anything but y keeps the file.
	keys(t, s, runes("d"), runes("x"))
	if reqs, _ := store.List(""); len(reqs) != 2 {
		t.Fatalf("deleted without a yes: %d left", len(reqs))
	}
	keys(t, s, runes("d"), runes("y"))
	if reqs, _ := store.List(""); len(reqs) != 1 {
		t.Fatalf("%d left after a yes", len(reqs))
	}
}

// With none saved, the page says how to save one, wrapped at the page's width, not cut.
func TestSavedEmptyWrapsNarrow(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(nil, i18n.English)
	c.Collection = &collection.Store{Dir: t.TempDir()}
	s := NewSavedScreen(c, "")
	pagetest.Start(t, s, 60, 15)
	if v := strings.Join(strings.Fields(s.View()), ""); !strings.Contains(v, "nosavedrequestin") || !strings.Contains(v, "--saveNAMEdoestoo)") {
		t.Fatalf("cut:\n%s", s.View())
	}
	for _, l := range strings.Split(s.View(), "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Fatalf("wider than the page, for the frame to cut: %q", l)
		}
	}
	if k := s.ShortHelp(); len(k) != 0 { // open, rename, delete, filter: of nothing
		t.Fatalf("the footer offers %d keys over an empty list", len(k))
	}
}

// With files there and none readable, the page says so, not "no saved request yet" (which
// sent the user to save again), above the files' mistakes.
func TestSavedNoneReadableIsNotNoneYet(t *testing.T) {
	t.Parallel()
	c := pagetest.Context(nil, i18n.English)
	dir := t.TempDir()
	c.Collection = &collection.Store{Dir: dir}
	if err := os.MkdirAll(filepath.Join(dir, "demo-echo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "demo-echo", "bad.yaml"), []byte("name: bad\nmethod: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := NewSavedScreen(c, "")
	pagetest.Start(t, s, 100, 15)
	v := s.View()
	if strings.Contains(v, "yet") || !strings.Contains(v, "could be read") || !strings.Contains(v, "bad.yaml:2") {
		t.Fatalf("unreadable files only:\n%s", v)
	}
}
