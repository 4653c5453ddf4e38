package chat

import "github.com/bkconsole/bkconsole/client"

// draft is what a chat leaves for its next visit, as the request console leaves its request:
// the conversation, the message typed, the model asked for and streaming. Leaving had dropped
// them all, the message being typed included.
type draft struct {
	messages       []client.ChatMessage
	message, model string
	stream         bool
}

func (s *Screen) draftKey() string { return "chat/" + s.gw + "/" + s.stage + "/" + s.res.Name }

// Close keeps the chat for its next visit. A question whose answer was still being written
// goes back to the message field (its call ends with the page), as after a failed call.
func (s *Screen) Close() {
	d := draft{messages: s.messages, message: s.input.Value(), model: s.model.Value(), stream: s.stream}
	if n := len(d.messages); s.state == answering && n > 0 && d.messages[n-1].Role == "user" {
		if d.message == "" {
			d.message = d.messages[n-1].Content
		}
		d.messages = d.messages[:n-1]
	}
	s.Ctx.Cache.Drafts.Put(s.draftKey(), d)
	s.Base.Close()
}

// restore puts back what the last visit left.
func (s *Screen) restore() {
	v, ok := s.Ctx.Cache.Drafts.Get(s.draftKey())
	d, isDraft := v.(draft)
	if !ok || !isDraft {
		return
	}
	s.messages, s.stream = d.messages, d.stream
	s.input.SetValue(d.message)
	s.model.SetValue(d.model)
}
