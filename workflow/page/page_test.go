package page

import (
	"errors"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

func repo(t *testing.T, files map[string]string) (*layout.Repo, *project.Project) {
	t.Helper()
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	r, _ := layout.Open(dir)
	for rel, content := range files {
		if err := r.WriteFile(rel, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	p, err := r.Project()
	if err != nil {
		t.Fatal(err)
	}
	return r, p
}

func TestCollate(t *testing.T) {
	r, p := repo(t, map[string]string{
		layout.ReadingPath("doc", "001", "ocr"):   "Don’t go\r\n",
		layout.ReadingPath("doc", "001", "alice"): "Don't go\n",
		layout.ReadingPath("doc", "001", "bob"):   "Dont go\n",
	})
	a, err := Collate(r, p, "doc", "001", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.Readings, ",") != "alice,bob,ocr" {
		t.Errorf("readings = %v", a.Readings)
	}
	// The project's equivalences make ’ and ' agree; CRLF is normalised away.
	if row := a.Rows[0]; row.Status != "majority" || row.Consensus != "Don't go" || len(row.Variants) != 2 {
		t.Errorf("row = %+v", row)
	}
	a, err = Collate(r, p, "doc", "001", []string{"ocr", "bob", "ocr"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.Readings, ",") != "bob,ocr" {
		t.Errorf("subset readings = %v", a.Readings)
	}
	if _, err := Collate(r, p, "doc", "001", []string{"carol"}); err == nil || !strings.Contains(err.Error(), `no reading by "carol" (it has: alice, bob, ocr)`) {
		t.Errorf("unknown contributor: %v", err)
	}
}

func TestInvalidReadingNamesItsFile(t *testing.T) {
	r, p := repo(t, map[string]string{layout.ReadingPath("doc", "001", "ocr"): "fine\nbad\x00\n"})
	_, err := Collate(r, p, "doc", "001", nil)
	var prob *problem.Problem
	if !errors.As(err, &prob) || prob.File != "transcriptions/doc/001/readings/ocr.txt" || prob.Line != 2 {
		t.Errorf("err = %v", err)
	}
}
