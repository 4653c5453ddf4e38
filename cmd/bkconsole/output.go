package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/bkconsole/bkconsole/client"
	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/bkconsole/bkconsole/client/snippet"
	"github.com/bkconsole/bkconsole/client/untrusted"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// writeJSON prints v as indented JSON. A list is written element by element, so a million
// gateways never sit in memory a second time as one encoded document; an empty or nil list is
// [] (never null).
func writeJSON(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := encodeJSON(bw, v); err != nil {
		return err
	}
	return bw.Flush()
}

func encodeJSON(w *bufio.Writer, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() == reflect.Uint8 {
		top := json.NewEncoder(w)
		top.SetIndent("", "  ")
		top.SetEscapeHTML(false)
		return top.Encode(v)
	}
	l := newJSONList(w)
	for i := 0; i < rv.Len(); i++ {
		if err := l.Add(rv.Index(i).Interface()); err != nil {
			return err
		}
	}
	return l.Close()
}

// jsonList writes a JSON array one element at a time, indented as writeJSON indents: a
// listing streams from the server's answer to stdout without holding it.
type jsonList struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

func newJSONList(w *bufio.Writer) *jsonList {
	l := &jsonList{w: w}
	l.enc = json.NewEncoder(&l.buf)
	l.enc.SetIndent("  ", "  ")
	l.enc.SetEscapeHTML(false)
	return l
}

// Add writes one element.
func (l *jsonList) Add(v any) error {
	l.buf.Reset()
	if err := l.enc.Encode(v); err != nil {
		return err
	}
	if l.n == 0 {
		l.w.WriteString("[\n  ")
	} else {
		l.w.WriteString(",\n  ")
	}
	l.n++
	_, err := l.w.Write(bytes.TrimRight(l.buf.Bytes(), "\n"))
	return err
}

// Close ends the array; an empty one is [].
func (l *jsonList) Close() error {
	if l.n == 0 {
		_, err := l.w.WriteString("[]\n")
		return err
	}
	_, err := l.w.WriteString("\n]\n")
	return err
}

// streamJSON runs a listing that hands on items one at a time and writes them as a JSON
// array as they come; the array is closed even when the listing fails half-way, and the
// error is returned for the command to report.
func streamJSON[T any](a *App, list func(each func(T) error) error) error {
	if a.jq != nil {
		// --jq reads the whole listing: it is gathered, then filtered.
		var buf bytes.Buffer
		if err := streamTo(&buf, list); err != nil {
			return err
		}
		return a.jq.run(a.Stdout, buf.Bytes())
	}
	return streamTo(a.Stdout, list)
}

func streamTo[T any](out io.Writer, list func(each func(T) error) error) error {
	// What is live while a listing streams is one item and the names kept for completion: a
	// soft heap limit keeps the collector from letting a 20 MB answer's garbage pile up to
	// twice that (unless GOMEMLIMIT says otherwise).
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(streamMemoryLimit))
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	l := newJSONList(bw)
	err := list(func(v T) error { return l.Add(v) })
	if err == nil {
		err = l.Close()
	} else if l.n > 0 {
		l.Close()
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// streamMemoryLimit is the Go heap a streamed listing aims to stay under.
const streamMemoryLimit = 16 << 20

// printList prints a listing: its items as JSON (an empty list, never null), or a table with
// these columns (see columns), a row an item, followed on stderr by the surface that answered
// (via; none when empty). No item is the sentence empty, which says how one comes to be: a
// table of headings alone had said nothing, as `gateways` and `apis` already did. The columns
// in whole are never cut on a terminal (printTable).
func printList[T any](a *App, asJSON bool, via client.Surface, items []T, cols []string, empty string, row func(T) []string, whole ...int) error {
	if asJSON {
		if items == nil {
			items = []T{}
		}
		return a.writeJSON(items)
	}
	if len(items) == 0 {
		fmt.Fprintln(a.Stdout, empty)
		if via != "" {
			a.via(via)
		}
		return nil
	}
	rows := make([][]string, 0, len(items))
	for _, x := range items {
		rows = append(rows, row(x))
	}
	a.table(a.columns(cols...), rows, whole...)
	if via != "" {
		a.via(via)
	}
	return nil
}

// table prints a table on stdout (printTable) and says on stderr which columns were left out
// to fit the terminal, and how to see them: a table does not drop what it holds without a word.
func (a *App) table(headers []string, rows [][]string, whole ...int) {
	if hidden := printTable(a.Stdout, headers, rows, whole...); len(hidden) > 0 {
		a.notice("%s", a.T("cli.columns_hidden", i18n.List(a.L(), hidden), termWidth(a.Stdout)))
	}
}

// columns are a table's headings: each key is a catalog key under "col."; "ID" and the empty
// heading stay as they are.
func (a *App) columns(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		if k == "" || k == "ID" {
			out[i] = k
		} else {
			out[i] = a.T("col." + k)
		}
	}
	return out
}

