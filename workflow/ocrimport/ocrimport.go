// Package ocrimport turns the OCR of a whole document into one reading
// per page by the contributor "ocr". Plain text is cut into pages at form
// feeds or by a page map that gives each page's line range in the file;
// PAGE XML, ALTO and hOCR files give their pages, and each page's line
// geometry besides (ocr-lines.tsv) and the scan it names.
package ocrimport

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/ocrformat"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// MapEntry is one line of a page map: a page and its line range in the
// OCR file (1-based, inclusive).
type MapEntry struct {
	Page     string
	From, To int
	Printed  string
	Line     int // line of the map file, for errors
}

// ParseMap reads a page map: one page per line, "PAGE FROM-TO [PRINTED]",
// with # comments and blank lines ignored. Pages must be listed in order,
// with one id width, and their ranges must not overlap.
func ParseMap(file string, src []byte) ([]MapEntry, error) {
	var out []MapEntry
	sc := bufio.NewScanner(bytes.NewReader(src))
	n := 0
	const hint = `each line is "PAGE FROM-TO [PRINTED]", e.g. "001 1-36 1"`
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 || len(f) > 3 {
			return nil, problem.Newf(file, n, "page-map", hint, "expected 2 or 3 fields, found %d", len(f))
		}
		e := MapEntry{Page: f[0], Line: n}
		if len(f) == 3 {
			e.Printed = f[2]
		}
		if err := ids.Page(e.Page); err != nil {
			return nil, problem.New(file, n, "page-map", err.Error(), hint)
		}
		a, b, ok := strings.Cut(f[1], "-")
		from, err1 := strconv.Atoi(a)
		to, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || from < 1 || to < from {
			return nil, problem.Newf(file, n, "page-map", hint,
				"%q is not a line range FROM-TO with 1 <= FROM <= TO", f[1])
		}
		e.From, e.To = from, to
		if len(out) > 0 {
			prev := out[len(out)-1]
			switch {
			case len(e.Page) != len(prev.Page):
				return nil, problem.Newf(file, n, "page-map", "give every page id the same number of digits",
					"page %s has a different width from page %s", e.Page, prev.Page)
			case e.Page <= prev.Page:
				return nil, problem.Newf(file, n, "page-map", "list pages in scan order, each once",
					"page %s comes after page %s", e.Page, prev.Page)
			case e.From <= prev.To:
				return nil, problem.Newf(file, n, "page-map", "a line belongs to one page only; fix the ranges",
					"lines %d-%d of page %s overlap lines %d-%d of page %s (map line %d)", e.From, e.To, e.Page, prev.From, prev.To, prev.Page, prev.Line)
			}
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, problem.New(file, n+1, "page-map", err.Error(), "")
	}
	if len(out) == 0 {
		return nil, problem.New(file, 0, "page-map", "the page map lists no pages", hint)
	}
	return out, nil
}

// Cut is one page cut from the OCR file.
type Cut struct {
	ID       string
	Printed  string
	From, To int    // lines of the OCR file
	Text     string // normalised reading; empty for a blank page
	Report   text.Report

	// Of a page of a PAGE, ALTO or hOCR file:
	Source     string           // the file's name
	SourcePage int              // the page's number in the file, 0 when it has one page
	Format     ocrformat.Format // the format of the file it came from; "" for plain text
	Image      string           // the image the file names, or ""
	Scan       string           // the scan recorded in document.toml, or ""
	Notes      []string         // what the reader could not keep
	Geometry   *geometry.Page   // the lines' geometry; nil for plain text
}

// Split cuts raw OCR text into pages: by the page map when one is given,
// else at form feeds. file names the OCR file in errors.
func Split(file string, raw []byte, pageMap []MapEntry) ([]Cut, error) {
	lines := splitRaw(raw)
	if pageMap == nil {
		return splitFormFeeds(file, lines)
	}
	var pages []Cut
	next := 1
	for _, e := range pageMap {
		if e.To > len(lines) {
			return nil, problem.Newf(file, 0, "page-map", "fix the page map: the file may have changed since the map was made",
				"page %s ends at line %d but %s has %d lines", e.Page, e.To, file, len(lines))
		}
		if err := uncovered(file, lines, next, e.From-1); err != nil {
			return nil, err
		}
		p := Cut{ID: e.Page, Printed: e.Printed, From: e.From, To: e.To}
		if err := p.normalize(file, lines[e.From-1:e.To]); err != nil {
			return nil, err
		}
		pages = append(pages, p)
		next = e.To + 1
	}
	if err := uncovered(file, lines, next, len(lines)); err != nil {
		return nil, err
	}
	return pages, nil
}

// uncovered refuses text that no page claims, so that nothing of the OCR
// is silently dropped; blank lines between pages are fine.
func uncovered(file string, lines []string, from, to int) error {
	for i := from; i <= to; i++ {
		if strings.TrimSpace(lines[i-1]) != "" {
			return problem.Newf(file, i, "page-map", "extend a page's range in the page map to cover it",
				"line %d belongs to no page: %q", i, abbreviate(lines[i-1]))
		}
	}
	return nil
}

func splitFormFeeds(file string, lines []string) ([]Cut, error) {
	var chunks [][]string
	var starts []int
	cur, start := []string{}, 1
	for i, l := range lines {
		parts := strings.Split(l, "\f")
		for j, part := range parts {
			if j > 0 {
				chunks, starts = append(chunks, cur), append(starts, start)
				cur, start = nil, i+1
			}
			cur = append(cur, part)
		}
	}
	chunks, starts = append(chunks, cur), append(starts, start)
	// A trailing form feed ends the last page rather than starting a new one.
	for len(chunks) > 1 && strings.TrimSpace(strings.Join(chunks[len(chunks)-1], "")) == "" {
		chunks, starts = chunks[:len(chunks)-1], starts[:len(starts)-1]
	}
	if len(chunks) == 1 {
		return nil, problem.New(file, 0, "page-map", "the file has no form feeds, so scribe cannot tell where pages end",
			"give a page map with --pages MAP (lines like \"001 1-36\"), or put a form feed between pages")
	}
	width := ids.PageWidth(len(chunks))
	pages := make([]Cut, len(chunks))
	for i, c := range chunks {
		pages[i] = Cut{ID: ids.PageID(i+1, width), From: starts[i], To: starts[i] + len(c) - 1}
		if err := pages[i].normalize(file, c); err != nil {
			return nil, err
		}
	}
	return pages, nil
}

func (p *Cut) normalize(file string, lines []string) error {
	t, rep, err := text.Normalize([]byte(strings.Join(lines, "\n") + "\n"))
	var prob *problem.Problem
	switch {
	case err == nil:
		p.Text, p.Report = t, rep
		return nil
	case errors.As(err, &prob) && prob.Rule == text.RuleEmpty:
		return nil // a blank page: listed, with no reading
	case errors.As(err, &prob):
		q := *prob
		q.File = file
		if q.Line > 0 {
			q.Line += p.From - 1
			q.Message = strings.Replace(q.Message, fmt.Sprintf("line %d", prob.Line), fmt.Sprintf("line %d", q.Line), 1)
		}
		q.Message = fmt.Sprintf("page %s: %s", p.ID, q.Message)
		return &q
	default:
		return err
	}
}

// splitRaw splits the file into lines as an editor numbers them, with a
// last line that has no line end counted too. A CR before the LF stays on
// the line, so that normalisation converts and reports it.
func splitRaw(raw []byte) []string {
	lines := strings.Split(string(raw), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func abbreviate(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
