//go:build !race

package client_test

const slowdown = 1
