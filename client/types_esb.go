package client

import (
	"encoding/json"
	"strings"
)

// ESB component APIs (spec section E).

// ESBSystem is a system whose components are called through ESB.
type ESBSystem struct {
	ID            int    `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	DescriptionEn string `json:"description_en,omitempty"` // I sends it beside the Chinese one
	Maintainers   Flexes `json:"maintainers"`
	Tag           string `json:"tag"`
}

// Describe is the description in the reader's language where the server sent one.
func (s ESBSystem) Describe(english bool) string {
	return Described(s.Description, s.DescriptionEn, english)
}

// Described is the description in the reader's language: the English one for an English reader
// where the server sent one, else the one it always sends (Chinese, as a rule).
func Described(description, english string, inEnglish bool) string {
	if inEnglish && english != "" {
		return english
	}
	return description
}

// Component is a component API with this app's permission on it; expires_in follows the same
// null rule as gateway resources (read it with the status).
type Component struct {
	ID         int    `json:"id"`
	Name       string `json:"name"`
	SystemName string `json:"system_name"`
	SystemID   int    `json:"system_id"`
	Tag        string `json:"tag"`
	Grant
}

// ComponentRecord is an application for components.
type ComponentRecord struct {
	Application
	SystemName string `json:"system_name"`
}

// Applied is the application and its system's name (Record.Applied).
func (r ComponentRecord) Applied() (Application, string) { return r.Application, r.SystemName }

// ComponentRecordDetail is a record with its components' results.
type ComponentRecordDetail struct {
	ComponentRecord
	Tag        string            `json:"tag"`
	Components []ComponentResult `json:"components"`
}

// ComponentResult is one component's outcome in an application.
type ComponentResult struct {
	ID            int    `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	DescriptionEn string `json:"description_en"`
	ApplyStatus   string `json:"apply_status"`
}

// Flexes is a list of strings that a server may also send as one comma-separated string.
type Flexes []string

func (f *Flexes) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*f = list
		return nil
	}
	var one string
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*f = nil
	for _, s := range strings.Split(one, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*f = append(*f, s)
		}
	}
	return nil
}
