package tui

const cacheGateways = "gateways"

// cacheNoESB marks a session on an installation without ESB (multi-tenant).
const cacheNoESB = "esb.absent"

const (
	cachePerms = "perms/"
	cacheAllow = "allow/"
)

func draftKey(gw string) string { return "applydraft/" + gw }

const cacheRecords = "records"
