package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

// runMainEnv makes the test binary act as scribe, so that a test can run
// the real command under a pseudo-terminal.
const runMainEnv = "SCRIBE_TEST_RUN_MAIN"

// terminal is a scribe process on a pseudo-terminal.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	seen int // how much of out has been consumed by expect
}

func startOnTerminal(t *testing.T, dir string, env []string, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-C", dir}, args...)...)
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1", "NO_COLOR=1"), env...)
	f, err := pty.Start(cmd)
	if err != nil {
		t.Fatalf("starting scribe on a pty: %v", err)
	}
	term := &terminal{t: t, cmd: cmd, pty: f}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			term.mu.Lock()
			term.out.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = f.Close()
	})
	return term
}

// expect waits until the output since the last expect contains s.
func (term *terminal) expect(s string) string {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		term.mu.Lock()
		out := term.out.String()[term.seen:]
		if i := strings.Index(out, s); i >= 0 {
			term.seen += i + len(s)
			term.mu.Unlock()
			return out[:i+len(s)]
		}
		term.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	term.mu.Lock()
	defer term.mu.Unlock()
	term.t.Fatalf("timed out waiting for %q; the terminal shows:\n%s", s, term.out.String()[term.seen:])
	return ""
}

func (term *terminal) send(s string) {
	term.t.Helper()
	if _, err := io.WriteString(term.pty, s); err != nil {
		term.t.Fatal(err)
	}
}

func (term *terminal) wait() {
	term.t.Helper()
	done := make(chan error, 1)
	go func() { done <- term.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			term.t.Fatalf("scribe exited: %v\n%s", err, term.out.String())
		}
	case <-time.After(10 * time.Second):
		term.t.Fatal("scribe did not exit")
	}
}

