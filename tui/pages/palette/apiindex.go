package palette

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bkconsole/bkconsole/tui/common"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	tea "github.com/charmbracelet/bubbletea"
)

// apiEntry is one API of the palette's index: only what the palette shows and searches, so
// the index of a 50,000-API gateway costs a few MB, not a second copy of its list.
type APIEntry struct {
	Gateway string `json:"g"`
	Stage   string `json:"s"`
	Name    string `json:"n"`
	Method  string `json:"m"`
	Path    string `json:"p"`
	Desc    string `json:"d,omitempty"`
	// Flags are the API's verification and permission needs (a app, u user, p permission,
	// y applications allowed) and what else it is (i an AI resource; t, c: it accepts personal
	// and public-client tokens): a doc opened from the palette states them as the list does.
	Flags string `json:"f,omitempty"`
}

// entryFlags packs a resource's needs into an entry's Flags.
func entryFlags(r client.Resource) string {
	var b strings.Builder
	for _, f := range []struct {
		on bool
		c  byte
	}{{r.VerifiedAppRequired, 'a'}, {r.VerifiedUserRequired, 'u'}, {r.ResourcePermRequired, 'p'}, {r.AllowApplyPermission, 'y'},
		{r.IsAI(), 'i'}, {r.OAuth2PersonalClientEnabled, 't'}, {r.OAuth2PublicClientEnabled, 'c'}} {
		if f.on {
			b.WriteByte(f.c)
		}
	}
	return b.String()
}

var errIndexFull = errors.New("index full")

// resource is the entry as the screens take it.
func (e APIEntry) resource() client.Resource {
	return client.Resource{Name: e.Name, Method: e.Method, Path: e.Path, Description: e.Desc,
		VerifiedAppRequired: strings.Contains(e.Flags, "a"), VerifiedUserRequired: strings.Contains(e.Flags, "u"),
		ResourcePermRequired: strings.Contains(e.Flags, "p"), AllowApplyPermission: strings.Contains(e.Flags, "y"),
		OAuth2PersonalClientEnabled: strings.Contains(e.Flags, "t"), OAuth2PublicClientEnabled: strings.Contains(e.Flags, "c"), Kind: kindOf(e.Flags)}
}

func kindOf(flags string) string {
	if strings.Contains(flags, "i") {
		return client.KindAI
	}
	return ""
}

// indexDescRunes bounds a description kept in the index.
const indexDescRunes = 60

// apiIndexMsg carries every gateway's APIs, read in the background (or from the last run's
// copy on disk), so the palette finds any API by name or path from the start.
type APIIndexMsg struct {
	Scope    string // the profile and stage it was built for
	Entries  []APIEntry
	FromDisk bool
	// Unread are the gateways whose APIs could not be read and that no earlier index had: the
	// palette does not find their APIs, and says so.
	Unread []string
}

// Bounds of the background index: it must never cost more than the lists the user opens.
const (
	indexWorkers    = 4
	indexMaxAPIs    = 200_000
	indexPerGW      = 15 * time.Second
	indexAltogether = 2 * time.Minute
)

// IndexScope names what an index was built for: the profile (and language of descriptions).
// The index's disk copy is versioned: one written before a flag existed would not state it.
func IndexScope(c *common.Context) string { return c.DiskKey("apiindex.v3") }

// BuildIndex reads the APIs of every gateway with a few workers. A gateway that fails keeps
// the APIs previous had of it (the last run's index, kept on disk); one that no index had is
// named in the answer's Unread.
func BuildIndex(b resourceLister, gws []client.Gateway, stage, scope string, disk common.DiskCache, diskKey string, previous []APIEntry) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), indexAltogether)
		defer cancel()
		work := make(chan client.Gateway)
		var mu sync.Mutex
		var entries []APIEntry
		failed := map[string]bool{}
		var taken atomic.Int64 // len(entries): once it is the most, nothing more is listed
		var wg sync.WaitGroup
		for i := 0; i < indexWorkers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for g := range work {
					gctx, gcancel := context.WithTimeout(ctx, indexPerGW)
					var mine []APIEntry
					_, err := b.EachResource(gctx, g.Name, stage, func(r client.Resource) error {
						if len(mine)+int(taken.Load()) >= indexMaxAPIs {
							return errIndexFull
						}
						desc := client.CutRunes(r.Description, indexDescRunes)
						// Copies: the index must not keep the decoded answer alive.
						mine = append(mine, APIEntry{Gateway: g.Name, Stage: stage, Name: strings.Clone(r.Name),
							Method: strings.Clone(r.Method), Path: strings.Clone(r.Path), Desc: strings.Clone(desc), Flags: entryFlags(r)})
						return nil
					})
					gcancel()
					if err != nil && err != errIndexFull && len(mine) == 0 {
						mu.Lock()
						failed[g.Name] = true
						mu.Unlock()
						continue
					}
					mu.Lock()
					entries = append(entries, mine[:min(len(mine), max(0, indexMaxAPIs-len(entries)))]...)
					taken.Store(int64(len(entries)))
					mu.Unlock()
				}
			}()
		}
		for _, g := range gws {
			if ctx.Err() != nil || taken.Load() >= indexMaxAPIs {
				break
			}
			work <- g
		}
		close(work)
		wg.Wait()
		entries, unread := keepPrevious(entries, previous, failed)
		if disk != nil && len(entries) > 0 {
			_ = disk.Save(diskKey, entries)
		}
		return APIIndexMsg{Scope: scope, Entries: entries, Unread: unread}
	}
}

// keepPrevious adds to entries what previous had of the gateways that failed, within
// indexMaxAPIs, and names those of them previous did not have.
func keepPrevious(entries, previous []APIEntry, failed map[string]bool) ([]APIEntry, []string) {
	kept := map[string]bool{}
	for _, e := range previous {
		if failed[e.Gateway] && len(entries) < indexMaxAPIs {
			entries = append(entries, e)
			kept[e.Gateway] = true
		}
	}
	var unread []string
	for g := range failed {
		if !kept[g] {
			unread = append(unread, g)
		}
	}
	slices.Sort(unread)
	return entries, unread
}

// LoadIndex reads the last run's index from disk.
func LoadIndex(disk common.DiskCache, key, scope string) tea.Cmd {
	return func() tea.Msg {
		var entries []APIEntry
		if _, ok := disk.Load(key, &entries); !ok {
			return nil
		}
		untrusted.Strings(&entries) // a file is no more trusted than the server it came from
		return APIIndexMsg{Scope: scope, Entries: entries, FromDisk: true}
	}
}
