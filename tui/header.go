package tui

import (
	"errors"
	"slices"
	"strings"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/tui/common"
	"github.com/charmbracelet/x/ansi"
)

// headerPart is one segment of the header bar. On a narrow terminal the bar gives way in the
// order of keep, least first: the parts take their short forms, then leave; a part kept at
// keepAlways (the program's name, a TLS warning, a refused login, a failed connection) stays
// whatever the width, so what the user must know is never what is cut.
type headerPart struct {
	text, short string // rendered; short is "" where the part has no shorter form
	keep        int
}

const keepAlways = 100

// fitHeader joins the parts that fit width, in their order, with sep; the last resort for a
// bar of only kept parts is cutting it at the edge.
func fitHeader(parts []headerPart, sep string, width int) string {
	parts = slices.Clone(parts)
	gone := make([]bool, len(parts))
	join := func() string {
		var texts []string
		for i, p := range parts {
			if !gone[i] {
				texts = append(texts, p.text)
			}
		}
		return strings.Join(texts, sep)
	}
	fits := func() bool { return ansi.StringWidth(join()) <= width }
	order := make([]int, len(parts)) // least kept first; ties give way from the right
	for i := range order {
		order[i] = len(parts) - 1 - i
	}
	slices.SortStableFunc(order, func(a, b int) int { return parts[a].keep - parts[b].keep })
	// First the short forms, then leaving, of what may leave; last the short forms of what stays.
	for _, i := range order {
		if fits() {
			return join()
		}
		if parts[i].short != "" && parts[i].keep < keepAlways {
			parts[i].text = parts[i].short
		}
	}
	for _, i := range order {
		if fits() {
			return join()
		}
		if parts[i].keep < keepAlways {
			gone[i] = true
		}
	}
	for _, i := range order {
		if fits() {
			return join()
		}
		if parts[i].short != "" {
			parts[i].text = parts[i].short
		}
	}
	return ansi.Truncate(join(), width, "…")
}

// onConn takes how a load went into the header's connection state.
func (m *Model) onConn(msg common.ConnMsg) {
	switch {
	case msg.Saved && (m.connVia != "" || m.connErr != nil):
		// something has answered already (who is logged in): that is the news
	case msg.Err != nil && gaveUp(msg.Err) && m.connVia == "":
		m.connErr = msg.Err // no server reached: every one tried was given up (no "connecting" for good)
	case msg.Err != nil && serverAnswered(msg.Err):
		if msg.Via != "" { // the surface that said so is reached
			m.connVia, m.connErr = msg.Via, nil
		}
	default:
		m.connVia, m.connErr, m.connSaved = msg.Via, msg.Err, msg.Saved
	}
}

// gaveUp tells a feature unavailable because a server that would serve it could not be talked
// to (unreachable, the wrong scheme, a certificate not trusted), not for want of a setting.
func gaveUp(err error) bool {
	var un *client.ErrUnavailable
	if !errors.As(err, &un) {
		return false
	}
	for _, cause := range un.Causes { // a refused login is an answer: the header's token mark says it
		if errors.As(cause, new(*client.TransportError)) || client.HintOf(cause).Meaning == "net.wrong_scheme" {
			return true
		}
	}
	return false
}

// serverAnswered tells an error that is the server's answer, not a failure to get one: a
// feature the installation does not offer, or the credentials do not reach, a name it does not
// know. The header's connection state does not turn to "error" for it.
func serverAnswered(err error) bool {
	if errors.Is(err, client.ErrNoESB) {
		return true
	}
	p := client.Present(err, i18n.English)
	return p.Unavailable || p.NotFound || p.Input
}
