package tui

// Addressed messages: a command's result names the screen that asked for it (its id), and the
// root delivers it to that screen alone, as gh-dash's section messages do. Only what concerns
// everyone (a resize, a language switch, a record the watcher saw change) is broadcast.

// addressed is a message for one screen.
type addressed interface{ to() int64 }

func (m appliedCheckMsg) to() int64    { return m.id }
func (m appliedMsg) to() int64         { return m.id }
func (m callDoneMsg) to() int64        { return m.id }
func (m schemaMsg) to() int64          { return m.id }
func (m traceMsg) to() int64           { return m.id }
func (m savedMsg) to() int64           { return m.id }
func (m editorDoneMsg) to() int64      { return m.id }
func (m credentialsMsg) to() int64     { return m.id }
func (m docLoadedMsg) to() int64       { return m.id }
func (m gatewayDetailMsg) to() int64   { return m.id }
func (m resourcesLoadedMsg) to() int64 { return m.id }
func (m historyMsg) to() int64         { return m.id }
func (m importedMsg) to() int64        { return m.id }
func (m loginCheckedMsg) to() int64    { return m.id }
func (m profilesMsg) to() int64        { return m.id }
func (m reportMsg) to() int64          { return m.id }
func (m profileSwitchedMsg) to() int64 { return m.id }
func (m loginDoneMsg) to() int64       { return m.id }
func (m draftMsg) to() int64           { return m.id }
func (m recordsLoadedMsg) to() int64   { return m.id }
func (m recordLoadedMsg) to() int64    { return m.id }
func (m renewedMsg) to() int64         { return m.id }
func (m myPermsMsg) to() int64         { return m.id }
func (m sandboxStartedMsg) to() int64  { return m.id }
func (m permsLoadedMsg) to() int64     { return m.owner }
func (m sdksLoadedMsg) to() int64      { return m.owner }
func (m sdkUsageMsg) to() int64        { return m.owner }

// ID is the screen's address.
func (b *base) ID() int64             { return b.id }
func (m gatewaysLoadedMsg) to() int64 { return m.id }
