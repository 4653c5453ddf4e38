package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/untrusted"
	tea "github.com/charmbracelet/bubbletea"
)

// apiEntry is one API of the palette's index: only what the palette shows and searches, so
// the index of a 50,000-API gateway costs a few MB, not a second copy of its list.
type apiEntry struct {
	Gateway string `json:"g"`
	Stage   string `json:"s"`
	Name    string `json:"n"`
	Method  string `json:"m"`
	Path    string `json:"p"`
	Desc    string `json:"d,omitempty"`
}

var errIndexFull = errors.New("index full")

// resource is the entry as the screens take it.
func (e apiEntry) resource() client.Resource {
	return client.Resource{Name: e.Name, Method: e.Method, Path: e.Path, Description: e.Desc}
}

// indexDescRunes bounds a description kept in the index.
const indexDescRunes = 60

// apiIndexMsg carries every gateway's APIs, read in the background (or from the last run's
// copy on disk), so the palette finds any API by name or path from the start.
type apiIndexMsg struct {
	scope    string // the profile and stage it was built for
	entries  []apiEntry
	fromDisk bool
}

// Bounds of the background index: it must never cost more than the lists the user opens.
const (
	indexWorkers    = 4
	indexMaxAPIs    = 200_000
	indexPerGW      = 15 * time.Second
	indexAltogether = 2 * time.Minute
)

// indexScope names what an index was built for: the profile (and language of descriptions).
func indexScope(c *Context) string { return c.diskKey("apiindex") }

// buildIndex reads the APIs of every gateway with a few workers; gateways that fail are left
// out (the palette still finds those already opened).
func buildIndex(b Backend, gws []client.Gateway, stage, scope string, disk DiskCache, diskKey string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), indexAltogether)
		defer cancel()
		work := make(chan client.Gateway)
		var mu sync.Mutex
		var entries []apiEntry
		var wg sync.WaitGroup
		for i := 0; i < indexWorkers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for g := range work {
					gctx, gcancel := context.WithTimeout(ctx, indexPerGW)
					var mine []apiEntry
					_, err := b.EachResource(gctx, g.Name, stage, func(r client.Resource) error {
						if len(mine) >= indexMaxAPIs {
							return errIndexFull
						}
						desc := r.Description
						if rr := []rune(desc); len(rr) > indexDescRunes {
							desc = string(rr[:indexDescRunes]) + "…"
						}
						// Copies: the index must not keep the decoded answer alive.
						mine = append(mine, apiEntry{Gateway: g.Name, Stage: stage, Name: strings.Clone(r.Name),
							Method: strings.Clone(r.Method), Path: strings.Clone(r.Path), Desc: strings.Clone(desc)})
						return nil
					})
					gcancel()
					if err != nil && err != errIndexFull && len(mine) == 0 {
						continue
					}
					mu.Lock()
					entries = append(entries, mine[:min(len(mine), max(0, indexMaxAPIs-len(entries)))]...)
					mu.Unlock()
				}
			}()
		}
		for _, g := range gws {
			if ctx.Err() != nil {
				break
			}
			work <- g
		}
		close(work)
		wg.Wait()
		if disk != nil && len(entries) > 0 {
			_ = disk.Save(diskKey, entries)
		}
		return apiIndexMsg{scope: scope, entries: entries}
	}
}

// loadIndex reads the last run's index from disk.
func loadIndex(disk DiskCache, key, scope string) tea.Cmd {
	return func() tea.Msg {
		var entries []apiEntry
		if _, ok := disk.Load(key, &entries); !ok {
			return nil
		}
		untrusted.Strings(&entries) // a file is no more trusted than the server it came from
		return apiIndexMsg{scope: scope, entries: entries, fromDisk: true}
	}
}
