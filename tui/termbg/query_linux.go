package termbg

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// query asks the terminal on stdout for its background (OSC 11), then for the cursor position
// (which every terminal answers, so an answer without OSC 11 ends the wait early), and waits at
// most wait in all. It touches nothing when stdout is not a terminal in the foreground.
func query(wait time.Duration) ([3]float64, bool) {
	fd := int(os.Stdout.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return [3]float64{}, false // not a terminal
	}
	if pgrp, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP); err != nil || pgrp != unix.Getpgrp() {
		return [3]float64{}, false // in the background: the terminal is not ours to ask
	}
	raw := *t
	raw.Lflag &^= unix.ECHO | unix.ICANON
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &raw); err != nil {
		return [3]float64{}, false
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, t) //nolint:errcheck
	if _, err := os.Stdout.WriteString("\x1b]11;?\x1b\\\x1b[6n"); err != nil {
		return [3]float64{}, false
	}
	deadline := time.Now().Add(wait)
	var got []byte
	buf := make([]byte, 256)
	for len(got) < 4096 {
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			break
		}
		r, err := unix.Read(fd, buf)
		if err != nil || r <= 0 {
			break
		}
		got = append(got, buf[:r]...)
		if cursorReportEnds(got) {
			break
		}
	}
	return parseOSC11(string(got))
}

// cursorReportEnds tells whether the cursor position report (ESC [ row ; col R) has arrived:
// it comes after the OSC 11 answer, if there is one.
func cursorReportEnds(b []byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == 'R' {
			for j := i - 1; j >= 0; j-- {
				c := b[j]
				if c == '[' {
					return j > 0 && b[j-1] == 0x1b
				}
				if c != ';' && (c < '0' || c > '9') {
					break
				}
			}
		}
	}
	return false
}
