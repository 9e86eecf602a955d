package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/rivo/uniseg"

	"github.com/scribe-transcription/scribe/workflow/decision"
)

// reviewOn runs scribe review on bk/001 of the project in dir, answered
// from stdin as on a terminal of 80 columns.
func reviewOn(t *testing.T, dir, stdin string, env ...string) (int, string, string) {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	streams, out, errOut := TestIO(stdin)
	streams.InTTY = true
	code := Main([]string{"-C", dir, "review", "bk/001"}, streams)
	return code, out.String(), errOut.String()
}

// setScan gives page bk/001 a scan in document.toml.
func setScan(t *testing.T, dir, scan string) {
	t.Helper()
	doc := "title = \"B\"\n\n[[pages]]\nid = \"001\"\nscan = \"" + scan + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "transcriptions", "bk", "document.toml"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}

// screens splits a review's output at each row's head.
func screens(out string) []string {
	var s []string
	for _, part := range strings.Split(out, "\nbk/001  ")[1:] {
		s = append(s, "bk/001  "+part)
	}
	return s
}

// TestReviewScreen: every screen shows the scan, the variants as their
// readings' own text, labels aligned, within 80 columns; messages carry
// no Go formatting.
func TestReviewScreen(t *testing.T) {
	dir := reviewProject(t)
	setScan(t, dir, "https://example.org/scans/bk/001.jpg")
	code, out, errOut := reviewOn(t, dir, "2\ns\ns\ns\n")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	ss := screens(out)
	if len(ss) != 4 {
		t.Fatalf("%d screens:\n%s", len(ss), out)
	}
	for _, s := range ss {
		if !strings.Contains(s, "\nscan: https://example.org/scans/bk/001.jpg\n") {
			t.Errorf("a screen lacks the scan:\n%s", s)
		}
	}
	for _, want := range []string{
		"   [1] ann    The quick brown fox\n",
		"   [2] ben    The quick brown [fax]\n",
		"   [3] ocr    The quick [brovvn] fox\n",
		"   consensus  The quick brown fox\n",
		"row 1: \"The quick brown fax\" (ben's reading)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if w := uniseg.StringWidth(l); w > 80 {
			t.Errorf("a line of %d columns: %q", w, l)
		}
	}
	for _, bad := range []string{"[ann", "ben]", `\"`} {
		if strings.Contains(out, bad) {
			t.Errorf("output shows %q:\n%s", bad, out)
		}
	}
}

// TestReviewTie: on a tie, c asks which reading, and takes the one
// answered.
func TestReviewTie(t *testing.T) {
	dir := reviewProject(t)
	if err := os.Remove(filepath.Join(dir, "transcriptions", "bk", "001", "readings", "ocr.txt")); err != nil {
		t.Fatal(err)
	}
	// Rows 1, 4 and 5: ann and ben disagree, no reading outweighs.
	code, out, errOut := reviewOn(t, dir, "c\n2\nq\n")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "  tie  ") || !strings.Contains(out, "(a tie: no reading outweighs the others") {
		t.Errorf("the tie is not shown:\n%s", out)
	}
	if !strings.Contains(out, "the consensus is a tie: which reading? 1-2") {
		t.Errorf("c on a tie did not ask:\n%s", out)
	}
	d := decisionsOf(t, dir)[1]
	if d.How != decision.Pick || d.Text != "The quick brown fax" {
		t.Errorf("row 1: %+v", d)
	}
}

// TestReviewJoin: j joins the next row to the one shown, and a pick
// takes that reading's text over both, as decide --through does.
func TestReviewJoin(t *testing.T) {
	dir := reviewProject(t)
	// Row 4 then row 5: join them and take ann's text.
	code, out, errOut := reviewOn(t, dir, "s\ns\nj\n1\nq\n")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "bk/001  rows 4-5 joined into one line") || !strings.Contains(out, "rows 4-5: \"said the scribe to the readers.\" (ann's reading); the rows after it joined to it") {
		t.Errorf("join:\n%s", out)
	}
	ds := decisionsOf(t, dir)
	if d := ds[4]; d.How != decision.Pick || d.Text != "said the scribe to the readers." {
		t.Errorf("row 4: %+v", d)
	}
	if d := ds[5]; d.How != decision.Omit || d.Note != "joined into row 4" {
		t.Errorf("row 5: %+v", d)
	}
}

