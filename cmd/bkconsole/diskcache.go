package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/adrg/xdg"
	"github.com/google/renameio/v2/maybe"
)

// diskCache keeps answers between runs under $XDG_CACHE_HOME/bkconsole, one file per profile
// and key; it holds no secret (the gateway list only).
type diskCache struct{ dir, scope string }

func newDiskCache(scope string) *diskCache {
	sum := sha256.Sum256([]byte(scope))
	return &diskCache{dir: filepath.Join(xdg.CacheHome, "bkconsole"), scope: hex.EncodeToString(sum[:8])}
}

type cacheEntry struct {
	SavedAt time.Time       `json:"saved_at"`
	Value   json.RawMessage `json:"value"`
}

func (c *diskCache) path(key string) string { return filepath.Join(c.dir, c.scope+"-"+key+".json") }

func (c *diskCache) Load(key string, v any) (time.Time, bool) {
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return time.Time{}, false
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || json.Unmarshal(e.Value, v) != nil {
		return time.Time{}, false
	}
	return e.SavedAt, true
}

func (c *diskCache) Save(key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b, err := json.Marshal(cacheEntry{SavedAt: time.Now(), Value: raw})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path(key)), 0o700); err != nil {
		return err
	}
	return maybe.WriteFile(c.path(key), b, 0o600)
}