// reviewProject makes a project with one page of three readings and four
// rows that need a decision. git's user is the reviewer rev, in a HOME of
// the test's own.
func reviewProject(t *testing.T) string {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	setGitUser(t, "Rev", "rev@example.org")
	dir := t.TempDir()
	streams, _, errOut := TestIO("")
	if code := Main([]string{"init", dir}, streams); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	files := map[string]string{
		"map.txt": "001 1-5\n",
		"ocr.txt": "The quick brovvn fox\njumps over the lazy dog.\nAnd then the end,\nsaid the scribe\nto the reader.\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code := Main([]string{"-C", dir, "import", "bk", "--title", "B", "--pages", filepath.Join(dir, "map.txt"), filepath.Join(dir, "ocr.txt")}, streams); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	proj := filepath.Join(dir, "transcriptions", "project.toml")
	f, err := os.OpenFile(proj, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("\n[people.rev]\nrole = \"reviewer\"\nemail = \"rev@example.org\"\n\n[people.rita]\nrole = \"reviewer\"\nemail = \"rita@example.org\"\n\n[people.max]\nrole = \"maintainer\"\nemail = \"max@example.org\"\n\n[people.ann]\nrole = \"contributor\"\n\n[people.ben]\nrole = \"contributor\"\n")
	f.Close()
	readings := map[string]string{
		"ann": "The quick brown fox\njumps over the lazy dog.\nAnd then the end.\nsaid the scribe\nto the readers.\n",
		"ben": "The quick brown fax\njumps over the lazy dog.\nAnd then the end.\nsaid the scrivener\nto the reader.\n",
	}
	for id, text := range readings {
		p := filepath.Join(dir, "transcriptions", "bk", "001", "readings", id+".txt")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// setGitUser makes NAME <EMAIL> git's user in $HOME/.gitconfig.
func setGitUser(t *testing.T, name, email string) {
	t.Helper()
	cfg := "[user]\n\tname = " + name + "\n\temail = " + email + "\n"
	if err := os.WriteFile(filepath.Join(os.Getenv("HOME"), ".gitconfig"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

func decisionsOf(t *testing.T, dir string) map[int]decision.Decision {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(layout.DecisionsPath("bk", "001"))))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := decision.Parse("decisions.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]decision.Decision{}
	for _, d := range ds {
		out[d.Row] = d
	}
	return out
}

// TestReviewOnATerminal drives scribe review through a pseudo-terminal as
// a reviewer would: pick a variant, edit a row at the prompt, skip one,
// undo, add a note, take the consensus, and quit.
func TestReviewOnATerminal(t *testing.T) {
	dir := reviewProject(t)
	term := startOnTerminal(t, dir, []string{"EDITOR="}, "review", "bk/001")

	// Rows 1 (fox), 3 (end) and 4 (scribe), 5 (reader) need decisions.
	screen := term.expect("review> ")
	for _, want := range []string{"bk/001  row 1 of 5", "[1] ann ", "[2] ben ", "[3] ocr ", "The quick brown [fax]", "consensus", "2  jumps over the lazy dog."} {
		if !strings.Contains(screen, want) {
			t.Errorf("first screen lacks %q:\n%s", want, screen)
		}
	}
	term.send("1\r") // row 1: ann's variant
	term.expect("row 1: ")

	screen = term.expect("review> ") // next: row 3
	if !strings.Contains(screen, "row 3 of 5") {
		t.Fatalf("second row shown:\n%s", screen)
	}
	// e with no editor: the line itself, prefilled with the consensus;
	// Ctrl-U clears it, and the reviewer types another.
	term.send("e\r")
	term.expect("text: And then the end.")
	term.send("\x15And then the End.\r")
	term.expect("row 3: \"And then the End.\" (typed)")

	term.expect("review> ") // row 4
	term.send("s\r")
	screen = term.expect("review> ") // row 5
	if !strings.Contains(screen, "row 5 of 5") {
		t.Fatalf("after skipping:\n%s", screen)
	}
	term.send("u\r") // undo row 3's decision: back to row 3
	term.expect("undone: row 3")
	screen = term.expect("review> ")
	if !strings.Contains(screen, "row 3 of 5") {
		t.Fatalf("after undo:\n%s", screen)
	}
	term.send("n\r")
	term.expect("note: ")
	term.send("checked against the scan\r")
	term.expect("review> ")
	term.send("c\r")
	term.expect("row 3: ")
	term.expect("review> ") // row 4 again
	term.send("q\r")
	term.expect("quit: ")
	term.wait()

	ds := decisionsOf(t, dir)
	if d, ok := ds[1]; !ok || d.How != decision.Pick || d.Text != "The quick brown fox" || d.By != "rev" {
		t.Errorf("row 1: %+v", d)
	}
	if d, ok := ds[3]; !ok || d.How != decision.Consensus || d.Text != "And then the end." || d.Note != "checked against the scan" {
		t.Errorf("row 3: %+v", d)
	}
	if len(ds) != 2 {
		t.Errorf("decisions = %+v, want rows 1 and 3 only", ds)
	}
}

func TestReviewNeedsATerminal(t *testing.T) {
	dir := reviewProject(t)
	streams, _, errOut := TestIO("1\n")
	if code := Main([]string{"-C", dir, "review", "bk/001"}, streams); code != exitProblems {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "scribe decide") {
		t.Errorf("stderr = %q", errOut)
	}
}

// TestReviewEditsInTheEditor runs $EDITOR on the consensus for e.
func TestReviewEditsInTheEditor(t *testing.T) {
	dir := reviewProject(t)
	term := startOnTerminal(t, dir, []string{"EDITOR=sed -i s/quick/QUICK/"}, "review", "bk/001")
	term.expect("review> ")
	term.send("e\r")
	term.expect(`row 1: "The QUICK brown fox" (typed)`)
	term.expect("review> ")
	term.send("q\r")
	term.wait()
	if d := decisionsOf(t, dir)[1]; d.How != decision.Typed || d.Text != "The QUICK brown fox" {
		t.Errorf("row 1: %+v", d)
	}
}

// TestReviewAsSomeoneElse: --as may name another reviewer only when git
// names a maintainer, who is then told so; the decision is the other's.
func TestReviewAsSomeoneElse(t *testing.T) {
	dir := reviewProject(t)
	decisions := filepath.Join(dir, filepath.FromSlash(layout.DecisionsPath("bk", "001")))
	run := func(stdin string, args ...string) (int, string, string) {
		streams, out, errOut := TestIO(stdin)
		streams.InTTY = true // answered from stdin, as on a terminal
		code := Main(append([]string{"-C", dir, "review", "bk/001"}, args...), streams)
		return code, out.String(), errOut.String()
	}

	// A reviewer may not decide in another reviewer's name.
	setGitUser(t, "Rita", "rita@example.org")
	code, out, errOut := run("1\nq\n", "--as", "rev")
	if code != exitProblems || !strings.Contains(errOut, "git says you are rita") || !strings.Contains(errOut, "only a maintainer may act for another person") || out != "" {
		t.Errorf("rita as rev: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(decisions); !os.IsNotExist(err) {
		t.Errorf("a refused review wrote %s: %v", decisions, err)
	}

	// Naming yourself is fine.
	code, _, errOut = run("q\n", "--as", "rita")
	if code != exitOK || errOut != "" {
		t.Errorf("rita as rita: exit %d, stderr %q", code, errOut)
	}

	// A maintainer may, and is told so; the decision is rev's.
	setGitUser(t, "Max", "max@example.org")
	code, out, errOut = run("1\nq\n", "--as", "rev")
	if code != exitOK || errOut != "maintainer max acting for rev\n" || !strings.Contains(out, "row 1: ") {
		t.Fatalf("max as rev: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if d := decisionsOf(t, dir)[1]; d.By != "rev" || d.How != decision.Pick {
		t.Errorf("row 1: %+v", d)
	}
}

// TestReviewEditsTheLine edits the prefilled line with the cursor keys: no
// editor set, e shows the consensus to edit in place.
func TestReviewEditsTheLine(t *testing.T) {
	dir := reviewProject(t)
	term := startOnTerminal(t, dir, []string{"EDITOR=", "VISUAL="}, "review", "bk/001")
	term.expect("review> ")
	term.send("e\r")
	term.expect("text: The quick brown fox")
	// Left over "fox" and the space, Backspace "brown" away, type "red";
	// Home, Delete "T", type "t"; End; then a word at the end.
	term.send("\x1b[D\x1b[D\x1b[D\x1b[D" + strings.Repeat("\x7f", 5) + "red" + "\x1b[H\x1b[3~t" + "\x1b[F!" + "\r")
	term.expect(`row 1: "the quick red fox!" (typed)`)
	term.expect("review> ")
	// Ctrl-C cancels the edit: nothing decided, the same row again.
	term.send("e\r")
	term.expect("text: ")
	term.send("\x03")
	term.expect("edit cancelled: nothing decided")
	term.expect("review> ")
	term.send("q\r")
	term.wait()
	ds := decisionsOf(t, dir)
	if d := ds[1]; d.How != decision.Typed || d.Text != "the quick red fox!" {
		t.Errorf("row 1: %+v", d)
	}
	if len(ds) != 1 {
		t.Errorf("decisions = %+v, want row 1 only", ds)
	}
}
