package console

import "net/http"

func statusTexts(code int) string { return http.StatusText(code) }
