package common

const CacheGateways = "gateways"

// cacheNoESB marks a session on an installation without ESB (multi-tenant).
const CacheNoESB = "esb.absent"

const (
	CachePerms = "perms/"
	CacheAllow = "allow/"
)

func DraftKey(gw string) string { return "applydraft/" + gw }

const CacheRecords = "records"
