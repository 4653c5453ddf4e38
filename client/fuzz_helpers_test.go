package client

import (
	"encoding/json"
	"unicode/utf8"
)

func utf8Valid(s string) bool { return utf8.ValidString(s) }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
