package main

import (
	"testing"
	"time"
)

// A terminal login asks a new profile for its secrets without offering to keep a saved one
// (there is none: "empty keeps the saved one" was said to a first login); a profile logged in
// before is offered it. Both in the reader's language.
func TestLoginPromptsSayWhatEmptyMeans(t *testing.T) {
	h := newHome(t)
	env := append(h.env, "LANG=zh_CN.UTF-8")
	args := []string{"login", "--profile", "p", "--app-code", "bkc-demo", "--api-url-tmpl", "http://127.0.0.1:1/api/{api_name}", "--no-verify"}
	for _, want := range [][2]string{
		{"应用密钥（输入不显示）：", "bk_token（输入不显示；可选，留空表示不设置）："},
		{"应用密钥（输入不显示；留空保留原值）：", "bk_token（输入不显示；可选；留空保留原值）："},
	} {
		r := startPty(t, answersLikeATerminal, binary, env, args...)
		r.waitFor(want[0], 10*time.Second)
		r.f.Write([]byte("s3cret\r"))
		r.waitFor(want[1], 10*time.Second)
		r.f.Write([]byte("\r"))
		r.cmd.Wait() // the profile is saved (with its secrets, or without where no keyring is)
	}
}
