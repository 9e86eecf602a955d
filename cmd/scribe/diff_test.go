package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// decodedDiff is what a tool reads of diff --json: enough to rebuild the
// readings.
type decodedDiff struct {
	Schema   string `json:"schema"`
	Readings []struct {
		ID        string   `json:"id"`
		Weight    float64  `json:"weight"`
		Agreement *float64 `json:"agreement"`
		Outlier   bool     `json:"outlier"`
	} `json:"readings"`
	Rows []struct {
		Index   int      `json:"index"`
		Breaks  string   `json:"breaks"`
		Basis   string   `json:"basis"`
		Support []string `json:"support"`
		Cells   []string `json:"cells"`
	} `json:"rows"`
}

// rebuild concatenates each reading's cells over all rows.
func (d decodedDiff) rebuild(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i, r := range d.Readings {
		var b strings.Builder
		for _, row := range d.Rows {
			if len(row.Cells) != len(d.Readings) {
				t.Fatalf("row %d has %d cells for %d readings", row.Index, len(row.Cells), len(d.Readings))
			}
			b.WriteString(row.Cells[i])
		}
		out[r.ID] = b.String()
	}
	return out
}

// pageReadings are readings of one page that merge, split and skip
// lines, space their words differently, and (some) keep trailing spaces
// and lack a final newline.
var pageReadings = map[string]string{
	"ann": "The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n\"Well,\" he said.\n",
	// Merges lines 2 and 3, doubles a space, ends without a newline.
	"ben": "The quick  brown fox\njumps over the lazy dog. And then the end.\n\"Well,\" he said.",
	// Splits line 1, skips line 3, a tab, trailing spaces.
	"cat": "The quick \nbrown fox\njumps over\tthe lazy dog.   \n\"Well,\" he sayd.  \n",
	// Indents a line and adds a page number of its own.
	"dan": "The quick brown fox\n  jumps over the lazy dog.\nAnd then the end.\n- 7 -\n\"Well,\" he said.\n",
}

// TestDiffJSONRebuildsReadings: every reading of a page rebuilds from
// its cells in diff --json, byte for byte: the file on disk when it is
// in normal form, else the normal form scribe reads it in (submit
// stores no other).
func TestDiffJSONRebuildsReadings(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	dir := t.TempDir()
	streams, out, errOut := TestIO("")
	if code := Main([]string{"init", dir}, streams); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	src := filepath.Join(t.TempDir(), "ocr.txt")
	if err := os.WriteFile(src, []byte("The qu1ck brown fox\njumps ovcr the lazy dog. And\nthen the end.\n\"Well,\" he said.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pages := filepath.Join(t.TempDir(), "map.txt")
	if err := os.WriteFile(pages, []byte("001 1-4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := Main([]string{"-C", dir, "import", "bk", "--title", "B", "--pages", pages, src}, streams); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	for id, s := range pageReadings {
		p := filepath.Join(dir, filepath.FromSlash(layout.ReadingPath("bk", "001", id)))
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	if code := Main([]string{"-C", dir, "diff", "bk/001", "--json"}, streams); code != 0 {
		t.Fatalf("diff: %s", errOut)
	}
	var d decodedDiff
	if err := json.Unmarshal(out.Bytes(), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d.Schema != "scribe.diff/2" {
		t.Errorf("schema %q", d.Schema)
	}
	got := d.rebuild(t)
	if len(got) != 5 {
		t.Fatalf("readings %v, want ann, ben, cat, dan and ocr", d.Readings)
	}
	normalised := 0
	for id, rebuilt := range got {
		raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(layout.ReadingPath("bk", "001", id))))
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := text.Normalize(raw)
		if err != nil {
			t.Fatal(err)
		}
		if want != string(raw) {
			normalised++
		}
		if rebuilt != want {
			t.Errorf("%s rebuilds as %q, want %q", id, rebuilt, want)
		}
	}
	if normalised != 2 {
		t.Errorf("%d readings on disk are not in normal form, want 2 (ben, cat)", normalised)
	}
	breaks := false
	for _, r := range d.Rows {
		breaks = breaks || r.Breaks != string(collate.Unanimous)
		if r.Basis == "" || r.Support == nil {
			t.Errorf("row %d: basis %q, support %v", r.Index, r.Basis, r.Support)
		}
	}
	if !breaks {
		t.Errorf("no row has its line breaks judged apart:\n%s", out)
	}
}

// TestDiffJSONCellsKeepBytes: the cells are never trimmed: readings with
// trailing spaces, runs of spaces, tabs and no final newline rebuild
// exactly through the JSON.
func TestDiffJSONCellsKeepBytes(t *testing.T) {
	var rs []collate.Reading
	for id, s := range pageReadings {
		rs = append(rs, collate.Reading{ID: id, Text: s})
	}
	rs = append(rs, collate.Reading{ID: "eve", Text: "  The quick brown fox  \n\njumps over the lazy dog.\nAnd then the end.\t\n\"Well,\" he said. "})
	al := collate.Collate(rs, collate.Options{})
	rows := make([]*collate.Row, len(al.Rows))
	for i := range al.Rows {
		rows[i] = &al.Rows[i]
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, diffJSON("bk", "001", al, rows)); err != nil {
		t.Fatal(err)
	}
	var d decodedDiff
	if err := json.Unmarshal(buf.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	got := d.rebuild(t)
	for _, r := range rs {
		if got[r.ID] != r.Text {
			t.Errorf("%s rebuilds as %q, want %q", r.ID, got[r.ID], r.Text)
		}
	}
}
