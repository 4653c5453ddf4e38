package common

// Keys of the session cache (Context.Cache) that more than one page reads or clears.
const (
	// CacheGateways holds the gateway list.
	CacheGateways = "gateways"
	// CacheNoESB marks a session on an installation without ESB (multi-tenant).
	CacheNoESB = "esb.absent"
	// CachePerms + a gateway holds its permission status; a decided record clears it.
	CachePerms = "perms/"
	// CacheAllow + a gateway holds whether the whole gateway may be applied for.
	CacheAllow = "allow/"
	// CacheRecords holds the application records the watcher last saw.
	CacheRecords = "records"
)

// DraftKey is where an unsent application for a gateway waits in the session cache.
func DraftKey(gw string) string { return "applydraft/" + gw }
