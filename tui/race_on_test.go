//go:build race

package tui

// raceEnabled tells measurements that the race detector slows everything several times.
const raceEnabled = true
