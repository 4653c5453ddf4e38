package client

import (
	"encoding/json"
	"errors"
)

// CheckJSON refuses a body that is not JSON, saying where: line and column, as editors count.
func CheckJSON(body []byte) error {
	var v any
	err := json.Unmarshal(body, &v)
	if err == nil {
		return nil
	}
	off := int64(len(body))
	msg := "unexpected end of JSON input"
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off, msg = se.Offset, se.Error()
	}
	line, col := 1, 1
	for i := int64(0); i < off-1 && i < int64(len(body)); i++ {
		if body[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &ErrUserInput{Key: "input.bad_json", Args: []any{line, col, msg}}
}
