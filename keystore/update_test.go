package keystore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := Update(path, func(f *File) error {
				f.Put(Profile{Name: fmt.Sprintf("p%02d", i), AppCode: "app"})
				return nil
			}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	f, err := Load(path)
	if err != nil || len(f.Profiles) != 20 {
		t.Fatalf("%v: %d of 20 profiles kept", err, len(f.Profiles))
	}
}

func TestDamagedConfigNamesTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	os.WriteFile(path, []byte("{\n  \"active\": \"a\",\n  \"profiles\": [ oops ]\n}\n"), 0o600)
	_, err := Load(path)
	var d *DamagedError
	if !errors.As(err, &d) || d.Line != 3 || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("%v", err)
	}
	// Columns count characters, as an editor shows them, and name the character at fault: a
	// Chinese name before the mistake had put it two columns further per character, and the
	// column was the one after it.
	os.WriteFile(path, []byte("{\"active\": \"生产\", x}"), 0o600)
	if _, err := Load(path); !errors.As(err, &d) || d.Line != 1 || d.Col != 18 {
		t.Fatalf("%+v", d)
	}
	to, err := MoveAside(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(to); err != nil {
		t.Fatal(err)
	}
	if f, err := Load(path); err != nil || len(f.Profiles) != 0 {
		t.Fatalf("after moving aside: %v", err)
	}
}

func TestBadTimeoutIsRejectedAtLoad(t *testing.T) {
	for _, v := range []string{`"-5s"`, `"soon"`, `15`} {
		path := filepath.Join(t.TempDir(), "config.json")
		os.WriteFile(path, []byte(`{"profiles": [{"name": "a", "timeout": `+v+`}]}`), 0o600)
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "timeout") {
			t.Errorf("timeout %s: %v", v, err)
		}
	}
}
