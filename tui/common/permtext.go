package common

import (
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
)

// ExpiringDays is when an owned permission starts to stand out.
const ExpiringDays = 30

// ExpiresDays is how many days a permission has left, rounded up; -1 when it does not expire.
func ExpiresDays(x client.Grant) int64 {
	if x.ExpiresIn == nil || *x.ExpiresIn <= 0 {
		return -1
	}
	return int64(*x.ExpiresIn+86399) / 86400
}

// IsExpiring is an owned permission ending within ExpiringDays.
func IsExpiring(x client.Grant) bool {
	d := ExpiresDays(x)
	return x.PermissionStatus == client.StatusOwned && d >= 0 && d <= ExpiringDays
}

// ExpiryText says when a permission ends.
func ExpiryText(c *Context, x client.Grant) string {
	if x.PermissionStatus == client.StatusUnlimited || x.PermissionStatus == "unknown" {
		return "-"
	}
	return i18n.ExpiryText(c.Lang, x.Expiry())
}

// ExpiryCell is ExpiryText in a column headed "Expires" (i18n.ExpiryCell), as the CLI's
// tables say it.
func ExpiryCell(c *Context, x client.Grant) string {
	if x.PermissionStatus == client.StatusUnlimited || x.PermissionStatus == "unknown" {
		return "-"
	}
	return i18n.ExpiryCell(c.Lang, x.Expiry())
}

// LevelText names a permission level in the UI language (i18n.Level).
func LevelText(c *Context, level string) string { return i18n.Level(c.Lang, level) }

// StatusBadge is a permission status in its colour.
func StatusBadge(c *Context, x client.Grant) string {
	st := c.Theme.PermStatus[x.PermissionStatus]
	if IsExpiring(x) {
		st = c.Theme.PermStatus["expiring"]
	}
	return st.Render(i18n.Status(c.Lang, x.PermissionStatus))
}

// NewExpiry is what a renewal of p sets (client.RenewedExpiry); zero means never expires.
func NewExpiry(p client.Grant, days int, now time.Time) time.Time {
	return client.RenewedExpiry(p.ExpiresIn, days, now)
}

// ValidityChoices are the form's validities (client.ValidityChoices).
var ValidityChoices = client.ValidityChoices

// ValidityText words a validity in days (0: permanent).
func ValidityText(c *Context, days int) string { return i18n.Validity(c.Lang, days) }

// Chosen is what a batch action (apply, renew) takes on any kind's list: the picked items that
// fit it, else the item under the cursor if that fits. Gateway APIs, components, MCP servers and
// the permissions to renew all choose this way, so space is needed only for more than one.
func Chosen[T any](picked []T, cursor func() (T, bool), fits func(T) bool) []T {
	var out []T
	for _, x := range picked {
		if fits(x) {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		if x, ok := cursor(); ok && fits(x) {
			out = append(out, x)
		}
	}
	return out
}
