package client

import (
	"testing"
	"time"
)

// A call's time keeps its unit: under a millisecond in microseconds (a loopback answer read
// "0s"), above it to the millisecond.
func TestTookKeepsItsUnit(t *testing.T) {
	for d, want := range map[time.Duration]time.Duration{
		312*time.Microsecond + 400*time.Nanosecond: 312 * time.Microsecond,
		0: 0,
		12*time.Millisecond + 400*time.Microsecond: 12 * time.Millisecond,
		2 * time.Second: 2 * time.Second,
	} {
		if got := (&CallResponse{Duration: d}).Took(); got != want {
			t.Errorf("%v: %v, want %v", d, got, want)
		}
	}
}