// TestReviewNoteSurvivesUndoRedo: a note typed for a row stays with it
// when its decision is undone, and comes back with a redo.
func TestReviewNoteSurvivesUndoRedo(t *testing.T) {
	dir := reviewProject(t)
	code, out, errOut := reviewOn(t, dir, "n\nscan checked\n1\nu\nr\nq\n")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if d := decisionsOf(t, dir)[1]; d.Note != "scan checked" || d.How != decision.Pick {
		t.Errorf("after redo, row 1: %+v\n%s", d, out)
	}
	dir = reviewProject(t)
	if code, out, _ = reviewOn(t, dir, "n\nscan checked\n1\nu\nc\nq\n"); code != exitOK {
		t.Fatal(out)
	}
	if d := decisionsOf(t, dir)[1]; d.Note != "scan checked" || d.How != decision.Consensus {
		t.Errorf("decided again after undo, row 1: %+v\n%s", d, out)
	}
}

// TestReviewOmitLastRow: an omit on the last row says how to undo it,
// and u after the last row does.
func TestReviewOmitLastRow(t *testing.T) {
	dir := reviewProject(t)
	code, out, errOut := reviewOn(t, dir, "s\ns\ns\nx\nu\nq\n")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"row 5: omitted from the canonical text (u undoes it)", "that was the last row: u undoes its decision", "undone: row 5"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, ok := decisionsOf(t, dir)[5]; ok {
		t.Errorf("row 5 is still omitted:\n%s", out)
	}
}

// TestReviewEditorPrefilled: e runs $VISUAL before $EDITOR on the text
// being decided, and keeps the line's leading white space.
func TestReviewEditorPrefilled(t *testing.T) {
	dir := reviewProject(t)
	seen := filepath.Join(t.TempDir(), "seen.txt")
	code, out, errOut := reviewOn(t, dir, "e\nq\n", "VISUAL=cp \"$1\" "+seen+"; sed -i 's/^/  /'", "EDITOR=false")
	_ = code
	b, err := os.ReadFile(seen)
	if err != nil {
		t.Fatalf("$VISUAL did not run: %v\n%s%s", err, out, errOut)
	}
	if string(b) != "The quick brown fox\n" {
		t.Errorf("the editor was given %q", b)
	}
	if d := decisionsOf(t, dir)[1]; d.How != decision.Typed || d.Text != "  The quick brown fox" {
		t.Errorf("row 1: %+v\n%s", d, out)
	}
}

// TestReviewWrapsToTheTerminal: on a narrow terminal the screen wraps to
// its width.
func TestReviewWrapsToTheTerminal(t *testing.T) {
	dir := reviewProject(t)
	setScan(t, dir, "scans/bk/a-rather-long-name-for-the-scan-of-page-one-of-the-book.jpg")
	term := startOnTerminal(t, dir, []string{"EDITOR="}, "review", "bk/001")
	term.expect("review> ")
	if err := pty.Setsize(term.pty, &pty.Winsize{Cols: 40, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	term.send("s\r")
	screen := term.expect("review> ")
	screen = strings.ReplaceAll(screen, "\r", "")
	for _, l := range strings.Split(screen, "\n") {
		if w := uniseg.StringWidth(l); w > 40 {
			t.Errorf("a line of %d columns on a terminal of 40: %q", w, l)
		}
	}
	if !strings.Contains(screen, "scan: scans/bk/a-rather-long-name-for-th\n      e-scan-of-page-one-of-the-book.jpg") {
		t.Errorf("the scan does not wrap under itself:\n%s", screen)
	}
	term.send("q\r")
	term.wait()
}

// TestReviewFlagsWords: a row whose consensus has a word the word check
// flags says so under the consensus.
func TestReviewFlagsWords(t *testing.T) {
	dir := reviewProject(t)
	if err := os.MkdirAll(filepath.Join(dir, "transcriptions", "words"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "transcriptions", "words", "bad.txt"), []byte("quick\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := reviewOn(t, dir, "q\n")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "   consensus  The quick brown fox\n   check      quick (in the bad word list)\n"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}
