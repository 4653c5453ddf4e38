package tui

import (
	"time"
)

type clearStatusMsg struct{ id int }

// statusFade is how long a notice stays (a variable so tests can shorten it).
var statusFade = 5 * time.Second
