// Package keyringtest holds what the tests against a real Secret Service share: whether one
// was set up, and what a test does when it was not.
package keyringtest

import (
	"os"
	"testing"
)

// Require skips a test that needs a real Secret Service when none was set up, except in CI:
// there .ci/test starts gnome-keyring-daemon on a private D-Bus session bus and sets
// BKCONSOLE_SECRET_SERVICE=1, and a keyring that could not be started is a failure.
func Require(t testing.TB) {
	t.Helper()
	if os.Getenv("BKCONSOLE_SECRET_SERVICE") == "1" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI runs the keyring tests against a real Secret Service, and none was set up: .ci/test could not start gnome-keyring-daemon on a private D-Bus session")
	}
	t.Skip("no private Secret Service: run through .ci/test")
}
