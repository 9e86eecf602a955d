package geometry

import (
	"errors"
	"image"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

func TestRoundTrip(t *testing.T) {
	p := &Page{Image: "scan-001.png", Width: 1560, Height: 1003, Lines: []Line{
		{N: 1, Box: image.Rect(118, 96, 1438, 143), Polygon: []image.Point{{118, 96}, {1438, 96}, {1438, 143}, {118, 143}},
			Baseline: []image.Point{{118, 135}, {1438, 135}}, Conf: 0.95, Words: []float64{0.96, 0.93, 0.97}},
		{N: 3, Box: image.Rect(118, 152, 1402, 199), Conf: -1},
	}}
	src := p.Encode()
	want := Header + "image\tscan-001.png\t1560\t1003\n" + columns + "\n" +
		"1\t118,96,1438,143\t118,96 1438,96 1438,143 118,143\t118,135 1438,135\t0.95\t0.96 0.93 0.97\n" +
		"3\t118,152,1402,199\t-\t-\t-\t-\n"
	if string(src) != want {
		t.Fatalf("Encode:\n%s\nwant\n%s", src, want)
	}
	q, err := Parse("ocr-lines.tsv", src)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", q, p)
	}
	if l, ok := q.Line(3); !ok || l.Box.Min.Y != 152 {
		t.Errorf("Line(3) = %+v, %v", l, ok)
	}
	if _, ok := q.Line(2); ok {
		t.Error("Line(2) found a line the page has no geometry for")
	}
}

func TestParseRefuses(t *testing.T) {
	head := Header + "image\ta.png\t100\t100\n" + columns + "\n"
	for _, tc := range []struct {
		name, src string
		line      int
		says      string
	}{
		{"no image row", Header + columns + "\n", 2, "image row"},
		{"bad size", Header + "image\ta.png\twide\t100\n", 2, "whole numbers"},
		{"no heads", Header + "image\ta.png\t1\t1\n", 2, "column heads"},
		{"wrong heads", Header + "image\ta.png\t1\t1\nline\tbox\n", 3, "column heads"},
		{"few fields", head + "1\t0,0,1,1\n", 4, "6 tab-separated"},
		{"empty box", head + "1\t5,5,5,9\t-\t-\t-\t-\n", 4, "empty"},
		{"bad point", head + "1\t0,0,9,9\t1;2\t-\t-\t-\n", 4, "not a point"},
		{"conf above 1", head + "1\t0,0,9,9\t-\t-\t1.5\t-\n", 4, "from 0 to 1"},
		{"out of order", head + "2\t0,0,9,9\t-\t-\t-\t-\n1\t0,0,9,9\t-\t-\t-\t-\n", 5, "in order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("ocr-lines.tsv", []byte(tc.src))
			var pr *problem.Problem
			if !errors.As(err, &pr) || pr.Line != tc.line || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("Parse: %v; want line %d saying %q", err, tc.line, tc.says)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(Header + "image\ta.png\t10\t10\n" + columns + "\n1\t0,0,9,9\t0,0 9,9\t0,5 9,5\t0.5\t0.1 0.9\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("f", src)
		if err != nil {
			return
		}
		q, err := Parse("f", p.Encode())
		if err != nil || !reflect.DeepEqual(p, q) {
			t.Fatalf("encode of a parsed file does not parse back: %v", err)
		}
	})
}
