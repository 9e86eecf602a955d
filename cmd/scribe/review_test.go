package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
)

func TestParseAction(t *testing.T) {
	for key, want := range map[string]action{
		"q":  {kind: actQuit},
		"s":  {kind: actSkip},
		"u":  {kind: actUndo},
		"n":  {kind: actNote},
		"c":  {kind: actConsensus},
		"x":  {kind: actOmit},
		"e":  {kind: actEdit},
		"j":  {kind: actJoin},
		"r":  {kind: actRedo},
		"1":  {kind: actPick, variant: 1},
		"3":  {kind: actPick, variant: 3},
		"4":  {kind: actInvalid}, // the row has three variants
		"0":  {kind: actInvalid},
		"-1": {kind: actInvalid},
		"":   {kind: actInvalid},
		"Q":  {kind: actInvalid},
		"cc": {kind: actInvalid},
	} {
		if got := parseAction(key, 3); got != want {
			t.Errorf("parseAction(%q, 3) = %+v, want %+v", key, got, want)
		}
	}
}

// TestPrompt: the prompt reads one key a line, trimmed; the end of the
// input is io.EOF, after a last line without a newline.
func TestPrompt(t *testing.T) {
	streams, out, _ := TestIO(" 2 \nq")
	s := &session{io: streams, in: bufio.NewReader(streams.In)}
	for _, want := range []string{"2", "q"} {
		if key, err := s.prompt(); key != want || err != nil {
			t.Errorf("prompt() = %q, %v; want %q", key, err, want)
		}
	}
	if _, err := s.prompt(); !errors.Is(err, io.EOF) {
		t.Errorf("at the end: %v", err)
	}
	if out.String() != "review> review> review> " {
		t.Errorf("stdout %q", out)
	}
}

// testSession is a review of bk/001 of reviewProject by rev, on in-memory
// streams, at the first row of its queue.
func testSession(t *testing.T, stdin string) (*session, *page.Page, *strings.Builder, *strings.Builder) {
	t.Helper()
	dir := reviewProject(t)
	repo, err := layout.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	proj, err := repo.Project()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	streams := &IO{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut, InTTY: true}
	s := &session{
		io: streams, in: bufio.NewReader(streams.In), now: func() time.Time { return testTime },
		repo: repo, proj: proj, doc: "bk", page: "001", who: "rev",
	}
	p := s.reload(t)
	s.queue = p.Queue(false)
	if fmt.Sprint(s.queue) != "[1 3 4 5]" {
		t.Fatalf("queue = %v", s.queue)
	}
	return s, p, &out, &errOut
}