// applicationCells are the cells every kind's application record starts its row with: the id,
// what was applied for, when, by whom, and its status in words.
func (a *App) applicationCells(r client.Application, target, status string) []string {
	return []string{strconv.Itoa(r.ID), target, r.AppliedTime.Local().Format("2006-01-02 15:04"), r.AppliedBy, status}
}

// printTable writes aligned columns; widths are measured in cells so Chinese lines up. Every
// cell may hold server text: it is made one safe line here. One pass measures, one writes:
// a 50,000-row table costs little more than its JSON. On a terminal the table is cut to its
// width (fitColumns), never the first column nor the columns named in whole; it returns the
// headers of the columns left out to fit.
func printTable(w io.Writer, headers []string, rows [][]string, whole ...int) (hidden []string) {
	cols := len(headers)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	widths := make([]int, cols)
	measure := func(r []string) {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	for _, r := range rows {
		for i := range r {
			r[i] = untrusted.Line(r[i])
		}
		measure(r)
	}
	showHeader := false
	for _, h := range headers {
		showHeader = showHeader || h != ""
	}
	if showHeader {
		measure(headers)
	}
	full := slices.Clone(widths)
	if showHeader && isTerminal(w) { // a list of labels and values (a URL, an id) wraps instead
		widths = fitColumns(widths, termWidth(w), append(whole, 0))
	}
	for i, wd := range widths {
		if wd == hiddenColumn && i < len(headers) {
			hidden = append(hidden, headers[i])
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	line := func(r []string) {
		var b strings.Builder
		for i, c := range r {
			if widths[i] == hiddenColumn {
				continue
			}
			if widths[i] < full[i] {
				c = ansi.Truncate(c, widths[i], "…")
			}
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
		}
		bw.WriteString(strings.TrimRight(b.String(), " "))
		bw.WriteByte('\n')
	}
	if showHeader {
		line(headers)
	}
	for _, r := range rows {
		line(r)
	}
	bw.Flush()
	return hidden
}

// Columns are cut to fit a terminal no narrower than minColumn cells each, the last one (a
// description, a reason) no narrower than minLastColumn before any other is cut. Before a cut
// goes under readableColumn (a date, "2026-12-07"; a name still told apart) the last columns
// are left out instead: records --all at 60 columns had cut every cell to "demo-e…".
const minColumn, minLastColumn, readableColumn = 6, 16, 10

// hiddenColumn is fitColumns' width of a column left out.
const hiddenColumn = -1

// fitColumns are the widths of a table's columns cut to fit a terminal width cells wide (a
// table wider than its terminal wrapped every row onto two lines). The columns in whole hold
// the names a user copies into the next command and are never cut; of the others the last is
// cut first, down to minLastColumn, then every one wider than one cap, the widest cap with
// which the row fits, as gh's tables are cut, none under readableColumn. Where that is not
// enough, the last columns are left out (hiddenColumn), one at a time, until it fits: apis at
// 80 columns wrapped every row. Only if leaving out every column it may does not fit either
// are the cuts taken down to minColumn. A table whose whole columns alone are wider than the
// terminal is left whole, to wrap.
func fitColumns(widths []int, width int, whole []int) []int {
	for _, floor := range []int{readableColumn, minColumn} {
		out := slices.Clone(widths)
		next := len(out) - 1 // the next column from the right that may be left out
		for {
			if fitted, ok := fitShown(out, width, whole, floor); ok {
				return fitted
			}
			for next >= 0 && slices.Contains(whole, next) {
				next--
			}
			if next < 0 {
				break
			}
			out[next] = hiddenColumn
			next--
		}
	}
	return widths
}

// fitShown is cutToFit of the columns of widths not left out, in their places.
func fitShown(widths []int, width int, whole []int, floor int) ([]int, bool) {
	var shown, at, keep []int // the widths shown, the column each is, which of them stay whole
	for j, w := range widths {
		if w == hiddenColumn {
			continue
		}
		if slices.Contains(whole, j) {
			keep = append(keep, len(shown))
		}
		shown, at = append(shown, w), append(at, j)
	}
	fitted, ok := cutToFit(shown, width, keep, floor)
	if !ok {
		return nil, false
	}
	out := slices.Clone(widths)
	for k, j := range at {
		out[j] = fitted[k]
	}
	return out, true
}

// cutToFit cuts widths to fit width cells as fitColumns says, none under floor cells (but
// the last), false when it cannot.
func cutToFit(widths []int, width int, whole []int, floor int) ([]int, bool) {
	out := slices.Clone(widths)
	avail := width - 2*(len(out)-1)
	var cut []int
	for i, w := range out {
		if slices.Contains(whole, i) {
			avail -= w
		} else {
			cut = append(cut, i)
		}
	}
	over := func() (n int) {
		for _, i := range cut {
			n += out[i]
		}
		return n - avail
	}
	if over() <= 0 {
		return out, true
	}
	if len(cut) == 0 {
		return nil, false
	}
	if last := cut[len(cut)-1]; last == len(out)-1 {
		out[last] = max(min(out[last], minLastColumn), out[last]-over())
	}
	for limit := slices.Max(out); over() > 0; limit-- {
		if limit < floor {
			return nil, false
		}
		for _, i := range cut {
			out[i] = min(out[i], limit)
		}
	}
	return out, true
}

// isTerminal tells whether w is a terminal (rendered output) or a pipe (raw output).
func isTerminal(w io.Writer) bool {
	f, ok := fileOf(w)
	return ok && term.IsTerminal(int(f.Fd()))
}

// fileOf is the file w writes to, when it is one.
func fileOf(w io.Writer) (*os.File, bool) {
	if o, ok := w.(*outputWriter); ok {
		w = o.w
	}
	f, ok := w.(*os.File)
	return f, ok
}

// outputWriter is the command's stdout, remembering the first error writing it (a full disk, a
// closed pipe): a listing printed through a buffer lost its output and exited 0. runApp turns
// the error into the command's failure.
type outputWriter struct {
	w   io.Writer
	err error
}

func (o *outputWriter) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil && o.err == nil {
		o.err = err
	}
	return n, err
}

// writeError is the command's output lost on its way out: said in the reader's language, exit 1.
type writeError struct{ err error }

func (e *writeError) Error() string { return "could not write the output: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }
func (e *writeError) Explain(l i18n.Lang) string {
	return i18n.T(l, "cli.write_failed", i18n.FileReason(e.err))
}

func termWidth(w io.Writer) int {
	if f, ok := fileOf(w); ok {
		if wd, _, err := term.GetSize(int(f.Fd())); err == nil && wd > 0 {
			return wd
		}
	}
	return 100
}

// cell is server text for a table: cut to n cells on a terminal, in one pass over it (a
// 100,000-character description costs no more than a short one); whole when the table goes to a
// pipe or a file, where a script greps it and nobody reads it for width.
func (a *App) cell(s string, n int) string {
	if !isTerminal(a.Stdout) {
		return untrusted.Line(s)
	}
	return ansi.Truncate(untrusted.Line(s), n, "…")
}

// jsonOptions are the arguments and the --json flag of a command that has no other flag and
// talks to the installation (cmdBase: the app it runs in), and what it does with them.
type jsonOptions struct {
	cmdBase
	asJSON bool
	runF   func(*jsonOptions, context.Context, *client.Planner) error
}

func (o *jsonOptions) runWith(ctx context.Context, p *client.Planner) error { return o.runF(o, ctx, p) }

// jsonCommand gives c the --json flag and its run, with the context and the planner ready.
func (a *App) jsonCommand(c *cobra.Command, run func(*jsonOptions, context.Context, *client.Planner) error) *cobra.Command {
	o := &jsonOptions{runF: run}
	jsonFlag(a.newCommand(o, c), &o.asJSON)
	return c
}

// jsonFlag declares --json on a command, once for all: usage says what the JSON holds when it
// is more than the table's rows.
func jsonFlag(c *cobra.Command, v *bool, usage ...string) {
	u := "print JSON"
	if len(usage) > 0 {
		u = usage[0]
	}
	c.Flags().BoolVar(v, "json", false, u)
}

// enumFlag declares a string flag that takes one of values: any other is a usage error naming
// them (exit 2) before the command runs, the help lists them and the shell completes them.
func enumFlag(c *cobra.Command, p *string, name, def, usage string, values ...string) {
	*p = def
	if !namesEvery(usage, values) { // a usage that explains each value lists them already
		usage += ": " + strings.Join(values, ", ")
	}
	c.Flags().Var(&enumValue{p: p, values: values}, name, usage)
	_ = c.RegisterFlagCompletionFunc(name, fixedValues(values...))
}

// namesEvery says whether text names each value as a word of its own.
func namesEvery(text string, values []string) bool {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !(r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	for _, v := range values {
		if !slices.Contains(words, v) {
			return false
		}
	}
	return true
}

type enumValue struct {
	p      *string
	values []string
}

func (e *enumValue) String() string { return *e.p }
func (e *enumValue) Type() string   { return "string" }
func (e *enumValue) Set(v string) error {
	if !slices.Contains(e.values, v) {
		return fmt.Errorf("one of %s", strings.Join(e.values, ", "))
	}
	*e.p = v
	return nil
}

// badLang refuses a --lang that is not a UI language; on a command that prints a program,
// "--lang python" meant the program's language, which is --to.
func (a *App) badLang(cmd *cobra.Command) error {
	if f := cmd.Flags().Lookup("to"); f != nil {
		if e, ok := f.Value.(*enumValue); ok && slices.Contains(e.values, a.lang) {
			return usageErr("%s", a.T("cli.lang_is_ui", a.lang))
		}
	}
	return usageErr("%s", a.T("cli.bad_lang", a.lang))
}

// snippetFlags are --to and --secrets, for every command that prints a program.
type snippetFlags struct{ lang, mode string }

func (f *snippetFlags) add(c *cobra.Command, langUsage string, langs []string) {
	enumFlag(c, &f.lang, "to", "curl", langUsage, langs...)
	enumFlag(c, &f.mode, "secrets", "masked", "masked; env reads $BK_APP_SECRET, $BK_TOKEN; inline shows them", secretModes...)
}

// printSnippet writes a generated program: exact to a pipe, with a server's text made inert on
// a terminal, and the warnings that go with where its secrets are and where it will send.
func (a *App) printSnippet(out, mode string) {
	if mode == string(snippet.Inline) {
		a.notice("%s", a.T("snippet.inline_warning"))
	}
	if a.ephemeral {
		a.notice("bkconsole: %s", a.T("sandbox.ephemeral"))
	}
	if isTerminal(a.Stdout) {
		out = untrusted.Text(out) // a server's path must not drive the terminal; a pipe gets it exact
	}
	fmt.Fprint(a.Stdout, out)
}

// Values of the enum flags.
var (
	secretModes  = []string{string(snippet.Masked), string(snippet.Env), string(snippet.Inline)}
	docLangs     = []string{"zh", "en"}
	snippetLangs = langNames(snippet.Langs)
	httpSnippets = langNames(slices.DeleteFunc(slices.Clone(snippet.Langs), func(l snippet.Lang) bool { return l == snippet.SDK }))
)

func langNames(ls []snippet.Lang) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return out
}
