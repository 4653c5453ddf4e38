package client

import (
	"net/url"
	"strings"
)

// ConfigError is a setting that cannot work, found before anything is sent: which setting (its
// environment variable, which is also what `login` sets), and why.
type ConfigError struct {
	Var    string // BK_API_URL_TMPL, BK_COMPONENT_API_URL, …
	Value  string
	Reason string // a catalog key: config.not_url, config.no_api_name
}

func (e *ConfigError) Error() string { return e.Var + "=" + e.Value + ": " + e.Reason }

// Hint of a setting that cannot work: fix the setting.
func (e *ConfigError) Hint() Hint { return Hint{e.Reason, "fix.config"} }

// Check finds a setting that cannot work: an address that is not an http(s) URL with a host,
// a gateway URL template without {api_name}.
func (c Config) Check() error {
	for _, s := range []struct{ name, v string }{
		{"BK_API_URL_TMPL", c.APIURLTmpl},
		{"BK_COMPONENT_API_URL", c.ComponentAPIURL},
		{"BKCONSOLE_HELP_CENTER_URL", c.HelpCenterURL},
		{"BKCONSOLE_DEVELOPER_CENTER_URL", c.DeveloperCenterURL},
	} {
		if s.v == "" {
			continue
		}
		probe := strings.NewReplacer("{api_name}", "gw", "{gateway_name}", "gw").Replace(s.v)
		u, err := url.Parse(probe)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &ConfigError{Var: s.name, Value: s.v, Reason: "config.not_url"}
		}
		if s.name == "BK_API_URL_TMPL" && !strings.Contains(s.v, "{api_name}") && !strings.Contains(s.v, "{gateway_name}") {
			return &ConfigError{Var: s.name, Value: s.v, Reason: "config.no_api_name"}
		}
	}
	return nil
}
