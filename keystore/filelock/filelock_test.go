package filelock

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Concurrent writers each read, add one and write: none is lost.
func TestWithSerialises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				err := With(path, func() error {
					b, _ := os.ReadFile(path)
					n, _ := strconv.Atoi(string(b))
					return os.WriteFile(path, []byte(strconv.Itoa(n+1)), 0o600)
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if b, _ := os.ReadFile(path); string(b) != "160" {
		t.Fatalf("lost updates: %s", b)
	}
}

// A lock file left by a crashed run holds nothing: the next run goes straight on.
func TestLeftoverLockFileDoesNotBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "profiles.json")
	for _, f := range []string{path + ".lock", path + ".lock.held"} {
		if err := os.WriteFile(f, []byte("1234"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := With(path, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("waited %s on a leftover file", d)
	}
}
