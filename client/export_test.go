package client

import "net/http"

// DecodeForTest decodes an answer of A, O or I (wrapped in data) the way a real one is decoded.
func DecodeForTest(status int, raw []byte, out any) error {
	return decodeAnswer(status, http.Header{}, raw, envData, "test", out)
}