func (s *session) reload(t *testing.T) *page.Page {
	t.Helper()
	p, err := page.Open(s.repo, s.proj, s.doc, s.page)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestApply runs each action on the session's state: what it records,
// prints, and where the session goes next.
func TestApply(t *testing.T) {
	ctx := context.Background()
	s, p, out, _ := testSession(t, "checked against the scan\n")

	apply := func(act action, want step) {
		t.Helper()
		got, err := s.apply(ctx, p, act)
		if err != nil || got != want {
			t.Fatalf("apply(%+v) = %v, %v; want %v", act, got, err, want)
		}
		p = s.reload(t)
	}

	// A pick on row 1 is recorded and moves on.
	apply(action{kind: actPick, variant: 2}, show)
	if d := decisionsOf(t, s.repo.Root)[1]; d.How != decision.Pick || d.Readings[0] != "ben" || d.By != "rev" {
		t.Errorf("row 1: %+v", d)
	}
	if s.k != 1 || len(s.done) != 1 || !strings.HasSuffix(out.String(), "row 1: \"The quick brown fax\" (ben's reading)\n") {
		t.Errorf("after a pick: k %d, done %v, stdout %q", s.k, s.done, out)
	}

	// A note stays with the row, for its next decision.
	out.Reset()
	apply(action{kind: actNote}, stay)
	if s.note != "checked against the scan" || out.String() != "note: " {
		t.Errorf("note %q, stdout %q", s.note, out)
	}
	apply(action{kind: actConsensus}, show)
	if d := decisionsOf(t, s.repo.Root)[3]; d.How != decision.Consensus || d.Note != "checked against the scan" {
		t.Errorf("row 3: %+v", d)
	}

	// An unknown key asks again (row 4 has two variants); skip moves on
	// without deciding.
	out.Reset()
	apply(action{kind: actInvalid}, stay)
	if out.String() != "answer 1-2, c, e, x, j, n, s, u, r or q\n" {
		t.Errorf("invalid key: %q", out)
	}
	apply(action{kind: actSkip}, show)
	if s.k != 3 {
		t.Errorf("after a skip: k %d", s.k)
	}

	// Undo takes back the last decision and goes back to its row.
	out.Reset()
	apply(action{kind: actUndo}, show)
	if _, ok := decisionsOf(t, s.repo.Root)[3]; ok || s.k != 1 || len(s.done) != 1 || out.String() != "undone: row 3 (r redoes it)\n" {
		t.Errorf("after undo: k %d, done %v, stdout %q", s.k, s.done, out)
	}
	apply(action{kind: actUndo}, show)
	out.Reset()
	apply(action{kind: actUndo}, stay)
	if out.String() != "nothing to undo in this session\n" {
		t.Errorf("undo with nothing done: %q", out)
	}

	out.Reset()
	apply(action{kind: actQuit}, quit)
	if out.String() != "quit: 0 decisions recorded in transcriptions/bk/001/decisions.txt\n" {
		t.Errorf("quit: %q", out)
	}
}

// TestApplyEdit: e takes a correction typed at the prompt (Enter keeps
// the consensus), or from the editor, which runs on the session's streams.
func TestApplyEdit(t *testing.T) {
	ctx := context.Background()
	s, p, out, errOut := testSession(t, "The quick brown fox.\n")
	if next, err := s.apply(ctx, p, action{kind: actEdit}); next != show || err != nil {
		t.Fatalf("edit at the prompt: %v, %v", next, err)
	}
	if d := decisionsOf(t, s.repo.Root)[1]; d.How != decision.Typed || d.Text != "The quick brown fox." {
		t.Errorf("row 1: %+v", d)
	}
	if !strings.HasPrefix(out.String(), "text (Enter keeps: The quick brown fox)\n: ") {
		t.Errorf("stdout %q", out)
	}

	out.Reset()
	p = s.reload(t)
	s.editor = `echo editing; echo warning >&2; sed -i s/end/END/`
	if next, err := s.apply(ctx, p, action{kind: actEdit}); next != show || err != nil {
		t.Fatalf("edit in the editor: %v, %v", next, err)
	}
	if d := decisionsOf(t, s.repo.Root)[3]; d.How != decision.Typed || d.Text != "And then the END." {
		t.Errorf("row 3: %+v", d)
	}
	if !strings.HasPrefix(out.String(), "editing\n") || errOut.String() != "warning\n" {
		t.Errorf("the editor's output: stdout %q, stderr %q", out, errOut)
	}

	// A failed or emptied edit records nothing and asks again.
	out.Reset()
	p = s.reload(t)
	for _, ed := range []string{"false", "truncate -s 0"} {
		s.editor = ed
		if next, err := s.apply(ctx, p, action{kind: actEdit}); next != stay || err != nil {
			t.Errorf("editor %q: %v, %v", ed, next, err)
		}
	}
	if _, ok := decisionsOf(t, s.repo.Root)[4]; ok {
		t.Error("row 4 was decided")
	}
	if want := "the editor failed: exit status 1\nthe edited text is empty: to leave the row out, answer x\n"; out.String() != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
}

// TestApplyRefused: a decision the rules refuse is reported, and the
// session asks again about the same row.
func TestApplyRefused(t *testing.T) {
	s, p, out, _ := testSession(t, "")
	s.who = "ann" // a contributor, whom review.Decide refuses
	if next, err := s.apply(context.Background(), p, action{kind: actConsensus}); next != stay || err != nil {
		t.Fatalf("%v, %v", next, err)
	}
	if !strings.HasPrefix(out.String(), "not recorded: ") || s.k != 0 || len(s.done) != 0 {
		t.Errorf("k %d, done %v, stdout %q", s.k, s.done, out)
	}
}

// TestSessionRun: the loop shows each row, applies the keys and stops at
// the end of the input, saying how many decisions it recorded.
func TestSessionRun(t *testing.T) {
	s, _, out, _ := testSession(t, "1\nx\n")
	s.queue, s.k = nil, 0
	if err := s.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bk/001  row 1 of 5", "row 1: ", "bk/001  row 3 of 5", "row 3: omitted from the canonical text", "bk/001  row 4 of 5", "\nstopped: 2 decisions recorded\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}
