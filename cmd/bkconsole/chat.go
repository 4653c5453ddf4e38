package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/history"
	"github.com/bkconsole/bkconsole/client/untrusted"
)

// summaryWait bounds the wait for the gateway's log of an AI call (it is indexed after the call).
const summaryWait = 10 * time.Second

// sendChat sends a call to an AI resource once: a streamed answer is printed as it arrives, then
// the status line and the gateway's token summary, looked up by the request id. An answer that
// is not a Chat Completions answer (a refusal, a provider's error) is reported as any call's.
func (a *App) sendChat(ctx context.Context, p *client.Planner, r client.CallRequest, resName string, asJSON bool) error {
	tty := isTerminal(a.Stdout)
	var writeErr error
	printed := false
	onDelta := func(d string) {
		if asJSON || a.jq != nil || writeErr != nil {
			return
		}
		if tty {
			d = untrusted.Text(d)
		}
		_, writeErr = fmt.Fprint(a.Stdout, d)
		printed = true
	}
	resp, chat, _, err := p.Chat(ctx, r, onDelta)
	if errors.Is(err, client.ErrDryRun) {
		return a.printDryRun(err, client.SurfaceCall, asJSON)
	}
	if err != nil && resp == nil {
		return err
	}
	_ = a.historyStore().Add(history.FromCall(r, resName, p.Cfg.StageList()[0], resp, time.Now()))
	if chat == nil {
		return a.notChat(ctx, p, r, resName, resp, err, asJSON)
	}
	if writeErr != nil {
		return &writeError{writeErr}
	}
	if !asJSON && a.jq == nil {
		if !chat.Streamed {
			onDelta(chat.Content)
		}
		if printed || chat.Content != "" {
			fmt.Fprintln(a.Stdout)
		}
	}
	a.statusLine(resp)
	if err != nil {
		// The stream broke off: what arrived is printed; the rest never came.
		a.notice("%s", a.T("chat.cut", len(chat.Content)))
	}
	var summary *client.LLMSummary
	if resp.RequestID != "" {
		if s, ok, serr := p.LLMSummary(ctx, resp.RequestID, summaryWait); ok {
			summary = &s
		} else if !asJSON {
			if serr != nil {
				a.notice("%s", a.T("chat.no_summary_err", a.describeShort(serr)))
			} else {
				a.notice("%s", a.T("chat.no_summary", summaryWait))
			}
		}
	}
	switch {
	case asJSON:
		out := map[string]any{"status": resp.Status, "request_id": resp.RequestID, "duration_ms": resp.Duration.Milliseconds(),
			"message": client.ChatMessage{Role: "assistant", Content: chat.Content}, "finish_reason": chat.FinishReason,
			"model": chat.Model, "usage": chat.Usage, "streamed": chat.Streamed, "complete": err == nil, "llm_summary": summary}
		if werr := a.writeJSON(out); werr != nil {
			return werr
		}
	case a.jq != nil:
		// --jq reads the answer put together: {content, usage, llm_summary}.
		b, _ := json.Marshal(map[string]any{"content": chat.Content, "usage": chat.Usage, "llm_summary": summary})
		if jerr := a.jq.run(a.Stdout, b); jerr != nil {
			return jerr
		}
	}
	if summary != nil && !asJSON {
		fmt.Fprintln(a.Stderr, summary.Text(a.L()))
	}
	if err != nil {
		return err
	}
	return callExit(resp)
}

// notChat reports an AI call whose answer is no Chat Completions answer: a refusal (the
// gateway's, the provider's) or a success of another shape, each printed as it came.
func (a *App) notChat(ctx context.Context, p *client.Planner, r client.CallRequest, resName string, resp *client.CallResponse, err error, asJSON bool) error {
	if rerr := a.printResponse(resp, err, asJSON); rerr != nil || err != nil {
		return firstErr(rerr, err)
	}
	if nc := client.NotChat(resp); nc != nil {
		return nc // the body is above, as it came
	}
	return a.callOutcome(ctx, p, r, resName, resp)
}
