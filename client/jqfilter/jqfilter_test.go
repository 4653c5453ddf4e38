package jqfilter

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParsePointsAtTheMistake(t *testing.T) {
	_, err := Parse(".data | [")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("want a SyntaxError, got %v", err)
	}
	if se.Position < 8 || !strings.Contains(se.Error(), "⟨here⟩") {
		t.Fatalf("position %d: %v", se.Position, se)
	}
}

func TestRunPrintsStringsRawAndKeepsDigits(t *testing.T) {
	v, err := Decode([]byte(`{"id": 12345678901234567890, "who": "bob", "list": [1, 2]}`))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := Parse(".who, .id, .list")
	var out bytes.Buffer
	if err := f.Run(context.Background(), &out, v, 0); err != nil {
		t.Fatal(err)
	}
	if want := "bob\n12345678901234567890\n[\n  1,\n  2\n]\n"; out.String() != want {
		t.Fatalf("got %q", out.String())
	}
}

func TestRunIsBounded(t *testing.T) {
	f, _ := Parse("range(100000)")
	var out bytes.Buffer
	if err := f.Run(context.Background(), &out, nil, 64); !errors.Is(err, ErrTooLong) || out.Len() != 64 {
		t.Fatalf("limit: %v, %d bytes", err, out.Len())
	}
	f, _ = Parse("def f: f; f")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := f.Run(ctx, &out, nil, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("an endless filter ends with its context: %v", err)
	}
}
