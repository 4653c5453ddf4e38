package common

import (
	"os"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
)

// ReleaseMemory hands the garbage of decoding a large answer (tens of megabytes for 50,000
// APIs) back to the OS at once, instead of whenever the scavenger gets to it, so the resident
// size reflects what is kept.
func ReleaseMemory(items int) {
	if items >= 5000 {
		debug.FreeOSMemory()
	}
}

// FreeAfter returns the memory a large rebuild left behind, in a command so Update does not wait.
func FreeAfter(items int) tea.Cmd {
	if items < 5000 {
		return nil
	}
	return func() tea.Msg {
		debug.FreeOSMemory()
		return nil
	}
}

// memoryBudget is the heap the console aims to stay under: with the binary and the runtime's
// own, it keeps a 50,000-API gateway with its Permissions tab under 100 MB resident. Without
// it Go lets the heap grow to twice what is live before collecting.
const memoryBudget = 64 << 20

// LimitMemory makes the garbage collector work to stay within the budget, unless the user set
// GOMEMLIMIT. It is a soft limit: a larger installation still loads (the collector then runs
// more often, never more than half the CPU, as the runtime bounds it).
func LimitMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryBudget)
	}
}
