//go:build race

package client_test

// slowdown is how many times slower the race detector makes a measured run: a bound on time
// that proves a read was cut short is that many times looser under it.
const slowdown = 5
