package collection

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/adrg/xdg"
	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/google/renameio/v2/maybe"
	"go.yaml.in/yaml/v3"
)

// EnvDir points at a collection folder (a project's, say) instead of the default one.
const EnvDir = "BKCONSOLE_COLLECTION"

// DefaultDir is where saved requests live unless told otherwise: the XDG data directory.
func DefaultDir() string { return filepath.Join(xdg.DataHome, "bkconsole", "requests") }

// Limits: a collection is read whole, so it is bounded.
const (
	MaxFile     = 1 << 20 // bytes of one request's file
	MaxRequests = 10000   // files read from one collection
)

// Store is a collection folder: GATEWAY/NAME.yaml.
type Store struct{ Dir string }

// FileError is a file that could not be read: which, where, and why. The others still load.
type FileError struct {
	Path string
	Line int // 0: not known
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}
func (e *FileError) Unwrap() error { return e.Err }

// Where is the file and its line when known ("…/demo-echo/x.yaml:2").
func (e *FileError) Where() string {
	if e.Line > 0 {
		return e.Path + ":" + strconv.Itoa(e.Line)
	}
	return e.Path
}

// invalid is what is wrong with a file or a request, said by the catalog's "requests." texts.
func invalid(key string, args ...any) error { return &client.ErrUserInput{Key: key, Args: args} }

// Unreadable says in l why a file was skipped: where (the file, its line when known) and why,
// the parser's own words only where bkconsole has none of its own.
func Unreadable(err error, l i18n.Lang) string {
	where, why := "", err
	var fe *FileError
	if errors.As(err, &fe) {
		where, why = fe.Where(), fe.Err
	}
	reason := untrusted.Line(client.Present(why, l).Line(l))
	var pe *fs.PathError
	if errors.As(why, &pe) { // the system's reason, in l where it is a common one
		reason = i18n.FileProblem(l, pe.Err)
	}
	if where == "" {
		return i18n.T(l, "requests.unreadable", reason)
	}
	return i18n.T(l, "requests.unreadable_file", untrusted.Line(where), reason)
}

// yamlError is the decoder's complaint as the reader can act on it: a field bkconsole does not
// know by its name (the decoder names Go's type), else its words without the package's prefix.
func yamlError(err error) error {
	if m := unknownFieldRe().FindStringSubmatch(err.Error()); m != nil {
		return invalid("requests.unknown_field", m[1])
	}
	return invalid("requests.not_yaml", strings.TrimPrefix(strings.Join(strings.Fields(err.Error()), " "), "yaml: "))
}

var unknownFieldRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`field (\S+) not found in type`) })

// ErrExists is a save that would overwrite a request without being told to.
var ErrExists = errors.New("a saved request has that name")

// NotFoundError is a name no saved request has; Matches are the requests it could mean when
// it is ambiguous (the same name under two gateways).
type NotFoundError struct {
	Name    string
	Matches []string
}

func (e *NotFoundError) Error() string {
	if len(e.Matches) > 1 {
		return fmt.Sprintf("%q names %s: say which", e.Name, strings.Join(e.Matches, ", "))
	}
	return fmt.Sprintf("no saved request %q", e.Name)
}

// List reads every saved request (of one gateway, when given), sorted by gateway and name, and
// the files that could not be read.
func (s Store) List(gateway string) ([]Request, []error) {
	var out []Request
	var bad []error
	pattern := filepath.Join(s.Dir, "*", "*.yaml")
	if gateway != "" {
		pattern = filepath.Join(s.Dir, gateway, "*.yaml")
	}
	if fi, err := os.Stat(s.Dir); err == nil && !fi.IsDir() {
		// A file named as the folder: said, rather than read as a collection with nothing in it.
		return nil, []error{&FileError{Path: s.Dir, Err: &fs.PathError{Op: "open", Path: s.Dir, Err: syscall.ENOTDIR}}}
	}
	files, err := filepath.Glob(pattern)
	if err != nil {
		return nil, []error{err}
	}
	sort.Strings(files)
	if len(files) > MaxRequests {
		bad = append(bad, invalid("requests.too_many", s.Dir, len(files), MaxRequests))
		files = files[:MaxRequests]
	}
	for _, f := range files {
		r, err := readFile(f)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		out = append(out, r)
	}
	return out, bad
}

var yamlLineRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+)`) })

func readFile(path string) (Request, error) {
	gw, name := filepath.Base(filepath.Dir(path)), strings.TrimSuffix(filepath.Base(path), ".yaml")
	st, err := os.Stat(path)
	if err != nil {
		return Request{}, &FileError{Path: path, Err: err}
	}
	if st.Size() > MaxFile {
		return Request{}, &FileError{Path: path, Err: invalid("requests.file_too_big", st.Size(), MaxFile)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Request{}, &FileError{Path: path, Err: err}
	}
	var r Request
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true) // a misspelt field is a mistake to report, not a field to drop
	if err := dec.Decode(&r); err != nil {
		fe := &FileError{Path: path, Err: yamlError(err)}
		if m := yamlLineRe().FindStringSubmatch(err.Error()); m != nil {
			fe.Line, _ = strconv.Atoi(m[1])
		}
		return Request{}, fe
	}
	if !ValidName(name) {
		return Request{}, &FileError{Path: path, Err: invalid("requests.file_bad_name")}
	}
	if err := r.Check(); err != nil {
		return Request{}, &FileError{Path: path, Err: err}
	}
	r.Name, r.Gateway, r.File = name, gw, path
	return r, nil
}

// Find is one saved request by NAME (when only one gateway has it) or GATEWAY/NAME.
func (s Store) Find(ref string) (Request, error) {
	path, err := s.Locate(ref)
	if err != nil {
		return Request{}, err
	}
	return readFile(path)
}

// Locate is the file of the saved request ref names, without reading it: a damaged file is
// still found, to be removed (rm had refused it for what it held).
func (s Store) Locate(ref string) (string, error) {
	gw, name, qualified := strings.Cut(ref, "/")
	if !qualified {
		name, gw = ref, ""
	}
	if !ValidName(name) || gw != "" && strings.ContainsAny(gw, `/\`) {
		return "", &NotFoundError{Name: ref}
	}
	if qualified {
		path := filepath.Join(s.Dir, gw, name+".yaml")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return "", &NotFoundError{Name: ref}
		}
		return path, nil
	}
	files, _ := filepath.Glob(filepath.Join(s.Dir, "*", name+".yaml"))
	switch len(files) {
	case 0:
		return "", &NotFoundError{Name: ref}
	case 1:
		return files[0], nil
	}
	var refs []string
	for _, f := range files {
		refs = append(refs, filepath.Base(filepath.Dir(f))+"/"+name)
	}
	return "", &NotFoundError{Name: ref, Matches: refs}
}

// RefOf is GATEWAY/NAME of a saved request's file.
func RefOf(path string) string {
	return filepath.Base(filepath.Dir(path)) + "/" + strings.TrimSuffix(filepath.Base(path), ".yaml")
}

// Save writes a request to GATEWAY/NAME.yaml, atomically; an existing one only when overwrite.
func (s Store) Save(r Request, overwrite bool) (string, error) {
	if !ValidName(r.Name) {
		return "", fmt.Errorf("%q is not a request name (letters, digits, . _ -, starting with a letter or digit, 64 at most)", r.Name)
	}
	if r.Gateway == "" || strings.ContainsAny(r.Gateway, `/\`) || strings.HasPrefix(r.Gateway, ".") {
		return "", fmt.Errorf("%q is not a gateway name", r.Gateway)
	}
	dir := filepath.Join(s.Dir, r.Gateway)
	path := filepath.Join(dir, r.Name+".yaml")
	if _, err := os.Stat(path); err == nil && !overwrite {
		return path, ErrExists
	}
	b, err := Marshal(r)
	if err != nil {
		return "", err
	}
	if len(b) > MaxFile {
		// A file the collection would skip when it reads it back: refused before it is written.
		return "", invalid("requests.too_big_to_save", len(b), MaxFile)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return path, maybe.WriteFile(path, b, 0o644)
}

// Marshal is a request's file: a comment saying what it is, then its fields; a body of several
// lines is written as a block, as a person would.
func Marshal(r Request) ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# bkconsole saved request %s/%s: no credential is kept here; the profile's\n", r.Gateway, r.Name)
	buf.WriteString("# are added when it is sent. {{name}} is a variable (--var, bkconsole vars, BKCONSOLE_VAR_name).\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// Remove deletes a saved request.
func (s Store) Remove(r Request) error { return os.Remove(r.File) }

// Rename gives a saved request another name, under the same gateway; it never overwrites.
func (s Store) Rename(r Request, name string) (string, error) {
	if !ValidName(name) {
		return "", fmt.Errorf("%q is not a request name (letters, digits, . _ -, starting with a letter or digit, 64 at most)", name)
	}
	to := filepath.Join(filepath.Dir(r.File), name+".yaml")
	if _, err := os.Stat(to); err == nil {
		return to, ErrExists
	}
	return to, os.Rename(r.File, to)
}
