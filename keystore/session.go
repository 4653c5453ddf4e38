package keystore

import "sync"

// Session keeps secrets in memory for one run of the console, in front of a store that could
// not take them: a machine without a Secret Service (a server reached over SSH, WSL) can still
// log in and work for as long as the console runs. Nothing it holds is written anywhere; it is
// gone when the program ends, and the user is told so.
type Session struct {
	Store Secrets

	mu   sync.Mutex
	held map[string]string // profile + "\x00" + kind → value
}

// NewSession puts a session's memory in front of store.
func NewSession(store Secrets) *Session { return &Session{Store: store} }

func sessionKey(profile string, kind Kind) string { return profile + "\x00" + string(kind) }

// Hold keeps a secret for this run only; an empty one is none.
func (s *Session) Hold(profile string, kind Kind, value string) {
	if value == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = map[string]string{}
	}
	s.held[sessionKey(profile, kind)] = value
}

// Held is the secret this run holds for profile, if any (Resolve reports it as FromSession).
func (s *Session) Held(profile string, kind Kind) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.held[sessionKey(profile, kind)]
	return v, ok
}

// Get answers from the session's memory, else from the store.
func (s *Session) Get(profile string, kind Kind) (string, error) {
	if v, ok := s.Held(profile, kind); ok {
		return v, nil
	}
	return s.Store.Get(profile, kind)
}

// Set writes to the store: what the session holds is only what the store could not take.
func (s *Session) Set(profile string, kind Kind, value string) error {
	return s.Store.Set(profile, kind, value)
}

// Delete forgets the secret here and in the store.
func (s *Session) Delete(profile string, kind Kind) error {
	s.mu.Lock()
	delete(s.held, sessionKey(profile, kind))
	s.mu.Unlock()
	return s.Store.Delete(profile, kind)
}
