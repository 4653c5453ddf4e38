package tui

import (
	"strings"
	"testing"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	tea "github.com/charmbracelet/bubbletea"
)

// noSavedProfiles is a profile store holding none: a run on the environment alone.
type noSavedProfiles struct{ *fakeProfiles }

func (noSavedProfiles) List() ([]common.ProfileInfo, string, error) {
	return nil, "", nil // as the config file with no profile answers
}

// The profile page of a console running on the environment alone showed the table's headings
// over no row: it says the console runs on the environment, and which key saves a profile.
func TestProfilePageSaysTheEnvironmentIsInUse(t *testing.T) {
	t.Parallel()
	for lang, want := range map[i18n.Lang]string{i18n.English: "runs on the environment alone", i18n.Chinese: "本控制台只使用环境变量"} {
		for _, saved := range []bool{false, true} {
			f := newFake()
			c := common.NewContext(f, common.ProfileInfo{AppCode: "my-app", APIURLTmpl: "http://127.0.0.1:1/api/{api_name}"}, lang)
			c.Profiles = noSavedProfiles{&fakeProfiles{}}
			if saved {
				c.Profiles = &fakeProfiles{}
			}
			h := &harness{t: t, m: New(c), f: f}
			h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
			h.run(h.m.Init())
			h.send(common.OpenPageMsg{To: common.ProfilePage{}})
			if said := strings.Contains(h.view(), want); said == saved {
				t.Errorf("%s, a profile saved %v: said %v\n%s", lang, saved, said, h.view())
			}
		}
	}
}
