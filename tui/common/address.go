package common

// Addressed messages: a command's result names the screen that asked for it (its id), and the
// root delivers it to that screen alone, as gh-dash's section messages do. Only what concerns
// everyone (a resize, a language switch, a record the watcher saw change) is broadcast.

// Addressed is a message for one screen.
type Addressed interface{ To() int64 }
